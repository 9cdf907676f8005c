// Telegram misbehaving: 429 with retry_after, 500, calls that never get an answer and dropped
// connections. Every answer must still arrive, and arrive exactly once; harmless errors stay quiet;
// one broken update does not stop the others; the token never reaches the log.
import { Bot, type Context } from 'grammy';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEngine } from '../src/answer/engine.js';
import { createBot } from '../src/bot/bot.js';
import {
  createErrorHandler,
  errorBoundary,
  installApiRetry,
  retryTransformers,
  SORRY_TEXT,
} from '../src/bot/errors.js';
import { BOT_INFO } from './helpers/outgoing.js';
import { startPolling } from '../src/bot/polling.js';
import { FakeBotApi, TOKEN, textUpdate, type Fault } from './helpers/fake-bot-api.js';

let api: FakeBotApi;
let logLines: string[];

beforeEach(async () => {
  api = await FakeBotApi.start();
  logLines = [];
});
afterEach(async () => {
  await api.close();
});

function logger() {
  return pino({ level: 'debug' }, { write: (s: string) => void logLines.push(s) });
}

/** The smallest bot that answers every text: the bot engineer's own bot is tested the same way in e2e. */
function answeringBot(retry: Parameters<typeof installApiRetry>[1] = {}) {
  const bot = new Bot<Context>(TOKEN, { client: { apiRoot: api.apiRoot } });
  installApiRetry(bot.api, { callTimeoutMs: 400, networkBackoffMs: 50, ...retry });
  const onError = createErrorHandler(logger());
  bot.use(errorBoundary(onError));
  bot.catch(onError);
  bot.on('message:text', async (ctx) => {
    if (ctx.msg.text === 'boom') throw new Error(`bug while answering, token ${TOKEN}`);
    await ctx.reply(`answer to: ${ctx.msg.text}`);
  });
  return bot;
}

/** sendMessage calls that took effect, per chat. */
function deliveredPerChat(): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of api.deliveredOf('sendMessage'))
    out.set(d.payload.chat_id, (out.get(d.payload.chat_id) ?? 0) + 1);
  return out;
}

const FAULTS: Fault[] = ['429', '500', 'timeout', 'drop'];

describe('answers survive Bot API faults', () => {
  it('delivers every answer exactly once through 429, 500, timeouts and dropped connections', async () => {
    const bot = answeringBot();
    await bot.init();
    // Chat i meets fault i % 4 on its first attempt; every third chat meets a second one as well.
    api.setFaults(({ method, payload, attempt }) => {
      if (method !== 'sendMessage') return undefined;
      const i = Number(payload.chat_id);
      if (attempt === 0) return FAULTS[i % 4];
      if (attempt === 1 && i % 3 === 0) return FAULTS[(i + 1) % 4];
      return undefined;
    });
    const chats = Array.from({ length: 12 }, (_, i) => i + 1);
    await Promise.all(chats.map((c) => bot.handleUpdate(textUpdate(c, `question ${c}`))));

    const per = deliveredPerChat();
    for (const c of chats) expect(per.get(c), `chat ${c}`).toBe(1);
    // The faults really happened.
    for (const f of FAULTS) expect(api.calls.some((c) => c.outcome === f)).toBe(true);
    expect(logLines.join('')).not.toContain(TOKEN);
  });

  it('the real bot: every answer (all its parts) arrives once and in order through faults', async () => {
    const engine = openEngine('corpus').engine;
    const realBot = () =>
      createBot({
        token: TOKEN,
        apiRoot: api.apiRoot,
        engine: () => engine,
        botInfo: BOT_INFO,
        logger: logger(),
        throttle: false,
        apiTransformers: retryTransformers({ callTimeoutMs: 400, networkBackoffMs: 50 }),
        onError: createErrorHandler(logger()),
      });
    const questions = [
      'When was the Central Asia plus Japan dialogue launched?',
      'How much did Japan invest in Uzbekistan?',
      'What did the leaders agree in 2025?',
      'Which countries take part in the dialogue?',
    ];
    const run = async (offset: number) => {
      const bot = realBot();
      await Promise.all(questions.map((q, i) => bot.handleUpdate(textUpdate(offset + i, q))));
      return questions.map((_, i) =>
        api
          .deliveredOf('sendMessage')
          .filter((d) => d.payload.chat_id === offset + i)
          .map((d) => d.payload.text),
      );
    };
    const baseline = await run(1000);
    api.setFaults(({ method, payload, attempt }) =>
      method === 'sendMessage' && attempt < 2 ? FAULTS[(Number(payload.chat_id) + attempt) % 4] : undefined,
    );
    const faulty = await run(2000);
    expect(faulty).toEqual(baseline);
    expect(baseline.every((texts) => texts.length >= 1)).toBe(true);
  });

  it('keeps serving other updates when one fails, and apologises without details', async () => {
    const bot = answeringBot();
    await bot.init();
    await Promise.all([
      bot.handleUpdate(textUpdate(1, 'first')),
      bot.handleUpdate(textUpdate(2, 'boom')),
      bot.handleUpdate(textUpdate(3, 'third')),
    ]);
    const texts = new Map(api.deliveredOf('sendMessage').map((d) => [d.payload.chat_id, d.payload.text]));
    expect(texts.get(1)).toBe('answer to: first');
    expect(texts.get(3)).toBe('answer to: third');
    expect(texts.get(2)).toBe(SORRY_TEXT);
    const log = logLines.join('');
    expect(log).toContain('update not handled');
    expect(log).toContain('bug while answering');
    expect(log).not.toContain(TOKEN);
  });

  it('treats a blocked user and "message is not modified" as harmless: no error log, no apology', async () => {
    const bot = answeringBot();
    await bot.init();
    api.setFaults(({ method, payload }) =>
      method === 'sendMessage' ? (payload.chat_id === 1 ? 'blocked' : 'not-modified') : undefined,
    );
    await bot.handleUpdate(textUpdate(1, 'hello'));
    await bot.handleUpdate(textUpdate(2, 'hello'));
    expect(api.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(2); // not retried
    const entries = logLines.map((l) => JSON.parse(l));
    expect(entries.filter((e) => e.level >= 50)).toEqual([]);
    expect(entries.filter((e) => e.msg === 'harmless Bot API error')).toHaveLength(2);
  });

  it('gives up on a call that keeps failing instead of holding the update forever', async () => {
    const bot = answeringBot({ maxRetries: 2 });
    await bot.init();
    api.setFaults(({ method }) => (method === 'sendMessage' ? 'drop' : undefined));
    await bot.handleUpdate(textUpdate(5, 'anyone there?'));
    // First try, two retries of the answer, then the same for the apology.
    expect(api.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(6);
    expect(logLines.join('')).toContain('update not handled');
  });

  it('under long polling (src/bot/polling.ts), fetches through faults and answers each update once', async () => {
    const bot = answeringBot();
    api.setFaults(({ method, attempt, payload }) => {
      if (method === 'getUpdates') return attempt === 1 ? 'drop' : attempt === 2 ? '500' : undefined;
      if (method === 'sendMessage' && attempt === 0) return FAULTS[Number(payload.chat_id) % 4];
      return undefined;
    });
    const chats = Array.from({ length: 8 }, (_, i) => 100 + i);
    api.pushUpdates(...chats.map((c) => textUpdate(c, `q${c}`)));
    const polling = startPolling(bot, logger(), { idleMs: 20 });
    const end = Date.now() + 25_000;
    while (deliveredPerChat().size < chats.length && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    await polling.stop();
    const per = deliveredPerChat();
    for (const c of chats) expect(per.get(c), `chat ${c}`).toBe(1);
  });

  it('finishes updates in flight when the runner stops', async () => {
    const bot = answeringBot();
    api.delayMs = 300;
    const polling = startPolling(bot, logger(), { idleMs: 20 });
    api.pushUpdates(textUpdate(201, 'in flight'));
    while (!api.calls.some((c) => c.method === 'sendMessage')) await new Promise((r) => setTimeout(r, 10));
    await polling.stop();
    expect(deliveredPerChat().get(201)).toBe(1);
  });
});

describe('retries have a ceiling', () => {
  /** A bot whose retry pauses are recorded, not sat through. */
  function recordingBot(pauses: number[], retry: Parameters<typeof retryTransformers>[0] = {}) {
    const bot = new Bot<Context>(TOKEN, { client: { apiRoot: api.apiRoot } });
    bot.api.config.use(
      ...retryTransformers({
        logger: logger(),
        callTimeoutMs: 400,
        sleep: async (ms) => void pauses.push(ms),
        ...retry,
      }),
    );
    const onError = createErrorHandler(logger());
    bot.use(errorBoundary(onError));
    bot.on('message:text', (ctx) => ctx.reply(`answer to: ${ctx.msg.text}`));
    return bot;
  }

  it('backs off 5xx in seconds, not minutes, and still delivers', async () => {
    const pauses: number[] = [];
    const bot = recordingBot(pauses);
    await bot.init();
    api.setFaults(({ method, attempt }) => (method === 'sendMessage' && attempt < 5 ? '500' : undefined));
    await bot.handleUpdate(textUpdate(31, 'after five 500s'));
    expect(deliveredPerChat().get(31)).toBe(1);
    expect(pauses).toHaveLength(5);
    expect(Math.max(...pauses)).toBeLessThanOrEqual(4000);
    // auto-retry's 3, 6, 12, 24, 48 s came to 93 s.
    expect(pauses.reduce((a, b) => a + b, 0)).toBeLessThan(15_000);
  });

  it('gives up on a persistent 5xx within the budget, and the failure is logged', async () => {
    const pauses: number[] = [];
    const bot = recordingBot(pauses, { maxRetries: 50, budgetMs: 5000 });
    await bot.init();
    api.setFaults(({ method }) => (method === 'sendMessage' ? '500' : undefined));
    await bot.handleUpdate(textUpdate(32, 'never'));
    expect(pauses.length).toBeLessThan(50);
    // Two calls gave up, each within its budget: the answer, then the apology.
    expect(pauses.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2 * 5000);
    expect(logLines.join('')).toContain('given up after retries');
    expect(logLines.join('')).toContain('update not handled');
  });

  it('honours a long retry_after (150 s), logs it, and delivers the reply', async () => {
    const pauses: number[] = [];
    const bot = recordingBot(pauses);
    await bot.init();
    api.retryAfterSeconds = 150;
    api.setFaults(({ method, attempt }) => (method === 'sendMessage' && attempt === 0 ? '429' : undefined));
    await bot.handleUpdate(textUpdate(33, 'busy Telegram'));
    expect(pauses).toEqual([150_000]);
    expect(deliveredPerChat().get(33)).toBe(1);
    expect(logLines.join('')).toContain('waiting 150 s as Telegram asks');
  });

  it('reports a retry_after past the ceiling instead of failing silently', async () => {
    const pauses: number[] = [];
    const bot = recordingBot(pauses, { maxRetryAfterSeconds: 300 });
    await bot.init();
    api.retryAfterSeconds = 1000;
    api.setFaults(({ method }) => (method === 'sendMessage' ? '429' : undefined));
    await bot.handleUpdate(textUpdate(34, 'very busy'));
    expect(pauses).toEqual([]);
    const errors = logLines.map((l) => JSON.parse(l)).filter((l) => l.level >= 50);
    expect(errors.some((l) => /not delivered: Telegram asks to wait 1000 s/.test(l.msg))).toBe(true);
    expect(errors.some((l) => l.msg === 'update not handled' && l.chatId === 34)).toBe(true);
  });
});
