// Everything the deployed bot adds to `createBot` (src/bot/bot.ts), in one place for main.ts:
// shared state (Redis or memory), the error handler (createBot installs it once), bounded retries for Bot
// API calls, the per-user rate limit and the admin /reload. Each piece lives in its own module; this
// one only composes them, so main.ts and the tests assemble the same bot.
import type { Logger } from 'pino';
import type { BotContext, SessionData } from '../bot/context.js';
import type { BotOptions } from '../bot/bot.js';
import { createErrorHandler, retryTransformers } from '../bot/errors.js';
import { adminFeature, shareReloads, type EngineLoader, type EngineRef } from '../bot/features/admin.js';
import { rateLimit } from '../bot/ratelimit.js';
import { openStorage, type BotStorage } from '../bot/storage.js';
import type { Config } from '../config.js';

export type ProductionConfig = Pick<
  Config,
  'REDIS_URL' | 'RATE_LIMIT_PER_MINUTE' | 'ADMIN_IDS' | 'CORPUS_DIR' | 'WEBHOOK_SECRET'
> &
  Partial<Pick<Config, 'CACHE_DIR' | 'MEMORY_MAX_CHATS'>>;

export interface Production {
  storage: BotStorage;
  /** Spread into `createBot({...})`. */
  botOptions: Required<
    Pick<BotOptions, 'before' | 'apiTransformers' | 'onError' | 'sessionStorage' | 'conversationStorage'>
  >;
  /** For /healthz: whether the state store answers. */
  health(): Promise<{ ok: boolean; store: string }>;
  close(): Promise<void>;
}

/**
 * Opens the state store and builds the production middleware. Rejects with a StorageError naming
 * REDIS_URL (within a few seconds) when Redis is configured but unreachable: the caller should exit.
 */
export async function prepareProduction(
  config: ProductionConfig,
  logger: Logger,
  engine: EngineRef,
  opts: { load?: EngineLoader; secrets?: (string | undefined)[] } = {},
): Promise<Production> {
  const storage = await openStorage(config, logger, { maxEntries: config.MEMORY_MAX_CHATS });
  const reload = {
    corpusDir: config.CORPUS_DIR,
    cacheDir: config.CACHE_DIR,
    engine,
    logger,
    load: opts.load,
  };
  const announce = storage.kind === 'redis' ? await shareReloads(storage, reload) : undefined;
  const onError = createErrorHandler(logger, { secrets: opts.secrets ?? [config.WEBHOOK_SECRET] });
  return {
    storage,
    botOptions: {
      // `onError` is the one error boundary: createBot installs it first (and as `bot.catch`), so the
      // rate limit and /reload below are covered like every feature.
      before: [
        rateLimit<BotContext>({ perWindow: config.RATE_LIMIT_PER_MINUTE, counter: storage.rate }),
        adminFeature<BotContext>({ ...reload, adminIds: config.ADMIN_IDS, announce }),
      ],
      apiTransformers: retryTransformers({ logger }),
      onError,
      sessionStorage: storage.session<SessionData>(),
      conversationStorage: storage.conversations<BotContext>(),
    },
    health: async () => {
      if (storage.kind === 'memory') return { ok: true, store: 'memory' };
      const ok = await storage.ping();
      return { ok, store: ok ? 'redis' : 'redis unreachable' };
    },
    close: () => storage.close(),
  };
}
