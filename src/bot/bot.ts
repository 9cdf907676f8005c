// The bot: one Composer per feature, composed in the order an update should meet them. Everything
// that differs between deployments comes in through `createBot`'s options: the engine (a getter, so
// /reload can swap it), where sessions and conversations live, extra middleware (rate limiting,
// admin commands) and API transformers (retries). Long polling, webhooks and the terminal chat all
// drive the same bot.
import {
  conversations,
  createConversation,
  type ConversationData,
  type ConversationStorage,
  type VersionedState,
} from '@grammyjs/conversations';
import { sequentialize } from '@grammyjs/runner';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { autoRetry } from '@grammyjs/auto-retry';
import {
  Bot,
  lazySession,
  MemorySessionStorage,
  type BotError,
  type Context,
  type Middleware,
  type MiddlewareFn,
  type RawApi,
  type StorageAdapter,
  type Transformer,
} from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { pino, type Logger } from 'pino';
import type { Engine } from '../types.js';
import { createErrorHandler, errorBoundary } from './errors.js';
import { acknowledgePresses } from './presses.js';
import { CallbackKeys, type KeyRecord } from './callback-data.js';
import type { BotContext, SessionData } from './context.js';
import { ask } from './conversations/ask.js';
import { examplesFor } from './examples.js';
import { asLocale, sharedI18n, wordsFor } from './i18n.js';
import {
  askFeature,
  buttonsFeature,
  cancelFeature,
  editsFeature,
  figuresFeature,
  groupFeature,
  inlineFeature,
  languageFeature,
  privateFeature,
  sourcesFeature,
  startFeature,
  timelineFeature,
} from './features/index.js';

export interface ThrottleOptions {
  global?: { reservoir?: number; reservoirRefreshAmount?: number; reservoirRefreshInterval?: number };
  group?: {
    maxConcurrent?: number;
    minTime?: number;
    reservoir?: number;
    reservoirRefreshAmount?: number;
    reservoirRefreshInterval?: number;
  };
  out?: { maxConcurrent?: number; minTime?: number };
}

export interface BotOptions {
  token: string;
  /** The engine to answer with; called once per update, so a /reload takes effect at the next update. */
  engine: () => Engine;
  /** Bot API server (grammY `client.apiRoot`); Telegram's by default. */
  apiRoot?: string;
  /** Skips `getMe` (the terminal chat, tests). */
  botInfo?: UserFromGetMe;
  logger?: Logger;
  /** Where sessions live (default: memory). */
  sessionStorage?: StorageAdapter<SessionData>;
  /**
   * Where the payloads of buttons live (default: the session storage, under keys of their own, so
   * with Redis every instance serves every button).
   */
  buttonStorage?: StorageAdapter<KeyRecord>;
  /** Where conversation state lives (default: memory, keyed per chat and user). */
  conversationStorage?: ConversationStorage<BotContext, ConversationData>;
  adminIds?: readonly number[];
  /** Example questions for /start and inline highlights (default: one of each kind, see examples.ts). */
  examples?: readonly string[];
  /** Middleware run before every feature (rate limiting, admin commands such as /reload). */
  before?: Middleware<BotContext>[];
  /** API transformers for resilience, innermost first (default: @grammyjs/auto-retry). */
  apiTransformers?: Transformer<RawApi>[];
  /** Flood-limit throttling of outgoing messages; `false` turns it off (the terminal chat). */
  throttle?: ThrottleOptions | false;
  /**
   * What to do with an update that failed (default: src/bot/errors.ts's handler: log without the token,
   * apologise to whoever asked). Installed as the first middleware and as `bot.catch`, so neither the
   * runner, nor a webhook, nor `bot.handleUpdate` in the terminal chat ever sees an error.
   */
  onError?: (err: BotError<BotContext>) => Promise<void>;
  /** Button payload keys (default: kept in `buttonStorage`). */
  keys?: CallbackKeys;
}

/** Methods that put a message into a chat and so count against Telegram's flood limits. */
const THROTTLED = new Set([
  'sendMessage',
  'editMessageText',
  'editMessageReplyMarkup',
  'sendPhoto',
  'sendDocument',
  'copyMessage',
  'forwardMessage',
]);

// Telegram's limits are about 30 messages a second overall, 20 a minute in a group; a private chat
// tolerates short bursts, so a split answer does not wait a second between its parts.
const DEFAULT_THROTTLE: Required<ThrottleOptions> = {
  global: { reservoir: 30, reservoirRefreshAmount: 30, reservoirRefreshInterval: 1000 },
  group: {
    maxConcurrent: 1,
    minTime: 300,
    reservoir: 20,
    reservoirRefreshAmount: 20,
    reservoirRefreshInterval: 60_000,
  },
  out: { maxConcurrent: 1, minTime: 100 },
};

function messageThrottler(opts: ThrottleOptions): Transformer<RawApi> {
  const throttled = apiThrottler({ ...DEFAULT_THROTTLE, ...opts } as Parameters<typeof apiThrottler>[0]);
  return (prev, method, payload, signal) =>
    THROTTLED.has(method) ? throttled(prev, method, payload, signal) : prev(method, payload, signal);
}

/**
 * Commands as people type them: `/cmd` without a bot_command entity (some clients, emulators) still
 * counts, and `/Timeline 2019` is `/timeline 2019` (grammY matches command names exactly; the menu
 * registers them in lower case).
 */
const normalizeCommands: MiddlewareFn<Context> = (ctx, next) => {
  const msg = ctx.message ?? ctx.editedMessage;
  const text = msg?.text;
  if (msg && text) {
    const m = /^\/([A-Za-z0-9_]{1,32})(@[A-Za-z0-9_]{3,64})?/.exec(text);
    if (m && !msg.entities?.some((e) => e.type === 'bot_command' && e.offset === 0)) {
      msg.entities = [{ type: 'bot_command', offset: 0, length: m[0].length }, ...(msg.entities ?? [])];
    }
    if (m && m[1] !== m[1].toLowerCase()) msg.text = `/${m[1].toLowerCase()}${text.slice(m[1].length + 1)}`;
  }
  return next();
};

/** Per chat (or per user, for updates without a chat): updates of one conversation run in order. */
export function updateConstraint(ctx: Context): string | undefined {
  const id = ctx.chat?.id ?? ctx.from?.id;
  return id === undefined ? undefined : String(id);
}

export function createBot(opts: BotOptions): Bot<BotContext> {
  const log = opts.logger ?? pino({ level: 'silent' });
  const bot = new Bot<BotContext>(opts.token, {
    botInfo: opts.botInfo,
    client: { apiRoot: opts.apiRoot },
  });

  // Innermost first: retries wrap the raw call; the throttler schedules each logical call once.
  bot.api.config.use(...(opts.apiTransformers ?? [autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 120 })]));
  if (opts.throttle !== false) bot.api.config.use(messageThrottler(opts.throttle ?? {}));

  const sessionStorage = opts.sessionStorage ?? new MemorySessionStorage<SessionData>(30 * 24 * 3600 * 1000);
  const keys =
    opts.keys ??
    new CallbackKeys({
      // Session keys are chat ids; button keys carry a prefix of their own (callback-data.ts).
      storage: opts.buttonStorage ?? (sessionStorage as unknown as StorageAdapter<KeyRecord>),
      onWriteError: (err) =>
        log.warn(
          { error: err instanceof Error ? err.message : String(err) },
          'could not store a button (it will answer "expired")',
        ),
    });
  const examples = (engine: Engine) => opts.examples ?? examplesFor(engine);
  const adminIds = opts.adminIds ?? [];

  // Outermost: a message's buttons are in storage before the message goes out, so another instance
  // (or this one after a restart) can serve a press at once.
  // Only calls that carry buttons wait (never getUpdates or a press's acknowledgement).
  bot.api.config.use(async (prev, method, payload, signal) => {
    if (keys.hasPending && payload && typeof payload === 'object' && 'reply_markup' in payload) {
      await keys.flush();
    }
    return prev(method, payload, signal);
  });

  const onError = opts.onError ?? (createErrorHandler(log) as (err: BotError<BotContext>) => Promise<void>);
  // The one error boundary wraps everything, so an update Telegram would never send is dropped before
  // even a press's acknowledgement sees it.
  bot.use(errorBoundary(onError));
  // Ahead of the per-chat queue: a press is acknowledged at once, whatever the chat is waiting on.
  bot.use(acknowledgePresses<BotContext>({ engine: opts.engine, keys, examples, log }));
  bot.use(sequentialize(updateConstraint));
  bot.use(normalizeCommands);
  bot.use((ctx, next) => {
    const engine = opts.engine();
    ctx.desk = { engine, keys, log, adminIds, examples: examples(engine) };
    return next();
  });
  if (opts.before?.length) bot.use(...opts.before);

  bot.use(
    lazySession<SessionData, BotContext>({
      initial: () => ({ asked: [] }),
      storage: sessionStorage,
    }),
  );
  // The reader's language, after the session (a /language choice lives there): every feature replies
  // through ctx.t or ctx.words, so none of them decides the language itself.
  bot.use(sharedI18n().middleware() as MiddlewareFn<BotContext>);
  bot.use(async (ctx, next) => {
    ctx.words = wordsFor(asLocale(await ctx.i18n.getLocale()));
    return next();
  });
  bot.use(
    conversations<BotContext, Context>({
      storage: opts.conversationStorage ?? {
        type: 'key',
        getStorageKey: (ctx) =>
          ctx.chatId !== undefined && ctx.from ? `${ctx.chatId}:${ctx.from.id}` : undefined,
        adapter: new MemorySessionStorage<VersionedState<ConversationData>>(24 * 3600 * 1000),
      },
    }),
  );
  // Before the conversations, so a waiting conversation never swallows a cancel.
  bot.use(cancelFeature);
  bot.use(createConversation(ask, 'ask'));

  bot.use(languageFeature, startFeature, askFeature, timelineFeature, figuresFeature, sourcesFeature);
  bot.use(buttonsFeature, inlineFeature, editsFeature, groupFeature, privateFeature);

  bot.catch(onError);
  return bot;
}
