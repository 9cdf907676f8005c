// The inverted index in typed arrays: for each term (by its position in a TermTable) and field, a run of
// document ids and term frequencies. Built one document at a time into growable arrays, then laid out
// by term with a counting sort: no Map per term and field, no Map entry per posting.
//
// The read side offers what MiniSearch's search reads from its own index (a term's Map of field id →
// Map of document id → frequency) as read-only views over those arrays, made when a term is looked up.
import { TermTable } from './term-table.js';

export type Tfs = Uint8Array | Uint16Array | Int32Array;

/** Everything the index holds, as plain arrays: what the cache stores and a load gives back as is. */
export interface PostingsData {
  fields: number;
  terms: TermTable;
  /** passages that hold the term in the text or heading (BM25's document frequency over passages) */
  df: Int32Array;
  /** `starts[t * fields + f]`…`starts[t * fields + f + 1]`: the postings of term t in field f */
  starts: Int32Array;
  ids: Int32Array;
  tfs: Tfs;
  /** `fieldLengths[doc * fields + f]`: distinct terms of the document's field f (MiniSearch's measure) */
  fieldLengths: Int32Array;
  documents: number;
}

const NO_INTS = new Int32Array(0);

/** Position of a document in a sorted run of ids, `ids[start..end)`, or -1. */
export function findDoc(ids: Int32Array, start: number, end: number, doc: number): number {
  let lo = start;
  let hi = end - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] === doc) return mid;
    if (ids[mid] < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** An Int32Array that grows by doubling while a builder fills it; `done` gives the filled part. */
export class GrowableInts {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  done(): Int32Array {
    return this.length ? this.data.slice(0, this.length) : NO_INTS;
  }
}

/** Collects documents (already analyzed: a list of terms per field) and lays out the postings. */
export class PostingsBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly dfs = new GrowableInts(1 << 16);
  /** one entry per posting, in document order: term id × fields + field, document, frequency */
  private readonly keys = new GrowableInts(1 << 20);
  private readonly docs = new GrowableInts(1 << 20);
  private readonly freqs = new GrowableInts(1 << 20);
  private readonly lengths = new GrowableInts(1 << 16);
  private documents = 0;

  constructor(
    readonly fields: number,
    /** fields whose terms count towards a term's document frequency */
    private readonly dfFields: number[],
  ) {}

  // Per term id, scratch of `addIds`: its count in the field being added, and the last document (+1)
  // whose text or heading held it. Counts go back to 0 after each field.
  private tally = new Int32Array(1 << 12);
  private lastDoc = new Int32Array(1 << 12);
  private readonly distinct: number[] = [];

  /** The id of a term, given on first sight (ids are the builder's own; `done` lays terms out sorted). */
  termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termIds.size;
      this.termIds.set(term, id);
      this.dfs.push(0);
    }
    return id;
  }

  /** Adds the next document (ids count from 0 in the order added). */
  add(fieldTerms: string[][]): number {
    return this.addIds(fieldTerms.map((terms) => terms.map((t) => this.termId(t))));
  }

  /** Adds the next document as term ids (from `termId`), a list per field. */
  addIds(fieldIds: ArrayLike<number>[]): number {
    const doc = this.documents++;
    if (this.tally.length < this.termIds.size) {
      const size = Math.max(this.termIds.size, this.tally.length * 2);
      const tally = new Int32Array(size);
      tally.set(this.tally);
      this.tally = tally;
      const lastDoc = new Int32Array(size);
      lastDoc.set(this.lastDoc);
      this.lastDoc = lastDoc;
    }
    const { tally, lastDoc, distinct } = this;
    for (let f = 0; f < this.fields; f++) {
      const ids = fieldIds[f] ?? [];
      distinct.length = 0;
      for (let i = 0; i < ids.length; i++) if (tally[ids[i]]++ === 0) distinct.push(ids[i]);
      // A field's length is its number of distinct terms, as MiniSearch's own `add` counts it.
      this.lengths.push(distinct.length);
      const countsDf = this.dfFields.includes(f);
      for (const id of distinct) {
        this.keys.push(id * this.fields + f);
        this.docs.push(doc);
        this.freqs.push(tally[id]);
        tally[id] = 0;
        if (countsDf && lastDoc[id] !== doc + 1) {
          lastDoc[id] = doc + 1;
          this.dfs.data[id]++;
        }
      }
    }
    return doc;
  }

  done(): PostingsData {
    const F = this.fields;
    const { table: terms, order } = TermTable.of([...this.termIds.keys()]);
    const T = terms.size;
    const df = new Int32Array(T);
    for (let id = 0; id < T; id++) df[order[id]] = this.dfs.data[id];
    // Counting sort by (term in table order, field); documents stay ascending within each run.
    const n = this.keys.length;
    const keys = this.keys.data;
    const starts = new Int32Array(T * F + 1);
    let maxTf = 0;
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      keys[i] = order[(k / F) | 0] * F + (k % F);
      starts[keys[i] + 1]++;
      if (this.freqs.data[i] > maxTf) maxTf = this.freqs.data[i];
    }
    for (let k = 0; k < T * F; k++) starts[k + 1] += starts[k];
    const fill = starts.slice(0, T * F);
    const ids = new Int32Array(n);
    const tfs: Tfs =
      maxTf <= 0xff ? new Uint8Array(n) : maxTf <= 0xffff ? new Uint16Array(n) : new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const at = fill[keys[i]]++;
      ids[at] = this.docs.data[i];
      tfs[at] = this.freqs.data[i];
    }
    return {
      fields: F,
      terms,
      df,
      starts,
      ids,
      tfs,
      fieldLengths: this.lengths.done(),
      documents: this.documents,
    };
  }
}

const readOnly = (): never => {
  throw new Error('the compact index is read-only: rebuild the library to change it');
};

/** One term's postings in one field: what MiniSearch reads as Map<documentId, termFrequency>. */
export class FieldPostings {
  /** where the last key handed out sits: MiniSearch asks `get(id)` right after `keys()` gave it `id` */
  private cursor: number;

  constructor(
    private readonly data: PostingsData,
    private readonly start: number,
    private readonly end: number,
  ) {
    this.cursor = start;
  }

  get size(): number {
    return this.end - this.start;
  }

  private find(id: number): number {
    const { ids } = this.data;
    if (this.cursor < this.end && ids[this.cursor] === id) return this.cursor;
    return findDoc(ids, this.start, this.end, id);
  }

  get(id: number): number | undefined {
    const at = this.find(id);
    return at < 0 ? undefined : this.data.tfs[at];
  }

  has(id: number): boolean {
    return this.find(id) >= 0;
  }

  *keys(): IterableIterator<number> {
    for (let i = this.start; i < this.end; i++) {
      this.cursor = i;
      yield this.data.ids[i];
    }
  }

  *values(): IterableIterator<number> {
    for (let i = this.start; i < this.end; i++) yield this.data.tfs[i];
  }

  *entries(): IterableIterator<[number, number]> {
    for (let i = this.start; i < this.end; i++) yield [this.data.ids[i], this.data.tfs[i]];
  }

  [Symbol.iterator](): IterableIterator<[number, number]> {
    return this.entries();
  }

  forEach(fn: (tf: number, id: number) => void): void {
    for (let i = this.start; i < this.end; i++) fn(this.data.tfs[i], this.data.ids[i]);
  }

  set = readOnly;
  delete = readOnly;
  clear = readOnly;
}

/** One term's fields: what MiniSearch reads as Map<fieldId, Map<documentId, termFrequency>>. */
export class TermPostings {
  constructor(
    private readonly data: PostingsData,
    private readonly term: number,
  ) {}

  get(field: number): FieldPostings | undefined {
    const { starts, fields } = this.data;
    if (field < 0 || field >= fields) return undefined;
    const k = this.term * fields + field;
    return starts[k + 1] > starts[k] ? new FieldPostings(this.data, starts[k], starts[k + 1]) : undefined;
  }

  has(field: number): boolean {
    return this.get(field) !== undefined;
  }

  get size(): number {
    let n = 0;
    for (let f = 0; f < this.data.fields; f++) if (this.has(f)) n++;
    return n;
  }

  *entries(): IterableIterator<[number, FieldPostings]> {
    for (let f = 0; f < this.data.fields; f++) {
      const p = this.get(f);
      if (p) yield [f, p];
    }
  }

  *keys(): IterableIterator<number> {
    for (const [f] of this.entries()) yield f;
  }

  *values(): IterableIterator<FieldPostings> {
    for (const [, p] of this.entries()) yield p;
  }

  [Symbol.iterator](): IterableIterator<[number, FieldPostings]> {
    return this.entries();
  }

  set = readOnly;
  delete = readOnly;
}

/** Term → postings, for MiniSearch's `_index` (only what its search reads; the rest is read-only). */
export class TermIndex {
  constructor(readonly data: PostingsData) {}

  get size(): number {
    return this.data.terms.size;
  }

  get(term: string): TermPostings | undefined {
    const t = this.data.terms.indexOf(term);
    return t < 0 ? undefined : new TermPostings(this.data, t);
  }

  has(term: string): boolean {
    return this.data.terms.indexOf(term) >= 0;
  }

  /** Prefix search, as SearchableMap's atPrefix returns it (an iterable of [term, postings]). */
  atPrefix(prefix: string): Map<string, TermPostings> {
    const out = new Map<string, TermPostings>();
    const { terms } = this.data;
    for (let t = 0; t < terms.size; t++) {
      const s = terms.at(t);
      if (s.startsWith(prefix)) out.set(s, new TermPostings(this.data, t));
    }
    return out;
  }

  /** Fuzzy search, as SearchableMap's fuzzyGet returns it: term → [postings, distance]. */
  fuzzyGet(term: string, maxDistance: number): Map<string, [TermPostings, number]> {
    const out = new Map<string, [TermPostings, number]>();
    for (const [t, d] of this.data.terms.fuzzy(term, maxDistance))
      out.set(this.data.terms.at(t), [new TermPostings(this.data, t), d]);
    return out;
  }

  *entries(): IterableIterator<[string, TermPostings]> {
    for (let t = 0; t < this.data.terms.size; t++)
      yield [this.data.terms.at(t), new TermPostings(this.data, t)];
  }

  *keys(): IterableIterator<string> {
    yield* this.data.terms;
  }

  [Symbol.iterator](): IterableIterator<[string, TermPostings]> {
    return this.entries();
  }

  set = readOnly;
  delete = readOnly;
  update = readOnly;
  fetch = readOnly;
}

/**
 * Term → document frequency, as the vocabulary's `df` Map is read (get, has, values, size). A term only
 * titles hold has no passage frequency and is not in the vocabulary, as before the index was compact.
 */
export class DocumentFrequencies {
  private sizeMemo?: number;

  constructor(private readonly data: PostingsData) {}

  get size(): number {
    if (this.sizeMemo === undefined) {
      let n = 0;
      for (const d of this.data.df) if (d > 0) n++;
      this.sizeMemo = n;
    }
    return this.sizeMemo;
  }

  get(term: string): number | undefined {
    const t = this.data.terms.indexOf(term);
    return t < 0 || this.data.df[t] === 0 ? undefined : this.data.df[t];
  }

  has(term: string): boolean {
    return this.get(term) !== undefined;
  }

  *values(): IterableIterator<number> {
    for (const d of this.data.df) if (d > 0) yield d;
  }

  *entries(): IterableIterator<[string, number]> {
    for (let t = 0; t < this.data.terms.size; t++)
      if (this.data.df[t] > 0) yield [this.data.terms.at(t), this.data.df[t]];
  }

  *keys(): IterableIterator<string> {
    for (const [t] of this.entries()) yield t;
  }

  [Symbol.iterator](): IterableIterator<[string, number]> {
    return this.entries();
  }
}

/** Folded surface word → its term, for typo correction: get, has and fuzzyGet as SearchableMap has them. */
export class SurfaceWords {
  constructor(
    readonly words: TermTable,
    /** position in `terms` of each word's term */
    readonly wordTerms: Int32Array,
    readonly terms: TermTable,
  ) {}

  static of(map: Map<string, string>, terms: TermTable): SurfaceWords {
    const words = [...map.keys()];
    const { table, order } = TermTable.of(words);
    const wordTerms = new Int32Array(words.length);
    words.forEach((w, k) => {
      wordTerms[order[k]] = terms.indexOf(map.get(w) as string);
    });
    return new SurfaceWords(table, wordTerms, terms);
  }

  get size(): number {
    return this.words.size;
  }

  get(word: string): string | undefined {
    const i = this.words.indexOf(word);
    return i < 0 ? undefined : this.terms.at(this.wordTerms[i]);
  }

  has(word: string): boolean {
    return this.words.indexOf(word) >= 0;
  }

  fuzzyGet(word: string, maxDistance: number): Map<string, [string, number]> {
    const out = new Map<string, [string, number]>();
    for (const [i, d] of this.words.fuzzy(word, maxDistance))
      out.set(this.words.at(i), [this.terms.at(this.wordTerms[i]), d]);
    return out;
  }

  *entries(): IterableIterator<[string, string]> {
    for (let i = 0; i < this.words.size; i++) yield [this.words.at(i), this.terms.at(this.wordTerms[i])];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}
