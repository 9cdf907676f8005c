// Synthetic corpora for the benchmark: N articles, each a shuffled sample of the bundled corpus's real
// sections and paragraphs, with varied titles, sources and dates. Output depends only on the source
// corpus, N and the seed, so two runs (or two machines) benchmark the same library.
//
//   npx tsx bench/synth.ts 1000 [--out bench/corpora/1000] [--from corpus] [--seed 42]
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusFiles, loadCorpus } from '../src/corpus/load.js';
import type { Article, Section } from '../src/types.js';

// Bump when the generator's output changes, so stale generated corpora are rebuilt.
export const SYNTH_VERSION = 2;
export const DEFAULT_SEED = 20240711;
const MANIFEST = '.synth.json';

/** mulberry32: small, fast, and the same sequence on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

function shuffled<T>(rand: Rand, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const COUNTRIES = ['Kazakhstan', 'Uzbekistan', 'Kyrgyzstan', 'Tajikistan', 'Turkmenistan', 'Central Asia'];
const SOURCES = [
  'The Diplomat',
  'The Astana Times',
  'Kun.uz',
  'Daryo',
  'Eurasianet',
  'Nippon.com',
  'The Japan Times',
  'Trend News Agency',
  'Times of Central Asia',
  'Kabar',
  'Asia-Plus',
  'UzDaily',
  'Gazeta.uz',
  'Dunya',
];
const AUTHORS = [
  'Aigerim Seitkali',
  'Kenji Watanabe',
  'Dilnoza Karimova',
  'Timur Abdullaev',
  'Yuki Tanaka',
  'Nargiza Umarova',
  'Ruslan Iskakov',
  'Hiroshi Sato',
  'Madina Rakhimova',
  'Bakhtiyor Ergashev',
  'Aya Nakamura',
  'Erlan Zhakupov',
];
const TITLE_TEMPLATES: ((c: string, topic: string, n: number) => string)[] = [
  (c, t) => `${c} and Japan: ${t}`,
  (c, t) => `Japan and ${c} Look to Deepen Ties on ${t}`,
  (c) => `What ${c} Wants From Japan`,
  (c, t) => `${t}: Lessons for ${c} and Japan`,
  (c, _t, n) => `${n} Years of ${c}–Japan Relations`,
  (c) => `Tokyo Courts ${c} as Dialogue Gains Momentum`,
  (_c, t) => t,
  (c, t) => `Inside the ${c}–Japan Agenda: ${t}`,
  (c) => `${c} Eyes Japanese Investment and Technology`,
  (c, t) => `Expert View: ${t} in ${c}`,
];

interface Pools {
  sections: Section[];
  paragraphs: string[];
  headings: string[];
}

function poolsOf(articles: Article[]): Pools {
  const sections = articles.flatMap((a) => a.sections.filter((s) => s.paragraphs.length));
  const headings = [
    ...new Set(sections.map((s) => s.heading).filter((h): h is string => !!h && h.length < 70)),
  ];
  return { sections, paragraphs: sections.flatMap((s) => s.paragraphs), headings };
}

function publishedDate(rand: Rand): string {
  const year = int(rand, 2004, 2025);
  const month = String(int(rand, 1, 12)).padStart(2, '0');
  const day = String(int(rand, 1, 28)).padStart(2, '0');
  const precision = rand();
  if (precision < 0.15) return String(year);
  if (precision < 0.45) return `${year}-${month}`;
  return `${year}-${month}-${day}`;
}

const yamlString = (s: string) => JSON.stringify(s);

/** One synthetic article as corpus-file text (front matter as DESIGN.md, `##` sections). */
function article(rand: Rand, pools: Pools, id: string): string {
  const country = pick(rand, COUNTRIES);
  const topic = pools.headings.length ? pick(rand, pools.headings) : 'Cooperation';
  const title = pick(rand, TITLE_TEMPLATES)(country, topic, pick(rand, [10, 15, 20, 25, 30]));
  const front = ['---', `id: ${id}`, `title: ${yamlString(title)}`];
  if (rand() < 0.85) front.push(`source: ${yamlString(pick(rand, SOURCES))}`);
  if (rand() < 0.6) front.push(`author: ${yamlString(pick(rand, AUTHORS))}`);
  front.push(`published: ${publishedDate(rand)}`, '---', '');

  const body: string[] = [];
  // About as long as the bundled articles (12–22 paragraphs): a lede of loose paragraphs, then sections,
  // each a shuffled sample of a real section's paragraphs topped up with paragraphs from elsewhere, as
  // edited articles borrow from one another.
  for (let i = int(rand, 1, 2); i > 0; i--) body.push(pick(rand, pools.paragraphs), '');
  for (let s = int(rand, 3, 6); s > 0; s--) {
    const section = pick(rand, pools.sections);
    const want = int(rand, 2, 5);
    const take = shuffled(rand, section.paragraphs).slice(0, want);
    while (take.length < want) take.splice(int(rand, 0, take.length), 0, pick(rand, pools.paragraphs));
    if (section.heading?.trim()) body.push(`## ${section.heading.trim()}`, '');
    for (const p of take) body.push(p, '');
  }
  return `${front.join('\n')}\n${body.join('\n')}`;
}

/** Hash of the source corpus files, so a changed bundled corpus regenerates the synthetic ones. */
function sourceHash(fromDir: string): string {
  const h = createHash('sha1');
  for (const f of corpusFiles(fromDir))
    h.update(f.slice(f.lastIndexOf('/') + 1))
      .update('\0')
      .update(readFileSync(f));
  return h.digest('hex');
}

interface Manifest {
  version: number;
  n: number;
  seed: number;
  source: string;
}

function readManifest(outDir: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(join(outDir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

export interface SynthOptions {
  n: number;
  outDir: string;
  fromDir?: string;
  seed?: number;
}

/** Writes N articles to outDir unless an identical generation is already there; returns whether it wrote. */
export function ensureSynthCorpus(opts: SynthOptions): { generated: boolean; ms: number } {
  const started = performance.now();
  const fromDir = opts.fromDir ?? 'corpus';
  const seed = opts.seed ?? DEFAULT_SEED;
  const wanted: Manifest = { version: SYNTH_VERSION, n: opts.n, seed, source: sourceHash(fromDir) };
  const have = readManifest(opts.outDir);
  if (have && JSON.stringify(have) === JSON.stringify(wanted))
    return { generated: false, ms: performance.now() - started };

  const { articles } = loadCorpus(fromDir);
  if (!articles.length) throw new Error(`no articles in ${resolve(fromDir)} to sample from`);
  const pools = poolsOf(articles);
  mkdirSync(opts.outDir, { recursive: true });
  for (const name of readdirSync(opts.outDir))
    if (name.endsWith('.md') || name === MANIFEST) rmSync(join(opts.outDir, name));
  const rand = prng(seed ^ opts.n);
  const width = String(opts.n).length;
  for (let i = 1; i <= opts.n; i++) {
    const id = `synth-${String(i).padStart(width, '0')}`;
    writeFileSync(join(opts.outDir, `${id}.md`), article(rand, pools, id));
  }
  // Written last: an interrupted generation has no manifest and is redone.
  writeFileSync(join(opts.outDir, MANIFEST), `${JSON.stringify(wanted)}\n`);
  return { generated: true, ms: performance.now() - started };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const outDir = flag('--out');
  const fromDir = flag('--from');
  const seed = flag('--seed');
  const n = Number(args[0]);
  if (!Number.isInteger(n) || n < 1) {
    console.error('usage: tsx bench/synth.ts N [--out DIR] [--from CORPUS_DIR] [--seed S]');
    process.exit(2);
  }
  const dir = outDir ?? join('bench', 'corpora', String(n));
  const r = ensureSynthCorpus({ n, outDir: dir, fromDir, seed: seed ? Number(seed) : undefined });
  console.log(
    r.generated ? `wrote ${n} articles to ${dir} in ${r.ms.toFixed(0)} ms` : `${dir} is up to date`,
  );
}
