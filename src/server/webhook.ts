// Webhook mode (when WEBHOOK_URL is set): grammY's own `webhookCallback` ('hono' adapter) on Hono and
// @hono/node-server, registered with `setWebhook` (with `secret_token`).
//
// - POST <path of WEBHOOK_URL>: the secret header is checked before the body is read (401); bodies
//   over `maxBodyBytes` get 413 without being buffered; what is not an update gets 400.
// - Delivery: the 200 is sent when the update has been handled, never before. An update is admitted
//   only while the work in flight fits a DrainBudget (src/server/budget.ts), so everything admitted
//   drains within the shutdown grace period; past it the answer is 429 and Telegram delivers the
//   update again a little later. Memory stays bounded however large the burst.
// - GET /healthz (liveness): 200 with a small JSON while serving, 503 while shutting down.
//   GET /readyz (readiness): the same, but 503 too while a dependency (Redis) does not answer.
// - `close()`: stops accepting connections, answers 503 to requests on open keep-alive connections
//   (Telegram re-delivers those), waits for every admitted update, then returns. The webhook stays
//   registered: the other instances (or the restarted one) keep receiving.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { BotError, webhookCallback, type Bot, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import { Hono, type Context as HonoContext } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import { describeError } from '../bot/errors.js';
import { DrainBudget, limitsFor, type BudgetLimits } from './budget.js';
import { SHUTDOWN_GRACE_MS } from './shutdown.js';

export interface WebhookConfig {
  WEBHOOK_URL?: string;
  WEBHOOK_SECRET?: string;
  PORT: number;
  HOST: string;
}

export interface WebhookOptions {
  /** Largest request body accepted (Telegram's updates are a few kB). */
  maxBodyBytes?: number;
  /** Longest `close()` waits for updates in flight (default: inside the shutdown grace period). */
  closeTimeoutMs?: number;
  /** What may be in flight at once; by default what drains within `closeTimeoutMs`. */
  limits?: BudgetLimits;
  /** Call `setWebhook` once listening (default true; tests that drive the server directly say false). */
  setWebhook?: boolean;
  /** `allowed_updates` for `setWebhook`; Telegram's default set when absent. */
  allowedUpdates?: readonly string[];
  /** Extra facts for /healthz and /readyz (e.g. whether Redis answers); `ok: false` makes /readyz 503. */
  health?: () => Promise<Record<string, unknown> & { ok?: boolean }>;
}

export interface WebhookServer {
  port: number;
  /** The secret Telegram sends in X-Telegram-Bot-Api-Secret-Token. */
  secret: string;
  budget: DrainBudget;
  close(): Promise<void>;
}

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * WEBHOOK_SECRET, or one derived from the bot token when it is unset: every instance of the same bot
 * derives the same secret (one per process would make each `setWebhook` lock the others out), and
 * it reveals nothing about the token.
 */
export function webhookSecret(config: { WEBHOOK_SECRET?: string }, token: string): string {
  if (config.WEBHOOK_SECRET) return config.WEBHOOK_SECRET;
  return createHash('sha256')
    .update(`dialogue-desk/webhook-secret/${token}`)
    .digest('base64url')
    .slice(0, 64);
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const NO_STORE = { 'Cache-Control': 'no-store' };

function isUpdate(body: unknown): body is Update {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { update_id?: unknown }).update_id === 'number'
  );
}

/**
 * Starts serving Telegram's webhook for `bot` and registers it. Rejects (after releasing the port) if
 * the bot cannot be initialised, the port cannot be bound, or `setWebhook` fails.
 */
export async function startWebhookServer<C extends Context>(
  bot: Bot<C>,
  config: WebhookConfig,
  logger: Logger,
  opts: WebhookOptions = {},
): Promise<WebhookServer> {
  if (!config.WEBHOOK_URL)
    throw new Error('WEBHOOK_URL is not set: webhook mode needs the public HTTPS URL of this server');
  const publicUrl = new URL(config.WEBHOOK_URL);
  const path = publicUrl.pathname || '/';
  const secret = webhookSecret(config, bot.token);
  const log = logger.child({ component: 'webhook' });
  const closeTimeoutMs = opts.closeTimeoutMs ?? SHUTDOWN_GRACE_MS - 1000;
  const budget = new DrainBudget(opts.limits ?? limitsFor(closeTimeoutMs));

  await bot.init(); // getMe now, so a bad token fails startup instead of the first update

  // No timeout: the 200 means "handled". The budget keeps every admitted update to seconds.
  const handle = webhookCallback(bot, 'hono', { secretToken: secret, timeoutMilliseconds: Infinity });

  let closing = false;
  let refused = 0;
  let lastRefusalLog = 0;
  let turnedAway = 0;
  let lastBusyLog = 0;
  const app = new Hono();
  // Past the budget: Telegram keeps the update and delivers it again a little later.
  const busy = (c: HonoContext) => {
    turnedAway++;
    if (Date.now() - lastBusyLog > 10_000) {
      log.warn({ inFlight: budget.size, turnedAway }, 'backlog full: updates left with Telegram (429)');
      lastBusyLog = Date.now();
      turnedAway = 0;
    }
    return c.json({ ok: false, error: 'busy' }, 429, { 'Retry-After': '1' });
  };

  const health = async (c: HonoContext) => {
    if (closing) return c.json({ ok: false, status: 'shutting down' }, 503, NO_STORE);
    const extra = opts.health ? await opts.health().catch(() => ({ ok: false })) : {};
    const ok = extra.ok !== false;
    const body = { status: ok ? 'ok' : 'degraded', mode: 'webhook', inFlight: budget.size, ...extra, ok };
    // /healthz is liveness: the process serves (a restart would not bring Redis back).
    // /readyz is readiness: every dependency answers, so a load balancer may send traffic.
    return c.json(body, c.req.path === '/readyz' && !ok ? 503 : 200, NO_STORE);
  };
  for (const probe of ['/healthz', '/readyz']) {
    app.get(probe, health);
    app.all(probe, (c) => c.json({ ok: false }, 405));
  }

  app.post(
    path,
    async (c, next) => {
      if (closing) return c.json({ ok: false, status: 'shutting down' }, 503, { Connection: 'close' });
      if (sameSecret(c.req.header(SECRET_HEADER), secret)) {
        // Full in total: turned away before the body is even read, so a flood costs next to nothing.
        if (budget.room() === 0) return busy(c);
        return next();
      }
      refused++;
      if (Date.now() - lastRefusalLog > 60_000) {
        // Once a minute at most, so a scan cannot flood the log.
        log.warn({ refused }, 'webhook requests with a wrong or missing secret token refused');
        lastRefusalLog = Date.now();
        refused = 0;
      }
      return c.json({ ok: false }, 401, { Connection: 'close' });
    },
    bodyLimit({
      maxSize: opts.maxBodyBytes ?? 256 * 1024,
      onError: (c) => c.json({ ok: false, error: 'body too large' }, 413, { Connection: 'close' }),
    }),
    async (c) => {
      let update: unknown;
      try {
        update = await c.req.json(); // Hono keeps the parsed body: the adapter reads it again for free
      } catch {
        return c.json({ ok: false, error: 'not an update' }, 400);
      }
      if (!isUpdate(update)) return c.json({ ok: false, error: 'not an update' }, 400);
      if (!budget.fits(update)) return busy(c);
      const release = budget.take(update);
      try {
        return await handle(c);
      } catch (err) {
        // The bot's own error boundary (src/bot/errors.ts) normally catches everything; a bare Bot's
        // error still reaches its `bot.catch` handler, and the update counts as handled: delivering
        // it again would most likely fail the same way, again and again.
        if (!(err instanceof BotError)) throw err;
        await bot.errorHandler(err as BotError<C>);
        return c.body(null, 200);
      } finally {
        release();
      }
    },
  );
  app.all(path, (c) => c.json({ ok: false }, 405));
  app.notFound((c) => c.json({ ok: false }, 404));
  app.onError((err, c) => {
    // Unexpected: not acknowledged, so Telegram delivers the update again later.
    log.error({ error: describeError(err, [secret]) }, 'webhook request failed');
    return c.json({ ok: false }, 500);
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }) as Server;
    s.once('error', reject);
    s.once('listening', () => {
      s.off('error', reject);
      resolve(s);
    });
  });
  server.requestTimeout = 30_000; // a client trickling a body cannot hold a socket forever
  server.headersTimeout = 10_000;
  const port = (server.address() as AddressInfo).port;

  const close = async () => {
    if (closing) return;
    closing = true;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = Date.now() + closeTimeoutMs;
    while (budget.size > 0 && Date.now() < deadline) await budget.whenEmpty(deadline - Date.now());
    if (budget.size > 0) {
      // Not acknowledged: Telegram delivers these again, to this bot's next instance.
      log.warn({ inFlight: budget.size }, 'shutdown deadline reached with updates still running');
    }
    // The last responses are still being written: let them go out before cutting connections.
    const flushUntil = Math.min(deadline, Date.now() + 1000);
    while (Date.now() < flushUntil) {
      server.closeIdleConnections();
      const done = await Promise.race([stopped.then(() => true), sleep(20).then(() => false)]);
      if (done) break;
    }
    server.closeAllConnections();
    await stopped;
    log.info('webhook server stopped');
  };

  if (opts.setWebhook !== false) {
    try {
      await bot.api.setWebhook(publicUrl.toString(), {
        secret_token: secret,
        allowed_updates: opts.allowedUpdates as never,
        // Telegram opens no more connections than the budget admits updates (1–100).
        max_connections: Math.max(1, Math.min(100, budget.limits.total)),
      });
    } catch (err) {
      await close();
      const why = describeError(err, [secret]);
      throw new Error(
        `setWebhook failed for WEBHOOK_URL=${publicUrl.origin}${path}: ${'description' in why ? why.description : why.message}`,
      );
    }
  }
  log.info({ port, path, url: `${publicUrl.origin}${path}` }, 'webhook server listening');
  return { port, secret, budget, close };
}
