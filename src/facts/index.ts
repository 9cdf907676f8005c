// Facts extracted from the library at index time: dated events, figures and entities, each fact cited
// with the verbatim sentence it came from. Sentences are screened with cheap tests first (a digit or a
// month name for dates, a number for figures, a capital for names) so the costlier rules and chrono only
// see the few sentences that can hold what they look for.
import type { Article, Citation, Conflict, Event, Facts, Figure, Passage } from '../types.js';
import { isProse } from './clauses.js';
import { eventConflicts, figureConflicts } from './conflicts.js';
import { datesCompatible, findDates, mayHoldDate, type DateMention } from './dates.js';
import { EntityCollector, entitiesInPassage } from './entities.js';
import { eventsInSentence, mergeEvents, sortEvents, type EventMention } from './events.js';
import { figuresInSentence, mayHoldFigure, pairOf } from './figures.js';
import { canonicalCountry, CENTRAL_ASIA, countriesIn } from '../lexicon/index.js';
import { analyze } from '../search/analyzer.js';

/** An event as the facts module delivers it: the contract's fields plus the disagreements found. */
export interface FactEvent extends Event {
  conflicts?: Conflict[];
}

/** A figure as delivered: further reports of the same figure and disagreements, beyond the contract. */
export interface FactFigure extends Figure {
  alsoCitedBy?: Citation[];
  conflicts?: Conflict[];
}

const MAX_ALSO_CITED = 12;

/** Extracts events, figures and entities from the articles' passages (as `chunkArticle` made them). */
export function extractFacts(articles: Article[], passages: Passage[]): Facts {
  const byArticle = new Map<string, Passage[]>();
  for (const p of passages) {
    const list = byArticle.get(p.articleId);
    if (list) list.push(p);
    else byArticle.set(p.articleId, [p]);
  }
  const mentions: EventMention[] = [];
  const figures: FactFigure[] = [];
  const entities = new EntityCollector();
  let order = 0;

  for (const article of articles) {
    const own = byArticle.get(article.id);
    if (!own) continue;
    entities.rank = article.published ?? '';
    // Who "their" refers to in "their total trade turnover": the article's two most-named countries, counted once, when first needed.
    let pair: string | undefined | null = null;
    const theirs = () => {
      if (pair === null) {
        const counts = new Map<string, number>();
        for (const p of own) for (const c of countriesIn(p.text)) counts.set(c, (counts.get(c) ?? 0) + 1);
        pair = pairOf(counts);
      }
      return pair;
    };
    for (const passage of own) {
      order++;
      const { sentences } = passage;
      let lastDates: DateMention[] | undefined;
      const prose: string[] = [];
      for (let index = 0; index < sentences.length; index++) {
        const s = sentences[index];
        if (!isProse(s)) continue;
        prose.push(s);
        const dates = mayHoldDate(s) ? findDates(s, article.published) : [];
        if (dates.length)
          mentions.push(...eventsInSentence({ article, passage, sentences, index, order }, dates));
        if (mayHoldFigure(s)) {
          figures.push(
            ...figuresInSentence({
              article,
              passage,
              sentences,
              index,
              dates,
              previousDates: lastDates,
              theirs,
            }),
          );
        }
        if (dates.length) lastDates = dates;
      }
      if (prose.length) entitiesInPassage(prose, passage.id, entities);
    }
  }
  entities.linkMentions(passages);

  const events = mergeEvents(mentions);
  eventConflicts(events);
  const merged = mergeFigures(figures);
  figureConflicts(merged);
  return {
    // `reports` served conflict detection; the delivered events carry citations only.
    events: events.map(({ reports: _reports, ...e }) => e as FactEvent),
    figures: merged,
    entities: entities.entities(),
  };
}

/** The same figure reported again (same value, measure and period) is one figure with further citations. */
function mergeFigures(figures: FactFigure[]): FactFigure[] {
  const byKey = new Map<string, FactFigure>();
  const out: FactFigure[] = [];
  for (const f of figures) {
    const key = `${f.number}|${f.unit}|${f.period ?? ''}|${f.measure.toLowerCase()}`;
    const first = byKey.get(key);
    if (!first) {
      byKey.set(key, f);
      out.push(f);
      continue;
    }
    if (first.citation.articleId === f.citation.articleId && first.citation.snippet === f.citation.snippet)
      continue;
    first.alsoCitedBy ??= [];
    if (
      first.alsoCitedBy.length < MAX_ALSO_CITED &&
      !first.alsoCitedBy.some((c) => c.articleId === f.citation.articleId)
    ) {
      first.alsoCitedBy.push(f.citation);
    }
  }
  return out;
}

// ---- filters (timeline and figures) ----

interface ParsedFilter {
  from?: string;
  to?: string;
  countries: string[];
  terms: string[];
}

/** "2019", "2019-2022", "2019 to 2022", "Uzbek", "kazakhstan", "Central Asia", a word, or several of these together. */
export function parseFilter(filter?: string): ParsedFilter | undefined {
  let text = (filter ?? '').trim();
  if (!text) return undefined;
  const out: ParsedFilter = { countries: [], terms: [] };
  text = text.replace(
    /\b((?:19|20)\d\d)\s*(?:-|–|—|to|\.\.|until|through)\s*((?:19|20)\d\d)\b/gi,
    (_m, a: string, b: string) => {
      out.from = a < b ? a : b;
      out.to = a < b ? b : a;
      return ' ';
    },
  );
  text = text.replace(/\b((?:19|20)\d\d)(?:-(0[1-9]|1[0-2]))?\b/g, (m) => {
    out.from = m;
    out.to = m;
    return ' ';
  });
  text = text.replace(/\bcentral\s+asia(?:n)?\b/gi, () => {
    out.countries.push(...CENTRAL_ASIA.filter((c) => !out.countries.includes(c)));
    return ' ';
  });
  const words = text.split(/[\s,;]+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const two = i + 1 < words.length ? canonicalCountry(`${words[i]} ${words[i + 1]}`) : undefined;
    if (two) {
      if (!out.countries.includes(two)) out.countries.push(two);
      i++;
      continue;
    }
    const one = canonicalCountry(words[i]);
    if (one) {
      if (!out.countries.includes(one)) out.countries.push(one);
      continue;
    }
    out.terms.push(...analyze(words[i]));
  }
  if (!out.from && !out.countries.length && !out.terms.length) return undefined;
  return out;
}

function inPeriod(date: string, end: string | undefined, f: ParsedFilter): boolean {
  if (!f.from) return true;
  // a month asked for ("2019-05") is not answered by a bare year ("2019")
  if (f.from.length > 4 && date.length === 4 && !end) return false;
  return datesCompatible(date, end, f.from, f.to);
}

function hasTerms(text: string, terms: string[]): boolean {
  if (!terms.length) return true;
  const have = new Set(analyze(text, 'document'));
  return terms.every((t) => have.has(t));
}

function hasCountries(listed: string[] | undefined, text: string, wanted: string[]): boolean {
  if (!wanted.length) return true;
  // the fact's own countries when it has them; its words otherwise (a snippet names more than the fact)
  const found = new Set(listed?.length ? listed : countriesIn(text));
  // "Central Asia" asks for any of the five; a named country must be there.
  const region = wanted.length >= CENTRAL_ASIA.length && CENTRAL_ASIA.every((c) => wanted.includes(c));
  if (region) return wanted.some((c) => found.has(c));
  return wanted.every((c) => found.has(c));
}

/** Events matching a filter (year, range, country or word), in chronological order. */
export function filterEvents<T extends Event>(events: T[], filter?: string): T[] {
  const f = parseFilter(filter);
  const chosen = f
    ? events.filter((e) => {
        if (!inPeriod(e.date, e.endDate, f)) return false;
        const text = `${e.title} ${e.dateText} ${e.citation.snippet}`;
        return hasCountries(e.countries, text, f.countries) && hasTerms(text, f.terms);
      })
    : [...events];
  return sortEvents(chosen);
}

/** The date span a figure's period stands for ("Q1 2024" → 2024-01…2024-03, "by 2026" → 2026). */
function periodSpan(period: string | undefined): [string, string] | undefined {
  if (!period) return undefined;
  const q = /Q([1-4])\s+(\d{4})/.exec(period);
  if (q)
    return [
      `${q[2]}-${String(Number(q[1]) * 3 - 2).padStart(2, '0')}`,
      `${q[2]}-${String(Number(q[1]) * 3).padStart(2, '0')}`,
    ];
  const h = /H([12])\s+(\d{4})/.exec(period);
  if (h) return h[1] === '1' ? [`${h[2]}-01`, `${h[2]}-06`] : [`${h[2]}-07`, `${h[2]}-12`];
  const range = /(\d{4}(?:-\d{2}){0,2})\/(\d{4}(?:-\d{2}){0,2})/.exec(period);
  if (range) return [range[1], range[2]];
  const d = /\d{4}(?:-\d{2}){0,2}/.exec(period);
  return d ? [d[0], d[0]] : undefined;
}

/** Figures matching a filter (year or range of the period, country or word), in reading order. */
export function filterFigures<T extends Figure>(figures: T[], filter?: string): T[] {
  const f = parseFilter(filter);
  if (!f) return [...figures];
  return figures.filter((x) => {
    if (f.from) {
      const span = periodSpan(x.period);
      if (!span || !datesCompatible(span[0], span[1], f.from, f.to)) return false;
    }
    const text = `${x.value} ${x.unit} ${x.measure} ${x.citation.snippet}`;
    return hasCountries(x.countries, text, f.countries) && hasTerms(text, f.terms);
  });
}

export { findDates } from './dates.js';
export { findFigureValues } from './figures.js';
