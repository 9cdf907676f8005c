// Private chats, after every command: any text is a question (a reply to one of the bot's answers is
// a follow-up); an unknown command or a non-text message gets a short pointer instead.
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { answerMessage } from './ask.js';

export const privateFeature = new Composer<BotContext>();

const privateChat = privateFeature.chatType('private');

privateChat.on('message:text', async (ctx) => {
  const text = ctx.msg.text;
  if (/^\/[A-Za-z0-9_]/.test(text)) {
    return ctx.reply('I do not know that command. /help lists what I can do; or just send a question.');
  }
  return answerMessage(ctx, text);
});

privateChat.on('message', (ctx) =>
  ctx.reply('I read text only: send your question as a message, e.g. “When did the dialogue start?”'),
);
