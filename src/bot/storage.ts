// Where sessions and conversation state live: Redis when REDIS_URL is set (so several instances behind
// one webhook share them, and a conversation begun on one continues on another), memory otherwise
// (bounded: entries expire and the least recently used are evicted, see src/bot/memory-store.ts).
//
// Defined behaviour when Redis is down:
// - At startup: `openStorage` fails within a few seconds with a StorageError that names REDIS_URL
//   (password masked). The bot refuses to start rather than fall back to memory, because a silent
//   fallback would split state between instances and lose conversations without anyone noticing.
// - Mid-run it degrades instead of refusing. Commands fail at once (no offline queue) or after
//   `commandTimeout` (a hung server), never hang. Reading conversation state, which every update
//   does, counts as "no conversation waiting", so a plain question is still answered. What needs the
//   store (entering a conversation, a follow-up read from the session) fails with
//   StorageUnavailableError, and the error handler (src/bot/errors.ts) tells the user to try again;
//   a failure after the answer went out (remembering it for follow-ups) is only logged. ioredis
//   keeps reconnecting in the background; the outage and the recovery are each logged once.
import { randomUUID } from 'node:crypto';
import { RedisAdapter } from '@grammyjs/storage-redis';
import type { ConversationData, ConversationStorage, VersionedState } from '@grammyjs/conversations';
import type { Context, StorageAdapter } from 'grammy';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { StorageUnavailableError } from './errors.js';
import { BoundedMemoryStore } from './memory-store.js';

export class StorageError extends Error {
  override name = 'StorageError';
}

/** Key prefixes, so the bot's data is easy to find (and to leave alone) in a shared Redis. */
const PREFIX = {
  session: 'dd:session:',
  conversation: 'dd:conv:',
  rate: 'dd:rate:',
  channel: 'dd:',
} as const;

/** Sessions idle this long are forgotten (seconds). */
const SESSION_TTL = 30 * 24 * 3600;
/** A conversation left waiting this long (e.g. "which question?") is dropped (seconds). */
const CONVERSATION_TTL = 24 * 3600;

/** In memory mode, chats (and conversations) kept at most; the least recently used go first. */
export const MEMORY_MAX_ENTRIES = 10_000;

export interface StorageOptions {
  /** Time allowed to reach Redis at startup before giving up. */
  connectTimeoutMs?: number;
  /** Time a single Redis command may take before it fails. */
  commandTimeoutMs?: number;
  /** Memory mode: entries kept at most per store (MEMORY_MAX_CHATS). */
  maxEntries?: number;
}

/**
 * Counter store for @grammyjs/ratelimiter (`storageClient`). Backed by Redis when there is one, so the
 * limit holds across instances; falls back to counting in this process while Redis is unreachable, so
 * an outage does not turn the limiter off or fail every update twice.
 */
export interface RateCounter {
  incr(key: string): Promise<number>;
  pexpire(key: string, milliseconds: number): Promise<number>;
  /** Sets the key for `ms` only if absent; true when this call set it ("first time in the window"). */
  claim(key: string, ms: number): Promise<boolean>;
}

export interface BotStorage {
  readonly kind: 'redis' | 'memory';
  /** For grammY's `session({ storage })`. */
  session<T>(): StorageAdapter<T>;
  /** For `conversations({ storage })` (@grammyjs/conversations v2); keyed per chat and user. */
  conversations<C extends Context>(): ConversationStorage<C, ConversationData>;
  /** For @grammyjs/ratelimiter and the limiter's "notice sent" marks (see src/bot/ratelimit.ts). */
  readonly rate: RateCounter;
  /** Resolves when Redis answers (always true for memory); for /healthz. */
  ping(): Promise<boolean>;
  /**
   * Tells the other instances sharing this store (not this one) about `message` on `channel`: how a
   * /reload on one instance reaches the others. A no-op in memory, where there are no others.
   */
  publish(channel: string, message: string): Promise<void>;
  /** Calls `handler` for every message another instance publishes on `channel`. */
  subscribe(channel: string, handler: (message: string) => void): Promise<void>;
  close(): Promise<void>;
}

/**
 * A conversation belongs to one person in one chat: in a group, `/ask` waiting for its question must
 * not swallow the next message of someone else. Updates without a sender are not routed to one.
 */
export function conversationKey(ctx: Context): string | undefined {
  if (ctx.chatId === undefined || ctx.from === undefined) return undefined;
  return `${ctx.chatId}:${ctx.from.id}`;
}

/** Opens the storage the config asks for; throws StorageError (naming REDIS_URL) if Redis is unreachable. */
export async function openStorage(
  config: { REDIS_URL?: string },
  logger: Logger,
  opts: StorageOptions = {},
): Promise<BotStorage> {
  if (!config.REDIS_URL) {
    logger.info('state store: memory (set REDIS_URL to share sessions and conversations between instances)');
    return memoryStorage({ maxEntries: opts.maxEntries });
  }
  const redis = await connectRedis(config.REDIS_URL, logger, opts);
  logger.info({ redis: maskUrl(config.REDIS_URL) }, 'state store: Redis');
  return redisStorage(redis, logger);
}

export function memoryStorage(opts: { maxEntries?: number } = {}): BotStorage {
  const maxEntries = opts.maxEntries ?? MEMORY_MAX_ENTRIES;
  const conv = new BoundedMemoryStore<VersionedState<ConversationData>>({
    ttlMs: CONVERSATION_TTL * 1000,
    maxEntries,
  });
  return {
    kind: 'memory',
    session: <T>() => new BoundedMemoryStore<T>({ ttlMs: SESSION_TTL * 1000, maxEntries }),
    conversations: <C extends Context>(): ConversationStorage<C, ConversationData> => ({
      type: 'key',
      getStorageKey: conversationKey,
      adapter: conv,
    }),
    rate: new MemoryCounter(),
    ping: async () => true,
    publish: async () => {},
    subscribe: async () => {},
    close: async () => {},
  };
}

/** Hides the password of a Redis URL so it can be shown in errors and logs. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function redisOptions(opts: StorageOptions): RedisOptions {
  return {
    lazyConnect: true,
    connectTimeout: opts.connectTimeoutMs ?? 3000,
    commandTimeout: opts.commandTimeoutMs ?? 2000,
    // Fail commands at once while disconnected instead of queueing them behind a dead connection.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // Reconnect forever in the background, never more than 2 s apart.
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
}

async function connectRedis(url: string, logger: Logger, opts: StorageOptions): Promise<Redis> {
  const redis = new Redis(url, redisOptions(opts));
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => {
    lastError = err;
  });
  const deadline = (opts.connectTimeoutMs ?? 3000) + 1000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.connect().then(() => redis.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${deadline} ms`)), deadline);
      }),
    ]);
  } catch (err) {
    // The startup listener stays: a late error from the closing socket must not go unhandled.
    redis.disconnect();
    const why = (lastError ?? (err as Error)).message;
    throw new StorageError(
      `Cannot reach Redis at REDIS_URL=${maskUrl(url)}: ${why}. ` +
        'Start Redis, fix REDIS_URL, or leave REDIS_URL empty to keep state in memory (single instance only).',
    );
  } finally {
    clearTimeout(timer);
  }
  redis.removeAllListeners('error');
  watchConnection(redis, logger);
  return redis;
}

/** Logs an outage once when it starts and once when it ends, not on every reconnect attempt. */
function watchConnection(redis: Redis, logger: Logger) {
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) logger.debug({ error: err.message }, 'Redis error');
  });
  redis.on('close', () => {
    if (down || redis.status === 'end') return;
    down = true;
    logger.warn('Redis connection lost; only what needs stored state is refused until it is back (retrying)');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info('Redis connection restored');
  });
}

/**
 * Conversation state as read by every update: while Redis is unreachable, "none waiting", so the
 * update is served as if no conversation were open (logged once per outage). Writes still fail.
 */
function readsDegrade<T>(inner: StorageAdapter<T>, logger: Logger): StorageAdapter<T> {
  let warned = false;
  return {
    read: async (k) => {
      try {
        const v = await inner.read(k);
        warned = false;
        return v;
      } catch (err) {
        if (!warned) {
          warned = true;
          logger.warn(
            { error: (err as Error).message },
            'conversation state unreadable (Redis down): serving updates as if none were open',
          );
        }
        return undefined;
      }
    },
    write: (k, v) => inner.write(k, v),
    delete: (k) => inner.delete(k),
  };
}

/** Wraps a storage adapter so that a Redis failure surfaces as StorageUnavailableError. */
function guarded<T>(inner: StorageAdapter<T>): StorageAdapter<T> {
  const wrap =
    <A extends unknown[], R>(f: (...a: A) => R | Promise<R>) =>
    async (...a: A): Promise<R> => {
      try {
        return await f(...a);
      } catch (err) {
        throw new StorageUnavailableError(`state store unavailable: ${(err as Error).message}`, {
          cause: err,
        });
      }
    };
  return {
    read: wrap((k: string) => inner.read(k)),
    write: wrap((k: string, v: T) => inner.write(k, v)),
    delete: wrap((k: string) => inner.delete(k)),
  };
}

/** Storage-redis adapter under a key prefix (the adapter itself has none). */
function prefixed<T>(adapter: StorageAdapter<T>, prefix: string): StorageAdapter<T> {
  return {
    read: (k) => adapter.read(prefix + k),
    write: (k, v) => adapter.write(prefix + k, v),
    delete: (k) => adapter.delete(prefix + k),
  };
}

export function redisStorage(redis: Redis, logger: Logger): BotStorage {
  const conv = readsDegrade(
    guarded(
      prefixed(
        new RedisAdapter<VersionedState<ConversationData>>({ instance: redis, ttl: CONVERSATION_TTL }),
        PREFIX.conversation,
      ),
    ),
    logger,
  );
  // Messages carry the sender's id, so an instance ignores its own.
  const self = randomUUID();
  let subscriber: Redis | undefined;
  const handlers = new Map<string, ((message: string) => void)[]>();
  return {
    kind: 'redis',
    session: <T>() =>
      guarded(prefixed(new RedisAdapter<T>({ instance: redis, ttl: SESSION_TTL }), PREFIX.session)),
    conversations: <C extends Context>(): ConversationStorage<C, ConversationData> => ({
      type: 'key',
      getStorageKey: conversationKey,
      adapter: conv,
    }),
    rate: new RedisCounter(redis, logger),
    ping: async () => {
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    publish: async (channel, message) => {
      await redis.publish(PREFIX.channel + channel, JSON.stringify({ from: self, message }));
    },
    subscribe: async (channel, handler) => {
      if (!subscriber) {
        // A connection in subscriber mode can do nothing else, hence a second one. Re-subscribes by
        // itself after a reconnect (ioredis `autoResubscribe`).
        subscriber = redis.duplicate({ lazyConnect: true });
        subscriber.on('error', (err: Error) =>
          logger.debug({ error: err.message }, 'Redis subscriber error'),
        );
        subscriber.on('message', (ch: string, raw: string) => {
          let parsed: { from?: string; message?: string };
          try {
            parsed = JSON.parse(raw);
          } catch {
            return;
          }
          if (parsed.from === self || typeof parsed.message !== 'string') return;
          for (const h of handlers.get(ch) ?? []) h(parsed.message);
        });
        await subscriber.connect();
      }
      const ch = PREFIX.channel + channel;
      handlers.set(ch, [...(handlers.get(ch) ?? []), handler]);
      await subscriber.subscribe(ch);
    },
    close: async () => {
      for (const conn of [subscriber, redis]) {
        if (!conn) continue;
        try {
          await conn.quit();
        } catch {
          conn.disconnect();
        }
      }
    },
  };
}

/** Fixed-window counters in this process. */
export class MemoryCounter implements RateCounter {
  private readonly entries = new Map<string, { n: number; until: number }>();

  private live(key: string) {
    const e = this.entries.get(key);
    if (e && e.until <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  async incr(key: string): Promise<number> {
    if (this.entries.size > 10_000) this.sweep();
    const e = this.live(key);
    if (e) return ++e.n;
    // Without pexpire a key lives a minute: the limiter always calls pexpire right after.
    this.entries.set(key, { n: 1, until: Date.now() + 60_000 });
    return 1;
  }

  async pexpire(key: string, ms: number): Promise<number> {
    const e = this.live(key);
    if (!e) return 0;
    e.until = Date.now() + ms;
    return 1;
  }

  async claim(key: string, ms: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.entries.set(key, { n: 1, until: Date.now() + ms });
    return true;
  }

  private sweep() {
    const now = Date.now();
    for (const [k, e] of this.entries) if (e.until <= now) this.entries.delete(k);
  }
}

class RedisCounter implements RateCounter {
  private readonly fallback = new MemoryCounter();
  private warned = false;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {}

  private async attempt<R>(remote: () => Promise<R>, local: () => Promise<R>): Promise<R> {
    try {
      const r = await remote();
      this.warned = false;
      return r;
    } catch (err) {
      if (!this.warned) {
        this.warned = true;
        this.logger.warn(
          { error: (err as Error).message },
          'rate limit counted in this process while Redis is down',
        );
      }
      return local();
    }
  }

  incr(key: string) {
    return this.attempt(
      () => this.redis.incr(PREFIX.rate + key),
      () => this.fallback.incr(key),
    );
  }

  pexpire(key: string, ms: number) {
    return this.attempt(
      () => this.redis.pexpire(PREFIX.rate + key, ms),
      () => this.fallback.pexpire(key, ms),
    );
  }

  claim(key: string, ms: number) {
    return this.attempt(
      async () => (await this.redis.set(PREFIX.rate + key, '1', 'PX', ms, 'NX')) === 'OK',
      () => this.fallback.claim(key, ms),
    );
  }
}
