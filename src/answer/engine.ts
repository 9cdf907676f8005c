// The one engine every front end calls: question → Answer made of verbatim, cited sentences, or an honest
// "the library has nothing on this". Retrieval is MiniSearch (BM25) over passages with the field analyzer;
// the engine then ranks sentences inside the best passages and decides whether the evidence is enough.
import { isRecordPassage, RECORD_HEADING } from '../corpus/record.js';
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
import { citationFor, displaySnippet } from './citation.js';
import type { Intent } from './intent.js';
import {
  analyzeQuery,
  sanitizeQuestion,
  warmUpQueries,
  type AnalyzedQuery,
  type QueryTerm,
} from './query.js';
import { bestSnippet, intentFits, passageContext, type Snippet } from './snippet.js';
import { readInDialog, type DialogQuestion } from './question.js';
import type { PersonAct } from './roles.js';
import { agrees, hasAnchors, namesCapital, namesOtherHolder } from './agree.js';
import {
  answerProbability,
  type DecisionModel,
  type EvidenceFeatures,
  featuresOf,
  MODEL,
} from './decision.js';
import { renderAnswerText } from '../render/text.js';
import { readFilter, readQuestion } from '../lang/index.js';
import { glossaryFor } from '../lang/glossary.js';
import { filterEvents, filterFigures } from '../facts/index.js';
import { citiesIn, countriesIn } from '../lexicon/index.js';
import { buildCards, bylineCard, prepareCards, type CardInput } from './cards.js';

// The library (loading, chunking, indexing, facts, cache) is built in src/library/; re-exported here for
// callers that open an engine through this module.
export type { EngineState } from '../types.js';
export { openEngine } from '../library/open.js';

export type CardBuilder = (input: CardInput) => Card[];
export type FactFilter<T> = (items: T[], filter?: string) => T[];

/** A lead quote and at most two more: what a phone screen shows without scrolling far. */
const MAX_CITATIONS = 3;
const RANK_CACHE_LIMIT = 256;

// Tuning knobs of retrieval and abstention, with the reason for each value.
export const TUNING = {
  /** Passages read closely per question: enough for recall, few enough to stay fast at 10,000 articles. */
  candidates: 24,
  /** How much deeper the index is asked, so that passages of unrelated articles do not take those places. */
  deskReach: 5,
  /** A term held by more than this share of passages says little; it is left out of the index query
   *  (still counted when sentences are ranked) as long as rarer terms remain. */
  commonShare: 0.25,
  /** A further citation must hold this share of the best one's coverage and score. */
  followCoverage: 0.6,
  followScore: 0.45,
  /** Words the library has never seen count for this much of a rare word's weight. */
  unknownWeight: 1,
  /** Credit of a WordNet synonym or derivation relative to the word itself. */
  synonymWeight: 0.45,
  /** Credit of a distributional neighbour at similarity 1, and the similarity below which none is taken. */
  neighbourWeight: 0.45,
  neighbourFloor: 0.65,
  /** How much more the noun a "which X" question asks for counts than its rarity alone says. */
  headBoost: 2,
  /** Weight of an earlier question's words in a follow-up, relative to the follow-up's own. */
  contextWeight: 0.3,
  /** A sentence that lacks what is asked (no date for "when") or contradicts an anchor ranks lower
   *  inside its passage; the passage's best sentence must then fit and agree to be cited at all. */
  unfitFactor: 0.5,
  disagreeFactor: 0.2,
  /** A term this rare (share of a rare word's idf) is a key term of the question; a passage must
   *  hold at least two of them (or half, when there are more), or its evidence counts for less: it is
   *  likely about something else that shares a word. */
  keyIdfShare: 0.4,
  fewKeysPenalty: 0.85,
};

export interface RankedAnswer {
  query: AnalyzedQuery;
  intent: Intent;
  read: DialogQuestion;
  snippets: Snippet[];
  answered: boolean;
  kind?: 'smalltalk';
  reason?: string;
  /** What the decision to answer was made on, for fitting and for explaining a decline. */
  features?: EvidenceFeatures;
  probability?: number;
}

// Asked types with a dependable shape: a when-question wants a date, a how-much one an amount, a
// how-many one a number. A quote without it does not answer, however well its words match.
const HARD_FITS = new Set<Intent>(['when', 'howmuch', 'howmany', 'howlong', 'howoften']);

const PHRASED =
  /\?|^(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|can|could|has|have|had|will|would|should|tell|list|name|give|show|explain|describe)\b/i;

const NO_ANCHORS = { countries: [], cities: [], years: [], ordinals: [], names: [], figures: [] };

// Words that say "a piece of writing", left when a scope is matched against outlets and authors.
const WORK_TERMS = new Set(
  analyze(
    'piece article report review write-up writeup story text paper analysis essay op-ed item post coverage',
    'query',
  ),
);

export class DeskEngine implements Engine {
  /** The library's passage store: `get(id)` makes the Passage on demand. */
  private readonly passagesById: Pick<Map<string, Passage>, 'get'>;
  private readonly articlesById: Map<string, ArticleMeta>;
  /** Words of the authors' names: a question naming one is about the writing. */
  private readonly authorWords = new Set<string>();
  /** The answer decision; replaceable for fitting and cross-validation. */
  model: DecisionModel = MODEL;

  constructor(
    readonly state: EngineState,
    private readonly plugins: {
      cards?: CardBuilder;
      filterEvents?: FactFilter<Event>;
      filterFigures?: FactFilter<Figure>;
      byline?: typeof bylineCard;
    } = {},
  ) {
    this.passagesById = state.passages;
    this.articlesById = new Map(state.articles.map((a) => [a.id, a]));
    for (const a of state.articles) {
      for (const w of (a.author ?? '').toLowerCase().split(/[^\p{L}]+/u))
        if (w.length > 2) this.authorWords.add(w);
    }
  }

  articles(): ArticleMeta[] {
    return this.state.articles;
  }

  /**
   * Builds now what questions build on first need: the tagger's thread and the neighbour table, the card
   * lookups, the index's rare-word measure, the outlets' and authors' words and the Uzbek glossary; then
   * answers the given sample questions once, so the code that answers is compiled before anyone waits on
   * it. Each costs a question some milliseconds once; a process that answers many calls this when it has
   * a moment (after its first answer, or when idle), so that no later question waits for them.
   */
  prepare(samples: readonly string[] = []): void {
    // First: the tagger loads on its own thread while the rest is built here.
    warmUpQueries();
    prepareCards(this.state.facts);
    this.state.index.rareIdf();
    this.state.index.prepare();
    this.bySource();
    // Reading an English question may ask whether a word is Uzbek; the Russian glossary (a quarter of a
    // second of stemming) waits for a question in Cyrillic.
    glossaryFor('uz');
    for (const q of samples) this.answer(q);
  }

  passage(id: string): Passage | undefined {
    return this.passagesById.get(id);
  }

  timeline(asked?: string): Event[] {
    const filter = readFilter(asked, this.state);
    const events = this.state.facts.events;
    return this.plugins.filterEvents ? this.plugins.filterEvents(events, filter) : events;
  }

  figures(asked?: string): Figure[] {
    const filter = readFilter(asked, this.state);
    const figures = this.state.facts.figures;
    return this.plugins.filterFigures ? this.plugins.filterFigures(figures, filter) : figures;
  }

  /** Retrieval and sentence ranking, before any rendering: the part the answer and "more" share. */
  rank(
    question: string,
    depth = TUNING.candidates,
    previous: string[] = [],
    /** Filled, when given, with every quote considered and why it does not answer (for diagnosis). */
    explain?: { considered?: { snippet: Snippet; verdict?: string }[] },
  ): RankedAnswer {
    const { index } = this.state;
    const read = readInDialog(sanitizeQuestion(question), previous);
    const intent = read.asks;
    const scoped = this.scopeOf(read.scope);
    // A source the library does not know is searched for like any words; a known one still names
    // the writing when the question is about it ("who wrote the UzDaily piece?").
    const aboutWriting = read.aboutWriting || read.anchors.names.some((n) => this.authorWords.has(n));
    const request = read.scope && (!scoped || aboutWriting) ? `${read.request} ${read.scope}` : read.request;
    const query = analyzeQuery(request, index, {
      context: read.context ?? read.background,
      contextWeight: TUNING.contextWeight,
      synonymWeight: TUNING.synonymWeight,
      neighbourWeight: TUNING.neighbourWeight,
      neighbourFloor: TUNING.neighbourFloor,
      head: read.head,
      headBoost: TUNING.headBoost,
      unknownWeight: TUNING.unknownWeight,
    });
    query.text = sanitizeQuestion(question);
    const base = { query, intent, read };
    if (read.smalltalk)
      return { ...base, snippets: [], answered: false, kind: 'smalltalk', reason: 'small talk' };
    if (!query.terms.length) return { ...base, snippets: [], answered: false, reason: 'no words it knows' };
    if (read.chrome) return { ...base, snippets: [], answered: false, reason: 'page chrome, not a question' };
    const subject = subjectGroup(read.request, query);

    const totalWeight = query.totalWeight;
    // Each candidate's place among the index's hits, unrelated articles' included.
    const retrieved = new Map<string, number>();
    const candidates = scoped
      ? scoped.flatMap((id) => this.passagesOf(id))
      : this.deskCandidates(searchTerms(query.terms, index), depth, retrieved);
    const keyTerms = query.terms
      .filter((t) => !t.expansion && t.idf >= TUNING.keyIdfShare * index.rareIdf())
      .map((t) => t.term);
    const keysNeeded = Math.min(keyTerms.length, Math.max(2, Math.ceil(keyTerms.length / 2)));
    const nameTerms = new Map<string, string[]>();
    for (const name of read.anchors.names) {
      // The name's own term, its alias ("PMs" → prime minister) or its correction where misspelt.
      const own = analyze(name, 'query');
      const fixed = query.terms.filter((t) => t.corrected && t.word === name).map((t) => t.term);
      nameTerms.set(name, [...own, ...fixed]);
    }
    const anchored = hasAnchors(read.anchors);
    // The record answers questions about the writing, not about what it reports.
    const pool =
      aboutWriting || read.asksAuthor || read.asksOutlet
        ? candidates
        : candidates.filter((p) => !isRecordPassage(p));
    const judged = pool
      .map((p, at) => {
        const rank = retrieved.get(p.id) ?? at;
        const before = this.passagesById.get(`${p.articleId}#${p.n - 1}`);
        const article = this.articlesById.get(p.articleId);
        const title = article?.title ?? '';
        // Where and when a section's events happen is often said once, in the passage before.
        // and a report's lead says it for the whole article ("On May 18, 2019 in Dushanbe…").
        const sameSection = before && before.heading === p.heading ? before.text : '';
        const lead = p.n > 2 ? (this.passagesById.get(`${p.articleId}#1`)?.text ?? '') : '';
        const contextText = `${p.heading ?? ''} ${title} ${article?.published ?? ''} ${sameSection} ${p.text}`;
        const leaning = before?.heading === p.heading ? before : undefined;
        const contextTerms = passageContext(p, title, leaning);
        // The record describes the article, not its events: only names (its authors) bind it.
        // Asked where a piece appeared, the names are its topic, which the record does not repeat: which
        // article is meant is settled by how well its own text answers (supportedRecord).
        const anchors = isRecordPassage(p)
          ? { ...NO_ANCHORS, names: read.asksOutlet ? [] : read.anchors.names }
          : read.anchors;
        const agreeing = (sentence: string, terms: Set<string>) =>
          !anchored ||
          agrees({
            anchors,
            sentence,
            context: contextText,
            lead,
            contextTerms: terms,
            nameTerms,
            published: article?.published,
          });
        const s = bestSnippet(p, title, query.terms, totalWeight, intent, leaning, (sentence) => {
          const fit = !HARD_FITS.has(intent) || intentFits(intent, sentence) ? 1 : TUNING.unfitFactor;
          return agreeing(sentence, contextTerms) ? fit : fit * TUNING.disagreeFactor;
        });
        // The record is short and read whole: title, author and outlet answer together.
        if (p.heading === RECORD_HEADING) s.text = p.text;
        // A snippet widened to its neighbour is judged as shown.
        const agree = agreeing(s.text, s.context);
        const fits = !HARD_FITS.has(intent) || intentFits(intent, s.text);
        // The passage's own standing (heading, neighbours) breaks ties between equally good sentences.
        // "Who wrote…" is answered by a record that names an author.
        const named = !(intent === 'who' && isRecordPassage(p)) || /^Authors?:/m.test(p.sentences.join('\n'));
        const standing = 1 + 0.15 / (1 + rank);
        // The passage's next-best sentence, judged the same way: a further citation if it answers too.
        const alt = s.alt && {
          ...s.alt,
          agree: agreeing(s.alt.text, s.alt.context),
          fits: (!HARD_FITS.has(intent) || intentFits(intent, s.alt.text)) && named,
          score: s.alt.score * standing,
        };
        return { ...s, agree, fits: fits && named, score: s.score * standing, alt };
      })
      .map((s, _i, all) => (aboutWriting && !scoped ? supportedRecord(s, all, read.asksAuthor) : s))
      // Only the record names who wrote a piece.
      .filter((s) => !(read.asksAuthor || read.asksOutlet) || isRecordPassage(s.passage))
      .map((s) => {
        const keys = keyTerms.filter((t) => s.matched.has(t) || s.inPassage.has(t)).length;
        return keys >= keysNeeded ? s : { ...s, coverage: s.coverage * TUNING.fewKeysPenalty };
      });
    // Why a quote does not answer, or undefined when it does.
    const verdict = (s: Snippet & { agree: boolean; fits: boolean }): string | undefined => {
      if (!s.agree) return 'disagrees';
      if (!s.fits) return 'unfit';
      if (!holdsSubject(query, subject, s)) return 'no subject';
      if (!this.inDeskScope(s.passage.articleId)) return 'off desk';
      // "How much capital…": a figure of something else is no answer, however near its words are.
      if (HARD_FITS.has(intent) && !holdsHead(query, s.matched)) return 'no head';
      // A date or amount must be of the thing asked: the quote itself names it. Other answers may
      // lean on their passage ("why…" is often answered in the sentence after the one named).
      const near = HARD_FITS.has(intent) ? s.matched : s.inPassage;
      // A follow-up's own words may be only "who came up with it?": its focus can be the earlier one's.
      const focus =
        holdsFocus(query, s.matched, true, near) ||
        (read.context !== undefined && holdsFocus(query, s.matched, false, near));
      if (!focus) return 'no focus';
      // A date or figure of the places asked, whose quote meets the rest only through synonyms, is of
      // something else.
      if (
        HARD_FITS.has(intent) &&
        !query.terms.some((t) => !t.expansion && !query.groups[t.group]?.place && s.matched.has(t.term))
      )
        return 'only places as asked';
      // "How much capital does the X guild hold?": the asked noun names the kind of figure; the quote
      // must also name something of what it is the figure of, when the question says.
      if (HARD_FITS.has(intent) && !holdsBesidesHead(query, s.matched)) return 'only the head';
      if (!holdsActs(query, read.anchors.acts, s)) return 'not the act';
      if (!namesCapital(read.anchors.capitalOf, s.text)) return 'not the capital';
      if (read.context && !holdsContext(query, s)) return 'no context';
      return undefined;
    };
    const answers = (s: Snippet & { agree: boolean; fits: boolean }) => verdict(s) === undefined;
    if (explain) explain.considered = judged.map((s) => ({ snippet: s, verdict: verdict(s) }));
    const snippets = judged.filter(answers).sort((a, b) => b.score - a.score || b.coverage - a.coverage);
    const best = snippets[0];
    if (!best) return { ...base, snippets, answered: false, reason: 'nothing agrees' };
    const features = featuresOf(
      query.groups,
      query.terms,
      totalWeight,
      best.matched,
      best.inPassage,
      best.coverage,
      anchored,
      HARD_FITS.has(intent),
      PHRASED.test(read.request),
    );
    const probability = answerProbability(features, this.model);
    if (probability < this.model.threshold) {
      return { ...base, snippets, features, probability, answered: false, reason: 'weak evidence' };
    }
    if (
      isLabel(query.text) &&
      !snippets.slice(0, 10).some((sn) => namedTogether(query.terms, sn.passage.text))
    ) {
      return { ...base, snippets, answered: false, reason: 'a name the library never uses' };
    }
    const relevant = snippets.filter(
      (s) =>
        s === best ||
        (s.coverage >= TUNING.followCoverage * best.coverage && s.score >= TUNING.followScore * best.score),
    );
    const cited = dedupe(relevant);
    // Fewer quotes than a reply shows: the cited passages' next-best sentences that answer as well
    // (a different sentence holding what is asked), in the order of their passages.
    if (cited.length < MAX_CITATIONS) {
      const extra = relevant
        .map((s) => s.alt)
        .filter(
          (a): a is NonNullable<typeof a> =>
            a !== undefined &&
            answers(a) &&
            a.coverage >= TUNING.followCoverage * best.coverage &&
            a.score >= TUNING.followScore * best.score &&
            !cited.some((c) => c.text.includes(a.text)),
        );
      cited.push(...extra.slice(0, MAX_CITATIONS - cited.length));
    }
    return { ...base, snippets: cited, features, probability, answered: true };
  }

  /**
   * The best passages of articles the desk answers from. Unrelated articles that share the question's
   * words would otherwise fill the places read closely, the more of them the larger the library: the
   * index is asked deeper, and only passages the desk could cite are kept.
   */
  private deskCandidates(
    terms: { term: string; weight: number }[],
    depth: number,
    rankOf: Map<string, number>,
  ): Passage[] {
    const out: Passage[] = [];
    for (const [rank, h] of this.state.index.query(terms, depth * TUNING.deskReach).entries()) {
      // The article first: most hits of a large library are of other articles, whose passages need
      // not be made (each one's text inflated from its block).
      const article = this.state.passages.articleOf(h.id);
      if (article === undefined || !this.inDeskScope(article)) continue;
      const p = this.passagesById.get(h.id);
      if (!p) continue;
      rankOf.set(p.id, rank);
      out.push(p);
      if (out.length >= depth) break;
    }
    return out;
  }

  private inDeskScope(articleId: string): boolean {
    return this.state.deskArticles.has(articleId);
  }

  /** Articles a named source picks out: by outlet, by author, or by words of the title. */
  private scopeOf(scope?: string): string[] | undefined {
    if (!scope) return undefined;
    const words = analyze(scope.replace(/['’]s\b/g, ''), 'query').filter((t) => !WORK_TERMS.has(t));
    if (!words.length) return undefined;
    // Articles holding every word of the scope in their outlet or author: the rarest word's list,
    // narrowed by the others. An unmatched scope falls back to plain search.
    const lists = words.map((w) => this.bySource().get(w) ?? []);
    lists.sort((a, b) => a.length - b.length);
    const hits = lists[0].filter((id) => lists.every((l) => l.includes(id)));
    return hits.length ? hits : undefined;
  }

  private sourceIndex?: Map<string, string[]>;

  /** Outlet and author words → articles, built on the first scoped question. */
  private bySource(): Map<string, string[]> {
    if (!this.sourceIndex) {
      this.sourceIndex = new Map();
      // Outlets and authors repeat across a library's articles: each distinct pair analysed once.
      const analysed = new Map<string, Set<string>>();
      for (const a of this.state.articles) {
        const key = `${a.source ?? ''} ${a.author ?? ''}`;
        let own = analysed.get(key);
        if (!own) {
          own = new Set(analyze(key, 'query'));
          analysed.set(key, own);
        }
        for (const w of own) {
          const list = this.sourceIndex.get(w);
          if (list) list.push(a.id);
          else this.sourceIndex.set(w, [a.id]);
        }
      }
    }
    return this.sourceIndex;
  }

  /** An article's passages in reading order. */
  private passagesOf(articleId: string): Passage[] {
    const out: Passage[] = [];
    for (let n = 1; ; n++) {
      const p = this.passagesById.get(`${articleId}#${n}`);
      if (!p) return out;
      out.push(p);
    }
  }

  answer(question: string, context: { previous?: string[]; lang?: string } = {}): Answer {
    // Russian and Uzbek questions (and their dialog's earlier ones) are read into English words first;
    // the answer quotes stay English.
    const asked = readQuestion(question, this.state, context.lang);
    const previous = context.previous?.map((p) => readQuestion(p, this.state, context.lang).english);
    const answer = this.answerEnglish(asked.english, previous);
    if (asked.lang !== 'en') answer.lang = asked.lang;
    return answer;
  }

  private answerEnglish(question: string, previous?: string[]): Answer {
    const ranked = this.rankCached(question, TUNING.candidates, previous);
    const query = ranked.query.text;
    if (ranked.kind === 'smalltalk') {
      return {
        query,
        answered: false,
        kind: 'smalltalk',
        text: this.smalltalkReply(query),
        citations: [],
        cards: [],
      };
    }
    if (!ranked.answered) {
      // an article's author, named only in its front matter: answered with the byline card
      const byline = this.bylineAnswer(query);
      if (byline) return byline;
      const answer: Answer = { query, answered: false, kind: 'decline', text: '', citations: [], cards: [] };
      answer.text = renderAnswerText(answer, this.coverageHint());
      return answer;
    }
    const citations: Citation[] = [];
    // A card cites what the answer already cites, or adds a citation while there are fewer than three:
    // the reply stays a lead quote and at most two more, whatever the cards draw on. A card fact beyond
    // that keeps its own citation object (n = 0) and is shown with its source named instead of a number.
    const cite = (passageId: string, snippet: string): number => {
      // An existing citation serves only if the sentence asked for is among those it shows.
      const found = citations.find(
        (c) => c.chunkId === passageId && c.snippet.includes(displaySnippet(snippet)),
      );
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
    const answer: Answer = { query, answered: true, kind: 'answer', text: '', citations, cards };
    answer.text = renderAnswerText(answer);
    return answer;
  }

  /** "Who is <author>?": the author's card, citing the opening of the article the person wrote. */
  private bylineAnswer(query: string): Answer | undefined {
    if (!this.plugins.byline) return undefined;
    const citations: Citation[] = [];
    const cite = (passageId: string, snippet: string): number => {
      const passage = this.passagesById.get(passageId);
      const article = passage && this.articlesById.get(passage.articleId);
      if (!passage || !article || citations.length >= MAX_CITATIONS) return 0;
      citations.push(citationFor(article, passage, snippet, citations.length + 1));
      return citations.length;
    };
    const card = this.plugins.byline(query, this.state.facts, cite, (id) => this.passagesById.get(id));
    if (!card || !citations.length) return undefined;
    const answer: Answer = { query, answered: true, kind: 'answer', text: '', citations, cards: [card] };
    answer.text = renderAnswerText(answer);
    return answer;
  }

  /** A greeting or thanks gets a greeting back and a word on what can be asked. */
  smalltalkReply(message: string): string {
    const thanks = /\b(?:thank|thanks|thx|cheers)\b/i.test(message);
    const bye = /\b(?:bye|goodbye|see you|good night)\b/i.test(message);
    const opener = thanks
      ? 'You are welcome!'
      : bye
        ? 'Goodbye, and come back with more questions!'
        : 'Hello!';
    return `${opener} I answer questions about Central Asia–Japan relations with quotes from ${this.state.articles.length} articles, each with its source. Try “When did the Central Asia + Japan Dialogue start?” or “How much trade was there between Uzbekistan and Japan in 2023?”`;
  }

  // The bot asks for an answer and then whether more passages exist, and buttons ask again later:
  // recent rankings are kept so one question is ranked once, not on every call.
  private readonly ranked = new Map<string, RankedAnswer>();

  private rankCached(question: string, depth: number, previous: string[] = []): RankedAnswer {
    const key = [depth, ...previous, question].join('\u0000');
    let r = this.ranked.get(key);
    if (!r) {
      r = this.rank(question, depth, previous);
      if (this.ranked.size >= RANK_CACHE_LIMIT) this.ranked.delete(this.ranked.keys().next().value as string);
      this.ranked.set(key, r);
    }
    return r;
  }

  more(asked: string, offset: number, limit: number): Citation[] {
    const question = readQuestion(asked, this.state).english;
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
  const wanted = new Set(terms.filter((t) => !t.expansion).map((t) => t.term));
  // Query mode: an aliased phrase is one term, as it is in the question.
  if (wanted.size < 2) return true;
  const seq = analyze(text, 'query');
  for (let i = 0; i + wanted.size <= seq.length; i++) {
    const window = seq.slice(i, i + wanted.size);
    if (window.every((t) => wanted.has(t)) && new Set(window).size === wanted.size) return true;
  }
  return false;
}

/**
 * Whether a quote holds something of what the question asks about, beyond where: a sentence naming
 * Kyrgyzstan does not answer "what is the population of Kyrgyzstan?" unless it says something of
 * population. Only the question's own words count (not an earlier question's), and only when it has any.
 */
function holdsFocus(query: AnalyzedQuery, matched: Set<string>, own: boolean, around: Set<string>): boolean {
  // A quote that meets the question only through synonyms ("reply" → "response") is too indirect:
  // some word of the question must stand in it as asked (or as corrected).
  if (!query.terms.some((t) => !t.expansion && matched.has(t.term))) return false;
  // Years and figures are anchors, checked on their own; the focus is what is asked about.
  const focus = query.groups
    .map((g, i) => ({ g, i }))
    .filter(({ g }) => !g.place && !!g.own === own && g.weight > 0 && !/^\d/.test(g.word));
  if (!focus.length) return true;
  const groups = new Set(focus.map(({ i }) => i));
  return query.terms.some((t) => groups.has(t.group) && (matched.has(t.term) || around.has(t.term)));
}

/**
 * "Who wrote the article about X?" asks for the record of the article about X: a record ranks by how
 * well its own article's text answers the rest of the question, not by its words alone.
 */
function supportedRecord<S extends Snippet & { fits: boolean }>(s: S, all: S[], strict: boolean): S {
  if (!isRecordPassage(s.passage)) return s;
  let own = 0;
  let any = 0;
  for (const x of all) {
    if (isRecordPassage(x.passage)) continue;
    any = Math.max(any, x.score);
    if (x.passage.articleId === s.passage.articleId) own = Math.max(own, x.score);
  }
  if (!(any > 0)) return s;
  // "Who wrote the piece about X": the piece about X is the one whose text answers best; another
  // article's byline does not answer, even when that piece has none.
  if (strict && own < any) return { ...s, fits: false };
  return { ...s, score: (s.score * own) / any };
}

// "Who is the best footballer in…", "what is the population of…": the head noun of the phrase after
// the article is what the question is about. Nouns that frame what is asked ("the purpose of…",
// "the role of…") are not its subject.
const SUBJECT =
  /^(?:who|what|which)\s+(?:is|are|was|were)\s+(?:the|a|an)\s+(?:[\p{L}'’-]+\s+){0,2}?([\p{L}'’-]+)(?:\s+(?:of|in|at|for|behind|between|to|on|from|that|who|which|with)\b|\s*\?*$)/iu;
const FRAME_NOUNS = new Set(
  `purpose aim aims goal goals role significance meaning reason reasons idea point nature state status scope
  focus importance impact result outcome effect name names number amount value size level share date time
  year place kind type sort part main key current latest first last
  opportunity opportunities prospect prospects potential possibility possibilities area areas field fields
  direction directions option options`.split(/\s+/),
);
const FRAME_TERMS = new Set([...FRAME_NOUNS].map((w) => analyze(w, 'query')[0]).filter(Boolean));

/** The group of the question's subject noun ("who is the best footballer…" → footballer), or -1. */
function subjectGroup(request: string, query: AnalyzedQuery): number {
  const m = SUBJECT.exec(request);
  if (!m) return -1;
  const word = m[1].toLowerCase();
  if (FRAME_NOUNS.has(word)) return -1;
  const g = query.groups.findIndex((x) => x.word === word && !x.place);
  // A misspelt frame noun ("prospetcs") is read by its correction.
  if (g >= 0 && query.terms.some((t) => t.group === g && t.corrected && FRAME_TERMS.has(t.term))) return -1;
  return g;
}

/** The quote names the noun the question asks for, as asked or by a synonym or neighbour. */
function holdsHead(query: AnalyzedQuery, matched: Set<string>): boolean {
  const g = query.headGroup;
  return g === undefined || query.terms.some((t) => t.group === g && matched.has(t.term));
}

/** Beside the asked noun, the quote holds some other non-place word of the question, if it has any. */
function holdsBesidesHead(query: AnalyzedQuery, matched: Set<string>): boolean {
  const g = query.headGroup;
  if (g === undefined) return true;
  const others = new Set(
    query.groups.flatMap((x, i) =>
      i !== g && x.own && !x.place && !x.unmatched && x.weight > 0 && !/^\d/.test(x.word) ? [i] : [],
    ),
  );
  if (!others.size) return true;
  return query.terms.some((t) => others.has(t.group) && matched.has(t.term));
}

/** The quote's passage names the question's subject, as asked or by a synonym. */
function holdsSubject(query: AnalyzedQuery, group: number, s: Snippet): boolean {
  return (
    group < 0 ||
    query.terms.some((t) => t.group === group && (s.matched.has(t.term) || s.inPassage.has(t.term)))
  );
}

/**
 * A quote naming other office holders beside the asked one reports the asked act, as asked or by a
 * dictionary synonym (a word merely used alike, "attend" beside "visit", names another act): a list of
 * guests, or another leader's proposal, says nothing of what the asked person did.
 */
function holdsActs(query: AnalyzedQuery, acts: PersonAct[] = [], s: Snippet): boolean {
  return acts.every((a) => {
    if (!namesOtherHolder(a.name, s.text)) return true;
    const g = query.terms.find((t) => !t.expansion && t.term === a.verb)?.group;
    return g === undefined || query.terms.some((t) => t.group === g && !t.neighbour && s.matched.has(t.term));
  });
}

/** A follow-up's pronoun ("who will build them?") stands for the earlier question's topic: the quote's
 *  passage must be about that topic too, not only about the follow-up's own words. */
function holdsContext(query: AnalyzedQuery, s: Snippet): boolean {
  const earlier = new Set(
    query.groups.flatMap((g, i) => (!g.own && !g.place && !/^\d/.test(g.word) ? [i] : [])),
  );
  if (!earlier.size) return true;
  return query.terms.some((t) => earlier.has(t.group) && (s.matched.has(t.term) || s.inPassage.has(t.term)));
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
  return new DeskEngine(state, { cards: buildCards, filterEvents, filterFigures, byline: bylineCard });
}
