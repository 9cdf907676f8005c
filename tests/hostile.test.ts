// Hostile input (issue 6), case by case, against the bot as deployed: each gets a sensible reply or a
// silent skip, never a crash, an error text or markup the user injected; and a normal question
// afterwards is still answered.
import type { Update } from 'grammy/types';
import { pino } from 'pino';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openEngine } from '../src/answer/engine.js';
import { prepareProduction } from '../src/server/production.js';
import type { Engine } from '../src/types.js';
import { callbackUpdate, inlineUpdate, rawUpdate, textUpdate } from './helpers/fake-bot-api.js';
import { deployedBot, problemsOf, type Outgoing } from './helpers/outgoing.js';

const errorLines: string[] = [];
const logger = pino({ level: 'error' }, { write: (l: string) => void errorLines.push(l) });
let engine: Engine;
let calls: Outgoing[];
let bot: Awaited<ReturnType<typeof hostileBot>>;

beforeAll(() => {
  engine = openEngine('corpus').engine;
});

async function hostileBot() {
  const ref = { engine };
  const production = await prepareProduction(
    {
      RATE_LIMIT_PER_MINUTE: 1000,
      ADMIN_IDS: [],
      CORPUS_DIR: 'corpus',
      REDIS_URL: undefined,
      WEBHOOK_SECRET: undefined,
    },
    logger,
    ref,
  );
  return deployedBot({ production, ref, calls, logger, retries: true });
}

beforeEach(async () => {
  calls = [];
  errorLines.length = 0;
  bot = await hostileBot();
});

const sent = (chatId?: number) =>
  calls.filter((c) => c.method === 'sendMessage' && (chatId === undefined || c.payload.chat_id === chatId));

async function feed(...updates: Update[]) {
  for (const u of updates) await bot.handleUpdate(u);
  expect(calls.flatMap(problemsOf)).toEqual([]);
  expect(errorLines).toEqual([]);
}

const QUESTION = 'When was the Central Asia plus Japan dialogue launched?';

describe('hostile messages in a private chat get a sensible reply', () => {
  it.each([
    ['HTML markup', '<b>bold</b> <a href="tg://user?id=1">click</a> <script>x</script>'],
    ['Markdown markup', '*bold* _it_ `code` [link](http://evil.example) ||spoiler|| ~s~'],
    ['4,000 characters', 'Japan and Uzbekistan trade '.repeat(150).slice(0, 4000)],
    ['5,000 characters', 'z'.repeat(5000)],
    ['control characters', 'When\u0000 did\u0007 the\u001b[31m dialogue\u007f start?'],
    ['bidirectional overrides', '\u202eWhen did the dialogue start?\u202c \u2066x\u2069 \u200f'],
    ['emoji only', '😀👍🏽🇯🇵👨‍👩‍👧'],
    ['regular-expression metacharacters', '.*+?^${}()|[]\\/ (a+)+$ (?:x|y)*'],
    ['a very long word', 'Supercalifragilistic'.repeat(200)],
    ['only whitespace and zero-width characters', ' \u200b\u200b\ufeff \t '],
  ])('%s', async (_name, text) => {
    await feed(textUpdate(4242, text));
    const replies = sent(4242);
    expect(replies.length).toBeGreaterThanOrEqual(1);
    for (const r of replies) {
      expect(r.payload.parse_mode).toBeUndefined(); // formatting only through entities the bot made
      // What the user typed never turns into formatting: entities cover no part of the echoed markup.
      for (const e of r.payload.entities ?? []) {
        expect(
          ['text_link', 'url'].includes(e.type) &&
            /evil\.example|tg:\/\/user/.test(r.payload.text.slice(e.offset, e.offset + e.length)),
        ).toBe(false);
      }
      expect(r.payload.text).not.toMatch(/[\u0000-\u0008\u000e-\u001f\u202a-\u202e\u2066-\u2069]/);
    }
  });

  it('answers a normal question after a run of hostile ones', async () => {
    await feed(
      textUpdate(4343, '<b>' + 'x'.repeat(5000)),
      textUpdate(4343, '\u0000\u202e'),
      textUpdate(4343, '(a+)+$'),
      textUpdate(4343, QUESTION),
    );
    const last = sent(4343).at(-1)!;
    expect(last.payload.text).toMatch(/\[1\]/); // a cited answer
  });
});

describe('buttons, inline queries, edits and unknown updates', () => {
  it.each(['m1#AAAAAAAA', 's#zzzzzzzz', 'p#unknown', 'e999', 'garbage', 'x'.repeat(64), 'm-5=', 't=\u0000'])(
    'a never-issued or stale button (%s) is acknowledged politely',
    async (data) => {
      await feed(callbackUpdate(4444, data));
      const answers = calls.filter((c) => c.method === 'answerCallbackQuery');
      expect(answers).toHaveLength(1);
    },
  );

  it('a button issued by another instance (or before a restart) is stale, not an error', async () => {
    await feed(textUpdate(4545, QUESTION));
    const button = sent(4545)
      .flatMap((c) => c.payload.reply_markup?.inline_keyboard?.flat() ?? [])
      .find((b: any) => typeof b.callback_data === 'string' && b.callback_data.includes('#'));
    calls.length = 0;
    bot = await hostileBot(); // a fresh instance knows none of the issued keys
    const data = button?.callback_data ?? 's#AAAAAAAA';
    await feed(callbackUpdate(4545, data));
    expect(calls.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(1);
  });

  it('a 256-character inline query gets valid results', async () => {
    await feed(inlineUpdate(4646, ('Japan Kazakhstan uranium ' + 'é😀<b>'.repeat(60)).slice(0, 256)));
    await feed(inlineUpdate(4646, 'q'.repeat(256)));
    expect(calls.filter((c) => c.method === 'answerInlineQuery')).toHaveLength(2);
  });

  it('an edited message gets a reply or nothing, never an error', async () => {
    await feed(textUpdate(4747, '<i>edited</i> ' + QUESTION, { edited: true }));
    for (const r of sent(4747)) expect(r.payload.text).not.toMatch(/error|exception/i);
  });

  it('updates of kinds the bot does not handle are skipped silently', async () => {
    await feed(
      rawUpdate({
        channel_post: {
          message_id: 1,
          date: 0,
          chat: { id: -100900, type: 'channel', title: 'C' },
          text: '/ask x',
        },
      }),
      rawUpdate({
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
      }),
      rawUpdate({
        message_reaction: {
          chat: { id: 4848, type: 'private', first_name: 'U' },
          message_id: 5,
          date: 0,
          old_reaction: [],
          new_reaction: [],
        },
      }),
      rawUpdate({}),
    );
    expect(calls).toEqual([]);
  });
});

describe('updates Telegram would never send', () => {
  const chat = { id: 5151, type: 'private', first_name: 'U' };
  const from = { id: 5151, is_bot: false, first_name: 'U' };
  it.each([
    ['a text that is a number', { message: { message_id: 1, date: 0, chat, from, text: 42 } }],
    ['a text that is an object', { message: { message_id: 2, date: 0, chat, from, text: { a: 1 } } }],
    ['a caption that is a list', { message: { message_id: 3, date: 0, chat, from, caption: [1] } }],
    ['a message without a chat', { message: { message_id: 4, date: 0, from, text: 'hi' } }],
    [
      'a button press with neither message nor inline message id',
      { callback_query: { id: 'cq-x', from, chat_instance: 'c', data: 'p:1' } },
    ],
    ['an inline query whose query is a number', { inline_query: { id: 'iq', from, query: 7, offset: '' } }],
    ['an edit whose text is null', { edited_message: { message_id: 5, date: 0, chat, from, text: null } }],
  ])('%s is skipped without an error or a reply', async (_, body) => {
    await feed(rawUpdate(body as Record<string, unknown>));
    expect(calls).toEqual([]);
  });

  it('the apology path never throws, whatever the update looks like', async () => {
    const { createErrorHandler } = await import('../src/bot/errors.js');
    const { BotError, Context } = await import('grammy');
    const handler = createErrorHandler(logger);
    const weird = [
      { update_id: 1, message: { message_id: 1, chat, from, text: 42 } },
      { update_id: 2, callback_query: { id: 'x', from } },
      { update_id: 3 },
    ];
    for (const update of weird) {
      const ctx = new Context(update as never, bot.api, { id: 1, username: 'b' } as never);
      await expect(handler(new BotError(new Error('boom'), ctx))).resolves.toBeUndefined();
    }
  });
});

describe('a question echoed back cannot impersonate the bot', () => {
  it('is stripped of bidi and invisible controls and quoted in plain weight, never bold', async () => {
    await feed(textUpdate(6161, 'When was the \u202Edialogue\u202C\u200B\u2066 launched?\u{E0041}'));
    const [reply] = sent(6161);
    const firstLine = String(reply.payload.text).split('\n')[0];
    expect(firstLine).toBe('❓ When was the dialogue launched?');
    const entities = (reply.payload.entities ?? []) as { type: string; offset: number; length: number }[];
    const onQuestion = entities.filter((e) => e.offset < firstLine.length);
    expect(onQuestion.map((e) => e.type)).toEqual(['blockquote']);
  });
});

describe('groups stay quiet', () => {
  it('hostile chatter that is not addressed to the bot gets no reply', async () => {
    await feed(
      textUpdate(-100123, '<b>' + 'x'.repeat(5000), { fromId: 5 }),
      textUpdate(-100123, '\u202e\u0000 (a+)+$', { fromId: 5 }),
      textUpdate(-100123, '/ask@other_bot hi', { fromId: 5 }),
      textUpdate(-100123, '😀😀', { fromId: 6 }),
    );
    expect(sent(-100123)).toEqual([]);
  });

  it('a hostile mention gets a sensible reply in the thread', async () => {
    await feed(textUpdate(-100124, '@dialogue_desk_bot <b>\u202e' + 'y'.repeat(4500), { fromId: 5 }));
    expect(sent(-100124).length).toBeGreaterThanOrEqual(1);
  });
});
