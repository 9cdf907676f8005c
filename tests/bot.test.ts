// The bot against a recording Bot API (tests/helpers/telegram-fake.ts), for what the emulator cannot
// show: inline mode, the command menus, chat actions, conversations step by step, and exactly which
// calls the bot makes (none at all for group chatter). The engine is the real one over corpus/.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeskEngine, openEngine } from '../src/answer/engine.js';
import { createBot } from '../src/bot/bot.js';
import { registerCommands } from '../src/bot/commands.js';
import { CALLBACK_LIMIT } from '../src/bot/callback-data.js';
import type { Engine, Event } from '../src/types.js';
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
      citation: answer('When was the Central Asia + Japan dialogue first introduced?'),
      countries: ['Japan'],
    },
    {
      date: '2019-05',
      dateText: 'May 2019',
      title: 'Seventh foreign ministers’ meeting',
      citation: answer("Where was the seventh foreign ministers' meeting held?"),
      countries: ['Tajikistan', 'Japan'],
    },
    {
      date: '2025-12',
      dateText: '20 December 2025',
      title: 'First leaders’ summit in Tokyo',
      citation: answer("Who chaired the first Central Asia + Japan leaders' summit?"),
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

beforeAll(async () => {
  api = await RecordingBotApi.start();
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.calls.length = 0;
  api.failing.clear();
});

describe('command menus', () => {
  it('registers the commands for private chats and for groups', async () => {
    const bot = makeBot();
    expect(await registerCommands(bot.api, pino({ level: 'silent' }))).toBe(true);
    const calls = api.of('setMyCommands');
    expect(calls.map((c) => c.scope.type).sort()).toEqual(['all_group_chats', 'all_private_chats']);
    const privateMenu = calls
      .find((c) => c.scope.type === 'all_private_chats')!
      .commands.map((c: any) => c.command);
    expect(privateMenu).toEqual(
      expect.arrayContaining(['start', 'help', 'ask', 'timeline', 'figures', 'sources', 'about']),
    );
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
    await bot.handleUpdate(textUpdate(PRIVATE, ALICE, 'What grant did Abe commit to Tajikistan?'));
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

  it('/timeline with no filter offers periods and countries, then shows the one picked', async () => {
    const bot = makeBot(engineWithEvents());
    await bot.handleUpdate(textUpdate(PRIVATE, ALICE, '/timeline'));
    const [picker] = api.of('sendMessage');
    const labels = picker.reply_markup.inline_keyboard.flat().map((b: any) => b.text);
    expect(labels).toEqual(expect.arrayContaining(['Japan', '✖ Cancel']));
    expect(labels.some((l: string) => /^\d{4}/.test(l))).toBe(true);
    const japan = picker.reply_markup.inline_keyboard.flat().find((b: any) => b.text === 'Japan');
    await bot.handleUpdate(callbackUpdate({ message_id: 500, chat: PRIVATE }, ALICE, japan.callback_data));
    expect(api.of('editMessageText')[0].text).toMatch(/Picked: Japan/);
    const timeline = api.of('sendMessage')[1];
    expect(timeline.text).toMatch(/Timeline — Japan/);
    expect(timeline.text).toMatch(/Sources/);
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
    const reply = textUpdate(GROUP, ALICE, 'How many joint ventures with Japan operate in Uzbekistan?', {
      reply_to_message: { message_id: 500, date: 0, chat: GROUP, from: FAKE_BOT, text: prompt.text },
    });
    await bot.handleUpdate(reply);
    const answer = api.of('sendMessage')[1];
    expect(answer.text).toContain('66 joint ventures');
    expect(answer.reply_parameters.message_id).toBe(reply.message.message_id);
  });

  it('ignores edited messages instead of answering twice', async () => {
    const bot = makeBot();
    await bot.handleUpdate({
      update_id: 99999,
      edited_message: {
        ...textUpdate(PRIVATE, ALICE, 'When was the dialogue introduced?').message,
        edit_date: 1,
      },
    } as any);
    expect(api.of('sendMessage')).toHaveLength(0);
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

  it('out of the library: one honest result, no citation', async () => {
    const bot = makeBot();
    await bot.handleUpdate(inlineUpdate(ALICE, 'best ramen recipe in Osaka'));
    const [call] = api.of('answerInlineQuery');
    expect(call.results).toHaveLength(1);
    expect(call.results[0].input_message_content.message_text).toMatch(/The library has nothing on this/);
    expect(call.results[0].input_message_content.message_text).not.toMatch(/\[1\]/);
  });
});
