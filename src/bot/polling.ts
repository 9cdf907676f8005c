// Long polling with @grammyjs/runner: updates of one chat in order (sequentialize, installed by
// createBot), chats in parallel.
//
// Delivery: a getUpdates call confirms every update fetched before it, so the next call is only made
// once the updates in flight fit a DrainBudget (src/server/budget.ts): work Telegram considers
// delivered always drains within the shutdown grace period under the send limits. Stopping fetches
// nothing more, lets the updates in flight finish (within `drainMs`), then confirms only up to the
// first one still unfinished, so whatever did not finish is delivered again, to the next instance.
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Bot, Context } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import { DrainBudget, limitsFor, type BudgetLimits } from '../server/budget.js';

export interface PollingOptions {
  /** How long `stop` waits for updates in flight. */
  drainMs?: number;
  /** What may be in flight at once; by default what drains within `drainMs` (see `limitsFor`). */
  limits?: BudgetLimits;
  /**
   * A getUpdates that returns empty at once (an emulator; real Telegram holds the request open) is
   * followed by this pause, so the bot does not spin on the server.
   */
  idleMs?: number;
}

export interface Polling {
  runner: RunnerHandle;
  budget: DrainBudget;
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
  const drainMs = opts.drainMs ?? 5000;
  const budget = new DrainBudget(opts.limits ?? limitsFor(drainMs));
  const inFlight = new Map<number, Promise<void>>();
  let lastUpdateId: number | undefined;
  // The offset of the last getUpdates sent: Telegram considers every update below it delivered.
  let confirmedBelow = 0;
  let fetchFailures = 0;
  let stopping = false;
  const idleMs = opts.idleMs ?? 300;

  const adapter = {
    init: () => bot.init(),
    handleUpdate: (update: Update) => {
      const release = budget.take(update);
      const p = bot.handleUpdate(update).finally(() => {
        inFlight.delete(update.update_id);
        release();
      });
      inFlight.set(update.update_id, p);
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
        // This call confirms everything fetched so far: wait until that much work fits the budget.
        await budget.whenOpen(signal);
        if (signal.aborted || stopping) throw new Error('polling stopped');
        const started = Date.now();
        confirmedBelow = Math.max(confirmedBelow, args.offset);
        try {
          const updates = await bot.api.getUpdates(
            {
              ...args,
              limit: Math.max(1, Math.min(args.limit, budget.room())),
              allowed_updates: [...ALLOWED],
            },
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
  // The sink's concurrency is the budget's total, so the runner never asks for more than fits.
  const runner = run(adapter, {
    runner: { silent: true, retryInterval: 'exponential', maxRetryTime: 24 * 3600_000 },
    sink: { concurrency: budget.limits.total },
  });
  const task = runner.task() ?? Promise.resolve();

  return {
    runner,
    budget,
    task,
    async stop() {
      stopping = true;
      if (runner.isRunning()) await runner.stop().catch(() => undefined);
      if (inFlight.size) {
        log.info({ updates: inFlight.size }, 'finishing updates in flight');
        const drained = await Promise.race([
          Promise.allSettled([...inFlight.values()]).then(() => true),
          new Promise<false>((r) => setTimeout(() => r(false), drainMs).unref()),
        ]);
        if (!drained) {
          const ids = [...inFlight.keys()];
          const lost = ids.filter((id) => id < confirmedBelow).length;
          // Only what the budget misjudged (a far longer retry_after, say) can be lost: say so.
          if (lost) log.error({ updates: lost }, 'confirmed updates not finished before the deadline');
          if (ids.length > lost)
            log.warn({ updates: ids.length - lost }, 'left for the next instance: not finished in time');
        }
      }
      // Confirms what finished; from the first unfinished update on, Telegram delivers again.
      const unfinished = [...inFlight.keys()];
      const offset = unfinished.length
        ? Math.min(...unfinished)
        : lastUpdateId !== undefined
          ? lastUpdateId + 1
          : undefined;
      if (offset !== undefined) {
        await bot.api
          .getUpdates({ offset, limit: 1, timeout: 0 }, AbortSignal.timeout(1500) as never)
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
