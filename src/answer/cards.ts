// Fact cards beside an answer, the way an infobox gives a fact at a glance: an entity card for "who" and
// "what is" questions, a figure card for "how much / how many", an event card for "when" (with the
// sources' disagreements), a topic card for a broad subject ("Japan and Kazakhstan"). A card is built only
// from facts the question names or the retrieved passages hold; no card rather than an unrelated one.
import { analyze, fold } from '../search/analyzer.js';
import type {
  ArticleMeta,
  Card,
  Citation,
  Conflict,
  Entity,
  Event,
  Facts,
  Figure,
  Passage,
} from '../types.js';
import type { Expectation } from '../facts/conflicts.js';
import type { FactEntity } from '../facts/entities.js';
import { filterEvents } from '../facts/index.js';
import { canonicalCountry, countriesIn } from '../lexicon/index.js';
import { roleOn } from '../facts/participants.js';
import { describeSource } from './citation.js';
import type { Intent } from './intent.js';

export interface CardInput {
  question: string;
  intent: Intent;
  /** Retrieved passages, best first (already judged relevant). */
  passages: Passage[];
  facts: Facts;
  articles: Map<string, ArticleMeta>;
  /** Adds or reuses an answer citation; returns its number. */
  cite: (passageId: string, snippet: string) => number;
}

const MAX_CARDS = 2;
const MAX_LIST = 4;

type WithConflicts<T> = T & { conflicts?: Conflict[]; alsoCitedBy?: Citation[] };

/**
 * Lookups built once per Facts (kept while the Facts object lives), each on first use: a card reads only
 * the facts of the retrieved passages or of the entity asked about, never the whole library, so a
 * question stays fast at 10,000 articles, and a question that needs one lookup does not wait for the others.
 */
class FactsIndex {
  constructor(private readonly facts: Facts) {}

  /** Builds every lookup now. */
  buildAll(): void {
    this.byChunk;
    this.nameLookup();
    this.authors;
    this.nameTerms;
    this.people;
    this.byPerson;
  }

  private chunks?: Map<string, { events: Event[]; figures: Figure[] }>;
  /** Passage → events and figures it reports (figures only where the facts cannot say it themselves). */
  private get byChunk(): Map<string, { events: Event[]; figures: Figure[] }> {
    if (!this.chunks) {
      const byChunk = new Map<string, { events: Event[]; figures: Figure[] }>();
      const slot = (chunk: string) => {
        let v = byChunk.get(chunk);
        if (!v) {
          v = { events: [], figures: [] };
          byChunk.set(chunk, v);
        }
        return v;
      };
      for (const e of this.facts.events as WithConflicts<Event>[])
        for (const c of [e.citation, ...(e.alsoCitedBy ?? [])]) slot(c.chunkId).events.push(e);
      if (!this.facts.figuresIn)
        for (const f of this.facts.figures as WithConflicts<Figure>[])
          for (const c of [f.citation, ...(f.alsoCitedBy ?? [])]) slot(c.chunkId).figures.push(f);
      this.chunks = byChunk;
    }
    return this.chunks;
  }

  eventsIn(chunk: string): Event[] {
    return this.byChunk.get(chunk)?.events ?? [];
  }

  figuresIn(chunk: string): Figure[] {
    return this.facts.figuresIn ? this.facts.figuresIn(chunk) : (this.byChunk.get(chunk)?.figures ?? []);
  }

  private nameIndex?: NameLookup;
  /** Normalised name, alias or surname → entities. */
  get names(): Map<string, FactEntity[]> {
    return this.nameLookup().names;
  }
  get maxNameWords(): number {
    return this.nameLookup().maxNameWords;
  }
  private nameLookup(): NameLookup {
    this.nameIndex ??= nameLookupOf(this.facts.entities as FactEntity[]);
    return this.nameIndex;
  }

  private authorIndex?: NameLookup;
  /** The same lookup over the articles' authors only: a byline question need not wait for the names of
   *  every entity of a large library (tens of thousands, some 70 ms). */
  get authors(): Map<string, FactEntity[]> {
    this.authorIndex ??= nameLookupOf(
      (this.facts.entities as FactEntity[]).filter((e) => e.authorOf?.length),
    );
    return this.authorIndex.names;
  }

  private terms?: Map<string, FactEntity[]>;
  /** Name term → organisations and programmes with that term in their name. */
  get nameTerms(): Map<string, FactEntity[]> {
    this.terms ??= entitiesBy(this.facts.entities as FactEntity[], (e) =>
      e.kind === 'programme' || e.kind === 'organisation' ? ownTerms(e) : [],
    );
    return this.terms;
  }

  private mentioned?: Map<string, FactEntity[]>;
  /** Passage → people it mentions. */
  get people(): Map<string, FactEntity[]> {
    this.mentioned ??= entitiesBy(this.facts.entities as FactEntity[], (e) =>
      e.kind === 'person' ? e.mentions : [],
    );
    return this.mentioned;
  }

  private personEvents?: Map<FactEntity, Event[]>;
  /** Person → events the person took part in. */
  get byPerson(): Map<FactEntity, Event[]> {
    if (!this.personEvents) {
      const byPerson = new Map<FactEntity, Event[]>();
      const persons = new Map<string, FactEntity>();
      for (const e of this.facts.entities as FactEntity[])
        if (e.kind === 'person') persons.set(e.name.split(/\s+/).pop()!, e);
      for (const ev of this.facts.events as PersonEvent[])
        for (const p of ev.people ?? []) {
          const person = persons.get(p.split(/\s+/).pop()!);
          if (person) push(byPerson, person, ev);
        }
      this.personEvents = byPerson;
    }
    return this.personEvents;
  }
}

interface NameLookup {
  names: Map<string, FactEntity[]>;
  maxNameWords: number;
}

/** Key → the entities with that key, each listed once per key, in the entities' order. */
function entitiesBy(
  entities: FactEntity[],
  keysOf: (e: FactEntity) => Iterable<string>,
): Map<string, FactEntity[]> {
  const out = new Map<string, FactEntity[]>();
  for (const e of entities) for (const k of keysOf(e)) push(out, k, e);
  return out;
}

/** Normalised name, alias or surname (of four letters or more) → entities, and the longest key's words. */
function nameLookupOf(entities: FactEntity[]): NameLookup {
  const names = entitiesBy(entities, (e) => {
    const keys = [e.name, ...e.aliases];
    if (e.kind === 'person') {
      const surname = e.name.split(/\s+/).pop()!;
      if (surname.length >= 4) keys.push(surname);
    }
    return keys.map(nameKey).filter((key) => key.length >= 2);
  });
  let maxNameWords = 1;
  for (const key of names.keys()) maxNameWords = Math.max(maxNameWords, key.split(' ').length);
  return { names, maxNameWords };
}

const indexes = new WeakMap<Facts, FactsIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

const nameKey = (text: string) =>
  fold(text)
    .replace(/[^\p{L}\p{N}+]+/gu, ' ')
    .trim();

/** An organisation's or programme's own name terms (the library's build stores them; analysed here if not). */
function ownTerms(e: FactEntity): string[] {
  return (e.nameTerms ?? analyze(e.name)).filter((t) => !COMMON.has(t));
}

/** A figure's number as a card shows it. The first use sets up the number formatting (about 20 ms). */
const formatNumber = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** Builds every card lookup now (and the number formatting), rather than on the questions that first need each. */
export function prepareCards(facts: Facts): void {
  indexOf(facts).buildAll();
  formatNumber(0);
}

function indexOf(facts: Facts): FactsIndex {
  let ix = indexes.get(facts);
  if (!ix) {
    ix = new FactsIndex(facts);
    indexes.set(facts, ix);
  }
  return ix;
}

/** Events and figures reported in the given passages (and, for events, reported elsewhere too). */
function factsIn(
  ix: FactsIndex,
  chunkIds: Iterable<string>,
): { events: WithConflicts<Event>[]; figures: WithConflicts<Figure>[] } {
  const events = new Set<Event>();
  const figures = new Set<Figure>();
  for (const id of chunkIds) {
    for (const e of ix.eventsIn(id)) events.add(e);
    for (const f of ix.figuresIn(id)) figures.add(f);
  }
  return { events: [...events], figures: [...figures] };
}

// Words every fact of this library shares: they tie nothing to a question.
const COMMON = new Set(
  analyze(
    'Japan Japanese Central Asia Central Asian country countries region regional cooperation relations',
  ),
);

interface Question {
  text: string;
  terms: Set<string>;
  /** Terms that say what the question is about (not "Japan", not a country). */
  topical: Set<string>;
  years: string[];
  countries: string[];
  /** Passage id → rank (0 = best). */
  rank: Map<string, number>;
}

function readQuestion(input: CardInput): Question {
  const terms = new Set(analyze(input.question));
  const countries = countriesIn(input.question.replace(/\b\p{Ll}/gu, (c) => c.toUpperCase()));
  for (const w of input.question.split(/[^\p{L}'-]+/u)) {
    const c = w.length > 2 ? canonicalCountry(w) : undefined;
    if (c && !countries.includes(c)) countries.push(c);
  }
  const countryTerms = new Set(countries.flatMap((c) => analyze(c)));
  const topical = new Set(
    [...terms].filter((t) => !COMMON.has(t) && !countryTerms.has(t) && !/^\d{4}$/.test(t)),
  );
  return {
    text: input.question,
    terms,
    topical,
    years: input.question.match(/\b(?:19|20)\d\d\b/g) ?? [],
    countries,
    rank: new Map(input.passages.map((p, i) => [p.id, i])),
  };
}

function overlap(terms: Set<string>, text: string): number {
  let n = 0;
  for (const t of new Set(analyze(text, 'document'))) if (terms.has(t)) n++;
  return n;
}

/** How strongly the retrieval ranked a fact's passage: 3 for the best passage, less below, 0 when not retrieved. */
function passageBonus(q: Question, citations: Citation[]): number {
  let best = 0;
  for (const c of citations) {
    const r = q.rank.get(c.chunkId);
    if (r !== undefined) best = Math.max(best, 3 / (1 + r));
  }
  return best;
}

function yearsOf(period: string | undefined): string[] {
  return period?.match(/(?:19|20)\d\d/g) ?? [];
}

function citeAll(input: CardInput, citations: Citation[], limit = 3): number[] {
  const ns: number[] = [];
  for (const c of citations.slice(0, limit)) {
    const n = input.cite(c.chunkId, c.snippet);
    if (!ns.includes(n)) ns.push(n);
  }
  return ns;
}

/** The card's conflicts with every claim's citation numbered as the answer's. */
function citedConflicts(input: CardInput, conflicts: Conflict[] | undefined): Conflict[] | undefined {
  if (!conflicts?.length) return undefined;
  return conflicts.map((c) => ({
    field: c.field,
    claims: c.claims.map((cl) => ({
      value: cl.value,
      citation: { ...cl.citation, n: input.cite(cl.citation.chunkId, cl.citation.snippet) },
    })),
  }));
}

function eventLine(e: Event): string {
  return `${e.dateText} — ${e.title}`;
}

function figureLine(f: Figure & { asOf?: string }): string {
  const when = f.period ? ` (${f.period})` : f.asOf ? ` (as of ${f.asOf})` : '';
  return `${f.value} — ${f.measure}${when}`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// ---- entity cards ----

function mentionsEntity(text: string, e: Entity): boolean {
  const names = [e.name, ...e.aliases];
  if (e.kind === 'person') names.push(e.name.split(/\s+/).pop()!);
  return names.some(
    (n) =>
      n.length >= 2 &&
      new RegExp(`(?<![\\p{L}])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'u').test(text),
  );
}

/**
 * A line's source: the answer's citation number when there is room for it, else the source named
 * ("Title — Source, date"), so no card line is ever shown without where it comes from.
 */
function sourceOf(
  input: CardInput,
  c: Pick<Citation, 'chunkId' | 'snippet' | 'title' | 'source' | 'date'>,
  into: number[],
): string {
  const n = input.cite(c.chunkId, c.snippet);
  if (n > 0) {
    if (!into.includes(n)) into.push(n);
    return `[${n}]`;
  }
  return `(${describeSource(c)})`;
}

type PersonEvent = WithConflicts<Event> & { people?: string[] };

/** Did the person take part in the event? Named among its participants, not merely in its sentence. */
function tookPart(e: PersonEvent, person: FactEntity): boolean {
  const surname = person.name.split(/\s+/).pop()!;
  return (e.people ?? []).some((p) => p === person.name || p.split(/\s+/).pop() === surname);
}

/** What the person was at the event: the post held then, and "chair" when the source says so. */
function roleAt(e: Event, person: FactEntity, snippet: string): string {
  const surname = person.name.split(/\s+/).pop()!;
  const chaired = new RegExp(
    `[Cc]haired by (?:[A-Z][\\w.-]*\\s+){0,3}${surname}|${surname}\\b[^.]{0,40}\\bchaired`,
  ).test(snippet);
  const post = roleOn(person.name, e.date);
  // a post the title already states is not said twice
  return [chaired ? 'chair' : '', post && !e.title.includes(post) ? post : ''].filter(Boolean).join(', ');
}

function entityCard(input: CardInput, ix: FactsIndex, e: FactEntity): Card {
  const fields: Record<string, string> = {};
  const citations: number[] = [];
  fields.Name = e.aliases.length ? `${e.name} (${e.aliases.join(', ')})` : e.name;
  fields.Type = e.kind;
  let evidence = e.evidence ?? [];
  if (!evidence.length) {
    // no defining sentence was kept: the first retrieved sentence that names it
    for (const p of input.passages) {
      const s = p.sentences.find((x) => mentionsEntity(x, e));
      if (s) {
        evidence = [{ passageId: p.id, snippet: s }];
        break;
      }
    }
  }
  const cited = (ev: { passageId: string; snippet: string }) => {
    const articleId = ev.passageId.split('#')[0];
    const meta = input.articles.get(articleId);
    return sourceOf(
      input,
      {
        chunkId: ev.passageId,
        snippet: ev.snippet,
        title: meta?.title ?? articleId,
        source: meta?.source,
        date: meta?.published,
      },
      citations,
    );
  };
  // the role, with the sentence that gives it; a role only an author note gives, with that article named
  const roleEvidence = evidence.find((ev) => e.role && ev.snippet.includes(e.role));
  if (e.role && roleEvidence) fields.Role = `${e.role} ${cited(roleEvidence)}`;
  const otherRoles = (e.roles ?? [])
    .filter((r) => r !== e.role)
    .map((r) => ({ r, ev: evidence.find((ev) => ev.snippet.includes(r)) }))
    .filter((x) => x.ev);
  if (otherRoles.length)
    fields['Also described as'] = otherRoles.map((x) => `${x.r} ${cited(x.ev!)}`).join('; ');
  if (e.authorOf?.length) {
    fields['Author of'] = e.authorOf
      .map(
        (a) =>
          `${describeSource({ title: a.title, source: a.source, date: a.date })}${a.post ? ` — stated post: ${a.post}` : ''}`,
      )
      .join('; ');
  }
  if (e.country && e.kind !== 'country') {
    const ev = roleEvidence ?? evidence.find((x) => countriesIn(x.snippet).includes(e.country!));
    if (ev) fields.Country = `${e.country} ${cited(ev)}`;
  }
  const placesNamed: string[] = [];
  for (const ev of evidence)
    for (const c of countriesIn(ev.snippet))
      if (c !== e.country && !placesNamed.includes(c)) placesNamed.push(c);
  if (placesNamed.length && e.kind !== 'person' && evidence[0])
    fields['Mentioned with'] = `${placesNamed.join(', ')} ${cited(evidence[0])}`;
  if (!fields.Role && evidence[0] && e.kind !== 'person') cited(evidence[0]);
  if (e.kind !== 'person') {
    // "…Ana Lind, the former Prime Minister of Norway, introduced the “Blue Corridor Concept”"
    const people = evidence.flatMap((ev) =>
      (ix.people.get(ev.passageId) ?? [])
        .filter((x) => mentionsEntity(ev.snippet, x))
        .map((x) => ({ x, ev })),
    );
    const seen = new Set<FactEntity>();
    const lines: string[] = [];
    for (const { x, ev } of people) {
      if (seen.has(x) || lines.length >= MAX_LIST) continue;
      seen.add(x);
      lines.push(`${x.role ? `${x.name} (${x.role})` : x.name} ${cited(ev)}`);
    }
    if (lines.length) fields.People = lines.join('; ');
  }
  // Events: a person's are those the person took part in, with the role then; a thing's, those naming it
  const near =
    e.kind === 'person'
      ? { events: ix.byPerson.get(e) ?? [], figures: factsIn(ix, e.mentions).figures }
      : factsIn(ix, e.mentions);
  const events = filterEvents(
    (near.events as PersonEvent[]).filter((x) =>
      e.kind === 'person' ? tookPart(x, e) : mentionsEntity(`${x.title} ${x.citation.snippet}`, e),
    ),
  ).slice(0, MAX_LIST);
  if (events.length) {
    fields.Events = events
      .map((x) => {
        const reports = [x.citation, ...(x.alsoCitedBy ?? [])];
        // cite the report that names the person, so the line and its source say the same
        const c = (e.kind === 'person' && reports.find((r) => mentionsEntity(r.snippet, e))) || x.citation;
        const role = e.kind === 'person' ? roleAt(x, e, c.snippet) : '';
        return `${eventLine(x)}${role ? ` (as ${role})` : ''} ${sourceOf(input, c, citations)}`;
      })
      .join('; ');
  }
  const figures = near.figures
    .filter((x) => mentionsEntity(`${x.measure} ${x.citation.snippet}`, e))
    .slice(0, MAX_LIST);
  if (figures.length)
    fields.Figures = figures
      .map((x) => `${figureLine(x)} ${sourceOf(input, x.citation, citations)}`)
      .join('; ');
  const articles = new Set(e.mentions.map((id) => id.split('#')[0]));
  const count = e.mentionCount ?? e.mentions.length;
  if (count)
    fields.Sources = `mentioned in ${count} passage${count === 1 ? '' : 's'} of ${articles.size} article${articles.size === 1 ? '' : 's'}`;
  return { kind: 'entity', title: e.name, fields, citations };
}

/** The entity a question names, preferring people, organisations and programmes over places. */
function namedEntity(q: Question, ix: FactsIndex): FactEntity | undefined {
  const words = nameKey(q.text).split(' ').filter(Boolean);
  const scores = new Map<FactEntity, number>();
  for (let n = Math.min(ix.maxNameWords, words.length); n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) {
      const key = words.slice(i, i + n).join(' ');
      for (const e of ix.names.get(key) ?? []) {
        const s = key.length + (nameKey(e.name) === key ? 2 : 0);
        scores.set(e, Math.max(scores.get(e) ?? 0, s));
      }
    }
  }
  // "the Andes – Korea 2050 strategy": most of a long name's own words
  const hits = new Map<FactEntity, number>();
  for (const t of q.terms) for (const e of ix.nameTerms.get(t) ?? []) hits.set(e, (hits.get(e) ?? 0) + 1);
  for (const [e, hit] of hits) {
    const own = ownTerms(e);
    if (own.length >= 2 && hit >= 2 && hit / own.length >= 0.6)
      scores.set(e, Math.max(scores.get(e) ?? 0, hit * 3));
  }
  let best: FactEntity | undefined;
  let bestScore = 0;
  for (const [e, raw] of scores) {
    const s = e.kind === 'country' || e.kind === 'city' ? raw - 100 : raw;
    if (s > bestScore || (s === bestScore && best && (e.mentionCount ?? 0) > (best.mentionCount ?? 0))) {
      best = e;
      bestScore = s;
    }
  }
  return bestScore > 0 ? best : undefined;
}

/** "Who chaired the first leaders' summit?": the person named in the retrieved sentences that best match the question. */
function answeringPerson(q: Question, input: CardInput, ix: FactsIndex): FactEntity | undefined {
  const top = new Set(input.passages.slice(0, 3).map((p) => p.id));
  const entities = new Set([...top].flatMap((id) => ix.people.get(id) ?? []));
  // "who chaired …", "who introduced …": the asked-for act must be in the sentence that names the person
  const predicate = /^\s*(?:who|whom)\s+(?:(?:has|had|was|were|is)\s+)?(\p{L}+)/iu.exec(q.text)?.[1];
  const act = predicate && !/^(?:is|are|was|were)$/i.test(predicate) ? analyze(predicate)[0] : undefined;
  let best: FactEntity | undefined;
  let bestScore = 0;
  for (const e of entities) {
    if (e.kind !== 'person' || !e.mentions.some((m) => top.has(m))) continue;
    for (const p of input.passages.slice(0, 3)) {
      if (!e.mentions.includes(p.id)) continue;
      for (const s of p.sentences) {
        if (!mentionsEntity(s, e)) continue;
        let acts = 0;
        if (act && new Set(analyze(s, 'document')).has(act)) {
          // the nearer the name stands to the act ("Chaired by Ana Lind"), the surer
          const at = fold(s).search(
            new RegExp(`\\b${predicate!.toLowerCase().slice(0, Math.max(4, predicate!.length - 2))}`),
          );
          const names = [e.name, e.name.split(/\s+/).pop()!].map((n) => s.indexOf(n)).filter((i) => i >= 0);
          const gap = at >= 0 && names.length ? Math.min(...names.map((i) => Math.abs(i - at))) : 200;
          acts = 2 + 2 / (1 + gap / 10);
        }
        const score = overlap(q.topical, s) + acts + passageBonus(q, [{ chunkId: p.id } as Citation]) / 3;
        if (score > bestScore) {
          best = e;
          bestScore = score;
          if (!e.evidence?.some((x) => x.snippet === s)) {
            // the sentence that answers the question is the evidence the card shows
            best = { ...e, evidence: [{ passageId: p.id, snippet: s }, ...(e.evidence ?? [])].slice(0, 3) };
          }
        }
      }
    }
  }
  return bestScore >= 2 ? best : undefined;
}

// ---- figure cards ----

function figureScore(q: Question, f: WithConflicts<Figure>, intent: Intent): number {
  const measureHits = overlap(q.topical, `${f.measure} ${f.unit}`);
  const snippetHits = overlap(q.topical, f.citation.snippet);
  const bonus = passageBonus(q, [f.citation, ...(f.alsoCitedBy ?? [])]);
  const years = yearsOf(f.period);
  let yearScore = 0;
  if (q.years.length) {
    if (years.some((y) => q.years.includes(y))) yearScore = 2;
    else if (years.length) return 0; // the question asks about another year
  }
  const countryHits = q.countries.filter((c) => (f.countries ?? []).includes(c)).length;
  // related at all: a word of what it measures, or the best passage with the year asked
  if (measureHits === 0 && !(bonus >= 3 && (yearScore > 0 || snippetHits >= 1))) return 0;
  let score = measureHits * 3 + snippetHits + bonus + yearScore + countryHits * 0.5;
  const isCount = f.unit !== '%' && f.unit !== 'x' && !/^[A-Z]{3}$/.test(f.unit);
  if (intent === 'howmany') score += isCount ? 2 : -2;
  if (intent === 'howmuch') score += isCount ? -1 : 1;
  return score;
}

function figureCard(input: CardInput, ix: FactsIndex, f: WithConflicts<Figure>): Card {
  const fields: Record<string, string> = { Value: f.value, Measures: f.measure };
  if (f.period) fields.Period = f.period;
  fields['In numbers'] = `${formatNumber(f.number)} ${f.unit}`;
  // the other figures of the same sentence ("with exports at $12mn and imports at $72mn")
  const siblings = ix
    .figuresIn(f.citation.chunkId)
    .filter((x) => x !== f && x.citation.snippet === f.citation.snippet);
  if (siblings.length)
    fields['Same source also gives'] = siblings.slice(0, MAX_LIST).map(figureLine).join('; ');
  const citations = citeAll(input, [f.citation, ...(f.alsoCitedBy ?? [])], 2).filter((n) => n > 0);
  if (!citations.length) fields.Source = describeSource(f.citation);
  const card: Card = {
    kind: 'figure',
    // a measure that says only what money is for ("for …, pledged by …") reads with its value
    title: capitalise(
      `${/^for\s/.test(f.measure) ? `${f.value} ` : ''}${f.measure}${f.period ? ` (${f.period})` : ''}`,
    ),
    fields,
    citations,
  };
  const conflicts = citedConflicts(input, f.conflicts);
  if (conflicts) card.conflicts = conflicts;
  return card;
}

// ---- event cards ----

function eventScore(q: Question, e: WithConflicts<Event>): number {
  const titleHits = overlap(q.topical, e.title);
  const snippetHits = overlap(q.topical, e.citation.snippet);
  const bonus = passageBonus(q, [e.citation, ...(e.alsoCitedBy ?? [])]);
  if (q.years.length && !q.years.some((y) => e.date.startsWith(y) || (e.endDate ?? '').startsWith(y)))
    return 0;
  // related at all: two words of the question in its title, or one in a retrieved passage's sentence
  if (titleHits < 2 && !(titleHits >= 1 && bonus > 0) && !(snippetHits >= 2 && bonus >= 1.5)) return 0;
  const countryHits = q.countries.filter((c) => (e.countries ?? []).includes(c)).length;
  const first = /\bfirst\b/i.test(q.text) && /\bfirst\b/i.test(e.title) ? 1.5 : 0;
  return titleHits * 3 + snippetHits + bonus + countryHits * 0.5 + first;
}

function eventCard(input: CardInput, e: WithConflicts<Event>): Card {
  const fields: Record<string, string> = { Date: e.dateText };
  if (e.endDate && !/[–-]/.test(e.dateText)) fields.Until = e.endDate;
  fields.Event = e.title;
  if (e.countries?.length) fields.Countries = e.countries.join(', ');
  const reports = 1 + (e.alsoCitedBy?.length ?? 0);
  if (reports > 1) fields.Reports = `${reports} sources`;
  const citations = citeAll(input, [e.citation, ...(e.alsoCitedBy ?? [])], 3).filter((n) => n > 0);
  // no room left among the answer's citations: the card names where the event is reported
  if (!citations.length) fields.Source = describeSource(e.citation);
  // what a source wrote ahead of time: its expected date, with when it said so, cited like any line
  const expected = (e as WithConflicts<Event> & { expected?: Expectation[] }).expected ?? [];
  if (expected.length) {
    fields['Expected earlier'] = expected
      .map((x) => {
        return `${x.dateText}${x.asOf ? `, as of ${x.asOf}` : ''} ${sourceOf(input, x.citation, citations)}`;
      })
      .join('; ');
  }
  const card: Card = { kind: 'event', title: capitalise(e.title), fields, citations };
  const conflicts = citedConflicts(input, e.conflicts);
  if (conflicts) card.conflicts = conflicts;
  return card;
}

// ---- topic cards ----

function topicCard(input: CardInput, q: Question): Card | undefined {
  // "Japan and Kazakhstan": the countries other than Japan decide (Japan is in every fact)
  const focus = q.countries.filter((c) => c !== 'Japan');
  const wanted = focus.length ? focus : q.countries;
  if (!wanted.length) return undefined;
  const extra = new Set([...q.topical].filter((t) => !COMMON.has(t)));
  const filter = [...wanted, ...q.years].join(' ');
  // the retrieved passages' facts first; the words of the question are checked on a bounded few
  const byRank = <T extends { citation: Citation }>(xs: T[]) =>
    [...xs].sort((a, b) => passageBonus(q, [b.citation]) - passageBonus(q, [a.citation])).slice(0, 300);
  const events = byRank(filterEvents(input.facts.events, filter)).filter(
    (e) => !extra.size || overlap(extra, `${e.title} ${e.citation.snippet}`) > 0,
  );
  // (a library read from its cache reads only the figures about the first country, not all of them)
  const about = input.facts.figuresAbout?.(wanted[0]) ?? input.facts.figures;
  const figures = byRank(
    about.filter(
      (f) =>
        wanted.every((c) => (f.countries ?? []).includes(c)) &&
        (!q.years.length || yearsOf(f.period).some((y) => q.years.includes(y))),
    ),
  ).filter((f) => !extra.size || overlap(extra, `${f.measure} ${f.citation.snippet}`) > 0);
  if (!events.length && !figures.length) return undefined;
  const fields: Record<string, string> = {};
  const citations: number[] = [];
  // the reports the retrieval ranked first, then the rest, shown in date order
  const chosenEvents = events.slice(0, 5);
  if (chosenEvents.length) {
    fields['Key events'] = filterEvents(chosenEvents)
      .map((e) => `${eventLine(e)} ${sourceOf(input, e.citation, citations)}`)
      .join('; ');
  }
  const chosenFigures = figures.slice(0, 3);
  if (chosenFigures.length) {
    fields['Key figures'] = chosenFigures
      .map((f) => `${figureLine(f)} ${sourceOf(input, f.citation, citations)}`)
      .join('; ');
  }
  const names = q.countries.includes('Japan') || !focus.length ? ['Japan', ...focus] : focus;
  return { kind: 'topic', title: [...new Set(names)].join(' and '), fields, citations };
}

// ---- choosing ----

function bestBy<T>(items: T[], score: (x: T) => number, min: number): T | undefined {
  let best: T | undefined;
  let bestScore = min;
  for (const x of items) {
    const s = score(x);
    if (s > bestScore) {
      best = x;
      bestScore = s;
    }
  }
  return best;
}

/** Cards for an answer: at most two, none when no fact is clearly about the question. */
export function buildCards(input: CardInput): Card[] {
  const q = readQuestion(input);
  const ix = indexOf(input.facts);
  const cards: Card[] = [];
  const named = namedEntity(q, ix);
  // figure and event cards come from the facts of the passages the engine retrieved
  const near = factsIn(
    ix,
    input.passages.map((p) => p.id),
  );
  const add = (card: Card | undefined) => {
    if (
      card &&
      cards.length < MAX_CARDS &&
      !cards.some((c) => c.kind === card.kind && c.title === card.title)
    )
      cards.push(card);
  };

  const thing = named && named.kind !== 'country' && named.kind !== 'city' ? named : undefined;
  const figure = (min: number) => bestBy(near.figures, (x) => figureScore(q, x, input.intent), min);
  const event = (min: number) => bestBy(near.events, (x) => eventScore(q, x), min);
  switch (input.intent) {
    case 'who':
    case 'define': {
      const e = thing ?? (input.intent === 'who' ? answeringPerson(q, input, ix) : undefined);
      if (e) add(entityCard(input, ix, e));
      break;
    }
    case 'howmuch':
    case 'howmany': {
      const f = figure(4);
      if (f) add(figureCard(input, ix, f));
      break;
    }
    case 'when': {
      const e = event(4);
      if (e) add(eventCard(input, e));
      break;
    }
    case 'where': {
      const e = event(6);
      if (e) add(eventCard(input, e));
      break;
    }
    case 'topic': {
      // "Japan and Kazakhstan": a topic card; a named organisation or programme: its card; a year and a
      // measure ("trade turnover uzbekistan 2023"): the figure
      if (thing) add(entityCard(input, ix, thing));
      else {
        if (q.years.length) {
          const f = figure(5);
          if (f) add(figureCard(input, ix, f));
        }
        add(topicCard(input, q));
      }
      break;
    }
    default: {
      // what / which: a card only when the question names the thing, or a figure or event plainly answers it
      if (thing && /^(what|which)\s+(is|are|was|were)\b/i.test(q.text.trim()))
        add(entityCard(input, ix, thing));
      else {
        const f = figure(9);
        if (f) add(figureCard(input, ix, f));
        else {
          const e = event(8);
          if (e) add(eventCard(input, e));
        }
      }
    }
  }
  return cards;
}

// ---- authors ----

/**
 * "Who is <author>?" when the library names the person only as an article's author (front matter, no
 * passage): an entity card with the stated post, citing the opening of the article the person wrote.
 * Undefined when the question names no author.
 */
export function bylineCard(
  question: string,
  facts: Facts,
  cite: (passageId: string, snippet: string) => number,
  passage: (id: string) => Passage | undefined,
): Card | undefined {
  const ix = indexOf(facts);
  const words = nameKey(question).split(' ').filter(Boolean);
  let author: FactEntity | undefined;
  for (let n = Math.min(4, words.length); n >= 1 && !author; n--)
    for (let i = 0; i + n <= words.length && !author; i++)
      author = (ix.authors.get(words.slice(i, i + n).join(' ')) ?? []).find(
        // a full name, or the surname alone ("Who is Primerov?")
        (e) => e.authorOf?.length && (n >= 2 || nameKey(e.name.split(/\s+/).pop()!) === words[i]),
      );
  if (!author?.authorOf) return undefined;
  const citations: number[] = [];
  const fields: Record<string, string> = { Name: author.name, Type: 'person' };
  const lines: string[] = [];
  for (const a of author.authorOf) {
    const opening = passage(`${a.articleId}#1`);
    const n = opening?.sentences[0] ? cite(opening.id, opening.sentences[0]) : 0;
    if (n > 0 && !citations.includes(n)) citations.push(n);
    const source = describeSource({ title: a.title, source: a.source, date: a.date });
    lines.push(`${source}${a.post ? ` — stated post: ${a.post}` : ''}${n > 0 ? ` [${n}]` : ''}`);
  }
  fields['Author of'] = lines.join('; ');
  if (author.role) fields.Role = `${author.role} (as the article states)`;
  return { kind: 'entity', title: author.name, fields, citations };
}
