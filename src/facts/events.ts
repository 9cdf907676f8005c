// Dated events: each date a sentence ties to a happening becomes an event titled with the text's own
// words, then the reports of one happening (the same summit in two articles, the same visit told twice)
// are merged into one event with several citations.
import { citationFor } from '../library/citation.js';
import { analyze } from '../search/analyzer.js';
import type { ArticleMeta, Citation, Event, Passage } from '../types.js';
import {
  DATING_PARTICIPLES,
  endsWithAuxiliary,
  nounPhraseBefore,
  segments,
  shortenTitle,
  startsWithVerb,
  stripLeading,
  tidy,
  type Segment,
} from './clauses.js';
import { countWords } from '../corpus/chunk.js';
import { datesCompatible, type DateMention } from './dates.js';
import { CENTRAL_ASIA, citiesIn, countriesIn } from '../lexicon/index.js';
import { composeTitle } from './compose.js';
import { countriesOf, peopleIn } from './participants.js';

/** One report of a happening, before reports are merged. */
export interface EventMention {
  date: string;
  endDate?: string;
  dateText: string;
  /** 1 year, 2 month/quarter, 3 day. */
  precision: number;
  inferredYear?: boolean;
  title: string;
  countries: string[];
  /** People who took part, by full name. */
  people: string[];
  /** Told ahead of time ("will be held"): the source's expectation as of `asOf`. */
  planned?: boolean;
  asOf?: string;
  citation: Citation;
  /** Passage order within the corpus, for stable output. */
  order: number;
}

/** Nouns that name a happening: a title holding none of them (and no verb) borrows the sentence's head noun. */
export const EVENT_NOUNS =
  /\b(visits?|meetings?|summits?|talks|forums?|conferences?|fairs?|exhibitions?|sessions?|dialogues?|agreements?|treaty|treaties|declarations?|plans?|programs?|programmes?|strateg(?:y|ies)|concepts?|initiatives?|memorandums?|statements?|commissions?|committees?|trips?|tours?|elections?|ceremony|launch|opening|signing|adoption|establishment|transition|elevation|introduction|inauguration|visa|entry|independence|relations|partnership|negotiations|consultations|projects?|loans?|grants?)\b/i;

const HAS_VERB =
  /\b(?:was|were|is|are|has|have|had|will|would|[a-z\u00DF-\u00FF]+ed|took|held|met|signed|became|began|made|gave|saw)\b/i;

// A date that scopes a statistic ("In 2030, their trade came to $84mn") is a figure's
// period, not a happening; the figure extractor reports it.
const STATISTIC = /(?:[$€£¥₽]\s?\d|\d\s?%|\d+(?:\.\d+)?\s?(?:mn|bn|million|billion|trillion|percent)\b)/i;
const STAT_VERB =
  /\b(amount(?:ed|s)? to|total(?:l?ed|s)?|reach(?:ed|es)|saw|stood at|grew|rose|fell|increased|decreased|declined|exceed(?:ed|s|ing)|accounted for|was worth)\b/i;

function isStatistic(t: string): boolean {
  return STATISTIC.test(t) && STAT_VERB.test(t);
}

const PRONOUN_START = /^(?:he|she|his|her|they|we|i|it|you|him|them)\b/i;

function placeOf(text: string): string | undefined {
  const m =
    /^\s*(?:in|at)\s+((?:[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F-]+)(?:,?\s+[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F-]+)?)\s*$/.exec(
      text,
    );
  return m ? m[1] : undefined;
}

function withoutDate(s: string, from: number, to: number, d: DateMention): string {
  return `${s.slice(from, Math.max(from, d.leadStart))} ${s.slice(Math.min(to, d.end), to)}`;
}

/**
 * The title of the happening a date belongs to, or undefined when the date does not date a happening.
 * `eventDates` are the sentence's dates that can date events (the others, periods and deadlines, stay in the text).
 */
export function titleFor(
  s: string,
  d: DateMention,
  eventDates: DateMention[],
  segs: Segment[] = segments(
    s,
    eventDates.map((x) => [x.start, x.end]),
  ),
): string | undefined {
  const idx = segs.findIndex((g) => d.start >= g.start && d.end <= g.end);
  if (idx < 0) return undefined;
  const seg = segs[idx];
  const segText = seg.text.trim();
  // "…Lind, who in 2011 was the country's envoy": a role held, not a happening.
  if (/^(who|whose)\b/i.test(segText) && /\b(was|were|is|served)\b/.test(segText)) return undefined;
  if (STATISTIC.test(segText) && STAT_VERB.test(segText)) return undefined;
  const sepBefore = idx > 0 ? s.slice(segs[idx - 1].end, seg.start) : '';

  let title: string | undefined;
  let place: string | undefined;

  // "Chile (signed in 2029) and Peru (signed in 2030) have similar treaties with Korea"
  const paren = [...s.matchAll(/\(([^()]*)\)/g)].find(
    (m) => d.start > m.index && d.end < m.index + m[0].length,
  );
  if (paren) {
    const np = nounPhraseBefore(s, paren.index, 4).text.replace(/^(?:only|and|or|both)\s+/i, '');
    const inner = tidy(withoutDate(s, paren.index + 1, paren.index + paren[0].length - 1, d));
    const lastClose = seg.text.lastIndexOf(')');
    const tail = stripLeading(
      seg.text.slice(lastClose + 1).replace(/^\s*(?:have|has|had|are|is|were|was)\s+/i, ''),
    );
    title = [`${np} ${inner}`.trim(), tail].filter(Boolean).join(' … ');
    return finish(title, segs);
  }

  // Several dates in one phrase ("Kim in May 2011 and Park Sena in June 2014"): each takes its own stretch.
  const inSeg = eventDates.filter((x) => x.start >= seg.start && x.end <= seg.end);
  const k = inSeg.indexOf(d);
  const from = k > 0 ? inSeg[k - 1].end : seg.start;
  const to = k >= 0 && k < inSeg.length - 1 ? d.end : seg.end;
  const before = s.slice(from, d.leadStart);
  const after = s.slice(d.end, to);
  const opensWithPreposition =
    /^(?:during|following|after|before|at|in|on|with|under|including|such as|as well as|as)\b/i.test(
      stripLeadingSoft(segText),
    );

  if (
    countWords(stripLeading(before)) >= 2 &&
    startsWithVerb(after) &&
    !endsWithAuxiliary(before) &&
    !DATING_PARTICIPLES.test(before)
  ) {
    // "The transition to a strategic partnership format in 2002 has allowed…": the date closes the subject;
    // a short subject ("The talks in 2030 spurred…") keeps the start of what it did.
    title = before;
    if (countWords(stripLeading(before)) <= 3) {
      const predicate = after
        .split(/,\s|;\s|\s[—–]\s/)[0]
        .trim()
        .split(/\s+/)
        .slice(0, 8)
        .join(' ');
      title = `${before.trim()} ${predicate}`;
    }
  } else {
    const participle = DATING_PARTICIPLES.exec(
      before.replace(
        /\s+(?:in|at)\s+[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F-]+(?:,\s*[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F-]+)?\s*$/,
        '',
      ),
    );
    const beforeParticiple = participle ? before.slice(0, participle.index) : '';
    const relative =
      participle && /\b(?:that|which)\s+(?:was|were|had been|has been|have been)\s*$/i.exec(beforeParticiple);
    if (relative && !opensWithPreposition) {
      // "…from the earlier Work Plan that was approved in 2027"
      const np = nounPhraseBefore(s, from + relative.index, 6);
      if (countWords(np.text) >= 1) title = `${np.text} ${before.slice(relative.index).trim()}`;
    } else if (participle && !endsWithAuxiliary(beforeParticiple) && !opensWithPreposition) {
      // "…the 10th anniversary of the “Andes + Korea” forum founded in 2021": the date belongs to the noun.
      const np = nounPhraseBefore(s, from + participle.index, 6);
      if (np.start - from >= 15 && countWords(np.text) >= 1)
        title = `${np.text} ${before.slice(participle.index).trim()}`;
    }
    if (!title) {
      const rest = withoutDate(s, from, to, d);
      const content = stripLeading(rest);
      place = placeOf(rest);
      const elliptical =
        /^(?:latest|last|next|former|same|previous|following|once|twice)\b/i.test(content) &&
        countWords(content) <= 4;
      // a date after nothing but sentence adverbs ("Earlier, in March 2031, …") opens the clause too
      const opensClause =
        idx === 0 ||
        segs.slice(0, idx).every((g) => !stripLeading(g.text)) ||
        /^[A-Z\u00C0-\u00DE]/.test(d.lead || d.text) ||
        /[—–]/.test(sepBefore);
      if ((countWords(content) >= 3 && !place && !elliptical) || (k > 0 && countWords(content) >= 1)) {
        title = content;
        // biome-ignore lint/suspicious/noAssignInExpressions: the forward title is sought only when the first branch fails
      } else if (opensClause && (title = forwardTitle(segs, idx, (p) => (place ??= p)))) {
        if (isStatistic(title)) return undefined;
      } else if (!segs[idx - 1]) {
        return undefined;
      } else if (countWords(content) <= 1 && DATING_PARTICIPLES.test(content)) {
        title = `${stripLeading(segs[idx - 1].text)} ${content}`; // "The … Friendship Society, established in 1999"
      } else {
        const prev = stripLeading(segs[idx - 1].text);
        title = content && !place ? `${prev}, ${tidy(rest)}` : prev;
      }
    }
  }
  if (!title) return undefined;
  return finish(title, segs, place);
}

// Like stripLeading, but keeps prepositions: used to see how a phrase opens.
function stripLeadingSoft(text: string): string {
  return text
    .replace(
      /^(?:[A-Z\u00C0-\u00DE][a-z\u00DF-\u00FF]+ly,\s*|as an instance,\s*|for (?:example|instance),\s*)/i,
      '',
    )
    .trim();
}

/** A date standing alone at the front ("In 2030, …", "On May 4, 2031 in Osh, …"): the happening is in the clause that follows. */
function forwardTitle(segs: Segment[], idx: number, notePlace: (p: string) => void): string | undefined {
  for (let j = idx + 1; j < segs.length; j++) {
    const text = segs[j].text.trim();
    const p = placeOf(text);
    if (p) {
      notePlace(p);
      continue;
    }
    if (/^(?:in|at|under|on|during|with|within|according to|amid|after|following|as part of)\b/i.test(text))
      continue;
    // "…, Osh will host a rare event … — the first forum of rail ministers…": the dash names the event.
    const next = segs[j + 1];
    if (
      next &&
      /^(?:the|a|an)\s/i.test(next.text.trim()) &&
      EVENT_NOUNS.test(next.text) &&
      !HAS_VERB.test(next.text) &&
      countWords(text) > 5
    ) {
      return next.text;
    }
    // "Omar Test, President of the Republic of Chad, took part in…": skip the apposition.
    if (
      countWords(text) <= 3 &&
      next &&
      segs[j + 2] &&
      !HAS_VERB.test(next.text) &&
      HAS_VERB.test(segs[j + 2].text)
    ) {
      return `${text} … ${segs[j + 2].text.trim()}`;
    }
    return text;
  }
  return undefined;
}

function finish(raw: string, segs: Segment[], place?: string): string | undefined {
  let title = stripLeading(tidy(raw));
  // "the first such trip": a title that only points elsewhere says nothing on its own
  if (!title || PRONOUN_START.test(title) || /\bsuch\s+\S+$/i.test(title)) return undefined;
  if (!EVENT_NOUNS.test(title) && !HAS_VERB.test(title)) {
    // "…including those by Korean Prime Ministers Kim Doyun in May 2011": borrow "Official trips".
    const head = segs[0] && stripLeading(segs[0].text);
    if (head && countWords(head) <= 5 && EVENT_NOUNS.test(head) && !title.startsWith(head))
      title = `${head} … ${title}`;
    else if (countWords(title) < 3) return undefined;
  }
  title = shortenTitle(title, 20);
  if (countWords(title) < 2) return undefined;
  // "…was held" + the place the sentence gave up front ("On May 4, 2031 in Osh, …")
  if (
    place &&
    /\b(held|hosted|signed|opened|inaugurated|adopted|convened|organized|organised|took place)$/i.test(title)
  ) {
    title = `${title} in ${place}`;
  }
  return title;
}

export interface SentenceContext {
  article: ArticleMeta;
  passage: Passage;
  /** The passage's sentences. */
  sentences: string[];
  /** Index of the sentence in `sentences`. */
  index: number;
  order: number;
}

const ANAPHOR =
  /\b(?:similar|such(?!\s+as\b)|the same|these|those|the latter|the former)\s+[A-Za-z\u00C0-\u024F]+/i;

/** The sentence a fact is cited with, plus a neighbour when the sentence cannot stand alone. */
export function snippetFor(sentences: string[], index: number): string {
  const s = sentences[index];
  const next = sentences[index + 1];
  const prev = sentences[index - 1];
  if (prev && ANAPHOR.test(s) && countWords(prev) <= 60) return `${prev} ${s}`;
  if (next && countWords(s) < 14 && !/\d/.test(next.replace(/\[\d+\]/g, '')) && countWords(next) <= 45)
    return `${s} ${next}`;
  return s;
}

const BOTH_SIDES =
  /\b(?:both (?:nations|countries|sides|states|parties)|the two (?:nations|countries|sides|states)|the parties|the sides|bilateral|each other)\b/i;

/** Countries an event involves: those of its title and sentence, else of the sentences before it in the passage. */
function eventCountries(title: string, sentences: string[], index: number): string[] {
  const found = countriesIn(title);
  const sentence = countriesIn(sentences[index]);
  // a title naming its own Central Asian country keeps to it ("Uzbekistan (signed in 2008) … with Japan"),
  // else the sentence's countries, else those of the sentences before it
  if (found.some((c) => CENTRAL_ASIA.includes(c))) {
    if (sentence.includes('Japan') && !found.includes('Japan')) found.push('Japan');
    return found;
  }
  for (const c of sentence) if (!found.includes(c)) found.push(c);
  // "…signed by the ministries of both nations": the nations are named just before
  if (!BOTH_SIDES.test(sentences[index])) return found;
  for (let j = index - 1; j >= Math.max(0, index - 2) && !found.some((c) => CENTRAL_ASIA.includes(c)); j--) {
    for (const c of countriesIn(sentences[j])) if (!found.includes(c)) found.push(c);
  }
  return found;
}

// A sentence that goes on telling the happening of the one before ("Chaired by …, the summit brought
// together …"): its people and countries are the happening's too.
const CONTINUES =
  /^(?:Chaired by|Hosted by|Led by|During (?:the|this)|At (?:the|this)|(?:The|This) (?:summit|meeting|visit|forum|session|conference|event|talks)\b)/;

/** Event reports in one sentence. */
export function eventsInSentence(ctx: SentenceContext, dates: DateMention[]): EventMention[] {
  const s = ctx.sentences[ctx.index];
  const eventDates = dates.filter(
    (d) => !d.inName && (d.role === 'point' || d.role === 'since' || d.role === 'range'),
  );
  if (!eventDates.length) return [];
  const segs = segments(
    s,
    dates.map((x) => [x.start, x.end]),
  );
  const out: EventMention[] = [];
  const next = ctx.sentences[ctx.index + 1];
  const continued = next && CONTINUES.test(next) && eventDates.length === 1 ? next : undefined;
  const sentenceCountries = countriesOf(s);
  for (const d of eventDates) {
    const raw = titleFor(s, d, eventDates, segs);
    if (!raw) continue;
    const composed = composeTitle(raw, {
      sentence: s,
      before: ctx.sentences.slice(Math.max(0, ctx.index - 2), ctx.index),
      countries: sentenceCountries,
      date: d.date,
    });
    if (!composed) continue;
    const { title } = composed;
    // who took part: the people of its own stretch; of the whole sentence when it tells one happening
    const people = peopleIn(title);
    if (eventDates.length === 1) for (const p of peopleIn(s)) if (!people.includes(p)) people.push(p);
    if (continued) for (const p of peopleIn(continued)) if (!people.includes(p)) people.push(p);
    const snippet = continued ? `${s} ${continued}` : snippetFor(ctx.sentences, ctx.index);
    const countries = eventCountries(title, ctx.sentences, ctx.index);
    const more = [
      ...countriesOf(title, people, d.date),
      ...(eventDates.length === 1 ? countriesOf(s, [], d.date) : []),
      ...(continued ? countriesOf(continued, [], d.date) : []),
    ];
    for (const c of more) if (!countries.includes(c)) countries.push(c);
    const m: EventMention = {
      date: d.date,
      dateText: tidy(d.text),
      precision: d.precision === 'day' ? 3 : d.precision === 'year' ? 1 : 2,
      title,
      countries,
      people,
      citation: citationFor(ctx.article, ctx.passage, snippet, 1),
      order: ctx.order,
    };
    if (composed.planned) {
      m.planned = true;
      if (ctx.article.published) m.asOf = ctx.article.published;
    }
    if (d.endDate) m.endDate = d.endDate;
    if (d.inferredYear) m.inferredYear = true;
    out.push(m);
  }
  return out;
}

// ---- merging reports of one happening ----
// Two reports tell one happening when they agree on what kind of thing happened, when (at any
// precision), where (when both say), and who (when both name people), and something ties them beyond
// that: a person both name, the same set of several countries, or the distinctive words they share.

const ORDINAL =
  /\b(first(?:-ever)?|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)(?!\s+anniversary)|inaugural)\b/gi;

// Kinds of happening, most specific first; the first whose words a title holds is its kind.
const KINDS: [string, RegExp][] = [
  ['summit', /\bsummits?\b/i],
  ['visit', /\b(?:visits?|visited|trips?|tours?)\b/i],
  [
    'meeting',
    /\b(?:meetings?|met|meet|convened|talks|sessions?|consultations|participated|attended|took part)\b/i,
  ],
  ['fair', /\b(?:fairs?|exhibitions?|expos?)\b/i],
  ['forum', /\b(?:forums?|conferences?|congress)\b/i],
  ['agreement', /\b(?:agreements?|memorand(?:um|a)|treat(?:y|ies)|signed|roadmaps?)\b/i],
  [
    'launch',
    /\b(?:introduc\w*|initiat\w*|establish\w*|found(?:ed|ing)|launch\w*|creat(?:ed|ion)|inaugurat\w*|opened|set up|formed)\b/i,
  ],
  [
    'plan',
    /\b(?:plans?|programs?|programmes?|strateg(?:y|ies)|concepts?|declarations?|adopted|executed|instituted)\b/i,
  ],
  ['pledge', /\b(?:pledg\w*|promis\w*|allocat\w*|committed|grants?|loans?)\b/i],
  ['relations', /\b(?:partnership|transition|elevation|relations)\b/i],
];

export function kindOf(title: string): string {
  return KINDS.find(([, re]) => re.test(title))?.[0] ?? 'other';
}

// Different words for the same step, brought together before comparing reports.
const SAME_STEP: [RegExp, string][] = [
  [
    /\b(?:establish\w*|initiat\w*|launch\w*|introduc\w*|creat(?:e|ed|ing|ion)|found(?:ed|ing)|set up|instituted)\b/gi,
    'introduced',
  ],
  [/\bheads? of state\b|\bleaders[’']?|\bpresidents\b/gi, 'leaders'],
  [/\bCentral Asia\s*(?:[—–+-]|plus)\s*Japan\b/g, 'Central Asia + Japan'],
  [/\bministr(?:y|ies) of foreign affairs\b|\bministers? of foreign affairs\b/gi, 'foreign ministers'],
  [/\bfirst-ever\b|\binaugural\b/gi, 'first'],
  [/\b(?:elevat\w*|transition\w*|upgrad\w*|rais(?:e|ed|ing))\b/gi, 'elevated'],
];

interface Signature {
  kind: string;
  terms: Set<string>;
  ordinals: Set<string>;
  place?: string;
  people: Set<string>;
  countries: Set<string>;
  planned: boolean;
}

export function signatureOf(m: Pick<EventMention, 'title' | 'people' | 'countries' | 'planned'>): Signature {
  // the whose-prefix ("Kyrgyzstan and Japan: …") is who, not what: countries compare it
  let normal = m.title.replace(/^[^:“"]{3,60}:\s+(?=[a-z])/, '');
  for (const [re, to] of SAME_STEP) normal = normal.replace(re, to);
  const terms = new Set(analyze(normal));
  const ordinals = new Set(
    [...m.title.matchAll(ORDINAL)].map((x) => x[1].toLowerCase().replace('-ever', '')),
  );
  if (ordinals.delete('inaugural')) ordinals.add('first');
  // the people the report names (a name with a post, or one the lexicon knows)
  const people = new Set(m.people.map((p) => p.split(/\s+/).pop()!));
  const place = citiesIn(m.title)[0];
  const sig: Signature = {
    kind: kindOf(m.title),
    terms,
    ordinals,
    people,
    countries: new Set(m.countries),
    planned: Boolean(m.planned),
  };
  if (place) sig.place = place;
  return sig;
}

const disjoint = <T>(a: Set<T>, b: Set<T>) => a.size > 0 && b.size > 0 && ![...a].some((x) => b.has(x));
const sameSet = <T>(a: Set<T>, b: Set<T>) => a.size === b.size && [...a].every((x) => b.has(x));

/** Do two reports tell the same happening? */
export function sameHappening(
  a: EventMention,
  sa: Signature,
  b: EventMention,
  sb: Signature,
  idf: (t: string) => number,
): boolean {
  if (!datesCompatible(a.date, a.endDate, b.date, b.endDate)) return false;
  if (sa.kind !== sb.kind || sa.planned !== sb.planned) return false;
  if (disjoint(sa.ordinals, sb.ordinals)) return false;
  if (sa.place && sb.place && sa.place !== sb.place) return false;
  if (disjoint(sa.people, sb.people)) return false;
  if ([...sa.people].some((p) => sb.people.has(p))) return true;
  let shared = 0;
  let wa = 0;
  let wb = 0;
  for (const t of sa.terms) {
    wa += idf(t);
    if (sb.terms.has(t)) shared += idf(t);
  }
  for (const t of sb.terms) wb += idf(t);
  const min = Math.min(wa, wb);
  const overlap = min > 0 ? shared / min : 0;
  if (overlap >= 0.5) return true;
  const countries = sameSet(sa.countries, sb.countries) && sa.countries.size > 0;
  // several countries together (a multilateral meeting) in the same month or year, of the same kind
  if (countries && sa.countries.size >= 3) return true;
  return overlap >= 0.25 && (countries || Boolean(sa.place && sa.place === sb.place));
}

/** Merged event: the most precise report leads; the others are `alsoCitedBy`. */
export interface MergedEvent extends Event {
  /** People who took part, by full name (beyond the contract). */
  people?: string[];
  /** A happening told ahead of time: the source's expectation, as of its publication date `asOf`. */
  planned?: boolean;
  asOf?: string;
  /** Every report, the lead first (kept for conflict detection and cards; not part of the contract). */
  reports: { dateText: string; date: string; endDate?: string; citation: Citation; inferredYear?: boolean }[];
}

const MAX_ALSO_CITED = 12;

export function mergeEvents(mentions: EventMention[]): MergedEvent[] {
  // Identical reports (syndicated copies) collapse first, in one pass.
  const exact = new Map<string, EventMention[]>();
  for (const m of mentions) {
    const key = `${m.date}|${m.endDate ?? ''}|${m.title.toLowerCase()}`;
    const list = exact.get(key);
    if (list) list.push(m);
    else exact.set(key, [m]);
  }
  const groups = [...exact.values()];
  const sigs = groups.map((g) => signatureOf(g[0]));
  const df = new Map<string, number>();
  for (const s of sigs) for (const t of s.terms) df.set(t, (df.get(t) ?? 0) + 1);
  const n = groups.length;
  const idf = (t: string) => Math.log(1 + n / (df.get(t) ?? 1));

  // Reports are compared only within a year and a kind (a happening's reports share both): the buckets
  // stay small at 10,000 articles.
  const parent = groups.map((_, i) => i);
  const find = (i: number): number => {
    if (parent[i] !== i) parent[i] = find(parent[i]);
    return parent[i];
  };
  const buckets = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = `${groups[i][0].date.slice(0, 4)}|${sigs[i].kind}`;
    const list = buckets.get(key);
    if (list) list.push(i);
    else buckets.set(key, [i]);
  }
  const MAX_BUCKET = 400;
  for (const ids of buckets.values()) {
    const bounded = ids.slice(0, MAX_BUCKET);
    for (let x = 0; x < bounded.length; x++)
      for (let y = 0; y < x; y++) {
        const i = bounded[x];
        const j = bounded[y];
        if (find(i) === find(j)) continue;
        if (sameHappening(groups[i][0], sigs[i], groups[j][0], sigs[j], idf)) parent[find(i)] = find(j);
      }
  }
  const clusters = new Map<number, EventMention[]>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    const list = clusters.get(root);
    if (list) list.push(...groups[i]);
    else clusters.set(root, [...groups[i]]);
  }
  const out: MergedEvent[] = [];
  for (const reports of clusters.values()) {
    reports.sort(
      (a, b) =>
        b.precision - a.precision ||
        Number(Boolean(b.endDate)) - Number(Boolean(a.endDate)) ||
        Number(Boolean(a.inferredYear)) - Number(Boolean(b.inferredYear)) ||
        // a report that says where leads one that does not
        Number(citiesIn(b.title).length > 0) - Number(citiesIn(a.title).length > 0) ||
        a.order - b.order,
    );
    const lead = reports[0];
    const seen = new Set<string>([`${lead.citation.articleId}|${lead.citation.snippet}`]);
    const also: Citation[] = [];
    for (const r of reports.slice(1)) {
      const key = `${r.citation.articleId}|${r.citation.snippet}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (also.length < MAX_ALSO_CITED) also.push(r.citation);
    }
    const countries: string[] = [];
    for (const r of reports) for (const c of r.countries) if (!countries.includes(c)) countries.push(c);
    const people: string[] = [];
    for (const r of reports) for (const p of r.people) if (!people.includes(p)) people.push(p);
    const event: MergedEvent = {
      date: lead.date,
      dateText: lead.dateText,
      title: lead.title,
      citation: lead.citation,
      reports: reports
        .filter((r, i) => i === 0 || also.includes(r.citation))
        .map((r) => {
          const rep: MergedEvent['reports'][number] = {
            dateText: r.dateText,
            date: r.date,
            citation: r.citation,
          };
          if (r.endDate) rep.endDate = r.endDate;
          if (r.inferredYear) rep.inferredYear = true;
          return rep;
        }),
    };
    if (lead.endDate) event.endDate = lead.endDate;
    if (also.length) event.alsoCitedBy = also;
    if (countries.length) event.countries = countries;
    if (people.length) event.people = people;
    if (lead.planned) {
      // the title says it is an expectation and when it was written, wherever the entry is shown
      event.planned = true;
      event.title = `${lead.title} (expected${lead.asOf ? ` as of ${lead.asOf}` : ''})`;
      if (lead.asOf) event.asOf = lead.asOf;
    }
    out.push(event);
  }
  return sortEvents(out);
}

/** Chronological: by date (a year before its months), then by end, then by title. */
export function sortEvents<T extends Event>(events: T[]): T[] {
  return events.sort(
    (a, b) =>
      a.date.slice(0, 4).localeCompare(b.date.slice(0, 4)) ||
      a.date.localeCompare(b.date) ||
      (a.endDate ?? a.date).localeCompare(b.endDate ?? b.date) ||
      a.title.localeCompare(b.title),
  );
}
