// /start, /help and /about: what the bot is, what it knows, and how to use it in each kind of chat.
import { b, fmt, i } from '@grammyjs/parse-mode';
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { button, keyboard } from '../keyboards.js';

function librarySpan(ctx: BotContext): string {
  const articles = ctx.desk.engine.articles();
  const years = articles
    .map((a) => a.published?.slice(0, 4))
    .filter((y): y is string => !!y)
    .sort();
  const span = years.length ? ` (${years[0]}${years.at(-1) !== years[0] ? `–${years.at(-1)}` : ''})` : '';
  return `${articles.length} article${articles.length === 1 ? '' : 's'}${span}`;
}

export const startFeature = new Composer<BotContext>();

startFeature.command('start', async (ctx) => {
  const me = ctx.me.username;
  // One example a row, each short enough to read whole on a phone.
  const kb = keyboard(
    ctx.desk.examples.map((q, n) => [button(q, { kind: 'example', index: n }, ctx.desk.keys)]),
  );
  const text = fmt`👋 ${b}Dialogue Desk${b}: questions about Central Asia–Japan relations, answered with verbatim quotes from a library of ${librarySpan(ctx)}, each with its source.

Ask anything in your own words${kb ? ', e.g. the questions below' : ''}. If the library has nothing on it, I say so: no guessing.

/timeline · /figures · /sources · /help${ctx.chat.type === 'private' ? '' : `\nIn this group: /ask@${me} <question>, or mention @${me}.`}`;
  await ctx.reply(text.text, {
    entities: text.entities,
    reply_markup: kb,
    link_preview_options: { is_disabled: true },
  });
});

startFeature.command('help', async (ctx) => {
  const me = ctx.me.username;
  const text = fmt`${b}How to ask${b}
Private chat: just send a question. ${i}/ask <question>${i} works everywhere.
Groups: ${i}/ask@${me} <question>${i}, a mention ${i}@${me} <question>${i}, or a reply to one of my answers (a follow-up). I stay quiet otherwise.
Any chat: type ${i}@${me} <question>${i} to share an answer (inline mode).

${b}Under an answer${b}
📄 [n] the full passage behind a citation · ➕ more passages · 📚 the sources.

${b}Commands${b}
/timeline [filter] — dated events, oldest first; a year (2019), a range (2019-2022) or a country
/figures [filter] — amounts and numbers, e.g. /figures trade
(buttons under a list narrow it to a period or a country)
/sources — the articles in the library
/about — how the answers are made
/cancel — stop what I am waiting for`;
  await ctx.reply(text.text, { entities: text.entities, link_preview_options: { is_disabled: true } });
});

startFeature.command('about', async (ctx) => {
  const text = fmt`${b}About Dialogue Desk${b}
Every answer is quoted word for word from the articles in the library (${librarySpan(ctx)}), with the title, publication and date of its source. Nothing is generated or paraphrased; when no article answers a question, the reply says the library has nothing on it.

Search ranks passages of the articles and picks the sentences that hold what the question asks for (a date, a figure, a name); timelines and figures are read from the same text.`;
  await ctx.reply(text.text, { entities: text.entities, link_preview_options: { is_disabled: true } });
});
