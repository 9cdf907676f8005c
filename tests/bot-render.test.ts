// The Telegram renderer and the button data, without a network: splitting at 4096, entities that
// stay inside their text, user text that can never become markup, and callback data within 64 bytes.
import { describe, expect, it } from 'vitest';
import { FormattedString } from '@grammyjs/parse-mode';
import { openEngine } from '../src/answer/engine.js';
import { composeList } from '../src/bot/lists.js';
import type { Engine, Event } from '../src/types.js';
import { MemorySessionStorage } from 'grammy';
import {
  CallbackKeys,
  decodeAction,
  encodeAction,
  type Action,
  type KeyRecord,
} from '../src/bot/callback-data.js';
import { entitiesToPlain } from '../src/cli/chat.js';
import {
  cleanUserText,
  renderAnswer,
  renderPassage,
  toMessages,
  toSingleMessage,
} from '../src/render/telegram.js';

const engine = openEngine('corpus').engine;

function entitiesInside(m: { text: string; entities: { offset: number; length: number }[] }) {
  for (const e of m.entities) {
    expect(e.length).toBeGreaterThan(0);
    expect(e.offset + e.length).toBeLessThanOrEqual(m.text.length);
  }
}

describe('splitting into messages', () => {
  it('packs paragraphs into messages of at most 4096 characters, cutting only between them', () => {
    const paragraphs = Array.from({ length: 30 }, (_, k) =>
      FormattedString.b(`Paragraph ${k}. `).plain('word '.repeat(60)),
    );
    const messages = toMessages(paragraphs);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.text.length).toBeLessThanOrEqual(4096);
      expect(m.text.startsWith('Paragraph ')).toBe(true);
      entitiesInside(m);
    }
    const total = messages.map((m) => m.text).join('\n\n');
    expect(total).toBe(paragraphs.map((p) => p.text.trim()).join('\n\n'));
  });

  it('splits one enormous paragraph at sentence or word boundaries, keeping its formatting', () => {
    const huge = FormattedString.i('This is a sentence that goes on. '.repeat(400));
    const messages = toMessages([huge]);
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) {
      expect(m.text.length).toBeLessThanOrEqual(4096);
      expect(m.text.endsWith('.')).toBe(true);
      expect(m.entities[0]).toMatchObject({ type: 'italic', offset: 0 });
      entitiesInside(m);
    }
  });

  it('cuts a word longer than a message without splitting an emoji in half', () => {
    const messages = toMessages([new FormattedString('😀'.repeat(3000))]);
    for (const m of messages) {
      expect(m.text.length).toBeLessThanOrEqual(4096);
      expect(m.text).not.toMatch(/[\uD800-\uDBFF]$/);
    }
    expect(messages.map((m) => m.text).join('')).toBe('😀'.repeat(3000));
  });

  it('a single-message rendering (edits, inline results) always fits', () => {
    const huge = Array.from({ length: 40 }, () => new FormattedString('x '.repeat(200)));
    expect(toSingleMessage(huge).text.length).toBeLessThanOrEqual(4096);
  });
});

describe('answers', () => {
  it('quote first, then the cited snippets and the sources; verbatim snippets', () => {
    const answer = engine.answer('When did the Central Asia + Japan dialogue get started?');
    const [m] = toMessages(renderAnswer(answer, { question: answer.query }));
    for (const c of answer.citations) expect(m.text).toContain(c.snippet);
    expect(m.text.indexOf(answer.citations[0].snippet)).toBeLessThan(m.text.indexOf('Sources'));
    expect(m.entities.some((e) => e.type === 'blockquote')).toBe(true);
    entitiesInside(m);
  });

  it('markup typed by a user stays text: no entity comes from it', () => {
    const question = '<b>x</b> *y* [z](http://evil.example) `w`';
    const answer = engine.answer(question);
    const [m] = toMessages(renderAnswer(answer, { question }));
    expect(m.text).toContain('<b>x</b> *y* [z](http://evil.example) `w`');
    expect(m.entities.every((e) => e.type === 'bold' || e.type === 'blockquote' || e.type === 'italic')).toBe(
      true,
    );
    expect(m.text).toMatch(/The library has nothing on this/);
  });

  it('control and direction characters never reach a message', () => {
    expect(cleanUserText('a\u0000b\u202Ec\u200Bd\u0007\ne\uD800')).toBe('a b c d e');
  });
});

describe('callback data', () => {
  it('round-trips every action within 64 bytes, keys standing in for long payloads', async () => {
    const keys = new CallbackKeys();
    const long =
      'Which Japanese companies have representative offices in Uzbekistan, and since when? '.repeat(3);
    const actions: Action[] = [
      { kind: 'page', question: long, offset: 6 },
      { kind: 'page', question: 'short?', offset: 0 },
      { kind: 'page', question: 'and in 2024?', previous: ['What was the trade in 2023?'], offset: 0 },
      { kind: 'sources', question: 'Что? 日本と中央アジア'.repeat(5) },
      { kind: 'passage', chunkId: 'uzbekistan-japan-expert-dialogue-2024#7', n: 2 },
      {
        kind: 'passage',
        chunkId: 'uzbekistan-japan-expert-dialogue-2024#7',
        n: 1,
        snippet: 'In 2023, their total trade turnover amounted to $230mn.',
      },
      { kind: 'timeline', filter: '' },
      { kind: 'timeline', filter: '2019-2022' },
      { kind: 'timeline', filter: 'Uzbekistan', page: 2 },
      { kind: 'figures', filter: '', page: 1 },
      { kind: 'example', index: 3 },
      { kind: 'cancel' },
    ];
    for (const a of actions) {
      const data = encodeAction(a, keys);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(await decodeAction(data, keys)).toEqual(a);
    }
  });

  it('a key issued by one instance is served by another sharing the storage, until it expires', async () => {
    const shared = new MemorySessionStorage<KeyRecord>();
    const one = new CallbackKeys({ storage: shared });
    const data = encodeAction({ kind: 'sources', question: 'q'.repeat(100) }, one);
    await one.flush();
    // A second instance, or this one restarted: nothing in its memory, the storage has the key.
    expect(await decodeAction(data, new CallbackKeys({ storage: shared }))).toEqual({
      kind: 'sources',
      question: 'q'.repeat(100),
    });
    // Without the shared storage the key means nothing: a polite "expired", never a guess.
    expect(await decodeAction(data, new CallbackKeys())).toEqual({ kind: 'stale' });
    const shortLived = new CallbackKeys({ storage: new MemorySessionStorage<KeyRecord>(), ttlMs: -1 });
    const expired = encodeAction({ kind: 'sources', question: 'r'.repeat(100) }, shortLived);
    expect(await decodeAction(expired, shortLived)).toEqual({ kind: 'stale' });
  });

  it('unknown keys are stale, garbage is unknown, nothing throws', async () => {
    const keys = new CallbackKeys();
    expect(await decodeAction('m1#nope', keys)).toEqual({ kind: 'stale' });
    for (const junk of [
      '',
      'zz',
      'm',
      'p=',
      'e',
      'e1=x',
      '\u0000',
      'x'.repeat(100),
      'p#../../etc',
      undefined,
    ]) {
      expect(['unknown', 'stale']).toContain((await decodeAction(junk, keys)).kind);
    }
  });
});

describe('terminal rendering', () => {
  it('marks quotes and shows link addresses in plain text', () => {
    const text = 'Intro\nquoted line one\nline two\nTitle';
    const plain = entitiesToPlain(text, [
      { type: 'blockquote', offset: 6, length: 24 },
      { type: 'text_link', offset: 31, length: 5, url: 'https://example.org/a' },
    ]);
    expect(plain).toBe('Intro\n│ quoted line one\n│ line two\nTitle <https://example.org/a>');
  });
});

describe('lists', () => {
  it('a long timeline comes in pages of one message, split between entries', async () => {
    const { renderEvents } = await import('../src/render/telegram.js');
    const c = engine.answer('When did the Central Asia + Japan dialogue get started?').citations[0];
    const events = Array.from({ length: 60 }, (_, k) => ({
      date: `${1990 + (k % 30)}`,
      dateText: `${1990 + (k % 30)}`,
      title: `an event with a fairly long description that goes on for a while, number ${k} `
        .repeat(2)
        .trim(),
      citation: c,
    }));
    const messages = renderEvents(events);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages[0].text).toMatch(/page 1 of \d/);
    for (const m of messages) {
      expect(m.text.length).toBeLessThanOrEqual(4096);
      // Every line is whole: it starts with a year and ends with its source mark.
      for (const line of m.text.split('\n').filter((l) => /^\d{4} —/.test(l))) expect(line).toMatch(/\[1\]$/);
      entitiesInside(m);
    }
  });
});

describe('fact cards', () => {
  it('shows a card’s fields and where its sources disagree, each claim with its citation', () => {
    const base = engine.answer('How much did Uzbekistan and Japan trade in 2023?');
    const c1 = base.citations[0];
    const c2 = { ...c1, n: 2, snippet: 'Another report puts it at $231mn.' };
    const answer = {
      ...base,
      citations: [c1, c2],
      cards: [
        {
          kind: 'figure' as const,
          title: 'Trade turnover, Uzbekistan–Japan, 2023',
          fields: { value: '$230mn', period: '2023' },
          citations: [1, 2],
          conflicts: [
            {
              field: 'value',
              claims: [
                { value: '$230mn', citation: c1 },
                { value: '$231mn', citation: c2 },
              ],
            },
          ],
        },
      ],
    };
    const [m] = toMessages(renderAnswer(answer, { question: answer.query }));
    expect(m.text).toContain('📇 Trade turnover, Uzbekistan–Japan, 2023');
    expect(m.text).toMatch(/value: \$230mn/);
    expect(m.text).toMatch(/Sources differ on value: “\$230mn” \[1\] · “\$231mn” \[2\]/);
    entitiesInside(m);
  });
});

describe('fact cards say each thing once', () => {
  it('no field restating the title, no count of sources, one "Sources" per answer', () => {
    for (const q of ['Who is Sanae Takaichi?', 'How much did Uzbekistan and Japan trade in 2023?']) {
      const answer = engine.answer(q);
      expect(answer.cards.length, q).toBeGreaterThan(0);
      const [m] = toMessages(renderAnswer(answer, { question: q }));
      expect(m.text.match(/Sources/g), q).toHaveLength(1);
      expect(m.text, q).not.toMatch(/^(Name|Type|Reports|Measures|Period): /m);
      for (const card of answer.cards) {
        // The card's citation marks stand on its title line instead of a line of their own.
        expect(m.text).toContain(`📇 ${card.title} ${card.citations.map((n) => `[${n}]`).join('')}`);
      }
      entitiesInside(m);
    }
  });

  it('keeps the fields that add something', () => {
    const card = {
      kind: 'entity' as const,
      title: 'Sanae Takaichi',
      fields: {
        Name: 'Sanae Takaichi',
        Type: 'person',
        Role: 'Prime Minister of Japan',
        Reports: '4 sources',
      },
      citations: [2, 1],
    };
    const base = engine.answer('Who is Sanae Takaichi?');
    const [m] = toMessages(renderAnswer({ ...base, cards: [card] }, { question: 'q' }));
    expect(m.text).toContain('📇 Sanae Takaichi [2][1]\nRole: Prime Minister of Japan');
    expect(m.text).not.toMatch(/Name: |Type: |Reports: /);
  });
});

describe('the passage view', () => {
  it('marks the quoted sentence in bold, and only that', () => {
    const answer = engine.answer('How much did Uzbekistan and Japan trade in 2023?');
    const c = answer.citations[0];
    const passage = engine.passage(c.chunkId)!;
    const [m] = toMessages(renderPassage(passage, undefined, c.snippet));
    const bold = m.entities
      .filter((e) => e.type === 'bold')
      .map((e) => m.text.slice(e.offset, e.offset + e.length));
    expect(bold).toEqual([c.snippet]);
    expect(m.text).toContain(passage.text.replace(c.snippet, '').trim().slice(0, 40));
  });
});

describe('list pages and their buttons', () => {
  const c = engine.answer('When did the Central Asia + Japan dialogue get started?').citations[0];
  const events: Event[] = Array.from({ length: 240 }, (_, k) => ({
    date: `${2000 + (k % 25)}`,
    dateText: `${2000 + (k % 25)}`,
    title: `a meeting of some length described in words, number ${k}`,
    citation: c,
    countries: k % 3 ? ['Japan', 'Kazakhstan'] : ['Japan', 'Kyrgyzstan'],
  }));
  const big: Engine = Object.create(engine);
  big.timeline = (filter?: string) =>
    filter ? events.filter((e) => e.date.startsWith(filter) || e.countries!.includes(filter)) : events;
  const keys = new CallbackKeys();
  const labelsOf = (o: { reply_markup?: { inline_keyboard: { text: string }[][] } }) =>
    o.reply_markup!.inline_keyboard.flat().map((b) => b.text);

  it('pages a long timeline oldest first, with previous and next buttons, never an empty row', async () => {
    const first = composeList({ engine: big, keys }, 'timeline', '');
    const pages = Number(/page 1 of (\d+)/.exec(first.text)![1]);
    expect(pages).toBeGreaterThan(1);
    expect(first.reply_markup!.inline_keyboard.every((r) => r.length > 0)).toBe(true);
    expect(labelsOf(first)).toContain('Next ▶');
    expect(labelsOf(first)).not.toContain('◀ Previous');
    // Filters that narrow: a third and two thirds of the events; "Japan" (all of them) is no filter.
    expect(labelsOf(first)).toEqual(expect.arrayContaining(['Kyrgyzstan', 'Kazakhstan']));
    expect(labelsOf(first)).not.toContain('Japan');

    const next = first.reply_markup!.inline_keyboard.flat().find((b) => b.text === 'Next ▶')!;
    const action = await decodeAction((next as { callback_data: string }).callback_data, keys);
    expect(action).toEqual({ kind: 'timeline', filter: '', page: 1 });
    const second = composeList({ engine: big, keys }, 'timeline', '', 1);
    expect(second.text).toMatch(new RegExp(`page 2 of ${pages}`));
    expect(labelsOf(second)).toContain('◀ Previous');
    const years = (t: string) => [...t.matchAll(/^(\d{4}) — /gm)].map((m) => Number(m[1]));
    expect(Math.min(...years(second.text))).toBeGreaterThanOrEqual(Math.max(...years(first.text)));
    const last = composeList({ engine: big, keys }, 'timeline', '', 999);
    expect(last.text).toMatch(new RegExp(`page ${pages} of ${pages}`));
    expect(labelsOf(last)).not.toContain('Next ▶');
    for (const page of [first, second, last]) expect(page.text.length).toBeLessThanOrEqual(4096);
  });
});
