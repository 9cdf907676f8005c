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
