// The delivery guarantee: an update is confirmed to Telegram (the next getUpdates offset, or the
// webhook's 200) only when it has been handled, or when it is certain to be handled before the process
// exits. Here with the deployed bot and its throttle, against the fake Bot API on loopback.
import type { Update } from 'grammy/types';
import { pino } from 'pino';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openEngine } from '../src/answer/engine.js';
import { createBot } from '../src/bot/bot.js';
import type { BotContext } from '../src/bot/context.js';
import { createErrorHandler, retryTransformers } from '../src/bot/errors.js';
import { startPolling } from '../src/bot/polling.js';
import { DrainBudget, limitsFor, TELEGRAM_RATES } from '../src/server/budget.js';
import type { Engine } from '../src/types.js';
import { BOT_INFO } from './helpers/outgoing.js';
import { FakeBotApi, TOKEN, textUpdate } from './helpers/fake-bot-api.js';

const logger = pino({ level: 'silent' });
let api: FakeBotApi;
let engine: Engine;

beforeAll(() => {
  engine = openEngine('corpus').engine;
});
beforeEach(async () => {
  api = await FakeBotApi.start();
});
afterEach(async () => {
  await api.close();
});

const QUESTIONS = [
  'When was the Central Asia plus Japan dialogue launched?',
  'How much did Japan invest in Uzbekistan?',
  'Which countries take part in the dialogue?',
];

/** The deployed bot (throttle on), recording which updates its middleware finished. */
function deployedBot(handled: Set<number>) {
  const record = async (ctx: BotContext, next: () => Promise<void>) => {
    await next();
    handled.add(ctx.update.update_id);
  };
  return createBot({
    token: TOKEN,
    apiRoot: api.apiRoot,
    engine: () => engine,
    botInfo: BOT_INFO,
    logger,
    apiTransformers: retryTransformers({ callTimeoutMs: 2000, networkBackoffMs: 50 }),
    onError: createErrorHandler(logger),
    before: [record],
  });
}

async function until(cond: () => boolean, maxMs: number) {
  for (const end = Date.now() + maxMs; !cond() && Date.now() < end; )
    await new Promise((r) => setTimeout(r, 20));
}

describe('long polling under a backlog, stopped as on SIGTERM', () => {
  it('600 questions queued: every update confirmed to Telegram was handled, the rest is left queued', async () => {
    const handled = new Set<number>();
    const bot = deployedBot(handled);
    // 200 private chats with three questions each, and a busy group with a few users.
    // Update ids rise in queue order, as Telegram's do.
    const updates: Update[] = [];
    for (let round = 0; round < 3; round++)
      for (let c = 1; c <= 200; c++) {
        if (c % 100 === 0)
          updates.push(textUpdate(-777, `/ask ${QUESTIONS[c % 3]}`, { fromId: 900 + round }));
        updates.push(textUpdate(5000 + c, QUESTIONS[(c + round) % 3]));
      }
    api.pushUpdates(...updates);

    const drainMs = 3000;
    const polling = startPolling(bot, logger, { drainMs, idleMs: 20 });
    await until(() => api.deliveredOf('sendMessage').length >= 40, 20_000);
    await polling.stop();

    const offset = api.confirmedOffset;
    const confirmed = updates.filter((u) => u.update_id < offset);
    const lost = confirmed.filter((u) => !handled.has(u.update_id)).map((u) => u.update_id);
    expect(lost).toEqual([]);
    expect(confirmed.length).toBeGreaterThan(0);
    // Fetch-ahead was bounded by the budget, not the runner's default of 500 in flight.
    expect(confirmed.length).toBeLessThan(updates.length);
    expect(handled.size - confirmed.length).toBeLessThanOrEqual(limitsFor(drainMs).total);
    // What is left stays with Telegram for the next instance.
    expect(updates.length - confirmed.length).toBeGreaterThan(0);
  });

  it('never holds more than the budget in flight', async () => {
    const handled = new Set<number>();
    const bot = deployedBot(handled);
    const updates = Array.from({ length: 150 }, (_, i) => textUpdate(8000 + i, QUESTIONS[i % 3]));
    api.pushUpdates(...updates);
    const limits = { total: 10, perGroup: 1, perPrivate: 2 };
    const polling = startPolling(bot, logger, { drainMs: 3000, idleMs: 20, limits });
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, polling.budget.size);
    }, 2);
    await until(() => handled.size >= 30, 20_000);
    clearInterval(sampler);
    await polling.stop();
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(limits.total);
    const offset = api.confirmedOffset;
    expect(updates.filter((u) => u.update_id < offset && !handled.has(u.update_id))).toEqual([]);
  });
});

describe('the drain budget', () => {
  it('fits what drains within the grace period at Telegram’s rates', () => {
    const l = limitsFor(5500);
    // Half of 5.5 s at 30 messages a second, 1.5 messages an answer.
    expect(l.total).toBe(Math.floor((2.75 * TELEGRAM_RATES.globalPerSecond) / 1.5));
    expect(l.perGroup).toBe(1);
    expect(l.perPrivate).toBeGreaterThan(l.perGroup);
  });

  it('admits per chat and in total, and opens again when work finishes', () => {
    const b = new DrainBudget({ total: 3, perGroup: 1, perPrivate: 2 });
    const g = textUpdate(-5, 'hi');
    const releaseG = b.take(g);
    expect(b.fits(textUpdate(-5, 'again'))).toBe(false);
    expect(b.fits(textUpdate(7, 'private'))).toBe(true);
    const r1 = b.take(textUpdate(7, 'a'));
    b.take(textUpdate(7, 'b'));
    expect(b.open()).toBe(false);
    r1();
    r1(); // counted out once only
    expect(b.size).toBe(2);
    releaseG();
    expect(b.open()).toBe(true);
  });
});
