// Webhook mode: only Telegram (holding the secret) is served, oversized bodies are refused, probes get
// /healthz, and closing the server lets updates in flight finish.
import { Bot } from 'grammy';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createErrorHandler } from '../src/bot/errors.js';
import { startWebhookServer, webhookSecret, type WebhookServer } from '../src/server/webhook.js';
import { FakeBotApi, TOKEN, textUpdate } from './helpers/fake-bot-api.js';

const logger = pino({ level: 'silent' });
const SECRET = 'test-secret_0123456789';

let api: FakeBotApi;
let server: WebhookServer | undefined;

function echoBot() {
  const bot = new Bot(TOKEN, { client: { apiRoot: api.apiRoot } });
  bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.msg.text}`));
  bot.catch(createErrorHandler(logger));
  return bot;
}

async function start(bot = echoBot(), opts: Parameters<typeof startWebhookServer>[3] = {}) {
  server = await startWebhookServer(
    bot,
    {
      WEBHOOK_URL: 'https://bot.example.org/telegram/hook',
      WEBHOOK_SECRET: SECRET,
      PORT: 0,
      HOST: '127.0.0.1',
    },
    logger,
    opts,
  );
  return server;
}

function post(body: string, headers: Record<string, string> = {}, path = '/telegram/hook') {
  return fetch(`http://127.0.0.1:${server!.port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

beforeEach(async () => {
  api = await FakeBotApi.start();
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  await api.close();
});

describe('webhook server', () => {
  it('registers the webhook with its secret token', async () => {
    await start();
    const [call] = api.deliveredOf('setWebhook');
    expect(call.payload.url).toBe('https://bot.example.org/telegram/hook');
    expect(call.payload.secret_token).toBe(SECRET);
  });

  it('refuses a missing or wrong secret with 401 and never hands the update to the bot', async () => {
    await start();
    const missing = await post(JSON.stringify(textUpdate(42, 'hello')));
    expect(missing.status).toBe(401);
    const wrong = await post(JSON.stringify(textUpdate(42, 'hello')), {
      'X-Telegram-Bot-Api-Secret-Token': 'nope',
    });
    expect(wrong.status).toBe(401);
    const almost = await post(JSON.stringify(textUpdate(42, 'hello')), {
      'X-Telegram-Bot-Api-Secret-Token': SECRET.slice(0, -1) + 'X',
    });
    expect(almost.status).toBe(401);
    expect(api.deliveredOf('sendMessage')).toHaveLength(0);
  });

  it('serves an update carrying the right secret', async () => {
    await start();
    const res = await post(JSON.stringify(textUpdate(42, 'hello')), {
      'X-Telegram-Bot-Api-Secret-Token': SECRET,
    });
    expect(res.status).toBe(200);
    const sent = api.deliveredOf('sendMessage');
    expect(sent).toHaveLength(1);
    expect(sent[0].payload).toMatchObject({ chat_id: 42, text: 'echo: hello' });
  });

  it('answers probes on /healthz', async () => {
    await start(echoBot(), { health: async () => ({ storage: 'memory' }) });
    const res = await fetch(`http://127.0.0.1:${server!.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, status: 'ok', mode: 'webhook', storage: 'memory' });
  });

  it('stays live but not ready while a dependency is down', async () => {
    await start(echoBot(), { health: async () => ({ ok: false, storage: 'redis unreachable' }) });
    const live = await fetch(`http://127.0.0.1:${server!.port}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ ok: false, status: 'degraded', storage: 'redis unreachable' });
    const ready = await fetch(`http://127.0.0.1:${server!.port}/readyz`);
    expect(ready.status).toBe(503);
  });

  it('refuses an oversized body with 413, declared or streamed', async () => {
    await start(echoBot(), { maxBodyBytes: 4096 });
    const auth = { 'X-Telegram-Bot-Api-Secret-Token': SECRET };
    const big = JSON.stringify(textUpdate(42, 'x'.repeat(10_000)));
    expect((await post(big, auth)).status).toBe(413);

    // Chunked, with no Content-Length to go by.
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('x'.repeat(1000)));
        c.close();
      },
    });
    const res = await fetch(`http://127.0.0.1:${server!.port}/telegram/hook`, {
      method: 'POST',
      headers: auth,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(api.deliveredOf('sendMessage')).toHaveLength(0);
  });

  it('refuses a body that is not an update with 400, and unknown paths with 404', async () => {
    await start();
    const auth = { 'X-Telegram-Bot-Api-Secret-Token': SECRET };
    expect((await post('{not json', auth)).status).toBe(400);
    expect((await post('[1,2]', auth)).status).toBe(400);
    expect((await post(JSON.stringify(textUpdate(1, 'x')), auth, '/elsewhere')).status).toBe(404);
  });

  it('lets an update in flight finish before close() returns, then stops listening', async () => {
    await start();
    api.delayMs = 400; // the reply is slow to go out
    const res = post(JSON.stringify(textUpdate(7, 'slow one')), {
      'X-Telegram-Bot-Api-Secret-Token': SECRET,
    });
    await waitFor(() => api.calls.some((c) => c.method === 'sendMessage'));
    await server!.close();
    expect(api.deliveredOf('sendMessage')).toHaveLength(1);
    expect((await res).status).toBe(200);
    await expect(fetch(`http://127.0.0.1:${server!.port}/healthz`)).rejects.toThrow();
  });

  it('answers 200 only once the update has been handled', async () => {
    await start();
    api.delayMs = 300;
    const res = await post(JSON.stringify(textUpdate(8, 'very slow')), {
      'X-Telegram-Bot-Api-Secret-Token': SECRET,
    });
    expect(res.status).toBe(200);
    expect(api.deliveredOf('sendMessage')).toHaveLength(1); // sent before the 200, not after
  });

  it('answers 429 past the backlog bound, so Telegram delivers those updates again', async () => {
    const limits = { total: 5, perGroup: 1, perPrivate: 2 };
    await start(echoBot(), { limits });
    api.delayMs = 200;
    const auth = { 'X-Telegram-Bot-Api-Secret-Token': SECRET };
    const burst = Array.from({ length: 40 }, (_, i) => textUpdate(300 + (i % 20), `burst ${i}`));
    const statuses = await Promise.all(burst.map((u) => post(JSON.stringify(u), auth).then((r) => r.status)));
    const ok = statuses.filter((s) => s === 200).length;
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    // Each 200 is an answer sent; nothing was accepted and then dropped.
    expect(api.deliveredOf('sendMessage')).toHaveLength(ok);
    expect(server!.budget.size).toBe(0);
  });

  it('keeps /healthz quick and the backlog bounded during a burst of thousands', async () => {
    await start(echoBot(), { limits: { total: 20, perGroup: 1, perPrivate: 4 } });
    api.delayMs = 50;
    const auth = { 'X-Telegram-Bot-Api-Secret-Token': SECRET };
    let peak = 0;
    // 2,000 updates over 200 connections at once (Telegram opens at most 100): ten times the bound.
    const queue = Array.from({ length: 2000 }, (_, i) => textUpdate(10_000 + i, `q${i}`));
    const statuses: number[] = [];
    const connection = async () => {
      for (let u = queue.shift(); u; u = queue.shift()) {
        const r = await post(JSON.stringify(u), auth);
        peak = Math.max(peak, server!.budget.size);
        statuses.push(r.status);
      }
    };
    const all = Promise.all(Array.from({ length: 200 }, connection));
    await waitFor(() => statuses.length > 100);
    const probe = await fetch(`http://127.0.0.1:${server!.port}/healthz`);
    expect(probe.status).toBe(200);
    expect((await probe.json()).inFlight).toBeLessThanOrEqual(20);
    await all;
    expect(statuses).toHaveLength(2000);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(20);
    expect(api.deliveredOf('sendMessage')).toHaveLength(statuses.filter((s) => s === 200).length);
  });

  it('on close during a burst, every update answered 200 was handled; the rest got 503 or no answer', async () => {
    await start(echoBot(), { limits: { total: 30, perGroup: 1, perPrivate: 2 } });
    api.delayMs = 100;
    const auth = { 'X-Telegram-Bot-Api-Secret-Token': SECRET };
    const burst = Array.from({ length: 1500 }, (_, i) => textUpdate(20_000 + i, `b${i}`));
    const results = burst.map((u) =>
      post(JSON.stringify(u), auth).then(
        (r) => ({ chat: u.message!.chat.id, status: r.status }),
        () => ({ chat: u.message!.chat.id, status: 0 }),
      ),
    );
    await waitFor(() => api.deliveredOf('sendMessage').length >= 20);
    await server!.close();
    const done = await Promise.all(results);
    const answered = new Set(api.deliveredOf('sendMessage').map((d) => d.payload.chat_id));
    const acknowledged = done.filter((r) => r.status === 200);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.filter((r) => !answered.has(r.chat))).toEqual([]);
    expect(done.every((r) => [0, 200, 429, 503].includes(r.status))).toBe(true);
  });

  it('hands an error that escapes the middleware to bot.catch and acknowledges the update', async () => {
    const bot = new Bot(TOKEN, { client: { apiRoot: api.apiRoot } });
    const caught: unknown[] = [];
    bot.on('message', () => {
      throw new Error('broken handler');
    });
    bot.catch((err) => void caught.push(err.error));
    await start(bot);
    const res = await post(JSON.stringify(textUpdate(9, 'hi')), {
      'X-Telegram-Bot-Api-Secret-Token': SECRET,
    });
    expect(res.status).toBe(200);
    expect(caught).toHaveLength(1);
  });

  it('derives one stable secret from the token when WEBHOOK_SECRET is unset', () => {
    const a = webhookSecret({}, TOKEN);
    expect(a).toBe(webhookSecret({}, TOKEN));
    expect(a).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect(a).not.toContain(TOKEN.split(':')[1]);
    expect(webhookSecret({ WEBHOOK_SECRET: 'given' }, TOKEN)).toBe('given');
  });
});

async function waitFor(cond: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
