// The key a cache is fresh for: sha256 over every corpus file's name and bytes. Listing and hashing a
// large corpus (0.2 s at 10,000 articles) run in a worker thread while the main thread reads the cache.
//
// Reading 100 MB of articles at every start only to learn that nothing changed was most of what a start
// waited for, so the key also records the files' status (size, modification and change times, inode):
// when that is the same at the next start, the bytes are taken to be the same and are not read. This is
// the trust make, git and most build tools put in the file system's times. The change time cannot be set
// back by a program (touch, rsync, cp -p set only the modification time), and a file written in the
// two seconds before the key was taken gets no status key at all (a second write within the clock's
// resolution would leave the times unchanged): its bytes are read at every start, as before. Any
// difference in status (a copy, a checkout, a touch) falls back to hashing the bytes, and the cache is
// used when they are the same.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { WORKER_NAME_SHIM } from './worker-source.js';

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

/** The key a cache is fresh for: the hash of the corpus's bytes, and where it can be trusted, of its status. */
export interface CorpusKey {
  /** sha256 over every corpus file's name and bytes */
  hash: string;
  /** sha256 over every corpus file's name and status; absent when a file was written too recently */
  status?: string;
}

// Self-contained (its modules come in as arguments) because its source also runs in a worker thread.
function statusKeyWith(
  fs: Pick<typeof import('node:fs'), 'statSync'>,
  hash: typeof createHash,
  files: string[],
): string | undefined {
  // Whole seconds of the clock's resolution: two writes within it can leave a file's times unchanged.
  const RECENT_NS = 2_000_000_000n;
  const now = BigInt(Date.now()) * 1_000_000n;
  const h = hash('sha256');
  for (const file of files) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    const st = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
    if (!st) {
      h.update(`${name}\0missing\0`);
      continue;
    }
    if (now - st.mtimeNs < RECENT_NS || now - st.ctimeNs < RECENT_NS) return undefined;
    h.update(`${name}\0${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}\0`);
  }
  return h.digest('hex');
}

/** The status key first, then the bytes' hash: a file changed in between changes the status. Its
 *  parts come in as arguments: its source also runs in a worker thread. */
function corpusKeyWith(
  status: () => string | undefined,
  bytes: () => string,
  known: CorpusKey | undefined,
): CorpusKey {
  let now: string | undefined;
  try {
    now = status();
  } catch {
    // A looping link, say: the bytes decide, and the loader names the file.
  }
  if (now !== undefined && known?.status === now) return { hash: known.hash, status: now };
  return { hash: bytes(), ...(now === undefined ? {} : { status: now }) };
}

const FS = { statSync, openSync, readSync, closeSync };

/** sha256 over every corpus file's name and bytes. */
export function corpusHash(corpusDir: string): string {
  return hashFilesWith(FS, createHash, listCorpus(corpusDir));
}

/**
 * The corpus's key, status and bytes' hash; given the key a cache was built for, the bytes are not read
 * when the status is what it records (the hash is then the recorded one).
 */
export function corpusKey(corpusDir: string, known?: CorpusKey): CorpusKey {
  const files = listCorpus(corpusDir);
  return corpusKeyWith(
    () => statusKeyWith(FS, createHash, files),
    () => hashFilesWith(FS, createHash, files),
    known,
  );
}

// Small corpora are keyed in place: a worker costs more to start than they take. The main thread waits
// on a shared flag when it needs the result, which comes back as JSON.
const WORKER_MIN_FILES = 1000;
const RESULT_BYTES = 512;
const KEY_WORKER = `
const { workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.shared, 0, 2);
const out = new Uint8Array(workerData.shared, 8);
try {
  ${WORKER_NAME_SHIM}
  const fs = require('node:fs');
  const path = require('node:path');
  const { createHash } = require('node:crypto');
  const files = (${listCorpusWith.toString()})(fs, path, workerData.dir);
  const key = (${corpusKeyWith.toString()})(
    () => (${statusKeyWith.toString()})(fs, createHash, files),
    () => (${hashFilesWith.toString()})(fs, createHash, files),
    workerData.known,
  );
  const bytes = Buffer.from(JSON.stringify(key));
  out.set(bytes);
  Atomics.store(state, 1, bytes.length);
  Atomics.store(state, 0, 1);
} catch {
  Atomics.store(state, 0, 2);
}
Atomics.notify(state, 0);
`;

/** Starts keying the corpus (see corpusKey); `join()` returns the key (computed in place if the worker
 *  failed). A corpus expected to be large (as many files as the cache says it was built from) is listed,
 *  and hashed if need be, on a worker thread. */
export function startCorpusKey(
  corpusDir: string,
  expectedFiles: number,
  known?: CorpusKey,
): { join: () => CorpusKey; where: () => 'thread' | 'here' } {
  const inPlace = () => corpusKey(corpusDir, known);
  if (expectedFiles < WORKER_MIN_FILES || availableParallelism() < 2) {
    const key = inPlace();
    return { join: () => key, where: () => 'here' };
  }
  const shared = new SharedArrayBuffer(8 + RESULT_BYTES);
  const state = new Int32Array(shared, 0, 2);
  try {
    // No tsx loader (execArgv) in the worker: it runs plain JavaScript and starts faster without.
    const worker = new Worker(KEY_WORKER, {
      eval: true,
      workerData: { dir: corpusDir, shared, known: known && { hash: known.hash, status: known.status } },
      execArgv: [],
    });
    worker.unref();
    // A thread that dies reports nothing, and the key is then worked out here.
    worker.on('error', () => {});
  } catch {
    Atomics.store(state, 0, 2);
  }
  return {
    join: () => {
      Atomics.wait(state, 0, 0, 60_000);
      if (Atomics.load(state, 0) !== 1) return inPlace();
      const length = Atomics.load(state, 1);
      return JSON.parse(Buffer.from(new Uint8Array(shared, 8, length)).toString()) as CorpusKey;
    },
    /** Where the key was worked out: on the worker thread, or here because it failed (after join). */
    where: () => (Atomics.load(state, 0) === 1 ? 'thread' : 'here'),
  };
}
