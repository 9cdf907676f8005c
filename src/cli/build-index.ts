// `npm run build-index`: builds the engine state for CORPUS_DIR (load, chunk, index, facts) and writes it
// to the cache in CACHE_DIR, so the next start of the bot or the CLIs skips all of that.
import { openEngine } from '../answer/engine.js';
import { getConfig } from '../config.js';
import { cacheFileFor, corpusHash, saveState } from '../search/cache.js';
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
  // Hashed before reading: should the corpus change while we build, the cache is stale, never wrong.
  const hash = corpusHash(CORPUS_DIR);
  // Built by openEngine itself (without a cache folder it neither reads nor writes one), so the cache holds
  // exactly what a start without a cache builds, facts included.
  const { engine, problems } = openEngine(CORPUS_DIR);
  const built = performance.now() - started;
  reportProblems(problems);
  const { state } = engine;
  const saved = saveState(CORPUS_DIR, CACHE_DIR, state, { problems, corpusHash: hash });
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
