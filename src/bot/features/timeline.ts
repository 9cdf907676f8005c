// /timeline [filter]: the library's dated events. With no filter it starts a conversation that offers
// periods and countries as buttons (conversations/timeline.ts).
import { Composer, InlineKeyboard } from 'grammy';
import { cleanUserText, renderEvents, toMessages } from '../../render/telegram.js';
import type { Engine, Event } from '../../types.js';
import { sendAll } from '../answering.js';
import { encodeAction, type CallbackKeys } from '../callback-data.js';
import type { BotContext } from '../context.js';

/** In a group, a list answers the command that asked for it. */
export function replyTarget(ctx: BotContext): number | undefined {
  return ctx.chat?.type !== 'private' && ctx.message ? ctx.message.message_id : undefined;
}

export async function sendTimeline(ctx: BotContext, filter: string): Promise<void> {
  const f = cleanUserText(filter).slice(0, 200);
  const events = ctx.desk.engine.timeline(f || undefined);
  await sendAll(ctx, toMessages(renderEvents(events, f || undefined)), { replyTo: replyTarget(ctx) });
}

/** Periods that split the events into a few spans of similar size. */
export function periodsOf(events: Event[], most = 4): string[] {
  const years = events
    .map((e) => Number(e.date.slice(0, 4)))
    .filter((y) => Number.isFinite(y))
    .sort((a, b) => a - b);
  const distinct = [...new Set(years)];
  if (distinct.length <= most) return distinct.map(String);
  const periods: string[] = [];
  const per = Math.ceil(years.length / most);
  let start = years[0];
  let count = 0;
  for (const [k, y] of years.entries()) {
    count++;
    const nextYear = years[k + 1];
    if (nextYear === undefined || (count >= per && nextYear !== y)) {
      periods.push(start === y ? String(y) : `${start}-${y}`);
      if (nextYear !== undefined) start = nextYear;
      count = 0;
    }
  }
  return periods;
}

/** Countries most events involve, most frequent first. */
export function countriesOf(events: Event[], most = 6): string[] {
  const counts = new Map<string, number>();
  for (const e of events) for (const c of e.countries ?? []) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, most)
    .map(([c]) => c);
}

/** The timeline picker: periods, countries, everything, and cancel; undefined when there are no events. */
export function timelinePicker(engine: Engine, keys: CallbackKeys): InlineKeyboard | undefined {
  const events = engine.timeline();
  if (!events.length) return undefined;
  const kb = new InlineKeyboard();
  const button = (label: string, filter: string) =>
    kb.text(label, encodeAction({ kind: 'timeline', filter }, keys));
  periodsOf(events).forEach((p, k) => {
    button(p.replace('-', '–'), p);
    if (k % 2 === 1) kb.row();
  });
  kb.row();
  countriesOf(events).forEach((c, k) => {
    button(c, c);
    if (k % 3 === 2) kb.row();
  });
  kb.row();
  button(`All ${events.length} events`, '');
  kb.text('✖ Cancel', encodeAction({ kind: 'cancel' }, keys));
  return kb;
}

/** The picker's question, with the span the timeline covers. */
export function pickerText(events: Event[]): string {
  const sorted = [...events].sort((a, b) => a.date.localeCompare(b.date));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const span = first && last ? `, from ${first.dateText || first.date} to ${last.dateText || last.date}` : '';
  return `🗓 The library has ${events.length} dated event${events.length === 1 ? '' : 's'}${span}.\nPick a period or a country (or type /timeline 2019-2022, /timeline Uzbekistan).`;
}

/** Shows the timeline for a pressed filter, closing the picker it was pressed on. */
export async function showPickedTimeline(ctx: BotContext, filter: string): Promise<void> {
  await ctx.answerCallbackQuery().catch(() => undefined);
  const label = filter ? filter.replace('-', '–') : 'all events';
  await ctx
    .editMessageText(`🗓 Picked: ${label}`, { reply_markup: { inline_keyboard: [] } })
    .catch(() => undefined);
  await sendTimeline(ctx, filter);
}

export const timelineFeature = new Composer<BotContext>();

timelineFeature.command('timeline', async (ctx) => {
  if (cleanUserText(ctx.match)) return sendTimeline(ctx, ctx.match);
  await ctx.conversation.exitAll();
  await ctx.conversation.enter('timeline');
});
