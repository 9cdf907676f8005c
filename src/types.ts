// The data model shared by the engine, the facts extractors and every renderer.
// The interfaces marked "contract" are fixed by DESIGN.md: fields may be added, never removed or renamed.
import type { PassageStore } from './library/passages.js';
import type { PassageIndex } from './search/index.js';

/** Front matter of a corpus file (`corpus/<id>.md`). Only what the article text supports is set. */
export interface ArticleMeta {
  id: string;
  title: string;
  source?: string;
  author?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD */
  published?: string;
  url?: string;
  /** The article's own record beyond its byline, as its front matter states it. */
  subtitle?: string;
  /** The author's stated posts (`author_info`), one line each. */
  authorInfo?: string[];
  /** The article's reference list, one entry each. */
  references?: string[];
  /** The title was taken from the article's first words: the article has none of its own. */
  untitled?: boolean;
}

export interface Section {
  /** The article's own `##` heading; undefined for the text before the first heading. */
  heading?: string;
  /** Paragraphs of the section, in order, as they stand in the file. */
  paragraphs: string[];
}

export interface Article extends ArticleMeta {
  /** Path of the file the article was read from (for error messages). */
  file: string;
  sections: Section[];
}

/** A section-aware slice of an article: never spans two sections, roughly 40–120 words. */
export interface Passage {
  /** `<articleId>#<n>`, n counting from 1 in reading order: stable while the article is unchanged. */
  id: string;
  articleId: string;
  /** Position of the passage in its article, from 1. */
  n: number;
  heading?: string;
  text: string;
  /** The passage's sentences, verbatim, in order; `text` is exactly these joined by single spaces. */
  sentences: string[];
}

// ---- contract (DESIGN.md) ----

export interface Citation {
  n: number;
  articleId: string;
  title: string;
  source?: string;
  date?: string;
  url?: string;
  chunkId: string;
  /** Verbatim text shown: one or two sentences of the passage. */
  snippet: string;
}

export interface Conflict {
  field: string;
  claims: { value: string; citation: Citation }[];
}

export interface Card {
  kind: 'entity' | 'figure' | 'event' | 'topic';
  title: string;
  fields: Record<string, string>;
  /** Numbers of the answer's citations (`Citation.n`) that back the card. */
  citations: number[];
  conflicts?: Conflict[];
}

export interface Answer {
  query: string;
  answered: boolean;
  /** The reply as plain text. */
  text: string;
  citations: Citation[];
  cards: Card[];
  /** The question's language when not English ("ru", "uz-Latn", "uz-Cyrl"); the quotes stay English. */
  lang?: string;
  /** What the reply is: a cited answer, a decline ("the library has nothing on this"), or a friendly
   *  word back to small talk ("hi", "thanks!"); absent in answers made before the field existed. */
  kind?: 'answer' | 'decline' | 'smalltalk';
}

export interface Event {
  /** YYYY[-MM[-DD]] */
  date: string;
  /** The date as the text words it ("18–20 December 2025", "the first quarter of 2024"). */
  dateText: string;
  title: string;
  citation: Citation;
  /** Further reports of the same happening (one event, several citations). */
  alsoCitedBy?: Citation[];
  /** Last day of a range, YYYY[-MM[-DD]], when the text gives one. */
  endDate?: string;
  /** Countries the event involves, by canonical name. */
  countries?: string[];
  /** Where the sources disagree about this event (its date, most often). */
  conflicts?: Conflict[];
}

export interface Figure {
  /** Verbatim, e.g. "$230mn" */
  value: string;
  number: number;
  unit: string;
  measure: string;
  period?: string;
  citation: Citation;
  countries?: string[];
  /** Further reports of the same figure. */
  alsoCitedBy?: Citation[];
  /** Where the sources disagree about this figure. */
  conflicts?: Conflict[];
}

// ---- facts beyond the contract ----

export interface Entity {
  kind: 'person' | 'organisation' | 'country' | 'city' | 'programme';
  name: string;
  /** Other names it goes by (acronyms, spellings). */
  aliases: string[];
  /** Role at the time, verbatim ("then-Foreign Minister of Japan"). */
  role?: string;
  country?: string;
  /** Passages that mention it, by passage id. */
  mentions: string[];
}

/** What the engine offers every front end: the bot, the terminal chat and the CLIs. */
export interface Engine {
  /** `context.previous`: the earlier questions of the same dialog, oldest first; the question is read as
   *  a follow-up of them ("and in 2024?", "who chaired it?"). `context.lang`: the question's language
   *  when it is not to be detected (en, ru, uz, uz-Latn, uz-Cyrl). */
  answer(question: string, context?: { previous?: string[]; lang?: string }): Answer;
  timeline(filter?: string): Event[];
  figures(filter?: string): Figure[];
  articles(): ArticleMeta[];
  passage(id: string): Passage | undefined;
  /** More cited passages for a question, beyond the first page (for "more" buttons); `offset` counts citations. */
  more(question: string, offset: number, limit: number): Citation[];
}

/** Everything extracted from the library at index time; plain data, so it serializes into the index cache. */
export interface Facts {
  events: Event[];
  figures: Figure[];
  entities: Entity[];
  /** The figures a passage cites, without reading all of them (a library read from its cache). */
  figuresIn?: (passageId: string) => Figure[];
  /** The figures about a country (its `countries` name it), in the order of `figures`, likewise. */
  figuresAbout?: (country: string) => Figure[];
}

/**
 * A library ready to answer from, as src/library/ builds it (or reads it from the cache): the articles'
 * metadata, the passages in flat buffers (`passages.get(id)`, `passages.at(i)` make Passage objects on
 * demand), the index and the facts.
 */
export interface EngineState {
  articles: ArticleMeta[];
  passages: PassageStore;
  index: PassageIndex;
  facts: Facts;
  /** The articles the desk answers from (lexicon's isDeskArticle), found as the library is built: a
   *  question's hits need not have their opening passages inflated to tell. */
  deskArticles: ReadonlySet<string>;
}
