// Memory mode keeps state per chat: bounded by an entry limit (least recently used evicted first) and
// by expiry, so a bot that meets many chats does not grow without end.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { openEngine } from '../src/answer/engine.js';
import { createBot } from '../src/bot/bot.js';
import type { SessionData } from '../src/bot/context.js';
import { BoundedMemoryStore } from '../src/bot/memory-store.js';
import { memoryStorage } from '../src/bot/storage.js';
import { textUpdate } from './helpers/fake-bot-api.js';
import { BOT_INFO, inProcessApi, type Outgoing } from './helpers/outgoing.js';

describe('the bounded memory store', () => {
  it('never holds more than its bound, evicting the least recently used', () => {
    const store = new BoundedMemoryStore<number>({ ttlMs: 60_000, maxEntries: 100 });
    for (let i = 0; i < 50_000; i++) {
      store.write(`chat${i}`, i);
      if (i % 10 === 0) store.read('chat0'); // kept in use
    }
    expect(store.size).toBe(100);
    expect(store.read('chat0')).toBe(0);
    expect(store.read('chat1')).toBeUndefined();
    expect(store.read('chat49999')).toBe(49999);
  });

  it('forgets entries idle longer than the expiry, and sweeps them as it goes', () => {
    let now = 0;
    const store = new BoundedMemoryStore<string>({ ttlMs: 1000, maxEntries: 1000, now: () => now });
    for (let i = 0; i < 500; i++) store.write(`a${i}`, 'x');
    now = 500;
    store.read('a7'); // used: its expiry moves on
    now = 1200;
    expect(store.read('a1')).toBeUndefined();
    store.write('b', 'y');
    expect(store.size).toBe(2); // the expired ones went on the next write
    expect(store.read('a7')).toBe('x');
  });
});

describe('the deployed bot in memory mode', () => {
  it('keeps at most the bound of chat sessions however many chats ask', async () => {
    const engine = openEngine('corpus').engine;
    const storage = memoryStorage({ maxEntries: 50 });
    const sessions = storage.session<SessionData>() as BoundedMemoryStore<SessionData>;
    const calls: Outgoing[] = [];
    const bot = createBot({
      token: '123456789:AAHfakeFAKEfakeFAKEfakeFAKEfake12345',
      engine: () => engine,
      botInfo: BOT_INFO,
      logger: pino({ level: 'silent' }),
      throttle: false,
      apiTransformers: [inProcessApi(calls)],
      sessionStorage: sessions,
      conversationStorage: storage.conversations(),
    });
    for (let c = 1; c <= 400; c++)
      await bot.handleUpdate(
        textUpdate(30_000 + c, 'When was the Central Asia plus Japan dialogue launched?'),
      );
    expect(calls.filter((c) => c.method === 'sendMessage').length).toBeGreaterThanOrEqual(400);
    expect(sessions.size).toBeGreaterThan(0);
    expect(sessions.size).toBeLessThanOrEqual(50);
  });
});
