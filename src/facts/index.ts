// Facts extracted from the library at index time: dated events, figures and entities, each fact cited
// with the verbatim sentence it came from. Sentences are screened with cheap tests first (a digit or a
// month name for dates, a number for figures, a capital for names) so the costlier rules and chrono only
// see the few sentences that can hold what they look for.
import { analyze } from '../search/analyzer.js';
import type { Article, Citation, Conflict, Event, Facts, Figure, Passage } from '../types.js';
import { isProse } from './clauses.js';
import { eventConflicts, figureConflicts } from './conflicts.js';
import { findDates, mayHoldDate, type DateMention } from './dates.js';
import { authorsOf } from './authors.js';
import { EntityCollector, entitiesInPassage, type FactEntity } from './entities.js';
import { eventsInSentence, mergeEvents, sortEvents, type EventMention } from './events.js';
import { figuresInSentence, mayHoldFigure, pairOf } from './figures.js';
import { countriesIn } from '../lexicon/index.js';
import { inPeriod, matches, parseFilter } from './filter.js';

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
  const stream = new FactsStream();
  for (const article of articles) stream.add(article, byArticle.get(article.id) ?? []);
  return stream.done(passages);
}

/**
 * extractFacts one article at a time: `add` each article with its passages, in reading order, then `done`
 * with every passage's id and text (names found anywhere are linked to every passage that says them).
 * Holds the facts found so far, never the articles' passages.
 */
export class FactsStream {
  private readonly articles: Article[] = [];
  private readonly mentions: EventMention[] = [];
  private readonly figures: FactFigure[] = [];
  private readonly entities = new EntityCollector();
  private order = 0;

  add(article: Article, own: Passage[]): void {
    this.articles.push(article);
    if (!own.length) return;
    const { mentions, figures, entities } = this;
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
      const order = ++this.order;
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

  done(passages: Iterable<{ id: string; text: string }>): Facts {
    const { articles, entities } = this;
    entities.linkMentions(passages);
    const people = entities.entities();
    addAuthors(articles, people);
    for (const e of people)
      if (e.kind === 'organisation' || e.kind === 'programme') e.nameTerms = analyze(e.name);

    const events = mergeEvents(this.mentions);
    eventConflicts(events);
    const merged = mergeFigures(this.figures);
    figureConflicts(merged);
    return {
      // `reports` served conflict detection; the delivered events carry citations only.
      events: events.map(({ reports: _reports, ...e }) => e as FactEvent),
      figures: merged,
      entities: people,
    };
  }
}

/** Authors become people with their stated posts, or add their authorship to a person already known. */
function addAuthors(articles: Article[], entities: FactEntity[]): void {
  const people = new Map(entities.filter((e) => e.kind === 'person').map((e) => [e.name, e]));
  for (const article of articles) {
    for (const { name, authorship } of authorsOf(article)) {
      let person = people.get(name);
      if (!person) {
        person = { kind: 'person', name, aliases: [], mentions: [], mentionCount: 0 };
        people.set(name, person);
        entities.push(person);
      }
      person.authorOf ??= [];
      person.authorOf.push(authorship);
      if (!person.role && authorship.post) person.role = authorship.post;
    }
  }
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

// ---- filters (timeline and figures): one grammar, in filter.ts ----

/** Events matching a filter (period, country, person, topic or word), in chronological order. */
export function filterEvents<T extends Event>(events: T[], filter?: string): T[] {
  const f = parseFilter(filter);
  const chosen = f
    ? events.filter((e) => {
        const x = e as T & { people?: string[] };
        return (
          inPeriod(f, e.date, e.endDate) &&
          matches(f, {
            own: e.title,
            context: [e.citation, ...(e.alsoCitedBy ?? [])].map((c) => c.snippet).join(' '),
            countries: e.countries,
            people: x.people,
          })
        );
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

/** Figures matching a filter (period, country, person, topic or word), in reading order. */
export function filterFigures<T extends Figure>(figures: T[], filter?: string): T[] {
  const f = parseFilter(filter);
  if (!f) return [...figures];
  return figures.filter((x) => {
    if (f.from || f.to) {
      // a figure without a period of its own stands as of its article's date
      const span = periodSpan(x.period) ?? periodSpan(x.citation.date);
      if (!span || !inPeriod(f, span[0], span[1])) return false;
    }
    return matches(f, {
      own: `${x.value} ${x.unit} ${x.measure}`,
      context: x.citation.snippet,
      countries: x.countries,
    });
  });
}
