// Opens a library for answering: its fresh cache when there is one, else a build (saved to the cache when
// a cache folder is given). The one way the bot, the CLIs and the benchmarks get an engine.
import { engineOf, type DeskEngine } from '../answer/engine.js';
import type { CorpusProblem } from '../corpus/load.js';
import { extractFacts } from '../facts/index.js';
import { loadCachedState, saveState } from './cache.js';
import { buildLibrary } from './build.js';

export interface OpenedEngine {
  engine: DeskEngine;
  problems: CorpusProblem[];
  fromCache: boolean;
}

export interface OpenOptions {
  /** Where the serialized state is cached; no caching without it. */
  cacheDir?: string;
  /** Read a fresh cache (default: true when cacheDir is given); a rebuilt state is saved either way. */
  useCache?: boolean;
}

/** Loads the corpus folder (or its fresh cache) and builds the engine. */
export function openEngine(corpusDir: string, opts: OpenOptions = {}): OpenedEngine {
  const { cacheDir } = opts;
  if (cacheDir && (opts.useCache ?? true)) {
    const cached = loadCachedState(corpusDir, cacheDir);
    if (cached) {
      const { problems, ...state } = cached;
      return { engine: engineOf(state), problems, fromCache: true };
    }
  }
  const { state, problems } = buildLibrary(corpusDir, extractFacts);
  if (cacheDir) saveState(corpusDir, cacheDir, state, { problems });
  return { engine: engineOf(state), problems, fromCache: false };
}
