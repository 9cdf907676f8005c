// Webhook mode (when WEBHOOK_URL is set): a node:http server that feeds Telegram's POSTs to grammY's
// `webhookCallback`, and registers itself with `setWebhook` (with `secret_token`).
//
// - POST <path of WEBHOOK_URL>: the secret header is checked before the body is read (401 otherwise);
//   bodies over `maxBodyBytes` are refused with 413 without being buffered; malformed JSON gets 400.
// - GET /healthz (liveness): 200 with a small JSON while serving, 503 while shutting down.
//   GET /readyz (readiness): the same, but 503 too while a dependency (Redis) does not answer.
// - An update that takes longer than `ackAfterMs` is acknowledged (200) and keeps running, so Telegram
//   does not deliver it a second time; `close()` still waits for it.
// - `close()`: stops accepting connections, answers 503 to requests that arrive on open keep-alive
//   connections (Telegram re-delivers those, to this or another instance), waits for every update in
//   flight, then returns. Nothing acknowledged is dropped. The webhook is left registered: the other
//   instances (or the restarted one) keep receiving.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotError, webhookCallback, type Bot, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import { describeError } from '../bot/errors.js';
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
  /** Acknowledge an update still running after this long (Telegram re-sends after about a minute). */
  ackAfterMs?: number;
  /** Longest `close()` waits for updates in flight (default 6 s: inside the shutdown grace period). */
  closeTimeoutMs?: number;
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

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('aborted', () => reject(new Error('request aborted')));
  });
}

/** A grammY framework adapter over a request whose body this module has already read and parsed. */
function parsedAdapter(update: Update, header: string | undefined, res: ServerResponse) {
  return {
    update,
    header,
    end: () => {
      if (!res.headersSent) res.writeHead(200).end();
    },
    respond: (json: string) => {
      if (!res.headersSent) res.writeHead(200, { 'Content-Type': 'application/json' }).end(json);
    },
    unauthorized: () => {
      if (!res.headersSent) res.writeHead(401).end('unauthorized');
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, close = false) {
  if (res.headersSent) return;
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(JSON.stringify(body));
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
  const maxBody = opts.maxBodyBytes ?? 256 * 1024;
  const log = logger.child({ component: 'webhook' });

  await bot.init(); // getMe now, so a bad token fails startup instead of the first update

  // Updates still being handled, including those already acknowledged after `ackAfterMs`.
  const running = new Set<Promise<unknown>>();
  const original = bot.handleUpdate.bind(bot);
  bot.handleUpdate = (...args: Parameters<typeof original>) => {
    // An error that escaped the bot's own middleware still goes to its `bot.catch` handler, and the
    // update is acknowledged: re-delivering it would most likely fail the same way, again and again.
    const task = original(...args).catch(async (err: unknown) => {
      if (!(err instanceof BotError)) throw err;
      await bot.errorHandler(err as BotError<C>);
    });
    running.add(task);
    task.then(
      () => running.delete(task),
      () => running.delete(task),
    );
    return task;
  };

  const handle = webhookCallback(bot, parsedAdapter, {
    secretToken: secret,
    onTimeout: 'return',
    timeoutMilliseconds: opts.ackAfterMs ?? 25_000,
  });

  let closing = false;
  let requests = 0;
  let refused = 0;
  let lastRefusalLog = 0;

  const server = createServer(async (req, res) => {
    requests++;
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/healthz' || url.pathname === '/readyz') {
        if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false });
        if (closing) return sendJson(res, 503, { ok: false, status: 'shutting down' });
        const extra = opts.health ? await opts.health().catch(() => ({ ok: false })) : {};
        const ok = extra.ok !== false;
        const body = {
          status: ok ? 'ok' : 'degraded',
          mode: 'webhook',
          inFlight: running.size,
          ...extra,
          ok,
        };
        // /healthz is liveness: the process serves (a restart would not bring Redis back).
        // /readyz is readiness: every dependency answers, so a load balancer may send traffic.
        return sendJson(res, url.pathname === '/readyz' && !ok ? 503 : 200, body);
      }
      if (url.pathname !== path) return sendJson(res, 404, { ok: false });
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false });
      if (closing) return sendJson(res, 503, { ok: false, status: 'shutting down' }, true);
      if (!sameSecret(req.headers[SECRET_HEADER], secret)) {
        refused++;
        if (Date.now() - lastRefusalLog > 60_000) {
          // Once a minute at most, so a scan cannot flood the log.
          log.warn(
            { remote: req.socket.remoteAddress, refused },
            'webhook requests with a wrong or missing secret token refused',
          );
          lastRefusalLog = Date.now();
          refused = 0;
        }
        return sendJson(res, 401, { ok: false }, true);
      }
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBody) {
        return sendJson(res, 413, { ok: false, error: 'body too large' }, true);
      }
      let body: Buffer;
      try {
        body = await readBody(req, maxBody);
      } catch (err) {
        if (err instanceof BodyTooLarge)
          return sendJson(res, 413, { ok: false, error: 'body too large' }, true);
        return; // the client went away
      }
      let update: Update;
      try {
        update = JSON.parse(body.toString('utf8'));
        if (typeof update !== 'object' || update === null || typeof update.update_id !== 'number')
          throw new Error();
      } catch {
        return sendJson(res, 400, { ok: false, error: 'not an update' });
      }
      await handle(update, req.headers[SECRET_HEADER] as string, res);
    } catch (err) {
      // Unexpected: not acknowledged, so Telegram delivers the update again later.
      log.error({ error: describeError(err) }, 'webhook request failed');
      sendJson(res, 500, { ok: false });
    } finally {
      requests--;
    }
  });
  server.requestTimeout = 30_000; // a client trickling a body cannot hold a socket forever
  server.headersTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const close = async () => {
    if (closing) return;
    closing = true;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = Date.now() + (opts.closeTimeoutMs ?? SHUTDOWN_GRACE_MS - 1000);
    while ((running.size > 0 || requests > 0) && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...running]), new Promise((r) => setTimeout(r, 50))]);
    }
    if (running.size > 0 || requests > 0) {
      log.warn({ inFlight: running.size }, 'shutdown deadline reached with updates still running');
    }
    server.closeAllConnections();
    await stopped;
    bot.handleUpdate = original;
    log.info('webhook server stopped');
  };

  if (opts.setWebhook !== false) {
    try {
      await bot.api.setWebhook(publicUrl.toString(), {
        secret_token: secret,
        allowed_updates: opts.allowedUpdates as never,
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
  return { port, secret, close };
}
