// Whether a quote agrees with what the question turns on: its places, years, ordinals, names and
// figures. A detail the sentence itself states settles it; a rival detail of the same kind in the
// sentence ("Uzbekistan" where Kazakhstan was asked, "2019" where 2020 was) rules the sentence out
// unless it names the asked one too; otherwise the passage around it must hold the detail.
import { placesIn } from '../lexicon/index.js';
import { LEADER_SURNAMES, leaderNamed } from '../lexicon/leaders.js';
import { termOf } from '../search/analyzer.js';
import { CAPITALS } from '../lexicon/aliases.js';
import type { Anchors, YearBound } from './question.js';
import { ordinalsTied, rolesAgree, subjectAgrees, yearOfOtherNoun } from './roles.js';

const YEAR = /\b(1[89]\d{2}|20\d{2})(?:s\b)?/g;

function yearsIn(text: string, published?: string): Set<string> {
  const out = new Set([...text.matchAll(YEAR)].map((m) => m[1]));
  // "this year" in a piece from 2019 is 2019: the article's date says which year it means.
  const year = Number(published?.slice(0, 4));
  if (year) {
    for (const m of text.matchAll(RELATIVE_YEAR))
      out.add(String(year + (RELATIVE_SHIFT[m[1].toLowerCase()] ?? 0)));
  }
  return out;
}

const RELATIVE_YEAR = /\b(this|last|next|previous|past|current|coming)\s+year\b/gi;
const RELATIVE_SHIFT: Record<string, number> = { last: -1, previous: -1, past: -1, next: 1, coming: 1 };

/** Some year the quote states falls within every bound asked; a quote that states none contradicts none. */
function withinBounds(bounds: YearBound[], years: Set<string>): boolean {
  if (!years.size) return true;
  return [...years].some((y) =>
    bounds.every((b) => (b.side === 'until' ? Number(y) <= b.year : Number(y) >= b.year)),
  );
}

const SURNAME = new RegExp(
  `\\b(?:${LEADER_SURNAMES.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`,
  'g',
);

/** The surnames an office holder goes by, with the name as asked. */
function ownSurnames(name: string): Set<string> {
  const leader = leaderNamed(name);
  const own = new Set(
    [leader?.name ?? '', ...(leader?.aliases ?? [])].map((f) => f.toLowerCase().split(/\s+/).pop() ?? ''),
  );
  own.add(name);
  return own;
}

/** The sentence names some office holder other than the asked one. */
export function namesOtherHolder(name: string, sentence: string): boolean {
  const own = ownSurnames(name);
  SURNAME.lastIndex = 0;
  return [...sentence.toLowerCase().matchAll(SURNAME)].some((m) => !own.has(m[0]));
}

/** An asked office holder against the sentence: another holder named in their place is a rival. */
function personAgrees(name: string, terms: string[], sentence: string): boolean {
  if (!leaderNamed(name)) return true;
  const lower = sentence.toLowerCase();
  if ([...ownSurnames(name), ...terms].some((f) => f && lower.includes(f))) return true;
  return !namesOtherHolder(name, sentence);
}

/**
 * A question asking for a country's capital is answered by a quote that names the city as a capital: the
 * word and the city together. Where the lexicon knows no capital of the country, nothing answers it.
 */
export function namesCapital(countries: string[] | undefined, sentence: string): boolean {
  if (!countries?.length) return true;
  if (!/\bcapital\b/i.test(sentence)) return false;
  return countries.every((country) =>
    Object.entries(CAPITALS).some(([city, of]) => of === country && sentence.includes(city)),
  );
}

export function hasAnchors(a: Anchors): boolean {
  return (
    a.countries.length +
      a.cities.length +
      a.years.length +
      (a.yearBounds?.length ?? 0) +
      a.ordinals.length +
      a.names.length +
      a.figures.length +
      (a.roles?.length ?? 0) >
    0
  );
}

/** One kind of detail: the asked values against the sentence's and the context's. */
function kindAgrees(
  asked: string[],
  inSentence: Set<string>,
  inContext: () => Set<string>,
  exempt: (v: string) => boolean = () => false,
): boolean {
  for (const v of asked) {
    if (inSentence.has(v)) continue;
    const rivals = [...inSentence].some((x) => !asked.includes(x) && !exempt(x));
    if (rivals && !exempt(v)) return false;
    if (!inContext().has(v)) return false;
  }
  return true;
}

export interface AgreementInput {
  anchors: Anchors;
  /** The quote. */
  sentence: string;
  /** The passage, its heading, its article's title and date. */
  context: string;
  /** The article's lead: where and when its events happen, said once for all of them. */
  lead?: string;
  /** Index terms of the passage context. */
  contextTerms: Set<string>;
  /** The article's publication date, for "this year" and "last year". */
  published?: string;
  /** Index terms standing for each asked name (a correction where it was misspelt). */
  nameTerms: Map<string, string[]>;
}

// Japan is the partner in nearly every sentence of the library: its mention beside another country is
// no rival, and a sentence about that other country is still about Japan's relations with it.
const PARTNER = 'Japan';

export function agrees({
  anchors,
  sentence,
  context,
  lead = '',
  contextTerms,
  nameTerms,
  published,
}: AgreementInput): boolean {
  let contextPlaces: ReturnType<typeof placesIn> | undefined;
  const places = () => {
    contextPlaces ??= placesIn(context);
    return contextPlaces;
  };
  const here = placesIn(sentence);
  if (
    !kindAgrees(
      anchors.countries,
      new Set(here.countries),
      () => new Set(places().countries),
      (c) => c === PARTNER,
    )
  ) {
    return false;
  }
  for (const city of anchors.cities) {
    if (sentence.includes(city) || context.includes(city) || lead.includes(city)) continue;
    // A capital stands for its government: "Tokyo and Dushanbe signed" is Japan and Tajikistan. Where
    // the question places an event in it, the country named elsewhere does not place the quote.
    if (anchors.venues?.includes(city)) return false;
    const country = CAPITALS[city];
    if (!country || !(here.countries.includes(country) || places().countries.includes(country))) return false;
  }
  const sentenceYears = yearsIn(sentence, published);
  const contextYears = () => yearsIn(`${context} ${lead}`, published);
  // A year that dates another noun than the asked one ("the guild founded in 2022" beside the asked
  // "2032 forum") is no rival: the asked year must then stand in the passage.
  const otherNoun = (y: string) =>
    !anchors.years.includes(y) && yearOfOtherNoun(y, sentence, anchors.yearPhrases ?? []);
  if (!kindAgrees(anchors.years, sentenceYears, contextYears, otherNoun)) return false;
  if (anchors.yearBounds?.length && !withinBounds(anchors.yearBounds, sentenceYears)) return false;
  // An ordinal counts where it qualifies the asked noun: "the second Action Plan" is no second summit.
  const phrases = anchors.phrases ?? [];
  if (
    anchors.ordinals.length &&
    !kindAgrees(anchors.ordinals, ordinalsTied(sentence, phrases), () =>
      ordinalsTied(`${context} ${lead}`, phrases),
    )
  )
    return false;
  if (anchors.roles?.length && !rolesAgree(anchors.roles, sentence)) return false;
  if (anchors.subject && !subjectAgrees(anchors.subject, sentence)) return false;
  for (const name of anchors.names) {
    const terms = nameTerms.get(name) ?? [termOf(name)];
    if (!terms.some((t) => contextTerms.has(t))) return false;
    if (anchors.actors?.includes(name) && !personAgrees(name, terms, sentence)) return false;
  }
  for (const f of anchors.figures) {
    // The figure as a whole number: "12" is not found inside "120.7" or "2012".
    const whole = new RegExp(`(?<![\\d.,])${f.replace(/\./g, '\\.')}(?![\\d]|[.,]\\d)`);
    if (!whole.test(sentence) && !whole.test(context)) return false;
  }
  return true;
}
