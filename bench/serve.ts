// The serving figures of one library, measured the way the checker measures them: a built cache
// (`npm run build-index`, timed, its peak RSS sampled), then `npm run --silent ask -- --json` answering
// questions streamed one at a time, beside raw MiniSearch processes (default options, and with an English
// stop-word list) answering the same lines in the same run. Also `ask --json` with an empty cache.
// `npm run bench` calls this per real-text library; on its own it measures one (a few minutes at 10,000):
//
//   npx tsx bench/serve.ts --corpus /work/data/corpus-10000 [--cache /tmp/dd-cache] [--questions 200]
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { headingQuestions } from './realtext.js';
import { readQuestions, scoreSet, type EvalQuestion, type SetScore } from './score.js';
import type { Answer } from '../src/types.js';
import { streamQuestions, type StreamResult } from './stream.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface LatencyStats {
  n: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
}

export function latencyStats(samples: number[]): LatencyStats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? 0;
  return {
    n: s.length,
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
    p50: at(0.5),
    p99: at(0.99),
    max: at(1),
  };
}

export interface Served {
  label: string;
  coldMs: number;
  peakRssMB: number;
  latency: LatencyStats;
  /** the slowest questions, for whoever works on the tail */
  slowest: { q: string; ms: number }[];
}

export interface ServeReport {
  corpusDir: string;
  questions: number;
  build: { ms: number; peakRssMB: number; cacheBytes: number };
  engine: Served;
  engineNoCache?: Served;
  rawDefault: Served;
  rawStopWords: Served;
  /** the first this many questions went to the raw processes too; ratios compare the engine on them */
  rawQuestions: number;
  ratio: { meanVsDefault: number; meanVsStopWords: number; p99VsDefault: number; p99VsStopWords: number };
  /** the dev questions among them, scored as DESIGN.md defines it */
  quality: Omit<SetScore, 'perQuestion'>;
}

function served(label: string, r: StreamResult, questions: string[]): Served {
  const slowest = r.latencies
    .map((ms, i) => ({ q: questions[i + 1], ms: Math.round(ms * 10) / 10 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
  return { label, coldMs: r.coldMs, peakRssMB: r.peakRssMB, latency: latencyStats(r.latencies), slowest };
}

/** Runs a command to its end, sampling the tree's peak RSS the way streamQuestions does. */
async function timedRun(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const started = performance.now();
  const r = await streamQuestions(command, args, env, [], ROOT).catch((err: Error) => {
    throw err;
  });
  return { ms: performance.now() - started, peakRssMB: r.peakRssMB };
}

function dirBytes(dir: string): number {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.cache'))
    .reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

/** The Central Asia questions with expected quotes (tests/fixtures), scored on every library. */
export function devQuestions(): EvalQuestion[] {
  const dir = join(ROOT, 'tests', 'fixtures');
  return [
    ...readQuestions(join(dir, 'questions.dev.jsonl')),
    ...readQuestions(join(dir, 'questions.dev2.jsonl')),
  ];
}

/** The question set: a quarter Central Asia dev questions, the rest about the library's other documents. */
export function serveQuestions(corpusDir: string, count: number): string[] {
  const dev = devQuestions().map((q) => q.q);
  const bundled = new Set(readdirSync(join(ROOT, 'corpus')));
  const own = count - Math.min(dev.length, Math.floor(count / 4));
  const heading = headingQuestions(corpusDir, own, 11, (f) => bundled.has(f));
  // Interleaved (one dev question after every three others), so neither kind sits at one end of the run.
  const ca = dev.slice(0, count - heading.length);
  const out: string[] = [];
  heading.forEach((q, i) => {
    out.push(q);
    if (i % 3 === 2 && ca.length) out.push(ca.shift() as string);
  });
  return [...out, ...ca];
}

export async function serve(opts: {
  corpusDir: string;
  cacheDir?: string;
  questions?: number;
  noCache?: boolean;
  /** how many of the questions the raw MiniSearch processes answer (default: all) */
  rawQuestions?: number;
}): Promise<ServeReport> {
  const log = (m: string) => process.stderr.write(`[serve ${opts.corpusDir}] ${m}\n`);
  const corpusDir = resolve(opts.corpusDir);
  const ownCache = !opts.cacheDir;
  const cacheDir = opts.cacheDir ?? mkdtempSync(join(tmpdir(), 'dd-serve-cache-'));
  const questions = serveQuestions(corpusDir, opts.questions ?? 200);
  const env = { CORPUS_DIR: corpusDir, CACHE_DIR: cacheDir, LOG_LEVEL: 'warn' };
  try {
    log('npm run build-index');
    const build = await timedRun('npm', ['run', '--silent', 'build-index'], env);
    const cacheBytes = dirBytes(cacheDir);
    const ask = ['run', '--silent', 'ask', '--', '--json'];
    log(`engine: ${questions.length} questions through npm run --silent ask -- --json`);
    const streamed = await streamQuestions('npm', ask, env, questions, ROOT);
    const engine = served('engine (npm run ask, built cache)', streamed, questions);
    const byQuestion = new Map(questions.map((q, i) => [q, JSON.parse(streamed.answers[i]) as Answer]));
    const dev = devQuestions().filter((q) => byQuestion.has(q.q));
    const { perQuestion: _, ...quality } = scoreSet(
      dev,
      dev.map((q) => byQuestion.get(q.q) as Answer),
    );
    // Raw default MiniSearch takes seconds a question at 10,000 documents: it answers the first
    // `rawQuestions` lines, and the ratios compare the engine on those same lines.
    const rawCount = Math.min(questions.length, opts.rawQuestions ?? questions.length);
    const rawSet = questions.slice(0, rawCount);
    const raw = (stop: boolean) =>
      streamQuestions(
        process.execPath,
        [
          '--import',
          'tsx',
          join(ROOT, 'bench', 'raw-minisearch.ts'),
          ...(stop ? ['--stop-words'] : []),
          corpusDir,
        ],
        {},
        rawSet,
        ROOT,
      );
    log(`raw MiniSearch, default options (${rawCount} questions)`);
    const rawDefault = served('raw MiniSearch, default options', await raw(false), rawSet);
    log(`raw MiniSearch, English stop words (${rawCount} questions)`);
    const rawStopWords = served('raw MiniSearch, English stop words', await raw(true), rawSet);
    let engineNoCache: Served | undefined;
    if (opts.noCache) {
      const empty = mkdtempSync(join(tmpdir(), 'dd-serve-empty-'));
      try {
        log('engine with an empty CACHE_DIR');
        engineNoCache = served(
          'engine (npm run ask, empty cache)',
          await streamQuestions('npm', ask, { ...env, CACHE_DIR: empty }, questions.slice(0, 20), ROOT),
          questions,
        );
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    }
    const e = latencyStats(streamed.latencies.slice(0, rawCount - 1));
    return {
      corpusDir,
      questions: questions.length,
      build: { ...build, cacheBytes },
      engine,
      engineNoCache,
      rawDefault,
      rawStopWords,
      rawQuestions: rawCount,
      ratio: {
        meanVsDefault: e.mean / rawDefault.latency.mean,
        meanVsStopWords: e.mean / rawStopWords.latency.mean,
        p99VsDefault: e.p99 / rawDefault.latency.p99,
        p99VsStopWords: e.p99 / rawStopWords.latency.p99,
      },
      quality,
    };
  } finally {
    if (ownCache) rmSync(cacheDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      cache: { type: 'string' },
      questions: { type: 'string' },
      'no-cache': { type: 'boolean' },
      'raw-questions': { type: 'string' },
    },
  });
  if (!values.corpus) {
    process.stderr.write(
      'usage: npx tsx bench/serve.ts --corpus DIR [--cache DIR] [--questions N] [--no-cache]\n',
    );
    process.exit(2);
  }
  const report = await serve({
    corpusDir: values.corpus,
    cacheDir: values.cache,
    questions: values.questions ? Number(values.questions) : undefined,
    noCache: values['no-cache'],
    rawQuestions: values['raw-questions'] ? Number(values['raw-questions']) : undefined,
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
