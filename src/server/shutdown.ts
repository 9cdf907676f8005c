// Graceful shutdown: stop taking updates, let the ones in flight finish, then let the process exit.
//
// @grammyjs/runner's `handle.stop()` stops fetching but does not wait for updates already handed to
// its sink, and by then their offsets are confirmed to Telegram: exiting at that point would drop
// updates Telegram will never send again. `stopRunner` therefore also waits for the sink to drain.
import type { RunnerHandle } from '@grammyjs/runner';
import type { Logger } from 'pino';

/** Default time allowed to finish in-flight work: inside Docker's 10 s stop grace period. */
export const SHUTDOWN_GRACE_MS = 7_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stops long polling and waits (up to `graceMs`) for every update in flight. True if all finished. */
export async function stopRunner(handle: RunnerHandle, graceMs = SHUTDOWN_GRACE_MS, logger?: Logger): Promise<boolean> {
  const deadline = Date.now() + graceMs;
  if (handle.isRunning()) {
    await Promise.race([handle.stop(), sleep(graceMs)]);
  }
  while (handle.size() > 0 && Date.now() < deadline) await sleep(20);
  const left = handle.size();
  if (left > 0) logger?.warn({ inFlight: left }, 'shutdown grace period over with updates still running');
  return left === 0;
}

/**
 * Runs `stop` once on the first SIGINT or SIGTERM, then exits with code 0 (1 if `stop` failed or
 * overran `graceMs` + 1 s). A second signal exits at once.
 */
export function onShutdownSignal(
  stop: (signal: NodeJS.Signals) => Promise<void>,
  logger: Logger,
  graceMs = SHUTDOWN_GRACE_MS,
): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing updates in flight');
    const force = setTimeout(() => {
      logger.error('shutdown took too long: exiting');
      process.exit(1);
    }, graceMs + 1000);
    force.unref();
    stop(signal).then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err) => {
        logger.error({ error: String((err as Error)?.message ?? err) }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
