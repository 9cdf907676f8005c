// Turns an article pasted from a web page into a corpus file: strips the site's chrome, marks the
// article's own section headings, and reads only the metadata the text itself states.
//
// Everything here is pure and deterministic. The rules describe *kinds* of chrome (currency tickers,
// comment widgets, bylines, ...) rather than the strings of particular pages, because later articles
// from the same sites will be imported with them. When a rule is unsure, the line stays in the body:
// losing a sentence of the article is worse than keeping a stray label, which a reviewer can see.

import YAML from 'yaml';
import { monthNumber } from '../lexicon/index.js';
import { stripInvisible } from '../text/sanitize.js';
import type { ArticleMeta } from '../types.js';

export type CleanMeta = Partial<ArticleMeta> & {
  /** Footnote list ("[1] “…”, Avesta, https://…"): kept out of the answerable body. */
  references?: string[];
  /** `lead` when no title was found in the text and one was derived from the lead sentence. */
  title_from?: string;
  /** A deck under the title that is not a sentence ("An analytical review of the first …"). */
  subtitle?: string;
  /** Byline, signature and author-bio lines removed from the body, verbatim, for provenance. */
  author_info?: string[];
};

export interface CleanOptions {
  /** Values set by hand after review; they win over anything read from the text. */
  overrides?: Partial<ArticleMeta>;
  /** Why a field has the value it has (set on review), written as a YAML comment above it. */
  notes?: FieldNotes;
}

export type FieldNotes = Partial<Record<keyof CleanMeta, string>>;

export interface CleanResult {
  meta: CleanMeta;
  /** Markdown: paragraphs one per line, separated by blank lines; `## ` for section headings. */
  body: string;
  /** Things a reviewer should look at (a dangling heading-like line, a paragraph Markdown would misread). */
  warnings: string[];
  /** Dates the page offers that bound the publication date without stating it. */
  dateHints: string[];
  notes: FieldNotes;
}

/** Raised for input that cannot become an article; the caller adds the file name. */
export class CleanError extends Error {}

export const TITLE_MAX = 80;
export const ID_MAX = 60;

// ---------------------------------------------------------------------------------------------
// Reading the input

/** Strict UTF-8: a mis-encoded paste would otherwise be quoted back to users with U+FFFD in it. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CleanError('not valid UTF-8 text');
  }
}

interface Line {
  text: string;
  /** Index of the first line of the run of non-blank lines this line belongs to. */
  block: number;
}

/** Lines trimmed (NBSP too: `String.prototype.trim` covers it), blank ones dropped, runs remembered. */
function splitLines(raw: string): Line[] {
  const out: Line[] = [];
  let block = 0;
  let previousBlank = true;
  raw
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((rawLine, i) => {
      const text = rawLine.trim();
      if (!text) {
        previousBlank = true;
        return;
      }
      if (previousBlank) block = i;
      previousBlank = false;
      out.push({ text, block });
    });
  return unwrapHardBreaks(out);
}

/**
 * A paragraph wrapped at a fixed width shows up as a line that stops mid-sentence and a next line
 * that starts in lower case. Only that case is joined: a capitalised next line may be a heading,
 * a name or a new paragraph.
 */
function unwrapHardBreaks(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (const line of lines) {
    const prev = out.at(-1);
    if (prev && prev.block === line.block && isCutMidSentence(prev.text, line.text)) {
      out[out.length - 1] = { ...prev, text: `${prev.text} ${line.text}` };
    } else {
      out.push(line);
    }
  }
  return out;
}

function isCutMidSentence(line: string, next: string): boolean {
  return !endsSentence(line) && !isHeadingLike(line) && /^\p{Ll}/u.test(next);
}

// ---------------------------------------------------------------------------------------------
// Shapes of lines

const CLOSERS = `"”’'»)\\]`;
const TERMINAL = new RegExp(`[.!?…][${CLOSERS}]*(?:\\[\\d{1,3}\\])*$`, 'u');

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
}

function endsSentence(text: string): boolean {
  return TERMINAL.test(text);
}

/** A paragraph of running text: ends like a sentence and is longer than a caption or a label. */
function isProse(text: string): boolean {
  return endsSentence(text) && words(text).length >= 6;
}

// Words a title-cased heading leaves in lower case.
const MINOR_WORDS = new Set(
  (
    'a an the and or nor but of in on at to for with from by as via into onto over per vs than ' +
    'upon amid about after before between within without under is are was be its their his her'
  ).split(' '),
);

/**
 * Short, unpunctuated and Title-Case-ish: "Historical Context: A Dialogue with Deep Roots". Sentence
 * case ("An analytical review of the summit") is left to be a paragraph, since decks and captions
 * look like that and a heading wrongly made of them would hide them from quotes.
 */
export function isHeadingLike(text: string): boolean {
  if (text.length > 120 || /[.,;:!?…]$/.test(text.replace(new RegExp(`[${CLOSERS}]+$`, 'u'), ''))) {
    return false;
  }
  if (!/^[\p{Lu}\p{N}“"‘'(]/u.test(text) || !/\p{L}/u.test(text) || /https?:\/\//.test(text)) return false;
  const ws = words(text);
  if (ws.length === 0 || ws.length > 14) return false;
  const lowerContentWords = ws.filter((w) => {
    const bare = w.replace(/^[^\p{L}\p{N}]+/u, '');
    return /^\p{Ll}/u.test(bare) && !MINOR_WORDS.has(bare.toLowerCase().replace(/[^\p{L}]+$/u, ''));
  }).length;
  return lowerContentWords === 0 || (lowerContentWords === 1 && ws.length >= 6);
}

/** A title as pages print it: a short unpunctuated line; it may be in sentence case. */
function isTitleLike(text: string): boolean {
  return (
    /^[\p{Lu}\p{N}“"‘']/u.test(text) &&
    !/[.,;:]$/.test(text) &&
    words(text).length >= 2 &&
    words(text).length <= 25 &&
    !/https?:\/\//.test(text)
  );
}

function normalizeForCompare(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Site chrome recognised line by line

/** Why a line is chrome, by kind; `undefined` when it is not recognisably chrome on its own. */
export function chromeKind(text: string): string | undefined {
  for (const [kind, patterns] of CHROME_PATTERNS) {
    if (patterns.some((p) => p.test(text))) return kind;
  }
  return undefined;
}

const CHROME_PATTERNS: [string, RegExp[]][] = [
  [
    'currency ticker',
    [
      /^(?:currency|exchange) rates?(?: from| for| on)?\s*[\d./-]*$/i,
      // "$1 – 12059.78", "€1 – 14129.24", "USD – 12059.78", "UZS – -0.38%"
      /^\p{Sc}\s?\d+\s*[–—-]\s*\d[\d\s.,]*$/u,
      /^[A-Z]{3}\s*[–—-]\s*[-+]?\d[\d\s.,]*%?$/u,
    ],
  ],
  [
    'comment widget',
    [
      /^comments?\s*\(\d+\)$/i,
      /^\d+\s+comments?$/i,
      /^no comments(?: yet)?$/i,
      /^leave a (?:reply|comment)(?:\s*cancel reply)?$/i,
      /^(?:add|post|write) (?:a |your )?comment$/i,
      /^please enter your (?:comment|name|e-?mail)(?: address)?(?: here)?!?$/i,
      /^you have entered an incorrect e-?mail address!?$/i,
      /^save my name, e-?mail, and website in this browser for the next time I comment\.?$/i,
      /^(?:log ?in|sign ?in) to (?:comment|leave a comment)\.?$/i,
    ],
  ],
  [
    'site navigation',
    [
      /^exit mobile version$/i,
      // A breadcrumb with separators ("Home › News › …") whatever it ends with.
      /^Home\s*[›»>/|].{0,200}[^.!?]$/,
      /^(?:search|menu|home|share|tweet|print|e-?mail|close|subscribe|advertisement|loading\.*)$/i,
      /^skip to (?:main )?content$/i,
      /^(?:back to top|scroll to top)$/i,
      /^(?:read more|read also|see also|related|related (?:articles|posts|news|stories)|latest news|most (?:read|popular|viewed)|popular (?:posts|news)|tags?)\s*:?$/i,
      /^share (?:this|on|via)\b.{0,40}$/i,
    ],
  ],
  [
    'subscription prompt',
    [
      /^stay (?:up to date|tuned|informed)\b.{0,50}$/i,
      /^subscribe to (?:our|the)\b.{0,60}$/i,
      /^(?:follow|join) us on\b.{0,60}$/i,
      /^sign up for (?:our|the)\b.{0,60}newsletter\.?$/i,
    ],
  ],
  [
    'photo credit',
    [
      /^(?:photo|image|picture|illustration|credit|credits|photo credit|image credit|source of (?:the )?photo)\s*(?::|by\b)\s*\S.{0,80}$/i,
    ],
  ],
  [
    'page counter',
    [
      // "0" under a title is a comment or share count; a real paragraph is never a bare number.
      /^\d{1,3}$/,
      /^\d+\s+(?:views?|shares?|reads?|likes?)$/i,
      /^(?:views?|shares?|reads?)\s*:?\s*\d+$/i,
      /^\d+\s+min(?:ute)?s?\s+read$/i,
    ],
  ],
];

/** "Home Analysis <title>": without separators, only the title at its end tells it apart. */
function isBreadcrumbTo(text: string, title: string): boolean {
  if (!text.startsWith('Home ')) return false;
  if (!normalizeForCompare(text).endsWith(normalizeForCompare(title))) return false;
  const trail = text.slice(0, text.length - title.length).trim();
  return trail.length > 0 && words(trail).length <= 5 && words(trail).every((w) => /^\p{Lu}/u.test(w));
}

// ---------------------------------------------------------------------------------------------
// Title

interface FoundTitle {
  text: string;
  /** `first-line` is a guess a reviewer should confirm: it may be a first section heading. */
  how: 'repeated' | 'breadcrumb' | 'first-line';
}

/**
 * Pages print their title several times (heading, share card, image caption): the title-like line
 * printed most often is the title. A line printed once counts when a breadcrumb ends with it, or
 * when it opens the text above any running text, where pasted pages put their title.
 */
function findTitle(lines: Line[], isChrome: (i: number) => boolean): FoundTitle | undefined {
  const counts = new Map<string, { text: string; n: number; first: number }>();
  lines.forEach((line, i) => {
    if (isChrome(i) || !isTitleLike(line.text)) return;
    const key = normalizeForCompare(line.text);
    const entry = counts.get(key) ?? { text: line.text, n: 0, first: i };
    entry.n += 1;
    counts.set(key, entry);
  });
  const repeated = [...counts.values()]
    .filter((e) => e.n >= 2)
    .sort((a, b) => b.n - a.n || words(b.text).length - words(a.text).length || a.first - b.first);
  if (repeated[0]) return { text: repeated[0].text, how: 'repeated' };

  for (const line of lines) {
    if (!line.text.startsWith('Home ')) continue;
    const titled = [...counts.values()].find(
      (e) => e.text !== line.text && isBreadcrumbTo(line.text, e.text),
    );
    if (titled) return { text: titled.text, how: 'breadcrumb' };
  }

  const first = lines.findIndex((_, i) => !isChrome(i));
  const opening = lines[first]?.text;
  const hasMore = lines.some((_, i) => i > first && !isChrome(i));
  if (
    opening &&
    hasMore &&
    isTitleLike(opening) &&
    !isProse(opening) &&
    !bylineNames(opening) &&
    !publicationDateLine(opening)
  ) {
    return { text: opening, how: 'first-line' };
  }
  return undefined;
}

/** The lead sentence, cut at a word boundary: for texts pasted without their title. */
export function titleFromLead(paragraph: string, max = TITLE_MAX): string {
  const sentence = firstSentence(paragraph).replace(/[.!?…]$/u, '');
  if (sentence.length <= max) return sentence;
  const room = sentence.slice(0, max); // leaves one char for the ellipsis
  const cut = room.slice(0, room.lastIndexOf(' ')).replace(/[\s,;:–—-]+$/u, '');
  return `${cut}…`;
}

const ABBREVIATIONS =
  /(?:\b(?:Dr|Mr|Mrs|Ms|Prof|St|Jr|Sr|No|vs|etc|Inc|Ltd|Co|Gen|Gov|Rep|Sen)|\b\p{Lu}|Ph\.D|U\.S|U\.K)\.$/u;

function firstSentence(paragraph: string): string {
  const boundary = new RegExp(`[.!?…][${CLOSERS}]*(?=\\s+["“‘(]?[\\p{Lu}\\p{N}])`, 'gu');
  for (const m of paragraph.matchAll(boundary)) {
    const end = m.index + m[0].length;
    if (!ABBREVIATIONS.test(paragraph.slice(0, m.index + 1))) return paragraph.slice(0, end);
  }
  return paragraph;
}

export function slugify(text: string, max = ID_MAX): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  return cut.slice(0, cut.lastIndexOf('-') > 0 ? cut.lastIndexOf('-') : max).replace(/-+$/, '');
}

// ---------------------------------------------------------------------------------------------
// Bylines, signatures, author bios

const HONORIFIC = /^(?:Dr|Prof|Professor|Mr|Mrs|Ms|Amb|Ambassador)\.?\s+/;
const NAME_WORD = /^\p{Lu}[\p{L}’'.-]*$/u;
// Words of a byline's affiliation line ("Director, New Media Education Centre NGO,").
const AFFILIATION =
  /\b(?:Director|Deputy|Head|Chair(?:man|woman|person)?|President|Professor|Lecturer|Fellow|Researcher|Analyst|Editor|Correspondent|Journalist|Student|Ph\.?D|Expert|Consultant|Associate|Founder|Advisor|Adviser|Ambassador|Dean|Rector|Manager|Coordinator|Officer|Scholar|Candidate|Institute|University|Centre|Center|NGO)\b/;

/** "Bakhtiyor Mustafayev," — two to four capitalised words, nothing else. */
function personName(text: string): string | undefined {
  const bare = text.replace(/,$/, '').replace(HONORIFIC, '').trim();
  const ws = bare.split(/\s+/);
  if (ws.length < 2 || ws.length > 4 || !ws.every((w) => NAME_WORD.test(w))) return undefined;
  return bare;
}

/** "By Dr. Beruniy Alimov", "By A and B", "By A / Director, X": the names, honorifics dropped. */
function bylineNames(text: string): string[] | undefined {
  const m = /^By\s+(.+)$/.exec(text);
  if (!m) return undefined;
  const namePart = m[1].split(/\s+[/|]\s+/)[0].replace(/,$/, '');
  const names = namePart
    .split(/\s*(?:,|\band\b|&)\s*/)
    .filter(Boolean)
    .map((n) => personName(n));
  if (names.length === 0 || names.some((n) => n === undefined)) return undefined;
  return names as string[];
}

// Roles of people who write such articles; not "President" or "Minister", whom articles are about.
const WRITER_ROLE =
  /\b(?:Ph\.?\s?D|doctoral|student|professor|lecturer|fellow|researcher|analyst|scholar|journalist|correspondent|editor|graduate of|author of)\b/i;

/**
 * "Almas Dissyukov is currently a Ph.D. Student at …": a closing note about the author, not part of
 * the article's argument. A last paragraph about a person is only taken for one when the person is
 * the byline's author or is described in a writer's role, so a closing sentence about a minister stays.
 */
function bioName(paragraph: string, knownAuthors: string[]): string | undefined {
  if (paragraph.length > 600) return undefined;
  if (/^The authors? (?:is|are)\b/.test(paragraph)) return '';
  const m =
    /^((?:\p{Lu}[\p{L}’'.-]*\s+){1,3}\p{Lu}[\p{L}’'-]*)\s+(?:is|was|serves as|works as|has been)\s+(.{0,80})/u.exec(
      paragraph,
    );
  const name = m ? personName(m[1]) : undefined;
  if (!m || !name) return undefined;
  if (knownAuthors.includes(name) ? AFFILIATION.test(m[2]) || WRITER_ROLE.test(m[2]) : WRITER_ROLE.test(m[2]))
    return name;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// References

const REFERENCE_ENTRY = /^\[\d{1,3}\]\s*\S/;
// "1. Author, “Title”, https://…": a numbered entry is only read as a reference when it cites a link.
const NUMBERED_REFERENCE = /^\d{1,3}[.)]\s+\S.*https?:\/\//;
const REFERENCE_HEADING = /^(?:references|sources|notes|endnotes|footnotes|bibliography)\s*:?$/i;

// ---------------------------------------------------------------------------------------------
// Dates

const MONTH =
  '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\.?';

// Every month the pattern above captures, full or abbreviated, is one the lexicon knows.
const monthOf = (name: string): number => monthNumber(name) ?? 0;

function isoDate(y: number, m?: number, d?: number): string | undefined {
  if (m === undefined) return String(y);
  if (m < 1 || m > 12) return undefined;
  const ym = `${y}-${String(m).padStart(2, '0')}`;
  if (d === undefined) return ym;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d >= 1 && d <= last ? `${ym}-${String(d).padStart(2, '0')}` : undefined;
}

/**
 * A line that is only a date (with an optional "Published"/"Posted on" and time): the page's
 * dateline under the title. "Updated …" is not a publication date and is not read.
 */
export function publicationDateLine(text: string): string | undefined {
  const body = text
    .replace(/^(?:published|posted|date)\s*(?:on)?\s*:?\s*/i, '')
    .replace(/[,\s]+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?(?:\s*\(?[A-Z]{2,5}\)?)?$/i, '')
    .replace(/^\d{1,2}:\d{2}[,\s]+/, '')
    .trim();
  const monthFirst = new RegExp(`^${MONTH}\\s+(\\d{1,2}),?\\s+(\\d{4})$`, 'i').exec(body);
  if (monthFirst) return isoDate(+monthFirst[3], monthOf(monthFirst[1]), +monthFirst[2]);
  const dayFirst = new RegExp(`^(\\d{1,2})\\s+${MONTH},?\\s+(\\d{4})$`, 'i').exec(body);
  if (dayFirst) return isoDate(+dayFirst[3], monthOf(dayFirst[2]), +dayFirst[1]);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(body);
  if (iso) return isoDate(+iso[1], +iso[2], +iso[3]);
  const m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(body);
  if (m) {
    const [a, b, y] = [+m[1], +m[2], +m[3]];
    // Day-first is what these sites print; a first number above 12 proves it, otherwise trust
    // only the year rather than guess between 05/06 meaning May or June.
    if (a > 12) return isoDate(y, b, a);
    if (b > 12) return isoDate(y, a, b);
    return isoDate(y);
  }
  return undefined;
}

/** What the page says about when it was read or which dates it covers: help for the reviewer. */
function collectDateHints(rawLines: string[], bodyText: string, references: string[]): string[] {
  const hints: string[] = [];
  for (const text of rawLines) {
    const m = /^(?:currency|exchange) rates?\s+(?:from|for|on)\s+(\d{1,2})[./](\d{1,2})[./](\d{4})$/i.exec(
      text,
    );
    if (m)
      hints.push(
        `page shows currency rates from ${m[1]}/${m[2]}/${m[3]}: the page was read then, so published on or before that day`,
      );
  }
  const mentioned = [
    ...bodyText.matchAll(
      new RegExp(
        `(?:\\d{1,2}(?:[–-]\\d{1,2})?\\s+)?${MONTH}(?:\\s+\\d{1,2}(?:[–-]\\d{1,2})?,?)?\\s+(\\d{4})`,
        'g',
      ),
    ),
  ]
    .map((m) => ({ text: m[0], key: `${m[2]}-${String(monthOf(m[1])).padStart(2, '0')}` }))
    .sort((a, b) => a.key.localeCompare(b.key));
  const latest = mentioned[mentioned.length - 1];
  if (latest) hints.push(`latest month-and-year named in the text: "${latest.text}"`);
  const accessed = [...references.join('\n').matchAll(/access(?:ed)?(?: date)?:?\s*([\d./-]{8,10})/gi)].map(
    (m) => m[1],
  );
  if (accessed.length > 0) {
    hints.push(
      `references were accessed on ${[...new Set(accessed)].join(', ')}: published on or after that`,
    );
  }
  return hints;
}

// ---------------------------------------------------------------------------------------------
// Source

/**
 * "Tashkent, Uzbekistan (UzDaily.com) — On …", "TASHKENT (Reuters) —": a wire-style dateline names
 * the publication. The place must be a few capitalised words and the bracket a site name (or the
 * place in capitals), so "Japan International Cooperation Agency (JICA) —" is not read as one.
 */
function datelineSource(paragraph: string): string | undefined {
  const m = /^([\p{Lu}][\p{L}’'.-]*(?:,?\s+[\p{Lu}][\p{L}’'.-]*){0,3})\s*\(([^()]{2,40})\)\s*[—–-]/u.exec(
    paragraph,
  );
  if (!m) return undefined;
  const [, place, name] = m;
  const siteName = /\.\p{L}{2,}$/u.test(name);
  const placeInCapitals = place === place.toUpperCase();
  return siteName || placeInCapitals ? name.trim() : undefined;
}

// ---------------------------------------------------------------------------------------------
// The whole pass

type Kind =
  | 'chrome'
  | 'title'
  | 'subtitle'
  | 'byline'
  | 'date'
  | 'reference'
  | 'signature'
  | 'bio'
  | 'heading'
  | 'paragraph';

export function cleanRawArticle(raw: string, opts: CleanOptions = {}): CleanResult {
  if (!raw.trim()) throw new CleanError('the file is empty');
  const lines = splitLines(raw);
  const kinds: (Kind | undefined)[] = lines.map((l) => (chromeKind(l.text) ? 'chrome' : undefined));
  const is = (i: number, k: Kind) => kinds[i] === k;
  const warnings: string[] = [];

  const title = markTitle(lines, kinds, warnings);
  markRepeatedLabels(lines, kinds);
  const authors = markBylines(lines, kinds);
  const firstProse = lines.findIndex((l, i) => kinds[i] === undefined && isProse(l.text));
  const published = markDateLine(lines, kinds, firstProse);
  markHeaderLabels(lines, kinds, firstProse);
  const subtitle = markSubtitle(lines, kinds, firstProse, warnings);
  const trailing = markTrailingNotes(lines, kinds, authors);
  authors.push(...trailing.authors);

  markHeadingsAndParagraphs(lines, kinds, warnings);

  const blocks = lines.flatMap((l, i) =>
    is(i, 'heading') ? [`## ${l.text}`] : is(i, 'paragraph') ? [l.text] : [],
  );
  const paragraphs = lines.filter((_, i) => is(i, 'paragraph')).map((l) => l.text);
  if (!paragraphs.some(isProse)) throw new CleanError('no article text left after removing the site chrome');
  for (const p of paragraphs) {
    if (/^(?:#|>|[-*+]\s|\d+[.)]\s)/.test(p))
      warnings.push(`Markdown may read this paragraph as markup: "${p.slice(0, 60)}"`);
  }

  const meta: CleanMeta = {};
  if (title) {
    meta.title = title;
  } else {
    meta.title = titleFromLead(paragraphs.find(isProse) ?? paragraphs[0]);
    meta.title_from = 'lead';
  }
  const source = datelineSource(paragraphs.find(isProse) ?? '');
  if (source) meta.source = source;
  if (authors.length > 0) meta.author = [...new Set(authors)].join(', ');
  if (subtitle) meta.subtitle = subtitle;
  if (published) meta.published = published;
  if (trailing.references.length > 0) meta.references = trailing.references;
  const authorInfo = lines
    .filter((_, i) => is(i, 'byline') || is(i, 'signature') || is(i, 'bio'))
    .map((l) => l.text);
  if (authorInfo.length > 0) meta.author_info = authorInfo;

  applyOverrides(meta, opts.overrides ?? {});
  stripMetaInvisible(meta);
  meta.id = opts.overrides?.id ?? slugify(meta.title ?? '');
  if (!meta.id) throw new CleanError('cannot derive an id from the title; pass --id');

  return {
    meta,
    body: blocks.join('\n\n'),
    warnings,
    dateHints: collectDateHints(
      lines.map((l) => l.text),
      paragraphs.join('\n'),
      trailing.references,
    ),
    notes: opts.notes ?? {},
  };
}

/**
 * What is left is the article. A heading-like line heads whatever follows it, even another heading
 * (an empty section is the article's own structure); with nothing after it, it cannot head anything.
 */
function markHeadingsAndParagraphs(lines: Line[], kinds: (Kind | undefined)[], warnings: string[]): void {
  const isBodyLine = (j: number) =>
    kinds[j] === undefined || kinds[j] === 'paragraph' || kinds[j] === 'heading';
  for (let i = 0; i < lines.length; i++) {
    if (kinds[i] !== undefined) continue;
    if (!isHeadingLike(lines[i].text)) {
      kinds[i] = 'paragraph';
    } else if (lines.some((_, j) => j > i && isBodyLine(j))) {
      kinds[i] = 'heading';
    } else {
      kinds[i] = 'paragraph';
      warnings.push(
        `kept as a paragraph: a heading-like last line with nothing after it: "${lines[i].text}"`,
      );
    }
  }
}

/**
 * Metadata ends up in every citation: bidi controls (U+202E reorders what follows) and invisible
 * characters pasted from the web are removed, so a title shows what it says.
 */
function stripMetaInvisible(meta: CleanMeta): void {
  const m = meta as Record<string, unknown>;
  for (const [key, value] of Object.entries(m)) {
    if (typeof value === 'string') m[key] = stripInvisible(value).trim();
    else if (Array.isArray(value))
      m[key] = value.map((v) => (typeof v === 'string' ? stripInvisible(v).trim() : v));
  }
}

function applyOverrides(meta: CleanMeta, overrides: Partial<ArticleMeta>): void {
  for (const key of ['title', 'source', 'author', 'published', 'url'] as const) {
    const value = overrides[key];
    if (value === undefined) continue;
    meta[key] = value;
    if (key === 'title') delete meta.title_from;
  }
}

function markTitle(lines: Line[], kinds: (Kind | undefined)[], warnings: string[]): string | undefined {
  const found = findTitle(lines, (i) => kinds[i] !== undefined);
  if (!found) return undefined;
  if (found.how === 'first-line') {
    warnings.push(
      `title read from the first line, printed once: check it is not a section heading: "${found.text}"`,
    );
  }
  const title = found.text;
  const key = normalizeForCompare(title);
  lines.forEach((l, i) => {
    if (kinds[i] !== undefined) return;
    if (normalizeForCompare(l.text) === key) kinds[i] = 'title';
    else if (isBreadcrumbTo(l.text, title)) kinds[i] = 'chrome';
  });
  return title;
}

/** Column and rubric names ("Crossroads Asia") printed more than once around the title. */
function markRepeatedLabels(lines: Line[], kinds: (Kind | undefined)[]): void {
  const counts = new Map<string, number>();
  lines.forEach((l, i) => {
    if (kinds[i] === undefined && isHeadingLike(l.text) && words(l.text).length <= 6) {
      const key = normalizeForCompare(l.text);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  });
  lines.forEach((l, i) => {
    if (kinds[i] === undefined && (counts.get(normalizeForCompare(l.text)) ?? 0) >= 2) kinds[i] = 'chrome';
  });
}

/**
 * "By Dr. X" and the affiliation lines under it ("Director, …," / "Tashkent, Uzbekistan"): a line
 * belongs to the byline while the previous one ended with a comma or it names a role, but never a
 * line that introduces running text (that is the first section heading).
 */
function markBylines(lines: Line[], kinds: (Kind | undefined)[]): string[] {
  const authors: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (kinds[i] !== undefined) continue;
    const names = bylineNames(lines[i].text);
    if (!names) continue;
    authors.push(...names);
    kinds[i] = 'byline';
    for (let j = i + 1; j < lines.length; j++) {
      if (kinds[j] !== undefined && kinds[j] !== 'chrome') break;
      if (kinds[j] === 'chrome') continue;
      const text = lines[j].text;
      const next = lines.slice(j + 1).find((_, k) => kinds[j + 1 + k] === undefined);
      const introducesProse = next !== undefined && isProse(next.text);
      const prevEndsWithComma = lines[j - 1].text.endsWith(',');
      const shortLine = words(text).length <= 15 && !isProse(text);
      const continues =
        shortLine &&
        (prevEndsWithComma || (AFFILIATION.test(text) && (text.includes(',') || !introducesProse)));
      if (!continues) break;
      kinds[j] = 'byline';
    }
  }
  return authors;
}

function markDateLine(lines: Line[], kinds: (Kind | undefined)[], firstProse: number): string | undefined {
  const end = firstProse < 0 ? lines.length : firstProse;
  for (let i = 0; i < end; i++) {
    if (kinds[i] !== undefined) continue;
    const date = publicationDateLine(lines[i].text);
    if (date) {
      kinds[i] = 'date';
      return date;
    }
  }
  return undefined;
}

/**
 * Above the first paragraph of running text, a Title-Case line that does not introduce running
 * text is a rubric or navigation label ("Recent Features"), not a section heading.
 */
function markHeaderLabels(lines: Line[], kinds: (Kind | undefined)[], firstProse: number): void {
  for (let i = 0; i < firstProse; i++) {
    if (kinds[i] !== undefined || !isHeadingLike(lines[i].text)) continue;
    const next = lines[i + 1];
    if (!next || !isProse(next.text) || kinds[i + 1] !== undefined) kinds[i] = 'chrome';
  }
}

/**
 * A lone fragment between the title and the first paragraph is the page's deck. As a paragraph it
 * would be a passage of its own that matches the article's keywords while answering nothing, so it
 * goes to the front matter. A full-sentence standfirst ends with a period and stays in the body.
 * Several such fragments are not a recognisable deck and stay where they are.
 */
function markSubtitle(
  lines: Line[],
  kinds: (Kind | undefined)[],
  firstProse: number,
  warnings: string[],
): string | undefined {
  const fragments = lines
    .map((l, i) => ({ text: l.text, i }))
    .filter(
      ({ text, i }) => i < firstProse && kinds[i] === undefined && !isHeadingLike(text) && !isProse(text),
    );
  if (fragments.length === 1) {
    kinds[fragments[0].i] = 'subtitle';
    return fragments[0].text;
  }
  for (const f of fragments)
    warnings.push(`kept in the body: a fragment above the first paragraph: "${f.text}"`);
  return undefined;
}

/**
 * Reads the end of the article backwards past chrome: footnote lists, a closing author bio and
 * signature blocks ("Name,\nRole, Institution") are notes about the article, not its text.
 */
function markTrailingNotes(
  lines: Line[],
  kinds: (Kind | undefined)[],
  bylineAuthors: string[],
): { references: string[]; authors: string[] } {
  let start = lines.length;
  let bioSeen = false;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (kinds[i] === 'chrome') {
      start = i;
      continue;
    }
    if (kinds[i] !== undefined) break;
    const text = lines[i].text;
    if (
      REFERENCE_ENTRY.test(text) ||
      NUMBERED_REFERENCE.test(text) ||
      REFERENCE_HEADING.test(text) ||
      !isProse(text)
    ) {
      start = i;
      continue;
    }
    if (!bioSeen && bioName(text, bylineAuthors) !== undefined) {
      bioSeen = true;
      start = i;
      continue;
    }
    break;
  }

  const references: string[] = [];
  const authors: string[] = [];
  let inReferenceList = false;
  for (let i = start; i < lines.length; i++) {
    if (kinds[i] !== undefined) continue;
    const text = lines[i].text;
    if (REFERENCE_HEADING.test(text)) {
      kinds[i] = 'chrome';
      inReferenceList = true;
    } else if (REFERENCE_ENTRY.test(text) || (inReferenceList && /^\d{1,3}[.)]\s+\S/.test(text))) {
      kinds[i] = 'reference';
      references.push(text);
    } else if (isProse(text) && bioName(text, bylineAuthors) !== undefined) {
      const name = bioName(text, bylineAuthors);
      if (name) authors.push(name);
      kinds[i] = 'bio';
    } else {
      const name = personName(text);
      const role = lines.slice(i + 1).find((_, k) => kinds[i + 1 + k] === undefined);
      if (name && (text.endsWith(',') || (role && AFFILIATION.test(role.text)))) {
        authors.push(name);
        kinds[i] = 'signature';
        for (let j = i + 1; j < lines.length && kinds[j] === undefined; j++) {
          if (personName(lines[j].text) || isProse(lines[j].text) || REFERENCE_ENTRY.test(lines[j].text))
            break;
          kinds[j] = 'signature';
        }
      }
    }
  }
  return { references, authors };
}

// ---------------------------------------------------------------------------------------------
// Writing the corpus file

// Order of the front matter as DESIGN.md shows it; fields added here come after the contract's.
const FIELD_ORDER = [
  'id',
  'title',
  'title_from',
  'subtitle',
  'source',
  'author',
  'published',
  'url',
  'references',
  'author_info',
] as const;

/**
 * `published` is quoted when a YAML 1.1 reader would not keep it a string: a bare year reads as a
 * number and a full date as a timestamp. YYYY-MM stays plain, as DESIGN.md writes it.
 */
function yamlScalar(key: string, value: string): string {
  if (key === 'published' && /^\d{4}(?:-\d{2}-\d{2})?$/.test(value)) return JSON.stringify(value);
  return YAML.stringify(value, { lineWidth: 0 }).trimEnd();
}

export function toCorpusFile(meta: CleanMeta, body: string, notes: FieldNotes = {}): string {
  const out: string[] = ['---'];
  for (const key of FIELD_ORDER) {
    const value = meta[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    const note = notes[key];
    if (note) out.push(`# ${key}: ${note.replace(/\s+/g, ' ')}`);
    if (Array.isArray(value)) {
      out.push(`${key}:`, YAML.stringify(value, { lineWidth: 0 }).trimEnd().replace(/^/gm, '  '));
    } else {
      out.push(`${key}: ${yamlScalar(key, value)}`);
    }
  }
  out.push('---', '');
  return `${out.join('\n')}\n${body.trimEnd()}\n`;
}
