// /start, /help and /about: what the bot is, what it knows, and how to use it in each kind of chat,
// in the reader's language (locales/*.ftl). The example questions on /start stay English: they are
// the library's own wording, and an answer to them quotes it.
import { b, fmt } from '@grammyjs/parse-mode';
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { button, keyboard } from '../keyboards.js';

export const startFeature = new Composer<BotContext>();

startFeature.command('start', async (ctx) => {
  const me = ctx.me.username;
  const w = ctx.words;
  // One example a row, each short enough to read whole on a phone.
  const kb = keyboard(
    ctx.desk.examples.map((q, n) => [button(q, { kind: 'example', index: n }, ctx.desk.keys)]),
  );
  const articles = ctx.desk.engine.articles().length;
  const group = ctx.chat.type === 'private' ? '' : `\n${w.t('start-group', { me })}`;
  const text = fmt`👋 ${b}${w.t('start-title')}${b}: ${w.t('start-intro', { articles })}

${w.t(kb ? 'start-ask-examples' : 'start-ask')}

/timeline · /figures · /sources · /language · /help${group}`;
  await ctx.reply(text.text, {
    entities: text.entities,
    reply_markup: kb,
    link_preview_options: { is_disabled: true },
  });
});

startFeature.command('help', async (ctx) => {
  const w = ctx.words;
  const text = fmt`${b}${w.t('help-title')}${b}
${w.t('help-text', { me: ctx.me.username })}`;
  await ctx.reply(text.text, { entities: text.entities, link_preview_options: { is_disabled: true } });
});

startFeature.command('about', async (ctx) => {
  const w = ctx.words;
  const text = fmt`${b}${w.t('about-title')}${b}
${w.t('about-text', { articles: ctx.desk.engine.articles().length })}`;
  await ctx.reply(text.text, { entities: text.entities, link_preview_options: { is_disabled: true } });
});
