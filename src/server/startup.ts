// Startup checks that fail fast and say what to fix: the Bot API must answer getMe and Redis (when
// configured) must answer PING within seconds. By default the first failure ends startup (the caller
// exits non-zero); with STARTUP_RETRIES the check is repeated, one log line per attempt, so an
// orchestrator that starts the bot before its dependencies sees why it waits.
import type { Bot, Context } from 'grammy';
import { GrammyError } from 'grammy';
import type { Logger } from 'pino';

export class StartupError extends Error {
  override name = 'StartupError';
}

export interface RetryPolicy {
  /** Attempts after the first (Infinity: until it works). */
  retries: number;
  /** Pause between attempts. */
  pauseMs?: number;
}

/**
 * Runs `attempt` until it succeeds or the retries are spent; each failure is logged with what
 * `describe` makes of it. Throws a StartupError with the last description.
 */
export async function withStartupRetries<T>(
  what: string,
  attempt: () => Promise<T>,
  describe: (err: unknown) => string,
  logger: Logger,
  policy: RetryPolicy,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      const why = describe(err);
      if (n > policy.retries) throw new StartupError(why);
      logger.warn({ attempt: n, of: policy.retries + 1 }, `${what}: ${why}; trying again`);
      await new Promise((r) => setTimeout(r, policy.pauseMs ?? 2000));
    }
  }
}

/** getMe within `timeoutMs`; the message names the setting at fault (never the token itself). */
export async function checkBotApi<C extends Context>(
  bot: Bot<C>,
  apiRoot: string,
  timeoutMs: number,
  logger: Logger,
  policy: RetryPolicy,
): Promise<void> {
  await withStartupRetries(
    'Bot API not ready',
    () => bot.init(AbortSignal.timeout(timeoutMs) as never),
    (err) => {
      if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404))
        return `BOT_TOKEN was refused by the Bot API at BOT_API_ROOT=${apiRoot} (${err.error_code}): check BOT_TOKEN`;
      if (err instanceof GrammyError)
        return `the Bot API at BOT_API_ROOT=${apiRoot} answered getMe with ${err.error_code}`;
      return `cannot reach the Bot API at BOT_API_ROOT=${apiRoot} within ${Math.round(timeoutMs / 1000)} s (check BOT_API_ROOT and the network)`;
    },
    logger,
    policy,
  );
}
