// /sources: the library itself, every article with its publication and date.
import { Composer } from 'grammy';
import { renderLibrary, toMessages } from '../../render/telegram.js';
import type { BotContext } from '../context.js';
import { replyTarget, sendAll } from '../reply.js';

export const sourcesFeature = new Composer<BotContext>();

sourcesFeature.command('sources', async (ctx) => {
  await sendAll(ctx, toMessages(renderLibrary(ctx.desk.engine.articles(), ctx.words)), {
    replyTo: replyTarget(ctx),
  });
});
