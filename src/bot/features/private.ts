// Private chats, after every command: any text is a question (a reply to one of the bot's answers is
// a follow-up); an unknown command or a non-text message gets a short pointer instead.
import { Composer } from 'grammy';
import { answerMessage } from '../answering.js';
import type { BotContext } from '../context.js';
import { textsOf } from '../texts.js';

export const privateFeature = new Composer<BotContext>();

const privateChat = privateFeature.chatType('private');

privateChat.on('message:text', async (ctx) => {
  if (/^\/[A-Za-z0-9_]/.test(ctx.msg.text)) return ctx.reply(textsOf(ctx.words).unknownCommand);
  return answerMessage(ctx, ctx.msg, ctx.msg.text);
});

privateChat.on('message', (ctx) => ctx.reply(textsOf(ctx.words).textOnly));
