// The engine state on disk, so a restart skips loading, chunking, indexing and fact extraction.
//
// One file per corpus folder in CACHE_DIR. It is used only when fresh: its header records a hash of
// every corpus file (name and bytes) and a fingerprint of the code that builds the state; anything else
// (stale, truncated, damaged, written by other code) is ignored with a warning and the caller rebuilds.
// A crc32 over the body catches damage that keeps the structure intact. Writes go to a temporary file
// renamed into place, so a reader never sees half a cache.
//
// Layout (the header gives each section's byte length):
//   "DDESKC\x01\n" | u32 + header JSON | rest (v8) | passage columns (v8) | Latin-1 text | UTF-16 text | index (v8) | "DDEND\n"
// - Passage texts are two blobs (see PassageColumns), each distinct text once; every passage text and
//   sentence is a slice of a decoded blob, which V8 keeps as a view of it: fast to load, no second copy.
// - The index is MiniSearch's own data through v8.serialize, with the postings as flat typed arrays that
//   become Maps only when a term is first searched (LazyPostings) and the per-document Maps as flat
//   arrays. `MiniSearch.loadJS` re-inserts every posting (about 0.5 s at 10,000 articles before the
//   index kept one copy of repeated passages); this takes tens of ms. Should the index ever hold
//   something this codec does not know, it falls back to `PassageIndex.toJSON()` / `fromJSON()`.
// - While the main thread reads and decodes, a worker thread hashes a large corpus (startCorpusHash).
//
// Measured at 10,000 synthetic articles (142,500 passages): 22 MB, loaded in about 0.26 s.
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import pino from 'pino';
import type { EngineState } from '../answer/engine.js';
import type { CorpusProblem } from '../corpus/load.js';
import type { Passage } from '../types.js';
import { MINISEARCH_OPTIONS, PassageIndex, type SerializedIndex } from './index.js';

/** Bump when the file layout changes (code changes that shape the state are caught by the fingerprint). */
export const CACHE_VERSION = 1;

const MAGIC = Buffer.from('DDESKC\x01\n', 'latin1');
const TRAILER = Buffer.from('DDEND\n', 'latin1');

/** What a fresh cache gives back: the engine state, plus the corpus problems seen when it was built. */
export type CachedState = EngineState & { problems: CorpusProblem[] };

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

interface Header {
  cacheVersion: number;
  fingerprint: string;
  corpusHash: string;
  corpusDir: string;
  createdAt: string;
  articles: number;
  passages: number;
  indexCodec: 'maps' | 'json';
  /** Byte lengths of the sections after the header, in order. */
  sections: number[];
  /** sha256 of the sections: damage that keeps the structure intact (a flipped byte in a text) is caught too. */
  checksum: string;
}

let logger: pino.Logger | undefined;
function defaultWarn(message: string): void {
  logger ??= pino(
    { name: 'cache', level: process.env.LOG_LEVEL || 'info' },
    pino.destination({ dest: 2, sync: true }),
  );
  logger.warn(message);
}

// ---------------------------------------------------------------- keys

/**
 * The corpus files exactly as `corpusFiles` in corpus/load.ts lists them (`*.md`, not hidden, regular
 * files and symbolic links, sorted), without a stat per file: directory entries already say what is a file.
 */
function listCorpus(dir: string): string[] {
  const root = resolve(dir);
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.name.endsWith('.md') && !e.name.startsWith('.'))
    .filter((e) => e.isFile() || e.isSymbolicLink()) // a bad link is the loader's to report, not fatal
    .map((e) => e.name)
    .sort()
    .map((n) => join(root, n));
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

// Hashing a large corpus (0.2 s at 10,000 articles) runs in a worker thread while the main thread reads
// and decodes the cache; the main thread then waits on a shared flag. Small corpora hash in place: a
// worker costs more to start than they take.
const WORKER_MIN_FILES = 1000;
const HASH_WORKER = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
const flag = new Int32Array(workerData.shared, 0, 1);
const out = new Uint8Array(workerData.shared, 4, 64);
try {
  out.set(Buffer.from((${hashFilesWith.toString()})(fs, createHash, workerData.files), 'latin1'));
  Atomics.store(flag, 0, 1);
} catch {
  Atomics.store(flag, 0, 2);
}
Atomics.notify(flag, 0);
`;

/** Starts hashing the corpus; `join()` returns the hash (computed in place if the worker failed). */
export function startCorpusHash(
  corpusDir: string,
  minFilesForWorker = WORKER_MIN_FILES,
): { join: () => string } {
  const files = listCorpus(corpusDir);
  if (files.length < minFilesForWorker || availableParallelism() < 2) {
    const hash = hashFilesWith({ openSync, readSync, closeSync }, createHash, files);
    return { join: () => hash };
  }
  const shared = new SharedArrayBuffer(4 + 64);
  const flag = new Int32Array(shared, 0, 1);
  try {
    // No tsx loader (execArgv) in the worker: it runs plain JavaScript and starts faster without.
    new Worker(HASH_WORKER, { eval: true, workerData: { files, shared }, execArgv: [] }).unref();
  } catch {
    Atomics.store(flag, 0, 2);
  }
  return {
    join: () => {
      Atomics.wait(flag, 0, 0, 60_000);
      if (Atomics.load(flag, 0) === 1) return Buffer.from(new Uint8Array(shared, 4, 64)).toString('latin1');
      return hashFilesWith({ openSync, readSync, closeSync }, createHash, files);
    },
  };
}

// The modules whose code decides what the state holds. A change to any of them (analyzer, chunker,
// extractors) makes old caches stale without anyone having to remember to bump CACHE_VERSION.
const STATE_CODE_DIRS = ['corpus', 'search', 'facts', 'answer'];

// The source tree: beside this module when run from source (tsx), else ./src of the working directory
// (a bundled build started from the project folder), so both compute the same fingerprint.
function sourceRoot(): string | undefined {
  const candidates = [resolve(dirname(fileURLToPath(import.meta.url)), '..'), resolve(process.cwd(), 'src')];
  return candidates.find((dir) => existsSync(join(dir, 'search', 'cache.ts')));
}

let fingerprintMemo: string | undefined;
export function codeFingerprint(): string {
  if (fingerprintMemo) return fingerprintMemo;
  const src = sourceRoot();
  const h = createHash('sha256').update(`cache v${CACHE_VERSION}\0minisearch ${minisearchVersion(src)}\0`);
  if (src) {
    const files: string[] = [join(src, 'types.ts')];
    for (const dir of STATE_CODE_DIRS) {
      try {
        for (const e of readdirSync(join(src, dir), { recursive: true, withFileTypes: true })) {
          if (e.isFile() && /\.[cm]?[jt]s$/.test(e.name)) files.push(join(e.parentPath, e.name));
        }
      } catch {
        // a folder that does not exist (yet) contributes nothing
      }
    }
    for (const file of files.sort()) {
      try {
        h.update(`${file.slice(src.length)}\0`).update(readFileSync(file));
      } catch {
        // vanished meanwhile: it contributes nothing
      }
    }
  }
  // Without the source (a bundle shipped alone) CACHE_VERSION and the MiniSearch version alone guard it.
  fingerprintMemo = h.digest('hex');
  return fingerprintMemo;
}

function minisearchVersion(src: string | undefined): string {
  try {
    const pkg = join(src ? dirname(src) : process.cwd(), 'node_modules', 'minisearch', 'package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
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

// ---------------------------------------------------------------- index codec

class Unsupported extends Error {}

const TAG = '\u0000dd';
type Tagged =
  | { [TAG]: 'sm'; tree: unknown; prefix: string }
  | { [TAG]: 'ms'; data: Record<string, unknown> }
  | PackedIds
  | PackedRows;

// MiniSearch's radix tree: nested Maps whose '' key holds a term's postings, Map<fieldId, Map<docId, tf>>.
// On disk each term's postings are runs of two Int32Arrays (document ids, term frequencies) and the tree
// holds, in their place, the term's offset in `meta`: [fields, (fieldId, start, length) × fields].
type TreeNode = Map<string, TreeNode | Map<number, Map<number, number>> | number>;
type Ints = Int32Array | Uint16Array | Uint8Array;
interface Postings {
  meta: Int32Array;
  ids: Int32Array;
  /** term frequencies, in the narrowest array that holds the largest */
  tfs: Ints;
}

class PostingsWriter {
  private meta: number[] = [];
  private ids: number[] = [];
  private tfs: number[] = [];

  tree(node: TreeNode): TreeNode {
    const out: TreeNode = new Map();
    for (const [key, value] of node) {
      if (key !== '') {
        out.set(key, this.tree(value as TreeNode));
        continue;
      }
      const fields = value as Map<number, Map<number, number>>;
      out.set('', this.meta.length);
      this.meta.push(fields.size);
      for (const [fieldId, freqs] of fields) {
        this.meta.push(fieldId, this.ids.length, freqs.size);
        for (const [docId, tf] of freqs) {
          if (!Number.isInteger(tf) || tf < 0 || tf > 0x7fffffff)
            throw new Unsupported(`term frequency ${tf}`);
          this.ids.push(docId);
          this.tfs.push(tf);
        }
      }
    }
    return out;
  }

  done(): Postings {
    const max = this.tfs.reduce((m, tf) => Math.max(tf, m), 0);
    const Tfs = max <= 0xff ? Uint8Array : max <= 0xffff ? Uint16Array : Int32Array;
    return { meta: Int32Array.from(this.meta), ids: Int32Array.from(this.ids), tfs: Tfs.from(this.tfs) };
  }
}

/**
 * A term's postings in one field, turned into a real Map on first use. Most terms are never searched for
 * between two restarts, so loading skips building millions of Map entries (time and memory). Every
 * method MiniSearch (or anyone) can call fills it first; only a structured clone of an unfilled one would
 * see it empty, and nothing clones the index.
 */
class LazyPostings extends Map<number, number> {
  private ids: Int32Array | undefined;
  private tfs: Ints | undefined;

  constructor(ids: Int32Array, tfs: Ints) {
    super();
    this.ids = ids;
    this.tfs = tfs;
  }

  private fill(): void {
    const { ids, tfs } = this;
    if (!ids || !tfs) return;
    this.ids = this.tfs = undefined;
    for (let i = 0; i < ids.length; i++) super.set(ids[i], tfs[i]);
    // Filled, it is a plain Map from now on: searches call Map's own methods, not these checks.
    Object.setPrototypeOf(this, Map.prototype);
  }

  override get size(): number {
    this.fill();
    return super.size;
  }
  override get(key: number): number | undefined {
    this.fill();
    return super.get(key);
  }
  override has(key: number): boolean {
    this.fill();
    return super.has(key);
  }
  override set(key: number, value: number): this {
    this.fill();
    return super.set(key, value);
  }
  override delete(key: number): boolean {
    this.fill();
    return super.delete(key);
  }
  override clear(): void {
    this.ids = this.tfs = undefined;
    super.clear();
  }
  override keys(): MapIterator<number> {
    this.fill();
    return super.keys();
  }
  override values(): MapIterator<number> {
    this.fill();
    return super.values();
  }
  override entries(): MapIterator<[number, number]> {
    this.fill();
    return super.entries();
  }
  override forEach(
    fn: (value: number, key: number, map: Map<number, number>) => void,
    thisArg?: unknown,
  ): void {
    this.fill();
    super.forEach(fn, thisArg);
  }
  override [Symbol.iterator](): MapIterator<[number, number]> {
    this.fill();
    return super[Symbol.iterator]();
  }
}

function readTree(node: TreeNode, postings: Postings): TreeNode {
  const { meta, ids, tfs } = postings;
  for (const [key, value] of node) {
    if (key !== '') {
      readTree(value as TreeNode, postings);
      continue;
    }
    let at = value as number;
    const fields = new Map<number, Map<number, number>>();
    for (let n = meta[at++]; n > 0; n--) {
      const fieldId = meta[at++];
      const start = meta[at++];
      const end = start + meta[at++];
      fields.set(fieldId, new LazyPostings(ids.subarray(start, end), tfs.subarray(start, end)));
    }
    node.set('', fields);
  }
  return node;
}

// MiniSearch's per-document Maps, keyed by its short (integer) document ids: _documentIds (short id →
// passage id; _idToShortId is its inverse, rebuilt) and _fieldLength (short id → token count per field).
interface PackedIds {
  [TAG]: 'ids';
  keys: Int32Array;
  values: unknown[];
}
interface PackedRows {
  [TAG]: 'rows';
  keys: Int32Array;
  width: number;
  flat: Int32Array;
}
const isPacked = (v: unknown) => v !== null && typeof v === 'object' && TAG in v;
const isInt32 = (k: unknown) => typeof k === 'number' && (k | 0) === k;

function packIds(map: Map<number, unknown>): PackedIds | undefined {
  const keys = new Int32Array(map.size);
  const values: unknown[] = new Array(map.size);
  let i = 0;
  for (const [k, v] of map) {
    if (!isInt32(k) || (v !== null && typeof v === 'object')) return undefined;
    keys[i] = k;
    values[i++] = v;
  }
  return { [TAG]: 'ids', keys, values };
}

function unpackIds({ keys, values }: PackedIds): [Map<number, unknown>, Map<unknown, number>] {
  const forward = new Map<number, unknown>();
  const inverse = new Map<unknown, number>();
  for (let i = 0; i < keys.length; i++) {
    forward.set(keys[i], values[i]);
    inverse.set(values[i], keys[i]);
  }
  return [forward, inverse];
}

function packRows(map: Map<number, unknown>): PackedRows | undefined {
  const first = map.values().next().value;
  if (!Array.isArray(first)) return undefined;
  const width = first.length;
  const keys = new Int32Array(map.size);
  const flat = new Int32Array(map.size * width);
  let i = 0;
  for (const [k, row] of map) {
    if (!isInt32(k) || !Array.isArray(row) || row.length !== width || !row.every(isInt32)) return undefined;
    keys[i] = k;
    flat.set(row as number[], i++ * width);
  }
  return { [TAG]: 'rows', keys, width, flat };
}

function unpackRows({ keys, width, flat }: PackedRows): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (let i = 0, at = 0; i < keys.length; i++) {
    const row: number[] = new Array(width);
    for (let j = 0; j < width; j++) row[j] = flat[at++];
    map.set(keys[i], row);
  }
  return map;
}

// Fields of a MiniSearch instance that are configuration or transient work, not index data.
const MS_SKIP = new Set([
  '_options',
  '_index',
  '_currentVacuum',
  '_enqueuedVacuum',
  '_enqueuedVacuumConditions',
]);

const isPlainObject = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Turns the index's own data into what v8.serialize can take (Maps stay Maps); throws Unsupported otherwise. */
function encode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw new Unsupported(typeof value);
    return value;
  }
  if (value instanceof MiniSearch) {
    const ms = value as unknown as Record<string, unknown> & { _index: { _tree: unknown; _prefix: string } };
    if (ms._currentVacuum || ms._enqueuedVacuum) throw new Unsupported('MiniSearch vacuum in progress');
    const postings = new PostingsWriter();
    const data: Record<string, unknown> = {
      _tree: postings.tree(ms._index._tree as TreeNode),
      _prefix: ms._index._prefix,
      _postings: postings.done(),
    };
    for (const [k, v] of Object.entries(ms)) if (!MS_SKIP.has(k)) data[k] = v;
    // One entry per passage in each: as flat arrays they load in a fraction of the time of Maps.
    data._documentIds = packIds(ms._documentIds as Map<number, unknown>) ?? ms._documentIds;
    data._fieldLength = packRows(ms._fieldLength as Map<number, unknown>) ?? ms._fieldLength;
    if (data._documentIds !== ms._documentIds) delete data._idToShortId;
    return { [TAG]: 'ms', data };
  }
  if (value instanceof SearchableMap) {
    const sm = value as unknown as { _tree: unknown; _prefix: string };
    return { [TAG]: 'sm', tree: sm._tree, prefix: sm._prefix };
  }
  if (value instanceof Map) {
    let plain = true;
    for (const v of value.values()) if (v !== null && typeof v === 'object') plain = false;
    return plain ? value : new Map([...value].map(([k, v]) => [k, encode(v)]));
  }
  if (Array.isArray(value))
    return value.some((v) => v !== null && typeof v === 'object') ? value.map(encode) : value;
  if (ArrayBuffer.isView(value) || value instanceof Date) return value;
  if (value instanceof Set) {
    for (const v of value) if (v !== null && typeof v === 'object') throw new Unsupported('Set of objects');
    return value;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encode(v);
    return out;
  }
  throw new Unsupported(`instance of ${value.constructor?.name ?? 'unknown class'}`);
}

function decode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Map) {
    let plain = true;
    for (const v of value.values()) if (v !== null && typeof v === 'object') plain = false;
    return plain ? value : new Map([...value].map(([k, v]) => [k, decode(v)]));
  }
  if (Array.isArray(value))
    return value.some((v) => v !== null && typeof v === 'object') ? value.map(decode) : value;
  if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof Set) return value;
  const tagged = value as Tagged;
  if (tagged[TAG] === 'sm') return new SearchableMap(tagged.tree as never, tagged.prefix);
  if (tagged[TAG] === 'ms') {
    const { _tree, _prefix, _postings, ...data } = tagged.data;
    const fields = Object.keys((data._fieldIds ?? {}) as object);
    if (fields.join() !== MINISEARCH_OPTIONS.fields.join())
      throw new Error(`index fields ${fields} ≠ current options`);
    const ms = new MiniSearch(MINISEARCH_OPTIONS) as unknown as Record<string, unknown> & { _index: object };
    const IndexMap = ms._index.constructor as new (tree: unknown, prefix: string) => object;
    if (isPacked(data._documentIds)) {
      const [documentIds, idToShortId] = unpackIds(data._documentIds as PackedIds);
      data._documentIds = documentIds;
      data._idToShortId = idToShortId;
    }
    if (isPacked(data._fieldLength)) data._fieldLength = unpackRows(data._fieldLength as PackedRows);
    Object.assign(ms, data);
    ms._index = new IndexMap(readTree(_tree as TreeNode, _postings as Postings), _prefix as string);
    return ms;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = decode(v);
  return out;
}

function encodeIndex(index: PassageIndex): { codec: Header['indexCodec']; bytes: Buffer } {
  try {
    const own: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(index)) own[k] = encode(v);
    return { codec: 'maps', bytes: v8.serialize(own) };
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
    return { codec: 'json', bytes: v8.serialize(index.toJSON()) };
  }
}

function decodeIndex(codec: Header['indexCodec'], bytes: Buffer): PassageIndex {
  const data = v8.deserialize(bytes) as Record<string, unknown>;
  if (codec === 'json') return PassageIndex.fromJSON(data as unknown as SerializedIndex);
  // PassageIndex's constructor is private and only stores its arguments; its fields come back as they were.
  return Object.assign(Object.create(PassageIndex.prototype) as PassageIndex, decode(data));
}

// ---------------------------------------------------------------- passages codec

const PASSAGE_KEYS = new Set(['id', 'articleId', 'n', 'heading', 'text', 'sentences']);
const LATIN1 = /^[\u0000-\u00ff]*$/;

// Columns, one entry per passage. Texts go to one of two blobs: Latin-1 text (one byte a character, kept
// by V8 as a one-byte string) or UTF-16 (the rest); both decode with a plain copy, and every passage text
// and sentence is then a slice of its blob. A text that occurs again (a syndicated article, a quoted
// paragraph) is stored once and its passages share the slice.
interface PassageColumns {
  articleIds: string[];
  headings: string[];
  article: Int32Array;
  n: Int32Array;
  /** index into `headings`, -1 for none */
  heading: Int32Array;
  /** 0: Latin-1 blob, 1: UTF-16 blob */
  blob: Uint8Array;
  /** where the text starts in its blob */
  start: Int32Array;
  length: Int32Array;
  /** number of sentences, -1 when they are kept in `explicit` (they do not join to the text) */
  sentences: Int32Array;
  sentenceLengths: Int32Array;
  /** ids, when some id is not `<articleId>#<n>` */
  ids?: string[];
  /** by passage position: sentences that are not slices of the text, and fields beyond Passage's own */
  explicit?: Map<number, Record<string, unknown>>;
}

function encodePassages(passages: Passage[]): { columns: PassageColumns; latin1: Buffer; utf16: Buffer } {
  const count = passages.length;
  const articleIds = new Map<string, number>();
  const headings = new Map<string, number>();
  const c: PassageColumns = {
    articleIds: [],
    headings: [],
    article: new Int32Array(count),
    n: new Int32Array(count),
    heading: new Int32Array(count),
    blob: new Uint8Array(count),
    start: new Int32Array(count),
    length: new Int32Array(count),
    sentences: new Int32Array(count),
    sentenceLengths: new Int32Array(passages.reduce((k, p) => k + p.sentences.length, 0)),
  };
  const blobs: [string[], string[]] = [[], []];
  const ends = [0, 0];
  const stored = new Map<string, number>(); // text → passage that stored it
  let derivedIds = true;
  let at = 0;
  passages.forEach((p, i) => {
    let a = articleIds.get(p.articleId);
    if (a === undefined) {
      a = articleIds.size;
      articleIds.set(p.articleId, a);
    }
    c.article[i] = a;
    c.n[i] = p.n;
    if (p.heading === undefined) c.heading[i] = -1;
    else {
      let h = headings.get(p.heading);
      if (h === undefined) {
        h = headings.size;
        headings.set(p.heading, h);
      }
      c.heading[i] = h;
    }
    if (p.id !== `${p.articleId}#${p.n}`) derivedIds = false;
    const same = stored.get(p.text);
    if (same !== undefined) {
      c.blob[i] = c.blob[same];
      c.start[i] = c.start[same];
    } else {
      const b = LATIN1.test(p.text) ? 0 : 1;
      c.blob[i] = b;
      c.start[i] = ends[b];
      blobs[b].push(p.text);
      ends[b] += p.text.length;
      stored.set(p.text, i);
    }
    c.length[i] = p.text.length;
    const extra: Record<string, unknown> = {};
    for (const k of Object.keys(p))
      if (!PASSAGE_KEYS.has(k)) extra[k] = (p as unknown as Record<string, unknown>)[k];
    if (p.sentences.join(' ') === p.text) {
      c.sentences[i] = p.sentences.length;
      for (const sentence of p.sentences) c.sentenceLengths[at++] = sentence.length;
    } else {
      c.sentences[i] = -1;
      extra.sentences = p.sentences;
    }
    if (Object.keys(extra).length) {
      c.explicit ??= new Map();
      c.explicit.set(i, extra);
    }
  });
  c.articleIds = [...articleIds.keys()];
  c.headings = [...headings.keys()];
  c.sentenceLengths = c.sentenceLengths.subarray(0, at);
  if (!derivedIds) c.ids = passages.map((p) => p.id);
  return {
    columns: c,
    latin1: Buffer.from(blobs[0].join(''), 'latin1'),
    utf16: Buffer.from(blobs[1].join(''), 'utf16le'),
  };
}

/** Whether a twin's sentences have these lengths (one text can be split differently in two passages). */
function sameSplit(sentences: string[], lengths: Int32Array, at: number, k: number): boolean {
  if (k < 0 || sentences.length !== k) return false;
  for (let j = 0; j < k; j++) if (sentences[j].length !== lengths[at + j]) return false;
  return true;
}

function decodePassages(c: PassageColumns, latin1: string, utf16: string): Passage[] {
  const count = c.n.length;
  const out: Passage[] = new Array(count);
  const blobs = [latin1, utf16];
  // Passages that share a text share its string and sentence strings too.
  const shared = new Map<number, Passage>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    const which = c.blob[i];
    const blob = blobs[which];
    const start = c.start[i];
    const end = start + c.length[i];
    if (end > blob.length) throw new Error('passage text lengths do not add up');
    const k = c.sentences[i];
    const key = which * 0x80000000 + start;
    const twin = shared.get(key);
    let text: string;
    let sentences: string[];
    if (twin && twin.text.length === c.length[i] && sameSplit(twin.sentences, c.sentenceLengths, at, k)) {
      text = twin.text;
      sentences = twin.sentences;
      at += k;
    } else {
      text = blob.slice(start, end);
      if (k >= 0) {
        sentences = new Array(k);
        let s = start;
        for (let j = 0; j < k; j++) {
          const length = c.sentenceLengths[at++];
          sentences[j] = blob.slice(s, s + length);
          s += length + 1;
        }
      } else sentences = [];
    }
    const articleId = c.articleIds[c.article[i]];
    const hi = c.heading[i];
    // The shape chunkArticle makes (heading present even when undefined), so V8 gives all one hidden class.
    const p: Passage = {
      id: c.ids ? c.ids[i] : `${articleId}#${c.n[i]}`,
      articleId,
      n: c.n[i],
      heading: hi < 0 ? undefined : c.headings[hi],
      text,
      // A copy of the array: a caller that edits one passage's sentences never edits its twin's.
      sentences: twin !== undefined && sentences === twin.sentences ? sentences.slice() : sentences,
    };
    if (!twin && k >= 0) shared.set(key, p);
    const extra = c.explicit?.get(i);
    out[i] = extra ? Object.assign(p, extra) : p;
  }
  if (at !== c.sentenceLengths.length) throw new Error('sentence lengths do not add up');
  return out;
}

// ---------------------------------------------------------------- file

function readExactly(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafeSlow(length);
  for (let at = 0; at < length; ) {
    const read = readSync(fd, buf, at, length - at, position + at);
    if (read === 0) throw new Error('truncated');
    at += read;
  }
  return buf;
}

function readHeader(fd: number): { header: Header; bodyAt: number; size: number } {
  const size = fstatSync(fd).size;
  if (size < MAGIC.length + 4 + TRAILER.length) throw new Error('not a cache file of this format');
  const head = readExactly(fd, 0, MAGIC.length + 4);
  if (!head.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a cache file of this format');
  const headerLength = head.readUInt32LE(MAGIC.length);
  if (MAGIC.length + 4 + headerLength > size) throw new Error('truncated header');
  const header = JSON.parse(readExactly(fd, MAGIC.length + 4, headerLength).toString('utf8')) as Header;
  return { header, bodyAt: MAGIC.length + 4 + headerLength, size };
}

/**
 * The sections, each in a buffer of its own: what a decoded section keeps a view of (the postings) holds
 * only that section in memory, not the whole file.
 */
function readBody(fd: number, header: Header, bodyAt: number, size: number): Buffer[] {
  const lengths = header.sections ?? [];
  if (bodyAt + lengths.reduce((a, b) => a + b, 0) + TRAILER.length !== size)
    throw new Error('truncated (sizes do not add up)');
  const sections: Buffer[] = [];
  let at = bodyAt;
  for (const length of lengths) {
    sections.push(readExactly(fd, at, length));
    at += length;
  }
  if (!readExactly(fd, at, TRAILER.length).equals(TRAILER)) throw new Error('truncated (no end marker)');
  return sections;
}

// crc32 (zlib, about 2 GB/s) guards against damage; nothing here defends against a forger who can write
// CACHE_DIR anyway. sha256 where this Node has no zlib.crc32 (before 20.15).
function checksumOf(sections: Buffer[]): string {
  if (typeof crc32 === 'function') {
    let c = 0;
    for (const s of sections) c = crc32(s, c);
    return `crc32:${c}`;
  }
  const h = createHash('sha256');
  for (const s of sections) h.update(s);
  return `sha256:${h.digest('hex')}`;
}

// The hash seen by the last cache miss for a folder: a rebuild after that miss read the corpus as it was
// then (or later), so saving under that hash can only make the next start rebuild again, never serve a
// state older than its key.
const hashAtMiss = new Map<string, string>();

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
  const remember = (hash: () => string) => {
    try {
      hashAtMiss.set(resolve(corpusDir), hash());
    } catch {
      hashAtMiss.delete(resolve(corpusDir));
    }
  };
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    remember(() => corpusHash(corpusDir));
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      warn(`index cache ${file} cannot be read (${(err as Error).message}); rebuilding`);
    return undefined;
  }
  let pending: { join: () => string };
  try {
    pending = startCorpusHash(corpusDir);
  } catch {
    closeSync(fd);
    hashAtMiss.delete(resolve(corpusDir));
    return undefined;
  }
  lap('list');
  const miss = (why: string) => {
    remember(pending.join);
    warn(`index cache ${file} ${why}; rebuilding`);
    return undefined;
  };
  try {
    const { header, bodyAt, size } = readHeader(fd);
    if (header.cacheVersion !== CACHE_VERSION || header.fingerprint !== codeFingerprint()) {
      return miss('was built by other code');
    }
    const sections = readBody(fd, header, bodyAt, size);
    lap('read');
    if (checksumOf(sections) !== header.checksum) throw new Error('checksum mismatch');
    lap('checksum');
    const [restBytes, columnBytes, latin1Bytes, utf16Bytes, indexBytes] = sections;
    const rest = v8.deserialize(restBytes) as Omit<CachedState, 'passages' | 'index'>;
    lap('rest');
    const columns = v8.deserialize(columnBytes) as PassageColumns;
    lap('columns');
    const latin1 = latin1Bytes.toString('latin1');
    const utf16 = utf16Bytes.toString('utf16le');
    lap('text');
    const passages = decodePassages(columns, latin1, utf16);
    lap('passages');
    const index = decodeIndex(header.indexCodec, indexBytes);
    lap('index');
    if (passages.length !== header.passages || rest.articles.length !== header.articles) {
      throw new Error('counts do not match the header');
    }
    // Checked last: the corpus was hashed meanwhile (in a worker, for a large corpus).
    const hash = pending.join();
    lap('hash wait');
    if (header.corpusHash !== hash) return miss('is stale (the corpus changed)');
    return { ...rest, passages, index } as CachedState;
  } catch (err) {
    return miss(`is unusable (${(err as Error).message})`);
  } finally {
    closeSync(fd);
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
  opts: CacheOptions & { problems?: CorpusProblem[]; corpusHash?: string } = {},
): SavedCache | undefined {
  const started = performance.now();
  const warn = opts.warn ?? defaultWarn;
  const file = cacheFileFor(corpusDir, cacheDir);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const hash = opts.corpusHash ?? hashAtMiss.get(resolve(corpusDir)) ?? corpusHash(corpusDir);
    const { passages, index, ...others } = state;
    const rest = v8.serialize({ ...others, problems: opts.problems ?? [] });
    const { columns, latin1, utf16 } = encodePassages(passages);
    const encodedIndex = encodeIndex(index);
    const sections = [rest, v8.serialize(columns), latin1, utf16, encodedIndex.bytes];
    const header: Header = {
      cacheVersion: CACHE_VERSION,
      fingerprint: codeFingerprint(),
      corpusHash: hash,
      corpusDir: resolve(corpusDir),
      createdAt: new Date().toISOString(),
      articles: state.articles.length,
      passages: passages.length,
      indexCodec: encodedIndex.codec,
      sections: sections.map((s) => s.length),
      checksum: checksumOf(sections),
    };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const headerLength = Buffer.alloc(4);
    headerLength.writeUInt32LE(headerBytes.length);

    mkdirSync(dirname(file), { recursive: true });
    removeAbandonedTemps(file);
    const fd = openSync(tmp, 'w');
    let bytes = 0;
    try {
      for (const part of [MAGIC, headerLength, headerBytes, ...sections, TRAILER]) {
        for (let off = 0; off < part.length; ) off += writeSync(fd, part, off);
        bytes += part.length;
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    return { file, bytes, ms: performance.now() - started };
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself is the problem; there is no temp file to remove
    }
    warn(`index cache ${file} could not be written: ${(err as Error).message}`);
    return undefined;
  }
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
