// The bot against a recording Bot API (tests/helpers/telegram-fake.ts), for what the emulator cannot
// show: inline mode, the command menus, chat actions, conversations step by step, and exactly which
// calls the bot makes (none at all for group chatter). The engine is the real one over corpus/.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeskEngine, openEngine } from '../src/answer/engine.js';
import { createBot } from '../src/bot/bot.js';
import { registerCommands } from '../src/bot/commands.js';
import { CALLBACK_LIMIT, type KeyRecord } from '../src/bot/callback-data.js';
import type { Answer, Engine, Event } from '../src/types.js';
import { MemorySessionStorage, type StorageAdapter } from 'grammy';
import { pino } from 'pino';
import {
  FAKE_BOT,
  FAKE_TOKEN,
  RecordingBotApi,
  callbackUpdate,
  inlineUpdate,
  textUpdate,
} from './helpers/telegram-fake.js';

let api: RecordingBotApi;
const real = openEngine('corpus').engine;

/** The real engine; with a few dated events of its own passages while the facts module is not plugged in. */
function engineWithEvents(): Engine {
  if (real.timeline().length) return real;
  const answer = (q: string) => real.answer(q).citations[0];
  const events: Event[] = [
    {
      date: '2004-08',
      dateText: 'August 2004',
      title: 'Central Asia + Japan dialogue introduced',
      citation: answer('When did the Central Asia + Japan dialogue get started?'),
      countries: ['Japan'],
    },
    {
      date: '2019-05',
      dateText: 'May 2019',
      title: 'Seventh foreign ministers’ meeting',
      citation: answer('In which city did the foreign ministers hold their seventh meeting?'),
      countries: ['Tajikistan', 'Japan'],
    },
    {
      date: '2025-12',
      dateText: '20 December 2025',
      title: 'First leaders’ summit in Tokyo',
      citation: answer("Who was in the chair at the first Central Asia + Japan leaders' summit?"),
      countries: ['Japan', 'Uzbekistan'],
    },
  ];
  const byFilter = (items: Event[], f?: string) =>
    f ? items.filter((e) => e.date.startsWith(f) || e.countries?.includes(f)) : items;
  return new DeskEngine(
    { ...real.state, facts: { ...real.state.facts, events } },
    { filterEvents: byFilter },
  );
}

const ALICE = { id: 77, first_name: 'Alice' };
const BOB = { id: 78, first_name: 'Bob' };
const PRIVATE = { id: 77, type: 'private' };
const GROUP = { id: -100500, type: 'supergroup', title: 'Watchers' };

function makeBot(engine: Engine = real) {
  return createBot({
    token: FAKE_TOKEN,
    apiRoot: api.apiRoot,
    botInfo: FAKE_BOT,
    engine: () => engine,
    throttle: false,
  });
}

/** Waits for something the bot does in the background (no clock involved: polls the recorded calls). */
async function waitFor(probe: () => boolean): Promise<void> {
  for (let k = 0; k < 2000 && !probe(); k++) await new Promise((r) => setTimeout(r, 5));
  expect(probe()).toBe(true);
}

beforeAll(async () => {
  api = await RecordingBotApi.start();
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.calls.length = 0;
  api.failing.clear();
  api.failWith.clear();
});

describe('command menus', () => {
  it('registers the commands for private chats and for groups, in English, Russian and Uzbek', async () => {
    const bot = makeBot();
    expect(await registerCommands(bot.api, pino({ level: 'silent' }))).toBe(true);
    const calls = api.of('setMyCommands');
    expect(calls.map((c) => `${c.scope.type} ${c.language_code ?? 'default'}`).sort()).toEqual([
      'all_group_chats default',
      'all_group_chats ru',
      'all_group_chats uz',
      'all_private_chats default',
      'all_private_chats ru',
      'all_private_chats uz',
    ]);
    const menu = (lang?: string) =>
      calls.find((c) => c.scope.type === 'all_private_chats' && c.language_code === lang)!.commands;
    expect(menu(undefined).map((c: any) => c.command)).toEqual(
      expect.arrayContaining(['start', 'help', 'ask', 'timeline', 'figures', 'sources', 'about', 'language']),
    );
    // The same commands everywhere; only the descriptions are translated.
    expect(menu('ru').map((c: any) => c.command)).toEqual(menu(undefined).map((c: any) => c.command));
    expect(menu('ru').find((c: any) => c.command === 'ask').description).toMatch(/вопрос/);
    expect(menu('uz').find((c: any) => c.command === 'ask').description).toMatch(/savol/);
  });

  it('a refused menu is a warning, not a crash', async () => {
    api.failing.add('setMyCommands');
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (s: string) => void lines.push(s) });
    expect(await registerCommands(makeBot().api, log)).toBe(false);
    expect(lines.join('')).toMatch(/could not register the command menu/);
  });
});

describe('private chat', () => {
  it('shows "typing" and answers with entities, no parse mode, link previews off', async () => {
    const bot = makeBot();
    await bot.handleUpdate(textUpdate(PRIVATE, ALICE, 'How much grant aid did Abe pledge to Tajikistan?'));
    expect(api.of('sendChatAction')[0]).toMatchObject({ chat_id: 77, action: 'typing' });
    const [sent] = api.of('sendMessage');
    expect(sent.text).toContain('$7.5 million');
    expect(sent.parse_mode).toBeUndefined();
    expect(sent.entities.length).toBeGreaterThan(0);
    expect(sent.link_preview_options).toEqual({ is_disabled: true });
  });

  it('keeps callback data within 64 bytes even for a very long question, and the buttons work', async () => {
    const bot = makeBot();
    const question =
      'When was the Central Asia + Japan dialogue first introduced, and which Japanese foreign minister first introduced the dialogue to the Central Asian countries?';
    expect(Buffer.byteLength(question)).toBeGreaterThan(CALLBACK_LIMIT);
    await bot.handleUpdate(textUpdate(PRIVATE, ALICE, question));
    const [sent] = api.of('sendMessage');
    const buttons = sent.reply_markup.inline_keyboard.flat();
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(CALLBACK_LIMIT);
    const sources = buttons.find((b: any) => b.text === '📚 Sources');
    expect(sources.callback_data).toMatch(/^s#/); // too long to travel inline: a key stands for it
    await bot.handleUpdate(
      callbackUpdate({ message_id: sent.message_id ?? 500, chat: PRIVATE }, ALICE, sources.callback_data),
    );
    const [edit] = api.of('editMessageText');
    expect(edit.text).toMatch(/Sources of this answer/);
    expect(edit.text).toContain('which Japanese foreign minister');
  });

  it('answers a button it does not know politely, in the button’s own notice', async () => {
    const bot = makeBot();
    await bot.handleUpdate(callbackUpdate({ message_id: 9, chat: PRIVATE }, ALICE, 'm3#AAAAAAAA'));
    await bot.handleUpdate(callbackUpdate({ message_id: 9, chat: PRIVATE }, ALICE, '{"evil":true}'));
    const answers = api.of('answerCallbackQuery');
    expect(answers[0].text).toMatch(/expired/);
    expect(answers[1].text).toMatch(/do not recognise/);
    expect(api.of('sendMessage')).toHaveLength(0);
  });

  it('/ask waits for the question; another command ends the wait and runs', async () => {
    const bot = makeBot();
    await bot.handleUpdate(textUpdate(PRIVATE, ALICE, '/ask'));
    expect(api.of('sendMessage')[0].text).toMatch(/what would you like to know/i);
    await bot.handleUpdate(textUpdate(PRIVATE, ALICE, '/help'));
    expect(api.of('sendMessage')[1].text).toMatch(/How to ask/);
    await bot.handleUpdate(textUpdate(PRIVATE, ALICE, '/ask'));
    const cancel = api.of('sendMessage')[2].reply_markup.inline_keyboard.flat()[0];
    await bot.handleUpdate(callbackUpdate({ message_id: 502, chat: PRIVATE }, ALICE, cancel.callback_data));
    expect(api.of('answerCallbackQuery').at(-1)!.text).toBe('Cancelled.');
    await bot.handleUpdate(textUpdate(PRIVATE, ALICE, '/cancel'));
    expect(api.of('sendMessage').at(-1)!.text).toBe('Nothing to cancel.');
  });

  it('/timeline with no filter lists the events at once, oldest first, with buttons that narrow it', async () => {
    const engine = engineWithEvents();
    const bot = makeBot(engine);
    await bot.handleUpdate(textUpdate(PRIVATE, ALICE, '/timeline'));
    const [list] = api.of('sendMessage');
    // One entry a line, each ending with its source mark: "August 2004 — … [1]".
    const years = list.text
      .split('\n')
      .filter((l: string) => / — .*\[\d+\]$/.test(l))
      .map((l: string) => Number(/\b(1[89]|20)\d\d\b/.exec(l)![0]));
    expect(years.length).toBe(engine.timeline().length);
    expect(years).toEqual([...years].sort((x, y) => x - y));
    const rows: any[][] = list.reply_markup.inline_keyboard;
    expect(rows.every((r) => r.length > 0)).toBe(true);
    const labels = rows.flat().map((b: any) => b.text);
    expect(labels.some((l: string) => /^\d{4}/.test(l))).toBe(true);
    // Nearly every event involves Japan: a "Japan" button would not narrow anything.
    expect(labels).not.toContain('Japan');
    const country = rows.flat().find((b: any) => /^[A-Z][a-z]+stan$/.test(b.text));
    expect(country).toBeDefined();
    await bot.handleUpdate(callbackUpdate({ message_id: 500, chat: PRIVATE }, ALICE, country.callback_data));
    // The list narrows in place; the press was acknowledged; nothing new was sent.
    const [edit] = api.of('editMessageText');
    expect(edit.text).toContain(`Timeline — ${country.text}`);
    expect(edit.text).toMatch(/Sources/);
    const narrowed = edit.reply_markup.inline_keyboard.flat().map((b: any) => b.text);
    expect(narrowed).toContain(`• ${country.text}`);
    expect(narrowed.some((l: string) => /^All \d+ events$/.test(l))).toBe(true);
    expect(api.of('answerCallbackQuery')).toHaveLength(1);
    expect(api.of('sendMessage')).toHaveLength(1);
  });

  it('commands match whatever their case: /Timeline 2019, /HELP', async () => {
    const bot = makeBot(engineWithEvents());
    await bot.handleUpdate(textUpdate(PRIVATE, ALICE, '/Timeline 2019'));
    await bot.handleUpdate(textUpdate(PRIVATE, ALICE, '/HELP'));
    const [timeline, help] = api.of('sendMessage');
    expect(timeline.text).toMatch(/Timeline — 2019/);
    expect(help.text).toMatch(/How to ask/);
    expect(api.of('sendMessage').some((m) => /do not know that command/.test(m.text))).toBe(false);
  });

  it('/start offers example questions that fit a phone, one a row, no empty row', async () => {
    const bot = makeBot();
    await bot.handleUpdate(textUpdate(PRIVATE, ALICE, '/start'));
    const [start] = api.of('sendMessage');
    const rows: any[][] = start.reply_markup.inline_keyboard;
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      expect(row).toHaveLength(1);
      expect(row[0].text.length).toBeLessThanOrEqual(30);
    }
    await bot.handleUpdate(
      callbackUpdate({ message_id: 500, chat: PRIVATE }, ALICE, rows[1][0].callback_data),
    );
    const answer = api.of('sendMessage')[1];
    expect(answer.text).toContain(rows[1][0].text);
    expect(answer.text).toMatch(/\[1\]/);
  });
});

describe('button presses', () => {
  const question = 'How much did Uzbekistan and Japan trade in 2023?';

  it('a press whose acknowledgement fails ("query is too old") still does what it says', async () => {
    const bot = makeBot();
    await bot.handleUpdate(textUpdate(PRIVATE, ALICE, question));
    const [answer] = api.of('sendMessage');
    const buttons = answer.reply_markup.inline_keyboard.flat();
    api.failWith.set(
      'answerCallbackQuery',
      'Bad Request: query is too old and response timeout expired or query ID is invalid',
    );
    const message = { message_id: 500, chat: PRIVATE };
    await bot.handleUpdate(
      callbackUpdate(message, ALICE, buttons.find((b: any) => b.text === '📄 [1]').callback_data),
    );
    await bot.handleUpdate(
      callbackUpdate(message, ALICE, buttons.find((b: any) => b.text === '📚 Sources').callback_data),
    );
    expect(api.of('answerCallbackQuery')).toHaveLength(2);
    // 📄: the whole passage, the quoted sentence in bold; 📚: the sources in place.
    const passage = api.of('sendMessage')[1];
    const bold = passage.entities
      .filter((e: any) => e.type === 'bold')
      .map((e: any) => passage.text.slice(e.offset, e.offset + e.length));
    expect(bold.join(' ')).toContain('$230mn');
    expect(passage.text).toMatch(/the quote in bold/);
    expect(api.of('editMessageText')[0].text).toMatch(/Sources of this answer/);
  });

  it('is acknowledged at once, ahead of sends still waiting in the same busy group', async () => {
    // Throttling on, as deployed; the group's earlier answer is stuck (flood limits) when the press comes.
    const bot = createBot({
      token: FAKE_TOKEN,
      apiRoot: api.apiRoot,
      botInfo: FAKE_BOT,
      engine: () => real,
      apiTransformers: [],
    });
    await bot.handleUpdate(textUpdate(GROUP, ALICE, `/ask@${FAKE_BOT.username} ${question}`));
    const [answer] = api.of('sendMessage');
    const sources = answer.reply_markup.inline_keyboard.flat().find((b: any) => b.text === '📚 Sources');
    const release = api.hold('sendMessage');
    const busy = bot.handleUpdate(textUpdate(GROUP, BOB, `/ask@${FAKE_BOT.username} ${question}`));
    await waitFor(() => api.of('sendMessage').length === 2);
    const press = bot.handleUpdate(
      callbackUpdate({ message_id: 500, chat: GROUP }, ALICE, sources.callback_data),
    );
    await waitFor(() => api.of('answerCallbackQuery').length === 1);
    // Acknowledged while Bob's answer is still on its way; the sources follow once it is through.
    expect(api.of('editMessageText')).toHaveLength(0);
    release();
    await Promise.all([busy, press]);
    expect(api.of('editMessageText')[0].text).toMatch(/Sources of this answer/);
  });

  it('a button issued by one instance works on another sharing the storage (and after a restart)', async () => {
    const storage = new MemorySessionStorage<any>();
    const make = () =>
      createBot({
        token: FAKE_TOKEN,
        apiRoot: api.apiRoot,
        botInfo: FAKE_BOT,
        engine: () => real,
        throttle: false,
        sessionStorage: storage,
      });
    const long = `${question} And how does it compare with the exports and the imports of that year?`;
    await make().handleUpdate(textUpdate(PRIVATE, ALICE, long));
    const sources = api
      .of('sendMessage')[0]
      .reply_markup.inline_keyboard.flat()
      .find((b: any) => b.text === '📚 Sources');
    expect(sources.callback_data).toMatch(/^s#/);
    await make().handleUpdate(
      callbackUpdate({ message_id: 500, chat: PRIVATE }, ALICE, sources.callback_data),
    );
    expect(api.of('answerCallbackQuery')[0].text).toBeUndefined();
    expect(api.of('editMessageText')[0].text).toContain('exports and the imports');
  });
});

describe('button storage', () => {
  it('a message goes out only once the keys of its buttons are stored', async () => {
    const stored = new Map<string, KeyRecord>();
    let writes = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: StorageAdapter<KeyRecord> = {
      read: async (k) => stored.get(k),
      write: async (k, v) => {
        writes++;
        await gate;
        stored.set(k, v);
      },
      delete: async (k) => void stored.delete(k),
    };
    const bot = createBot({
      token: FAKE_TOKEN,
      apiRoot: api.apiRoot,
      botInfo: FAKE_BOT,
      engine: () => real,
      throttle: false,
      buttonStorage: slow,
    });
    const asked = bot.handleUpdate(
      textUpdate(PRIVATE, ALICE, 'How much did Uzbekistan and Japan trade in 2023?'),
    );
    await waitFor(() => writes > 0);
    // A send that did not wait for the storage would be through by now (loopback); this one waits.
    await new Promise((r) => setTimeout(r, 100));
    expect(api.of('sendMessage')).toHaveLength(0);
    release();
    await asked;
    expect(api.of('sendMessage')).toHaveLength(1);
    expect(stored.size).toBeGreaterThan(0);
  });
});

describe('follow-ups and small talk', () => {
  /** The real engine, recording what it was asked and with which earlier questions. */
  function recordingEngine(overrides: (q: string) => Answer | undefined = () => undefined) {
    const asked: { question: string; previous?: string[] }[] = [];
    const engine: Engine = Object.create(real);
    engine.answer = (question: string, context?: { previous?: string[] }) => {
      asked.push({ question, previous: context?.previous });
      return overrides(question) ?? real.answer(question, context);
    };
    return { engine, asked };
  }

  it('a reply to an answer asks the engine with the earlier questions as context', async () => {
    const { engine, asked } = recordingEngine();
    const bot = makeBot(engine);
    await bot.handleUpdate(textUpdate(PRIVATE, ALICE, 'How much did Uzbekistan and Japan trade in 2023?'));
    const [first] = api.of('sendMessage');
    const reply = (text: string, to: number, shown: string) =>
      textUpdate(PRIVATE, ALICE, text, {
        reply_to_message: { message_id: to, date: 0, chat: PRIVATE, from: FAKE_BOT, text: shown },
      });
    await bot.handleUpdate(reply('what about the first three months of 2024?', api.sentIds()[0], first.text));
    expect(asked.at(-1)).toEqual({
      question: 'what about the first three months of 2024?',
      previous: ['How much did Uzbekistan and Japan trade in 2023?'],
    });
    const second = api.of('sendMessage')[1];
    expect(second.text).toContain('$120.7mn');
    // A reply to the follow-up carries the whole chain.
    await bot.handleUpdate(reply('and the exports?', api.sentIds()[1], second.text));
    expect(asked.at(-1)!.previous).toEqual([
      'How much did Uzbekistan and Japan trade in 2023?',
      'what about the first three months of 2024?',
    ]);
  });

  it('small talk gets a short friendly reply: no refusal, no sources, no buttons', async () => {
    const { engine } = recordingEngine((q) =>
      /^(hi|thanks!?)$/i.test(q)
        ? ({ query: q, answered: false, kind: 'smalltalk', text: '', citations: [], cards: [] } as Answer)
        : undefined,
    );
    const bot = makeBot(engine);
    await bot.handleUpdate(textUpdate(PRIVATE, ALICE, 'hi'));
    const [hello] = api.of('sendMessage');
    expect(hello.text).toMatch(/^Hello!/);
    expect(hello.text).not.toMatch(/nothing on this|Sources|❓/);
    expect(hello.reply_markup).toBeUndefined();
  });
});

describe('groups', () => {
  it('makes no call at all for ordinary chatter', async () => {
    const bot = makeBot();
    await bot.handleUpdate(textUpdate(GROUP, ALICE, 'did anyone see the summit coverage?'));
    await bot.handleUpdate(textUpdate(GROUP, BOB, 'When was the dialogue introduced?'));
    expect(api.calls).toHaveLength(0);
  });

  it('/ask with no question asks for a reply; only the asker’s reply is taken', async () => {
    const bot = makeBot();
    await bot.handleUpdate(textUpdate(GROUP, ALICE, `/ask@${FAKE_BOT.username}`));
    const [prompt] = api.of('sendMessage');
    expect(prompt.reply_markup.force_reply).toBe(true);
    await bot.handleUpdate(textUpdate(GROUP, BOB, 'unrelated chatter'));
    expect(api.of('sendMessage')).toHaveLength(1);
    const reply = textUpdate(
      GROUP,
      ALICE,
      'How many Uzbek-Japanese joint ventures are there in Uzbekistan?',
      {
        reply_to_message: { message_id: 500, date: 0, chat: GROUP, from: FAKE_BOT, text: prompt.text },
      },
    );
    await bot.handleUpdate(reply);
    const answer = api.of('sendMessage')[1];
    expect(answer.text).toContain('66 joint ventures');
    expect(answer.reply_parameters.message_id).toBe(reply.message.message_id);
  });

  it('an edited question edits the answer in place; a gone answer is answered anew', async () => {
    const bot = makeBot();
    const asked = textUpdate(
      GROUP,
      ALICE,
      `@${FAKE_BOT.username} How much grant aid did Abe pledge to Tajikistan?`,
    );
    await bot.handleUpdate(asked);
    const [answer] = api.of('sendMessage');
    expect(answer.text).toContain('$7.5 million');
    const edited = (text: string) =>
      ({
        update_id: asked.update_id + 1000,
        edited_message: { ...asked.message, text, edit_date: 1 },
      }) as any;
    await bot.handleUpdate(
      edited(`@${FAKE_BOT.username} How many Uzbek-Japanese joint ventures are there in Uzbekistan?`),
    );
    const [edit] = api.of('editMessageText');
    expect(edit.message_id).toBe(api.sentIds()[0]);
    expect(edit.text).toContain('66 joint ventures');
    expect(api.of('sendMessage')).toHaveLength(1);

    // The answer was deleted meanwhile: the edited question is answered anew, as a reply to it.
    api.failWith.set('editMessageText', 'Bad Request: message to edit not found');
    await bot.handleUpdate(edited(`@${FAKE_BOT.username} What was the Silk Road Diplomacy Concept?`));
    const anew = api.of('sendMessage')[1];
    expect(anew.text).toContain('Hashimoto');
    expect(anew.reply_parameters.message_id).toBe(asked.message.message_id);
  });

  it('an edit of group chatter stays chatter', async () => {
    const bot = makeBot();
    const chatter = textUpdate(GROUP, ALICE, 'did anyone see the summit coverage?');
    await bot.handleUpdate(chatter);
    await bot.handleUpdate({
      update_id: chatter.update_id + 1000,
      edited_message: { ...chatter.message, text: 'When was the dialogue introduced?', edit_date: 1 },
    } as any);
    expect(api.calls).toHaveLength(0);
  });
});

describe('inline mode', () => {
  it('offers the cited answer, then each passage, described by title, source and date', async () => {
    const bot = makeBot();
    await bot.handleUpdate(inlineUpdate(ALICE, 'total trade turnover between Uzbekistan and Japan in 2023'));
    const [call] = api.of('answerInlineQuery');
    expect(call.results.length).toBeGreaterThan(0);
    const [first] = call.results;
    expect(first.type).toBe('article');
    expect(first.input_message_content.message_text).toContain('$230mn');
    expect(first.input_message_content.link_preview_options).toEqual({ is_disabled: true });
    expect(first.description).toMatch(/Uzbek-Japanese Expert Dialogue.*2024-07/);
    for (const r of call.results) {
      expect(Buffer.byteLength(r.id)).toBeLessThanOrEqual(64);
      expect(r.input_message_content.message_text.length).toBeLessThanOrEqual(4096);
    }
  });

  it('an empty query offers highlights', async () => {
    const bot = makeBot();
    await bot.handleUpdate(inlineUpdate(ALICE, ''));
    const [call] = api.of('answerInlineQuery');
    expect(call.results.length).toBeGreaterThan(1);
    expect(call.results[0].title).toMatch(/\?$/);
  });

  it('while the query is still being typed: highlights and a "keep typing" button, never a refusal', async () => {
    const bot = makeBot();
    await bot.handleUpdate(inlineUpdate(ALICE, 'wh'));
    const [call] = api.of('answerInlineQuery');
    expect(call.button.text).toMatch(/keep typing/i);
    expect(call.results.length).toBeGreaterThan(0);
    for (const r of call.results) {
      expect(r.input_message_content.message_text).not.toMatch(/nothing on this/i);
    }
  });

  it('out of the library: no result to send, a hint to keep typing instead', async () => {
    const bot = makeBot();
    await bot.handleUpdate(inlineUpdate(ALICE, 'best ramen recipe in Osaka'));
    const [call] = api.of('answerInlineQuery');
    expect(call.results).toHaveLength(0);
    expect(call.button.text).toMatch(/keep typing/i);
  });
});
