// The one engine every front end calls: question → Answer made of verbatim, cited sentences, or an honest
// "the library has nothing on this". Retrieval is MiniSearch (BM25) over passages with the field analyzer;
// the engine then ranks sentences inside the best passages and decides whether the evidence is enough.
import { analyze } from '../search/analyzer.js';
import type { PassageIndex } from '../search/index.js';
import type {
  Answer,
  ArticleMeta,
  Card,
  Citation,
  Engine,
  EngineState,
  Event,
  Figure,
  Passage,
} from '../types.js';
import { citationFor } from './citation.js';
import { intentOf, type Intent } from './intent.js';
import { analyzeQuery, type AnalyzedQuery, type QueryTerm } from './query.js';
import { bestSnippet, type Snippet } from './snippet.js';
import { renderAnswerText } from '../render/text.js';
import { filterEvents, filterFigures } from '../facts/index.js';
import { citiesIn, countriesIn } from '../lexicon/index.js';
import { buildCards, type CardInput } from './cards.js';

// The library (loading, chunking, indexing, facts, cache) is built in src/library/; re-exported here for
// callers that open an engine through this module.
export type { EngineState } from '../types.js';
export { buildState, type FactsExtractor } from '../library/build.js';
export { openEngine, type OpenedEngine, type OpenOptions } from '../library/open.js';

export type CardBuilder = (input: CardInput) => Card[];
export type FactFilter<T> = (items: T[], filter?: string) => T[];

/** A lead quote and at most two more: what a phone screen shows without scrolling far. */
const MAX_CITATIONS = 3;
const RANK_CACHE_LIMIT = 256;

// Tuning knobs of retrieval and abstention, with the reason for each value.
const TUNING = {
  /** Passages read closely per question: enough for recall, few enough to stay fast at 10,000 articles. */
  candidates: 24,
  /** A term held by more than this share of passages says little; it is left out of the index query
   *  (still counted when sentences are ranked) as long as rarer terms remain. */
  commonShare: 0.25,
  /** The best snippet must hold this share of the question's weight, or the evidence is too weak. */
  minCoverage: 0.5,
  /** A further citation must hold this share of the best one's coverage and score. */
  followCoverage: 0.6,
  followScore: 0.45,
  /** Words the library has never seen count for this much of a rare word's weight. */
  unknownWeight: 1,
  /** A term this rare (share of a rare word's idf) is a key term of the question; a passage must
   *  hold at least two of them (or half, when there are more), or its evidence counts for less: it is
   *  likely about something else that shares a word. */
  keyIdfShare: 0.4,
  fewKeysPenalty: 0.85,
};

export interface RankedAnswer {
  query: AnalyzedQuery;
  intent: Intent;
  snippets: Snippet[];
  answered: boolean;
  reason?: string;
}

export class DeskEngine implements Engine {
  /** The library's passage store: `get(id)` makes the Passage on demand. */
  private readonly passagesById: Pick<Map<string, Passage>, 'get'>;
  private readonly articlesById: Map<string, ArticleMeta>;

  constructor(
    readonly state: EngineState,
    private readonly plugins: {
      cards?: CardBuilder;
      filterEvents?: FactFilter<Event>;
      filterFigures?: FactFilter<Figure>;
    } = {},
  ) {
    this.passagesById = state.passages;
    this.articlesById = new Map(state.articles.map((a) => [a.id, a]));
  }

  articles(): ArticleMeta[] {
    return this.state.articles;
  }

  passage(id: string): Passage | undefined {
    return this.passagesById.get(id);
  }

  timeline(filter?: string): Event[] {
    const events = this.state.facts.events;
    return this.plugins.filterEvents ? this.plugins.filterEvents(events, filter) : events;
  }

  figures(filter?: string): Figure[] {
    const figures = this.state.facts.figures;
    return this.plugins.filterFigures ? this.plugins.filterFigures(figures, filter) : figures;
  }

  /** Retrieval and sentence ranking, before any rendering: the part the answer and "more" share. */
  rank(question: string, depth = TUNING.candidates): RankedAnswer {
    const { index } = this.state;
    const query = analyzeQuery(question, index);
    const intent = intentOf(query.text);
    const names = query.missing.filter((m) => m.name);
    if (names.length) {
      return {
        query,
        intent,
        snippets: [],
        answered: false,
        reason: `never mentions ${names.map((m) => m.word).join(', ')}`,
      };
    }
    if (!query.terms.length)
      return { query, intent, snippets: [], answered: false, reason: 'no words it knows' };

    const unknownWeight = TUNING.unknownWeight * index.rareIdf();
    const totalWeight =
      query.terms.reduce((n, t) => n + t.idf * t.weight, 0) +
      query.missing.reduce((n, m) => n + m.weight * unknownWeight, 0);
    const hits = index.query(searchTerms(query.terms, index), depth);
    const keyTerms = query.terms
      .filter((t) => t.idf >= TUNING.keyIdfShare * index.rareIdf())
      .map((t) => t.term);
    const keysNeeded = Math.min(keyTerms.length, Math.max(2, Math.ceil(keyTerms.length / 2)));
    const snippets = hits
      .map((h) => this.passagesById.get(h.id))
      .filter((p): p is Passage => p !== undefined)
      .map((p, rank) => {
        const before = this.passagesById.get(`${p.articleId}#${p.n - 1}`);
        const title = this.articlesById.get(p.articleId)?.title ?? '';
        const s = bestSnippet(
          p,
          title,
          query.terms,
          totalWeight,
          intent,
          before?.heading === p.heading ? before : undefined,
        );
        // The passage's own standing (heading, neighbours) breaks ties between equally good sentences.
        return { ...s, score: s.score * (1 + 0.15 / (1 + rank)) };
      })
      .map((s) => {
        const keys = keyTerms.filter((t) => s.matched.has(t) || s.inPassage.has(t)).length;
        return keys >= keysNeeded ? s : { ...s, coverage: s.coverage * TUNING.fewKeysPenalty };
      })
      .sort((a, b) => b.score - a.score || b.coverage - a.coverage);
    const best = snippets[0];
    if (!best || best.coverage < TUNING.minCoverage) {
      return { query, intent, snippets, answered: false, reason: 'weak evidence' };
    }
    if (
      isLabel(query.text) &&
      !snippets.slice(0, 10).some((sn) => namedTogether(query.terms, sn.passage.text))
    ) {
      return { query, intent, snippets, answered: false, reason: 'a name the library never uses' };
    }
    const relevant = snippets.filter(
      (s) =>
        s.coverage >= Math.max(TUNING.minCoverage * 0.8, TUNING.followCoverage * best.coverage) &&
        s.score >= TUNING.followScore * best.score,
    );
    return { query, intent, snippets: dedupe(relevant), answered: true };
  }

  answer(question: string): Answer {
    const ranked = this.rankCached(question, TUNING.candidates);
    const query = ranked.query.text;
    if (!ranked.answered) {
      const answer: Answer = { query, answered: false, text: '', citations: [], cards: [] };
      answer.text = renderAnswerText(answer, this.coverageHint());
      return answer;
    }
    const citations: Citation[] = [];
    // A card cites what the answer already cites, or adds a citation while there are fewer than three:
    // the reply stays a lead quote and at most two more, whatever the cards draw on. A card fact beyond
    // that keeps its own citation object (n = 0) and is shown with its source named instead of a number.
    const cite = (passageId: string, snippet: string): number => {
      // An existing citation serves only if the sentence asked for is among those it shows.
      const found = citations.find((c) => c.chunkId === passageId && c.snippet.includes(snippet));
      if (found) return found.n;
      if (citations.length >= MAX_CITATIONS) return 0;
      const passage = this.passagesById.get(passageId);
      const article = passage && this.articlesById.get(passage.articleId);
      if (!passage || !article) return 0;
      citations.push(citationFor(article, passage, snippet, citations.length + 1));
      return citations.length;
    };
    for (const s of ranked.snippets.slice(0, MAX_CITATIONS)) cite(s.passage.id, s.text);
    let cards: Card[] = [];
    if (this.plugins.cards) {
      cards = this.plugins
        .cards({
          question: query,
          intent: ranked.intent,
          passages: ranked.snippets.map((s) => s.passage),
          facts: this.state.facts,
          articles: this.articlesById,
          cite,
        })
        .map((card) => ({ ...card, citations: [...new Set(card.citations.filter((n) => n > 0))] }));
    }
    const answer: Answer = { query, answered: true, text: '', citations, cards };
    answer.text = renderAnswerText(answer);
    return answer;
  }

  // The bot asks for an answer and then whether more passages exist, and buttons ask again later:
  // recent rankings are kept so one question is ranked once, not on every call.
  private readonly ranked = new Map<string, RankedAnswer>();

  private rankCached(question: string, depth: number): RankedAnswer {
    const key = `${depth}\u0000${question}`;
    let r = this.ranked.get(key);
    if (!r) {
      r = this.rank(question, depth);
      if (this.ranked.size >= RANK_CACHE_LIMIT) this.ranked.delete(this.ranked.keys().next().value as string);
      this.ranked.set(key, r);
    }
    return r;
  }

  more(question: string, offset: number, limit: number): Citation[] {
    const shallow = this.rankCached(question, TUNING.candidates);
    if (!shallow.answered) return [];
    const ranked =
      shallow.snippets.length >= offset + limit ? shallow : this.rankCached(question, TUNING.candidates * 2);
    return ranked.snippets
      .slice(offset, offset + limit)
      .map((s, i) =>
        citationFor(this.articlesById.get(s.passage.articleId)!, s.passage, s.text, offset + i + 1),
      );
  }

  /** What the library covers, for the "nothing on this" reply. */
  coverageHint(): string {
    return `It covers Central Asia–Japan relations in ${this.state.articles.length} articles: the Central Asia + Japan Dialogue, summits and ministerial meetings, trade, aid and investment, people and dates.`;
  }
}

/** Terms sent to the index: the common ones are left out while rarer ones remain, to keep posting lists
 *  short. A lone rare term is joined by the next rarest, so candidates are passages about the question and
 *  not merely passages holding one word (a reused paragraph can hold it hundreds of times over). */
export function searchTerms(terms: QueryTerm[], index: PassageIndex) {
  const df = (t: QueryTerm) => index.vocab.df.get(t.term) ?? 0;
  const byRarity = [...terms].sort((a, b) => df(a) - df(b));
  const rare = byRarity.filter((t) => df(t) <= TUNING.commonShare * index.vocab.passages);
  // No rare term at all ("Central Asia and Japan"): nearly every passage matches, so one term finds
  // candidates as well as two, at half the cost.
  const chosen = rare.length >= 2 ? rare : byRarity.slice(0, rare.length ? 2 : 1);
  return chosen.map((t) => ({ term: t.term, weight: t.weight }));
}

// A query that is nothing but two to four capitalised words ("Crossroads Asia", "Recent Features") names
// something: a site label, a column, a body. The library holds that name only if its words stand together.
const LABEL = /^(?:\p{Lu}[\p{L}\p{N}'’-]*\s+){1,3}\p{Lu}[\p{L}\p{N}'’-]*$/u;

// Countries and cities are topics, not labels: "Japan Kazakhstan" asks about both.
function isLabel(text: string): boolean {
  return LABEL.test(text.trim()) && countriesIn(text).length === 0 && citiesIn(text).length === 0;
}

function namedTogether(terms: QueryTerm[], text: string): boolean {
  const wanted = new Set(terms.map((t) => t.term));
  // Query mode: an aliased phrase is one term, as it is in the question.
  if (wanted.size < 2) return true;
  const seq = analyze(text, 'query');
  for (let i = 0; i + wanted.size <= seq.length; i++) {
    const window = seq.slice(i, i + wanted.size);
    if (window.every((t) => wanted.has(t)) && new Set(window).size === wanted.size) return true;
  }
  return false;
}

/** One citation per passage, and never the same sentence twice (synthetic or syndicated copies). */
function dedupe(snippets: Snippet[]): Snippet[] {
  const seen = new Set<string>();
  const out: Snippet[] = [];
  for (const s of snippets) {
    const key = s.text;
    if (seen.has(key) || seen.has(s.passage.id)) continue;
    seen.add(key);
    seen.add(s.passage.id);
    out.push(s);
  }
  return out;
}

/** The engine over a state, with fact cards and the timeline and figure filters plugged in. */
export function engineOf(state: EngineState): DeskEngine {
  return new DeskEngine(state, { cards: buildCards, filterEvents, filterFigures });
}
