// `npm run build-index`: builds the library of CORPUS_DIR (load, chunk, index, facts; article by article)
// and writes it to the cache in CACHE_DIR, so every later start of the bot or the CLIs reads it instead.
import { getConfig } from '../config.js';
import { extractFacts } from '../facts/index.js';
import { buildLibrary } from '../library/build.js';
import { cacheFileFor, corpusKey, saveState } from '../library/cache.js';
import { parseCommandLine, reportProblems, runCli, UsageError } from './common.js';

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

const USAGE = `Usage: npm run build-index
  Builds the index and facts cache of CORPUS_DIR into CACHE_DIR (see .env.example); takes no arguments.
  -h, --help  this text`;

await runCli((args) => {
  parseCommandLine(args, USAGE, {});
  if (args.length) throw new UsageError(`build-index takes no arguments.\n${USAGE}`);
  const { CORPUS_DIR, CACHE_DIR } = getConfig();
  const started = performance.now();
  // Keyed before reading: should the corpus change while we build, the cache is stale, never wrong.
  const key = corpusKey(CORPUS_DIR);
  // The same pipeline a start without a cache runs, so the cache holds exactly what it would build.
  const { state, problems } = buildLibrary(CORPUS_DIR, extractFacts);
  const built = performance.now() - started;
  reportProblems(problems);
  // A corpus just unpacked or copied has files too recent for their status to be trusted. By now they are
  // not: if the bytes are still the ones hashed before reading, their present status is recorded, so
  // that starts need not read them.
  let saveKey = key;
  if (!key.status) {
    const now = corpusKey(CORPUS_DIR);
    if (now.hash === key.hash) saveKey = now;
  }
  const saved = saveState(CORPUS_DIR, CACHE_DIR, state, { problems, corpusKey: saveKey });
  const lines = [
    `corpus   ${CORPUS_DIR}: ${state.articles.length} articles, ${state.passages.length} passages` +
      (problems.length ? `, ${problems.length} files skipped` : ''),
    `facts    ${state.facts.events.length} events, ${state.facts.figures.length} figures, ${state.facts.entities.length} entities`,
    `built    in ${built.toFixed(0)} ms`,
  ];
  if (saved) lines.push(`cache    ${saved.file} (${mb(saved.bytes)}), written in ${saved.ms.toFixed(0)} ms`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!saved) {
    process.stderr.write(`error: the cache ${cacheFileFor(CORPUS_DIR, CACHE_DIR)} could not be written\n`);
    process.exitCode = 1;
  }
});
