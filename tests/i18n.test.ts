// The interface languages: every locale file carries the same messages with the same placeholders,
// each formats cleanly, the reply language is negotiated as documented, and dates read naturally.
import fs from 'node:fs';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import type { Context } from 'grammy';
import { describe, expect, it } from 'vitest';
import {
  commandMenus,
  createI18n,
  fallbackLocale,
  type I18nContext,
  LABEL_NAMES,
  LANGUAGE_CALLBACK,
  languageButtons,
  LOCALES,
  labelKey,
  localeOfCode,
  localeOfQuestion,
  localesDir,
  setLanguage,
  TEXT_NAMES,
  textKey,
} from '../src/bot/i18n.js';
import { formatDate, formatDateRange } from '../src/lang/dates.js';

const dir = localesDir();
const resources = Object.fromEntries(
  LOCALES.map((l) => [l, new FluentResource(fs.readFileSync(`${dir}/${l}.ftl`, 'utf8'))]),
);

type Node = { type?: string; name?: string; [k: string]: unknown };
// Placeholders ($name) a message uses, found by walking its syntax tree.
function variables(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) variables(n, out);
  else if (node && typeof node === 'object') {
    const n = node as Node;
    if (n.type === 'var' && typeof n.name === 'string') out.add(n.name);
    for (const v of Object.values(n)) variables(v, out);
  }
  return out;
}

function messages(locale: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of resources[locale].body) out.set(m.id, variables(m.value));
  return out;
}

describe('locale files', () => {
  const en = messages('en');

  it('parse without junk and have a good number of messages', () => {
    for (const l of LOCALES) {
      const text = fs.readFileSync(`${dir}/${l}.ftl`, 'utf8');
      const bundle = new FluentBundle(l);
      expect(bundle.addResource(new FluentResource(text))).toEqual([]);
    }
    expect(en.size).toBeGreaterThan(60);
  });

  it.each(LOCALES.filter((l) => l !== 'en'))(
    '%s has exactly the English keys, with the same placeholders',
    (l) => {
      const other = messages(l);
      expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
      for (const [id, vars] of en)
        expect([...(other.get(id) ?? [])].sort(), `${l} ${id}`).toEqual([...vars].sort());
    },
  );

  it.each(LOCALES)('%s formats every message without errors', (l) => {
    const bundle = new FluentBundle(l, { useIsolating: false });
    bundle.addResource(resources[l]);
    for (const [id, vars] of en) {
      const message = bundle.getMessage(id);
      expect(message?.value, `${l} ${id}`).toBeTruthy();
      const args = Object.fromEntries([...vars].map((v) => [v, 3]));
      const errors: Error[] = [];
      const text = bundle.formatPattern(message!.value!, args, errors);
      expect(errors, `${l} ${id}`).toEqual([]);
      expect(text.trim().length).toBeGreaterThan(0);
    }
  });

  it('has a message for each of the bot’s own words (TEXT and LABEL of src/bot/texts.ts)', () => {
    expect(textKey('askPromptPrivate')).toBe('text-ask-prompt-private');
    for (const name of TEXT_NAMES) expect(en.has(textKey(name)), name).toBe(true);
    for (const name of LABEL_NAMES) expect(en.has(labelKey(name)), name).toBe(true);
    expect([...(en.get('text-too-long') ?? [])].sort()).toEqual(['length', 'most']);
  });

  it('is really translated: Russian in Cyrillic, Uzbek in Latin with its oʻ', () => {
    const i18n = createI18n();
    expect(i18n.t('ru', 'text-ask-prompt-private')).toMatch(/\p{Script=Cyrillic}/u);
    expect(i18n.t('uz', 'text-ask-prompt-private')).not.toMatch(/\p{Script=Cyrillic}/u);
    expect(i18n.t('uz', 'text-ask-prompt-private')).not.toBe(i18n.t('en', 'text-ask-prompt-private'));
    expect(i18n.t('ru', 'sources-title', { count: 5 })).toContain('5 статей');
    expect(i18n.t('ru', 'sources-title', { count: 3 })).toContain('3 статьи');
  });

  it('gives a command menu per language within Telegram’s limits', () => {
    const menus = commandMenus(createI18n());
    expect(menus.map((m) => m.language_code ?? 'default')).toEqual(['default', 'ru', 'uz']);
    for (const m of menus) {
      for (const c of [...m.private, ...m.group]) {
        expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
        expect(c.description.length).toBeGreaterThanOrEqual(3);
        expect(c.description.length).toBeLessThanOrEqual(256);
      }
    }
    expect(menus[1].private.find((c) => c.command === 'ask')?.description).toMatch(/вопрос/);
  });
});

describe('reply language', () => {
  it('maps Telegram language codes, Russian for the region’s other interfaces', () => {
    expect(localeOfCode('en-GB')).toBe('en');
    expect(localeOfCode('ru')).toBe('ru');
    expect(localeOfCode('uz')).toBe('uz');
    expect(localeOfCode('kk')).toBe('ru');
    expect(localeOfCode('fr')).toBeUndefined();
    expect(fallbackLocale(undefined, 'fr')).toBe('en');
    expect(fallbackLocale('uz', 'ru')).toBe('uz');
  });

  it('follows the language a question is written in', () => {
    expect(localeOfQuestion('Когда был первый саммит?')).toBe('ru');
    expect(localeOfQuestion('Birinchi sammit qachon boʻlgan?')).toBe('uz');
    expect(localeOfQuestion('Биринчи саммит қачон бўлган?')).toBe('uz');
    expect(localeOfQuestion('When was the first summit?')).toBe('en');
    expect(localeOfQuestion('/timeline')).toBeUndefined();
    expect(localeOfQuestion('ok')).toBeUndefined();
  });

  async function negotiated(update: { text?: string; code?: string; session?: object }): Promise<string> {
    const ctx = {
      message: update.text ? { text: update.text } : undefined,
      from: { id: 1, is_bot: false, first_name: 'A', language_code: update.code },
      session: update.session,
    } as unknown as Context;
    await createI18n().middleware()(ctx as I18nContext, async () => {});
    return (ctx as I18nContext).i18n.getLocale();
  }

  it('negotiates: question, then /language in the session, then language_code, then English', async () => {
    expect(await negotiated({ text: 'Что такое диалог ЦА + Япония?', code: 'en', session: {} })).toBe('ru');
    expect(await negotiated({ code: 'en', session: { __language_code: 'uz' } })).toBe('uz');
    expect(await negotiated({ code: 'kk', session: {} })).toBe('ru');
    expect(await negotiated({ code: 'de' })).toBe('en');
  });
});

describe('/language', () => {
  it('offers each language in its own name, and keeps the choice in the session', async () => {
    const i18n = createI18n();
    const buttons = languageButtons(i18n).flat();
    expect(buttons.map((b) => b.text)).toEqual(['English', 'Русский', 'Oʻzbekcha']);
    for (const b of buttons) expect(b.callback_data).toMatch(LANGUAGE_CALLBACK);
    const session: { __language_code?: string } = {};
    const ctx = { from: { id: 1, is_bot: false, first_name: 'A', language_code: 'en' }, session };
    await i18n.middleware()(ctx as unknown as I18nContext, async () => {
      expect(await setLanguage(ctx as unknown as I18nContext, 'ru')).toBe('Теперь я отвечаю по-русски.');
    });
    expect(session.__language_code).toBe('ru');
  });
});

describe('localized dates', () => {
  it.each([
    ['2025-12-20', 'en', '20 December 2025'],
    ['2025-12-20', 'ru', '20 декабря 2025'],
    ['2025-12-20', 'uz', '20-dekabr 2025'],
    ['2025-12-20', 'uz-Cyrl', '20-декабр 2025'],
    ['2024-04', 'ru', 'апрель 2024'],
    ['2024-04', 'uz', '2024-yil aprel'],
    ['2019', 'ru', '2019'],
    ['soon', 'ru', 'soon'],
  ] as const)('%s in %s: %s', (date, locale, text) => {
    expect(formatDate(date, locale)).toBe(text);
  });

  it('writes a span within one month once', () => {
    expect(formatDateRange('2025-12-18', '2025-12-20', 'ru')).toBe('18–20 декабря 2025');
    expect(formatDateRange('2025-12-18', '2025-12-20', 'uz')).toBe('18–20-dekabr 2025');
    expect(formatDateRange('2022-04', '2023-03', 'en')).toBe('April 2022 – March 2023');
  });
});
