// `npm start` as a process against the fake Bot API on loopback: fail fast at startup naming the
// setting at fault, and on SIGTERM lose nothing that was confirmed to Telegram, in long polling and
// in webhook mode, exiting by itself (code 0 means within the shutdown grace period: past it the
// process exits with 1).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeBotApi, TOKEN, textUpdate } from './helpers/fake-bot-api.js';

let api: FakeBotApi;
let cacheDir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'desk-proc-cache-'));
});
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
beforeEach(async () => {
  api = await FakeBotApi.start();
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await api.close();
});

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startBot(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: api.apiRoot,
      CORPUS_DIR: 'corpus',
      CACHE_DIR: cacheDir,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  const collect = (d: Buffer) => {
    out += d.toString();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function until(cond: () => boolean, maxMs = 60_000) {
  for (const end = Date.now() + maxMs; !cond(); ) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const QUESTION = 'When was the Central Asia plus Japan dialogue launched?';
const answeredChats = () => new Set(api.deliveredOf('sendMessage').map((d) => d.payload.chat_id as number));

describe('startup fails fast and names the setting', () => {
  it('exits non-zero naming BOT_API_ROOT when nothing listens there', async () => {
    const port = await freePort();
    const bot = startBot({ BOT_API_ROOT: `http://127.0.0.1:${port}`, STARTUP_TIMEOUT_SECONDS: '2' });
    const code = await bot.exited;
    expect(code).not.toBe(0);
    expect(bot.output()).toContain('BOT_API_ROOT=http://127.0.0.1');
    expect(bot.output()).not.toContain(TOKEN);
  });

  it('exits non-zero when the Bot API accepts connections but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as { port: number }).port;
      const bot = startBot({ BOT_API_ROOT: `http://127.0.0.1:${port}`, STARTUP_TIMEOUT_SECONDS: '1' });
      expect(await bot.exited).not.toBe(0);
      expect(bot.output()).toMatch(/cannot reach the Bot API at BOT_API_ROOT=\S+ within 1 s/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('with STARTUP_RETRIES, logs one line per attempt before giving up', async () => {
    const port = await freePort();
    const bot = startBot({
      BOT_API_ROOT: `http://127.0.0.1:${port}`,
      STARTUP_TIMEOUT_SECONDS: '1',
      STARTUP_RETRIES: '2',
    });
    expect(await bot.exited).not.toBe(0);
    expect(bot.output().match(/Bot API not ready.*trying again/g)).toHaveLength(2);
  });

  it('exits non-zero naming REDIS_URL when Redis is unreachable', async () => {
    const port = await freePort();
    const bot = startBot({ REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(await bot.exited).not.toBe(0);
    expect(bot.output()).toContain('REDIS_URL=redis://127.0.0.1');
  });
});

describe('SIGTERM loses nothing that was confirmed', () => {
  it('long polling, 600 questions queued', async () => {
    const updates = Array.from({ length: 600 }, (_, i) => textUpdate(40_000 + i, QUESTION));
    api.pushUpdates(...updates);
    const bot = startBot({ SHUTDOWN_GRACE_SECONDS: '7' });
    await until(() => answeredChats().size >= 30);
    bot.child.kill('SIGTERM');
    const code = await bot.exited;
    expect(code, bot.output().slice(-2000)).toBe(0); // stopped by itself, inside the grace period

    const confirmed = updates.filter((u) => u.update_id < api.confirmedOffset);
    const answered = answeredChats();
    const lost = confirmed.filter((u) => !answered.has(u.message!.chat.id)).map((u) => u.update_id);
    expect(lost).toEqual([]);
    expect(confirmed.length).toBeGreaterThanOrEqual(30);
    expect(confirmed.length).toBeLessThan(updates.length); // the rest waits for the next instance
    expect(bot.output()).not.toContain(TOKEN);
  });

  it('webhook, during a burst of 1,500 updates', async () => {
    const port = await freePort();
    const secret = 'proc-test-secret';
    const bot = startBot({
      WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
      WEBHOOK_SECRET: secret,
      PORT: String(port),
      HOST: '127.0.0.1',
    });
    await until(() => bot.output().includes('bot ready (webhook)'));
    const updates = Array.from({ length: 1500 }, (_, i) => textUpdate(50_000 + i, QUESTION));
    const results = updates.map((u) =>
      fetch(`http://127.0.0.1:${port}/hook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(u),
      }).then(
        (r) => ({ chat: u.message!.chat.id, status: r.status }),
        () => ({ chat: u.message!.chat.id, status: 0 }),
      ),
    );
    await until(() => answeredChats().size >= 30);
    bot.child.kill('SIGTERM');
    const done = await Promise.all(results);
    const code = await bot.exited;
    expect(code, bot.output().slice(-2000)).toBe(0);

    const answered = answeredChats();
    const acknowledged = done.filter((r) => r.status === 200);
    expect(acknowledged.length).toBeGreaterThanOrEqual(30);
    expect(acknowledged.filter((r) => !answered.has(r.chat))).toEqual([]);
    // The rest were turned away (429 busy, 503 closing, or no answer): Telegram delivers them again.
    expect(done.filter((r) => r.status !== 200).length).toBeGreaterThan(0);
    expect(done.every((r) => [0, 200, 429, 503].includes(r.status))).toBe(true);
    expect(bot.output()).not.toContain(TOKEN);
  });
});
