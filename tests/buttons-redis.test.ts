// Buttons with Redis, as deployed (prepareProduction's storage): a button under an answer from one
// instance is served by another, and by the first one after a restart, because its payload lives in
// Redis with an expiry rather than in one process's memory. Needs redis-server (spawned here on a free
// loopback port); skipped with a notice where it is not installed, as tests/redis.test.ts is.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../src/answer/engine.js';
import { prepareProduction, type Production } from '../src/server/production.js';
import { callbackUpdate, textUpdate } from './helpers/fake-bot-api.js';
import { deployedBot, type Outgoing } from './helpers/outgoing.js';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
const inCI = !!process.env.CI && process.env.CI !== 'false';
if (!hasRedis && !inCI) console.warn('[buttons-redis.test] SKIPPED: redis-server is not installed.');

const logger = pino({ level: 'silent' });
const ref = { engine: openEngine('corpus').engine };

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.once('error', () => resolve(false));
    s.connect(port, '127.0.0.1', () => s.write('PING\r\n'));
    s.once('data', (d: Buffer) => {
      s.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
  });
}

describe.skipIf(!hasRedis && !inCI)('buttons with Redis', () => {
  let server: ChildProcess;
  let url: string;
  const opened: Production[] = [];

  beforeAll(async () => {
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], {
      stdio: 'ignore',
    });
    for (let k = 0; k < 200 && !(await pong(port)); k++) await new Promise((r) => setTimeout(r, 50));
  }, 20_000);

  afterAll(async () => {
    for (const p of opened) await p.close().catch(() => undefined);
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGKILL');
      await exited;
    }
  });

  const instance = async (calls: Outgoing[]) => {
    const production = await prepareProduction(
      {
        REDIS_URL: url,
        RATE_LIMIT_PER_MINUTE: 100,
        ADMIN_IDS: [],
        CORPUS_DIR: 'corpus',
        WEBHOOK_SECRET: undefined,
      },
      logger,
      ref,
    );
    opened.push(production);
    return { bot: await deployedBot({ production, ref, calls, logger }), production };
  };

  it('a button from one instance works on another, and after a restart; its key expires', async () => {
    const calls: Outgoing[] = [];
    const a = await instance(calls);
    const question =
      'What was the total trade turnover between Uzbekistan and Japan in 2023, and how much of it were exports?';
    await a.bot.handleUpdate(textUpdate(4242, question));
    const answer = calls.find((c) => c.method === 'sendMessage')!;
    const buttons = answer.payload.reply_markup.inline_keyboard.flat();
    const sources = buttons.find((b: any) => b.text === '📚 Sources');
    const passage = buttons.find((b: any) => b.text === '📄 [1]');
    expect(sources.callback_data).toMatch(/^s#/);
    expect(passage.callback_data).toMatch(/^p1#/);

    // Instance A goes away (a restart); B, fresh, serves both buttons.
    await a.production.close();
    const b = await instance(calls);
    await b.bot.handleUpdate(callbackUpdate(4242, sources.callback_data));
    await b.bot.handleUpdate(callbackUpdate(4242, passage.callback_data));
    const acks = calls.filter((c) => c.method === 'answerCallbackQuery');
    expect(acks.map((c) => c.payload.text)).toEqual([undefined, undefined]);
    const edit = calls.find((c) => c.method === 'editMessageText')!;
    expect(edit.payload.text).toMatch(/Sources of this answer/);
    expect(edit.payload.text).toContain('how much of it were exports');
    const shown = calls.filter((c) => c.method === 'sendMessage').at(-1)!;
    expect(shown.payload.text).toMatch(/^📄 /);
    expect(shown.payload.entities.some((e: any) => e.type === 'bold')).toBe(true);

    // Stored under the bot's own prefix, with an expiry.
    const redis = new Redis(url);
    try {
      const keys = await redis.keys('dd:session:btn:*');
      expect(keys.length).toBeGreaterThanOrEqual(2);
      for (const k of keys) expect(await redis.ttl(k)).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });
});
