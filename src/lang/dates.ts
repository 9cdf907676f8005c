// Dates as each language writes them: "20 December 2025", "20 декабря 2025", "20-dekabr 2025". The
// library keeps dates as YYYY[-MM[-DD]]; only their display changes. Written out here rather than through
// Intl, whose output depends on the ICU data a Node build carries ("20-dekabr, 2025", "2025 г.").
import { uzLatnToCyrl } from './translit.js';

export type DateLocale = 'en' | 'ru' | 'uz' | 'uz-Latn' | 'uz-Cyrl';

const EN = 'January February March April May June July August September October November December'.split(' ');
// Russian: the genitive after a day ("20 декабря"), the nominative alone ("декабрь 2025").
const RU_GENITIVE = 'января февраля марта апреля мая июня июля августа сентября октября ноября декабря'.split(
  ' ',
);
const RU_NOMINATIVE = 'январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь'.split(
  ' ',
);
const UZ = 'yanvar fevral mart aprel may iyun iyul avgust sentyabr oktyabr noyabr dekabr'.split(' ');

interface Parts {
  year: string;
  month?: number;
  day?: number;
}

function parse(date: string): Parts | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date.trim());
  if (!m) return undefined;
  const month = m[2] ? Number(m[2]) : undefined;
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  return { year: m[1], month, day: m[3] ? Number(m[3]) : undefined };
}

function latin(p: Parts, locale: DateLocale, dayText?: string): string {
  const day = dayText ?? (p.day !== undefined ? String(p.day) : undefined);
  if (p.month === undefined) return p.year;
  const i = p.month - 1;
  switch (locale) {
    case 'ru':
      return day ? `${day} ${RU_GENITIVE[i]} ${p.year}` : `${RU_NOMINATIVE[i]} ${p.year}`;
    case 'uz':
    case 'uz-Latn':
    case 'uz-Cyrl':
      return day ? `${day}-${UZ[i]} ${p.year}` : `${p.year}-yil ${UZ[i]}`;
    default:
      return day ? `${day} ${EN[i]} ${p.year}` : `${EN[i]} ${p.year}`;
  }
}

/** A library date (YYYY, YYYY-MM, YYYY-MM-DD) in the reader's language; anything else is returned as is. */
export function formatDate(date: string, locale: DateLocale = 'en'): string {
  const p = parse(date);
  if (!p) return date;
  const out = latin(p, locale);
  return locale === 'uz-Cyrl' ? uzLatnToCyrl(out) : out;
}

/** A span within one month reads "18–20 декабря 2025"; any other span is two dates joined by a dash. */
export function formatDateRange(start: string, end: string | undefined, locale: DateLocale = 'en'): string {
  if (!end || end === start) return formatDate(start, locale);
  const a = parse(start);
  const b = parse(end);
  if (a && b && a.day !== undefined && b.day !== undefined && a.year === b.year && a.month === b.month) {
    const out = latin(a, locale, `${a.day}–${b.day}`);
    return locale === 'uz-Cyrl' ? uzLatnToCyrl(out) : out;
  }
  return `${formatDate(start, locale)} – ${formatDate(end, locale)}`;
}
