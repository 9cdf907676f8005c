// End to end, the way the bot is run and checked: `npm start` with BOT_TOKEN and BOT_API_ROOT pointed
// at telegram-test-api on loopback, and users talking to it in a private chat and in a supergroup.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  E2E_TOKEN,
  EMULATOR_BOT,
  Emulator,
  waitUntil,
  type BotMessage,
} from './helpers/telegram-emulator.js';

interface DevQuestion {
  id: string;
  q: string;
  expect?: (string | string[])[];
  abstain?: boolean;
}

const DEV = readFileSync(new URL('./fixtures/questions.dev.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as DevQuestion);

let emu: Emulator;
let bot: ChildProcess;
let logs = '';
let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

beforeAll(async () => {
  emu = await Emulator.start();
  bot = spawn('npm', ['start', '--silent'], {
    cwd: new URL('..', import.meta.url).pathname,
    env: {
      ...process.env,
      BOT_TOKEN: E2E_TOKEN,
      BOT_API_ROOT: emu.apiRoot,
      LOG_LEVEL: 'debug',
      WEBHOOK_URL: '',
      REDIS_URL: '',
      // The default rate limit applies: a scripted user asking one question after another in a
      // private chat must stay within it.
      RATE_LIMIT_PER_MINUTE: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a failed run can take npm, tsx and the bot down together.
    detached: true,
  });
  bot.stdout!.on('data', (d) => (logs += d));
  bot.stderr!.on('data', (d) => (logs += d));
  exit = new Promise((resolve) => bot.once('exit', (code, signal) => resolve({ code, signal })));
  await waitUntil(() => logs.includes('bot ready'), 'the bot to start', 30_000);
}, 60_000);

afterAll(async () => {
  if (bot.exitCode === null && bot.signalCode === null) {
    try {
      process.kill(-bot.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await emu?.stop();
});

const textOf = (ms: BotMessage[]) => ms.map((m) => m.text).join('\n\n');
const buttons = (m: BotMessage) => (m.replyMarkup?.inline_keyboard ?? []).flat();

function carries(text: string, expected: (string | string[])[]): boolean {
  const t = text.toLowerCase();
  return expected.every((e) => (Array.isArray(e) ? e : [e]).some((alt) => t.includes(alt.toLowerCase())));
}

describe('private chat', () => {
  const alice = () => emu.user({ userId: 1001, firstName: 'Alice' });

  it('answers the dev questions with cited quotes, and declines what the library lacks', async () => {
    const user = alice();
    let carried = 0;
    let answerable = 0;
    for (const q of DEV) {
      const reply = await user.ask(q.q);
      const text = textOf(reply);
      if (q.abstain) {
        expect(text, q.id).toMatch(/the library has nothing on this/i);
        expect(text, q.id).not.toMatch(/\[1\]/);
        continue;
      }
      answerable++;
      if (carries(text, q.expect ?? [])) carried++;
      // Every answer cites: a [1] and a sources list.
      expect(text, q.id).toMatch(/\[1\]/);
      expect(text, q.id).toMatch(/Sources/);
    }
    expect(carried / answerable).toBeGreaterThanOrEqual(0.85);
  });

  it('/start shows what the bot knows, with example questions as buttons that answer', async () => {
    const user = alice();
    const [start] = await user.ask('/start');
    expect(start.text).toMatch(/Central Asia/);
    expect(start.text).toMatch(/5 articles/);
    const examples = buttons(start);
    expect(examples.length).toBeGreaterThan(1);
    // Readable whole on a phone: one a row, about 30 characters at most.
    for (const row of start.replyMarkup!.inline_keyboard!) expect(row).toHaveLength(1);
    for (const b of examples) expect(b.text.length).toBeLessThanOrEqual(30);
    const before = user.messages().length;
    await user.press(start, examples[0].text);
    const answer = await waitUntil(() => user.messages()[before], 'the example answered');
    expect(answer.text).toContain(examples[0].text);
    expect(answer.text).toMatch(/\[1\]/);
  });

  it('/help, /about, /sources, /timeline and /figures reply', async () => {
    const user = alice();
    expect(textOf(await user.ask('/help'))).toMatch(/\/timeline/);
    expect(textOf(await user.ask('/about'))).toMatch(/verbatim|word for word/i);
    const sources = textOf(await user.ask('/sources'));
    expect(sources).toMatch(/5 articles/);
    expect(sources).toMatch(/The Diplomat, 2019-05/);
    const filtered = textOf(await user.ask('/Timeline 2019'));
    expect(filtered).toMatch(/Timeline — 2019/);
    const figures = textOf(await user.ask('/figures'));
    expect(figures).toMatch(/Figures/);
    const figuresFiltered = textOf(await user.ask('/figures Uzbekistan'));
    expect(figuresFiltered).toMatch(/Figures — Uzbekistan/);
  });

  it('/timeline lists every event at once, 1997 to 2025, and its buttons narrow the list in place', async () => {
    const user = alice();
    const [list] = await user.ask('/timeline');
    const entries = list.text.split('\n').filter((l) => / — .*\[\d+\]$/.test(l));
    expect(entries.length).toBeGreaterThan(20);
    expect(entries[0]).toMatch(/^1997 — /);
    expect(entries.at(-1)).toMatch(/2025 — /);
    const labels = buttons(list).map((b) => b.text);
    expect(labels).toContain('2024–2025');
    expect(labels).toContain('Uzbekistan');
    expect(labels).not.toContain('Japan');

    const count = user.messages().length;
    await user.press(list, 'Uzbekistan');
    const narrowed = await waitUntil(() => {
      const m = user.messages().find((x) => x.messageId === list.messageId)!;
      return m.text.includes('Timeline — Uzbekistan') && m;
    }, 'the list narrowed in place');
    const narrowedEntries = narrowed.text.split('\n').filter((l) => / — .*\[\d+\]$/.test(l));
    expect(narrowedEntries.length).toBeGreaterThan(0);
    expect(narrowedEntries.length).toBeLessThan(entries.length);
    expect(buttons(narrowed).map((b) => b.text)).toContain('• Uzbekistan');

    await user.press(narrowed, /^All \d+ events$/);
    await waitUntil(() => {
      const m = user.messages().find((x) => x.messageId === list.messageId)!;
      return m.text.startsWith('🗓 Timeline (') && m;
    }, 'back to every event');
    expect(user.messages().length).toBe(count); // edited, never sent anew

    const [figures] = await user.ask('/figures');
    expect(figures.text).toMatch(/\$230mn/);
    expect(buttons(figures).map((b) => b.text)).toContain('Uzbekistan');
  });

  it('a reply to an answer is read as a follow-up of its question', async () => {
    const user = alice();
    const [answer] = await user.ask('How much did Uzbekistan and Japan trade in 2023?');
    expect(answer.text).toContain('$230mn');
    const [followUp] = await user.ask('what about the first three months of 2024?', {
      reply_to_message: {
        message_id: answer.messageId,
        from: { id: EMULATOR_BOT.id, is_bot: true, first_name: 'Test', username: EMULATOR_BOT.username },
        chat: { id: user.chatId, type: 'private' },
        date: Math.floor(Date.now() / 1000),
        text: answer.text,
      },
    });
    expect(followUp.text).toContain('$120.7mn');
  });

  it('"hi" and "thanks!" are greeted, not refused', async () => {
    const user = alice();
    for (const text of ['hi', 'thanks!']) {
      const [reply] = await user.ask(text);
      expect(reply.text).not.toMatch(/nothing on this/i);
      expect(reply.text).not.toMatch(/Sources/);
      expect(reply.replyMarkup?.inline_keyboard ?? []).toHaveLength(0);
    }
  });

  it('a command typed as plain text (no command entity) still works', async () => {
    const user = alice();
    const before = user.messages().length;
    await user.client.sendMessage(user.client.makeMessage('/help'));
    const [help] = await waitUntil(
      () => user.messages().length > before && user.messages().slice(before),
      'help',
    );
    expect(help.text).toMatch(/How to ask/);
  });

  it('buttons under an answer: more passages edits in place, a citation opens its passage, sources', async () => {
    const user = alice();
    const [answer] = await user.ask('When did the Central Asia + Japan dialogue get started?');
    expect(answer.linkPreviewDisabled).toBe(true);
    const labels = buttons(answer).map((b) => b.text);
    expect(labels).toContain('📄 [1]');
    expect(labels).toContain('📚 Sources');
    for (const b of buttons(answer)) expect(Buffer.byteLength(b.callback_data ?? '')).toBeLessThanOrEqual(64);

    // The full passage behind [1]: a new message, replying to the answer.
    const count = user.messages().length;
    await user.press(answer, '📄 [1]');
    const passage = await waitUntil(() => user.messages()[count], 'the passage');
    expect(passage.text).toContain('August 2004');
    expect(passage.replyTo).toBe(answer.messageId);
    // The sentence the answer quoted stands out in the passage: in bold, and it is the quote.
    const marked = (passage.entities ?? [])
      .filter((e) => e.type === 'bold')
      .map((e) => passage.text.slice(e.offset, e.offset + e.length))
      .join(' ');
    expect(marked).toContain('August 2004');
    expect(answer.text).toContain(marked.split(/(?<=[.!?])\s/)[0]);

    // More passages: the same message now shows passage [4] onwards.
    expect(labels).toContain('➕ More passages');
    await user.press(answer, '➕ More passages');
    const paged = await waitUntil(() => {
      const m = user.messages().find((x) => x.messageId === answer.messageId)!;
      return m.text.includes('More passages') && m;
    }, 'the answer edited in place');
    expect(paged.text).toMatch(/\[4\]/);
    expect(buttons(paged).map((b) => b.text)).toContain('◀ Answer');
    expect(user.messages().length).toBe(count + 1); // edited, not sent anew

    await user.press(paged, '◀ Answer');
    await waitUntil(() => {
      const m = user.messages().find((x) => x.messageId === answer.messageId)!;
      return m.text.includes('August 2004') && !m.text.includes('More passages') && m;
    }, 'back to the answer');

    await user.press(answer, '📚 Sources');
    const sources = await waitUntil(() => {
      const m = user.messages().find((x) => x.messageId === answer.messageId)!;
      return m.text.includes('Sources of this answer') && m;
    }, 'the sources in place');
    expect(sources.text).toMatch(/The Diplomat/);
  });

  it('cards say each thing once: one sources list, no field restating the card’s title', async () => {
    const user = alice();
    for (const q of ['Who is Sanae Takaichi?', 'How much did Uzbekistan and Japan trade in 2023?']) {
      const [answer] = await user.ask(q);
      expect(answer.text, q).toMatch(/📇 /);
      expect(answer.text.match(/^Sources$/gm), q).toHaveLength(1);
      expect(answer.text, q).not.toMatch(/^(Name|Type|Reports|Sources): /m);
      const title = /📇 (.+?) \[/.exec(answer.text)![1];
      for (const line of answer.text.split('\n').filter((l) => /^[A-Z][\w ]+: /.test(l))) {
        expect(title.toLowerCase(), q).not.toContain(line.split(': ')[1].toLowerCase());
      }
    }
  });

  it('a button it never issued gets a polite answer, and the chat goes on', async () => {
    const user = alice();
    const [answer] = await user.ask('How many Uzbek-Japanese joint ventures are there in Uzbekistan?');
    await user.pressData(answer, 'm3#neverIssued');
    await user.pressData(answer, 'garbage data \u0000');
    const [next] = await user.ask('How much grant aid did Abe pledge to Tajikistan?');
    expect(next.text).toContain('$7.5 million');
  });

  it('/ask with no question asks for it; /cancel always works', async () => {
    const user = alice();
    const [prompt] = await user.ask('/ask');
    expect(prompt.text).toMatch(/what would you like to know/i);
    const [answer] = await user.ask('From when do Japanese citizens need no visa for Uzbekistan?');
    expect(answer.text).toContain('March 2020');

    await user.ask('/ask');
    const [cancelled] = await user.ask('/cancel');
    expect(cancelled.text).toBe('Cancelled.');
  });

  it('hostile text (markup, 5,000 characters, control characters) never breaks it', async () => {
    const user = alice();
    const hostile = [
      '<b>bold</b> <a href="http://evil.example">x</a> *md* _it_ `code` [link](http://evil.example) </pre>',
      'x'.repeat(5000),
      'Japan\u0000\u0007\u001b[31m\u202e\u200b Uzbekistan\u0008',
      '🇯🇵🇺🇿😀',
      '.*+?^${}()|[]\\ (((((((((',
    ];
    for (const text of hostile) {
      const reply = await user.ask(text);
      expect(reply.length).toBeGreaterThan(0);
      for (const m of reply) {
        expect(m.raw.parse_mode).toBeUndefined(); // formatting only by entities: nothing to inject into
        expect(m.text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202E]/);
      }
    }
    const [answer] = await user.ask('How much did Uzbekistan and Japan trade in 2023?');
    expect(answer.text).toContain('$230mn');
  });
});

describe('supergroup', () => {
  const GROUP = -1001234567890;
  const member = (userId: number) =>
    emu.user({ userId, chatId: GROUP, type: 'supergroup', title: 'CA–Japan watchers' });
  const botName = EMULATOR_BOT.username;

  it('answers /ask@bot and a mention, as replies to the asking message; ignores chatter', async () => {
    const bob = member(2001);
    const carol = member(2002);

    const before = bob.messages().length;
    const chatterId = await carol.send('lunch anyone? the Japan trip photos are up');
    await carol.send('How much did Uzbekistan and Japan trade in 2023?');

    const [viaCommand] = await bob.ask(
      `/ask@${botName} How many Uzbek-Japanese joint ventures are there in Uzbekistan?`,
    );
    expect(viaCommand.text).toContain('66 joint ventures');
    // Updates of one chat are handled in order: by now the chatter has been read, and left alone.
    expect(bob.messages().length).toBe(before + 1);
    expect(bob.messages().some((m) => m.replyTo === chatterId)).toBe(false);

    const mentionText = `@${botName} In which city did the foreign ministers hold their seventh meeting?`;
    const [viaMention] = await carol.ask(mentionText);
    expect(viaMention.text).toContain('Dushanbe');
    expect(viaMention.replyTo).toBeGreaterThan(0);
    const asked = emu.server.storage.userMessages.find((u: any) => u.message?.text === mentionText);
    expect(viaMention.replyTo).toBe(asked?.messageId);
  });

  it('a reply to its answer is a follow-up in the context of the question before it', async () => {
    const bob = member(2001);
    const [answer] = await bob.ask(`/ask@${botName} When did the Central Asia + Japan dialogue get started?`);
    expect(answer.text).toContain('August 2004');
    const [followUp] = await bob.ask('and whose idea was it?', {
      reply_to_message: {
        message_id: answer.messageId,
        from: { id: EMULATOR_BOT.id, is_bot: true, first_name: 'Test', username: botName },
        chat: { id: GROUP, type: 'supergroup' },
        date: Math.floor(Date.now() / 1000),
        text: answer.text,
      },
    });
    expect(followUp.text).toContain('Kawaguchi');
  });

  it('stays quiet in a plain group unless addressed, then answers the one addressing it', async () => {
    const PLAIN = -4001;
    const erin = emu.user({ userId: 2010, chatId: PLAIN, type: 'group', title: 'Plain group' });
    const before = erin.messages().length;
    await erin.send('When did the Central Asia + Japan dialogue get started?');
    await erin.send('hi all');
    const [reply] = await erin.ask(`@${botName} How much grant aid did Abe pledge to Tajikistan?`);
    expect(reply.text).toContain('$7.5 million');
    expect(erin.messages().length).toBe(before + 1);
  });

  it('a reply to its trade answer asking about the first quarter of 2024 quotes the Q1 figure', async () => {
    const carol = member(2002);
    const [answer] = await carol.ask(`@${botName} How much did Uzbekistan and Japan trade in 2023?`);
    expect(answer.text).toContain('$230mn');
    const text = 'what about the first three months of 2024?';
    const [followUp] = await carol.ask(text, {
      reply_to_message: {
        message_id: answer.messageId,
        from: { id: EMULATOR_BOT.id, is_bot: true, first_name: 'Test', username: botName },
        chat: { id: GROUP, type: 'supergroup' },
        date: Math.floor(Date.now() / 1000),
        text: answer.text,
      },
    });
    expect(followUp.text).toContain('$120.7mn');
    const asked = emu.server.storage.userMessages.filter((u: any) => u.message?.text === text).at(-1);
    expect(followUp.replyTo).toBe(asked?.messageId);
  });

  it('stays in the forum topic it was asked in', async () => {
    const dave = member(2003);
    const [reply] = await dave.ask(`@${botName} How much grant aid did Abe pledge to Tajikistan?`, {
      message_thread_id: 77,
      is_topic_message: true,
      chat: { is_forum: true },
    });
    expect(reply.threadId).toBe(77);
    expect(reply.text).toContain('$7.5 million');
  });

  it('commands without a question work in the group too', async () => {
    const bob = member(2001);
    const [prompt] = await bob.ask(`/ask@${botName}`);
    expect(prompt.replyMarkup?.force_reply).toBe(true);
    const [answer] = await bob.ask('What was the Silk Road Diplomacy Concept?', {
      reply_to_message: {
        message_id: prompt.messageId,
        chat: { id: GROUP, type: 'supergroup' },
        date: 0,
        text: prompt.text,
      },
    });
    expect(answer.text).toContain('Hashimoto');
    const [sources] = await bob.ask(`/sources@${botName}`);
    expect(sources.text).toMatch(/The library/);
  });
});

describe('Russian and Uzbek', () => {
  // A Telegram set to Russian sends language_code 'ru' with every message.
  const RU = { from: { language_code: 'ru' } };
  const aigerim = () => emu.user({ userId: 1501, firstName: 'Aigerim' });

  it('a user with a Russian Telegram gets /start and its buttons in Russian', async () => {
    const user = aigerim();
    const [start] = await user.ask('/start', RU);
    expect(start.text).toMatch(/Я отвечаю на вопросы об отношениях Центральной Азии и Японии/);
    expect(start.text).toMatch(/5 статей/);
    expect(buttons(start).length).toBeGreaterThan(1);
    const [help] = await user.ask('/help', RU);
    expect(help.text).toMatch(/^Как спрашивать/);
  });

  it('a Russian question gets the English quote, marked as the original, in a Russian frame', async () => {
    const user = emu.user({ userId: 1502, firstName: 'Timur' });
    // Whatever the user's Telegram says, a question written in Russian gets a Russian frame.
    const [answer] = await user.ask('Когда начался диалог «Центральная Азия + Япония»?');
    expect(answer.text).toMatch(
      /Japan was the first to introduce the "Central Asia plus Japan" dialogue in 2004/,
    );
    expect(answer.text).toContain('(оригинал, английский)');
    expect(answer.text).toMatch(/\nИсточники\n/);
    expect(answer.text).toMatch(/май 2019/);
    const labels = buttons(answer).map((b) => b.text);
    expect(labels).toContain('📚 Источники');
    expect(labels).toContain('➕ Ещё фрагменты');

    // The buttons keep the answer's language.
    await user.press(answer, '📚 Источники');
    const sources = await waitUntil(() => {
      const m = user.messages().find((x) => x.messageId === answer.messageId)!;
      return m.text.includes('Источники этого ответа') && m;
    }, 'the sources, in Russian');
    expect(buttons(sources).map((b) => b.text)).toContain('◀ К ответу');
  });

  it('declines in Russian what the library lacks, saying what it covers', async () => {
    const user = aigerim();
    const [decline] = await user.ask('Какой объём торговли Японии с Бразилией в 1990 году?', RU);
    expect(decline.text).toMatch(/В библиотеке нет ничего об этом/);
    expect(decline.text).toMatch(/В ней 5 статей об отношениях Центральной Азии и Японии/);
    expect(decline.text).not.toMatch(/\[1\]/);
  });

  it('/timeline Казахстан and /figures savdo filter by Russian and Uzbek words', async () => {
    const user = aigerim();
    const [timeline] = await user.ask('/timeline Казахстан', RU);
    expect(timeline.text).toMatch(/^🗓 Хронология — Казахстан/);
    expect(timeline.text).toMatch(/Kazakhstan signed bilateral investment agreements with Japan/);
    expect(buttons(timeline).map((b) => b.text)).toContain('Узбекистан');
    const dilnoza = emu.user({ userId: 1503, firstName: 'Dilnoza' });
    const [figures] = await dilnoza.ask('/figures savdo', { from: { language_code: 'uz' } });
    expect(figures.text).toMatch(/^📊 Raqamlar — savdo/);
    expect(figures.text).toContain('$230mn');
  });

  it('/language switches to Uzbek, and it sticks', async () => {
    const user = aigerim();
    const [prompt] = await user.ask('/language', RU);
    expect(prompt.text).toMatch(/Выберите язык/);
    expect(buttons(prompt).map((b) => b.text)).toEqual(['English', 'Русский', 'Oʻzbekcha']);
    await user.press(prompt, 'Oʻzbekcha');
    await waitUntil(() => {
      const m = user.messages().find((x) => x.messageId === prompt.messageId)!;
      return m.text === 'Endi oʻzbek tilida javob beraman.' && m;
    }, 'the choice confirmed in Uzbek');
    // The Telegram still says Russian; the choice kept in the session wins.
    const [help] = await user.ask('/help', RU);
    expect(help.text).toMatch(/^Qanday soʻrash kerak/);
    const [list] = await user.ask('/timeline', RU);
    expect(list.text).toMatch(/^🗓 Xronologiya/);
    expect(buttons(list).map((b) => b.text)).toContain('Oʻzbekiston');
  });
});

describe('the whole run', () => {
  it('never sent a message over 4096 characters, nor any entity outside its text, nor an empty keyboard row', () => {
    const all = emu.allBotMessages();
    expect(all.length).toBeGreaterThan(40);
    for (const m of all) {
      for (const row of m.replyMarkup?.inline_keyboard ?? []) expect(row.length).toBeGreaterThan(0);
      expect(m.text.length).toBeGreaterThan(0);
      expect(m.text.length).toBeLessThanOrEqual(4096);
      for (const e of m.entities ?? []) {
        expect(e.offset).toBeGreaterThanOrEqual(0);
        expect(e.offset + e.length).toBeLessThanOrEqual(m.text.length);
      }
    }
  });

  it('logged without the token, and stops cleanly on SIGTERM', async () => {
    bot.kill('SIGTERM');
    const { code } = await exit;
    expect(code).toBe(0);
    expect(logs).toMatch(/stopped/);
    expect(logs).not.toContain(E2E_TOKEN);
    expect(logs).not.toContain(E2E_TOKEN.split(':')[1]);
  }, 20_000);
});
