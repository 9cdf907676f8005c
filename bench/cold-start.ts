// Child process of the benchmark: a cold start from the index cache, as the bot or the CLI starts.
// Prints one JSON line: when (ms since the process started) the engine modules were loaded, the state
// was read from the cache, the first answer was ready, and the memory held then (and, given a question
// file, after answering all of it, since postings fill in as terms are searched).
//
//   node --import tsx --expose-gc bench/cold-start.ts CORPUS_DIR CACHE_DIR open|direct QUESTION [QUESTIONS_FILE]
//
// `open` goes through openEngine (the path the bot and the CLIs take); `direct` calls loadCachedState
// and engineOf itself.
import { readFileSync } from 'node:fs';

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return {
    rssMB: mb(m.rss),
    heapUsedMB: mb(m.heapUsed),
    heapTotalMB: mb(m.heapTotal),
    externalMB: mb(m.external),
    arrayBuffersMB: mb(m.arrayBuffers),
  };
}

async function main(): Promise<void> {
  const [corpusDir, cacheDir, mode, question, questionsFile] = process.argv
    .slice(2)
    .filter((a) => !a.startsWith('--'));
  // performance.now() counts from the process's start: node's bootstrap and the tsx loader come first.
  const started = performance.now();
  const { openEngine, engineOf } = await import('../src/answer/engine.js');
  const { lastLoadTimings, loadCachedState, saveState } = await import('../src/search/cache.js');
  const imported = performance.now();

  const timings: Record<string, number> = {};
  let engine: ReturnType<typeof engineOf>;
  let fromCache: boolean;
  if (mode === 'open') {
    const opened = openEngine(corpusDir, { cacheDir, useCache: true });
    engine = opened.engine;
    fromCache = opened.fromCache;
    Object.assign(timings, lastLoadTimings());
    // A stale cache (the code changed since the parent wrote it) was rebuilt and saved: start over.
    if (!fromCache && process.argv.includes('--retry-stale')) {
      process.exitCode = 3;
      return;
    }
  } else {
    const state = loadCachedState(corpusDir, cacheDir, { timings, warn: () => {} });
    fromCache = state !== undefined;
    if (!state) {
      // The code changed since the parent wrote the cache (others edit the tree while the bench runs):
      // write a fresh one and let the parent start over.
      const opened = openEngine(corpusDir);
      saveState(corpusDir, cacheDir, opened.engine.state, { problems: opened.problems });
      process.exitCode = 3;
      return;
    }
    engine = engineOf(state);
  }
  const loaded = performance.now();
  const first = engine.answer(question);
  const answered = performance.now();
  const afterFirst = memory();

  let afterAll: ReturnType<typeof memory> | undefined;
  if (questionsFile) {
    for (const q of readFileSync(questionsFile, 'utf8').split('\n')) if (q.trim()) engine.answer(q);
    afterAll = memory();
  }
  const round = (x: number) => Math.round(x * 10) / 10;
  process.stdout.write(
    `${JSON.stringify({
      mode,
      fromCache,
      nodeStartMs: round(started),
      importMs: round(imported - started),
      loadMs: round(loaded - imported),
      firstAnswerMs: round(answered - loaded),
      readyAtMs: round(answered),
      loadSteps: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round(v)])),
      answered: first.answered,
      afterFirst,
      afterAll,
    })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
