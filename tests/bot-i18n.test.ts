// The interface in Russian and Uzbek, against the recording Bot API (tests/helpers/telegram-fake.ts):
// what a reader with a Russian or Uzbek Telegram, or one who writes a Russian question, sees. The
// quotes stay English; everything around them is in the reader's language.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openEngine } from '../src/answer/engine.js';
import { createBot } from '../src/bot/bot.js';
import { MemorySessionStorage, type StorageAdapter } from 'grammy';
import { pino } from 'pino';
import type { SessionData } from '../src/bot/context.js';
import {
  FAKE_BOT,
  FAKE_TOKEN,
  RecordingBotApi,
  callbackUpdate,
  inlineUpdate,
  textUpdate,
} from './helpers/telegram-fake.js';

let api: RecordingBotApi;
const engine = openEngine('corpus').engine;

const RU = { id: 301, first_name: 'Айгерим', language_code: 'ru' };
const EN = { id: 302, first_name: 'Ann', language_code: 'en' };
const UZ = { id: 303, first_name: 'Dilnoza', language_code: 'uz' };
const chatOf = (p: { id: number }) => ({ id: p.id, type: 'private' });

function makeBot(sessionStorage?: StorageAdapter<SessionData>) {
  return createBot({
    sessionStorage,
    token: FAKE_TOKEN,
    apiRoot: api.apiRoot,
    botInfo: FAKE_BOT,
    engine: () => engine,
    throttle: false,
    logger: pino({ level: 'silent' }),
  });
}

const sent = () => api.of('sendMessage');
const labels = (m: any) =>
  (typeof m.reply_markup === 'string' ? JSON.parse(m.reply_markup) : m.reply_markup)?.inline_keyboard
    ?.flat()
    .map((b: any) => b.text) ?? [];

beforeAll(async () => {
  api = await RecordingBotApi.start();
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.calls.length = 0;
});

const send = (bot: ReturnType<typeof makeBot>, who: { id: number }, text: string) =>
  bot.handleUpdate(textUpdate(chatOf(who), who as any, text));
const CYRILLIC = /\p{Script=Cyrillic}/u;

describe('a reader whose Telegram is in Russian', () => {
  it('gets /start, /help and the example buttons framed in Russian', async () => {
    const bot = makeBot();
    await send(bot, RU, '/start');
    const [start] = sent();
    expect(start.text).toMatch(/цитатами из 5 статей/);
    expect(start.text).toContain('/language');
    expect(labels(start).length).toBeGreaterThan(1);
    await send(bot, RU, '/help');
    expect(sent()[1].text).toMatch(/^Как спрашивать/);
  });

  it('a Russian question: the English quote marked as the original, a Russian frame and buttons', async () => {
    const bot = makeBot();
    // The reader's Telegram is English: the question's language decides.
    await send(bot, EN, 'Когда начался диалог «Центральная Азия + Япония»?');
    const [answer] = sent();
    expect(answer.text).toMatch(/first to introduce the "Central Asia plus Japan" dialogue in 2004/);
    expect(answer.text).toContain('(оригинал, английский)');
    expect(answer.text).toMatch(/\nИсточники\n/);
    // Dates and card labels in Russian.
    expect(answer.text).toMatch(/май 2019/);
    expect(answer.text).toMatch(/Дата: август 2004/);
    expect(labels(answer)).toEqual(expect.arrayContaining(['📄 [1]', '➕ Ещё фрагменты', '📚 Источники']));
  });

  it('a question about what the library lacks is declined in Russian, saying what it covers', async () => {
    const bot = makeBot();
    await send(bot, RU, 'Какой объём торговли Японии с Бразилией в 1990 году?');
    const [decline] = sent();
    expect(decline.text).toMatch(/В библиотеке нет ничего об этом/);
    expect(decline.text).toMatch(/В ней 5 статей об отношениях Центральной Азии и Японии/);
    expect(decline.text).not.toMatch(/\[1\]/);
    expect(labels(decline)).toEqual([]);
  });

  it('/timeline Казахстан lists Kazakhstan’s events, in Russian, with buttons in Russian', async () => {
    const bot = makeBot();
    await send(bot, RU, '/timeline Казахстан');
    const [list] = sent();
    expect(list.text).toMatch(/^🗓 Хронология — Казахстан \(\d+ событи/);
    expect(list.text).toMatch(/Kazakhstan signed bilateral investment agreements with Japan/);
    expect(list.text).toMatch(/18 декабря 2025/);
    // The filter typed in Russian is the Kazakhstan button's: it is marked as the list shown.
    expect(labels(list)).toEqual(expect.arrayContaining(['Узбекистан', '• Казахстан']));
    expect(labels(list).some((l: string) => /^Все события \(\d+\)$/.test(l))).toBe(true);
  });

  it('an unknown command gets its pointer in Russian', async () => {
    const bot = makeBot();
    await send(bot, RU, '/nosuch');
    expect(sent()[0].text).toMatch(CYRILLIC);
  });
});

describe('a reader whose Telegram is in Uzbek', () => {
  it('/figures savdo lists trade figures framed in Uzbek', async () => {
    const bot = makeBot();
    await send(bot, UZ, '/figures savdo');
    const [list] = sent();
    expect(list.text).toMatch(/^📊 Raqamlar — savdo/);
    expect(list.text).toContain('$230mn');
    expect(list.text).toMatch(/\nManbalar\n/);
    expect(list.text).toMatch(/2024-yil iyul/);
    expect(labels(list)).toContain('Oʻzbekiston');
  });
});

describe('/language', () => {
  it('switches to Uzbek with a button, and the choice sticks over Telegram’s language', async () => {
    const bot = makeBot();
    await send(bot, RU, '/language');
    const [prompt] = sent();
    expect(prompt.text).toMatch(/Выберите язык/);
    expect(labels(prompt)).toEqual(['English', 'Русский', 'Oʻzbekcha']);
    const data = JSON.parse(JSON.stringify(prompt.reply_markup)).inline_keyboard[0][2].callback_data;
    await bot.handleUpdate(callbackUpdate({ message_id: 1, chat: chatOf(RU) }, RU as any, data));
    expect(api.of('answerCallbackQuery').at(-1)!.text).toBe('Endi oʻzbek tilida javob beraman.');
    expect(api.of('editMessageText').at(-1)!.text).toBe('Endi oʻzbek tilida javob beraman.');
    api.calls.length = 0;
    await send(bot, RU, '/help');
    expect(sent()[0].text).toMatch(/^Qanday soʻrash kerak/);
    // An English question still gets an English frame; the next command is Uzbek again.
    api.calls.length = 0;
    await send(bot, RU, 'When did the Central Asia + Japan dialogue get started?');
    expect(sent()[0].text).toMatch(/\nSources\n/);
    api.calls.length = 0;
    await send(bot, RU, '/start');
    expect(sent()[0].text).toMatch(/Ingliz, rus yoki oʻzbek tilida soʻrang/);
  });

  it('is kept in the session storage: another instance sharing it (Redis) replies in the choice', async () => {
    const storage = new MemorySessionStorage<SessionData>();
    await send(makeBot(storage), RU, '/language uz');
    expect(storage.read(String(RU.id))?.__language_code).toBe('uz');
    api.calls.length = 0;
    await send(makeBot(storage), RU, '/help');
    expect(sent()[0].text).toMatch(/^Qanday soʻrash kerak/);
  });

  it('takes the language typed after it: /language en', async () => {
    const bot = makeBot();
    await send(bot, UZ, '/language en');
    expect(sent()[0].text).toBe('Replies are now in English.');
    await send(bot, UZ, '/help');
    expect(sent()[1].text).toMatch(/^How to ask/);
  });
});

describe('inline mode', () => {
  it('a Russian query shares the English quote in a Russian frame; the hint button is Russian', async () => {
    const bot = makeBot();
    await bot.handleUpdate(inlineUpdate(RU as any, 'Когда начался диалог «Центральная Азия + Япония»?'));
    const [call] = api.of('answerInlineQuery');
    const text = call.results[0].input_message_content.message_text;
    expect(text).toMatch(/"Central Asia plus Japan" dialogue in 2004/);
    expect(text).toContain('(оригинал, английский)');
    api.calls.length = 0;
    await bot.handleUpdate(inlineUpdate(RU as any, 'Ки'));
    expect(api.of('answerInlineQuery')[0].button.text).toBe('Продолжайте печатать вопрос…');
  });
});
