// The library's passages held once, in flat buffers: the texts as UTF-8 in compressed blocks, the
// sentence ends in one typed array, article, number and heading in columns. A Passage object is made only
// when asked for (the engine reads a few dozen per question), so 170,000 passages cost a third of their
// bytes and a few integers each, not an object, a string and an array of strings apiece.
//
// Texts are packed into blocks of about 16 KB, each deflated on its own (a passage never spans two): a
// passage is read by inflating its block (tens of microseconds), and the blocks read last stay inflated.
// A text reprinted word for word (a syndicated paragraph) is stored once and its passages share it.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { GrowableInts } from '../search/postings.js';
import { digestOf } from '../search/digest.js';
import type { Passage } from '../types.js';

/** The store as plain arrays: what the cache writes and a load gives back as is. */
export interface PassageColumns {
  articleIds: string[];
  headings: string[];
  /** per passage: position in `articleIds`, number in its article, position in `headings` (-1: none) */
  article: Int32Array;
  n: Int32Array;
  heading: Int32Array;
  /** per passage: where its text starts in the texts laid end to end (uncompressed) and its bytes */
  start: Int32Array;
  bytes: Int32Array;
  /** per passage: its first sentence in `sentenceEnds` (one more entry at the end: the total) */
  firstSentence: Int32Array;
  /** per sentence: where it ends, in characters from the start of its passage's text */
  sentenceEnds: Int32Array;
  /** per article (as in `articleIds`): its first passage */
  articleFirst: Int32Array;
  /** the deflated blocks, end to end; block b is `blocks[blockAt[b]…blockAt[b + 1]]` (in memory, or left
   *  in the cache file and read by position) */
  blocks: Blocks;
  blockAt: Int32Array;
  /** where block b starts in the uncompressed texts (one more entry: their total length) */
  blockStart: Int32Array;
  /** passages whose id is not `<articleId>#<n>`, or whose sentences do not join to the text: by position */
  odd?: Record<number, { id?: string; sentences?: string[] }>;
}

/** Bytes a store reads its blocks from: a Buffer, or a section of the cache file (cache/container.ts). */
export interface Blocks {
  readonly length: number;
  subarray(from: number, to: number): Buffer;
}

/** Inflated blocks kept: the passages of a question and their neighbours share a few dozen. */
const INFLATED_BLOCKS = 128;

export class PassageStore implements Iterable<Passage> {
  private readonly articleIndex: Map<string, number>;
  private readonly oddIds?: Map<string, number>;
  private readonly inflated = new Map<number, Buffer>();

  constructor(readonly columns: PassageColumns) {
    this.articleIndex = new Map(columns.articleIds.map((id, i) => [id, i]));
    if (columns.odd) {
      this.oddIds = new Map();
      for (const [i, o] of Object.entries(columns.odd)) if (o.id) this.oddIds.set(o.id, Number(i));
    }
  }

  static empty(): PassageStore {
    return new PassageStoreBuilder().done();
  }

  /** The passages given, in order (for tests and small libraries built in one go). */
  static of(passages: Iterable<Passage>): PassageStore {
    const b = new PassageStoreBuilder();
    for (const p of passages) b.add(p);
    return b.done();
  }

  get length(): number {
    return this.columns.n.length;
  }

  private block(b: number): Buffer {
    let buf = this.inflated.get(b);
    if (buf) {
      // re-inserted: the map's order is recency, the oldest goes first
      this.inflated.delete(b);
    } else {
      const c = this.columns;
      buf = inflateRawSync(c.blocks.subarray(c.blockAt[b], c.blockAt[b + 1]));
      if (buf.length !== c.blockStart[b + 1] - c.blockStart[b]) throw new Error('passage text block damaged');
      if (this.inflated.size >= INFLATED_BLOCKS)
        this.inflated.delete(this.inflated.keys().next().value as number);
    }
    this.inflated.set(b, buf);
    return buf;
  }

  /** The text of the passage at a position. */
  text(i: number): string {
    const c = this.columns;
    const start = c.start[i];
    // the block holding it: the last whose start is at or before the text's
    let lo = 0;
    let hi = c.blockStart.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (c.blockStart[mid] <= start) lo = mid;
      else hi = mid - 1;
    }
    const from = start - c.blockStart[lo];
    return c.bytes[i] ? this.block(lo).toString('utf8', from, from + c.bytes[i]) : '';
  }

  /** The id of the passage at a position. */
  idAt(i: number): string {
    const c = this.columns;
    return c.odd?.[i]?.id ?? `${c.articleIds[c.article[i]]}#${c.n[i]}`;
  }

  /** The passage at a position, made fresh. */
  at(i: number): Passage {
    const c = this.columns;
    const text = this.text(i);
    const odd = c.odd?.[i];
    let sentences: string[];
    if (odd?.sentences) sentences = odd.sentences.slice();
    else {
      sentences = new Array(c.firstSentence[i + 1] - c.firstSentence[i]);
      let from = 0;
      for (let k = 0, s = c.firstSentence[i]; k < sentences.length; k++, s++) {
        sentences[k] = text.slice(from, c.sentenceEnds[s]);
        from = c.sentenceEnds[s] + 1;
      }
    }
    const articleId = c.articleIds[c.article[i]];
    const h = c.heading[i];
    // The shape chunkArticle makes (heading present even when undefined): one hidden class for all.
    return {
      id: this.idAt(i),
      articleId,
      n: c.n[i],
      heading: h < 0 ? undefined : c.headings[h],
      text,
      sentences,
    };
  }

  /** Position of the passage with this id, or -1. */
  indexOf(id: string): number {
    const odd = this.oddIds?.get(id);
    if (odd !== undefined) return odd;
    const hash = id.lastIndexOf('#');
    if (hash < 0) return -1;
    const a = this.articleIndex.get(id.slice(0, hash));
    const n = Number(id.slice(hash + 1));
    if (a === undefined || !Number.isInteger(n) || n < 1) return -1;
    const c = this.columns;
    const i = c.articleFirst[a] + n - 1;
    return i < this.length && c.article[i] === a && c.n[i] === n && !c.odd?.[i]?.id ? i : -1;
  }

  /** The passage with this id, or undefined. */
  get(id: string): Passage | undefined {
    const i = this.indexOf(id);
    return i < 0 ? undefined : this.at(i);
  }

  has(id: string): boolean {
    return this.indexOf(id) >= 0;
  }

  /** The article of the passage with this id, or undefined: without making the passage (its text). */
  articleOf(id: string): string | undefined {
    const i = this.indexOf(id);
    return i < 0 ? undefined : this.columns.articleIds[this.columns.article[i]];
  }

  /** Passages of one article, in reading order. */
  *ofArticle(articleId: string): IterableIterator<Passage> {
    const a = this.articleIndex.get(articleId);
    if (a === undefined) return;
    const c = this.columns;
    for (let i = c.articleFirst[a]; i < this.length && c.article[i] === a; i++) yield this.at(i);
  }

  *[Symbol.iterator](): IterableIterator<Passage> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  map<T>(fn: (p: Passage, i: number) => T): T[] {
    const out: T[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = fn(this.at(i), i);
    return out;
  }

  /**
   * The passages as objects whose `text` and `sentences` are read from the store on each access and not
   * kept: what the facts extractor walks through once, holding the whole library without its text.
   */
  views(): Passage[] {
    const out: Passage[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = new PassageView(this, i);
    return out;
  }

  /** Bytes held: the compressed texts and the columns. */
  get byteLength(): number {
    const c = this.columns;
    return (
      c.blocks.length +
      [c.article, c.n, c.heading, c.start, c.bytes, c.firstSentence, c.sentenceEnds, c.articleFirst].reduce(
        (n, a) => n + a.byteLength,
        0,
      )
    );
  }
}

/** A passage read through on demand (see PassageStore.views). */
class PassageView implements Passage {
  readonly id: string;
  readonly articleId: string;
  readonly n: number;
  readonly heading?: string;

  constructor(
    private readonly store: PassageStore,
    private readonly i: number,
  ) {
    const c = store.columns;
    this.articleId = c.articleIds[c.article[i]];
    this.n = c.n[i];
    this.id = c.odd?.[i]?.id ?? `${this.articleId}#${this.n}`;
    const h = c.heading[i];
    if (h >= 0) this.heading = c.headings[h];
  }

  get text(): string {
    return this.store.text(this.i);
  }

  get sentences(): string[] {
    return this.store.at(this.i).sentences;
  }
}

// About 16 KB a block: deflate gets most of its ratio (2.7× on the real-text library) and one block
// inflates in tens of microseconds. Level 4: nearly level 6's ratio at two thirds of its time.
const BLOCK = 16 << 10;
const LEVEL = 4;

/** Whether `text` is the sentences joined by single spaces, compared in place (no joined copy to collect). */
function joinsTo(sentences: string[], text: string): boolean {
  let at = 0;
  for (let i = 0; i < sentences.length; i++) {
    if (i > 0 && text.charCodeAt(at++) !== 32) return false;
    if (!text.startsWith(sentences[i], at)) return false;
    at += sentences[i].length;
  }
  return at === text.length;
}

/** Takes passages one at a time, in reading order, article after article. */
export class PassageStoreBuilder {
  private readonly articleIds: string[] = [];
  private readonly articleIndex = new Map<string, number>();
  private readonly articleFirst = new GrowableInts();
  private readonly headingIndex = new Map<string, number>();
  private readonly headings: string[] = [];
  private readonly article = new GrowableInts();
  private readonly n = new GrowableInts();
  private readonly heading = new GrowableInts();
  private readonly start = new GrowableInts();
  private readonly bytes = new GrowableInts();
  private readonly firstSentence = new GrowableInts();
  private readonly sentenceEnds = new GrowableInts();
  private readonly odd: Record<number, { id?: string; sentences?: string[] }> = {};
  private hasOdd = false;
  /** digest of a text → where it was stored */
  private readonly stored = new Map<string, number>();
  /** deflated blocks so far, and the block being filled */
  private readonly blocks: Buffer[] = [];
  private readonly blockAt = new GrowableInts();
  private readonly blockStart = new GrowableInts();
  private compressed = 0;
  private block = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  private total = 0;
  private count = 0;

  add(p: Passage): void {
    const i = this.count++;
    let a = this.articleIndex.get(p.articleId);
    if (a === undefined) {
      a = this.articleIds.length;
      this.articleIds.push(p.articleId);
      this.articleIndex.set(p.articleId, a);
      this.articleFirst.push(i);
    }
    this.article.push(a);
    this.n.push(p.n);
    if (p.heading === undefined) this.heading.push(-1);
    else {
      let h = this.headingIndex.get(p.heading);
      if (h === undefined) {
        h = this.headings.length;
        this.headings.push(p.heading);
        this.headingIndex.set(p.heading, h);
      }
      this.heading.push(h);
    }
    const length = Buffer.byteLength(p.text, 'utf8');
    const key = digestOf(p.text);
    let at = this.stored.get(key);
    if (at === undefined) {
      at = this.append(p.text, length);
      this.stored.set(key, at);
    }
    this.start.push(at);
    this.bytes.push(length);
    this.firstSentence.push(this.sentenceEnds.length);
    const odd: { id?: string; sentences?: string[] } = {};
    if (p.id !== `${p.articleId}#${p.n}`) odd.id = p.id;
    if (joinsTo(p.sentences, p.text)) {
      let end = -1;
      for (const s of p.sentences) {
        end += 1 + s.length;
        this.sentenceEnds.push(end);
      }
    } else odd.sentences = [...p.sentences];
    if (odd.id || odd.sentences) {
      this.odd[i] = odd;
      this.hasOdd = true;
    }
  }

  private append(text: string, length: number): number {
    if (this.used && this.used + length > this.block.length) this.flush();
    if (length > this.block.length) this.block = Buffer.allocUnsafe(length);
    const at = this.total;
    this.block.write(text, this.used, 'utf8');
    this.used += length;
    this.total += length;
    return at;
  }

  private flush(): void {
    const deflated = deflateRawSync(this.block.subarray(0, this.used), { level: LEVEL });
    this.blockAt.push(this.compressed);
    this.blockStart.push(this.total - this.used);
    this.blocks.push(deflated);
    this.compressed += deflated.length;
    if (this.block.length > BLOCK) this.block = Buffer.allocUnsafe(BLOCK);
    this.used = 0;
  }

  done(): PassageStore {
    this.firstSentence.push(this.sentenceEnds.length);
    if (this.used) this.flush();
    this.blockAt.push(this.compressed);
    this.blockStart.push(this.total);
    return new PassageStore({
      articleIds: this.articleIds,
      headings: this.headings,
      article: this.article.done(),
      n: this.n.done(),
      heading: this.heading.done(),
      start: this.start.done(),
      bytes: this.bytes.done(),
      firstSentence: this.firstSentence.done(),
      sentenceEnds: this.sentenceEnds.done(),
      articleFirst: this.articleFirst.done(),
      blocks: Buffer.concat(this.blocks, this.compressed),
      blockAt: this.blockAt.done(),
      blockStart: this.blockStart.done(),
      odd: this.hasOdd ? this.odd : undefined,
    });
  }
}
