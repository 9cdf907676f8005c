// How Bot API calls survive Telegram's bad moments: one transformer for 429 (retry_after honoured,
// logged when long, reported past a ceiling), 5xx and network errors (backoff capped at seconds within
// a total budget per call), so each reply is delivered or reported within seconds, never minutes.
import { HttpError, type Api, type RawApi, type Transformer } from 'grammy';
import type { Logger } from 'pino';

export interface RetryOptions {
  /** Attempts after the first, per call. */
  maxRetries?: number;
  /** A 429 asking to wait longer than this is reported (logged, the call fails) instead of waited. */
  maxRetryAfterSeconds?: number;
  /** First pause after a 5xx or a network error, doubled on each further one... */
  networkBackoffMs?: number;
  /** ...up to this. */
  maxBackoffMs?: number;
  /** Time after which a call stops retrying 5xx and network errors (429 waits are Telegram's, not ours). */
  budgetMs?: number;
  /** A call with no answer after this long counts as a network error (getUpdates excepted). */
  callTimeoutMs?: number;
  /** Where long waits and calls given up are reported. */
  logger?: Logger;
  /** How to wait (tests record the pauses instead of sitting through them). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * One transformer for every way a Bot API call can fail transiently:
 * - 429: waits `retry_after` as Telegram asks (logged when it is long); one longer than
 *   `maxRetryAfterSeconds` is not waited but reported, and the call fails.
 * - 5xx and network errors (no answer within `callTimeoutMs`, connection refused or dropped): backoff
 *   from `networkBackoffMs`, doubled, capped at `maxBackoffMs`, within `budgetMs` for the call.
 * At most `maxRetries` retries either way. A call that gives up fails with Telegram's own error, which
 * the error handler logs; so each reply is delivered or reported, within seconds, not minutes.
 */
export function boundedRetry(opts: RetryOptions = {}): Transformer<RawApi> {
  const maxRetries = opts.maxRetries ?? 5;
  const maxRetryAfter = opts.maxRetryAfterSeconds ?? 300;
  const base = opts.networkBackoffMs ?? 500;
  const cap = opts.maxBackoffMs ?? 4000;
  const budgetMs = opts.budgetMs ?? 30_000;
  const timeoutMs = opts.callTimeoutMs ?? 10_000;
  const sleep = opts.sleep ?? abortableSleep;
  const log = opts.logger;
  return async (prev, method, payload, signal) => {
    const started = Date.now();
    let slept = 0; // counted apart from the clock too, for a `sleep` that does not take real time
    let delay = base;
    const outer = signal as AbortSignal | undefined;
    const target = () => {
      const p = payload as { chat_id?: unknown } | undefined;
      return { method, chatId: typeof p?.chat_id === 'number' ? p.chat_id : undefined };
    };
    for (let attempt = 0; ; attempt++) {
      // getUpdates is a long poll that legitimately outlasts any per-call timeout.
      const timeout = method === 'getUpdates' ? undefined : AbortSignal.timeout(timeoutMs);
      const combined = timeout && outer ? AbortSignal.any([outer, timeout]) : (timeout ?? outer);
      let wait: number | undefined;
      let failure: unknown;
      let result: Awaited<ReturnType<typeof prev>> | undefined;
      try {
        // grammY types signals with the abort-controller polyfill; at run time a native one works.
        result = await prev(method, payload, combined as typeof signal);
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        failure = err;
      }
      const last = attempt >= maxRetries || !!outer?.aborted;
      if (result?.ok) return result;
      if (result && result.error_code === 429) {
        const seconds = result.parameters?.retry_after ?? 1;
        if (seconds > maxRetryAfter || last) {
          log?.error(
            { ...target(), retryAfter: seconds, attempts: attempt + 1 },
            seconds > maxRetryAfter
              ? `not delivered: Telegram asks to wait ${seconds} s (more than ${maxRetryAfter} s)`
              : 'not delivered: still rate limited after every retry',
          );
          return result;
        }
        if (seconds >= 10)
          log?.warn(
            { ...target(), retryAfter: seconds },
            `rate limited: waiting ${seconds} s as Telegram asks`,
          );
        wait = seconds * 1000;
      } else if (failure || (result && result.error_code >= 500)) {
        const elapsed = Math.max(Date.now() - started, slept);
        if (last || elapsed + delay > budgetMs) {
          log?.warn(
            { ...target(), attempts: attempt + 1, error: failure ? 'network' : result?.error_code },
            'Bot API call given up after retries',
          );
          if (failure) throw failure;
          return result!;
        }
        wait = delay;
        slept += delay;
        delay = Math.min(delay * 2, cap);
      } else {
        return result!;
      }
      await sleep(wait, outer);
      if (outer?.aborted) {
        if (failure) throw failure;
        return result!;
      }
    }
  };
}

/**
 * The transformers that make Bot API calls resilient (one, `boundedRetry`). Install them innermost,
 * before any throttler, so a retried call is not throttled twice.
 */
export function retryTransformers(opts: RetryOptions = {}): Transformer<RawApi>[] {
  return [boundedRetry(opts)];
}

/** Installs `retryTransformers` on a bot's API (`bot.api`). */
export function installApiRetry(api: Api, opts: RetryOptions = {}): void {
  api.config.use(...retryTransformers(opts));
}
