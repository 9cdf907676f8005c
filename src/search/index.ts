// The passage index: MiniSearch over passage text, heading and article title with the field analyzer,
// plus a vocabulary (surface word → term, term → passage count) that query expansion, typo correction
// and abstention read from.
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { Passage } from '../types.js';
import { analyze, analyzeWords, type AnalyzedWord } from './analyzer.js';

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

export interface Vocabulary {
  /** term → number of passages that hold it */
  df: Map<string, number>;
  /** folded surface word → its term (for typo correction of what a user actually typed) */
  surface: SearchableMap<string>;
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

export class PassageIndex {
  private constructor(
    readonly search: MiniSearch<IndexedPassage>,
    readonly vocab: Vocabulary,
    /** Passage id → ids of passages elsewhere with the same heading and text (syndicated or reused copies). */
    readonly copies: Map<string, string[]> = new Map(),
  ) {}

  static build(passages: Passage[], titles: Map<string, string>): PassageIndex {
    const search = new MiniSearch<IndexedPassage>(MINISEARCH_OPTIONS);
    const df = new Map<string, number>();
    const surface = new SearchableMap<string>();
    const analyzedTitles = new Map<string, string>();
    const headings = new Map<string, AnalyzedWord[]>();
    // A passage reprinted word for word (a syndicated article, a reused paragraph) is indexed once: its
    // copies would crowd the results with the same quote and lengthen every posting list it holds.
    const canonical = new Map<string, string>();
    const copies = new Map<string, string[]>();
    for (const p of passages) {
      const key = `${p.heading ?? ''}\u0000${p.text}`;
      const first = canonical.get(key);
      if (first !== undefined) {
        const list = copies.get(first);
        if (list) list.push(p.id);
        else copies.set(first, [p.id]);
        continue;
      }
      canonical.set(key, p.id);
      let title = analyzedTitles.get(p.articleId);
      if (title === undefined) {
        title = analyze(titles.get(p.articleId) ?? '', 'document').join(' ');
        analyzedTitles.set(p.articleId, title);
      }
      const heading = p.heading ?? '';
      let headingWords = headings.get(heading);
      if (!headingWords) {
        headingWords = analyzeWords(heading, 'document');
        headings.set(heading, headingWords);
      }
      const textWords = analyzeWords(p.text, 'document');
      search.add({
        id: p.id,
        text: textWords.map((w) => w.term).join(' '),
        heading: headingWords.map((w) => w.term).join(' '),
        title,
      });
      const seen = new Set<string>();
      for (const w of [...headingWords, ...textWords]) {
        if (!seen.has(w.term)) {
          seen.add(w.term);
          df.set(w.term, (df.get(w.term) ?? 0) + 1);
        }
        if (!surface.has(w.word)) surface.set(w.word, w.term);
      }
    }
    return new PassageIndex(search, { df, surface, passages: canonical.size }, copies);
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

  toJSON(): SerializedIndex {
    return {
      minisearch: this.search.toJSON(),
      df: [...this.vocab.df],
      surface: [...this.vocab.surface],
      passages: this.vocab.passages,
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
      const dfs = [...this.vocab.df.values()].sort((a, b) => a - b);
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
