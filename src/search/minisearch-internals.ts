// The one place that reaches into MiniSearch's private fields. MiniSearch keeps its index in a radix tree
// of Maps with a Map per term and field and a Map entry per posting: at 10,000 real articles that is most
// of the memory the process holds, and rebuilding it from a cache costs seconds. Here a MiniSearch
// instance is given the compact index (typed arrays, see postings.ts) in place of those Maps, through
// read-only views shaped as its search reads them; its own `search` then scores with BM25 as ever.
//
// Written for the MiniSearch version below, whose private layout it was checked against (tests/library
// .test.ts fails loudly on any other). On another version `compactSupported()` is false, and the index is
// built through MiniSearch's public API and cached with its public toJSON / loadJSON instead.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import MiniSearch, { type Options } from 'minisearch';
import { TermIndex, type PostingsData } from './postings.js';

export const WRITTEN_FOR_MINISEARCH = '7.2.0';

let versionMemo: string | undefined;
/** The installed MiniSearch's version, from its package.json (not exported, so found beside its entry). */
export function minisearchVersion(): string {
  if (versionMemo) return versionMemo;
  try {
    const entry = createRequire(import.meta.url).resolve('minisearch');
    let dir = dirname(entry);
    for (let i = 0; i < 4; i++, dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (pkg.name === 'minisearch' && pkg.version) {
          versionMemo = pkg.version;
          return versionMemo;
        }
      } catch {
        // not this folder
      }
    }
  } catch {
    // not resolvable: treated as unknown
  }
  versionMemo = 'unknown';
  return versionMemo;
}

// The private fields MiniSearch 7.2.0 sets in its constructor; search reads all but the vacuum ones.
const PRIVATE_FIELDS = [
  '_index',
  '_documentCount',
  '_documentIds',
  '_idToShortId',
  '_fieldIds',
  '_fieldLength',
  '_avgFieldLength',
  '_nextId',
  '_storedFields',
  '_dirtCount',
];

/** Whether this MiniSearch is the one this module was written for, checked by version and by shape. */
export function compactSupported(): boolean {
  if (minisearchVersion() !== WRITTEN_FOR_MINISEARCH) return false;
  const probe = new MiniSearch({ fields: ['a'] }) as unknown as Record<string, unknown>;
  return (
    PRIVATE_FIELDS.every((k) => k in probe) &&
    typeof (probe as { termResults?: unknown }).termResults === 'function' &&
    typeof (probe as { executeQuery?: unknown }).executeQuery === 'function'
  );
}

const readOnly = (): never => {
  throw new Error('the compact index is read-only: rebuild the library to change it');
};

/** Short document id (0…n-1) → the document's id, computed on demand, for `_documentIds`. */
class DocumentIds {
  constructor(
    readonly size: number,
    private readonly idOf: (doc: number) => string,
  ) {}
  has(doc: number): boolean {
    return Number.isInteger(doc) && doc >= 0 && doc < this.size;
  }
  get(doc: number): string | undefined {
    return this.has(doc) ? this.idOf(doc) : undefined;
  }
  *keys(): IterableIterator<number> {
    for (let d = 0; d < this.size; d++) yield d;
  }
  *values(): IterableIterator<string> {
    for (let d = 0; d < this.size; d++) yield this.idOf(d);
  }
  *entries(): IterableIterator<[number, string]> {
    for (let d = 0; d < this.size; d++) yield [d, this.idOf(d)];
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  set = readOnly;
  delete = readOnly;
}

/** The inverse, for `_idToShortId`: only `has(id)` and the like use it, never search; built on first use. */
class ShortIds {
  private map?: Map<string, number>;
  constructor(private readonly ids: DocumentIds) {}
  private get inverse(): Map<string, number> {
    this.map ??= new Map([...this.ids.entries()].map(([d, id]) => [id, d]));
    return this.map;
  }
  get size(): number {
    return this.ids.size;
  }
  has(id: string): boolean {
    return this.inverse.has(id);
  }
  get(id: string): number | undefined {
    return this.inverse.get(id);
  }
  entries() {
    return this.inverse.entries();
  }
  [Symbol.iterator]() {
    return this.inverse.entries();
  }
  set = readOnly;
  delete = readOnly;
}

/** Short id → token count per field, for `_fieldLength`. */
class FieldLengths {
  constructor(
    private readonly flat: Int32Array,
    private readonly fields: number,
  ) {}
  get size(): number {
    return this.flat.length / this.fields;
  }
  get(doc: number): Int32Array | undefined {
    const at = doc * this.fields;
    return at >= 0 && at < this.flat.length ? this.flat.subarray(at, at + this.fields) : undefined;
  }
  has(doc: number): boolean {
    return this.get(doc) !== undefined;
  }
  *entries(): IterableIterator<[number, number[]]> {
    for (let d = 0; d < this.size; d++) yield [d, [...(this.get(d) as Int32Array)]];
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  set = readOnly;
  delete = readOnly;
}

/** A MiniSearch over the compact index; `idOf` names short document ids. */
/** MiniSearch's average field lengths (its `_avgFieldLength`) of compact postings. */
export function averageLengths(data: PostingsData): number[] {
  const sums: number[] = new Array(data.fields).fill(0);
  for (let i = 0; i < data.fieldLengths.length; i++) sums[i % data.fields] += data.fieldLengths[i];
  return sums.map((sum) => (data.documents ? sum / data.documents : 0));
}

export function compactMiniSearch<T>(
  options: Options<T>,
  data: PostingsData,
  idOf: (doc: number) => string,
  /** averageLengths(data), when known (a cache stores it: half a million lengths to add up at a start) */
  averages = averageLengths(data),
): MiniSearch<T> {
  const ms = new MiniSearch<T>(options);
  const priv = ms as unknown as Record<string, unknown>;
  const fieldIds = priv._fieldIds as Record<string, number>;
  if (Object.keys(fieldIds).length !== data.fields)
    throw new Error(
      `the compact index has ${data.fields} fields, the options ${Object.keys(fieldIds).length}`,
    );
  const documentIds = new DocumentIds(data.documents, idOf);
  priv._index = new TermIndex(data);
  priv._documentCount = data.documents;
  priv._nextId = data.documents;
  priv._documentIds = documentIds;
  priv._idToShortId = new ShortIds(documentIds);
  priv._fieldLength = new FieldLengths(data.fieldLengths, data.fields);
  if (averages.length !== data.fields) throw new Error('the average field lengths do not match the fields');
  priv._avgFieldLength = averages;
  priv._storedFields = new Map();
  priv._dirtCount = 0;
  return ms;
}

/** What MiniSearch's query execution gives per document, before `search` turns it into sorted results. */
export interface RawResult {
  score: number;
  /** the query terms matched */
  terms: string[];
  /** matched term → fields */
  match: Record<string, string[]>;
}

/**
 * The per-document results of a query, unsorted and keyed by short document id: what `search` builds its
 * result objects from (score × number of query terms matched, sorted). Public search where unsupported.
 */
export function rawResults<T>(
  ms: MiniSearch<T>,
  query: string,
  options: Parameters<MiniSearch<T>['search']>[1],
): Map<number, RawResult> | undefined {
  const run = (ms as unknown as { executeQuery?: (q: string, o: unknown) => Map<number, RawResult> })
    .executeQuery;
  return typeof run === 'function' ? run.call(ms, query, options) : undefined;
}

/** The average field lengths MiniSearch scores with (BM25's length normalisation). */
export function averageFieldLengths<T>(ms: MiniSearch<T>): number[] {
  return (ms as unknown as { _avgFieldLength: number[] })._avgFieldLength;
}

/** MiniSearch's BM25 parameters when none are given (its `defaultBM25params`). */
export const DEFAULT_BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

/** The inverse document frequency in calcBM25Score: the same for every posting of a term's field, so a
 *  loop over postings computes it once. */
export function bm25Idf(matchingCount: number, totalCount: number): number {
  return Math.log(1 + (totalCount - matchingCount + 0.5) / (matchingCount + 0.5));
}

/** The length part of MiniSearch's calcBM25Score: the same for every term of a document's field, so a
 *  library can compute it once per document. */
export function bm25LengthNorm(fieldLength: number, avgFieldLength: number): number {
  const { k, b } = DEFAULT_BM25;
  return k * (1 - b + (b * fieldLength) / avgFieldLength);
}

/** The rest of MiniSearch's calcBM25Score, term for term, given its inverse document frequency and the
 *  length part: a score computed here adds up to the same float. */
export function bm25Saturation(invDocFreq: number, termFreq: number, lengthNorm: number): number {
  const { k, d } = DEFAULT_BM25;
  return invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + lengthNorm));
}
