// Where the sources disagree on one fact. Two reports are about the same fact only when the words say so
// unambiguously: "the first X" dated D1 in one source contradicts an X (same kind of occasion, nothing to
// tell them apart) dated before D1 in another; two "first X" with dates that cannot both hold contradict
// each other. Reports of one date at different precision ("August 2004" and "2004") agree. Figures
// conflict when the same measure for the same period has two different values.
import type { Citation, Conflict, Event, Figure } from '../types.js';
import { datesCompatible } from './dates.js';
import { analyze } from '../search/analyzer.js';
import type { MergedEvent } from './events.js';

// Occasions that happen once per number ("the first summit", "the seventh meeting").
const OCCASION =
  /\b(summit|meeting|visit|forum|conference|session|talks|round|congress|expo|exhibition|games)s?\b/i;
const FIRST =
  /\b(?:first(?:-ever)?|inaugural)\s+(?:(?:[A-Za-z\u00C0-\u024F’'-]+\s+){0,3})?(summit|meeting|visit|forum|conference|session|talks|round|congress|expo|exhibition|games)\b/i;
const OTHER_ORDINAL =
  /\b(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|next|latest|last|previous|regular|annual|\d+(?:st|nd|rd|th)(?!\s+anniversary))\b/i;

// Same words for "leaders" and for the format, so a "Leaders’ Summit" meets a "summit of heads of state".
function qualifierTerms(title: string, occasion: string): Set<string> {
  // only the occasion's own noun phrase qualifies it: "20th anniversary summit [will mark a new chapter]"
  const head = title.toLowerCase().search(new RegExp(`\\b${occasion}`, 'i'));
  const rest = head >= 0 ? title.slice(head) : title;
  const verb = /\s(?:will|would|was|were|is|are|has|have|had|took|brought|marked|[a-z]+ed)\b/.exec(rest);
  const phrase = head >= 0 ? title.slice(0, head) + (verb ? rest.slice(0, verb.index) : rest) : title;
  const normal = phrase
    .replace(/\b\d+(?:st|nd|rd|th)\s+anniversary\b|\banniversary\b/gi, ' ')
    .replace(/\bheads? of state\b|\bleaders[’']?|\bpresidents\b/gi, 'leaders')
    .replace(/\bCentral Asia\s*(?:[—–+-]|plus)\s*Japan\b/g, 'Central Asia + Japan');
  const skip = new Set(analyze(`${occasion} first ever anniversary held took part format dialogue`));
  return new Set(analyze(normal).filter((t) => !skip.has(t) && !/^\d/.test(t)));
}

interface Claimant {
  event: MergedEvent;
  occasion: string;
  first: boolean;
  terms: Set<string>;
}

function claimant(e: MergedEvent): Claimant | undefined {
  // an expectation's note ("(expected as of …)") is about the telling, not the occasion
  const title = e.title.replace(/\s*\(expected[^)]*\)$/, '');
  const first = FIRST.exec(title);
  const occ = first?.[1] ?? OCCASION.exec(title)?.[1];
  if (!occ) return undefined;
  // "the seventh meeting", "the next ministerial meeting": numbered or relative occasions are told apart by their number.
  if (!first && OTHER_ORDINAL.test(title)) return undefined;
  return {
    event: e,
    occasion: occ.toLowerCase().replace(/s$/, ''),
    first: Boolean(first),
    terms: qualifierTerms(title, occ),
  };
}

/** Could two titles name the same occasion? Their qualifiers must not contradict (one may say less than the other). */
function sameOccasion(a: Claimant, b: Claimant): boolean {
  if (a.occasion !== b.occasion) return false;
  if (!a.terms.size || !b.terms.size) return true;
  const [small, large] = a.terms.size <= b.terms.size ? [a.terms, b.terms] : [b.terms, a.terms];
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  return shared / small.size >= 0.5;
}

/** One claim per group of agreeing dates (a day inside a range, a month holding a day): the most precise leads. */
function claimsOf(events: MergedEvent[]): Conflict['claims'] {
  const reports = events
    .flatMap((e) => e.reports)
    .sort((x, y) => y.date.length - x.date.length || Number(Boolean(y.endDate)) - Number(Boolean(x.endDate)));
  const groups: (typeof reports)[] = [];
  for (const r of reports) {
    const g = groups.find((list) => list.every((o) => datesCompatible(o.date, o.endDate, r.date, r.endDate)));
    if (g) g.push(r);
    else groups.push([r]);
  }
  return groups.map((g) => ({
    value: g[0].inferredYear ? `${g[0].dateText} ${g[0].date.slice(0, 4)}` : g[0].dateText,
    citation: g[0].citation,
  }));
}

/** What a source said ahead of time, shown beside the happening it expected. */
export interface Expectation {
  dateText: string;
  date: string;
  /** The publication date of the source that expected it. */
  asOf?: string;
  citation: Citation;
}

/**
 * Date disagreements between events; each conflicting event gets one `date` conflict listing every
 * claim, agreeing dates merged into one. A planned happening ("will be held in …") is never a rival
 * claim: when it names the same occasion as a reported one, it is kept as that source's expectation.
 */
export function eventConflicts(events: MergedEvent[]): void {
  const claimants = events.map(claimant).filter((c): c is Claimant => c !== undefined);
  const actual = claimants.filter((c) => !c.event.planned);
  const firsts = actual.filter((c) => c.first);
  const rivals = new Map<MergedEvent, Set<MergedEvent>>();
  const link = (a: MergedEvent, b: MergedEvent) => {
    const set = rivals.get(a) ?? new Set<MergedEvent>();
    set.add(b);
    rivals.set(a, set);
  };
  for (const f of firsts) {
    for (const other of actual) {
      if (other === f || other.event === f.event) continue;
      const a = f.event;
      const b = other.event;
      if (datesCompatible(a.date, a.endDate, b.date, b.endDate)) continue;
      // "first X" on D1 vs an X before D1 (or another "first X" at another time): one of the sources is wrong.
      const earlier = (b.endDate ?? b.date) < a.date;
      if (!(other.first || earlier)) continue;
      if (!sameOccasion(f, other)) continue;
      // Only across sources: an article does not contradict itself on purpose.
      const articlesA = new Set(a.reports.map((r) => r.citation.articleId));
      if (b.reports.every((r) => articlesA.has(r.citation.articleId))) continue;
      link(a, b);
      link(b, a);
    }
  }
  for (const [event, others] of rivals) {
    const claims = claimsOf([event, ...others]);
    if (claims.length < 2 || new Set(claims.map((c) => c.citation.articleId)).size < 2) continue;
    (event as Event & { conflicts?: Conflict[] }).conflicts = [{ field: 'date', claims }];
  }
  // Expectations: a planned occasion beside the reported occasion it names, when one is reported.
  for (const p of claimants.filter((c) => c.event.planned)) {
    // the expected occasion is one that happened after the source wrote (late or not), never an earlier one
    const asOf = p.event.asOf ?? '';
    const match = firsts.find(
      (f) =>
        (f.event.endDate ?? f.event.date) >= asOf &&
        (sameOccasion(f, p) || (f.occasion === p.occasion && f.terms.size === 0)),
    );
    if (!match) continue;
    const e = match.event as MergedEvent & { expected?: Expectation[] };
    e.expected ??= [];
    const r = p.event.reports[0];
    const x: Expectation = { dateText: r.dateText, date: r.date, citation: r.citation };
    if (p.event.asOf) x.asOf = p.event.asOf;
    e.expected.push(x);
  }
}

/** Same measure, same period, different values: each figure involved gets `conflicts`. */
export function figureConflicts(figures: (Figure & { conflicts?: Conflict[] })[]): void {
  const groups = new Map<string, (Figure & { conflicts?: Conflict[] })[]>();
  for (const f of figures) {
    if (!f.period) continue;
    const key = `${f.unit}|${f.period}|${analyze(f.measure).sort().join(' ')}`;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const values = new Map<number, Figure & { conflicts?: Conflict[] }>();
    for (const f of list)
      if (![...values.keys()].some((v) => Math.abs(v - f.number) <= 0.01 * Math.max(v, f.number)))
        values.set(f.number, f);
    if (values.size < 2) continue;
    const claims: { value: string; citation: Citation }[] = [...values.values()].map((f) => ({
      value: f.value,
      citation: f.citation,
    }));
    if (new Set(claims.map((c) => c.citation.articleId)).size < 2) continue;
    for (const f of values.values()) {
      f.conflicts ??= [];
      f.conflicts.push({ field: 'value', claims });
    }
  }
}
