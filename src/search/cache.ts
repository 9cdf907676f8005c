// The engine state on disk, so a restart skips loading, chunking, indexing and fact extraction.
//
// One file per corpus folder in CACHE_DIR, read with a single readFileSync. It is used only when fresh:
// its header records a hash of every corpus file (name and bytes) and a fingerprint of the code that
// builds the state; anything else (stale, truncated, corrupt, written by another version) is ignored
// with a warning and the caller rebuilds. Writes go to a temporary file renamed into place, so a reader
// never sees half a cache.
//
// Layout (all lengths little-endian uint32 byte counts):
//   "DDESKC\x01\n" | header JSON | rest (v8) | passage shapes (v8) | passage text (UTF-8) | index (v8) | "DDEND\n"
// - Passage texts are one UTF-8 blob; each passage's text and sentences are slices of the decoded blob,
//   which V8 keeps as views of it: fast to load and no second copy of every sentence in memory.
// - The index is MiniSearch's own Maps through v8.serialize, rebuilt into a MiniSearch without
//   re-inserting millions of postings (`MiniSearch.loadJS` does that from plain objects, about twice as
//   slow at 10,000 articles). Should the index ever hold something this codec does not know, it falls
//   back to the public `PassageIndex.toJSON()` / `fromJSON()`.
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
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
 * files, sorted), without a stat per file: directory entries already say what is a file.
 */
function listCorpus(dir: string): string[] {
  const root = resolve(dir);
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.name.endsWith('.md') && !e.name.startsWith('.'))
    .filter((e) => e.isFile() || (e.isSymbolicLink() && statSync(join(root, e.name)).isFile()))
    .map((e) => e.name)
    .sort()
    .map((n) => join(root, n));
}

/** sha256 over every corpus file's name and bytes (sha256 measured faster than sha1 here: CPU SHA extensions). */
export function corpusHash(corpusDir: string): string {
  const h = createHash('sha256');
  for (const file of listCorpus(corpusDir)) {
    const bytes = readFileSync(file);
    h.update(`${basename(file)}\0${bytes.length}\0`).update(bytes);
  }
  return h.digest('hex');
}

// The modules whose code decides what the state holds. A change to any of them (analyzer, chunker,
// extractors) makes old caches stale without anyone having to remember to bump CACHE_VERSION.
const STATE_CODE_DIRS = ['corpus', 'search', 'facts', 'answer'];

let fingerprintMemo: string | undefined;
export function codeFingerprint(): string {
  if (fingerprintMemo) return fingerprintMemo;
  const h = createHash('sha256').update(`cache v${CACHE_VERSION}\0minisearch ${minisearchVersion()}\0`);
  const src = resolve(dirname(fileURLToPath(import.meta.url)), '..');
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
      // not shipped as source (bundled build): CACHE_VERSION alone guards it
    }
  }
  fingerprintMemo = h.digest('hex');
  return fingerprintMemo;
}

function minisearchVersion(): string {
  try {
    const pkg = new URL('../../node_modules/minisearch/package.json', import.meta.url);
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The cache file of a corpus folder: one slot per folder, so several corpora can share CACHE_DIR. */
export function cacheFileFor(corpusDir: string, cacheDir: string): string {
  const abs = resolve(corpusDir);
  const slug = basename(abs).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40) || 'corpus';
  const key = createHash('sha256').update(abs).digest('hex').slice(0, 12);
  return join(resolve(cacheDir), `engine-${slug}-${key}.cache`);
}

// ---------------------------------------------------------------- index codec

class Unsupported extends Error {}

const TAG = '\u0000dd';
type Tagged = { [TAG]: 'sm'; tree: unknown; prefix: string } | { [TAG]: 'ms'; data: Record<string, unknown> };

// Fields of a MiniSearch instance that are configuration or transient work, not index data.
const MS_SKIP = new Set(['_options', '_index', '_currentVacuum', '_enqueuedVacuum', '_enqueuedVacuumConditions']);

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
    const data: Record<string, unknown> = { _tree: ms._index._tree, _prefix: ms._index._prefix };
    for (const [k, v] of Object.entries(ms)) if (!MS_SKIP.has(k)) data[k] = v;
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
  if (Array.isArray(value)) return value.some((v) => v !== null && typeof v === 'object') ? value.map(encode) : value;
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
  if (Array.isArray(value)) return value.some((v) => v !== null && typeof v === 'object') ? value.map(decode) : value;
  if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof Set) return value;
  const tagged = value as Tagged;
  if (tagged[TAG] === 'sm') return new SearchableMap(tagged.tree as never, tagged.prefix);
  if (tagged[TAG] === 'ms') {
    const { _tree, _prefix, ...data } = tagged.data;
    const fields = Object.keys((data._fieldIds ?? {}) as object);
    if (fields.join() !== MINISEARCH_OPTIONS.fields.join()) throw new Error(`index fields ${fields} ≠ current options`);
    const ms = new MiniSearch(MINISEARCH_OPTIONS) as unknown as Record<string, unknown> & { _index: object };
    const IndexMap = ms._index.constructor as new (tree: unknown, prefix: string) => object;
    Object.assign(ms, data);
    ms._index = new IndexMap(_tree, _prefix as string);
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

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const PASSAGE_KEYS = new Set(['id', 'articleId', 'n', 'heading', 'text', 'sentences']);

interface PassageShapes {
  /** [id, articleId, n, heading, text length, sentence lengths | explicit sentences] per passage */
  rows: [string, string, number, string | undefined, number, number[] | string[]][];
  /** Fields beyond the known ones, by passage position (only when some passage has them). */
  extra?: (Record<string, unknown> | undefined)[];
}

function encodePassages(passages: Passage[]): { shapes: PassageShapes; text: string } {
  const rows: PassageShapes['rows'] = [];
  const parts: string[] = [];
  let extra: PassageShapes['extra'];
  passages.forEach((p, i) => {
    // A lone surrogate would not survive UTF-8; such a passage (and one whose sentences do not join to its
    // text) keeps its sentences explicitly.
    const text = LONE_SURROGATE.test(p.text) ? '' : p.text;
    const joined = text !== '' && p.sentences.join(' ') === p.text;
    rows.push([p.id, p.articleId, p.n, p.heading, text.length, joined ? p.sentences.map((s) => s.length) : p.sentences]);
    parts.push(text);
    const more = Object.keys(p).filter((k) => !PASSAGE_KEYS.has(k));
    if (!joined && text === '') more.push('text');
    if (more.length) {
      extra ??= [];
      extra[i] = Object.fromEntries(more.map((k) => [k, (p as unknown as Record<string, unknown>)[k]]));
    }
  });
  return { shapes: extra ? { rows, extra } : { rows }, text: parts.join('') };
}

function decodePassages(shapes: PassageShapes, text: string): Passage[] {
  const out: Passage[] = new Array(shapes.rows.length);
  let at = 0;
  for (let i = 0; i < shapes.rows.length; i++) {
    const [id, articleId, n, heading, length, lens] = shapes.rows[i];
    const body = text.slice(at, at + length);
    let sentences: string[];
    if (lens.length && typeof lens[0] === 'number') {
      sentences = new Array(lens.length);
      let s = at;
      for (let j = 0; j < lens.length; j++) {
        const len = lens[j] as number;
        sentences[j] = text.slice(s, s + len);
        s += len + 1;
      }
    } else {
      sentences = lens as string[];
    }
    at += length;
    // The same shape chunkArticle makes (heading present even when undefined), so V8 shares one hidden class.
    const p: Passage = { id, articleId, n, heading, text: body, sentences };
    const extra = shapes.extra?.[i];
    out[i] = extra ? Object.assign(p, extra) : p;
  }
  if (at !== text.length) throw new Error('passage text lengths do not add up');
  return out;
}

// ---------------------------------------------------------------- file

function readSections(buf: Buffer): { header: Header; sections: Buffer[] } {
  if (buf.length < MAGIC.length + 4 + TRAILER.length || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new Error('not a cache file of this format');
  }
  if (!buf.subarray(buf.length - TRAILER.length).equals(TRAILER)) throw new Error('truncated (no end marker)');
  let at = MAGIC.length;
  const headerLength = buf.readUInt32LE(at);
  at += 4;
  if (at + headerLength > buf.length) throw new Error('truncated header');
  const header = JSON.parse(buf.toString('utf8', at, at + headerLength)) as Header;
  at += headerLength;
  const sections: Buffer[] = [];
  for (const length of header.sections ?? []) {
    if (at + length > buf.length - TRAILER.length) throw new Error('truncated section');
    sections.push(buf.subarray(at, at + length));
    at += length;
  }
  if (at !== buf.length - TRAILER.length) throw new Error('sections do not fill the file');
  return { header, sections };
}

// The hash seen by the last cache miss for a folder: a rebuild after that miss read the corpus as it was
// then (or later), so saving under that hash can only make the next start rebuild again, never serve a
// state older than its key.
const hashAtMiss = new Map<string, string>();

/**
 * The engine state cached for this corpus folder, when the cache is fresh (same corpus bytes, same code);
 * otherwise undefined. A missing cache is silent; a stale, corrupt or unreadable one is warned about.
 */
export function loadCachedState(corpusDir: string, cacheDir: string, opts: CacheOptions = {}): CachedState | undefined {
  const warn = opts.warn ?? defaultWarn;
  const file = cacheFileFor(corpusDir, cacheDir);
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    hashAtMiss.set(resolve(corpusDir), corpusHash(corpusDir));
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`index cache ${file} cannot be read (${(err as Error).message}); rebuilding`);
    return undefined;
  }
  const hash = corpusHash(corpusDir);
  try {
    const { header, sections } = readSections(buf);
    if (header.cacheVersion !== CACHE_VERSION || header.fingerprint !== codeFingerprint()) {
      hashAtMiss.set(resolve(corpusDir), hash);
      warn(`index cache ${file} was built by other code; rebuilding`);
      return undefined;
    }
    if (header.corpusHash !== hash) {
      hashAtMiss.set(resolve(corpusDir), hash);
      warn(`index cache ${file} is stale (the corpus changed); rebuilding`);
      return undefined;
    }
    const [restBytes, shapeBytes, textBytes, indexBytes] = sections;
    const rest = v8.deserialize(restBytes) as Omit<CachedState, 'passages' | 'index'>;
    const passages = decodePassages(v8.deserialize(shapeBytes) as PassageShapes, textBytes.toString('utf8'));
    const index = decodeIndex(header.indexCodec, indexBytes);
    if (passages.length !== header.passages || rest.articles.length !== header.articles) {
      throw new Error('counts do not match the header');
    }
    return { ...rest, passages, index } as CachedState;
  } catch (err) {
    hashAtMiss.set(resolve(corpusDir), hash);
    warn(`index cache ${file} is unusable (${(err as Error).message}); rebuilding`);
    return undefined;
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
    const { shapes, text } = encodePassages(passages);
    const encodedIndex = encodeIndex(index);
    const sections = [rest, v8.serialize(shapes), Buffer.from(text, 'utf8'), encodedIndex.bytes];
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
    rmSync(tmp, { force: true });
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
      if (Date.now() - statSync(join(dir, name)).mtimeMs > 3_600_000) rmSync(join(dir, name), { force: true });
    } catch {
      // gone already
    }
  }
}
