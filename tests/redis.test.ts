// Shared state in a real redis-server (spawned here on a free loopback port): two bot instances share
// sessions, conversations and rate-limit counters; Redis unreachable at startup fails fast and names
// REDIS_URL; Redis dying or hanging mid-run gets a polite "try again", never a hang, and the bot
// recovers when Redis is back.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, Socket, type Server } from 'node:net';
import { conversations, createConversation, type ConversationFlavor } from '@grammyjs/conversations';
import { Bot, lazySession, type Context, type LazySessionFlavor } from 'grammy';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorHandler, errorBoundary, UNAVAILABLE_TEXT } from '../src/bot/errors.js';
import { rateLimit, RATE_LIMIT_TEXT } from '../src/bot/ratelimit.js';
import { openStorage, StorageError, type BotStorage } from '../src/bot/storage.js';
import { openEngine } from '../src/answer/engine.js';
import { prepareProduction } from '../src/server/production.js';
import { FakeBotApi, TOKEN, textUpdate } from './helpers/fake-bot-api.js';
import { deployedBot, type Outgoing } from './helpers/outgoing.js';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
const inCI = !!process.env.CI && process.env.CI !== 'false';
if (!hasRedis && !inCI) {
  console.warn(
    '[redis.test] SKIPPED: redis-server is not installed (apt-get install redis-server); CI runs these.',
  );
}

const logger = pino({ level: 'silent' });

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

class RedisProcess {
  private proc?: ChildProcess;
  constructor(readonly port: number) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start() {
    this.proc = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--protected-mode',
        'yes',
      ],
      { stdio: 'ignore' },
    );
    const end = Date.now() + 10_000;
    for (;;) {
      if (await this.answers()) return;
      if (Date.now() > end) throw new Error(`redis-server did not start on port ${this.port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const s = new Socket();
      s.once('error', () => resolve(false));
      s.connect(this.port, '127.0.0.1', () => s.write('PING\r\n'));
      s.once('data', (d: Buffer) => {
        s.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
    });
  }

  async stop() {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }

  pause() {
    this.proc?.kill('SIGSTOP');
  }

  resume() {
    this.proc?.kill('SIGCONT');
  }
}

type Ctx = ConversationFlavor<Context & LazySessionFlavor<{ asked: number }>>;

/** One bot instance as deployed: error boundary, lazy storage-backed session, conversations, rate limit. */
function instance(api: FakeBotApi, storage: BotStorage, perWindow = 100) {
  const bot = new Bot<Ctx>(TOKEN, { client: { apiRoot: api.apiRoot } });
  const onError = createErrorHandler(logger);
  bot.use(errorBoundary(onError));
  bot.catch(onError);
  bot.use(rateLimit({ perWindow, privatePerWindow: perWindow, counter: storage.rate }));
  bot.use(lazySession({ initial: () => ({ asked: 0 }), storage: storage.session<{ asked: number }>() }));
  bot.use(conversations({ storage: storage.conversations<Ctx>() }));
  bot.use(
    createConversation(async (conversation, ctx) => {
      await ctx.reply('What is your question?');
      const q = await conversation.waitFor('message:text');
      await q.reply(`answer to: ${q.msg.text}`);
    }, 'ask'),
  );
  bot.command('ask', async (ctx) => {
    if (!ctx.match) return ctx.conversation.enter('ask');
    (await ctx.session).asked++;
    await ctx.reply(`answer to: ${ctx.match}`);
  });
  bot.command('count', async (ctx) => ctx.reply(`asked ${(await ctx.session).asked}`));
  bot.on('message:text', async (ctx) => {
    await ctx.reply(`answer to: ${ctx.msg.text}`);
    // As the deployed bot does after answering: remember the question for a follow-up.
    (await ctx.session).asked++;
  });
  return bot;
}

const lastText = (api: FakeBotApi, chatId: number) =>
  api
    .deliveredOf('sendMessage')
    .filter((d) => d.payload.chat_id === chatId)
    .map((d) => d.payload.text as string)
    .at(-1);

describe.skipIf(!hasRedis && !inCI)('Redis-backed state', () => {
  let redis: RedisProcess;
  let api: FakeBotApi;
  const opened: BotStorage[] = [];

  async function open(url = redis.url) {
    const s = await openStorage({ REDIS_URL: url }, logger, {
      connectTimeoutMs: 1500,
      commandTimeoutMs: 800,
    });
    opened.push(s);
    return s;
  }

  beforeAll(async () => {
    redis = new RedisProcess(await freePort());
    await redis.start();
    api = await FakeBotApi.start();
  });

  afterAll(async () => {
    for (const s of opened) await s.close().catch(() => {});
    await redis?.stop();
    await api?.close();
  });

  it('continues on instance B a conversation begun on instance A', async () => {
    const a = instance(api, await open());
    const b = instance(api, await open());
    await Promise.all([a.init(), b.init()]);

    await a.handleUpdate(textUpdate(501, '/ask'));
    expect(lastText(api, 501)).toBe('What is your question?');
    await b.handleUpdate(textUpdate(501, 'When did the dialogue start?'));
    expect(lastText(api, 501)).toBe('answer to: When did the dialogue start?');

    // Sessions too: counted on A, read on B.
    await a.handleUpdate(textUpdate(501, '/ask trade'));
    await b.handleUpdate(textUpdate(501, '/count'));
    expect(lastText(api, 501)).toBe('asked 1');
  });

  it('keeps one user’s pending conversation in a group from swallowing another’s message', async () => {
    const a = instance(api, await open());
    const b = instance(api, await open());
    await Promise.all([a.init(), b.init()]);
    await a.handleUpdate(textUpdate(-100777, '/ask', { fromId: 11 }));
    await b.handleUpdate(textUpdate(-100777, 'unrelated chatter', { fromId: 12 }));
    expect(lastText(api, -100777)).toBe('answer to: unrelated chatter');
    await b.handleUpdate(textUpdate(-100777, 'my question', { fromId: 11 }));
    expect(lastText(api, -100777)).toBe('answer to: my question');
  });

  it('shares the rate limit across instances and sends one notice per window', async () => {
    const sa = await open();
    const sb = await open();
    const a = instance(api, sa, 3);
    const b = instance(api, sb, 3);
    await Promise.all([a.init(), b.init()]);
    for (let i = 0; i < 8; i++) await (i % 2 ? b : a).handleUpdate(textUpdate(601, `q${i}`));
    const texts = api
      .deliveredOf('sendMessage')
      .filter((d) => d.payload.chat_id === 601)
      .map((d) => d.payload.text);
    expect(texts.filter((t) => t.startsWith('answer to:'))).toHaveLength(3);
    expect(texts.filter((t) => t === RATE_LIMIT_TEXT)).toHaveLength(1);
  });

  it('carries a /reload on one instance to the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-reload-redis-'));
    cpSync('corpus', dir, { recursive: true });
    const config = {
      REDIS_URL: redis.url,
      RATE_LIMIT_PER_MINUTE: 100,
      ADMIN_IDS: [77],
      CORPUS_DIR: dir,
      WEBHOOK_SECRET: undefined,
    };
    const refA = { engine: openEngine(dir).engine };
    const refB = { engine: openEngine(dir).engine };
    const a = await prepareProduction(config, logger, refA);
    const b = await prepareProduction(config, logger, refB);
    opened.push(a.storage, b.storage);
    try {
      const calls: Outgoing[] = [];
      const botA = await deployedBot({ production: a, ref: refA, calls, logger });
      const before = refB.engine;
      writeFileSync(
        join(dir, 'extra.md'),
        '---\nid: extra\ntitle: "Extra"\n---\n\n## Extra\n\nThe Aral Sea restoration fund received a Japanese grant in 2023, according to the ministry.\n',
      );
      await botA.handleUpdate(textUpdate(77, '/reload'));
      expect(calls.at(-1)?.payload.text).toMatch(/Library reloaded[\s\S]*other instances were told/);
      await waitUntil(async () => refB.engine !== before);
      expect(refB.engine.articles().map((x) => x.id)).toContain('extra');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails fast at startup, naming REDIS_URL, when nothing listens', async () => {
    const port = await freePort();
    const started = Date.now();
    const err = await openStorage({ REDIS_URL: `redis://:hunter2@127.0.0.1:${port}` }, logger, {
      connectTimeoutMs: 1000,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect(err.message).toContain('REDIS_URL');
    expect(err.message).not.toContain('hunter2'); // password masked
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails fast at startup when the server accepts connections but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const err = await openStorage({ REDIS_URL: `redis://127.0.0.1:${port}` }, logger, {
        connectTimeoutMs: 1000,
      }).catch((e) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect(err.message).toMatch(/REDIS_URL=redis:\/\/127\.0\.0\.1/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('the deployed bot answers a plain question with Redis down, and says so only for a follow-up', async () => {
    const local = new RedisProcess(await freePort());
    await local.start();
    try {
      const config = {
        REDIS_URL: local.url,
        RATE_LIMIT_PER_MINUTE: 100,
        ADMIN_IDS: [],
        CORPUS_DIR: 'corpus',
        WEBHOOK_SECRET: undefined,
      };
      const ref = { engine: openEngine('corpus').engine };
      const production = await prepareProduction(config, logger, ref);
      opened.push(production.storage);
      const calls: Outgoing[] = [];
      const bot = await deployedBot({ production, ref, calls, logger });
      const texts = () => calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.payload.text));
      await local.stop();
      await bot.handleUpdate(textUpdate(711, 'When was the Central Asia plus Japan dialogue launched?'));
      expect(texts().join('\n')).toContain('2004');
      expect(texts()).not.toContain(UNAVAILABLE_TEXT);
      // A follow-up needs the question before it, kept in the store: the user is told.
      const chat = { id: 711, type: 'private', first_name: 'U' };
      await bot.handleUpdate(
        textUpdate(711, 'and who proposed it?', {
          extra: { reply_to_message: { message_id: 1, date: 0, chat, text: 'an answer' } },
        }),
      );
      expect(texts().at(-1)).toBe(UNAVAILABLE_TEXT);
    } finally {
      await local.stop();
    }
  });

  it('while Redis is down or hung mid-run, still answers plain questions; only what needs the store says so', async () => {
    const local = new RedisProcess(await freePort());
    await local.start();
    try {
      const storage = await open(local.url);
      const bot = instance(api, storage);
      await bot.init();
      await bot.handleUpdate(textUpdate(701, 'before'));
      expect(lastText(api, 701)).toBe('answer to: before');

      const duringOutage = async (label: string) => {
        // A plain question needs no dialog state: answered, with no apology after it.
        await bot.handleUpdate(textUpdate(701, `plain ${label}`));
        expect(lastText(api, 701)).toBe(`answer to: plain ${label}`);
        // Reading stored state does need the store: the user is told.
        await bot.handleUpdate(textUpdate(701, '/count'));
        expect(lastText(api, 701)).toBe(UNAVAILABLE_TEXT);
        // So does opening a conversation, which has to be saved.
        await bot.handleUpdate(textUpdate(701, '/ask'));
        expect(lastText(api, 701)).toBe(UNAVAILABLE_TEXT);
      };

      // Hung: the process is alive but frozen; commands time out instead of hanging.
      local.pause();
      await duringOutage('while frozen');
      local.resume();
      await waitUntil(() => storage.ping());

      // Dead: the connection is refused; commands fail at once.
      await local.stop();
      await duringOutage('while down');
      expect(await storage.ping()).toBe(false);

      // Back on the same port: ioredis reconnects by itself and the bot answers again.
      await local.start();
      await waitUntil(() => storage.ping());
      await bot.handleUpdate(textUpdate(701, 'after'));
      expect(lastText(api, 701)).toBe('answer to: after');
      await bot.handleUpdate(textUpdate(701, '/count'));
      expect(lastText(api, 701)).toMatch(/^asked \d+$/);
    } finally {
      local.resume();
      await local.stop();
    }
  });
});

async function waitUntil(cond: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
