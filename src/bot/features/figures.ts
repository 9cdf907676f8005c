// /figures [filter]: amounts and numbers the articles give, each with its source.
import { Composer } from 'grammy';
import { cleanUserText, renderFigures, toMessages } from '../../render/telegram.js';
import { sendAll } from '../answering.js';
import type { BotContext } from '../context.js';
import { replyTarget } from './timeline.js';

export async function sendFigures(ctx: BotContext, filter: string): Promise<void> {
  const f = cleanUserText(filter).slice(0, 200);
  const figures = ctx.desk.engine.figures(f || undefined);
  await sendAll(ctx, toMessages(renderFigures(figures, f || undefined)), { replyTo: replyTarget(ctx) });
}

export const figuresFeature = new Composer<BotContext>();

figuresFeature.command('figures', (ctx) => sendFigures(ctx, ctx.match));
