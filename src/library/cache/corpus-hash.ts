// The key a cache is fresh for: sha256 over every corpus file's name and bytes. Listing and hashing a
// large corpus (0.2 s at 10,000 articles) run in a worker thread while the main thread reads the cache.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The corpus files exactly as `corpusFiles` in corpus/load.ts lists them (`*.md`, not hidden, regular
 * files and symbolic links, sorted), without a stat per file: directory entries already say what is a file.
 */
export function listCorpus(dir: string): string[] {
  return listCorpusWith({ readdirSync }, { join, resolve }, dir);
}

// Self-contained (its modules come in as arguments) because its source also runs in a worker thread.
function listCorpusWith(
  fs: Pick<typeof import('node:fs'), 'readdirSync'>,
  path: Pick<typeof import('node:path'), 'join' | 'resolve'>,
  dir: string,
): string[] {
  const root = path.resolve(dir);
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.name.endsWith('.md') && !e.name.startsWith('.'))
    .filter((e) => e.isFile() || e.isSymbolicLink()) // a bad link is the loader's to report, not fatal
    .map((e) => e.name)
    .sort()
    .map((n) => path.join(root, n));
}

/**
 * sha256 over the files' names and bytes, read through one reused buffer (at 10,000 files that halves
 * the time of a readFileSync per file; sha256 measured faster than sha1 here: CPU SHA extensions).
 * Self-contained (its modules come in as arguments) because its source also runs in a worker thread.
 */
function hashFilesWith(
  fs: Pick<typeof import('node:fs'), 'openSync' | 'readSync' | 'closeSync'>,
  hash: typeof createHash,
  files: string[],
): string {
  const h = hash('sha256');
  let buf = Buffer.allocUnsafe(1 << 20);
  for (const file of files) {
    let length = 0;
    try {
      const fd = fs.openSync(file, 'r');
      try {
        for (;;) {
          if (length === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]);
          const read = fs.readSync(fd, buf, length, buf.length - length, null);
          if (read === 0) break;
          length += read;
        }
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // A looping or dangling link, a folder, an unreadable file: the loader skips and names it.
      h.update(`${file.slice(file.lastIndexOf('/') + 1)}\0unreadable\0`);
      continue;
    }
    h.update(`${file.slice(file.lastIndexOf('/') + 1)}\0${length}\0`).update(buf.subarray(0, length));
  }
  return h.digest('hex');
}

/** sha256 over every corpus file's name and bytes: the key a cache is fresh for. */
export function corpusHash(corpusDir: string): string {
  return hashFilesWith({ openSync, readSync, closeSync }, createHash, listCorpus(corpusDir));
}

// Small corpora hash in place: a worker costs more to start than they take. The main thread waits on a
// shared flag when it needs the result.
const WORKER_MIN_FILES = 1000;
const HASH_WORKER = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { createHash } = require('node:crypto');
const flag = new Int32Array(workerData.shared, 0, 1);
const out = new Uint8Array(workerData.shared, 4, 64);
try {
  const files = (${listCorpusWith.toString()})(fs, path, workerData.dir);
  out.set(Buffer.from((${hashFilesWith.toString()})(fs, createHash, files), 'latin1'));
  Atomics.store(flag, 0, 1);
} catch {
  Atomics.store(flag, 0, 2);
}
Atomics.notify(flag, 0);
`;

/** Starts hashing the corpus; `join()` returns the hash (computed in place if the worker failed). A
 *  corpus expected to be large (as many files as the cache says it was built from) is listed and hashed
 *  on a worker thread. */
export function startCorpusHash(corpusDir: string, expectedFiles: number): { join: () => string } {
  const inPlace = () => hashFilesWith({ openSync, readSync, closeSync }, createHash, listCorpus(corpusDir));
  if (expectedFiles < WORKER_MIN_FILES || availableParallelism() < 2) {
    const hash = inPlace();
    return { join: () => hash };
  }
  const shared = new SharedArrayBuffer(4 + 64);
  const flag = new Int32Array(shared, 0, 1);
  try {
    // No tsx loader (execArgv) in the worker: it runs plain JavaScript and starts faster without.
    new Worker(HASH_WORKER, {
      eval: true,
      workerData: { dir: corpusDir, shared },
      execArgv: [],
    }).unref();
  } catch {
    Atomics.store(flag, 0, 2);
  }
  return {
    join: () => {
      Atomics.wait(flag, 0, 0, 60_000);
      if (Atomics.load(flag, 0) === 1) return Buffer.from(new Uint8Array(shared, 4, 64)).toString('latin1');
      return inPlace();
    },
  };
}
