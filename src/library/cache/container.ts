// The cache file: a header and named byte sections, each starting on an 8-byte boundary so typed arrays
// can view it where it lies after one read of the whole file. Written to a temporary file, fsynced and
// renamed into place, so a reader (another instance) never sees half a cache; a crc32 over the sections
// catches damage that keeps the structure intact.
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
import { crc32 } from 'node:zlib';

const MAGIC = Buffer.from('DDESKC\x02\n', 'latin1');
const TRAILER = Buffer.from('DDEND\n', 'latin1');
const ALIGN = 8;

export interface SectionInfo {
  name: string;
  bytes: number;
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
// CACHE_DIR anyway. sha256 where this Node has no zlib.crc32 (before 20.15).
function checksumOf(parts: Uint8Array[]): string {
  if (typeof crc32 === 'function') {
    let c = 0;
    // Empty parts skipped: zlib's crc32 of no bytes at a null pointer restarts at 0 instead of carrying on.
    for (const s of parts) if (s.byteLength) c = crc32(s, c);
    return `crc32:${c}`;
  }
  const h = createHash('sha256');
  for (const s of parts) h.update(s);
  return `sha256:${h.digest('hex')}`;
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
    sections: sections.map((s) => ({ name: s.name, bytes: lengthOf(s.data) })),
    checksum: checksumOf(all),
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

/**
 * The sections, read in one go into one buffer (each section a view of it, 8-byte aligned), checked
 * against the header's sizes, end marker and checksum.
 */
export function readSections(
  fd: number,
  header: ContainerHeader,
  bodyAt: number,
  size: number,
  lap: (step: string) => void = () => {},
): Map<string, Buffer> {
  const padded = header.sections.reduce((n, s) => n + s.bytes + pad(s.bytes), 0);
  if (bodyAt + padded + TRAILER.length !== size) throw new Error('truncated (sizes do not add up)');
  const body = readExactly(fd, bodyAt, padded + TRAILER.length);
  lap('read');
  if (!body.subarray(padded).equals(TRAILER)) throw new Error('truncated (no end marker)');
  const out = new Map<string, Buffer>();
  let at = 0;
  for (const s of header.sections) {
    out.set(s.name, body.subarray(at, at + s.bytes));
    at += s.bytes + pad(s.bytes);
  }
  if (checksumOf([...out.values()]) !== header.checksum) throw new Error('checksum mismatch');
  lap('checksum');
  return out;
}
