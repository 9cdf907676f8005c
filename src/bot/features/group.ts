// Groups and supergroups (privacy mode on): the bot answers a mention (`@bot question`) and a reply to
// one of its own messages (a follow-up), always as a reply to the asking message and inside its forum
// topic; every other message is left alone. Commands are served by their own features before this.
import { Composer } from 'grammy';
import { addressedInGroup, answerMessage } from '../answering.js';
import type { BotContext } from '../context.js';
import { replyPlain } from '../reply.js';
import { textsOf } from '../texts.js';

export const groupFeature = new Composer<BotContext>();

const groups = groupFeature.chatType(['group', 'supergroup']);

groups.on('message:text', async (ctx) => {
  const msg = ctx.msg;
  if (msg.text.startsWith('/')) return; // a command for another bot, or one we do not have
  const question = await addressedInGroup(ctx, msg);
  if (question === undefined) return; // ordinary chatter: not for us
  if (!question.trim()) {
    await replyPlain(ctx, textsOf(ctx.words).askAfterMention(ctx.me.username), { replyTo: msg.message_id });
    return;
  }
  return answerMessage(ctx, msg, question, { replyTo: msg.message_id });
});
