// Dates in a sentence, as the text words them: full dates, day ranges, month-year, quarters, halves,
// years and year ranges, and dates without a year resolved from the article's publication date.
// chrono-node reads the day-level forms ("18–20 December 2025", "May 18, 2019", "On 20 December");
// the coarser forms, which chrono does not read, and the checks that keep non-dates out ("20th
// anniversary", "[3]", "$1 – 12059.78", access dates of references) are rules of our own.
import { createRequire } from 'node:module';

// chrono takes ~150 ms to load; a start from the index cache extracts nothing, so it loads on first use.
type Chrono = typeof import('chrono-node');
let chronoModule: Chrono | undefined;
const chrono = () => (chronoModule ??= createRequire(import.meta.url)('chrono-node') as Chrono);
import { MONTH_RE, monthNumber } from '../lexicon/index.js';

export type DatePrecision = 'year' | 'half' | 'quarter' | 'month' | 'day';
/** How the sentence frames the date: a point in time, a start ("since"), a deadline ("by"), a span, or a period something covers ("for the years"). */
export type DateRole = 'point' | 'since' | 'by' | 'range' | 'period';

export interface DateMention {
  /** The date's own words, verbatim ("18–20 December 2025", "the first quarter of 2024"). */
  text: string;
  /** Offsets of `text` in the sentence. */
  start: number;
  end: number;
  /** Words before the date that frame it ("On", "in", "since", "only in"), verbatim; "" when none. */
  lead: string;
  /** Where `lead` starts (equals `start` when there is no lead). */
  leadStart: number;
  /** YYYY[-MM[-DD]] */
  date: string;
  endDate?: string;
  precision: DatePrecision;
  role: DateRole;
  /** The year came from the article's publication date, not from the text. */
  inferredYear?: boolean;
  /** Inside quotation marks or part of a name ("“2031-2033 Work Plan”", "Vision 2050"). */
  inName?: boolean;
  /** A short label for the period a figure covers: "2023", "Q1 2024", "2017-05". */
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const YEAR = '(1[89]\\d\\d|20\\d\\d)';

/** Cheap test run before anything else: every date form holds a digit. */
export function mayHoldDate(sentence: string): boolean {
  return /\d|January|February|March|April|May|June|July|August|September|October|November|December/.test(
    sentence,
  );
}

// A day next to a month name: the only sentences chrono is asked to read.
const DAY_MONTH = new RegExp(
  `${MONTH_RE}\\s+\\d{1,2}(?!\\d)|\\b\\d{1,2}(?:st|nd|rd|th)?(?:\\s*[–-]\\s*\\d{1,2}(?:st|nd|rd|th)?)?\\s+(?:of\\s+)?${MONTH_RE}`,
);

const DAY_MONTH_ALL = new RegExp(DAY_MONTH.source, 'g');

// Framing words before a date; the captured lead is kept verbatim. Words are space-separated ("mid-" aside),
// so a run of them splits one way only.
const LEAD_WORDS =
  '(?:only|back|as early as|as of|since|by|until|till|through|from|in|on|during|at|before|after|around|circa|of|for the years?|for the period|for|early|late|mid-?|the end of|the beginning of|the start of|the middle of|the spring of|the summer of|the autumn of|the fall of|the winter of|spring|summer|autumn|fall|winter|between|starting|beginning|as)';
const LEAD = new RegExp(`(?:^|[\\s(,—–-])((?:${LEAD_WORDS}\\s+)*(?:${LEAD_WORDS})(?:\\s+|(?<=mid-)))$`, 'i');

function roleOf(lead: string): DateRole {
  const l = lead.toLowerCase();
  if (/\bsince\b|\bstarting\b|\bbeginning\b/.test(l)) return 'since';
  if (/\b(by|until|till|before)\b/.test(l)) return 'by';
  if (/\bfor\b/.test(l)) return 'period';
  return 'point';
}

/** Spans of text in quotation marks, and of URLs and footnote markers: dates there are not dates of events. */
function shieldedSpans(s: string): { quotes: [number, number][]; dead: [number, number][] } {
  const quotes: [number, number][] = [];
  for (const m of s.matchAll(/“[^”]*”|"[^"]*"|«[^»]*»/g)) quotes.push([m.index, m.index + m[0].length]);
  const dead: [number, number][] = [];
  for (const m of s.matchAll(/https?:\/\/\S+|www\.\S+|\[\d+\]|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b/g)) {
    dead.push([m.index, m.index + m[0].length]);
  }
  return { quotes, dead };
}

const inside = (spans: [number, number][], a: number, b: number) => spans.some(([x, y]) => a >= x && b <= y);
const overlaps = (spans: [number, number][], a: number, b: number) => spans.some(([x, y]) => a < y && b > x);

/** The publication date's year and month, if the article has one. */
function parsePublished(published?: string): { year: number; month?: number } | undefined {
  const m = /^(\d{4})(?:-(\d{2}))?/.exec(published ?? '');
  if (!m) return undefined;
  return { year: Number(m[1]), month: m[2] ? Number(m[2]) : undefined };
}

/** The year of a yearless date: the publication year, or the one before when the month lies well after it ("On 20 December" in a January article). */
export function inferYear(month: number, published?: string): number | undefined {
  const p = parsePublished(published);
  if (!p) return undefined;
  if (p.month !== undefined && month - p.month > 6) return p.year - 1;
  return p.year;
}

function isoOf(year: number, month?: number, day?: number): string {
  if (month === undefined) return String(year);
  if (day === undefined) return `${year}-${pad(month)}`;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function labelOf(date: string, precision: DatePrecision, endDate?: string): string {
  if (precision === 'quarter')
    return `Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1} ${date.slice(0, 4)}`;
  if (precision === 'half') return `H${Number(date.slice(5, 7)) <= 6 ? 1 : 2} ${date.slice(0, 4)}`;
  if (endDate && endDate !== date) return `${date}/${endDate}`;
  return date;
}

const QUARTERS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  '1st': 1,
  '2nd': 2,
  '3rd': 3,
  '4th': 4,
  last: 4,
  final: 4,
};

interface Found {
  start: number;
  end: number;
  date: string;
  endDate?: string;
  precision: DatePrecision;
  inferredYear?: boolean;
  range?: boolean;
}

/** chrono's reading of day-level dates; the year, when the text leaves it out, comes from `published`. */
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const COMMON_DAY_FORMS: { re: RegExp; order: 'dm' | 'md' | 'dmdm' }[] = [
  // 18 December – 20 January 2026, from 18 December to 20 December 2025
  {
    re: new RegExp(
      `\\b${DAY}\\s+(${MONTH_RE})\\s*(?:[–-]|\\sto\\s|\\suntil\\s|\\sthrough\\s)\\s*${DAY}\\s+(${MONTH_RE})(?:,?\\s+${YEAR})?(?![\\d])`,
      'g',
    ),
    order: 'dmdm',
  },
  // 18–20 December 2025, 20 December, 20 December 2025
  {
    re: new RegExp(
      `\\b${DAY}(?:\\s*[–-]\\s*${DAY})?\\s+(?:of\\s+)?(${MONTH_RE})(?:,?\\s+${YEAR})?(?![\\d])`,
      'g',
    ),
    order: 'dm',
  },
  // May 18, 2019, July 11, December 18–20, 2025
  {
    re: new RegExp(`\\b(${MONTH_RE})\\s+${DAY}(?:\\s*[–-]\\s*${DAY})?(?:,?\\s+${YEAR})?(?![\\d:])`, 'g'),
    order: 'md',
  },
];

function commonDayDates(sentence: string, published?: string): Found[] {
  const out: Found[] = [];
  for (const { re, order } of COMMON_DAY_FORMS) {
    re.lastIndex = 0;
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      const [day1, day2, monthWord, yearText, month2Word] =
        order === 'dm'
          ? [m[1], m[2], m[3], m[4]]
          : order === 'md'
            ? [m[2], m[3], m[1], m[4]]
            : [m[1], m[3], m[2], m[5], m[4]];
      const month = monthNumber(monthWord);
      const endMonth = month2Word ? monthNumber(month2Word) : month;
      const a = Number(day1);
      const b = day2 ? Number(day2) : undefined;
      if (
        !month ||
        !endMonth ||
        a < 1 ||
        a > 31 ||
        (b !== undefined && (b > 31 || (endMonth === month && b <= a)))
      )
        continue;
      let endYear = yearText ? Number(yearText) : undefined;
      const inferred = endYear === undefined;
      if (endYear === undefined) endYear = inferYear(endMonth, published);
      if (endYear === undefined) continue;
      // "18 December – 20 January 2026": the year written at the end belongs to the end
      const year = endMonth < month ? endYear - 1 : endYear;
      const f: Found = {
        start: m.index,
        end: m.index + m[0].length,
        date: isoOf(year, month, a),
        precision: 'day',
      };
      if (inferred) f.inferredYear = true;
      if (b !== undefined) {
        f.endDate = isoOf(endYear, endMonth, b);
        f.range = true;
      }
      out.push(f);
    }
  }
  return out;
}

function chronoDates(sentence: string, published: string | undefined, taken: [number, number][]): Found[] {
  const p = parsePublished(published);
  const ref = p ? new Date(Date.UTC(p.year, (p.month ?? 7) - 1, 15)) : new Date(Date.UTC(2000, 6, 1));
  const out: Found[] = [];
  // chrono reads only the stretch around each day-and-month (its cost grows with the text it is given)
  const windows: [number, number][] = [];
  DAY_MONTH_ALL.lastIndex = 0;
  for (const m of sentence.matchAll(DAY_MONTH_ALL)) {
    if (overlaps(taken, m.index, m.index + m[0].length)) continue;
    const a = Math.max(0, m.index - 24);
    const b = Math.min(sentence.length, m.index + m[0].length + 24);
    const last = windows[windows.length - 1];
    if (last && a <= last[1]) last[1] = b;
    else windows.push([a, b]);
  }
  for (const [a, b] of windows) out.push(...chronoWindow(sentence, a, b, ref, published));
  return out;
}

function chronoWindow(sentence: string, offset: number, end: number, ref: Date, published?: string): Found[] {
  // widen to word boundaries so a window never starts or ends inside a word
  let from = offset;
  while (from > 0 && /\S/.test(sentence[from - 1])) from--;
  let to = end;
  while (to < sentence.length && /\S/.test(sentence[to])) to++;
  const s = sentence.slice(from, to);
  const out: Found[] = [];
  for (const r of chrono().strict.parse(s, ref)) {
    // Only forms with a capitalised month name: "may 20" is a verb and a number, "12.31.2024" an access date.
    if (!new RegExp(MONTH_RE).test(r.text)) continue;
    if (!r.start.isCertain('day') || !r.start.isCertain('month')) continue;
    const month = r.start.get('month')!;
    const day = r.start.get('day')!;
    let year: number | undefined = r.start.isCertain('year') ? r.start.get('year')! : undefined;
    let inferred = false;
    if (year === undefined) {
      year = inferYear(month, published);
      inferred = true;
      if (year === undefined) continue; // a yearless date in an undated article cannot be placed
    }
    let text = r.text;
    let start = from + r.index;
    const lead = /^(on|from|in)\s+/i.exec(text);
    if (lead) {
      text = text.slice(lead[0].length);
      start += lead[0].length;
    }
    const f: Found = {
      start,
      end: start + text.length,
      date: isoOf(year, month, day),
      precision: 'day',
      inferredYear: inferred,
    };
    if (r.end?.isCertain('day')) {
      const em = r.end.get('month')!;
      let ey = r.end.isCertain('year') ? r.end.get('year')! : year;
      if (!r.end.isCertain('year') && em < month) ey = year + 1;
      if (r.start.isCertain('year') === false && r.end.isCertain('year')) {
        // "18 December – 20 January 2026": the year written at the end belongs to the end.
        year = em < month ? ey - 1 : ey;
        f.date = isoOf(year, month, day);
        f.inferredYear = false;
      }
      f.endDate = isoOf(ey, em, r.end.get('day')!);
      f.range = true;
    }
    out.push(f);
  }
  return out;
}

// Each rule says which cheap test a sentence must pass for the rule to be worth running.
const HAS_YEAR = /\d{4}/;
const HAS_MONTH = new RegExp(MONTH_RE);
const RULES: {
  gate?: RegExp;
  re: RegExp;
  read: (m: RegExpExecArray, published?: string) => Omit<Found, 'start' | 'end'> | undefined;
}[] = [
  // the first quarter of 2024, Q1 2024, the first half of 2023, H2 2022
  {
    gate: /quarter/i,
    re: new RegExp(
      `\\b(?:the\\s+)?(first|second|third|fourth|1st|2nd|3rd|4th|last|final)\\s+quarter\\s+(?:of\\s+)?${YEAR}\\b`,
      'gi',
    ),
    read: (m) => {
      const q = QUARTERS[m[1].toLowerCase()];
      const y = Number(m[2]);
      return { date: isoOf(y, q * 3 - 2), endDate: isoOf(y, q * 3), precision: 'quarter' };
    },
  },
  {
    gate: /Q[1-4]/,
    re: new RegExp(`\\bQ([1-4])\\s*(?:of\\s+)?${YEAR}\\b`, 'g'),
    read: (m) => {
      const q = Number(m[1]);
      const y = Number(m[2]);
      return { date: isoOf(y, q * 3 - 2), endDate: isoOf(y, q * 3), precision: 'quarter' };
    },
  },
  {
    gate: /half|H[12]/,
    re: new RegExp(
      `\\b(?:the\\s+)?(first|second)\\s+half\\s+(?:of\\s+)?${YEAR}\\b|\\bH([12])\\s*${YEAR}\\b`,
      'gi',
    ),
    read: (m) => {
      const h = m[1] ? (m[1].toLowerCase() === 'first' ? 1 : 2) : Number(m[3]);
      const y = Number(m[2] ?? m[4]);
      return { date: isoOf(y, h === 1 ? 1 : 7), endDate: isoOf(y, h === 1 ? 6 : 12), precision: 'half' };
    },
  },
  // March–May 2020, between March and May 2020, from March to May 2020
  {
    gate: HAS_MONTH,
    re: new RegExp(
      `\\b(${MONTH_RE})\\s*(?:[–-]|\\s(?:and|to|through|until)\\s)\\s*(${MONTH_RE})\\s+${YEAR}\\b`,
      'g',
    ),
    read: (m) => {
      const a = monthNumber(m[1])!;
      const b = monthNumber(m[2])!;
      const y = Number(m[3]);
      return { date: isoOf(a > b ? y - 1 : y, a), endDate: isoOf(y, b), precision: 'month', range: true };
    },
  },
  // August 2004, May of 2017, December, 2022
  {
    gate: HAS_MONTH,
    re: new RegExp(`\\b(${MONTH_RE})(?:\\s+of|,)?\\s+${YEAR}\\b(?![.,]\\d)`, 'g'),
    read: (m) => ({ date: isoOf(Number(m[2]), monthNumber(m[1])!), precision: 'month' }),
  },
  // 2005-2017, 2005–17, from 2005 to 2017, between 2005 and 2017
  {
    re: new RegExp(
      `\\b${YEAR}\\s*(?:[–-]|\\s(?:to|and|through|until)\\s)\\s*(\\d{4}|\\d{2})\\b(?![.,]?\\d|%|-[A-Za-z])`,
      'g',
    ),
    read: (m) => {
      const a = Number(m[1]);
      const b = m[2].length === 2 ? Number(m[1].slice(0, 2) + m[2]) : Number(m[2]);
      if (b <= a || b - a > 60) return undefined;
      return { date: String(a), endDate: String(b), precision: 'year', range: true };
    },
  },
  // the 1990s
  {
    gate: /\d0s/,
    re: /\b(1[89]\d0|20\d0)s\b/g,
    read: (m) => ({ date: m[1], endDate: String(Number(m[1]) + 9), precision: 'year', range: true }),
  },
  // 2019 (context is checked afterwards: a bare year needs a framing word)
  {
    re: new RegExp(
      `(?<![\\d$€£¥₽.,/:#-])${YEAR}(?![\\d%]|[.,]\\d|-(?:\\d|[A-Za-z])|\\s*(?:percent|per cent|th\\b|st\\b))`,
      'g',
    ),
    read: (m) => ({ date: m[1], precision: 'year' }),
  },
  // In December, since March: a month alone, placed in the publication year
  {
    gate: HAS_MONTH,
    re: /(?<=\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id-?|[Ll]ast|[Tt]his)\s)(January|February|March|April|May|June|July|August|September|October|November|December)\b(?!\s*\d)/g,
    read: (m, published) => {
      const month = monthNumber(m[1])!;
      const y = inferYear(month, published);
      if (y === undefined) return undefined;
      return { date: isoOf(y, month), precision: 'month', inferredYear: true };
    },
  },
];

/**
 * Every date a sentence states, left to right. Dates in URLs, footnote markers and numeric access dates
 * are never returned; dates inside quotation marks or names are returned with `inName` so callers can
 * keep them out of the timeline.
 */
export function findDates(sentence: string, published?: string): DateMention[] {
  if (!mayHoldDate(sentence)) return [];
  const { quotes, dead } = shieldedSpans(sentence);
  const found: Found[] = [];
  const taken: [number, number][] = [...dead];
  if (DAY_MONTH.test(sentence)) {
    // The common day-level forms are read by plain patterns; chrono reads whatever day and month they leave.
    for (const f of commonDayDates(sentence, published)) {
      if (overlaps(taken, f.start, f.end)) continue;
      found.push(f);
      taken.push([f.start, f.end]);
    }
    for (const f of chronoDates(sentence, published, taken)) {
      if (overlaps(taken, f.start, f.end)) continue;
      found.push(f);
      taken.push([f.start, f.end]);
    }
  }
  const years = HAS_YEAR.test(sentence);
  for (const rule of RULES) {
    if (rule.gate ? !rule.gate.test(sentence) : !years) continue;
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(sentence); m; m = rule.re.exec(sentence)) {
      const start = m.index;
      const end = start + m[0].length;
      if (overlaps(taken, start, end)) continue;
      const read = rule.read(m, published);
      if (!read) continue;
      found.push({ ...read, start, end });
      taken.push([start, end]);
    }
  }
  const out: DateMention[] = [];
  for (const f of found) {
    const before = sentence.slice(Math.max(0, f.start - 40), f.start);
    const leadMatch = LEAD.exec(before);
    let lead = leadMatch ? leadMatch[1] : '';
    // "between 2005 and 2017" / "from 2005 to 2017": the framing word belongs to the range.
    const leadStart = f.start - lead.length;
    lead = lead.trim();
    const bare = f.precision === 'year' && !f.range && !f.endDate;
    const text = sentence.slice(f.start, f.end);
    if (bare || (f.precision === 'year' && f.range)) {
      // A year alone is a date only when framed ("in 2004", "since 2019", "(signed in 2008)") or when it opens
      // the sentence ("2019 saw…"); "Vision 2050", "its 2027 White Paper", "415" or "$2019" are not.
      const opens = sentence.slice(0, f.start).trim() === '';
      if (!lead && !opens && !inside(quotes, f.start, f.end)) {
        if (!(f.range && /^\s*[—–(]/.test(sentence.slice(f.start - 2, f.start)))) continue;
      }
    }
    const mention: DateMention = {
      text,
      start: f.start,
      end: f.end,
      lead,
      leadStart: lead ? leadStart + (leadMatch![1].length - leadMatch![1].trimStart().length) : f.start,
      date: f.date,
      precision: f.precision,
      role: f.range && !/\bfor\b/i.test(lead) ? 'range' : roleOf(lead),
      label: labelOf(f.date, f.precision, f.endDate),
    };
    if (f.endDate) mention.endDate = f.endDate;
    if (f.inferredYear) mention.inferredYear = true;
    if (
      inside(quotes, f.start, f.end) ||
      (!lead && /[A-Z][A-Za-z]*\s+$/.test(sentence.slice(Math.max(0, f.start - 30), f.start)))
    ) {
      mention.inName = true;
    }
    out.push(mention);
  }
  return out.sort((a, b) => a.start - b.start);
}

function lastDay(d: string): string {
  return d.length === 4 ? `${d}-12-31` : d.length === 7 ? `${d}-31` : d;
}

/** Does date `a` (with optional end) contain or lie within date `b`: the same time told at different precision? */
export function datesCompatible(
  a: string,
  aEnd: string | undefined,
  b: string,
  bEnd: string | undefined,
): boolean {
  const aLo = a;
  const aHi = lastDay(aEnd ?? a);
  const bLo = b;
  const bHi = lastDay(bEnd ?? b);
  return aLo <= bHi && bLo <= aHi;
}
