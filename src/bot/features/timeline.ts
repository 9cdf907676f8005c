// /timeline [filter]: the library's dated events at once, oldest first, with period and country
// buttons under the list to narrow it (src/bot/lists.ts).
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { composeList } from '../lists.js';
import { replyTarget, sendAll } from '../reply.js';

export const timelineFeature = new Composer<BotContext>();

timelineFeature.command('timeline', async (ctx) => {
  await sendAll(ctx, [composeList(ctx.desk, 'timeline', ctx.match, 0, ctx.words)], {
    replyTo: replyTarget(ctx),
  });
});
