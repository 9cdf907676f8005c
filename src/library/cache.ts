// The engine state on disk, so a start skips loading, chunking, indexing and fact extraction. Built once
// (`npm run build-index`, as the Docker image does) and read, never rebuilt, by every instance.
//
// One file per corpus folder in CACHE_DIR (container.ts). It is used only when fresh: its header records a
// hash of every corpus file and of their status (corpus-hash.ts) and a fingerprint of the code that builds the state
// (fingerprint.ts); anything else (stale, truncated, damaged, written by other code) is ignored with a
// warning and the caller rebuilds. The state itself is encoded by state-codec.ts: typed arrays and blobs
// that come back as views of the one buffer the file is read into, except a large library's text blocks,
// which stay in the file (kept open while the state lives) and are read by position.
import { openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type pino from 'pino';
import type { CorpusProblem } from '../corpus/load.js';
import type { EngineState } from '../types.js';
import { CacheFile, cacheFileFor, readHeader, readSections, writeContainer } from './cache/container.js';
import { type CorpusKey, corpusKey, startCorpusKey } from './cache/corpus-hash.js';
import { CACHE_VERSION, codeFingerprint } from './cache/fingerprint.js';
import { BY_WORKER, decodeState, encodeState, ON_DISK, type CachedState } from './cache/state-codec.js';

export { cacheFileFor } from './cache/container.js';
export { type CorpusKey, corpusHash, corpusKey, startCorpusKey } from './cache/corpus-hash.js';
export type { CachedState } from './cache/state-codec.js';

export interface SavedCache {
  file: string;
  bytes: number;
  ms: number;
}

export interface CacheOptions {
  /** Where warnings go (default: a pino logger on stderr, so `--json` output stays clean). */
  warn?: (message: string) => void;
  /** Filled with the milliseconds each step took (for the benchmark). */
  timings?: Record<string, number>;
}

// pino is loaded with the first warning, not at every start of the CLIs (about 20 ms, most starts warn
// about nothing).
let logger: pino.Logger | undefined;
function defaultWarn(message: string): void {
  const pino = createRequire(import.meta.url)('pino') as typeof import('pino');
  logger ??= pino(
    { name: 'cache', level: process.env.LOG_LEVEL || 'info' },
    pino.destination({ dest: 2, sync: true }),
  );
  logger.warn(message);
}

// The key seen by the last cache miss for a folder: a rebuild after that miss read the corpus as it was
// then (or later), so saving under that key can only make the next start rebuild again, never serve a
// state older than its key.
const keyAtMiss = new Map<string, CorpusKey>();

let lastTimings: Record<string, number> = {};
/** Milliseconds per step of the latest loadCachedState in this process (for the benchmark's cold start). */
export function lastLoadTimings(): Record<string, number> {
  return { ...lastTimings };
}

/**
 * The engine state cached for this corpus folder, when the cache is fresh (same corpus bytes, same code);
 * otherwise undefined. A missing cache is silent; a stale, corrupt or unreadable one is warned about.
 */
export function loadCachedState(
  corpusDir: string,
  cacheDir: string,
  opts: CacheOptions = {},
): CachedState | undefined {
  const read = readCachedState(corpusDir, cacheDir, opts);
  return read?.fresh() ? read.state : undefined;
}

/** A cached state read while its corpus is still being keyed: it may be used once `fresh()` says so. */
export interface PendingState {
  state: CachedState;
  /** Whether the corpus is the one the cache was built from (waits for its key once; warns when stale). */
  fresh: () => boolean;
}

/**
 * The cached state as loadCachedState reads it, except that the corpus's key (on a second thread for a
 * large corpus) is waited for by `fresh()`: a caller can work with the state meanwhile and must show
 * nothing of that work before `fresh()` is true.
 */
export function readCachedState(
  corpusDir: string,
  cacheDir: string,
  opts: CacheOptions = {},
): PendingState | undefined {
  const warn = opts.warn ?? defaultWarn;
  const file = cacheFileFor(corpusDir, cacheDir);
  let last = performance.now();
  lastTimings = {};
  const lap = (step: string) => {
    const now = performance.now();
    lastTimings[step] = now - last;
    if (opts.timings) opts.timings[step] = now - last;
    last = now;
  };
  // An unreadable corpus folder is the loader's to report (it names CORPUS_DIR); here it is just a miss.
  const remember = (key: () => CorpusKey) => {
    try {
      keyAtMiss.set(resolve(corpusDir), key());
    } catch {
      keyAtMiss.delete(resolve(corpusDir));
    }
  };
  let cacheFile: CacheFile;
  try {
    cacheFile = new CacheFile(openSync(file, 'r'));
  } catch (err) {
    remember(() => corpusKey(corpusDir));
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      warn(`index cache ${file} cannot be read (${(err as Error).message}); rebuilding`);
    return undefined;
  }
  // The corpus is keyed while the cache is read (on a worker for a large corpus, as the header tells).
  let pending: { join: () => CorpusKey } | undefined;
  const miss = (why: string) => {
    remember(pending?.join ?? (() => corpusKey(corpusDir)));
    warn(`index cache ${file} ${why}; rebuilding`);
    return undefined;
  };
  try {
    const { header, size, bodyAt } = readHeader(cacheFile.fd);
    if (header.cacheVersion !== CACHE_VERSION || header.fingerprint !== codeFingerprint()) {
      return miss('was built by other code');
    }
    try {
      const { corpusHash: hash, corpusStatus: status } = header;
      const built =
        typeof hash === 'string'
          ? { hash, status: typeof status === 'string' ? status : undefined }
          : undefined;
      pending = startCorpusKey(corpusDir, Number(header.articles) || 0, built);
    } catch {
      keyAtMiss.delete(resolve(corpusDir));
      return undefined;
    }
    lap('list');
    const { sections, onDisk, verified } = readSections(
      cacheFile,
      header,
      bodyAt,
      size,
      lap,
      ON_DISK,
      BY_WORKER,
    );
    const state = decodeState(sections, lap, onDisk);
    if (state.passages.length !== header.passages || state.articles.length !== header.articles) {
      throw new Error('counts do not match the header');
    }
    // The large sections were checked on another thread meanwhile: nothing damaged is handed out.
    verified();
    lap('verify wait');
    // Sections left in the file are read as the state is used: the file stays open while it lives.
    if (onDisk.size) cacheFile.handOver();
    // Checked last: the corpus was keyed meanwhile (in a worker, for a large corpus).
    const keying = pending;
    let verdict: boolean | undefined;
    const fresh = () => {
      if (verdict === undefined) {
        const { hash } = keying.join();
        lap('hash wait');
        verdict = header.corpusHash === hash;
        if (!verdict) miss('is stale (the corpus changed)');
      }
      return verdict;
    };
    return { state, fresh };
  } catch (err) {
    return miss(`is unusable (${(err as Error).message})`);
  } finally {
    cacheFile.close();
  }
}

/**
 * Writes the state for this corpus folder (temp file, fsync, rename). Returns where and how big, or
 * undefined after a warning when it cannot be written: a missing cache only costs the next start time.
 */
export function saveState(
  corpusDir: string,
  cacheDir: string,
  state: EngineState,
  opts: CacheOptions & { problems?: CorpusProblem[]; corpusKey?: CorpusKey } = {},
): SavedCache | undefined {
  const started = performance.now();
  const warn = opts.warn ?? defaultWarn;
  const file = cacheFileFor(corpusDir, cacheDir);
  try {
    const key = opts.corpusKey ?? keyAtMiss.get(resolve(corpusDir)) ?? corpusKey(corpusDir);
    const header = {
      cacheVersion: CACHE_VERSION,
      fingerprint: codeFingerprint(),
      corpusHash: key.hash,
      ...(key.status ? { corpusStatus: key.status } : {}),
      corpusDir: resolve(corpusDir),
      createdAt: new Date().toISOString(),
      articles: state.articles.length,
      passages: state.passages.length,
      indexCodec: state.index.compact ? 'compact' : 'json',
    };
    const bytes = writeContainer(file, header, encodeState(state, opts.problems ?? []));
    return { file, bytes, ms: performance.now() - started };
  } catch (err) {
    warn(`index cache ${file} could not be written: ${(err as Error).message}`);
    return undefined;
  }
}
