// Admin-only /reload: the corpus is re-read without a restart; a sound library replaces the serving
// one, a broken or empty one is refused (the old one keeps serving) and the admin is told why.
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEngine } from '../src/answer/engine.js';
import { describeReload, NOT_ADMIN_TEXT, reloadCorpus } from '../src/bot/features/admin.js';
import { prepareProduction } from '../src/server/production.js';
import type { Engine } from '../src/types.js';
import { textUpdate } from './helpers/fake-bot-api.js';
import { deployedBot, type Outgoing } from './helpers/outgoing.js';

const logger = pino({ level: 'silent' });
const ADMIN = 77;

const NEW_ARTICLE = `---
id: test-reload-article
title: "A Test Article About Turkmenistan Gas Pipelines"
published: 2024-03
---

## Pipelines

The Galkynysh field in Turkmenistan is among the largest gas fields in the world. In 2024 a Japanese consortium agreed to study a new compressor station near Mary, with a feasibility budget of 40 million dollars.
`;

let dir: string;
let ref: { engine: Engine };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'desk-reload-'));
  cpSync('corpus', dir, { recursive: true });
  ref = { engine: openEngine(dir).engine };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('reloadCorpus', () => {
  it('swaps in a sound library', async () => {
    const before = ref.engine.articles().length;
    writeFileSync(join(dir, 'test-reload-article.md'), NEW_ARTICLE);
    const old = ref.engine;
    const r = await reloadCorpus({ corpusDir: dir, engine: ref, logger });
    expect(r).toEqual({ ok: true, articles: before + 1, before });
    expect(ref.engine).not.toBe(old);
    expect(ref.engine.articles().map((a) => a.id)).toContain('test-reload-article');
  });

  it('a symlink loop and a dangling link: no crash, both named, the old library kept', async () => {
    symlinkSync('loop-2.md', join(dir, 'loop-1.md'));
    symlinkSync('loop-1.md', join(dir, 'loop-2.md'));
    symlinkSync('gone.md', join(dir, 'dangling.md'));
    const old = ref.engine;
    const r = await reloadCorpus({ corpusDir: dir, engine: ref, logger });
    expect(r.ok).toBe(false);
    expect(ref.engine).toBe(old);
    const text = describeReload(r);
    for (const name of ['loop-1.md', 'loop-2.md', 'dangling.md']) expect(text).toContain(name);
  });

  it('keeps the old library when a file is broken, naming the file', async () => {
    writeFileSync(join(dir, 'broken.md'), 'no front matter at all\n');
    const old = ref.engine;
    const r = await reloadCorpus({ corpusDir: dir, engine: ref, logger });
    expect(r.ok).toBe(false);
    expect(ref.engine).toBe(old);
    const text = describeReload(r);
    expect(text).toContain('broken.md');
    expect(text).toMatch(/Still serving the previous library/);
  });

  it('keeps the old library when the folder is empty or missing', async () => {
    const old = ref.engine;
    const empty = mkdtempSync(join(tmpdir(), 'desk-empty-'));
    try {
      expect((await reloadCorpus({ corpusDir: empty, engine: ref, logger })).ok).toBe(false);
      expect((await reloadCorpus({ corpusDir: join(empty, 'nope'), engine: ref, logger })).ok).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(ref.engine).toBe(old);
  });

  it('keeps the old library when building the engine throws', async () => {
    const old = ref.engine;
    const r = await reloadCorpus({
      corpusDir: dir,
      engine: ref,
      logger,
      load: () => {
        throw new Error('index build failed');
      },
    });
    expect(r.ok).toBe(false);
    expect(describeReload(r)).toContain('index build failed');
    expect(ref.engine).toBe(old);
  });

  it('keeps the report within one Telegram message however many files are broken', () => {
    const problems = Array.from({ length: 500 }, (_, i) => ({
      file: `corpus/file-${i}.md`,
      message: 'front matter missing '.repeat(3),
    }));
    const text = describeReload({ ok: false, reason: '500 files could not be loaded', problems, serving: 5 });
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toMatch(/and \d+ more/);
  });
});

describe('/reload in the bot', () => {
  async function bot(calls: Outgoing[]) {
    const production = await prepareProduction(
      {
        RATE_LIMIT_PER_MINUTE: 100,
        ADMIN_IDS: [ADMIN],
        CORPUS_DIR: dir,
        REDIS_URL: undefined,
        WEBHOOK_SECRET: undefined,
      },
      logger,
      ref,
    );
    return deployedBot({ production, ref, calls, logger, adminIds: [ADMIN] });
  }

  it('reloads for an admin, and the next question is answered from the new library', async () => {
    const calls: Outgoing[] = [];
    const b = await bot(calls);
    writeFileSync(join(dir, 'test-reload-article.md'), NEW_ARTICLE);
    await b.handleUpdate(textUpdate(ADMIN, '/reload'));
    expect(calls.at(-1)?.payload.text).toMatch(/^Library reloaded/);
    await b.handleUpdate(textUpdate(ADMIN, 'What is the Galkynysh field?'));
    expect(calls.at(-1)?.payload.text).toContain('Galkynysh');
  });

  it('tells the admin why a reload was refused', async () => {
    const calls: Outgoing[] = [];
    const b = await bot(calls);
    writeFileSync(join(dir, 'broken.md'), '---\ntitle: [unclosed\n---\nbody\n');
    await b.handleUpdate(textUpdate(ADMIN, '/reload'));
    expect(calls.at(-1)?.payload.text).toMatch(/Reload refused[\s\S]*broken\.md/);
  });

  it('refuses others politely in private and stays silent in groups', async () => {
    const calls: Outgoing[] = [];
    const b = await bot(calls);
    const old = ref.engine;
    await b.handleUpdate(textUpdate(12345, '/reload'));
    expect(calls.at(-1)?.payload.text).toBe(NOT_ADMIN_TEXT);
    calls.length = 0;
    await b.handleUpdate(textUpdate(-100555, '/reload', { fromId: 12345 }));
    expect(calls.filter((c) => c.method === 'sendMessage')).toEqual([]);
    expect(ref.engine).toBe(old);
  });
});
