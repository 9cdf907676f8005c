// The cache file: a header and named byte sections, each starting on an 8-byte boundary so typed arrays
// can view it where it lies after one read of the whole file. Written to a temporary file, fsynced and
// renamed into place, so a reader (another instance) never sees half a cache; a crc32 of each section
// catches damage that keeps the structure intact. The large sections are checked on a second thread while
// this one decodes the rest, and the state is handed out only once they passed.
//
//   "DDESKC\x02\n" | u32 header length | header JSON | padding | sections (each padded to 8) | "DDEND\n"
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { WORKER_NAME_SHIM } from './worker-source.js';
import { crc32 } from 'node:zlib';

const MAGIC = Buffer.from('DDESKC\x02\n', 'latin1');
const TRAILER = Buffer.from('DDEND\n', 'latin1');
const ALIGN = 8;

export interface SectionInfo {
  name: string;
  bytes: number;
  /** crc32 of the section's bytes (absent where this Node has no zlib.crc32: the header's sha256 then) */
  crc?: number;
}

export interface ContainerHeader {
  /** Byte lengths of the sections after the header, in order (each padded to 8 bytes on disk). */
  sections: SectionInfo[];
  checksum: string;
  [key: string]: unknown;
}

/** A section to write: one buffer, or several written one after another (never joined in memory). */
export type SectionData = Uint8Array | Uint8Array[];

const pad = (n: number) => (ALIGN - (n % ALIGN)) % ALIGN;
const partsOf = (d: SectionData) => (Array.isArray(d) ? d : [d]);
const lengthOf = (d: SectionData) => partsOf(d).reduce((n, p) => n + p.byteLength, 0);

// crc32 (zlib, about 2 GB/s) guards against damage; nothing here defends against a forger who can write
// CACHE_DIR anyway. sha256 over all sections where this Node has no zlib.crc32 (before 20.15).
const HAS_CRC32 = typeof crc32 === 'function';
const PER_SECTION = 'crc32 per section';

function crcOf(parts: Uint8Array[]): number {
  let c = 0;
  // Empty parts skipped: zlib's crc32 of no bytes at a null pointer restarts at 0 instead of carrying on.
  for (const s of parts) if (s.byteLength) c = crc32(s, c);
  return c;
}

function sha256Of(parts: Uint8Array[]): string {
  const h = createHash('sha256');
  for (const s of parts) h.update(s);
  return `sha256:${h.digest('hex')}`;
}

/** Sections at least this large are checked on the verifying thread (when there is a second core). */
const OFF_THREAD_BYTES = 1 << 20;
/** Below this much to check off the thread, a worker costs more to start than the check takes. */
const OFF_THREAD_MIN_TOTAL = 16 << 20;

type Ranges = [number, number, number][];

/**
 * The checks of the second thread, self-contained (its modules come in as arguments) because its source
 * also runs there; the main thread runs the same code when that thread failed. `fetched` reads a range
 * of the file into the memory given and checks the crcs of ranges of it; `onDisk`, of ranges of the file
 * read by position, a chunk at a time; `inMemory`, of ranges of bytes already read. Each says whether
 * all matched, and throws when the file ends early.
 */
function checksWith(
  readSync: (fd: number, into: Uint8Array, at: number, length: number, position: number) => number,
  crc32: (data: Uint8Array, value?: number) => number,
) {
  // Empty ranges skipped: zlib's crc32 of no bytes at a null pointer restarts at 0 instead of carrying on.
  const crcOf = (bytes: Uint8Array) => (bytes.length ? crc32(bytes) : 0);
  const read = (fd: number, into: Uint8Array, position: number) => {
    for (let done = 0; done < into.length; ) {
      const n = readSync(fd, into, done, into.length - done, position + done);
      if (n <= 0) throw new Error('truncated');
      done += n;
    }
  };
  const inMemory = (bytes: Uint8Array, ranges: Ranges) =>
    ranges.every(([at, length, crc]) => crcOf(bytes.subarray(at, at + length)) === crc);
  return {
    inMemory,
    fetched: (fd: number, position: number, into: Uint8Array, ranges: Ranges) => {
      read(fd, into, position);
      return inMemory(into, ranges);
    },
    onDisk: (fd: number, ranges: Ranges) => {
      const chunk = new Uint8Array(1 << 20);
      return ranges.every(([position, length, crc]) => {
        let c = 0;
        for (let done = 0; done < length; done += chunk.length) {
          const part = chunk.subarray(0, Math.min(chunk.length, length - done));
          read(fd, part, position + done);
          c = crc32(part, c);
        }
        return c === crc;
      });
    },
  };
}

// Plain JavaScript, while the main thread reads and decodes the rest: reads the sections it is to fetch
// into the shared memory given and checks them, then the ranges of the file left on disk (read through
// the same descriptor: threads share it); then, when the body the main thread read arrives (shared
// memory), its ranges; then 1 (all match), 2 (a mismatch) or 3 (failed) on the flag.
const VERIFY_WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const flag = new Int32Array(workerData.flag);
const done = (ok) => {
  Atomics.store(flag, 0, ok);
  Atomics.notify(flag, 0);
};
let ok = 1;
let checks;
try {
  ${WORKER_NAME_SHIM}
  const { readSync } = require('node:fs');
  const { crc32 } = require('node:zlib');
  checks = (${checksWith.toString()})(readSync, crc32);
  const { fd, fetch, fileRanges } = workerData;
  if (!checks.fetched(fd, fetch.position, new Uint8Array(fetch.into), fetch.ranges)) ok = 2;
  if (!checks.onDisk(fd, fileRanges)) ok = 2;
} catch {
  ok = 3;
}
parentPort.once('message', ({ body, ranges }) => {
  try {
    if (ok === 1 && !checks.inMemory(new Uint8Array(body), ranges)) ok = 2;
  } catch {
    ok = 3;
  }
  done(ok);
});
`;

/** An open cache file whose sections are partly left on disk: closed when nothing reads them any more. */
export class CacheFile {
  private static readonly closer = new FinalizationRegistry<number>((fd) => {
    try {
      closeSync(fd);
    } catch {
      // closed already
    }
  });
  private open = true;

  constructor(readonly fd: number) {}

  /** From now on, closed when this object is collected (its sections handed out), not by `close`. */
  handOver(): void {
    if (this.open) CacheFile.closer.register(this, this.fd, this);
    this.open = false;
  }

  /** Closes the file unless it was handed over. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    closeSync(this.fd);
  }
}

/** A section left in the file, read by position: what a passage store holds its text blocks in. */
export class FileSection {
  constructor(
    private readonly file: CacheFile,
    private readonly position: number,
    readonly length: number,
  ) {}

  subarray(from = 0, to = this.length): Buffer {
    const start = Math.max(0, Math.min(from, this.length));
    const end = Math.max(start, Math.min(to, this.length));
    return readExactly(this.file.fd, this.position + start, end - start);
  }
}

/** The cache file of a corpus folder: one slot per folder, so several corpora can share CACHE_DIR. */
export function cacheFileFor(corpusDir: string, cacheDir: string): string {
  const abs = resolve(corpusDir);
  const slug =
    basename(abs)
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .slice(0, 40) || 'corpus';
  const key = createHash('sha256').update(abs).digest('hex').slice(0, 12);
  return join(resolve(cacheDir), `engine-${slug}-${key}.cache`);
}

/** Writes the file (temp file, fsync, rename); returns its size. Throws when it cannot. */
export function writeContainer(
  file: string,
  header: Record<string, unknown>,
  sections: { name: string; data: SectionData }[],
): number {
  const all = sections.flatMap((s) => partsOf(s.data));
  const full: ContainerHeader = {
    ...header,
    sections: sections.map((s) => ({
      name: s.name,
      bytes: lengthOf(s.data),
      ...(HAS_CRC32 ? { crc: crcOf(partsOf(s.data)) } : {}),
    })),
    checksum: HAS_CRC32 ? PER_SECTION : sha256Of(all),
  };
  const headerBytes = Buffer.from(JSON.stringify(full), 'utf8');
  const headerLength = Buffer.alloc(4);
  headerLength.writeUInt32LE(headerBytes.length);
  const zeros = Buffer.alloc(ALIGN);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  mkdirSync(dirname(file), { recursive: true });
  removeAbandonedTemps(file);
  const fd = openSync(tmp, 'w');
  let bytes = 0;
  const write = (part: Uint8Array) => {
    for (let off = 0; off < part.byteLength; ) off += writeSync(fd, part, off);
    bytes += part.byteLength;
  };
  try {
    write(MAGIC);
    write(headerLength);
    write(headerBytes);
    write(zeros.subarray(0, pad(bytes)));
    for (const s of sections) {
      for (const part of partsOf(s.data)) write(part);
      write(zeros.subarray(0, pad(bytes)));
    }
    write(TRAILER);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, file);
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      // closed already
    }
    rmSync(tmp, { force: true });
    throw err;
  }
  return bytes;
}

// Temp files left by a process killed mid-write; an hour is far longer than any write takes.
function removeAbandonedTemps(file: string): void {
  const dir = dirname(file);
  const prefix = `${basename(file)}.`;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    try {
      if (Date.now() - statSync(join(dir, name)).mtimeMs > 3_600_000)
        rmSync(join(dir, name), { force: true });
    } catch {
      // gone already
    }
  }
}

function readExactly(fd: number, position: number, length: number, into?: Buffer): Buffer {
  const buf = into ?? Buffer.allocUnsafeSlow(length);
  for (let at = 0; at < length; ) {
    const read = readSync(fd, buf, at, length - at, position + at);
    if (read === 0) throw new Error('truncated');
    at += read;
  }
  return buf;
}

/** The header alone (a cheap look before reading a large body). */
export function readHeader(fd: number): { header: ContainerHeader; size: number; bodyAt: number } {
  const size = fstatSync(fd).size;
  if (size < MAGIC.length + 4 + TRAILER.length) throw new Error('not a cache file of this format');
  const head = readExactly(fd, 0, MAGIC.length + 4);
  if (!head.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a cache file of this format');
  const headerLength = head.readUInt32LE(MAGIC.length);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerEnd > size) throw new Error('truncated header');
  const header = JSON.parse(
    readExactly(fd, MAGIC.length + 4, headerLength).toString('utf8'),
  ) as ContainerHeader;
  if (!Array.isArray(header.sections)) throw new Error('not a cache file of this format');
  return { header, size, bodyAt: headerEnd + pad(headerEnd) };
}

/** The sections, and `verified()`, which throws unless every section's checksum matched. */
export interface ReadSections {
  sections: Map<string, Buffer>;
  /** sections left in the file (see `readSections`' `onDisk`) */
  onDisk: Map<string, FileSection>;
  verified: () => void;
}

/**
 * The sections, read in one go into one buffer (each section a view of it, 8-byte aligned), checked
 * against the header's sizes and end marker. Small sections are checked against their crc here; large
 * ones on a second thread meanwhile, which `verified()` waits for. On a machine with that second thread:
 * sections named in `onDisk` that end the file are not read but left where they are (`onDisk`): the
 * caller reads them by position and hands the file over (CacheFile.handOver); sections named in
 * `byWorker` just before them are read by the second thread into memory of their own while this one
 * reads the rest: they are views like the others, whose bytes are there once `verified()` returns.
 */
export function readSections(
  file: CacheFile,
  header: ContainerHeader,
  bodyAt: number,
  size: number,
  lap: (step: string) => void = () => {},
  onDisk: string[] = [],
  byWorker: string[] = [],
): ReadSections {
  const { sections } = header;
  const lengthOf = (list: SectionInfo[]) => list.reduce((n, s) => n + s.bytes + pad(s.bytes), 0);
  const padded = lengthOf(sections);
  if (bodyAt + padded + TRAILER.length !== size) throw new Error('truncated (sizes do not add up)');
  const perSection = header.checksum === PER_SECTION;
  if (perSection && (!HAS_CRC32 || sections.some((s) => typeof s.crc !== 'number')))
    throw new Error('section checksums missing');
  const large = perSection
    ? sections.reduce((n, s) => n + (s.bytes >= OFF_THREAD_BYTES ? s.bytes : 0), 0)
    : 0;
  const offThread = large >= OFF_THREAD_MIN_TOTAL && availableParallelism() > 1;
  // The trailing sections left on disk, and those the second thread reads before them: only where
  // their checks run on that thread.
  const trailing = (names: string[], after: number) => {
    let n = 0;
    while (
      offThread &&
      n + after < sections.length &&
      names.includes(sections[sections.length - 1 - after - n].name)
    )
      n++;
    return n;
  };
  const kept = trailing(onDisk, 0);
  const fetched = trailing(byWorker, kept);
  const length = lengthOf(sections.slice(0, sections.length - kept - fetched));
  const fetchedLength = lengthOf(sections.slice(sections.length - kept - fetched, sections.length - kept));
  // Where each section lies, and which are checked on the second thread: the sections it fetches or
  // leaves on disk are checked there while this thread reads the rest.
  const away: [number, number, number][] = [];
  const awayOnDisk: [number, number, number][] = [];
  const awayFetched: [number, number, number][] = [];
  const placed: { s: SectionInfo; at: number }[] = [];
  let at = 0;
  for (const s of sections) {
    placed.push({ s, at });
    if (at >= length + fetchedLength) {
      if (perSection) awayOnDisk.push([bodyAt + at, s.bytes, s.crc!]);
    } else if (at >= length) awayFetched.push([at - length, s.bytes, s.crc!]);
    // The metadata is decoded before the check could end: a damaged tape must not be read.
    else if (perSection && offThread && s.bytes >= OFF_THREAD_BYTES && !s.name.startsWith('meta'))
      away.push([at, s.bytes, s.crc!]);
    at += s.bytes + pad(s.bytes);
  }
  const into = Buffer.from(new SharedArrayBuffer(fetchedLength));
  const verifier =
    away.length || awayOnDisk.length || awayFetched.length
      ? startVerifier(file.fd, awayOnDisk, { position: bodyAt + length, into, ranges: awayFetched })
      : undefined;
  let body: Buffer;
  try {
    // The end marker read with the body when nothing is left on disk. Shared memory only when another
    // thread reads it too.
    const read = kept || fetched ? length : length + TRAILER.length;
    body = readExactly(
      file.fd,
      bodyAt,
      read,
      offThread ? Buffer.from(new SharedArrayBuffer(read)) : undefined,
    );
    const trailer =
      kept || fetched ? readExactly(file.fd, bodyAt + padded, TRAILER.length) : body.subarray(length);
    lap('read');
    if (!trailer.equals(TRAILER)) throw new Error('truncated (no end marker)');
  } catch (err) {
    verifier?.cancel();
    throw err;
  }
  verifier?.body(body, away);
  const out = new Map<string, Buffer>();
  const left = new Map<string, FileSection>();
  const checked = new Set(away.map(([a]) => a));
  for (const { s, at } of placed) {
    if (at >= length + fetchedLength) {
      left.set(s.name, new FileSection(file, bodyAt + at, s.bytes));
      continue;
    }
    if (at >= length) {
      out.set(s.name, into.subarray(at - length, at - length + s.bytes));
      continue;
    }
    const bytes = body.subarray(at, at + s.bytes);
    out.set(s.name, bytes);
    if (perSection && !checked.has(at) && crcOf([bytes]) !== s.crc)
      throw new Error(`checksum mismatch (section ${s.name})`);
  }
  if (!perSection && sha256Of([...out.values()]) !== header.checksum) throw new Error('checksum mismatch');
  const verified = verifier?.wait ?? (() => {});
  lap('checksum');
  return { sections: out, onDisk: left, verified };
}

/** Checks on a worker thread, started at once, the crcs of ranges of the file (by position), then those
 *  of ranges of a body given later: `wait()` waits and throws on a mismatch (and checks them itself
 *  when the worker failed). */
export function startVerifier(
  fd: number,
  fileRanges: Ranges,
  /** a range of the file to read into `into` (shared memory), with the crcs of ranges of it */
  fetch: { position: number; into: Buffer; ranges: Ranges } = {
    position: 0,
    into: Buffer.alloc(0),
    ranges: [],
  },
): {
  body: (body: Buffer, ranges: Ranges) => void;
  /** Where the checks ran: on the worker thread, or here because it failed. */
  wait: () => 'thread' | 'here';
  cancel: () => void;
} {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker | undefined;
  try {
    // No loader (execArgv) in the worker: plain JavaScript starts faster without.
    worker = new Worker(VERIFY_WORKER, {
      eval: true,
      workerData: {
        fd,
        fileRanges,
        flag: flag.buffer,
        fetch: { position: fetch.position, into: fetch.into.buffer, ranges: fetch.ranges },
      },
      execArgv: [],
    });
    worker.unref();
    // A thread that dies reports nothing, and the checks then run here: it must not take the process down.
    worker.on('error', () => {});
  } catch {
    Atomics.store(flag, 0, 3);
  }
  let given: { body: Buffer; ranges: Ranges } = { body: Buffer.alloc(0), ranges: [] };
  return {
    body: (body, ranges) => {
      given = { body, ranges };
      // The body's memory must be shared: the worker reads it where it lies.
      if (!(body.buffer instanceof SharedArrayBuffer)) throw new Error('the body to check is not shared');
      worker?.postMessage({
        body: body.buffer,
        ranges: ranges.map(([at, n, c]) => [body.byteOffset + at, n, c]),
      });
    },
    // A read that failed before the body was given: the worker would wait for it for ever.
    cancel: () => void worker?.terminate(),
    wait: () => {
      Atomics.wait(flag, 0, 0, 60_000);
      const state = Atomics.load(flag, 0);
      if (state === 1) return 'thread';
      if (state === 2) throw new Error('checksum mismatch');
      const checks = checksWith(readSync, crc32);
      if (
        !checks.fetched(fd, fetch.position, fetch.into, fetch.ranges) ||
        !checks.inMemory(given.body, given.ranges) ||
        !checks.onDisk(fd, fileRanges)
      )
        throw new Error('checksum mismatch');
      return 'here';
    },
  };
}
