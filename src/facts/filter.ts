// One filter grammar for the timeline and the figures, whoever asks (the CLIs, the bot's /timeline and
// /figures, its buttons): a period ("2019", "2019-2022", "between 2005 and 2010", "since 2020",
// "before 2010", "May 2019"), countries in any form (a name, a demonym, "Central Asia"; a city is a place to find), a
// person (a full name or a known surname), a topic with its synonyms ("aid" also finds ODA, grants,
// loans, pledges) and any other word, which must then appear. Parts combine: "Kazakhstan since 2014".
import { analyze } from '../search/analyzer.js';
import { canonicalCountry, CENTRAL_ASIA, countryOfCity, monthNumber, MONTH_RE } from '../lexicon/index.js';
import { leaderNamed } from '../lexicon/leaders.js';
import { TOPICS, type TopicGroup } from '../lexicon/topics.js';
import { datesCompatible } from './dates.js';

export interface ParsedFilter {
  /** Inclusive bounds, YYYY or YYYY-MM; either may be open. */
  from?: string;
  to?: string;
  /** Countries that must all be involved (or, for the region, any of the five). */
  countries: string[];
  region: boolean;
  /** People who must take part: full names, as the lexicon or the filter spells them. */
  people: string[];
  /** Topics, each satisfied by any of its words. */
  topics: string[][];
  /** Other words, each of which must appear in the fact's own words (analyzed terms). */
  terms: string[];
  /** Names and places ("Tokyo", "Osaka"), which may appear in the fact's sentence as well. */
  names: string[];
}

const YEAR = '((?:19|20)\\d\\d)';
// Words a user adds that say nothing about what to show ("events in 2019", "figures about trade").
const FILLER = new Set(
  analyze('the a an in on of about for and events event figures figure facts all show me with to what list'),
);

const topicTerms: { names: Set<string>; terms: string[] }[] = TOPICS.map((t: TopicGroup) => ({
  names: new Set(t.names.flatMap((n) => analyze(n))),
  terms: [...new Set(t.words.flatMap((w) => analyze(w)))],
}));

const shift = (year: string, by: number) => String(Number(year) + by);

/** Reads a filter; undefined when it asks for nothing (empty or only filler words). */
export function parseFilter(filter?: string): ParsedFilter | undefined {
  let text = ` ${(filter ?? '').trim()} `;
  if (!text.trim()) return undefined;
  const f: ParsedFilter = { countries: [], region: false, people: [], topics: [], terms: [], names: [] };
  const cut = (re: RegExp, take: (...m: string[]) => void) => {
    text = text.replace(re, (...m: string[]) => {
      take(...m);
      return ' ';
    });
  };
  // Periods: ranges first, then open bounds, then a month, then a year.
  cut(
    new RegExp(`\\b(?:between|from)\\s+${YEAR}\\s+(?:and|to|until|through)\\s+${YEAR}\\b`, 'gi'),
    (_, a, b) => setRange(f, a, b),
  );
  cut(new RegExp(`\\b${YEAR}\\s*(?:-|–|—|\\.\\.|to|until|through)\\s*${YEAR}\\b`, 'gi'), (_, a, b) =>
    setRange(f, a, b),
  );
  cut(new RegExp(`\\b(since|from|after|starting(?: in)?)\\s+${YEAR}\\b`, 'gi'), (_, w, y) => {
    f.from = /^after$/i.test(w) ? shift(y, 1) : y;
  });
  cut(new RegExp(`\\b(before|prior to|until|till|up to|through|by)\\s+${YEAR}\\b`, 'gi'), (_, w, y) => {
    f.to = /^(?:before|prior to)$/i.test(w) ? shift(y, -1) : y;
  });
  cut(new RegExp(`\\b(${MONTH_RE})\\s+${YEAR}\\b`, 'g'), (_, m, y) => {
    const month = `${y}-${String(monthNumber(m)).padStart(2, '0')}`;
    f.from = month;
    f.to = month;
  });
  cut(new RegExp(`\\b${YEAR}-(0[1-9]|1[0-2])\\b`, 'g'), (_, y, m) => {
    f.from = `${y}-${m}`;
    f.to = `${y}-${m}`;
  });
  cut(new RegExp(`\\b${YEAR}\\b`, 'g'), (_, y) => {
    f.from = y;
    f.to = y;
  });
  cut(/\bcentral\s+asian?\b/gi, () => {
    f.region = true;
  });
  const words = text.split(/[\s,;]+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const pair = i + 1 < words.length ? `${words[i]} ${words[i + 1]}` : undefined;
    const two = pair ? (canonicalCountry(pair) ?? leaderNamed(pair)?.name) : undefined;
    if (pair && two) {
      addPlaceOrPerson(f, pair);
      i++;
      continue;
    }
    if (addPlaceOrPerson(f, words[i])) continue;
    const terms = analyze(words[i]).filter((t) => !FILLER.has(t));
    // a name or a place may stand in the sentence around the fact; a plain word must be the fact's own
    const name = /^\p{Lu}/u.test(words[i]) || countryOfCity(capitalised(words[i])) !== undefined;
    for (const t of terms) {
      const topic = topicTerms.find((g) => g.names.has(t));
      if (topic) f.topics.push(topic.terms);
      else if (name) f.names.push(t);
      else f.terms.push(t);
    }
  }
  const empty =
    !f.from &&
    !f.to &&
    !f.countries.length &&
    !f.region &&
    !f.people.length &&
    !f.topics.length &&
    !f.terms.length &&
    !f.names.length;
  return empty ? undefined : f;
}

function setRange(f: ParsedFilter, a: string, b: string): void {
  f.from = a < b ? a : b;
  f.to = a < b ? b : a;
}

function addPlaceOrPerson(f: ParsedFilter, word: string): boolean {
  // a city asks for what happened there ("Tokyo"): it stays a word to find, not its whole country
  const country = countryOfCity(capitalised(word)) ? undefined : canonicalCountry(word);
  if (country) {
    if (!f.countries.includes(country)) f.countries.push(country);
    return true;
  }
  const leader = /^[\p{L}'’-]{3,}$/u.test(word.split(' ').pop() ?? '') ? leaderNamed(word) : undefined;
  if (leader) {
    if (!f.people.includes(leader.name)) f.people.push(leader.name);
    return true;
  }
  return false;
}

const capitalised = (w: string) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();

/** Does a span of time [date, end] meet the filter's period? Open bounds compare at the year. */
export function inPeriod(f: ParsedFilter, date: string | undefined, end?: string): boolean {
  if (!f.from && !f.to) return true;
  if (!date) return false;
  const lo = f.from ?? '0000';
  const hi = f.to ?? '9999';
  // a month asked for ("2019-05") is not answered by a bare year ("2019")
  if (lo.length > 4 && lo === hi && date.length === 4 && !end) return false;
  return datesCompatible(date, end, lo, hi);
}

/** What a fact offers to be matched on. */
export interface Matchable {
  /** The fact's own words (an event's title, a figure's value and measure). */
  own: string;
  /** Its citation snippets: read for plain words and names, not for topics. */
  context: string;
  countries?: string[];
  people?: string[];
}

export function matches(f: ParsedFilter, x: Matchable): boolean {
  if (f.countries.length || f.region) {
    const found = new Set(x.countries ?? []);
    if (!f.countries.every((c) => found.has(c))) return false;
    if (f.region && !CENTRAL_ASIA.some((c) => found.has(c))) return false;
  }
  for (const person of f.people) {
    const surname = person.split(/\s+/).pop()!;
    const named = x.people?.includes(person) || new RegExp(`\\b${surname}\\b`).test(`${x.own} ${x.context}`);
    if (!named) return false;
  }
  if (f.topics.length) {
    // a topic is what the fact is about: its own words decide, not every word of the sentence around it
    const own = new Set(analyze(x.own, 'document'));
    if (!f.topics.every((group) => group.some((t) => own.has(t)))) return false;
  }
  if (f.terms.length) {
    const own = new Set(analyze(x.own, 'document'));
    if (!f.terms.every((t) => own.has(t))) return false;
  }
  if (f.names.length) {
    const all = new Set(analyze(`${x.own} ${x.context}`, 'document'));
    if (!f.names.every((t) => all.has(t))) return false;
  }
  return true;
}
