// `/ask <question>` anywhere; `/ask` alone asks for the question (conversations/ask.ts).
import { Composer } from 'grammy';
import { replyWithAnswer } from '../answering.js';
import type { BotContext } from '../context.js';
import { replyTarget } from '../reply.js';

export const askFeature = new Composer<BotContext>();

askFeature.command('ask', async (ctx) => {
  if (ctx.match.trim()) {
    return replyWithAnswer(ctx, ctx.match, { replyTo: replyTarget(ctx), asking: ctx.msg.message_id });
  }
  await ctx.conversation.exitAll();
  await ctx.conversation.enter('ask');
});
