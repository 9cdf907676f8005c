// What happens when handling an update goes wrong, and how Bot API calls survive Telegram's bad moments.
//
// - `createErrorHandler` is the `bot.catch` handler (and, through `errorBoundary`, the bot's first
//   middleware): the harmless Bot API errors (the user blocked the
//   bot, "message is not modified", a callback query too old to answer) are logged at debug level;
//   everything else is logged once, without the token, and the user who asked gets a short apology,
//   never an error text or a stack trace. grammY calls it per update, so one failing update never
//   stops the others.
// - `errorBoundary` is that one boundary, installed once by createBot; it also skips updates Telegram
//   would never send (a text that is not a string, a button press with neither message nor inline
//   message id), so no handler has to guard against them.
// - `installApiRetry` (src/bot/retry.ts) makes outgoing calls ride out 429s (waiting `retry_after`,
//   logged), 5xx answers and network errors (backoff capped at seconds, with a total budget per call),
//   so a reply is delivered or reported within seconds and shutdown never waits on it for minutes.
import { BotError, GrammyError, HttpError, type Context, type MiddlewareFn } from 'grammy';
import type { Logger } from 'pino';
import { malformed } from './update-shape.js';

// Where the retries and the update checks live now; re-exported for the callers that import them here.
export { installApiRetry, retryTransformers } from './retry.js';
import { localeOfCode, wordsFor } from './i18n.js';

/** Shown when an update could not be answered because of a fault on our side. */
export const SORRY_TEXT =
  'Sorry, something went wrong on my side while answering. Please try again in a moment.';
/** Shown when the shared state store (Redis) cannot be reached. */
export const UNAVAILABLE_TEXT =
  'Sorry, I cannot reach my memory store right now. Please try again in a minute.';

/**
 * 400 descriptions that mean "nothing to do": a second press on the same button, an edit of a message
 * that is gone, a callback query answered too late. They are expected in a busy chat.
 */
const HARMLESS_400 = [
  /message is not modified/i,
  /message to edit not found/i,
  /message to delete not found/i,
  /message can't be edited/i,
  /message can't be deleted/i,
  /query is too old/i,
  /query id is invalid/i,
  /response timeout expired/i,
];

/**
 * 403 (bot blocked, kicked from the group, user deactivated) and the harmless 400s: the user cannot be
 * reached or there is nothing to change. Not worth an error log, never worth a retry.
 */
export function isHarmlessApiError(err: unknown): boolean {
  if (!(err instanceof GrammyError)) return false;
  if (err.error_code === 403) return true;
  return err.error_code === 400 && HARMLESS_400.some((re) => re.test(err.description));
}

/** Awaits a Bot API call whose harmless failures (see `isHarmlessApiError`) may be ignored. */
export async function ignoreHarmless<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (isHarmlessApiError(err)) return undefined;
    throw err;
  }
}

// A bot token as @BotFather issues it, bare or inside a Bot API URL path (`/bot<token>/`).
const TOKEN_PATTERN = /\d{5,}:[A-Za-z0-9_-]{30,}/g;

/** Removes anything that looks like a bot token (and the given secrets) from a text meant for a log. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text.replace(TOKEN_PATTERN, '<redacted>');
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('<redacted>');
  return out;
}

/** Marks an error raised because the shared state store is unreachable (see src/bot/storage.ts). */
export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError';
}

function isStorageFailure(err: unknown): boolean {
  if (err instanceof StorageUnavailableError) return true;
  // ioredis errors that reach us through @grammyjs/storage-redis unwrapped.
  if (!(err instanceof Error)) return false;
  return (
    /enableOfflineQueue|Stream isn't writeable|Connection is closed|Command timed out|MaxRetriesPerRequest/i.test(
      err.message,
    ) ||
    err.name === 'MaxRetriesPerRequestError' ||
    err.name === 'StorageError'
  );
}

/** A loggable summary of an error: plain strings only, so no nested object can carry a token out. */
export function describeError(err: unknown, secrets: readonly (string | undefined)[] = []) {
  const e = err instanceof BotError ? err.error : err;
  const clean = (s: string) => redactSecrets(s, secrets).slice(0, 500);
  if (e instanceof GrammyError) {
    return { kind: 'api', method: e.method, code: e.error_code, description: clean(e.description) };
  }
  if (e instanceof HttpError) {
    // `e.error` may be a fetch error whose message holds the request URL, token included: keep it out.
    return { kind: 'network', message: clean(e.message) };
  }
  if (isStorageFailure(e)) return { kind: 'storage', message: clean((e as Error).message) };
  if (e instanceof Error) {
    // The first stack frames help whoever reads the log; the user never sees them.
    const where = (e.stack ?? '')
      .split('\n')
      .slice(1, 4)
      .map((l) => l.trim())
      .join(' | ');
    return { kind: 'bug', name: e.name, message: clean(e.message), where: clean(where) };
  }
  return { kind: 'unknown', message: clean(String(e)) };
}

/**
 * Whether the update was meant for the bot: anything in a private chat, a button press, an inline
 * query, and in groups a command, a mention of the bot or a reply to one of its messages. The bot
 * stays silent about everything else (ordinary group chatter), also when something fails.
 */
export function isAddressedToBot(ctx: Context): boolean {
  if (ctx.callbackQuery || ctx.inlineQuery || ctx.chosenInlineResult) return true;
  const msg = ctx.message ?? ctx.editedMessage;
  if (!msg || !ctx.chat) return false;
  if (ctx.chat.type === 'private') return true;
  const raw = msg.text ?? msg.caption;
  const text = typeof raw === 'string' ? raw : '';
  const me = safeMe(ctx);
  const command = /^\/[A-Za-z0-9_]+(?:@([A-Za-z0-9_]+))?/.exec(text);
  // `/cmd@other_bot` is someone else's business; a bare `/cmd` may be ours.
  if (command) return !command[1] || command[1].toLowerCase() === me?.username?.toLowerCase();
  if (!me) return false;
  if (msg.reply_to_message?.from?.id === me.id) return true;
  return !!me.username && text.toLowerCase().includes(`@${me.username.toLowerCase()}`);
}

function safeMe(ctx: Context) {
  try {
    return ctx.me;
  } catch {
    return undefined; // bot not initialised: only in hand-made test contexts
  }
}

export interface ErrorHandlerOptions {
  /** Strings that must never reach the log besides token-like ones (e.g. the webhook secret). */
  secrets?: (string | undefined)[];
}

/** The `bot.catch` handler. Never throws: a failure while apologising is only logged. */
export function createErrorHandler(logger: Logger, opts: ErrorHandlerOptions = {}) {
  const secrets = opts.secrets ?? [];
  return async (err: BotError<Context>): Promise<void> => {
    try {
      await handle(err);
    } catch (e) {
      // The last line of defence: even a malformed update or a broken logger must not escape.
      try {
        logger.error({ error: describeError(e, secrets) }, 'error handler failed');
      } catch {}
    }
  };
  async function handle(err: BotError<Context>): Promise<void> {
    const ctx = err.ctx;
    const update = { updateId: ctx.update?.update_id, kind: updateKind(ctx), chatId: safeChatId(ctx) };
    const cause = err.error;
    if (isHarmlessApiError(cause)) {
      logger.debug({ ...update, error: describeError(cause, secrets) }, 'harmless Bot API error');
      return;
    }
    const storage = isStorageFailure(cause);
    if (storage && hasReplied(ctx)) {
      // The answer went out; only remembering it (for a follow-up) failed. Nothing to apologise for.
      logger.warn(
        { ...update, error: describeError(cause, secrets) },
        'answered; state not saved (store unavailable)',
      );
      return;
    }
    logger.error(
      { ...update, error: describeError(cause, secrets) },
      storage ? 'update not handled: state store unavailable' : 'update not handled',
    );
    try {
      await apologise(ctx, storage ? UNAVAILABLE_TEXT : SORRY_TEXT);
    } catch (e) {
      logger.debug({ ...update, error: describeError(e, secrets) }, 'could not send the apology');
    }
  }
}

function safeChatId(ctx: Context): number | undefined {
  try {
    return ctx.chat?.id;
  } catch {
    return undefined;
  }
}

/**
 * The apology in the asker's language. An error may come from the session store itself, so only
 * Telegram's language_code is read here, never a /language choice kept in the session.
 */
function inTheirLanguage(ctx: Context, english: string): string {
  const locale = localeOfCode(ctx.from?.language_code);
  if (!locale || locale === 'en') return english;
  return wordsFor(locale).t(english === UNAVAILABLE_TEXT ? 'error-storage' : 'error-generic');
}

async function apologise(ctx: Context, english: string) {
  if (malformed(ctx.update) || !isAddressedToBot(ctx)) return;
  const text = inTheirLanguage(ctx, english);
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text });
  } else if (ctx.inlineQuery) {
    await ctx.answerInlineQuery([], { cache_time: 0 });
  } else if (ctx.chat && (ctx.message ?? ctx.editedMessage)) {
    const msg = (ctx.message ?? ctx.editedMessage)!;
    await ctx.reply(text, {
      reply_parameters:
        ctx.chat.type === 'private'
          ? undefined
          : { message_id: msg.message_id, allow_sending_without_reply: true },
      link_preview_options: { is_disabled: true },
    });
  }
}

/**
 * The first middleware of the bot: routes every error of the middleware below it to `handler`.
 * `bot.catch` alone covers long polling only; with this, `bot.handleUpdate` itself never rejects, so
 * webhook mode and tests get the same treatment as the runner. An update Telegram would never send
 * is skipped (logged at debug level when a logger is given) before any handler sees it.
 */
export function errorBoundary<C extends Context>(
  handler: (err: BotError<C>) => Promise<void>,
  opts: { logger?: Logger } = {},
): MiddlewareFn<C> {
  return async (ctx, next) => {
    const problem = malformed(ctx.update);
    if (problem) {
      opts.logger?.debug(
        { updateId: (ctx.update as { update_id?: unknown })?.update_id, problem },
        'malformed update skipped',
      );
      return;
    }
    trackReplies(ctx);
    try {
      await next();
    } catch (err) {
      await handler(err instanceof BotError ? (err as BotError<C>) : new BotError<C>(err, ctx));
    }
  };
}

/** Methods whose success means the user got a reply to this update. */
const REPLIES = new Set([
  'sendMessage',
  'editMessageText',
  'answerInlineQuery',
  'sendPhoto',
  'sendDocument',
  'copyMessage',
]);
const replied = new WeakSet<Context>();

/** Marks `ctx` once a reply to it has gone out (ctx.api is this update's own Api instance). */
function trackReplies(ctx: Context) {
  try {
    ctx.api.config.use(async (prev, method, payload, signal) => {
      const result = await prev(method, payload, signal);
      if (result.ok && REPLIES.has(method)) replied.add(ctx);
      return result;
    });
  } catch {
    // A hand-made context without an Api: nothing to track.
  }
}

/** Whether a reply to this update was already delivered (see `errorBoundary`). */
export function hasReplied(ctx: Context): boolean {
  return replied.has(ctx);
}

function updateKind(ctx: Context): string {
  if (typeof ctx.update !== 'object' || ctx.update === null) return 'unknown';
  return Object.keys(ctx.update).find((k) => k !== 'update_id') ?? 'unknown';
}
