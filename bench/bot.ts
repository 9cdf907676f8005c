// Update throughput of the bot: `bot.handleUpdate` for private-chat questions from many users, every
// outgoing Bot API call answered in-process by an API transformer (no network). Measured twice:
// without flood throttling (what the bot itself costs per update on top of the engine) and with the
// deployed throttle on (what users get: about 30 answers a second, Telegram's global limit).
import type { RawApi, Transformer } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { Engine } from '../src/types.js';

const BOT_INFO = {
  id: 1000001,
  is_bot: true,
  first_name: 'Dialogue Desk',
  username: 'dialogue_desk_bench_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
} as unknown as UserFromGetMe;

function inProcessApi(counts: Map<string, number>): Transformer<RawApi> {
  let messageId = 1;
  return (async (_prev, method, payload) => {
    counts.set(method, (counts.get(method) ?? 0) + 1);
    const p = (payload ?? {}) as Record<string, unknown>;
    let result: unknown = true;
    if (method === 'getMe') result = BOT_INFO;
    else if (method === 'sendMessage' || method === 'editMessageText') {
      result = {
        message_id: method === 'editMessageText' ? p.message_id : messageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: p.chat_id, type: 'private', first_name: 'Reader' },
        from: BOT_INFO,
        text: p.text,
        entities: p.entities,
      };
    }
    return { ok: true, result } as never;
  }) as Transformer<RawApi>;
}

let updateId = 1;
function questionUpdate(user: number, text: string): Update {
  const from = { id: user, is_bot: false, first_name: `Reader ${user}` };
  return {
    update_id: updateId++,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: user, type: 'private', first_name: from.first_name },
      from,
      text,
    },
  } as Update;
}

export interface BotThroughput {
  updates: number;
  ms: number;
  perSecond: number;
  /** Outgoing API calls by method. */
  calls: Record<string, number>;
  /** Engine method calls. */
  engineCalls: Record<string, number>;
  concurrency: number;
  /** The same with the deployed throttle (src/bot/bot.ts DEFAULT_THROTTLE) on. */
  throttled?: { updates: number; ms: number; perSecond: number; messagesPerSecond: number };
}

/**
 * Updates per second through `createBot`'s `handleUpdate`, `concurrency` chats at a time (as the runner
 * would feed them), after a warm-up. Undefined when src/bot/bot.ts is not there.
 */
export async function botThroughput(
  engine: Engine,
  questions: string[],
  updates = 2000,
  concurrency = 32,
  throttledUpdates = 300,
): Promise<BotThroughput | undefined> {
  let createBot: typeof import('../src/bot/bot.js').createBot;
  try {
    ({ createBot } = await import('../src/bot/bot.js'));
  } catch {
    return undefined;
  }
  const { pino } = await import('pino');
  const counts = new Map<string, number>();
  // Engine calls per update, counted on the way through (what the bot asks of the engine for one reply).
  const engineCalls = new Map<string, number>();
  const counted = new Proxy(engine, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        engineCalls.set(String(key), (engineCalls.get(String(key)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const makeBot = (throttle: boolean, calls: Map<string, number>) =>
    createBot({
      token: '123456789:AAbenchBENCHbenchBENCHbenchBENCHbench',
      engine: () => counted,
      botInfo: BOT_INFO,
      logger: pino({ level: 'silent' }),
      ...(throttle ? {} : { throttle: false as const }),
      apiTransformers: [inProcessApi(calls)],
    });
  const bot = makeBot(false, counts);
  await bot.init();

  const run = async (b: typeof bot, n: number, firstUser = 100) => {
    for (let i = 0; i < n; i += concurrency) {
      const batch: Promise<void>[] = [];
      for (let j = i; j < Math.min(n, i + concurrency); j++) {
        batch.push(b.handleUpdate(questionUpdate(firstUser + (j % 500), questions[j % questions.length])));
      }
      await Promise.all(batch);
    }
  };
  await run(bot, Math.min(200, updates));
  counts.clear();
  engineCalls.clear();
  const started = performance.now();
  await run(bot, updates);
  const ms = performance.now() - started;
  return {
    updates,
    ms,
    perSecond: (updates / ms) * 1000,
    calls: Object.fromEntries(counts),
    engineCalls: Object.fromEntries(engineCalls),
    concurrency,
    throttled: throttledUpdates > 0 ? await throttledRun(throttledUpdates) : undefined,
  };

  // The deployed throttle keeps ~30 messages a second overall: a few hundred updates take seconds.
  // The throttler's reservoir starts full (one second's worth), so the first second is a burst; over
  // a few hundred updates it weighs little.
  async function throttledRun(n: number) {
    const calls = new Map<string, number>();
    const tb = makeBot(true, calls);
    await tb.init();
    const t0 = performance.now();
    await run(tb, n, 10_000);
    const tms = performance.now() - t0;
    const messages = calls.get('sendMessage') ?? 0;
    return { updates: n, ms: tms, perSecond: (n / tms) * 1000, messagesPerSecond: (messages / tms) * 1000 };
  }
}
