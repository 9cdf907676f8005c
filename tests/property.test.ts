// Property-based: random (and hostile) updates and text thrown at the deployed bot's `handleUpdate`
// and at the engine. No exception escapes, and every outgoing call is one Telegram would accept.
import fc from 'fast-check';
import type { Update } from 'grammy/types';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../src/answer/engine.js';
import { createBot } from '../src/bot/bot.js';
import { splitSentences } from '../src/corpus/chunk.js';
import { prepareProduction } from '../src/server/production.js';
import type { Engine } from '../src/types.js';
import { BOT_USER } from './helpers/fake-bot-api.js';
import { BOT_INFO, inProcessApi, problemsOf, type Outgoing } from './helpers/outgoing.js';

// Errors the error boundary catches would otherwise pass unnoticed: every error-level line is a failure.
const errorLines: string[] = [];
const logger = pino({ level: 'error' }, { write: (line: string) => void errorLines.push(line) });
let engine: Engine;
let totalCalls = 0;
// Modest by default (CI has 2 cores); PROPERTY_RUNS=2000 for a deeper search.
const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);

beforeAll(() => {
  engine = openEngine('corpus').engine;
});

/** The bot as main.ts assembles it (memory state), with Bot API calls answered in-process. */
async function deployedBot(calls: Outgoing[]) {
  const ref = { engine };
  const production = await prepareProduction(
    {
      RATE_LIMIT_PER_MINUTE: 1000,
      ADMIN_IDS: [7],
      CORPUS_DIR: 'corpus',
      REDIS_URL: undefined,
      WEBHOOK_SECRET: undefined,
    },
    logger,
    ref,
  );
  const bot = createBot({
    token: '123456789:AAHfakeFAKEfakeFAKEfakeFAKEfake12345',
    engine: () => ref.engine,
    botInfo: BOT_INFO,
    logger,
    throttle: false,
    adminIds: [7],
    ...production.botOptions,
    apiTransformers: [...production.botOptions.apiTransformers, inProcessApi(calls)],
  });
  await bot.init();
  return bot;
}

// ---- arbitraries ----

const HOSTILE = [
  '<b>bold</b> <a href="tg://user?id=1">x</a> <script>alert(1)</script>',
  '*bold* _italic_ `code` ```pre``` [link](http://evil.example) ~strike~ ||spoiler||',
  '&amp; &lt; &#x27; \\ \\\\ \\n',
  '.*+?^${}()|[]\\/ (a+)+$ (?:x|y)* \\d{1,}',
  '\u202eevil\u202c \u2066isolate\u2069 \u200f\u200e\u200b\ufeff',
  '\u0000\u0001\u0007\u001b[31mred\u001b[0m\u007f',
  '😀😀😀👨‍👩‍👧🇯🇵👍🏽',
  'a'.repeat(4000),
  'word '.repeat(900),
  'When did the Central Asia plus Japan dialogue start?',
  'How much did Japan invest in Uzbekistan?',
  '@dialogue_desk_bot',
  '/ask',
  '/timeline 2019-2022',
];

const controlChars = fc.string({
  unit: fc.constantFrom(
    '\u0000',
    '\u0008',
    '\u001b',
    '\u202e',
    '\u202d',
    '\u2066',
    '\u2069',
    '\u200b',
    '\u200f',
    '\ufeff',
    '\r',
    '\n',
    '\t',
    'a',
    ' ',
  ),
  maxLength: 60,
});
const regexMeta = fc.string({
  unit: fc.constantFrom(...'.*+?^${}()|[]\\/'.split(''), 'a', ' '),
  maxLength: 80,
});
const emoji = fc.string({
  unit: fc.constantFrom('😀', '👍🏽', '🇯🇵', '👨‍👩‍👧', '❤️', '🕌', '🗾'),
  minLength: 1,
  maxLength: 30,
});
const longWord = fc.integer({ min: 200, max: 5000 }).map((n) => 'x'.repeat(n));
const longText = fc
  .integer({ min: 3900, max: 5000 })
  .map((n) => 'Japan Uzbekistan trade '.repeat(Math.ceil(n / 23)).slice(0, n));

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 120 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: controlChars },
  { weight: 1, arbitrary: regexMeta },
  { weight: 1, arbitrary: emoji },
  { weight: 1, arbitrary: longWord },
  { weight: 1, arbitrary: longText },
);

const command = fc.constantFrom(
  '',
  '',
  '',
  '/start ',
  '/help ',
  '/ask ',
  '/ask',
  '/ask@dialogue_desk_bot ',
  '/timeline ',
  '/figures ',
  '/sources ',
  '/about ',
  '/cancel ',
  '/reload ',
  '/nonsense ',
  '/ask@other_bot ',
  '@dialogue_desk_bot ',
);

const userId = fc.constantFrom(7, 11, 12, 13);
const chat = fc.constantFrom(
  { id: 11, type: 'private' as const },
  { id: 7, type: 'private' as const },
  { id: -1001, type: 'supergroup' as const },
  { id: -2002, type: 'group' as const },
);

let updateId = 1;

const entity = fc.record({
  type: fc.constantFrom('bold', 'mention', 'bot_command', 'url', 'text_link', 'custom_emoji'),
  offset: fc.integer({ min: -2, max: 5000 }),
  length: fc.integer({ min: -1, max: 5000 }),
});

const messageUpdate = fc
  .record({
    chat,
    from: userId,
    prefix: command,
    body: text,
    edited: fc.boolean(),
    replyToBot: fc.boolean(),
    topic: fc.boolean(),
    junkEntities: fc.option(fc.array(entity, { maxLength: 3 }), { nil: undefined }),
  })
  .map(({ chat, from, prefix, body, edited, replyToBot, topic, junkEntities }): Update => {
    const t = prefix + body;
    const fromId = chat.type === 'private' ? chat.id : from;
    const message: any = {
      message_id: 100 + updateId,
      date: 1_700_000_000,
      chat:
        chat.type === 'private'
          ? { ...chat, first_name: 'U' }
          : { ...chat, title: 'G', is_forum: topic || undefined },
      from: { id: fromId, is_bot: false, first_name: 'U' },
      text: t,
    };
    const cmd = /^\/\S+/.exec(t);
    if (cmd) message.entities = [{ type: 'bot_command', offset: 0, length: cmd[0].length }];
    if (junkEntities) message.entities = [...(message.entities ?? []), ...junkEntities];
    if (replyToBot) {
      message.reply_to_message = {
        message_id: 5001,
        date: 1_700_000_000,
        chat: message.chat,
        from: BOT_USER,
        text: 'an answer',
      };
    }
    if (topic && chat.type === 'supergroup') {
      message.is_topic_message = true;
      message.message_thread_id = 77;
    }
    if (edited) message.edit_date = 1_700_000_100;
    return { update_id: updateId++, ...(edited ? { edited_message: message } : { message }) } as Update;
  });

const callbackData = fc.oneof(
  fc.string({ maxLength: 64 }),
  fc.constantFrom(
    'm0',
    'm3=When did it start?',
    'm1#AAAAAAAA',
    's#zzzzzzzz',
    'p=nope#99',
    'p#unknown',
    't=',
    't=2019',
    'f=',
    'e0',
    'e999',
    'x',
    'e-1',
    'm999999999999=x',
  ),
  fc.string({ unit: 'binary', maxLength: 16 }),
);

const callbackUpdate = fc.record({ chat, from: userId, data: callbackData, inaccessible: fc.boolean() }).map(
  ({ chat, from, data, inaccessible }): Update =>
    ({
      update_id: updateId++,
      callback_query: {
        id: `cq${updateId}`,
        from: { id: chat.type === 'private' ? chat.id : from, is_bot: false, first_name: 'U' },
        chat_instance: 'ci',
        data,
        message: inaccessible
          ? { chat: { ...chat, first_name: 'U', title: 'G' }, message_id: 4, date: 0 }
          : {
              message_id: 5002,
              date: 1_700_000_000,
              chat: chat.type === 'private' ? { ...chat, first_name: 'U' } : { ...chat, title: 'G' },
              from: BOT_USER,
              text: 'an earlier answer',
            },
      },
    }) as Update,
);

const inlineUpdate = fc
  .record({
    from: userId,
    query: fc.oneof(
      text.map((t) => t.slice(0, 256)),
      fc.string({ minLength: 256, maxLength: 256 }),
    ),
  })
  .map(
    ({ from, query }): Update =>
      ({
        update_id: updateId++,
        inline_query: {
          id: `iq${updateId}`,
          from: { id: from, is_bot: false, first_name: 'U' },
          query,
          offset: '',
        },
      }) as Update,
  );

const otherUpdate = fc
  .constantFrom<Record<string, unknown>>(
    {
      channel_post: {
        message_id: 1,
        date: 0,
        chat: { id: -100500, type: 'channel', title: 'C' },
        text: '/ask hi',
      },
    },
    {
      my_chat_member: {
        chat: { id: -1001, type: 'supergroup', title: 'G' },
        from: { id: 11, is_bot: false, first_name: 'U' },
        date: 0,
        old_chat_member: { status: 'left', user: BOT_USER },
        new_chat_member: { status: 'member', user: BOT_USER },
      },
    },
    {
      message: {
        message_id: 2,
        date: 0,
        chat: { id: 11, type: 'private', first_name: 'U' },
        from: { id: 11, is_bot: false, first_name: 'U' },
        sticker: {
          file_id: 'x',
          file_unique_id: 'y',
          type: 'regular',
          width: 1,
          height: 1,
          is_animated: false,
          is_video: false,
        },
      },
    },
    {
      message: {
        message_id: 3,
        date: 0,
        chat: { id: 11, type: 'private', first_name: 'U' },
        from: { id: 11, is_bot: false, first_name: 'U' },
        photo: [],
        caption: '<b>caption</b>',
      },
    },
    {
      message: {
        message_id: 4,
        date: 0,
        chat: { id: -1001, type: 'supergroup', title: 'G' },
        from: { id: 12, is_bot: false, first_name: 'U' },
        new_chat_members: [BOT_USER],
      },
    },
    {
      poll: {
        id: 'p',
        question: 'q',
        options: [],
        total_voter_count: 0,
        is_closed: false,
        is_anonymous: true,
        type: 'regular',
        allows_multiple_answers: false,
      },
    },
    {
      chosen_inline_result: { result_id: 'qa', from: { id: 11, is_bot: false, first_name: 'U' }, query: 'x' },
    },
    {
      message_reaction: {
        chat: { id: 11, type: 'private', first_name: 'U' },
        message_id: 5,
        date: 0,
        old_reaction: [],
        new_reaction: [],
      },
    },
    {
      chat_join_request: {
        chat: { id: -1001, type: 'supergroup', title: 'G' },
        from: { id: 12, is_bot: false, first_name: 'U' },
        user_chat_id: 12,
        date: 0,
      },
    },
    {},
  )
  .map((body) => ({ update_id: updateId++, ...body }) as Update);

const anyUpdate = fc.oneof(
  { weight: 5, arbitrary: messageUpdate },
  { weight: 2, arbitrary: callbackUpdate },
  { weight: 2, arbitrary: inlineUpdate },
  { weight: 1, arbitrary: otherUpdate },
);

// ---- properties ----

describe('the deployed bot under random updates', () => {
  it('never lets an exception escape and sends only calls Telegram would accept', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyUpdate, { minLength: 1, maxLength: 5 }), async (updates) => {
        const calls: Outgoing[] = [];
        errorLines.length = 0;
        const bot = await deployedBot(calls);
        for (const u of updates) await bot.handleUpdate(u); // rejects = property fails
        totalCalls += calls.length;
        const problems = calls.flatMap(problemsOf);
        const context = JSON.stringify(updates).slice(0, 2000);
        expect(problems, context).toEqual([]);
        expect(errorLines, context).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    expect(totalCalls).toBeGreaterThan(30); // the bot did answer
  });
});

describe('the outgoing-call checker', () => {
  it('catches what Telegram would refuse', () => {
    const bad = [
      { method: 'sendMessage', payload: { chat_id: 1, text: 'x'.repeat(4097) } },
      {
        method: 'sendMessage',
        payload: { chat_id: 1, text: 'abc', entities: [{ type: 'bold', offset: 1, length: 5 }] },
      },
      {
        method: 'sendMessage',
        payload: { chat_id: 1, text: '😀x', entities: [{ type: 'bold', offset: 1, length: 2 }] },
      },
      { method: 'sendMessage', payload: { chat_id: 1, text: '  ' } },
      { method: 'sendMessage', payload: { chat_id: 1, text: 'TypeError: x is undefined' } },
      {
        method: 'sendMessage',
        payload: {
          chat_id: 1,
          text: 'ok',
          reply_markup: { inline_keyboard: [[{ text: 'b', callback_data: 'é'.repeat(33) }]] },
        },
      },
      {
        method: 'answerInlineQuery',
        payload: {
          results: [{ type: 'article', id: 'a', title: 't', input_message_content: { message_text: '' } }],
        },
      },
    ];
    for (const call of bad) expect(problemsOf(call), JSON.stringify(call).slice(0, 80)).not.toEqual([]);
    expect(
      problemsOf({
        method: 'sendMessage',
        payload: { chat_id: 1, text: '😀 ok', entities: [{ type: 'bold', offset: 0, length: 2 }] },
      }),
    ).toEqual([]);
  });
});

describe('the engine under random text', () => {
  it('answers anything without throwing, quoting only verbatim passage text', () => {
    fc.assert(
      fc.property(text, (q) => {
        const a = engine.answer(q);
        expect(typeof a.answered).toBe('boolean');
        expect(typeof a.text).toBe('string');
        if (!a.answered) expect(a.citations).toEqual([]);
        for (const c of a.citations) {
          expect(c.snippet.trim()).not.toBe('');
          const passage = engine.passage(c.chunkId);
          expect(passage, c.chunkId).toBeDefined();
          expect(passage!.text).toContain(c.snippet);
        }
        expect(() => engine.more(q, 3, 3)).not.toThrow();
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('filters timelines and figures by any text without throwing', () => {
    fc.assert(
      fc.property(text, (f) => {
        expect(Array.isArray(engine.timeline(f))).toBe(true);
        expect(Array.isArray(engine.figures(f))).toBe(true);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});

describe('the one-pass sentence splitter', () => {
  // The splitter as it was (a regular expression per boundary): right, but quadratic on long runs of
  // dots. On short text it is the reference the one-pass scanner must agree with exactly.
  const BOUNDARY = /([.!?…]+)(["”’»)\]]*)((?:\[\d+\])*)(\s+)(?=["“‘«(]?[\p{Lu}\d])/gu;
  const ABBREVIATIONS = new Set(['mr', 'dr', 'oct', 'e.g', 'u.s', 'no', 'vs', 'st']);
  function reference(text: string): string[] {
    const clean = text.replace(/\s+/g, ' ').trim();
    if (!clean) return [];
    const out: string[] = [];
    let start = 0;
    for (const m of clean.matchAll(BOUNDARY)) {
      const end = m.index + m[1].length + m[2].length + m[3].length;
      const before = clean.slice(start, m.index);
      const lastWord = /(?:^|[\s(“"])([\p{L}.]+)$/u.exec(before)?.[1]?.toLowerCase() ?? '';
      if (m[1] === '.' && !m[2] && !m[3] && (ABBREVIATIONS.has(lastWord) || /^\p{L}$/u.test(lastWord)))
        continue;
      const sentence = clean.slice(start, end).trim();
      if (sentence) out.push(sentence);
      start = end + m[4].length;
    }
    const rest = clean.slice(start).trim();
    if (rest) out.push(rest);
    return out;
  }
  const piece = fc.constantFrom(
    ...['a', 'b', 'A', 'J', 'Ä', '𝐀', '1', '2', '.', '.', '!', '?', '…', ' ', ' ', '\n', '"', '”', '“'],
    ...['(', ')', '[', ']', '[1]', '’', '«', '»', 'Mr', 'Dr', 'Oct', 'e.g', 'U.S', 'mn', 'no', 'vs'],
  );

  it('splits exactly where the regular-expression splitter did', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        // Only the abbreviations the reference knows are in the alphabet, so both must agree.
        expect(splitSentences(text)).toEqual(reference(text));
      }),
      { numRuns: 3000 },
    );
  });
});
