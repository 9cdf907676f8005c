// /figures [filter]: amounts and numbers the articles give, each with its source, with period and
// country buttons under the list to narrow it (src/bot/lists.ts).
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { composeList } from '../lists.js';
import { replyTarget, sendAll } from '../reply.js';

export const figuresFeature = new Composer<BotContext>();

figuresFeature.command('figures', async (ctx) => {
  await sendAll(ctx, [composeList(ctx.desk, 'figures', ctx.match, 0, ctx.words)], {
    replyTo: replyTarget(ctx),
  });
});
