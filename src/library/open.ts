// Opens a library for answering: its fresh cache when there is one, else a build (saved to the cache when
// a cache folder is given). The one way the bot, the CLIs and the benchmarks get an engine.
import { engineOf, type DeskEngine } from '../answer/engine.js';
import type { CorpusProblem } from '../corpus/load.js';
import { extractFacts } from '../facts/index.js';
import { readCachedState, saveState } from './cache.js';
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
  return openEngineSoon(corpusDir, opts).confirmed();
}

/**
 * As openEngine, except that an engine on a cached library comes before its corpus has been keyed: it may
 * answer meanwhile, and `confirmed()` (to be called before any of that is shown) is the engine to use,
 * rebuilt if the corpus changed. A first answer then overlaps the keying instead of waiting for it.
 */
export function openEngineSoon(
  corpusDir: string,
  opts: OpenOptions = {},
): { opened: OpenedEngine; confirmed: () => OpenedEngine } {
  const { cacheDir } = opts;
  if (cacheDir && (opts.useCache ?? true)) {
    const cached = readCachedState(corpusDir, cacheDir);
    if (cached) {
      const { problems, ...state } = cached.state;
      const opened = { engine: engineOf(state), problems, fromCache: true };
      let final: OpenedEngine | undefined;
      return {
        opened,
        confirmed: () => {
          final ??= cached.fresh() ? opened : built(corpusDir, cacheDir);
          return final;
        },
      };
    }
  }
  const opened = built(corpusDir, cacheDir);
  return { opened, confirmed: () => opened };
}

function built(corpusDir: string, cacheDir?: string): OpenedEngine {
  const { state, problems } = buildLibrary(corpusDir, extractFacts);
  if (cacheDir) saveState(corpusDir, cacheDir, state, { problems });
  return { engine: engineOf(state), problems, fromCache: false };
}
