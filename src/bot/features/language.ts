// /language: the reader picks the language of the bot's replies (English, Русский, Oʻzbekcha) with a
// button, or types it (/language ru, /language oʻzbekcha). The choice is kept in the session, so it
// lasts (in Redis when REDIS_URL is set) and beats Telegram's language_code; a question written in
// another language still gets its reply in that language.
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { LANGUAGE_CALLBACK, LOCALES, languageButtons, sharedI18n, wordsFor, type Locale } from '../i18n.js';
import { replyTarget, replyTo } from '../reply.js';

export const languageFeature = new Composer<BotContext>();

// What people type after /language: the code, or the language's name in any of the three languages.
const NAMES: Record<string, Locale> = {
  en: 'en',
  english: 'en',
  английский: 'en',
  ingliz: 'en',
  inglizcha: 'en',
  ru: 'ru',
  russian: 'ru',
  русский: 'ru',
  rus: 'ru',
  ruscha: 'ru',
  uz: 'uz',
  uzbek: 'uz',
  узбекский: 'uz',
  ozbek: 'uz',
  ozbekcha: 'uz',
  ўзбекча: 'uz',
};

function localeNamed(text: string): Locale | undefined {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[ʻʼ'‘’`]/g, '');
  return LOCALES.find((l) => l === word) ?? NAMES[word];
}

async function choose(ctx: BotContext, locale: Locale): Promise<string> {
  await ctx.i18n.setLocale(locale);
  // The lazy session is written back only when assigned: assign it so the choice is stored.
  ctx.session = await ctx.session;
  ctx.words = wordsFor(locale);
  return ctx.t('language-set');
}

languageFeature.command('language', async (ctx) => {
  const asked = ctx.match ? localeNamed(ctx.match) : undefined;
  if (asked) {
    await ctx.reply(await choose(ctx, asked), { reply_parameters: replyTo(replyTarget(ctx)) });
    return;
  }
  await ctx.reply(`${ctx.t('language-current')}\n${ctx.t('language-prompt')}`, {
    reply_markup: { inline_keyboard: languageButtons(sharedI18n()) },
    reply_parameters: replyTo(replyTarget(ctx)),
  });
});

// The press was acknowledged already (src/bot/presses.ts), in the chosen language.
languageFeature.callbackQuery(LANGUAGE_CALLBACK, async (ctx) => {
  const locale = ctx.match[1] as Locale;
  const text = await choose(ctx, locale);
  await ctx.editMessageText(text).catch(() => undefined);
});
