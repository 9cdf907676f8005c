// The index cache: a restart from it answers exactly as a fresh build does, and a cache that no longer
// matches the corpus (or is damaged) is never used: the caller is told to rebuild, with a warning.
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { availableParallelism, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DeskEngine } from '../src/answer/engine.js';
import { openEngineSoon } from '../src/library/open.js';
import { buildState } from '../src/library/build.js';
import { startVerifier } from '../src/library/cache/container.js';
import { extractFacts } from '../src/facts/index.js';
import { PassageStore } from '../src/library/passages.js';
import { loadCorpus } from '../src/corpus/load.js';
import {
  cacheFileFor,
  corpusHash,
  corpusKey,
  loadCachedState,
  saveState,
  startCorpusKey,
} from '../src/search/cache.js';
import type { EngineState, Facts, Passage } from '../src/types.js';
import { readQuestions } from '../bench/score.js';
import { flipBit, writeLargeContainer } from './helpers/large-container.js';

const bundled = new URL('../corpus/', import.meta.url).pathname;
const questions = readQuestions(new URL('./fixtures/questions.dev.jsonl', import.meta.url)).map((q) => q.q);
const more = [
  'japan',
  'Kazakhstan uranium',
  'Tokyo Declaration',
  'who is the president of Uzbekistan',
  'JICA projects',
];

const root = mkdtempSync(join(tmpdir(), 'dd-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A private copy of the bundled corpus and an empty cache folder. */
function setup() {
  const dir = join(root, `case${++n}`);
  const corpusDir = join(dir, 'corpus');
  const cacheDir = join(dir, 'cache');
  cpSync(bundled, corpusDir, { recursive: true });
  return { corpusDir, cacheDir };
}

function fresh(corpusDir: string): EngineState {
  const state = buildState(loadCorpus(corpusDir).articles);
  // Facts as the extractors give them (citations inside events and figures) must survive as they are.
  const p = state.passages.at(0);
  const citation = { n: 1, articleId: p.articleId, title: 'T', chunkId: p.id, snippet: p.sentences[0] };
  const facts: Facts = {
    events: [
      {
        date: '2004-08',
        dateText: 'August 2004',
        title: 'Dialogue launched',
        citation,
        countries: ['Japan'],
      },
    ],
    figures: [
      { value: '$230mn', number: 230e6, unit: 'USD', measure: 'trade turnover', period: '2023', citation },
    ],
    entities: [{ kind: 'person', name: 'Yoriko Kawaguchi', aliases: ['Kawaguchi'], mentions: [p.id] }],
  };
  return { ...state, facts };
}

function answersOf(state: EngineState) {
  const engine = new DeskEngine(state);
  return [...questions, ...more].map((q) => engine.answer(q));
}

describe('index cache', () => {
  let warnings: string[];
  const warn = (m: string) => warnings.push(m);
  beforeEach(() => {
    warnings = [];
  });

  it('gives back the same state and the same answers as a fresh build', () => {
    const { corpusDir, cacheDir } = setup();
    const built = fresh(corpusDir);
    const problems = [{ file: 'x.md', message: 'x.md: no front matter' }];
    expect(saveState(corpusDir, cacheDir, built, { problems, warn })).toMatchObject({
      file: cacheFileFor(corpusDir, cacheDir),
    });

    const cached = loadCachedState(corpusDir, cacheDir, { warn });
    expect(cached).toBeDefined();
    expect(warnings).toEqual([]);
    expect(cached!.problems).toEqual(problems);
    expect(cached!.articles).toEqual(built.articles);
    expect([...cached!.passages]).toEqual([...built.passages]);
    expect(cached!.facts).toEqual(built.facts);
    expect(answersOf(cached!)).toEqual(answersOf(built));
    expect(cached!.index.toJSON()).toEqual(built.index.toJSON());
  });

  it("reads a passage's figures alone and entities' mentions when asked, as a fresh build holds them, and answers alike", () => {
    const { corpusDir, cacheDir } = setup();
    // The facts the extractors find in the bundled articles.
    const built = buildState(loadCorpus(corpusDir).articles, extractFacts);
    saveState(corpusDir, cacheDir, built, { warn });
    const cached = loadCachedState(corpusDir, cacheDir, { warn })!;
    // Answers first: their cards read figures passage by passage, before anything reads the whole list.
    expect(answersOf(cached)).toEqual(answersOf(built));
    const figuresIn = cached.facts.figuresIn!;
    expect(figuresIn).toBeTypeOf('function');
    let cited = 0;
    for (const p of built.passages) {
      const expected = built.facts.figures.filter((f) =>
        [f.citation, ...((f as { alsoCitedBy?: { chunkId: string }[] }).alsoCitedBy ?? [])].some(
          (c) => c.chunkId === p.id,
        ),
      );
      expect(figuresIn(p.id)).toEqual(expected);
      cited += expected.length;
    }
    expect(cited).toBeGreaterThan(10);
    expect(figuresIn('no-such-article#1')).toEqual([]);
    // Figures by the country they are about, as topic cards ask for them.
    const countries = new Set(built.facts.figures.flatMap((f) => f.countries ?? []));
    expect(countries.size).toBeGreaterThan(1);
    for (const c of countries)
      expect(cached.facts.figuresAbout!(c)).toEqual(
        built.facts.figures.filter((f) => f.countries?.includes(c)),
      );
    expect(cached.facts.figuresAbout!('Atlantis')).toEqual([]);
    // One object per figure, whichever way it is reached.
    const some = cached.facts.figures.find((f) => figuresIn(f.citation.chunkId).length)!;
    expect(figuresIn(some.citation.chunkId)).toContain(some);
    expect(cached.facts.figures).toEqual(built.facts.figures);
    // Entities' mentions, read when first asked for.
    expect(cached.facts.entities).toEqual(built.facts.entities);
    expect(built.facts.entities.some((e) => e.mentions.length > 1)).toBe(true);
  });

  it('stores a text that occurs twice once, and gives both passages back whole', () => {
    const { corpusDir, cacheDir } = setup();
    // A syndicated copy of an article, and one sentence split differently from the original's.
    const [first] = readdirSync(corpusDir);
    const text = readFileSync(join(corpusDir, first), 'utf8');
    writeFileSync(join(corpusDir, 'zz-syndicated.md'), text.replace(/^id: .*$/m, 'id: zz-syndicated'));
    const built = fresh(corpusDir);
    const all: Passage[] = [...built.passages];
    const copy = all.find((p) => p.articleId === 'zz-syndicated')!;
    const twin = all.find((p) => p.articleId !== 'zz-syndicated' && p.text === copy.text)!;
    expect(twin).toBeDefined();
    // Sentences that do not join to the text, and an id not of the form <articleId>#<n>.
    const odd = { ...twin, id: 'odd-1', articleId: 'odd', n: 1, sentences: [twin.text, 'x'] };
    const state = { ...built, passages: PassageStore.of([...all, odd]) };
    const saved = saveState(corpusDir, cacheDir, state, { warn })!;
    const single = saveState(
      corpusDir,
      join(cacheDir, 'single'),
      { ...built, passages: PassageStore.of(all.filter((p) => p.articleId !== 'zz-syndicated')) },
      { warn },
    )!;
    expect(saved.bytes).toBeLessThan(single.bytes * 1.1);

    const cached = loadCachedState(corpusDir, cacheDir, { warn })!;
    expect([...cached.passages]).toEqual([...state.passages]);
    expect(cached.passages.get('odd-1')).toEqual(odd);
    const back = cached.passages.get(copy.id)!;
    back.sentences.push('edited');
    expect(cached.passages.get(twin.id)!.sentences).toEqual(twin.sentences);
    expect(cached.passages.get(copy.id)!.sentences).toEqual(copy.sentences);
    expect(warnings).toEqual([]);
  });

  it('can save a state that was itself loaded from the cache', () => {
    const { corpusDir, cacheDir } = setup();
    const built = fresh(corpusDir);
    saveState(corpusDir, cacheDir, built, { warn });
    const once = loadCachedState(corpusDir, cacheDir, { warn })!;
    saveState(corpusDir, cacheDir, once, { warn });
    const twice = loadCachedState(corpusDir, cacheDir, { warn })!;
    expect(warnings).toEqual([]);
    expect(answersOf(twice)).toEqual(answersOf(built));
  });

  it('leaves a missing corpus folder to the loader to report, cache or not', () => {
    const { corpusDir, cacheDir } = setup();
    saveState(corpusDir, cacheDir, fresh(corpusDir), { warn });
    rmSync(corpusDir, { recursive: true });
    expect(loadCachedState(corpusDir, cacheDir, { warn })).toBeUndefined();
    expect(loadCachedState(join(corpusDir, 'never'), cacheDir, { warn })).toBeUndefined();
  });

  it('is silent when there is no cache yet', () => {
    const { corpusDir, cacheDir } = setup();
    expect(loadCachedState(corpusDir, cacheDir, { warn })).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it.each([
    [
      'an article is edited',
      (dir: string) => appendFileSync(join(dir, readdirSync(dir)[0]), '\nOne more paragraph.\n'),
    ],
    ['an article is added', (dir: string) => cpSync(join(dir, readdirSync(dir)[0]), join(dir, 'zz-copy.md'))],
    ['an article is removed', (dir: string) => rmSync(join(dir, readdirSync(dir)[0]))],
    [
      'an article is renamed',
      (dir: string) => renameSync(join(dir, readdirSync(dir)[0]), join(dir, 'renamed.md')),
    ],
  ])('is stale when %s, and the rebuilt state is cached again', (_what, change) => {
    const { corpusDir, cacheDir } = setup();
    saveState(corpusDir, cacheDir, fresh(corpusDir), { warn });
    change(corpusDir);
    expect(loadCachedState(corpusDir, cacheDir, { warn })).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/stale/);

    const rebuilt = fresh(corpusDir);
    saveState(corpusDir, cacheDir, rebuilt, { warn });
    const cached = loadCachedState(corpusDir, cacheDir, { warn });
    expect([...(cached?.passages ?? [])]).toEqual([...rebuilt.passages]);
    expect(warnings).toHaveLength(1);
  });

  it.each([
    ['truncated', (file: string) => truncateSync(file, Math.floor(readFileSync(file).length / 2))],
    ['emptied', (file: string) => writeFileSync(file, '')],
    ['not a cache file', (file: string) => writeFileSync(file, '{"json": "of some other tool"}')],
    [
      'damaged inside',
      (file: string) => {
        const bytes = readFileSync(file);
        bytes.fill(0xff, 200, bytes.length - 200);
        writeFileSync(file, bytes);
      },
    ],
    [
      'one byte of a quote changed',
      (file: string) => {
        const bytes = readFileSync(file);
        const at = bytes.lastIndexOf('Japan');
        expect(at).toBeGreaterThan(0);
        bytes[at] = 'K'.charCodeAt(0);
        writeFileSync(file, bytes);
      },
    ],
  ])('is ignored with a warning when %s', (_what, damage) => {
    const { corpusDir, cacheDir } = setup();
    const saved = saveState(corpusDir, cacheDir, fresh(corpusDir), { warn })!;
    damage(saved.file);
    expect(() => loadCachedState(corpusDir, cacheDir, { warn })).not.toThrow();
    expect(loadCachedState(corpusDir, cacheDir, { warn })).toBeUndefined();
    expect(warnings[0]).toMatch(/unusable/);
  });

  it('checks large sections on another thread, and sees one byte changed', () => {
    const body = Buffer.from(new SharedArrayBuffer(3 << 20));
    for (let i = 0; i < body.length; i++) body[i] = (i * 7919) & 0xff;
    const ranges: [number, number, number][] = [
      [0, 1 << 20, crc32(body.subarray(0, 1 << 20))],
      [1 << 20, 2 << 20, crc32(body.subarray(1 << 20))],
    ];
    const check = () => {
      const verifier = startVerifier(-1, []);
      verifier.body(body, ranges);
      return verifier.wait();
    };
    expect(check).not.toThrow();
    body[(2 << 20) + 12345] ^= 1;
    expect(check).toThrow(/checksum mismatch/);
  });

  it.skipIf(availableParallelism() < 2)(
    "leaves a large cache's text blocks in the file, has its postings read by the second thread, and checks both before use",
    () => {
      const dir = join(root, `container${++n}`);
      const file = join(dir, 'c.cache');
      const { big, postings, blocks, read } = writeLargeContainer(file);
      const ok = read();
      expect([...ok.sections.keys()]).toEqual(['small', 'big', 'postings']);
      expect(ok.sections.get('big')!.equals(big)).toBe(true);
      const onDisk = ok.onDisk.get('store.blocks')!;
      expect(onDisk.length).toBe(blocks.length);
      expect(onDisk.subarray(1000, 1010).equals(blocks.subarray(1000, 1010))).toBe(true);
      expect(() => ok.verified()).not.toThrow();
      // Once checked, the postings the second thread read are there, byte for byte.
      expect(ok.sections.get('postings')!.equals(postings)).toBe(true);
      ok.cacheFile.close();

      // One byte of the blocks, or of the postings, changed on disk: caught by the check, before anything
      // reads it.
      const original = readFileSync(file);
      for (const at of [
        (all: Buffer) => all.length - 100,
        (all: Buffer) => all.indexOf(postings.subarray(0, 64)) + 77,
      ]) {
        writeFileSync(file, original);
        flipBit(file, at);
        const damaged = read();
        expect(() => damaged.verified()).toThrow(/checksum mismatch/);
        damaged.cacheFile.close();
      }
    },
  );

  it.skipIf(availableParallelism() < 2)(
    'runs its worker threads from code compiled as `npm start` compiles it (tsx), not falling back',
    () => {
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(new URL('./helpers/workers-under-tsx.ts', import.meta.url))],
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({ verified: 'thread', keyed: 'thread', same: true });
    },
  );

  it('keys a corpus the same in a worker thread as in place, and sees any byte change', () => {
    const { corpusDir } = setup();
    const before = corpusKey(corpusDir);
    expect(before.hash).toBe(corpusHash(corpusDir));
    expect(startCorpusKey(corpusDir, Number.MAX_SAFE_INTEGER).join()).toEqual(before);
    const file = join(corpusDir, readdirSync(corpusDir)[0]);
    const bytes = readFileSync(file);
    bytes[bytes.length - 2] ^= 1;
    writeFileSync(file, bytes);
    expect(startCorpusKey(corpusDir, Number.MAX_SAFE_INTEGER).join().hash).not.toBe(before.hash);
    expect(startCorpusKey(corpusDir, Number.MAX_SAFE_INTEGER).join()).toEqual(corpusKey(corpusDir));
  });

  it("trusts the files' status when no file was just written, and reads the bytes when it changed", async () => {
    const { corpusDir, cacheDir } = setup();
    // Just written (the copy): no status key, so the bytes are read at every start.
    expect(corpusKey(corpusDir).status).toBeUndefined();
    // As a checkout leaves them a few seconds later (the change time cannot be set back: it is waited for).
    const past = new Date(Date.now() - 600_000);
    for (const f of readdirSync(corpusDir)) utimesSync(join(corpusDir, f), past, past);
    await new Promise((r) => setTimeout(r, 2100));
    const key = corpusKey(corpusDir);
    expect(key.status).toMatch(/^[0-9a-f]{64}$/);
    expect(key.hash).toBe(corpusHash(corpusDir));
    for (const files of [0, Number.MAX_SAFE_INTEGER]) {
      // Same status: the recorded hash is taken without reading a byte (a wrong one shows it was), in
      // place and in a worker thread.
      const recorded = { hash: 'recorded', status: key.status };
      expect(startCorpusKey(corpusDir, files, recorded).join()).toEqual(recorded);
      expect(startCorpusKey(corpusDir, files, { hash: 'recorded', status: 'other' }).join()).toEqual(key);
    }
    const state = fresh(corpusDir);
    saveState(corpusDir, cacheDir, state, { warn });
    expect(loadCachedState(corpusDir, cacheDir, { warn })?.articles).toEqual(state.articles);
    const file = join(corpusDir, readdirSync(corpusDir)[0]);
    // Touched, same bytes: the status differs, the bytes are read, and they say the cache is fresh.
    utimesSync(file, past, past);
    expect(corpusKey(corpusDir, key)).toEqual({ hash: key.hash });
    expect(loadCachedState(corpusDir, cacheDir, { warn })?.articles).toEqual(state.articles);
    // Edited, with the times set back as they were: the change time moved, so the bytes are read.
    const bytes = readFileSync(file);
    bytes[bytes.length - 2] ^= 1;
    writeFileSync(file, bytes);
    utimesSync(file, past, past);
    expect(loadCachedState(corpusDir, cacheDir, { warn })).toBeUndefined();
    expect(warnings.at(-1)).toMatch(/stale/);
  });

  it('keeps two corpus folders apart in one cache folder', () => {
    const a = setup();
    const b = setup();
    rmSync(join(b.corpusDir, readdirSync(b.corpusDir)[0]));
    const stateA = fresh(a.corpusDir);
    const stateB = fresh(b.corpusDir);
    saveState(a.corpusDir, a.cacheDir, stateA, { warn });
    saveState(b.corpusDir, a.cacheDir, stateB, { warn });
    expect(loadCachedState(a.corpusDir, a.cacheDir, { warn })?.articles).toEqual(stateA.articles);
    expect(loadCachedState(b.corpusDir, a.cacheDir, { warn })?.articles).toEqual(stateB.articles);
    expect(warnings).toEqual([]);
  });

  it('warns instead of throwing when the cache cannot be written, and leaves no temp file', () => {
    const { corpusDir, cacheDir } = setup();
    writeFileSync(cacheDir, 'a file where the cache folder should be');
    expect(saveState(corpusDir, join(cacheDir, 'sub'), fresh(corpusDir), { warn })).toBeUndefined();
    expect(warnings[0]).toMatch(/could not be written/);

    const ok = setup();
    saveState(ok.corpusDir, ok.cacheDir, fresh(ok.corpusDir), { warn });
    expect(readdirSync(ok.cacheDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('an engine that answers while its corpus is keyed', () => {
  // A happening of invented words, appended to an article once its cache was written.
  const added =
    '\n\nIn 2031 the Zebrafinch Forum on glacier monitoring opened in Samarkand with Japanese support.\n';
  const question = 'When did the Zebrafinch Forum open?';
  const cites = (a: { citations: { snippet: string }[] }) =>
    a.citations.some((c) => c.snippet.includes('Zebrafinch'));

  it('is the cached one when the corpus is unchanged, and a rebuilt one when it changed', () => {
    const { corpusDir, cacheDir } = setup();
    saveState(corpusDir, cacheDir, fresh(corpusDir), { warn: () => {} });
    const same = openEngineSoon(corpusDir, { cacheDir });
    expect(same.opened.fromCache).toBe(true);
    expect(same.confirmed()).toBe(same.opened);

    const file = join(corpusDir, readdirSync(corpusDir).sort()[0]);
    writeFileSync(file, readFileSync(file, 'utf8') + added);
    const soon = openEngineSoon(corpusDir, { cacheDir });
    // Read from the cache before the edit was seen: it must not be what answers.
    expect(soon.opened.fromCache).toBe(true);
    expect(cites(soon.opened.engine.answer(question))).toBe(false);
    const final = soon.confirmed();
    expect(final.fromCache).toBe(false);
    expect(soon.confirmed()).toBe(final);
    expect(cites(final.engine.answer(question))).toBe(true);
  });

  it("shows the CLI's first answer from the corpus as it is, never from a stale cache", () => {
    const { corpusDir, cacheDir } = setup();
    saveState(corpusDir, cacheDir, fresh(corpusDir), { warn: () => {} });
    const file = join(corpusDir, readdirSync(corpusDir).sort()[0]);
    writeFileSync(file, readFileSync(file, 'utf8') + added);
    const run = spawnSync('npx', ['tsx', 'src/cli/ask.ts', '--json'], {
      cwd: new URL('..', import.meta.url).pathname,
      input: `${question}\nWhen was the dialogue launched?\n`,
      encoding: 'utf8',
      env: { ...process.env, CORPUS_DIR: corpusDir, CACHE_DIR: cacheDir, LOG_LEVEL: 'silent' },
      timeout: 120_000,
    });
    expect(run.status).toBe(0);
    const [first, second] = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(cites(first)).toBe(true);
    expect(second.answered).toBe(true);
  });
});
