// Graceful shutdown: on SIGINT/SIGTERM, stop taking updates, let the ones in flight finish (the
// webhook server's `close()`, or `startPolling(...).stop()` in src/bot/polling.ts), then exit.
// Both only ever hold, confirmed to Telegram, what drains within the grace period
// (SHUTDOWN_GRACE_SECONDS; see src/server/budget.ts), so finishing it fits in the time allowed.
// Note: @grammyjs/runner's `handle.stop()` alone does not wait for updates already handed to its sink.
import type { Logger } from 'pino';

/** Default time allowed to finish in-flight work (SHUTDOWN_GRACE_SECONDS): inside Docker's 10 s. */
export const SHUTDOWN_GRACE_MS = 7_000;

/**
 * Runs `stop` once on the first SIGINT or SIGTERM, then exits with code 0 (1 if `stop` failed or
 * overran `graceMs` + 0.5 s). A second signal exits at once.
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
    }, graceMs + 500);
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
