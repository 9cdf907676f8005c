// Hostile input on the paths the desk added (edited messages, list and passage buttons, follow-up
// replies, half-typed inline queries), against the bot as deployed: every call it makes is one Telegram
// accepts, nothing is logged as an error, and an ordinary question afterwards is still answered.
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../src/answer/engine.js';
import { prepareProduction } from '../src/server/production.js';
import type { Engine } from '../src/types.js';
import { callbackUpdate, inlineUpdate, textUpdate } from './helpers/fake-bot-api.js';
import { BOT_INFO, deployedBot, problemsOf, type Outgoing } from './helpers/outgoing.js';

const HOSTILE = [
  '<b>bold</b> <a href="http://evil.example">x</a> *md* _it_ `code` [l](http://evil.example)',
  'x'.repeat(5000),
  'Japan\u0000\u0007\u001b[31m\u202e\u200b Uzbekistan\u0008',
  '🇯🇵🇺🇿😀'.repeat(400),
  '.*+?^${}()|[]\\ (((((((((',
  '\n\n\n',
  '@dialogue_desk_bot',
  '/ask@dialogue_desk_bot \u202e',
];

const DATA = [
  't9999=',
  't=x'.padEnd(64, 'y'),
  'f12=2019-2022',
  'f=\u0000\u202e',
  'p=',
  'p1=no-such-article#99',
  'p2#AAAAAAAAAAAA',
  'p#../../etc/passwd',
  'm0=\n\n',
  'm5=\nWhen?',
  's=\n',
  'e9999',
  'x',
];

describe('hostile input on the desk’s own paths', () => {
  let engine: Engine;
  beforeAll(() => {
    engine = openEngine('corpus').engine;
  });

  it('edits, buttons, replies and inline queries: only acceptable calls, no error, still answering', async () => {
    const errors: string[] = [];
    const logger = pino({ level: 'error' }, { write: (l: string) => void errors.push(l) });
    const calls: Outgoing[] = [];
    const ref = { engine };
    const production = await prepareProduction(
      {
        RATE_LIMIT_PER_MINUTE: 10_000,
        ADMIN_IDS: [],
        CORPUS_DIR: 'corpus',
        REDIS_URL: undefined,
        WEBHOOK_SECRET: undefined,
      },
      logger,
      ref,
    );
    const bot = await deployedBot({ production, ref, calls, logger });
    for (const [k, text] of HOSTILE.entries()) {
      for (const chatId of [7001, -7002]) {
        const addressed = chatId < 0 ? `@${BOT_INFO.username} ${text}` : text;
        await bot.handleUpdate(textUpdate(chatId, addressed));
        await bot.handleUpdate(textUpdate(chatId, addressed, { edited: true }));
        await bot.handleUpdate(
          textUpdate(chatId, text, {
            extra: {
              reply_to_message: {
                message_id: 5000 + k,
                date: 0,
                chat: { id: chatId, type: 'private' },
                from: BOT_INFO,
                text,
              },
            },
          }),
        );
      }
      await bot.handleUpdate(inlineUpdate(7001, text));
      await bot.handleUpdate(inlineUpdate(7001, text.slice(0, 3)));
    }
    for (const data of DATA) {
      await bot.handleUpdate(callbackUpdate(7001, data));
      await bot.handleUpdate(callbackUpdate(-7002, data));
    }
    for (const call of calls) expect(problemsOf(call), JSON.stringify(call).slice(0, 300)).toEqual([]);
    expect(errors).toEqual([]);
    // Every press was acknowledged, once.
    const presses = calls.filter((c) => c.method === 'answerCallbackQuery');
    expect(presses).toHaveLength(DATA.length * 2);

    const before = calls.length;
    await bot.handleUpdate(textUpdate(7001, 'How much grant aid did Abe pledge to Tajikistan?'));
    const answer = calls.slice(before).find((c) => c.method === 'sendMessage');
    expect(answer?.payload.text).toContain('$7.5 million');
    await production.close();
  }, 60_000);
});
