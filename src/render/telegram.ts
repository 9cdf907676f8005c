// Telegram rendering of the engine's results: text plus message entities (never parse_mode), so nothing
// a user types, and nothing an article says, can open or break markup. A reply is a list of paragraphs
// ("blocks"); `toMessages` packs them into messages of at most 4096 characters, splitting only between
// paragraphs unless one paragraph alone is too long.
import { FormattedString, b, blockquote, fmt, i, link } from '@grammyjs/parse-mode';
import type { MessageEntity } from 'grammy/types';
import { describeSource } from '../answer/citation.js';
import { stripInvisible } from '../text/sanitize.js';
import { formatDate } from '../lang/dates.js';
import { wordsFor, type Words } from '../bot/i18n.js';
import { cardFields, fieldLabel } from './card-fields.js';
import type { Answer, ArticleMeta, Card, Citation, Event, Figure, Passage } from '../types.js';

/** Telegram's limit for a message text (counted in UTF-16 code units, as entities are). */
export const MESSAGE_LIMIT = 4096;

export type Block = FormattedString;

/** A rendered message, plain data (it survives JSON, as conversation replay state requires). */
export interface RenderedText {
  text: string;
  entities: MessageEntity[];
}

// The frame around the quotes is in the reader's language (locales/*.ftl); the quotes themselves, the
// titles and the publications stay as the library has them, in English. Without `words`, English.
const EN = () => wordsFor('en');

/** A library date for the reader: as stored in English ("2019-05"), worded in Russian and Uzbek. */
function shownDate(date: string | undefined, w: Words): string | undefined {
  return date && w.locale !== 'en' ? formatDate(date, w.locale) : date;
}

/** Small talk, as the engine marks it (`kind: 'smalltalk'`): a friendly word, not a refusal. */
export function isSmalltalk(answer: Answer): boolean {
  return (answer as { kind?: string }).kind === 'smalltalk';
}

// C0/C1 controls (tab and newline kept), zero-width and bidirectional controls, lone surrogates.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** User text made safe to echo or to pass on: no control or direction characters, one line, trimmed. */
export function cleanUserText(text: string): string {
  return text.replace(CONTROL, ' ').replace(LONE_SURROGATE, '').replace(/\s+/g, ' ').trim();
}

/** Cuts text to at most `max` characters on a word boundary, marking the cut with "…". */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.6) cut = cut.slice(0, space);
  // Never leave half of a surrogate pair behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

const plain = (s: string) => new FormattedString(s);
const join = (parts: FormattedString[], sep = '\n') => FormattedString.join(parts, sep);

/** Only web links become links; anything else in a corpus `url` field stays text. */
function safeUrl(url?: string): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** "Title — Source, 2019-05", the title linked to the article when its URL is known. */
export function sourceLine(
  c: Pick<Citation, 'title' | 'source' | 'date' | 'url'>,
  w: Words = EN(),
): FormattedString {
  const url = safeUrl(c.url);
  const title = url ? fmt`${link(url)}${c.title}${link}` : plain(c.title);
  const rest = [c.source, shownDate(c.date, w)].filter(Boolean).join(', ');
  return rest ? fmt`${title} — ${rest}` : title;
}

function citationMark(n: number): FormattedString {
  return fmt`${b}[${String(n)}]${b}`;
}

/** The user's question, quoted in plain weight: what they said, never styled as the bot's own words. */
function questionLine(question: string): FormattedString {
  return fmt`${blockquote}❓ ${clip(cleanUserText(stripInvisible(question)), 300)}${blockquote}`;
}

function renderCard(card: Card, w: Words): FormattedString {
  // The card's citation marks sit on its title line: the answer's sources list already names them, so
  // a card never adds a second "Sources" line.
  const marks = card.citations.length ? ` ${card.citations.map((n) => `[${n}]`).join('')}` : '';
  const lines: FormattedString[] = [fmt`📇 ${b}${card.title}${b}${marks}`];
  for (const [k, v] of cardFields(card)) lines.push(fmt`${i}${fieldLabel(k, w)}${i}: ${cardValue(v, w)}`);
  for (const conflict of card.conflicts ?? []) {
    const claims = conflict.claims.map((c) =>
      c.citation.n > 0
        ? fmt`“${c.value}” ${citationMark(c.citation.n)}`
        : fmt`“${c.value}” (${i}${describeSource(c.citation)}${i})`,
    );
    const field = fieldLabel(conflict.field, w);
    // The message wraps the field and the claims; they are formatted, so they are spliced in by marker.
    const [before, middle, after] = w
      .t('card-conflict', { field: '\u0001', claims: '\u0002' })
      .split(/[\u0001\u0002]/);
    lines.push(fmt`${before ?? ''}${i}${field}${i}${middle ?? ''}${join(claims, ' · ')}${after ?? ''}`);
  }
  return join(lines);
}

/** A card value that is a bare library date ("2025-12-20") reads as a date in the reader's language. */
function cardValue(v: string, w: Words): string {
  if (w.locale === 'en') return v;
  const iso = libraryDate(v.trim());
  return iso ? formatDate(iso, w.locale) : v;
}

const MONTHS = 'january february march april may june july august september october november december'.split(
  ' ',
);

/**
 * A card value that is a date alone, as the library stores it ("2025-12-20") or as an English text
 * words it ("August 2004", "20 December 2025", "December 20, 2025"), as YYYY[-MM[-DD]]; else undefined.
 */
function libraryDate(v: string): string | undefined {
  if (/^\d{4}-\d{2}(-\d{2})?$/.test(v)) return v;
  const month = (name: string) => MONTHS.indexOf(name.toLowerCase()) + 1;
  const two = (n: number) => String(n).padStart(2, '0');
  let m = /^([A-Za-z]+) (\d{4})$/.exec(v);
  if (m && month(m[1])) return `${m[2]}-${two(month(m[1]))}`;
  m = /^(\d{1,2}) ([A-Za-z]+),? (\d{4})$/.exec(v);
  if (m && month(m[2])) return `${m[3]}-${two(month(m[2]))}-${two(Number(m[1]))}`;
  m = /^([A-Za-z]+) (\d{1,2}),? (\d{4})$/.exec(v);
  if (m && month(m[1])) return `${m[3]}-${two(month(m[1]))}-${two(Number(m[2]))}`;
  return undefined;
}

function sourcesBlock(citations: Citation[], w: Words, heading = w.t('sources-heading')): FormattedString {
  // One line per article: several snippets of one article share it.
  const byArticle = new Map<string, { ns: number[]; c: Citation }>();
  for (const c of citations) {
    const e = byArticle.get(c.articleId);
    if (e) e.ns.push(c.n);
    else byArticle.set(c.articleId, { ns: [c.n], c });
  }
  const lines = [...byArticle.values()].map(
    ({ ns, c }) => fmt`${plain(ns.map((n) => `[${n}]`).join(''))} ${sourceLine(c, w)}`,
  );
  return join([fmt`${b}${heading}${b}`, ...lines]);
}

export interface AnswerRenderOptions {
  /** Show the question as the first line (lets an answer stand alone: inline results, follow-ups). */
  question?: string;
  /** The reader's language for the frame (default English). */
  words?: Words;
  /** How many articles the library has: a refusal says what it covers. */
  articles?: number;
}

/** An answer: the lead quote, the further cited snippets, the fact cards, then the sources. */
export function renderAnswer(answer: Answer, opts: AnswerRenderOptions = {}): Block[] {
  const w = opts.words ?? EN();
  // The engine's own small-talk words are English; another language gets the desk's greeting.
  if (isSmalltalk(answer)) return [plain((w.locale === 'en' && answer.text.trim()) || w.t('smalltalk'))];
  const blocks: Block[] = [];
  if (opts.question !== undefined) blocks.push(questionLine(opts.question));
  if (!answer.answered || answer.citations.length === 0) {
    blocks.push(fmt`🤷 ${w.t('decline')}`);
    const why = [w.t('decline-why'), w.t('decline-hint')];
    if (opts.articles) why.push(w.t('coverage', { articles: opts.articles }));
    blocks.push(plain(why.join(' ')));
    return blocks;
  }
  const [lead, ...rest] = answer.citations;
  const source = shownSource(lead, w);
  // Outside English the quote is marked as the original, so nobody takes it for a translation.
  const original = w.locale === 'en' ? '' : ` (${w.t('quote-original')})`;
  blocks.push(
    fmt`${blockquote}${lead.snippet}${blockquote}\n— ${citationMark(lead.n)} ${i}${source}${original}${i}`,
  );
  if (rest.length)
    blocks.push(
      join(
        rest.map((c) => fmt`${citationMark(c.n)} “${c.snippet}”`),
        '\n\n',
      ),
    );
  for (const card of answer.cards) blocks.push(renderCard(card, w));
  blocks.push(sourcesBlock(answer.citations, w));
  return blocks;
}

/** "Title, Source, date" of a citation, its date in the reader's language. */
function shownSource(c: Citation, w: Words): string {
  return w.locale === 'en' ? describeSource(c) : describeSource({ ...c, date: shownDate(c.date, w) });
}

/** A page of further passages for a question ("more"), numbered from offset + 1. */
export function renderMore(
  question: string,
  citations: Citation[],
  offset: number,
  w: Words = EN(),
): Block[] {
  const blocks: Block[] = [questionLine(question)];
  if (!citations.length) {
    blocks.push(plain(offset ? w.t('no-more-passages') : w.t('decline')));
    return blocks;
  }
  blocks.push(
    plain(
      citations.length === 1
        ? w.t('more-passage', { from: offset + 1 })
        : w.t('more-passages', { from: offset + 1, to: offset + citations.length }),
    ),
  );
  blocks.push(
    join(
      citations.map((c) => fmt`${citationMark(c.n)} “${c.snippet}”`),
      '\n\n',
    ),
  );
  blocks.push(sourcesBlock(citations, w));
  return blocks;
}

/** The sources behind an answer, in full: title, publication, date, author, link. */
export function renderSources(
  question: string,
  citations: Citation[],
  articles: ArticleMeta[],
  w: Words = EN(),
): Block[] {
  const meta = new Map(articles.map((a) => [a.id, a]));
  const blocks: Block[] = [questionLine(question)];
  if (!citations.length) {
    blocks.push(plain(w.t('decline')));
    return blocks;
  }
  const lines: FormattedString[] = [fmt`${b}${w.t('sources-of-answer')}${b}`];
  const seen = new Set<string>();
  for (const c of citations) {
    if (seen.has(c.articleId)) continue;
    seen.add(c.articleId);
    const a = meta.get(c.articleId);
    const ns = citations
      .filter((x) => x.articleId === c.articleId)
      .map((x) => `[${x.n}]`)
      .join('');
    const extra = [a?.author ? w.t('by-author', { author: a.author }) : undefined, safeUrl(c.url)]
      .filter(Boolean)
      .join(' · ');
    lines.push(fmt`${plain(ns)} ${sourceLine(c, w)}${extra ? `\n    ${extra}` : ''}`);
  }
  blocks.push(join(lines));
  return blocks;
}

/** Where the quoted snippet stands in the passage: the snippet itself, else the sentences it quotes. */
function quotedRanges(passage: Passage, snippet: string): [number, number][] {
  const at = passage.text.indexOf(snippet);
  if (at >= 0) return [[at, at + snippet.length]];
  // A snippet trimmed or joined differently from the text: mark every sentence it quotes.
  const ranges: [number, number][] = [];
  let from = 0;
  for (const sentence of passage.sentences) {
    const start = passage.text.indexOf(sentence, from);
    if (start < 0) continue;
    from = start + sentence.length;
    const s = sentence.trim();
    if (s.length >= 12 && (snippet.includes(s) || s.includes(snippet.replace(/…$/, '').trim())))
      ranges.push([start, start + sentence.length]);
  }
  return ranges;
}

/** The whole passage behind a citation, the sentences it quoted in bold. */
export function renderPassage(
  passage: Passage,
  meta: ArticleMeta | undefined,
  snippet?: string,
  w: Words = EN(),
): Block[] {
  const blocks: Block[] = [];
  const head = meta
    ? sourceLine({ title: meta.title, source: meta.source, date: meta.published, url: meta.url }, w)
    : plain(passage.articleId);
  blocks.push(fmt`📄 ${head}${passage.heading ? fmt`\n${i}${passage.heading}${i}` : ''}`);
  const ranges = snippet?.trim() ? quotedRanges(passage, snippet.trim()) : [];
  const parts: FormattedString[] = [];
  let pos = 0;
  for (const [start, end] of ranges) {
    parts.push(plain(passage.text.slice(pos, start)), fmt`${b}${passage.text.slice(start, end)}${b}`);
    pos = end;
  }
  parts.push(plain(passage.text.slice(pos)));
  blocks.push(join(parts, ''));
  blocks.push(
    fmt`${i}${w.t('passage-of', { n: passage.n })}${ranges.length ? ` ${w.t('passage-bold')}` : ''}${w.locale === 'en' ? '' : ` · ${w.t('quote-original')}`}${i}`,
  );
  return blocks;
}

/** Numbers citations by article so a long list can point to a short source list. */
function numberSources(citations: Citation[]) {
  const numbers = new Map<string, number>();
  const list: Citation[] = [];
  for (const c of citations) {
    if (!numbers.has(c.articleId)) {
      numbers.set(c.articleId, numbers.size + 1);
      list.push(c);
    }
  }
  return { of: (c: Citation) => numbers.get(c.articleId)!, list };
}

function articleSources(list: Citation[], w: Words): FormattedString {
  return join([
    fmt`${b}${w.t('sources-heading')}${b}`,
    ...list.map((c, k) => fmt`[${String(k + 1)}] ${sourceLine(c, w)}`),
  ]);
}

/** Room kept free in a list page for its page note, so a page never needs a second pass. */
const PAGE_NOTE = ' · page 999 of 999';

interface ListSpec<T> {
  head: (note: string) => FormattedString;
  entry: (item: T, source: number) => FormattedString;
  citation: (item: T) => Citation;
}

/**
 * A list in pages of one message each, entries whole and in order: each page has the heading (with
 * "page k of n" when there are several), its entries, and the sources of those entries numbered from
 * [1]. Pages are cut by length, not by count, so short entries make long pages.
 */
function pagedList<T>(items: T[], spec: ListSpec<T>, limit: number, w: Words): RenderedText[] {
  // What is left for entries and their source lines once the heading, the "Sources" title and the
  // paragraph breaks are counted, with toSingleMessage's margin, so a page is always one message.
  const budget = limit - 40 - spec.head(PAGE_NOTE).rawText.length - 2 - w.t('sources-heading').length - 2;
  const pages: T[][] = [];
  let page: T[] = [];
  let used = 0;
  let articles = new Map<string, number>();
  for (const item of items) {
    const c = spec.citation(item);
    const fresh = !articles.has(c.articleId);
    const n = articles.get(c.articleId) ?? articles.size + 1;
    const cost = spec.entry(item, n).rawText.length + 1 + (fresh ? sourceLine(c, w).rawText.length + 6 : 0);
    if (page.length && used + cost > budget) {
      pages.push(page);
      page = [];
      used = 0;
      articles = new Map();
      const again = spec.entry(item, 1).rawText.length + 1 + sourceLine(c, w).rawText.length + 6;
      used += again;
    } else {
      used += cost;
    }
    if (!articles.has(c.articleId)) articles.set(c.articleId, articles.size + 1);
    page.push(item);
  }
  if (page.length) pages.push(page);
  return pages.flatMap((entries, k) => {
    const src = numberSources(entries.map(spec.citation));
    const note = pages.length > 1 ? ` · ${w.t('page-note', { k: k + 1, n: pages.length })}` : '';
    const blocks = [
      spec.head(note),
      join(entries.map((e) => spec.entry(e, src.of(spec.citation(e))))),
      articleSources(src.list, w),
    ];
    // Only an entry longer than a whole message can overflow its page: the page is then shortened.
    return [toSingleMessage(blocks, limit, w)];
  });
}

/**
 * The date as the text words it, with the year added when the text leaves it out ("July 11, 2024");
 * in Russian and Uzbek the library's date in those languages ("11 июля 2024").
 */
function eventDate(e: Event, w: Words): string {
  if (w.locale !== 'en') return formatDate(e.date, w.locale);
  const worded = e.dateText || e.date;
  const year = e.date.slice(0, 4);
  return /\b\d{4}\b/.test(worded) || !/^\d{4}$/.test(year) ? worded : `${worded}, ${year}`;
}

/** The timeline in pages (see pagedList), in the order given (the bot lists oldest first). */
export function renderEvents(
  events: Event[],
  filter?: string,
  limit = MESSAGE_LIMIT,
  w: Words = EN(),
): RenderedText[] {
  const label = filter ? ` — ${clip(cleanUserText(filter), 80)}` : '';
  const title = w.t('timeline-title');
  if (!events.length) {
    return toMessages([
      fmt`🗓 ${b}${title}${label}${b}`,
      plain(w.t(filter ? 'timeline-empty-filter' : 'timeline-empty')),
    ]);
  }
  const years = events.map((e) => e.date.slice(0, 4)).sort();
  const span = years[0] === years.at(-1) ? years[0] : `${years[0]}–${years.at(-1)}`;
  return pagedList(
    events,
    {
      head: (note) =>
        fmt`🗓 ${b}${title}${label}${b} (${w.t('timeline-count', { count: events.length })}, ${span}${note})`,
      entry: (e, n) => fmt`${b}${eventDate(e, w)}${b} — ${e.title} [${String(n)}]`,
      citation: (e) => e.citation,
    },
    limit,
    w,
  );
}

export function renderFigures(
  figures: Figure[],
  filter?: string,
  limit = MESSAGE_LIMIT,
  w: Words = EN(),
): RenderedText[] {
  const label = filter ? ` — ${clip(cleanUserText(filter), 80)}` : '';
  const title = w.t('figures-title');
  if (!figures.length) {
    return toMessages([
      fmt`📊 ${b}${title}${label}${b}`,
      plain(w.t(filter ? 'figures-empty-filter' : 'figures-empty')),
    ]);
  }
  return pagedList(
    figures,
    {
      head: (note) => fmt`📊 ${b}${title}${label}${b} (${w.t('count', { n: figures.length })}${note})`,
      entry: (f, n) => {
        const period = f.period ? ` (${f.period})` : '';
        return fmt`${b}${f.value}${b} — ${f.measure}${period} [${String(n)}]`;
      },
      citation: (f) => f.citation,
    },
    limit,
    w,
  );
}

/** The library: every article with its source and date, newest first. */
export function renderLibrary(articles: ArticleMeta[], w: Words = EN()): Block[] {
  const sorted = [...articles].sort((x, y) => (y.published ?? '').localeCompare(x.published ?? ''));
  const blocks: Block[] = [fmt`📚 ${b}${w.t('sources-title', { count: articles.length })}${b}`];
  blocks.push(
    join(
      sorted.map(
        (a) => fmt`• ${sourceLine({ title: a.title, source: a.source, date: a.published, url: a.url }, w)}`,
      ),
    ),
  );
  return blocks;
}

// ---- packing into messages ----

function trimmed(fs: FormattedString): FormattedString {
  const t = fs.rawText;
  const start = t.length - t.trimStart().length;
  const end = t.trimEnd().length;
  return start === 0 && end === t.length ? fs : fs.slice(start, Math.max(start, end));
}

/** Where to cut a too-long paragraph: the last line break, sentence end or space before `limit`. */
function cutPoint(text: string, limit: number): number {
  const window = text.slice(0, limit);
  for (const re of [/\n(?=[^\n]*$)/, /[.!?…]["”’)]?\s(?=[^.!?…]*$)/, /\s(?=\S*$)/]) {
    const m = re.exec(window);
    if (m && m.index + m[0].length > limit * 0.5) return m.index + m[0].length;
  }
  // No boundary at all (one enormous word): a hard cut, not inside a surrogate pair.
  return /[\uD800-\uDBFF]/.test(text[limit - 1] ?? '') ? limit - 1 : limit;
}

function splitLong(block: FormattedString, limit: number): FormattedString[] {
  const out: FormattedString[] = [];
  let rest = block;
  while (rest.rawText.length > limit) {
    const at = cutPoint(rest.rawText, limit);
    const head = trimmed(rest.slice(0, at));
    if (head.rawText) out.push(head);
    rest = trimmed(rest.slice(at));
  }
  if (rest.rawText) out.push(rest);
  return out;
}

/** Packs blocks into as few messages as fit within `limit`, breaking between blocks (paragraphs). */
export function toMessages(blocks: Block[], limit = MESSAGE_LIMIT): RenderedText[] {
  const pieces = blocks
    .map(trimmed)
    .filter((b) => b.rawText)
    .flatMap((b) => splitLong(b, limit));
  const messages: FormattedString[] = [];
  let current: FormattedString | undefined;
  for (const piece of pieces) {
    if (current && current.rawText.length + 2 + piece.rawText.length <= limit) {
      current = FormattedString.join([current, piece], '\n\n');
    } else {
      if (current) messages.push(current);
      current = piece;
    }
  }
  if (current) messages.push(current);
  return messages.map((m) => ({ text: m.rawText, entities: m.rawEntities.map((e) => ({ ...e })) }));
}

/** One message only (an edit, an inline result): the blocks that fit, with a note when some did not. */
export function toSingleMessage(blocks: Block[], limit = MESSAGE_LIMIT, w: Words = EN()): RenderedText {
  const [first, ...rest] = toMessages(blocks, limit - 40);
  if (!first) return { text: '…', entities: [] };
  if (!rest.length) return first;
  return { text: `${first.text}\n\n${w.t('shortened')}`, entities: first.entities };
}
