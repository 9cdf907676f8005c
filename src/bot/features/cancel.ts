// A cancel always works: /cancel and the ✖ Cancel button end whatever conversation is waiting. This
// composer sits before the conversations, so a waiting conversation never swallows the cancel. (The
// press itself was acknowledged, with "Cancelled.", by src/bot/presses.ts.)
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { replyPlain, replyTarget } from '../reply.js';
import { textsOf } from '../texts.js';

export const cancelFeature = new Composer<BotContext>();

cancelFeature.command('cancel', async (ctx) => {
  const active = Object.keys(ctx.conversation.active()).length;
  await ctx.conversation.exitAll();
  const TEXT = textsOf(ctx.words);
  await replyPlain(ctx, active ? TEXT.cancelled : TEXT.nothingToCancel, { replyTo: replyTarget(ctx) });
});

cancelFeature.callbackQuery('x', async (ctx) => {
  await ctx.conversation.exitAll();
  // The buttons of the prompt go; its text stays, so the chat still reads sensibly.
  await ctx.editMessageReplyMarkup().catch(() => undefined);
});
