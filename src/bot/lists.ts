// /timeline and /figures: the list at once, in pages of one message, with buttons under it that narrow
// it to a period or a country (and back to everything) and turn its pages. A button press edits the
// list in place. Filters are passed to the engine as the user would type them ("2019-2022",
// "Uzbekistan"); the engine owns what a filter means. A filter button is offered only when it narrows
// the list without emptying it (keeping at most 80%), so "Japan", which nearly every event involves, is
// not offered.
import { cleanUserText, renderEvents, renderFigures } from '../render/telegram.js';
import type { Engine, Event, Figure } from '../types.js';
import type { CallbackKeys } from './callback-data.js';
import type { Desk } from './context.js';
import { button, keyboard, rowsOf, type Button } from './keyboards.js';
import type { Outgoing } from './reply.js';
import { loadGlossaryEntries } from '../lang/glossary.js';
import { wordsFor, type Words, type Locale } from './i18n.js';
import { labelsOf } from './texts.js';

export type ListKind = 'timeline' | 'figures';

/** Longest filter passed on: a filter is a few words, never an essay. */
const MAX_FILTER = 200;

export const cleanFilter = (filter: string) => cleanUserText(filter).slice(0, MAX_FILTER);

const byDate = (a: Event, b: Event) => a.date.localeCompare(b.date);

function itemsOf(engine: Engine, kind: ListKind, filter: string): (Event | Figure)[] {
  // Oldest first; sorting a copy, and stably, keeps the engine's order within a date.
  if (kind === 'timeline') return [...engine.timeline(filter || undefined)].sort(byDate);
  return engine.figures(filter || undefined);
}

const yearOf = (item: Event | Figure): number | undefined => {
  const text = 'date' in item ? item.date : (item.period ?? '');
  const m = /\b(1[89]\d\d|20\d\d|21\d\d)\b/.exec(text);
  return m ? Number(m[1]) : undefined;
};

/** Periods that split the items into a few spans of similar size ("1997-2006", "2019-2022"). */
export function periodsOf(items: (Event | Figure)[], most = 4): string[] {
  const years = items
    .map(yearOf)
    .filter((y): y is number => y !== undefined)
    .sort((a, b) => a - b);
  const distinct = [...new Set(years)];
  if (distinct.length <= most) return distinct.map(String);
  const periods: string[] = [];
  const per = Math.ceil(years.length / most);
  let start = years[0];
  let count = 0;
  for (const [k, y] of years.entries()) {
    count++;
    const nextYear = years[k + 1];
    if (nextYear === undefined || (count >= per && nextYear !== y)) {
      periods.push(start === y ? String(y) : `${start}-${y}`);
      if (nextYear !== undefined) start = nextYear;
      count = 0;
    }
  }
  return periods;
}

/** Countries the items involve, most frequent first. */
export function countriesOf(items: (Event | Figure)[]): string[] {
  const counts = new Map<string, number>();
  for (const e of items) for (const c of new Set(e.countries ?? [])) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
}

// A country button reads in the reader's language ("Казахстан", "Qozogʻiston") while its filter stays
// the library's English name: the glossary's first country entry for it, written with a capital.
let countryNames: Map<string, string> | undefined;
function countryName(english: string, locale: Locale): string {
  if (locale === 'en') return english;
  if (!countryNames) {
    countryNames = new Map();
    for (const e of loadGlossaryEntries()) {
      const key = `${e.lang} ${e.english}`;
      const latinUz = e.lang === 'ru' || e.script === 'Latn';
      if (e.kind === 'country' && latinUz && /^\p{Lu}/u.test(e.source) && !countryNames.has(key))
        countryNames.set(key, e.source.replace(/(?<=[OoGg])'/g, 'ʻ'));
    }
  }
  return countryNames.get(`${locale} ${english}`) ?? english;
}

const MOST_COUNTRIES = 6;
/** Largest share of the whole list a filter button may keep. */
const NARROWER = 0.8;

/** The filter buttons: periods, then countries, each only if it narrows the whole list. */
function filterRows(
  engine: Engine,
  kind: ListKind,
  active: string,
  keys: CallbackKeys,
  w: Words,
): Button[][] {
  const LABEL = labelsOf(w);
  const all = itemsOf(engine, kind, '');
  // Narrowing means leaving out a good share: a filter that keeps nearly everything is no help.
  const narrows = (filter: string) => {
    const n = itemsOf(engine, kind, filter).length;
    return n > 0 && n <= all.length * NARROWER;
  };
  // "/timeline Казахстан" is the Kazakhstan button's list: the active filter may be in the reader's words.
  const same = (filter: string) =>
    [filter, countryName(filter, w.locale)].some((f) => f.toLowerCase() === active.toLowerCase());
  const make = (label: string, filter: string) =>
    button(same(filter) ? LABEL.active(label) : label, { kind, filter }, keys);
  const periods = periodsOf(all)
    .filter(narrows)
    .map((p) => make(p.replace('-', '–'), p));
  // The most frequent countries are tried first, and only a few: each try is a filtering of the list.
  const countries = countriesOf(all)
    .slice(0, MOST_COUNTRIES * 2)
    .filter(narrows)
    .slice(0, MOST_COUNTRIES)
    .map((c) => make(countryName(c, w.locale), c));
  const everything = active
    ? [
        button(
          kind === 'timeline' ? LABEL.allEvents(all.length) : LABEL.allFigures(all.length),
          { kind, filter: '' },
          keys,
        ),
      ]
    : [];
  return [...rowsOf(periods, 4), ...rowsOf(countries, 3), everything];
}

/** One page of a list, with its buttons; `page` is clamped to the pages there are. */
export function composeList(
  desk: Pick<Desk, 'engine' | 'keys'>,
  kind: ListKind,
  filterText: string,
  page = 0,
  w: Words = wordsFor('en'),
): Outgoing {
  const LABEL = labelsOf(w);
  const filter = cleanFilter(filterText);
  const items = itemsOf(desk.engine, kind, filter);
  const pages =
    kind === 'timeline'
      ? renderEvents(items as Event[], filter || undefined, undefined, w)
      : renderFigures(items as Figure[], filter || undefined, undefined, w);
  const k = Math.min(Math.max(0, page), pages.length - 1);
  const nav: Button[] = [];
  if (k > 0) nav.push(button(LABEL.prevPage, { kind, filter, page: k - 1 }, desk.keys));
  if (k < pages.length - 1) nav.push(button(LABEL.nextPage, { kind, filter, page: k + 1 }, desk.keys));
  const rows = [nav, ...(items.length || filter ? filterRows(desk.engine, kind, filter, desk.keys, w) : [])];
  return { ...pages[k], reply_markup: keyboard(rows) };
}
