// The passage index: MiniSearch over passage text, heading and article title with the field analyzer,
// plus a vocabulary (surface word → term, term → passage count) that query expansion, typo correction
// and abstention read from.
//
// Built one passage at a time (IndexBuilder). Where the installed MiniSearch is the version
// minisearch-internals.ts was written for, the postings go into typed arrays (postings.ts) that MiniSearch
// searches through read-only views, and the vocabulary into sorted string tables: a tenth of the memory of
// MiniSearch's Maps, and a cache load that is a read rather than a rebuild. Otherwise MiniSearch indexes
// through its public `add` and the cache falls back to its public toJSON / loadJSON.
import { createHash } from 'node:crypto';
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { Passage } from '../types.js';
import { analyze, analyzeWords, type AnalyzedWord } from './analyzer.js';
import { compactMiniSearch, compactSupported } from './minisearch-internals.js';
import { DocumentFrequencies, PostingsBuilder, SurfaceWords, type PostingsData } from './postings.js';

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
    const key = createHash('sha1')
      .update(`${p.heading ?? ''}\u0000${p.text}`)
      .digest('base64');
    const first = this.canonical.get(key);
    if (first !== undefined) {
      const list = this.copies.get(first);
      if (list) list.push(p.id);
      else this.copies.set(first, [p.id]);
      return;
    }
    this.canonical.set(key, p.id);
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
    if (this.compact) {
      this.postings.add([
        textWords.map((w) => w.term),
        headingWords.map((w) => w.term),
        splitTerms(this.title),
      ]);
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
      return;
    }
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
    const search = compactMiniSearch<IndexedPassage>(MINISEARCH_OPTIONS, c.postings, idOf);
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
      const dfs = Int32Array.from(this.vocab.df.values()).sort();
      const rare = dfs.length ? dfs[Math.floor(dfs.length * 0.1)] : 1;
      this.rareIdfMemo = Math.log(1 + (this.vocab.passages - rare + 0.5) / (rare + 0.5));
    }
    return this.rareIdfMemo;
  }

  /** BM25 over the given terms, each weighted; best first. */
  query(terms: WeightedTerm[], limit: number): PassageHit[] {
    if (!terms.length) return [];
    const weights = new Map(terms.map((t) => [t.term, t.weight]));
    const results = this.search.search(terms.map((t) => t.term).join(' '), {
      boost: FIELD_BOOST,
      combineWith: 'OR',
      boostTerm: (term) => weights.get(term) ?? 1,
    });
    return results.slice(0, limit).map((r) => ({ id: String(r.id), score: r.score, matched: r.terms }));
  }
}

export interface SerializedIndex {
  minisearch: unknown;
  df: [string, number][];
  surface: [string, string][];
  passages: number;
  copies?: [string, string[]][];
}
