// The library pipeline's compact parts: they must answer exactly as the structures they replace.
// - the compact index against MiniSearch's own search over the same passages (same hits, same scores,
//   same order, ties included), common terms and all;
// - the passage store gives back every passage as chunkArticle made it;
// - the term table's exact and fuzzy lookups against a plain scan;
// - the MiniSearch version the private-field adapter was written for (fails loudly on any other).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkArticle } from '../src/corpus/chunk.js';
import { loadCorpus } from '../src/corpus/load.js';
import { buildState } from '../src/library/build.js';
import { decodeValue, encodeValue } from '../src/library/cache/value-codec.js';
import { PassageStore } from '../src/library/passages.js';
import { analyzeWords } from '../src/search/analyzer.js';
import { FIELD_BOOST, PassageIndex, type WeightedTerm } from '../src/search/index.js';
import {
  compactSupported,
  minisearchVersion,
  WRITTEN_FOR_MINISEARCH,
} from '../src/search/minisearch-internals.js';
import { TermTable } from '../src/search/term-table.js';
import type { Passage } from '../src/types.js';

const bundled = new URL('../corpus/', import.meta.url).pathname;

/** A fixed-seed PRNG (mulberry32), so every run builds the same synthetic library. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Words of the bundled articles, drawn with a skewed distribution: a few words in most passages (the
// common terms the compact query scores in typed arrays), most in a handful.
function syntheticPassages(count: number): { passages: Passage[]; titles: Map<string, string> } {
  const words = [
    ...new Set(
      readFileSync(join(bundled, 'ca-japan-15-years-2019.md'), 'utf8')
        .toLowerCase()
        .match(/[a-z]{4,}/g) ?? [],
    ),
  ];
  const rand = prng(42);
  const pick = () => words[Math.floor(words.length * rand() ** 3)];
  const passages: Passage[] = [];
  const titles = new Map<string, string>();
  for (let i = 0; passages.length < count; i++) {
    const articleId = `a${i}`;
    titles.set(articleId, `${pick()} ${pick()} ${pick()}`);
    const heading = rand() < 0.3 ? undefined : `${pick()} ${pick()}`;
    for (let n = 1; n <= 8; n++) {
      const sentences = [0, 1, 2].map(
        () => `${Array.from({ length: 6 + Math.floor(rand() * 10) }, pick).join(' ')}.`,
      );
      passages.push({ id: `${articleId}#${n}`, articleId, n, heading, text: sentences.join(' '), sentences });
    }
  }
  return { passages, titles };
}

describe('compact index', () => {
  const { passages, titles } = syntheticPassages(2400);
  const index = PassageIndex.build(passages, titles);
  const rand = prng(7);
  const terms = [...(index.compact?.postings.terms ?? [])];
  const df = (t: string) => index.vocab.df.get(t) ?? 0;

  it('is compact on the MiniSearch it was written for', () => {
    expect(index.compact).toBeDefined();
  });

  it('finds what MiniSearch finds, with the same scores in the same order, common terms included', () => {
    let compared = 0;
    for (let q = 0; q < 150; q++) {
      const chosen = [
        ...new Set(
          Array.from({ length: 1 + Math.floor(rand() * 5) }, () => terms[Math.floor(rand() * terms.length)]),
        ),
      ];
      // rarest first, as the engine sends them (common terms last)
      chosen.sort((a, b) => df(a) - df(b));
      const weighted: WeightedTerm[] = chosen.map((term, i) => ({ term, weight: i % 2 ? 0.8 : 1 }));
      const weights = new Map(weighted.map((t) => [t.term, t.weight]));
      for (const limit of [5, 24]) {
        const expected = index.search
          .search(chosen.join(' '), {
            boost: FIELD_BOOST,
            combineWith: 'OR',
            boostTerm: (t) => weights.get(t) ?? 1,
          })
          .slice(0, limit)
          .map((r) => ({ id: String(r.id), score: r.score, matched: r.terms }));
        expect(index.query(weighted, limit)).toEqual(expected);
        compared++;
      }
    }
    expect(compared).toBe(300);
  });

  it('serves df and the surface vocabulary as the Maps did', () => {
    const want = new Map<string, number>();
    const surface = new Map<string, string>();
    for (const p of passages) {
      const words = [...analyzeWords(p.heading ?? '', 'document'), ...analyzeWords(p.text, 'document')];
      for (const t of new Set(words.map((w) => w.term))) want.set(t, (want.get(t) ?? 0) + 1);
      for (const w of words) if (!surface.has(w.word)) surface.set(w.word, w.term);
    }
    for (const [t, n] of want) expect(index.vocab.df.get(t)).toBe(n);
    expect(index.vocab.df.size).toBe(want.size);
    for (const [w, t] of surface) expect(index.vocab.surface.get(w)).toBe(t);
    expect(index.vocab.df.get('zzzz-never')).toBeUndefined();
    expect(index.vocab.surface.has('zzzz-never')).toBe(false);
  });

  it('round-trips through MiniSearch’s public toJSON / loadJSON (the fallback codec)', () => {
    const back = PassageIndex.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    const q: WeightedTerm[] = terms.slice(0, 3).map((term) => ({ term, weight: 1 }));
    expect(back.query(q, 10).map((h) => h.id)).toEqual(index.query(q, 10).map((h) => h.id));
    expect(back.vocab.passages).toBe(index.vocab.passages);
  });
});

describe('passage store', () => {
  const { articles } = loadCorpus(bundled);
  const chunked = articles.flatMap(chunkArticle);

  it('gives back every passage as chunkArticle made it, by position and by id', () => {
    const store = PassageStore.of(chunked);
    expect(store.length).toBe(chunked.length);
    expect([...store]).toEqual(chunked);
    for (const p of chunked) expect(store.get(p.id)).toEqual(p);
    expect(store.get('nope#1')).toBeUndefined();
    expect(store.get(`${chunked[0].articleId}#999`)).toBeUndefined();
  });

  it('holds the text compressed, well under its size', () => {
    const store = PassageStore.of(chunked);
    const text = chunked.reduce((n, p) => n + Buffer.byteLength(p.text), 0);
    expect(store.columns.blocks.length).toBeLessThan(text * 0.6);
  });

  it('builds the same state from the articles as the pipeline does from the folder', () => {
    const state = buildState(articles);
    expect([...state.passages]).toEqual(chunked);
    expect(state.articles.map((a) => a.id)).toEqual(articles.map((a) => a.id));
  });
});

describe('term table', () => {
  const words = [
    'kazakh',
    'kazakhstan',
    'japan',
    'japanese',
    'tokyo',
    'toky',
    'uzbek',
    'a',
    'ab',
    'b',
    'ünï',
  ];
  const { table } = TermTable.of(words);

  it('finds every string and nothing else', () => {
    for (const w of words) expect(table.at(table.indexOf(w))).toBe(w);
    expect(table.indexOf('kazak')).toBe(-1);
    expect(table.indexOf('')).toBe(-1);
    expect(table.indexOf('zzz')).toBe(-1);
  });

  it('finds within an edit distance what a plain scan finds', () => {
    const distance = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
      for (let j = 1; j <= b.length; j++) d[0][j] = j;
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++)
          d[i][j] = Math.min(
            d[i - 1][j] + 1,
            d[i][j - 1] + 1,
            d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
          );
      return d[a.length][b.length];
    };
    for (const key of ['japn', 'kazakstan', 'toki', 'x', 'unï', 'japanese']) {
      for (const max of [1, 2]) {
        const got = new Map([...table.fuzzy(key, max)].map(([i, d]) => [table.at(i), d]));
        const want = new Map(words.map((w) => [w, distance(key, w)] as const).filter(([, d]) => d <= max));
        expect(got).toEqual(want);
      }
    }
  });
});

describe('value codec (cache metadata and facts)', () => {
  it('gives back plain data as it was, strings shared, undefined properties left out', () => {
    const value = {
      a: [1, -2, 3.5, 2 ** 40, -0.25, null, true, false, 'x', 'ü', '日本'],
      b: { c: 'x', d: undefined, e: [{ k: 1 }, { k: 2 }] },
      empty: [],
    };
    const back = decodeValue(encodeValue(value)) as typeof value;
    expect(back).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('gives back many objects of one shape, and odd keys (quotes, a line separator, __proto__) as they were', () => {
    const odd = ['"', "'); process.exit(1); ('", '\u2028', '1', 'a b', 'constructor', '__proto__'];
    const value = {
      rows: Array.from({ length: 50 }, (_, i) => ({ id: `r${i}`, n: i, tags: i % 3 ? ['x'] : [] })),
      // A key list met many times, holding every odd key, a __proto__ among them (own, not the prototype).
      odd: Array.from({ length: 20 }, (_, i) =>
        JSON.parse(JSON.stringify(Object.fromEntries(odd.map((k) => [k, i])))),
      ),
    };
    const back = decodeValue(encodeValue(value)) as typeof value;
    expect(back).toEqual(JSON.parse(JSON.stringify(value)));
    const last = back.odd.at(-1) as Record<string, unknown>;
    expect(Object.keys(last).sort()).toEqual([...odd].sort());
    expect(Object.getPrototypeOf(last)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(last, '__proto__')?.value).toBe(19);
  });

  it('refuses what JSON cannot hold (the cache then falls back to v8.serialize)', () => {
    expect(() => encodeValue({ m: new Map() })).toThrow();
  });
});

describe('MiniSearch internals', () => {
  it(`is the MiniSearch ${WRITTEN_FOR_MINISEARCH} the compact index was written for`, () => {
    // The adapter in src/search/minisearch-internals.ts sets MiniSearch's private fields. Another version
    // may lay them out differently: read its source (termResults, executeQuery, the constructor's fields),
    // check the adapter against it, then change WRITTEN_FOR_MINISEARCH. Until then the index falls back to
    // MiniSearch's public API, correct but several times larger and slower to load.
    const pkg = join(
      dirname(createRequire(import.meta.url).resolve('minisearch')),
      '..',
      '..',
      'package.json',
    );
    const installed = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
    expect(installed, 'MiniSearch was upgraded: check src/search/minisearch-internals.ts').toBe(
      WRITTEN_FOR_MINISEARCH,
    );
    expect(minisearchVersion()).toBe(installed);
    expect(compactSupported()).toBe(true);
  });
});
