// The interface in English, Russian and Uzbek through @grammyjs/i18n (Fluent files in locales/). The
// reply language is, in order: the language a question is written in (a Russian question gets a Russian
// reply), the one chosen with /language (kept in the session: ctx.session.__language_code, so in Redis
// when it is on), the user's Telegram language_code, English. Quotes from the library stay English.
// src/bot/bot.ts installs the plugin after the session and puts the negotiated language on ctx.words;
// an answer read as Russian or Uzbek by the engine (Answer.lang) is framed in that language.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { I18n, type I18nFlavor } from '@grammyjs/i18n';
import type { Context } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { detectLang } from '../lang/detect.js';

export const LOCALES = ['en', 'ru', 'uz'] as const;
export type Locale = (typeof LOCALES)[number];
export type I18nContext = Context & I18nFlavor;

const LOCALE_DIRS = [
  // src/bot → locales (tsx, tests); dist/ → locales (the bundle).
  new URL('../../locales/', import.meta.url),
  new URL('../locales/', import.meta.url),
];

export function localesDir(): string {
  const dir = LOCALE_DIRS.find((d) => fs.existsSync(new URL('en.ftl', d)));
  if (!dir) throw new Error('locales/en.ftl not found');
  // Without the trailing slash: the plugin cuts this prefix off each file path to name its locale.
  return fileURLToPath(dir).replace(/[\\/]+$/, '');
}

// Telegram's language_code is an IETF tag ("ru", "uz", "en-GB"). Kazakh, Kyrgyz, Tajik, Turkmen,
// Belarusian and Ukrainian interfaces mostly belong to readers who read Russian as their second
// language in this region: they get Russian rather than English.
const RUSSIAN_READERS = new Set(['ru', 'kk', 'ky', 'tg', 'tk', 'be', 'uk']);

/** The interface locale for a Telegram language_code, or undefined when none fits. */
export function localeOfCode(code: string | undefined): Locale | undefined {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  if (!base) return undefined;
  if (base === 'uz') return 'uz';
  if (base === 'en') return 'en';
  return RUSSIAN_READERS.has(base) ? 'ru' : undefined;
}

/** The language a message is written in, when it is a question (not a command, not a word or two). */
export function localeOfQuestion(text: string | undefined): Locale | undefined {
  const t = text?.trim();
  if (!t || t.startsWith('/')) return undefined;
  const lang = detectLang(t);
  if (lang === 'ru') return 'ru';
  if (lang === 'uz-Latn' || lang === 'uz-Cyrl') return 'uz';
  // A short English message ("ok", "Tokyo") says little about the reader's language.
  return (t.match(/\p{L}+/gu) ?? []).length >= 3 ? 'en' : undefined;
}

/** The i18n plugin over locales/, with the negotiation described at the top of this file. */
export function createI18n<C extends Context = Context>(): I18n<C> {
  return new I18n<C>({
    defaultLocale: 'en',
    directory: localesDir(),
    useSession: true,
    // No Unicode isolation marks around placeholders: Telegram shows plain text, and the marks would
    // break copying and searching a figure or a name out of a reply.
    fluentBundleOptions: { useIsolating: false },
    // The whole order is decided here, so the regional rule for language_code ("kk" → ru) applies and
    // a /language choice still beats it.
    localeNegotiator: async (ctx) => {
      const text = ctx.message?.text ?? ctx.editedMessage?.text;
      const asked = localeOfQuestion(text);
      if (asked) return asked;
      return fallbackLocale(await sessionLocale(ctx), ctx.from?.language_code);
    },
  });
}

// The session may be lazy (a promise) or absent (inline queries, channel posts).
async function sessionLocale(ctx: Context): Promise<string | undefined> {
  try {
    const session = await (ctx as { session?: unknown }).session;
    const code = (session as { __language_code?: unknown } | undefined)?.__language_code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    // No session for this update: reading it throws in grammY.
    return undefined;
  }
}

/** The interface locale a plugin-less caller should use: session choice, then language_code, then English. */
export function fallbackLocale(sessionLocale: string | undefined, code: string | undefined): Locale {
  const chosen = LOCALES.find((l) => l === sessionLocale);
  return chosen ?? localeOfCode(code) ?? 'en';
}

/** `/language ru` or a button: stores the choice in the session and replies in the new language. */
export async function setLanguage(ctx: I18nContext, locale: Locale): Promise<string> {
  await ctx.i18n.setLocale(locale);
  return ctx.t('language-set');
}

/** Callback data of the language buttons: "lang:ru". */
export const LANGUAGE_CALLBACK = /^lang:(en|ru|uz)$/;

/** The language buttons, each labelled in its own language. */
export function languageButtons(i18n: I18n): { text: string; callback_data: string }[][] {
  return [LOCALES.map((l) => ({ text: i18n.t(l, 'language-name'), callback_data: `lang:${l}` }))];
}

const PRIVATE = ['start', 'help', 'ask', 'timeline', 'figures', 'sources', 'about', 'language', 'cancel'];
const GROUP = ['ask', 'timeline', 'figures', 'sources', 'help'];

/**
 * The command menus per language, for `setMyCommands(commands, { scope, language_code })`: English is
 * the default menu (no language_code), Russian and Uzbek are registered for their language codes.
 */
export function commandMenus(i18n: I18n): {
  language_code?: Locale;
  private: BotCommand[];
  group: BotCommand[];
}[] {
  return LOCALES.map((l) => ({
    ...(l === 'en' ? {} : { language_code: l }),
    private: PRIVATE.map((command) => ({ command, description: i18n.t(l, `cmd-${command}`) })),
    group: GROUP.map((command) => ({ command, description: i18n.t(l, `cmd-group-${command}`) })),
  }));
}

// The bot's own words live in src/bot/texts.ts as TEXT and LABEL; each entry has a message here named
// after it: TEXT.askPromptPrivate is "text-ask-prompt-private", LABEL.allEvents is "label-all-events"
// (function arguments become Fluent variables: tooLong(length, most) → $length, $most).
export const TEXT_NAMES = [
  'notAQuestion',
  'notWords',
  'tooLong',
  'stale',
  'unknownButton',
  'passageGone',
  'passageNeedsChat',
  'cancelled',
  'nothingToCancel',
  'unknownCommand',
  'textOnly',
  'askAfterMention',
  'askPromptPrivate',
  'askPromptGroup',
  'askAsText',
  'askPlaceholder',
  'inlineKeepTyping',
  'inlineNothingYet',
] as const;
export const LABEL_NAMES = [
  'passage',
  'more',
  'sources',
  'backToAnswer',
  'back',
  'next',
  'cancel',
  'prevPage',
  'nextPage',
  'allEvents',
  'allFigures',
  'active',
] as const;

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/** The message id of a TEXT entry ("askPromptPrivate" → "text-ask-prompt-private"). */
export const textKey = (name: string) => `text-${kebab(name)}`;
/** The message id of a LABEL entry ("allEvents" → "label-all-events"). */
export const labelKey = (name: string) => `label-${kebab(name)}`;

/** A language's words, for code that has no context (the renderer, pure composition, press notices). */
export interface Words {
  locale: Locale;
  t(key: string, vars?: Record<string, string | number>): string;
}

// One plugin instance for the whole process: the Fluent files are read once, not per message.
let shared: I18n | undefined;
export function sharedI18n(): I18n {
  shared ??= createI18n();
  return shared;
}

const wordsCache = new Map<Locale, Words>();
/** The words of one locale (English by default). */
export function wordsFor(locale: Locale = 'en'): Words {
  let w = wordsCache.get(locale);
  if (!w) {
    const i18n = sharedI18n();
    w = { locale, t: (key, vars) => i18n.t(locale, key, vars) };
    wordsCache.set(locale, w);
  }
  return w;
}

/** The interface locale of an Answer's `lang` ("ru", "uz-Latn", "uz-Cyrl"), if it names one. */
export function localeOfLang(lang: string | undefined): Locale | undefined {
  if (!lang) return undefined;
  if (lang === 'ru') return 'ru';
  if (lang.startsWith('uz')) return 'uz';
  return lang === 'en' ? 'en' : undefined;
}

/** Narrows whatever the plugin negotiated (a session may hold an old or odd value) to a locale. */
export function asLocale(code: string | undefined): Locale {
  return LOCALES.find((l) => l === code) ?? localeOfCode(code) ?? 'en';
}
