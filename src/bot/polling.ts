// Long polling with @grammyjs/runner: updates of one chat in order (sequentialize, installed by
// createBot), chats in parallel. Stopping is graceful: no new updates are fetched, updates in flight
// finish (within a deadline), and the last offset is confirmed so nothing handled is delivered again.
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Bot, Context } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';

export interface PollingOptions {
  /** How long `stop` waits for updates in flight. */
  drainMs?: number;
  /**
   * A getUpdates that returns empty at once (an emulator; real Telegram holds the request open) is
   * followed by this pause, so the bot does not spin on the server.
   */
  idleMs?: number;
}

export interface Polling {
  runner: RunnerHandle;
  /** Resolves when the runner stops by itself (e.g. the token is refused). */
  task: Promise<void>;
  stop(): Promise<void>;
}

const ALLOWED = [
  'message',
  'edited_message',
  'callback_query',
  'inline_query',
  'chosen_inline_result',
] as const;

export function startPolling<C extends Context>(
  bot: Bot<C>,
  log: Logger,
  opts: PollingOptions = {},
): Polling {
  const inFlight = new Set<Promise<void>>();
  let lastUpdateId: number | undefined;
  let fetchFailures = 0;
  const idleMs = opts.idleMs ?? 300;

  const adapter = {
    init: () => bot.init(),
    handleUpdate: (update: Update) => {
      const p = bot.handleUpdate(update).finally(() => inFlight.delete(p));
      inFlight.add(p);
      return p;
    },
    errorHandler: (err: unknown) => {
      log.error({ error: err instanceof Error ? err.message : String(err) }, 'update failed');
    },
    api: {
      getUpdates: async (
        args: { offset: number; limit: number; timeout: number },
        signal: Parameters<typeof pause>[1],
      ) => {
        const started = Date.now();
        try {
          const updates = await bot.api.getUpdates(
            { ...args, allowed_updates: [...ALLOWED] },
            signal as never,
          );
          if (fetchFailures) log.info('fetching updates again');
          fetchFailures = 0;
          if (updates.length) lastUpdateId = updates[updates.length - 1].update_id;
          else if (Date.now() - started < idleMs) await pause(idleMs, signal);
          return updates;
        } catch (err) {
          if (!signal.aborted && fetchFailures++ % 10 === 0) {
            log.warn(
              { error: err instanceof Error ? err.message : String(err) },
              'could not fetch updates; retrying',
            );
          }
          throw err;
        }
      },
    },
  };

  // `silent`: the runner would print fetch errors with console.error, request URL (token) included.
  const runner = run(adapter, {
    runner: { silent: true, retryInterval: 'exponential', maxRetryTime: 24 * 3600_000 },
  });
  const task = runner.task() ?? Promise.resolve();

  return {
    runner,
    task,
    async stop() {
      if (runner.isRunning()) await runner.stop().catch(() => undefined);
      const pending = [...inFlight];
      if (pending.length) {
        log.info({ updates: pending.length }, 'finishing updates in flight');
        const drained = await Promise.race([
          Promise.allSettled(pending).then(() => true),
          new Promise<false>((r) => setTimeout(() => r(false), opts.drainMs ?? 5000).unref()),
        ]);
        if (!drained) log.warn('stopped before every update in flight finished');
      }
      if (lastUpdateId !== undefined) {
        // Confirms the offset to the server; the runner only does so with its next fetch.
        await bot.api
          .getUpdates({ offset: lastUpdateId + 1, limit: 1, timeout: 0 }, AbortSignal.timeout(1500) as never)
          .catch(() => undefined);
      }
    },
  };
}

// grammY types signals with the abort-controller polyfill; at run time they are native ones.
type AnySignal = Pick<AbortSignal, 'aborted' | 'addEventListener' | 'removeEventListener'>;

function pause(ms: number, signal: AnySignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
