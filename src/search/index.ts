// The passage index: MiniSearch over passage text, heading and article title with the field analyzer,
// plus a vocabulary (surface word → term, term → passage count) that query expansion, typo correction
// and abstention read from.
//
// Built one passage at a time (IndexBuilder). Where the installed MiniSearch is the version
// minisearch-internals.ts was written for, the postings go into typed arrays (postings.ts) that MiniSearch
// searches through read-only views, and the vocabulary into sorted string tables: a tenth of the memory of
// MiniSearch's Maps, and a cache load that is a read rather than a rebuild. Otherwise MiniSearch indexes
// through its public `add` and the cache falls back to its public toJSON / loadJSON.
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { digestOf } from './digest.js';
import type { Passage } from '../types.js';
import { analyze, analyzeWords, documentText, indexTerm, type AnalyzedWord } from './analyzer.js';
import { TokenTable } from './word-scan.js';
import {
  averageFieldLengths,
  bm25Idf,
  bm25LengthNorm,
  bm25Saturation,
  compactMiniSearch,
  compactSupported,
  rawResults,
  type RawResult,
} from './minisearch-internals.js';
import {
  DocumentFrequencies,
  findDoc,
  PostingsBuilder,
  SurfaceWords,
  type PostingsData,
} from './postings.js';

export interface IndexedPassage {
  id: string;
  text: string;
  heading: string;
  title: string;
}

// Headings and titles are short and chosen by the author: a match there says more than one in the text.
export const FIELD_BOOST = { text: 1, heading: 1.6, title: 0.8 } as const;

// Documents and queries reach MiniSearch already analyzed (terms joined by spaces): each passage is
// analyzed once, and the same pass yields the vocabulary.
const splitTerms = (text: string) => text.split(' ').filter(Boolean);
const asIs = (term: string) => term;

export const MINISEARCH_OPTIONS = {
  fields: ['text', 'heading', 'title'],
  idField: 'id',
  tokenize: splitTerms,
  processTerm: asIs,
  searchOptions: { tokenize: splitTerms, processTerm: asIs },
};
const TEXT = 0;
const HEADING = 1;

export interface Vocabulary {
  /** term → number of passages that hold it */
  df: Pick<Map<string, number>, 'get' | 'has' | 'values' | 'size'>;
  /** folded surface word → its term (for typo correction of what a user actually typed) */
  surface: Pick<SearchableMap<string>, 'get' | 'has' | 'fuzzyGet'>;
  passages: number;
}

export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface PassageHit {
  id: string;
  score: number;
  /** Terms of the passage that matched the query. */
  matched: string[];
}

/** The compact index as plain arrays: what the cache writes and reads back without rebuilding. */
export interface CompactIndex {
  postings: PostingsData;
  surface: SurfaceWords;
  /** per indexed passage (MiniSearch's short id): its article (position in `articleIds`) and number */
  docArticle: Int32Array;
  docN: Int32Array;
  articleIds: string[];
  /** ids, when some passage id is not `<articleId>#<n>` */
  docIds?: string[];
  copies: [string, string[]][];
  /** the postings' average field lengths (averageLengths), when known */
  averages?: number[];
}

/** Adds passages one at a time; `done()` gives the index. Nothing of a passage is kept but its postings. */
export class IndexBuilder {
  private readonly compact = compactSupported();
  private readonly postings = new PostingsBuilder(MINISEARCH_OPTIONS.fields.length, [TEXT, HEADING]);
  private readonly search = new MiniSearch<IndexedPassage>(MINISEARCH_OPTIONS);
  private readonly df = new Map<string, number>();
  private readonly surface = new Map<string, string>();
  // A passage reprinted word for word (a syndicated article, a reused paragraph) is indexed once: its
  // copies would crowd the results with the same quote and lengthen every posting list it holds. Keyed
  // by a digest, so the builder never holds the texts themselves.
  private readonly canonical = new Map<string, string>();
  private readonly copies = new Map<string, string[]>();
  private readonly articleIndex = new Map<string, number>();
  private readonly articleIds: string[] = [];
  private readonly docArticle: number[] = [];
  private readonly docN: number[] = [];
  private readonly docIds: string[] = [];
  private derivedIds = true;
  private lastArticle?: string;
  private title = '';
  private headings = new Map<string, AnalyzedWord[]>();

  add(p: Passage, title: string): void {
    const key = digestOf(`${p.heading ?? ''}\u0000${p.text}`);
    const first = this.canonical.get(key);
    if (first !== undefined) {
      const list = this.copies.get(first);
      if (list) list.push(p.id);
      else this.copies.set(first, [p.id]);
      return;
    }
    this.canonical.set(key, p.id);
    if (this.compact) {
      this.addCompact(p, title);
      return;
    }
    if (p.articleId !== this.lastArticle) {
      // Headings repeat within an article, rarely across: their analysis is remembered per article.
      this.lastArticle = p.articleId;
      this.title = analyze(title, 'document').join(' ');
      this.headings = new Map();
    }
    const heading = p.heading ?? '';
    let headingWords = this.headings.get(heading);
    if (!headingWords) {
      headingWords = analyzeWords(heading, 'document');
      this.headings.set(heading, headingWords);
    }
    const textWords = analyzeWords(p.text, 'document');
    for (const w of headingWords) if (!this.surface.has(w.word)) this.surface.set(w.word, w.term);
    for (const w of textWords) if (!this.surface.has(w.word)) this.surface.set(w.word, w.term);
    this.search.add({
      id: p.id,
      text: textWords.map((w) => w.term).join(' '),
      heading: headingWords.map((w) => w.term).join(' '),
      title: this.title,
    });
    const seen = new Set<string>();
    for (const w of [...headingWords, ...textWords]) {
      if (seen.has(w.term)) continue;
      seen.add(w.term);
      this.df.set(w.term, (this.df.get(w.term) ?? 0) + 1);
    }
  }

  // The compact path looks each distinct surface word up once: its term id, or -1 for a stop word. The
  // same terms as analyzeWords(…, 'document') gives, and the vocabulary records each word on first sight,
  // heading before text, as the MiniSearch path does.
  private readonly wordIds = new Map<string, number>();
  private titleIds: number[] = [];
  private headingIds = new Map<string, number[]>();

  private idsOf(text: string): number[] {
    const ids: number[] = [];
    this.tokens.scan(documentText(text), ids);
    return ids;
  }

  /** A word's term id, or -1 for a stop word; the word is recorded in the vocabulary on first sight. */
  private idOfWord(word: string): number {
    let id = this.wordIds.get(word);
    if (id === undefined) {
      const term = indexTerm(word);
      id = term === undefined ? -1 : this.postings.termId(term);
      if (term !== undefined) this.surface.set(word, term);
      this.wordIds.set(word, id);
    }
    return id;
  }

  private readonly tokens = new TokenTable((word) => this.idOfWord(word));

  private addCompact(p: Passage, title: string): void {
    if (p.articleId !== this.lastArticle) {
      this.lastArticle = p.articleId;
      this.titleIds = analyze(title, 'document').map((t) => this.postings.termId(t));
      this.headingIds = new Map();
    }
    const heading = p.heading ?? '';
    let headingIds = this.headingIds.get(heading);
    if (!headingIds) {
      headingIds = this.idsOf(heading);
      this.headingIds.set(heading, headingIds);
    }
    this.postings.addIds([this.idsOf(p.text), headingIds, this.titleIds]);
    let a = this.articleIndex.get(p.articleId);
    if (a === undefined) {
      a = this.articleIds.length;
      this.articleIds.push(p.articleId);
      this.articleIndex.set(p.articleId, a);
    }
    this.docArticle.push(a);
    this.docN.push(p.n);
    this.docIds.push(p.id);
    if (p.id !== `${p.articleId}#${p.n}`) this.derivedIds = false;
  }

  done(): PassageIndex {
    if (!this.compact) {
      const surface = new SearchableMap<string>();
      for (const [w, t] of this.surface) surface.set(w, t);
      return PassageIndex.of(
        this.search,
        { df: this.df, surface, passages: this.canonical.size },
        this.copies,
      );
    }
    const postings = this.postings.done();
    return PassageIndex.fromCompact({
      postings,
      surface: SurfaceWords.of(this.surface, postings.terms),
      docArticle: Int32Array.from(this.docArticle),
      docN: Int32Array.from(this.docN),
      articleIds: this.articleIds,
      docIds: this.derivedIds ? undefined : this.docIds,
      copies: [...this.copies],
    });
  }
}

export class PassageIndex {
  private constructor(
    readonly search: MiniSearch<IndexedPassage>,
    readonly vocab: Vocabulary,
    /** Passage id → ids of passages elsewhere with the same heading and text (syndicated or reused copies). */
    readonly copies: Map<string, string[]> = new Map(),
    /** The typed arrays behind `search` and `vocab`, when the index is compact. */
    readonly compact?: CompactIndex,
  ) {}

  /** @internal the builder's way in */
  static of(
    search: MiniSearch<IndexedPassage>,
    vocab: Vocabulary,
    copies: Map<string, string[]>,
  ): PassageIndex {
    return new PassageIndex(search, vocab, copies);
  }

  static build(passages: Iterable<Passage>, titles: Map<string, string>): PassageIndex {
    const builder = new IndexBuilder();
    for (const p of passages) builder.add(p, titles.get(p.articleId) ?? '');
    return builder.done();
  }

  static fromCompact(c: CompactIndex): PassageIndex {
    const idOf = c.docIds
      ? (d: number) => (c.docIds as string[])[d]
      : (d: number) => `${c.articleIds[c.docArticle[d]]}#${c.docN[d]}`;
    const search = compactMiniSearch<IndexedPassage>(MINISEARCH_OPTIONS, c.postings, idOf, c.averages);
    const vocab: Vocabulary = {
      df: new DocumentFrequencies(c.postings),
      surface: c.surface,
      passages: c.postings.documents,
    };
    return new PassageIndex(search, vocab, new Map(c.copies), c);
  }

  static fromJSON(json: SerializedIndex): PassageIndex {
    const search = MiniSearch.loadJS<IndexedPassage>(json.minisearch as never, MINISEARCH_OPTIONS);
    const surface = new SearchableMap<string>();
    for (const [w, t] of json.surface) surface.set(w, t);
    return new PassageIndex(
      search,
      { df: new Map(json.df), surface, passages: json.passages },
      new Map(json.copies ?? []),
    );
  }

  /** MiniSearch's public serialization, with the vocabulary: the fallback the cache uses on another MiniSearch. */
  toJSON(): SerializedIndex {
    const df: [string, number][] = [];
    const { vocab } = this;
    if (vocab.df instanceof Map) df.push(...vocab.df);
    else if (vocab.df instanceof DocumentFrequencies) df.push(...vocab.df.entries());
    const surface: [string, string][] =
      vocab.surface instanceof SearchableMap || vocab.surface instanceof SurfaceWords
        ? [...vocab.surface]
        : [];
    return {
      minisearch: this.search.toJSON(),
      df,
      surface,
      passages: vocab.passages,
      copies: [...this.copies],
    };
  }

  /** Inverse document frequency of a term over passages (BM25's form, never negative). */
  idf(term: string): number {
    const n = this.vocab.passages;
    const df = this.vocab.df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private rareIdfMemo?: number;

  /** The idf of a rare word of this library: the document frequency below which a tenth of its terms
   *  fall. In a library of distinct articles that is one passage; where text is reused across articles
   *  (syndication, templated pages) it is higher, and a word's rarity is measured on that scale. */
  rareIdf(): number {
    if (this.rareIdfMemo === undefined) {
      // The tenth percentile by counting, not sorting: 150,000 terms at 10,000 articles. Indexed loops:
      // the first question runs this before the code is compiled, and an iterator costs ten times more
      // in the interpreter (20 ms).
      const dfs = this.compact ? this.compact.postings.df : Int32Array.from(this.vocab.df.values());
      let max = 0;
      let count = 0;
      for (let i = 0; i < dfs.length; i++) {
        const d = dfs[i];
        if (d > max) max = d;
        if (d > 0) count++;
      }
      const histogram = new Int32Array(max + 1);
      for (let i = 0; i < dfs.length; i++) if (dfs[i] > 0) histogram[dfs[i]]++;
      let rare = 1;
      for (let d = 1, seen = 0; d <= max; d++) {
        seen += histogram[d];
        if (seen > Math.floor(count * 0.1)) {
          rare = d;
          break;
        }
      }
      this.rareIdfMemo = Math.log(1 + (this.vocab.passages - rare + 0.5) / (rare + 0.5));
    }
    return this.rareIdfMemo;
  }

  /** BM25 over the given terms, each weighted; best first. */
  query(terms: WeightedTerm[], limit: number): PassageHit[] {
    if (!terms.length) return [];
    const weights = new Map(terms.map((t) => [t.term, t.weight]));
    const options = {
      boost: FIELD_BOOST,
      combineWith: 'OR' as const,
      boostTerm: (term: string) => weights.get(term) ?? 1,
    };
    const pruned = this.compact && this.compactQuery(this.compact, terms, limit, options.boostTerm);
    if (pruned) return pruned;
    const results = this.search.search(terms.map((t) => t.term).join(' '), options);
    return results.slice(0, limit).map((r) => ({ id: String(r.id), score: r.score, matched: r.terms }));
  }

  /**
   * The same top results as MiniSearch's search, without MiniSearch walking the posting lists of common
   * words. A word half the library holds ("use", "file") makes MiniSearch build, score and sort a result
   * object for every passage holding it: tens of thousands of objects for one question, most of its time
   * and garbage at 10,000 articles. Here MiniSearch searches the selective terms; the common terms (which
   * the engine sends last, rarest first) are scored over their postings in typed arrays, with
   * MiniSearch's BM25 and summed in its order, so every score is the float MiniSearch computes and the
   * order (ties included) is its order. tests/library.test.ts compares the two on many questions.
   * Undefined where this does not apply (small library, no common term, terms in another order).
   */
  private compactQuery(
    c: CompactIndex,
    terms: WeightedTerm[],
    limit: number,
    boostTerm: (term: string) => number,
  ): PassageHit[] | undefined {
    const n = this.vocab.passages;
    if (n < PRUNE_MIN_PASSAGES) return undefined;
    const p = c.postings;
    const F = p.fields;
    const isCommon = (t: WeightedTerm) => (this.vocab.df.get(t.term) ?? 0) > COMMON_SHARE * n;
    const split = terms.findIndex(isCommon);
    // Scores add up in query order: the common terms must come last for the sums to be MiniSearch's.
    if (split < 0 || !terms.slice(split).every(isCommon)) return undefined;
    const common = terms
      .slice(split)
      .map((t) => ({ term: t.term, id: p.terms.indexOf(t.term), boost: boostTerm(t.term) }));
    if (common.some((t) => t.id < 0) || new Set(terms.map((t) => t.term)).size !== terms.length)
      return undefined;
    const raw = split
      ? rawResults(
          this.search,
          terms
            .slice(0, split)
            .map((t) => t.term)
            .join(' '),
          { boost: FIELD_BOOST, combineWith: 'OR', boostTerm },
        )
      : new Map<number, RawResult>();
    if (!raw) return undefined;
    const avg = averageFieldLengths(this.search);
    const norms = this.normsFor(p);
    const boosts = MINISEARCH_OPTIONS.fields.map((f) => FIELD_BOOST[f as keyof typeof FIELD_BOOST]);
    const top = new TopK(limit);
    const s = this.scratchFor(p.documents);
    // The passages the selective terms found come first, in MiniSearch's order, starting from the score
    // and match count MiniSearch gave them; passages holding common terms only follow, in the order
    // MiniSearch first meets them (by term, field, id). One pass over each common term's postings then
    // adds its share to every passage, so no passage is looked up in a posting list.
    let touched = 0;
    for (const [doc, r] of raw) {
      s.inRaw[doc] = 1;
      s.total[doc] = r.score;
      s.quality[doc] = r.terms.length;
      s.touched[touched++] = doc;
    }
    const counts = { touched, inTerm: 0 };
    for (let k = 0; k < common.length; k++) {
      const t = common[k];
      counts.inTerm = 0;
      for (let f = 0; f < F; f++) {
        const start = p.starts[t.id * F + f];
        const end = p.starts[t.id * F + f + 1];
        // One term's share in one field of one passage, as MiniSearch's termResults computes it: the
        // factors in its order, so the product is the same float.
        const weight = 1 * t.boost * boosts[f] * 1;
        addShares(
          p,
          norms,
          s,
          counts,
          start,
          end,
          f,
          weight,
          bm25Idf(end - start, p.documents),
          avg[f],
          k + 1,
        );
      }
      // A term's fields summed first, then added to the passage's score, as MiniSearch adds them: to the
      // passages holding it only (with ten common terms, a pass over every passage met so far cost more
      // than the postings themselves).
      const { total, term, termDocs } = s;
      for (let i = 0; i < counts.inTerm; i++) {
        const doc = termDocs[i];
        total[doc] += term[doc];
        term[doc] = 0;
      }
    }
    touched = counts.touched;
    for (let i = 0; i < touched; i++) {
      const doc = s.touched[i];
      top.offer(doc, s.total[doc] * s.quality[doc], i);
      s.total[doc] = 0;
      s.quality[doc] = 0;
      s.mark[doc] = 0;
      s.inRaw[doc] = 0;
    }
    return top.sorted().map(({ doc, score }) => {
      // The matched terms as MiniSearch's match object lists them: in the order matched, integer-like first.
      const match: Record<string, true> = {};
      for (const k of Object.keys(raw.get(doc)?.match ?? {})) match[k] = true;
      for (const t of common) {
        for (let f = 0; f < F; f++) {
          if (findDoc(p.ids, p.starts[t.id * F + f], p.starts[t.id * F + f + 1], doc) >= 0) {
            match[t.term] = true;
            break;
          }
        }
      }
      return { id: this.idOf(c, doc), score, matched: Object.keys(match) };
    });
  }

  /** Before questions come in numbers: the length parts computed, the scratch allocated and its pages
   *  touched, all of which the first questions with common terms would otherwise pay for one by one. */
  prepare(): void {
    const c = this.compact;
    if (!c || this.vocab.passages < PRUNE_MIN_PASSAGES) return;
    const p = c.postings;
    const avg = averageFieldLengths(this.search);
    const norms = this.normsFor(p);
    for (let field = 0; field < norms.length; field++) {
      if (norms[field] === 0) norms[field] = bm25LengthNorm(p.fieldLengths[field], avg[field % p.fields]);
    }
    // Fresh pages are mapped on first write; zeros written now are what the scratch must hold anyway.
    for (const a of Object.values(this.scratchFor(p.documents))) a.fill(0);
    // Queries of the library's own terms, rare and common, through both paths: their code compiled now,
    // not on the first questions that need it (which ran it two to three times slower).
    const byDf = Array.from({ length: p.df.length }, (_, id) => id).sort((a, b) => p.df[a] - p.df[b]);
    const at = (share: number) => byDf[Math.min(byDf.length - 1, Math.floor(share * byDf.length))];
    for (let q = 0; q < WARM_QUERIES; q++) {
      const ids = [0.5, 0.9, 0.99, 0.999, 0.9999].map((share) => at(share - q / (WARM_QUERIES * 200)));
      const terms = [...new Set(ids)].map((id, i) => ({ term: p.terms.at(id), weight: i % 2 ? 0.45 : 1 }));
      this.query(terms, 120);
    }
  }

  /** BM25's length part of each passage's field (the same float MiniSearch computes each time), kept
   *  as computed: one division per posting less, where a common word has tens of thousands of them. */
  private norms?: Float64Array;

  private normsFor(p: PostingsData): Float64Array {
    this.norms ??= new Float64Array(p.fieldLengths.length);
    return this.norms;
  }

  private scratch?: Scratch;

  private scratchFor(documents: number): Scratch {
    this.scratch ??= {
      total: new Float64Array(documents),
      term: new Float64Array(documents),
      quality: new Int32Array(documents),
      mark: new Int32Array(documents),
      touched: new Int32Array(documents),
      termDocs: new Int32Array(documents),
      inRaw: new Uint8Array(documents),
    };
    return this.scratch;
  }

  private idOf(c: CompactIndex, doc: number): string {
    return c.docIds ? c.docIds[doc] : `${c.articleIds[c.docArticle[doc]]}#${c.docN[doc]}`;
  }
}

/** Per-passage scratch of compactQuery, reused (and left zeroed) from one question to the next. */
interface Scratch {
  total: Float64Array;
  term: Float64Array;
  quality: Int32Array;
  mark: Int32Array;
  touched: Int32Array;
  /** the passages holding the term being scored */
  termDocs: Int32Array;
  inRaw: Uint8Array;
}

/**
 * One common term's share in one field, added to each passage of its postings there. The loop runs once
 * per posting of every common term, tens of thousands per question: a function of its own, so that it is
 * compiled for speed on its first long run whatever else the query path has not yet met.
 */
function addShares(
  p: PostingsData,
  norms: Float64Array,
  s: Scratch,
  counts: { touched: number; inTerm: number },
  start: number,
  end: number,
  f: number,
  weight: number,
  idf: number,
  avg: number,
  stamp: number,
): void {
  const { ids, tfs, fieldLengths, fields } = p;
  const { mark, quality, term, inRaw, touched: list, termDocs } = s;
  let { touched, inTerm } = counts;
  for (let at = start; at < end; at++) {
    const doc = ids[at];
    if (mark[doc] !== stamp) {
      if (mark[doc] === 0 && inRaw[doc] === 0) list[touched++] = doc;
      mark[doc] = stamp;
      quality[doc]++;
      termDocs[inTerm++] = doc;
    }
    const field = doc * fields + f;
    // Filled on first need (never 0 once computed): no start or first question waits for all.
    let norm = norms[field];
    if (norm === 0) {
      norm = bm25LengthNorm(fieldLengths[field], avg);
      norms[field] = norm;
    }
    term[doc] += weight * bm25Saturation(idf, tfs[at], norm);
  }
  counts.touched = touched;
  counts.inTerm = inTerm;
}

/** Queries prepare() warms the index's two paths with. */
const WARM_QUERIES = 40;

/** Below this many passages a full search is fast enough that pruning is not worth its checks. */
const PRUNE_MIN_PASSAGES = 2000;
/** A term held by more than this share of passages is scored in typed arrays, not by MiniSearch (see
 *  compactQuery): the same scores either way, and from about 180 postings on the arrays are the faster
 *  (at 10,000 articles, 0.1% took a fifth off the answering time that 0.5% left). */
const COMMON_SHARE = 0.001;

/** The best `k` of documents offered in MiniSearch's order: higher score first, the earlier on a tie. */
class TopK {
  private readonly items: { doc: number; score: number; seq: number }[] = [];
  constructor(private readonly k: number) {}

  offer(doc: number, score: number, seq: number): void {
    const { items, k } = this;
    // Offered in order, so an equal score never displaces an earlier one.
    if (items.length === k && !(score > items[k - 1].score)) return;
    let at = items.length;
    while (at > 0 && score > items[at - 1].score) at--;
    items.splice(at, 0, { doc, score, seq });
    if (items.length > k) items.pop();
  }

  sorted(): { doc: number; score: number }[] {
    return this.items;
  }
}

export interface SerializedIndex {
  minisearch: unknown;
  df: [string, number][];
  surface: [string, string][];
  passages: number;
  copies?: [string, string[]][];
}
