// `npm run bench`: one run, side by side, for the real-text libraries (1,000 and 10,000 distinct documents
// from ../shared/bench/realtext-9995.tar.gz, unpacked into a temporary folder, plus the bundled five),
// the bundled corpus, and synthetic corpora of 1,000 and 10,000 articles (generated into bench/corpora/
// when absent).
// - Real text (bench/serve.ts): build-index time and peak RSS, cache size, then questions streamed one at
//   a time through `npm run --silent ask -- --json` (cold start, peak RSS, p50/p99/mean) beside raw
//   MiniSearch processes with default options and with an English stop-word list, answering the same
//   lines; `ask` with an empty cache; answer quality on the dev questions among them.
// - Bundled and synthetic: answer quality, per-question latency of engine.answer against raw MiniSearch
//   (default, and with stop words) in the same process, bot throughput, build, cold start, memory.
// Writes bench/results/latest.{md,json}.
//
//   npm run bench                                   everything (long at 10,000 real documents)
//   npm run bench -- --only=real1000,bundled        a subset
//   npm run bench -- --realtext=PATH                the archive (else BENCH_REALTEXT, else ../shared/bench/)
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { openEngine, type DeskEngine } from '../src/answer/engine.js';
import { loadCorpus } from '../src/corpus/load.js';
import { saveState } from '../src/search/cache.js';
import { botThroughput, type BotThroughput } from './bot.js';
import { benchQuestions } from './questions.js';
import { rawDocs, rawIndex } from './raw-minisearch.js';
import { realtextArchive, unpackRealtext } from './realtext.js';
import { serve, type ServeReport } from './serve.js';
import { readQuestions, scoreSet, type SetScore } from './score.js';
import { ensureSynthCorpus } from './synth.js';

// The code under test runs from a snapshot of the tree taken at the start (see the end of this file):
// engineers edit the tree while a bench runs, and the cache must not turn stale under it. CODE is where
// the code runs from, HOME the working tree, where corpora, cache and results live.
const CODE = resolve(fileURLToPath(new URL('..', import.meta.url)));
const HOME = process.env.DD_BENCH_HOME ?? CODE;
const ROOT = CODE;
const CORPORA_DIR = join(HOME, 'bench', 'corpora');
const RESULTS_DIR = join(HOME, 'bench', 'results');
const CACHE_DIR = join(CORPORA_DIR, '.cache');
// The shared dev set beside the repository when there is one, else the copy in tests/fixtures.
const SHARED_DEV = join(HOME, '..', 'shared', 'eval', 'questions.dev.jsonl');
const DEV_QUESTIONS =
  process.env.EVAL_QUESTIONS ??
  (existsSync(SHARED_DEV) ? SHARED_DEV : join(HOME, 'tests', 'fixtures', 'questions.dev.jsonl'));
const FIRST_QUESTION = 'What was the total trade turnover between Uzbekistan and Japan in 2023?';
/** Raw MiniSearch costs up to a second a question at 10,000 articles: it is timed on this many. */
const RAW_QUESTIONS_AT_SCALE = 60;
const PROCESS_REPS = 2;

// A forced collection before each timed pass, so one pass does not pay for the garbage of another.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

interface CorpusSpec {
  key: string;
  label: string;
  dir: string;
  n?: number;
  botUpdates: number;
}

const ALL: CorpusSpec[] = [
  { key: 'bundled', label: 'bundled', dir: join(ROOT, 'corpus'), botUpdates: 3000 },
  { key: '1000', label: '1,000', dir: join(CORPORA_DIR, '1000'), n: 1000, botUpdates: 1000 },
  { key: '10000', label: '10,000', dir: join(CORPORA_DIR, '10000'), n: 10000, botUpdates: 200 },
];

interface Stats {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return {
    n: s.length,
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: s[s.length - 1],
  };
}

function time<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
}

function timeEach(questions: string[], f: (q: string) => unknown): number[] {
  gc();
  return questions.map((q) => {
    const t = performance.now();
    f(q);
    return performance.now() - t;
  });
}

interface Memory {
  rssMB: number;
  heapUsedMB: number;
  heapTotalMB: number;
  externalMB: number;
  arrayBuffersMB: number;
}

/** Cold starts per corpus: the median is reported (and the fastest, as the least disturbed by other load). */
const COLD_RUNS = 5;

interface ColdStart {
  mode: string;
  fromCache: boolean;
  nodeStartMs: number;
  importMs: number;
  loadMs: number;
  firstAnswerMs: number;
  readyAtMs: number;
  loadSteps: Record<string, number>;
  afterFirst: Memory;
  afterAll?: Memory;
  wallMs: number;
}

// The same child prebuilt to one JavaScript file (esbuild, which tsx brings along): what a start costs
// without compiling TypeScript on the fly. Undefined when esbuild is not there.
let bundled: string | undefined | null = null;
function coldStartBundle(): string | undefined {
  if (bundled !== null) return bundled;
  const out = join(CORPORA_DIR, '.build', 'cold-start.mjs');
  const r = spawnSync(
    join(ROOT, 'node_modules', '.bin', 'esbuild'),
    [
      join(ROOT, 'bench', 'cold-start.ts'),
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--packages=external',
      `--outfile=${out}`,
      '--log-level=error',
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  bundled = r.status === 0 ? out : undefined;
  return bundled;
}

function coldStart(dir: string, mode: string, questionsFile?: string, prebuilt = false): ColdStart {
  const script = prebuilt
    ? ['--expose-gc', coldStartBundle()!]
    : ['--import', 'tsx', '--expose-gc', join(ROOT, 'bench', 'cold-start.ts')];
  const args = [...script, '--retry-stale', dir, CACHE_DIR, mode, FIRST_QUESTION];
  if (questionsFile) args.push(questionsFile);
  for (let attempt = 1; ; attempt++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    const wallMs = performance.now() - t;
    if (r.status === 3 && attempt < 3) continue; // the cache was stale and has been rewritten
    if (r.status !== 0) throw new Error(`cold start child failed (${r.status}): ${r.stderr}`);
    return { ...(JSON.parse(r.stdout.trim().split('\n').pop()!) as Omit<ColdStart, 'wallMs'>), wallMs };
  }
}

function median<T>(xs: T[], by: (x: T) => number): T {
  return [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)];
}

interface CorpusResult {
  key: string;
  label: string;
  dir: string;
  articles: number;
  passages: number;
  paragraphs: number;
  problems: number;
  facts: { events: number; figures: number; entities: number };
  quality: Omit<SetScore, 'perQuestion'> & { misses: string[] };
  latency: {
    engine: Stats;
    raw: Stats;
    /** raw MiniSearch with an English stop-word list */
    rawStop: Stats;
    engineOnRawSubset: Stats;
    rawQuestions: number;
    ratio: { mean: number; p50: number; p95: number; p99: number; meanVsStopWords: number };
  };
  build: { engineMs: number; rawMs: number; cacheBytes?: number; cacheWriteMs?: number };
  coldStart: ColdStart & { runs: number[]; fastest: number };
  /** The same cold start from a prebuilt JavaScript bundle (no tsx). */
  coldStartPrebuilt?: ColdStart;
  bot?: BotThroughput;
}

async function benchCorpus(
  spec: CorpusSpec,
  questions: string[],
  dev: ReturnType<typeof readQuestions>,
  coldMode: string,
  questionsFile: string,
): Promise<CorpusResult> {
  const log = (m: string) => process.stderr.write(`[${spec.label}] ${m}\n`);
  log('building the engine (load, chunk, index, facts)');
  // Without a cache folder openEngine builds and neither reads nor writes a cache: the build alone is timed.
  const [opened, engineMs] = time(() => openEngine(spec.dir));
  const engine: DeskEngine = opened.engine;
  const { state } = engine;
  const saved = saveState(spec.dir, CACHE_DIR, state, { problems: opened.problems });

  log('answer quality on the dev questions');
  const score = scoreSet(
    dev,
    dev.map((q) => engine.answer(q.q)),
  );
  const { perQuestion, ...quality } = score;
  const misses = perQuestion
    .filter((s) => !s.correct)
    .map((s) => `${s.id}${s.abstain ? ' (abstain)' : s.hit3 ? ' (hit@3 only)' : ''}`);

  log('raw MiniSearch index over the paragraphs');
  const docs = rawDocs(spec.dir);
  const [raw, rawMs] = time(() => rawIndex(docs));
  const rawStop = rawIndex(docs, { stopWords: true });

  const rawQuestions = docs.length > 50_000 ? questions.slice(0, RAW_QUESTIONS_AT_SCALE) : questions;
  log(`latency: ${questions.length} questions (raw: ${rawQuestions.length}), warm-up first`);
  for (const q of questions) engine.answer(q);
  for (const q of rawQuestions) raw.search(q);
  for (const q of rawQuestions) rawStop.search(q);
  const engineTimes = timeEach(questions, (q) => engine.answer(q));
  const rawTimes = timeEach(rawQuestions, (q) => raw.search(q));
  const rawStopStats = stats(timeEach(rawQuestions, (q) => rawStop.search(q)));
  const engineStats = stats(engineTimes);
  const rawStats = stats(rawTimes);
  const engineSubset = stats(engineTimes.slice(0, rawQuestions.length));
  const ratio = {
    mean: engineSubset.mean / rawStats.mean,
    p50: engineSubset.p50 / rawStats.p50,
    p95: engineSubset.p95 / rawStats.p95,
    p99: engineSubset.p99 / rawStats.p99,
    meanVsStopWords: engineSubset.mean / rawStopStats.mean,
  };

  log(`bot throughput: ${spec.botUpdates} updates`);
  const bot = await botThroughput(engine, questions, spec.botUpdates);

  log('cold start from the cache (child processes)');
  const runs = Array.from({ length: COLD_RUNS }, () => coldStart(spec.dir, coldMode));
  const typical = median(runs, (r) => r.readyAtMs);
  // Postings fill in as terms are searched: memory after the whole question set, in one more child.
  const afterAll = coldStart(spec.dir, coldMode, questionsFile).afterAll;
  const prebuiltRuns = coldStartBundle()
    ? Array.from({ length: COLD_RUNS }, () => coldStart(spec.dir, coldMode, undefined, true))
    : [];
  const prebuilt = prebuiltRuns.length ? median(prebuiltRuns, (r) => r.readyAtMs) : undefined;

  return {
    key: spec.key,
    label: spec.label,
    dir: spec.dir,
    articles: state.articles.length,
    passages: state.passages.length,
    paragraphs: docs.length,
    problems: opened.problems.length,
    facts: {
      events: state.facts.events.length,
      figures: state.facts.figures.length,
      entities: state.facts.entities.length,
    },
    quality: { ...quality, misses },
    latency: {
      engine: engineStats,
      raw: rawStats,
      rawStop: rawStopStats,
      engineOnRawSubset: engineSubset,
      rawQuestions: rawQuestions.length,
      ratio,
    },
    build: { engineMs, rawMs, cacheBytes: saved?.bytes, cacheWriteMs: saved?.ms },
    coldStart: {
      ...typical,
      afterAll,
      runs: runs.map((r) => r.readyAtMs),
      fastest: Math.min(...runs.map((r) => r.readyAtMs)),
    },
    coldStartPrebuilt: prebuilt,
    bot,
  };
}

interface ProcessRun {
  label: string;
  command: string;
  wallMs: number[];
  best: number;
  perQuestion: number;
  lines: number;
}

function processRun(
  label: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input: string,
  expected: number,
  fresh?: () => NodeJS.ProcessEnv,
): ProcessRun {
  const wallMs: number[] = [];
  let lines = 0;
  for (let i = 0; i < PROCESS_REPS; i++) {
    const t = performance.now();
    const r = spawnSync(command, args, {
      cwd: ROOT,
      input,
      encoding: 'utf8',
      env: { ...process.env, ...env, ...fresh?.() },
      maxBuffer: 1 << 30,
    });
    wallMs.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${label} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
    lines = r.stdout.split('\n').filter((l) => l.trim()).length;
    if (lines !== expected) throw new Error(`${label}: ${lines} output lines for ${expected} questions`);
  }
  const best = Math.min(...wallMs);
  return { label, command: [command, ...args].join(' '), wallMs, best, perQuestion: best / expected, lines };
}

function processComparison(dir: string, questions: string[]) {
  const input = `${questions.join('\n')}\n`;
  const temps: string[] = [];
  const emptyCache = () => {
    const d = mkdtempSync(join(tmpdir(), 'dd-bench-cache-'));
    temps.push(d);
    return { CACHE_DIR: d };
  };
  try {
    const env = { CORPUS_DIR: dir, LOG_LEVEL: 'warn' };
    const args = ['run', '--silent', 'ask', '--', '--json'];
    const cold = processRun(
      'npm run --silent ask -- --json (empty CACHE_DIR)',
      'npm',
      args,
      env,
      input,
      questions.length,
      emptyCache,
    );
    const warm = processRun(
      'npm run --silent ask -- --json (fresh cache in CACHE_DIR)',
      'npm',
      args,
      { ...env, CACHE_DIR },
      input,
      questions.length,
    );
    const raw = processRun(
      'raw MiniSearch process (bench/raw-minisearch.ts)',
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bench', 'raw-minisearch.ts'), dir],
      {},
      input,
      questions.length,
    );
    return {
      questions: questions.length,
      runs: [cold, warm, raw],
      ratioCold: cold.best / raw.best,
      ratioWarm: warm.best / raw.best,
    };
  } finally {
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- report

const ms = (x: number | undefined, digits = 1) => (x === undefined ? 'n/a' : `${x.toFixed(digits)} ms`);
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const mb = (bytes: number | undefined) =>
  bytes === undefined ? 'n/a' : `${(bytes / 1_048_576).toFixed(1)} MB`;
const x = (r: number) => `${r.toFixed(2)}×`;

function markdown(r: Awaited<ReturnType<typeof runAll>>): string {
  const out: string[] = [];
  const rows = r.corpora;
  out.push(`# Benchmark — ${r.date}`, '');
  out.push(
    `Commit ${r.commit}${r.dirty ? ' (with uncommitted changes)' : ''} · Node ${r.node} · ${r.cpu} × ${r.cores} · ${r.memGB} GB RAM`,
    '',
  );
  out.push(
    `Latency question set: ${r.questions} questions (the ${r.devQuestions} dev questions, variations of them, questions templated over names and terms of the corpus, out-of-corpus questions).`,
    '',
  );

  for (const f of r.failures)
    out.push(`**${f.label}: the run failed** — ${f.error.replace(/\s+/g, ' ')}`, '');
  out.push('## Targets', '', '| target | measured | |', '|---|---|---|');
  for (const t of r.targets)
    out.push(`| ${t.target} | ${t.measured} | ${t.ok === undefined ? 'n/a' : t.ok ? '✅' : '❌'} |`);
  out.push('');

  out.push('## Real-text libraries (what the checker measures)', '');
  if (r.realtext.skipped) out.push(`Skipped: ${r.realtext.skipped}`, '');
  else {
    out.push(
      `Distinct real documents (free-software manuals, \`${r.realtext.archive}\`) plus the five bundled articles. ${r.realtext.reports[0]?.questions ?? 0} questions streamed one at a time (each written when the previous answer arrived) through \`npm run --silent ask -- --json\` with a cache built by \`npm run build-index\`; a quarter are the Central Asia dev questions, the rest ordinary questions made from the other documents' own titles and headings. The raw MiniSearch processes (\`bench/raw-minisearch.ts\`, one document per paragraph) answer the same lines in the same run. Peak RSS: VmHWM of the serving node process. Cold start: spawn → first answer line. Latency: every later answer, write → answer line.`,
      '',
    );
    out.push(realtextTable(r.realtext.reports), '');
  }

  out.push('## Answer quality (dev questions)', '');
  out.push(
    '| corpus | articles | passages | hit@1 | hit@3 | declined out-of-corpus | declined answerable | answered without citation | misses |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const c of rows) {
    const q = c.quality;
    out.push(
      `| ${c.label} | ${c.articles} | ${c.passages} | ${pct(q.hit1)} (${q.hit1Count}/${q.answerable}) | ${pct(q.hit3)} (${q.hit3Count}/${q.answerable}) | ${q.abstainCount}/${q.abstainable} | ${q.falseAbstain} | ${q.answeredWithoutCitation} | ${q.misses.join(', ') || '—'} |`,
    );
  }
  out.push('');

  out.push('## Latency per question, in one process (after a warm-up)', '');
  out.push(
    "`engine.answer` (retrieval, sentence ranking, cards, rendering of the text) against raw MiniSearch with default options (`fields: ['text']`, one document per paragraph, `search(q)`) and with an English stop-word list in `processTerm`, on the same questions.",
    '',
  );
  out.push(
    '| corpus | paragraphs | engine p50 | p95 | p99 | mean | raw p50 | p95 | p99 | mean | raw+stop words mean | engine/raw mean | p50 | p99 | engine/raw+stop words mean |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const c of rows) {
    const e = c.latency.engine;
    const w = c.latency.raw;
    const sub = c.latency.rawQuestions < e.n ? ` (raw on ${c.latency.rawQuestions})` : '';
    out.push(
      `| ${c.label}${sub} | ${c.paragraphs} | ${ms(e.p50, 2)} | ${ms(e.p95, 2)} | ${ms(e.p99, 2)} | ${ms(e.mean, 2)} | ${ms(w.p50, 2)} | ${ms(w.p95, 2)} | ${ms(w.p99, 2)} | ${ms(w.mean, 2)} | ${ms(c.latency.rawStop.mean, 2)} | ${x(c.latency.ratio.mean)} | ${x(c.latency.ratio.p50)} | ${x(c.latency.ratio.p99)} | ${x(c.latency.ratio.meanVsStopWords)} |`,
    );
  }
  out.push('');
  if (rows.some((c) => c.latency.rawQuestions < c.latency.engine.n)) {
    out.push(
      `Where raw MiniSearch was timed on the first ${RAW_QUESTIONS_AT_SCALE} questions only, the ratios compare the engine on those same questions.`,
      '',
    );
  }

  out.push('## Process comparison (what the checker runs)', '');
  if (r.process) {
    const p = r.process;
    out.push(
      `${p.questions} questions on stdin, ${r.processCorpus}-article corpus (CORPUS_DIR), best of ${PROCESS_REPS} runs; wall time includes process start, loading and indexing.`,
      '',
    );
    out.push('| command | wall | per question | vs raw |', '|---|---|---|---|');
    const raw = p.runs[2];
    for (const run of p.runs)
      out.push(
        `| ${run.label} | ${ms(run.best, 0)} | ${ms(run.perQuestion, 2)} | ${x(run.best / raw.best)} |`,
      );
  } else out.push('not run');
  out.push('');

  out.push('## Build, cache, cold start and memory', '');
  out.push(
    `Cold start: a child process (\`bench/cold-start.ts\`, through \`openEngine\` with CACHE_DIR) loads the engine from the cache and answers one question; times from the child's process start, median of ${COLD_RUNS} runs (fastest in brackets). "Node + tsx" is the time before the first line of the child runs; "imports" loads the engine's modules. Memory after a forced GC; the last column after answering all ${r.questions} questions in one more child (postings fill in as terms are searched; RSS keeps what the heap grew to at its peak).`,
    '',
  );
  out.push(
    '| corpus | build: load+chunk+index+facts | raw MiniSearch build | cache file | cache write | ready (process start → first answer) | node + tsx | imports | cache load | first answer | RSS after load | heap used | RSS / heap used / heap total after all questions |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const c of rows) {
    const s = c.coldStart;
    const all = s.afterAll
      ? `${s.afterAll.rssMB} / ${s.afterAll.heapUsedMB} / ${s.afterAll.heapTotalMB} MB`
      : 'n/a';
    out.push(
      `| ${c.label} | ${ms(c.build.engineMs, 0)} | ${ms(c.build.rawMs, 0)} | ${mb(c.build.cacheBytes)} | ${ms(c.build.cacheWriteMs, 0)} | ${ms(s.readyAtMs, 0)} (${ms(s.fastest, 0)}) | ${ms(s.nodeStartMs, 0)} | ${ms(s.importMs, 0)} | ${ms(s.loadMs, 0)} | ${ms(s.firstAnswerMs, 0)} | ${s.afterFirst.rssMB} MB | ${s.afterFirst.heapUsedMB} MB | ${all} |`,
    );
  }
  out.push('');
  if (rows.some((c) => c.coldStartPrebuilt)) {
    out.push(
      'The same cold start with the child prebuilt to one JavaScript file by esbuild (no TypeScript compiled at start), median of 5:',
      '',
    );
    out.push(
      '| corpus | ready (process start → first answer) | node + module evaluation | cache load | first answer |',
      '|---|---|---|---|---|',
    );
    for (const c of rows) {
      const p = c.coldStartPrebuilt;
      if (p)
        out.push(
          `| ${c.label} | ${ms(p.readyAtMs, 0)} | ${ms(p.nodeStartMs + p.importMs, 0)} | ${ms(p.loadMs, 0)} | ${ms(p.firstAnswerMs, 0)} |`,
        );
    }
    out.push('');
  }
  const steps = rows.filter((c) => Object.keys(c.coldStart.loadSteps).length);
  if (steps.length) {
    out.push(
      'Cache load steps (ms): ' +
        steps
          .map(
            (c) =>
              `${c.label}: ${Object.entries(c.coldStart.loadSteps)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}`,
          )
          .join('; '),
      '',
    );
  }

  out.push('## Bot update throughput', '');
  out.push(
    '`bot.handleUpdate` on private-chat questions from 500 users, 32 at a time, every Bot API call answered in-process by an API transformer (no network, no flood throttling), after a warm-up.',
    '',
  );
  out.push(
    'The "throttled" column is the same with the deployed flood throttle on (about 30 messages a second, Telegram\'s global limit): what users get.',
    '',
  );
  out.push(
    '| corpus | updates | updates/s | throttled updates/s | API calls | engine calls |',
    '|---|---|---|---|---|---|',
  );
  const list = (o: Record<string, number>) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  for (const c of rows) {
    out.push(
      c.bot
        ? `| ${c.label} | ${c.bot.updates} | ${c.bot.perSecond.toFixed(0)} | ${c.bot.throttled ? `${c.bot.throttled.perSecond.toFixed(1)} (${c.bot.throttled.messagesPerSecond.toFixed(1)} messages/s)` : 'n/a'} | ${list(c.bot.calls)} | ${list(c.bot.engineCalls)} |`
        : `| ${c.label} | n/a | n/a | n/a | src/bot/bot.ts not found | |`,
    );
  }
  out.push('');
  out.push('Reproduce: `npm run bench` (results in `bench/results/latest.md` and `.json`).', '');
  return out.join('\n');
}

const MB = (x: number) => `${Math.round(x)} MB`;

/** The real-text figures, one column per library: what the README's benchmark table shows first. */
export function realtextTable(reports: (ServeReport & { label: string })[]): string {
  if (!reports.length) return 'not run';
  const rows: [string, (r: ServeReport) => string][] = [
    ['serving process, peak RSS', (r) => MB(r.engine.peakRssMB)],
    ['p50 / p99 per answer', (r) => `${ms(r.engine.latency.p50)} / ${ms(r.engine.latency.p99)}`],
    ['mean per answer', (r) => ms(r.engine.latency.mean)],
    [
      'raw MiniSearch, default: mean / p99',
      (r) => `${ms(r.rawDefault.latency.mean)} / ${ms(r.rawDefault.latency.p99)}`,
    ],
    [
      'raw MiniSearch, English stop words: mean / p99',
      (r) => `${ms(r.rawStopWords.latency.mean)} / ${ms(r.rawStopWords.latency.p99)}`,
    ],
    [
      'engine mean ÷ raw default / ÷ raw stop words',
      (r) =>
        `${x(r.ratio.meanVsDefault)} / ${x(r.ratio.meanVsStopWords)}${r.rawQuestions < r.questions ? ` (on the first ${r.rawQuestions} questions)` : ''}`,
    ],
    ['cold start from the built cache (spawn → first answer)', (r) => ms(r.engine.coldMs, 0)],
    [
      'raw MiniSearch peak RSS (default / stop words)',
      (r) => `${MB(r.rawDefault.peakRssMB)} / ${MB(r.rawStopWords.peakRssMB)}`,
    ],
    ['build-index: time / peak RSS', (r) => `${(r.build.ms / 1000).toFixed(1)} s / ${MB(r.build.peakRssMB)}`],
    ['cache on disk', (r) => mb(r.build.cacheBytes)],
    [
      '`ask --json` with no cache: peak RSS (cold start)',
      (r) =>
        r.engineNoCache ? `${MB(r.engineNoCache.peakRssMB)} (${ms(r.engineNoCache.coldMs, 0)})` : 'n/a',
    ],
    [
      'dev questions among them: hit@1 (declined out-of-corpus)',
      (r) =>
        `${pct(r.quality.hit1)} of ${r.quality.answerable} (${r.quality.abstainCount}/${r.quality.abstainable})`,
    ],
  ];
  const out = [
    `| | ${reports.map((r) => r.label).join(' | ')} |`,
    `|---|${reports.map(() => '---|').join('')}`,
  ];
  for (const [label, f] of rows) out.push(`| ${label} | ${reports.map(f).join(' | ')} |`);
  return out.join('\n');
}

/** bench/README.md: how to reproduce, then the latest results (the section README.md quotes). */
function readme(latest: string): string {
  return `# Benchmarks

\`npm run bench\` measures, in one run and side by side, the bundled corpus and synthetic corpora of
1,000 and 10,000 articles:

- **answer quality** on the dev questions (\`../shared/eval/questions.dev.jsonl\`), scored by
  \`bench/score.ts\` as DESIGN.md defines it: hit@1 (the first citation's snippet holds every expected
  string; an array item is a set of alternatives), hit@3 (the first three snippets together), out-of-corpus
  questions declined, answers without a citation;
- **latency per question** of \`engine.answer\` (p50/p95/p99/mean) against raw MiniSearch with default
  options over the paragraphs of the same corpus, in the same process, on a few hundred questions
  (\`bench/questions.ts\`: the dev questions, variations of them, questions templated over names and terms
  of the corpus, out-of-corpus questions), after a warm-up;
- **bot update throughput**: \`bot.handleUpdate\` with every Bot API call answered in-process;
- **index build time**, **cache size**, **cold start from the cache** in a child process
  (\`bench/cold-start.ts\`: process start → first answer ready), **heap and RSS**;
- the **process comparison** the checker runs: \`npm run --silent ask -- --json < questions.txt\` over the
  1,000-article corpus against a raw MiniSearch process (\`bench/raw-minisearch.ts\`) answering the same
  lines, wall time per question.

## Reproduce

\`\`\`sh
npm run bench                          # everything, a few minutes; writes bench/results/latest.{md,json} and this file
npm run bench -- --only=bundled,1000   # a subset (written to bench/results/only-*.{md,json})
npx tsx bench/synth.ts 1000            # just generate bench/corpora/1000 (deterministic; gitignored)
CORPUS_DIR=bench/corpora/1000 npm run build-index
CORPUS_DIR=bench/corpora/1000 npm run --silent ask -- --json < bench/corpora/questions.txt
node --import tsx bench/raw-minisearch.ts bench/corpora/1000 < bench/corpora/questions.txt
\`\`\`

The synthetic corpora (\`bench/synth.ts\`) are made from the bundled articles: each article is a shuffled
sample of real sections and paragraphs (12–22 paragraphs, about the bundled articles' length) with varied
titles, sources, authors and publication dates, from a fixed-seed PRNG, so every machine benchmarks the
same library. They are regenerated when the bundled corpus or the generator changes. Their paragraphs
repeat (there are only the bundled ones to draw from): the index keeps one copy of a repeated passage and
the cache stores each distinct text once, so 10,000 synthetic articles are cheaper in memory and cache size
than 10,000 distinct articles would be (expect roughly 70 MB more text, held in memory and in the cache).
\`bench/corpora/questions.txt\` is the latency question set, written by each run.

The real-text libraries are 9,995 distinct documents (free-software manuals, 13 million words, 148,000
distinct index terms; \`../shared/bench/realtext-9995.tar.gz\`, or \`--realtext=PATH\` / \`BENCH_REALTEXT\`)
plus the bundled five, unpacked into a temporary folder; 1,000 is the 995 of \`realtext-subset-995.txt\` plus
the bundled five. Without the archive they are skipped, and the report says so. Their serving figures come
from \`bench/serve.ts\`, which runs alone too (\`npx tsx bench/serve.ts --corpus DIR [--no-cache]\`).

### Where the memory went (heap snapshots and \`--cpu-prof\`, 10,000 real documents, 171,158 passages)

Before the library was made compact, the serving process held about 800 MB after loading and peaked at
about 2.1 GB over 200 questions:
- MiniSearch's radix tree and posting Maps (a Map per term and field, an entry per posting; 148,000 terms,
  6.6 million postings) and the vocabulary's second radix tree of surface words: most of the ~370 MB heap;
  at 1,000 documents 123,000 Maps and 163,000 hash-table arrays made 42 MB of an 84 MB heap;
- the passages as 171,158 objects with a text string and an array of 762,525 sentence strings, over
  80 MB of text (two bytes a character where a document had one non-Latin-1 character);
- the cache file's sections kept alive by typed-array views (196 MB of array buffers);
- the facts (25,489 figures, 8,822 entities, 1,655 events) as 28 MB of v8-serialized objects, each
  citation repeating its title, source and passage id;
- and, per question, the garbage MiniSearch makes for a common word ("use" is in 84,000 passages): a
  result object, a terms array and a match object per passage, then a sorted array of them all. With the
  heap allowed to grow before collecting, that garbage is what took the peak from 0.8 to 2.1 GB, and the
  CPU profile put 80% of query time in termResults, search, combineResults, the sort and the collector.

Now: passages in flat columns and deflated 16 KB text blocks (src/library/passages.ts); postings, term
and surface-word tables in typed arrays that MiniSearch searches through read-only views
(src/search/postings.ts, term-table.ts, minisearch-internals.ts); common query terms scored over those
arrays with MiniSearch's BM25 and its summation order (same results, ties included); cache metadata and
facts through a string-interning codec. The cache loads as views of what is read, nothing rebuilt:
one read of the sections decoded at start; the postings read by the second thread meanwhile (which
also checks the large sections' crc32); the text blocks left in the file and read by position; the
corpus known unchanged from its files' status (size, times, inode) when the cache recorded it, from
their bytes otherwise (src/library/cache/corpus-hash.ts says when the status is trusted).

The bench runs a snapshot of the tree taken when it starts, so edits made meanwhile do not mix into one
run. Timings come from one machine at one moment: compare the ratios (engine/raw), which are measured
side by side, more than the absolute numbers.

${latest.replace(/^## /gm, '### ').replace(/^# Benchmark — /, '## Latest results — ')}`;
}

function targets(
  rows: CorpusResult[],
  proc?: ReturnType<typeof processComparison>,
  real: (ServeReport & { key: string })[] = [],
) {
  const by = (k: string) => rows.find((c) => c.key === k);
  const t: { target: string; measured: string; ok?: boolean }[] = [];
  const r10 = real.find((r) => r.key === 'real10000');
  if (r10) {
    const e = r10.engine;
    t.push(
      {
        target: '10,000 real documents: serving peak RSS ≤ 500 MB',
        measured: MB(e.peakRssMB),
        ok: e.peakRssMB <= 500,
      },
      { target: '10,000 real documents: p99 ≤ 50 ms', measured: ms(e.latency.p99), ok: e.latency.p99 <= 50 },
      {
        target: '10,000 real documents: mean ≤ 0.5× raw MiniSearch (default options)',
        measured: `${ms(e.latency.mean)} vs ${ms(r10.rawDefault.latency.mean)} (${x(r10.ratio.meanVsDefault)})`,
        ok: r10.ratio.meanVsDefault <= 0.5,
      },
      {
        target: '10,000 real documents: mean ≤ 0.5× raw MiniSearch with English stop words',
        measured: `${ms(e.latency.mean)} vs ${ms(r10.rawStopWords.latency.mean)} (${x(r10.ratio.meanVsStopWords)})`,
        ok: r10.ratio.meanVsStopWords <= 0.5,
      },
      {
        target: '10,000 real documents: cold start from the built cache ≤ 1 s',
        measured: ms(e.coldMs, 0),
        ok: e.coldMs <= 1000,
      },
      {
        target: '10,000 real documents: build-index ≤ 20 s and ≤ 1 GB',
        measured: `${(r10.build.ms / 1000).toFixed(1)} s, ${MB(r10.build.peakRssMB)}`,
        ok: r10.build.ms <= 20_000 && r10.build.peakRssMB <= 1024,
      },
      {
        target: '10,000 real documents: cache on disk ≤ 120 MB',
        measured: mb(r10.build.cacheBytes),
        ok: r10.build.cacheBytes <= 120 * 1_048_576,
      },
    );
    if (r10.engineNoCache)
      t.push({
        target: '10,000 real documents: `ask --json` with no cache ≤ 1.5 GB',
        measured: MB(r10.engineNoCache.peakRssMB),
        ok: r10.engineNoCache.peakRssMB <= 1536,
      });
  }
  const k1 = by('1000');
  const k10 = by('10000');
  const b = by('bundled');
  if (k1)
    t.push({
      target:
        '1,000 articles: a full answer costs no more than a raw default MiniSearch search (mean, same process)',
      measured: `${ms(k1.latency.engine.mean, 2)} vs ${ms(k1.latency.raw.mean, 2)} (${x(k1.latency.ratio.mean)})`,
      ok: k1.latency.ratio.mean <= 1,
    });
  if (proc) {
    const warm = proc.runs[1];
    const cold = proc.runs[0];
    const raw = proc.runs[2];
    t.push({
      target:
        '1,000 articles, processes: `npm run ask -- --json` per question ≤ raw MiniSearch process (no cache)',
      measured: `${ms(cold.perQuestion, 2)} vs ${ms(raw.perQuestion, 2)} (${x(proc.ratioCold)})`,
      ok: proc.ratioCold <= 1,
    });
    t.push({
      target: '1,000 articles, processes: the same with a fresh cache',
      measured: `${ms(warm.perQuestion, 2)} vs ${ms(raw.perQuestion, 2)} (${x(proc.ratioWarm)})`,
      ok: proc.ratioWarm <= 1,
    });
  }
  if (k10)
    t.push({
      target: '10,000 articles: p99 under 50 ms',
      measured: ms(k10.latency.engine.p99, 1),
      ok: k10.latency.engine.p99 < 50,
    });
  if (k10)
    t.push({
      target: 'cold start from the cache at 10,000 articles under 1 s (process start → first answer)',
      measured: ms(k10.coldStart.readyAtMs, 0),
      ok: k10.coldStart.readyAtMs < 1000 && k10.coldStart.fromCache,
    });
  if (b)
    t.push({
      target: 'cold start from the cache, bundled corpus, under 300 ms',
      measured: ms(b.coldStart.readyAtMs, 0),
      ok: b.coldStart.readyAtMs < 300 && b.coldStart.fromCache,
    });
  if (b)
    t.push({
      target: 'at least 1,000 updates per second through the bot, bundled corpus',
      measured: b.bot ? `${b.bot.perSecond.toFixed(0)}/s` : 'n/a',
      ok: b.bot ? b.bot.perSecond >= 1000 : undefined,
    });
  if (k10) {
    const rss = Math.max(k10.coldStart.afterFirst.rssMB, k10.coldStart.afterAll?.rssMB ?? 0);
    t.push({
      target: 'memory under 400 MB RSS at 10,000 articles',
      measured: `${rss} MB (after ${k10.coldStart.afterAll ? 'all questions' : 'the first answer'})`,
      ok: rss < 400,
    });
  }
  return t;
}

const REALTEXT = [
  { key: 'real1000', label: '1,000 real' },
  { key: 'real10000', label: '10,000 real' },
] as const;

/** The real-text libraries through bench/serve.ts, or why they were skipped. */
async function runRealtext(only: Set<string> | undefined, archiveOption: string | undefined) {
  const wanted = REALTEXT.filter((r) => !only || only.has(r.key));
  const archive = realtextArchive(HOME, archiveOption);
  const reports: (ServeReport & { key: string; label: string })[] = [];
  if (!wanted.length) return { skipped: 'not selected (--only)', archive, reports };
  if (!archive) {
    const skipped =
      'no real-text archive: pass --realtext=PATH or set BENCH_REALTEXT to realtext-9995.tar.gz (looked for ../shared/bench/realtext-9995.tar.gz too)';
    process.stderr.write(`bench: real-text libraries skipped: ${skipped}\n`);
    return { skipped, archive, reports };
  }
  process.stderr.write(`bench: unpacking ${archive} into a temporary folder\n`);
  const unpacked = unpackRealtext(archive, join(ROOT, 'corpus'));
  try {
    for (const r of wanted) {
      const dir = unpacked.dirs[r.key === 'real1000' ? '1000' : '10000'];
      process.stderr.write(
        `[${r.label}] build-index, then streamed questions (engine, raw default, raw stop words)\n`,
      );
      const big = r.key === 'real10000';
      const report = await serve({
        corpusDir: dir,
        questions: 200,
        noCache: big,
        rawQuestions: big ? 80 : undefined,
      });
      reports.push({ ...report, key: r.key, label: r.label });
    }
  } finally {
    rmSync(unpacked.root, { recursive: true, force: true });
  }
  // Written at once: the real-text figures take longest, and a later failure must not lose them.
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'realtext-partial.json'), `${JSON.stringify(reports, null, 2)}\n`);
  return { skipped: undefined, archive, reports };
}

async function runAll(only?: Set<string>, archiveOption?: string) {
  const realtext = await runRealtext(only, archiveOption);
  const specs = ALL.filter((s) => !only || only.has(s.key));
  for (const s of specs) {
    if (!s.n) continue;
    const r = ensureSynthCorpus({ n: s.n, outDir: s.dir, fromDir: join(ROOT, 'corpus') });
    if (r.generated)
      process.stderr.write(`[${s.label}] generated ${s.n} articles in ${(r.ms / 1000).toFixed(1)} s\n`);
  }
  const dev = readQuestions(DEV_QUESTIONS);
  const questions = benchQuestions(loadCorpus(join(ROOT, 'corpus')).articles, dev);
  mkdirSync(CORPORA_DIR, { recursive: true });
  const questionsFile = join(CORPORA_DIR, 'questions.txt');
  writeFileSync(questionsFile, `${questions.join('\n')}\n`);

  // The cold start goes the way the bot and the CLIs start: openEngine with CACHE_DIR.
  const coldMode = 'open';

  const corpora: CorpusResult[] = [];
  const failures: { label: string; error: string }[] = [];
  for (const spec of specs) {
    try {
      corpora.push(await benchCorpus(spec, questions, dev, coldMode, questionsFile));
    } catch (err) {
      // One corpus failing (a child crashed, memory ran out) still leaves the others' numbers.
      process.stderr.write(`[${spec.label}] failed: ${(err as Error).stack}\n`);
      failures.push({ label: spec.label, error: (err as Error).message.slice(0, 500) });
    }
    gc();
  }
  let process_: ReturnType<typeof processComparison> | undefined;
  const processSpec = specs.find((s) => s.key === '1000');
  if (processSpec) {
    process.stderr.write('[1,000] process comparison: npm run ask vs a raw MiniSearch process\n');
    process_ = processComparison(processSpec.dir, questions);
  }
  const git = (args: string[]) => spawnSync('git', args, { cwd: HOME, encoding: 'utf8' }).stdout.trim();
  return {
    date: new Date().toISOString(),
    commit: git(['rev-parse', '--short', 'HEAD']),
    dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    memGB: Math.round(totalmem() / 1e9),
    devQuestions: dev.length,
    questions: questions.length,
    coldMode,
    processCorpus: '1,000',
    corpora,
    process: process_,
    failures,
    realtext,
    targets: targets(corpora, process_, realtext.reports),
  };
}

function snapshot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dd-bench-code-'));
  const skip = join(CODE, 'bench', 'corpora');
  // tests/fixtures: the dev questions bench/serve.ts streams and scores.
  for (const p of [
    'src',
    'bin',
    'locales',
    'bench',
    'corpus',
    join('tests', 'fixtures'),
    'package.json',
    'tsconfig.json',
  ]) {
    cpSync(join(CODE, p), join(dir, p), { recursive: true, filter: (src) => !src.startsWith(skip) });
  }
  symlinkSync(join(CODE, 'node_modules'), join(dir, 'node_modules'));
  // `npm run ask` starts from a bundle that bin/cli.mjs builds on a first start after a change: built
  // here, once, so that no measured start includes it.
  spawnSync(process.execPath, [join(dir, 'bin', 'cli.mjs'), 'ask', '--help'], { cwd: dir, stdio: 'ignore' });
  return dir;
}

if (!process.env.DD_BENCH_HOME) {
  const code = snapshot();
  process.stderr.write(`bench: running a snapshot of the tree (${code})\n`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(code, 'bench', 'run.ts'), ...process.argv.slice(2)],
    {
      cwd: code,
      stdio: 'inherit',
      env: { ...process.env, DD_BENCH_HOME: CODE },
    },
  );
  rmSync(code, { recursive: true, force: true });
  process.exitCode = r.status ?? 1;
} else {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, realtext: { type: 'string' } },
    strict: true,
  });
  const only = values.only ? new Set(values.only.split(',')) : undefined;
  const result = await runAll(only, values.realtext);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const md = markdown(result);
  // A partial run (--only) never replaces the full results the README quotes.
  const name = only ? `only-${[...only].join('-')}` : 'latest';
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, `${name}.md`), md);
  if (!only) writeFileSync(join(HOME, 'bench', 'README.md'), readme(md));
  process.stdout.write(md);
}
