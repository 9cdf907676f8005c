// Per-user rate limit: one user over the limit gets one polite notice per window and nothing else;
// other users, and group chatter the bot ignores anyway, are unaffected.
import { Bot, type Context } from 'grammy';
import { describe, expect, it } from 'vitest';
import { rateLimit, RATE_LIMIT_TEXT } from '../src/bot/ratelimit.js';
import { MemoryCounter } from '../src/bot/storage.js';
import { callbackUpdate, inlineUpdate, textUpdate, TOKEN } from './helpers/fake-bot-api.js';
import { BOT_INFO, inProcessApi, type Outgoing } from './helpers/outgoing.js';

/** `perWindow` for groups and private chats alike, unless `privatePerWindow` is given. */
async function limitedBot(perWindow: number, windowMs = 60_000, privatePerWindow = perWindow) {
  const calls: Outgoing[] = [];
  const bot = new Bot<Context>(TOKEN, { botInfo: BOT_INFO });
  bot.api.config.use(inProcessApi(calls));
  bot.use(rateLimit({ perWindow, privatePerWindow, counter: new MemoryCounter(), windowMs }));
  bot.on('message:text', (ctx) => ctx.reply(`answer to: ${ctx.msg.text}`));
  bot.on('callback_query:data', (ctx) => ctx.answerCallbackQuery({ text: 'page' }));
  bot.on('inline_query', (ctx) => ctx.answerInlineQuery([]));
  await bot.init();
  const texts = (chatId: number) =>
    calls
      .filter((c) => c.method === 'sendMessage' && c.payload.chat_id === chatId)
      .map((c) => c.payload.text as string);
  return { bot, calls, texts };
}

describe('per-user rate limit', () => {
  it('answers up to the limit, then sends one notice and stays silent', async () => {
    const { bot, texts } = await limitedBot(3);
    for (let i = 0; i < 10; i++) await bot.handleUpdate(textUpdate(301, `q${i}`));
    expect(texts(301)).toEqual(['answer to: q0', 'answer to: q1', 'answer to: q2', RATE_LIMIT_TEXT]);
  });

  it('gives private chats a larger budget than groups by default', async () => {
    const calls: Outgoing[] = [];
    const bot = new Bot<Context>(TOKEN, { botInfo: BOT_INFO });
    bot.api.config.use(inProcessApi(calls));
    bot.use(rateLimit({ perWindow: 2, counter: new MemoryCounter() }));
    bot.on('message:text', (ctx) => ctx.reply('answer'));
    await bot.init();
    for (let i = 0; i < 12; i++) await bot.handleUpdate(textUpdate(-100310, `/ask q${i}`, { fromId: 310 }));
    for (let i = 0; i < 12; i++) await bot.handleUpdate(textUpdate(310, `q${i}`));
    const texts = (chat: number) =>
      calls.filter((c) => c.payload.chat_id === chat).map((c) => c.payload.text);
    expect(texts(-100310)).toEqual(['answer', 'answer', RATE_LIMIT_TEXT]);
    expect(texts(310)).toEqual(Array(12).fill('answer')); // 6 × 2 = 12 in private
  });

  it('does not limit other users', async () => {
    const { bot, texts } = await limitedBot(2);
    for (let i = 0; i < 5; i++) await bot.handleUpdate(textUpdate(302, `q${i}`));
    await bot.handleUpdate(textUpdate(303, 'mine'));
    expect(texts(303)).toEqual(['answer to: mine']);
  });

  it('does not count group chatter that is not addressed to the bot', async () => {
    const { bot, texts } = await limitedBot(2);
    for (let i = 0; i < 10; i++) await bot.handleUpdate(textUpdate(-100300, `chatter ${i}`, { fromId: 304 }));
    const before = texts(-100300).length; // the test bot echoes chatter; the limit must not have kicked in
    await bot.handleUpdate(textUpdate(-100300, '@dialogue_desk_bot when?', { fromId: 304 }));
    expect(texts(-100300).length).toBe(before + 1);
    expect(texts(-100300)).not.toContain(RATE_LIMIT_TEXT);
  });

  it('acknowledges every button press over the limit, with the notice only once', async () => {
    const { bot, calls } = await limitedBot(1);
    for (let i = 0; i < 4; i++) await bot.handleUpdate(callbackUpdate(305, `m${i}`));
    const answers = calls.filter((c) => c.method === 'answerCallbackQuery').map((c) => c.payload.text);
    expect(answers).toEqual(['page', RATE_LIMIT_TEXT, undefined, undefined]);
  });

  it('gives inline queries their own, larger budget', async () => {
    const { bot, calls, texts } = await limitedBot(1);
    for (let i = 0; i < 3; i++) await bot.handleUpdate(inlineUpdate(306, `typing ${i}`));
    expect(calls.filter((c) => c.method === 'answerInlineQuery')).toHaveLength(3);
    await bot.handleUpdate(textUpdate(306, 'a question'));
    expect(texts(306)).toEqual(['answer to: a question']);
  });

  it('lets the user in again in the next window, with a fresh notice', async () => {
    const { bot, texts } = await limitedBot(1, 150);
    await bot.handleUpdate(textUpdate(307, 'a'));
    await bot.handleUpdate(textUpdate(307, 'b'));
    await new Promise((r) => setTimeout(r, 200));
    await bot.handleUpdate(textUpdate(307, 'c'));
    await bot.handleUpdate(textUpdate(307, 'd'));
    expect(texts(307)).toEqual(['answer to: a', RATE_LIMIT_TEXT, 'answer to: c', RATE_LIMIT_TEXT]);
  });
});
