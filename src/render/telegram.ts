// Telegram rendering of the engine's results: text plus message entities (never parse_mode), so nothing
// a user types, and nothing an article says, can open or break markup. A reply is a list of paragraphs
// ("blocks"); `toMessages` packs them into messages of at most 4096 characters, splitting only between
// paragraphs unless one paragraph alone is too long.
import { FormattedString, b, blockquote, fmt, i, link } from '@grammyjs/parse-mode';
import type { MessageEntity } from 'grammy/types';
import { describeSource } from '../answer/citation.js';
import { stripInvisible } from '../text/sanitize.js';
import { cardFields } from './card-fields.js';
import type { Answer, ArticleMeta, Card, Citation, Event, Figure, Passage } from '../types.js';

/** Telegram's limit for a message text (counted in UTF-16 code units, as entities are). */
export const MESSAGE_LIMIT = 4096;

export type Block = FormattedString;

/** A rendered message, plain data (it survives JSON, as conversation replay state requires). */
export interface RenderedText {
  text: string;
  entities: MessageEntity[];
}

export const NOTHING_TEXT = 'The library has nothing on this.';

/** What small talk ("hi", "thanks!") gets when the engine gives no words of its own. */
export const SMALLTALK_TEXT =
  'Hello! Ask me anything about Central Asia–Japan relations: I answer with quotes from the library, each with its source. /help shows how.';

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
export function sourceLine(c: Pick<Citation, 'title' | 'source' | 'date' | 'url'>): FormattedString {
  const url = safeUrl(c.url);
  const title = url ? fmt`${link(url)}${c.title}${link}` : plain(c.title);
  const rest = [c.source, c.date].filter(Boolean).join(', ');
  return rest ? fmt`${title} — ${rest}` : title;
}

function citationMark(n: number): FormattedString {
  return fmt`${b}[${String(n)}]${b}`;
}

/** The user's question, quoted in plain weight: what they said, never styled as the bot's own words. */
function questionLine(question: string): FormattedString {
  return fmt`${blockquote}❓ ${clip(cleanUserText(stripInvisible(question)), 300)}${blockquote}`;
}

function renderCard(card: Card): FormattedString {
  // The card's citation marks sit on its title line: the answer's sources list already names them, so
  // a card never adds a second "Sources" line.
  const marks = card.citations.length ? ` ${card.citations.map((n) => `[${n}]`).join('')}` : '';
  const lines: FormattedString[] = [fmt`📇 ${b}${card.title}${b}${marks}`];
  for (const [k, v] of cardFields(card)) lines.push(fmt`${i}${k}${i}: ${v}`);
  for (const conflict of card.conflicts ?? []) {
    const claims = conflict.claims.map((c) =>
      c.citation.n > 0
        ? fmt`“${c.value}” ${citationMark(c.citation.n)}`
        : fmt`“${c.value}” (${i}${describeSource(c.citation)}${i})`,
    );
    lines.push(fmt`⚠️ Sources differ on ${i}${conflict.field}${i}: ${join(claims, ' · ')}`);
  }
  return join(lines);
}

function sourcesBlock(citations: Citation[], heading = 'Sources'): FormattedString {
  // One line per article: several snippets of one article share it.
  const byArticle = new Map<string, { ns: number[]; c: Citation }>();
  for (const c of citations) {
    const e = byArticle.get(c.articleId);
    if (e) e.ns.push(c.n);
    else byArticle.set(c.articleId, { ns: [c.n], c });
  }
  const lines = [...byArticle.values()].map(
    ({ ns, c }) => fmt`${plain(ns.map((n) => `[${n}]`).join(''))} ${sourceLine(c)}`,
  );
  return join([fmt`${b}${heading}${b}`, ...lines]);
}

export interface AnswerRenderOptions {
  /** Show the question as the first line (lets an answer stand alone: inline results, follow-ups). */
  question?: string;
}

/** An answer: the lead quote, the further cited snippets, the fact cards, then the sources. */
export function renderAnswer(answer: Answer, opts: AnswerRenderOptions = {}): Block[] {
  if (isSmalltalk(answer)) return [plain(answer.text.trim() || SMALLTALK_TEXT)];
  const blocks: Block[] = [];
  if (opts.question !== undefined) blocks.push(questionLine(opts.question));
  if (!answer.answered || answer.citations.length === 0) {
    blocks.push(fmt`🤷 ${NOTHING_TEXT}`);
    blocks.push(
      plain(
        'It quotes only what its articles say, and none of them answers that. ' +
          'Try /sources to see what it covers, or /help for examples.',
      ),
    );
    return blocks;
  }
  const [lead, ...rest] = answer.citations;
  blocks.push(
    fmt`${blockquote}${lead.snippet}${blockquote}\n— ${citationMark(lead.n)} ${i}${describeSource(lead)}${i}`,
  );
  if (rest.length)
    blocks.push(
      join(
        rest.map((c) => fmt`${citationMark(c.n)} “${c.snippet}”`),
        '\n\n',
      ),
    );
  for (const card of answer.cards) blocks.push(renderCard(card));
  blocks.push(sourcesBlock(answer.citations));
  return blocks;
}

/** A page of further passages for a question ("more"), numbered from offset + 1. */
export function renderMore(question: string, citations: Citation[], offset: number): Block[] {
  const blocks: Block[] = [questionLine(question)];
  if (!citations.length) {
    blocks.push(plain(offset ? 'No further passages.' : NOTHING_TEXT));
    return blocks;
  }
  blocks.push(
    plain(
      citations.length === 1
        ? `More passages (${offset + 1}):`
        : `More passages (${offset + 1}–${offset + citations.length}):`,
    ),
  );
  blocks.push(
    join(
      citations.map((c) => fmt`${citationMark(c.n)} “${c.snippet}”`),
      '\n\n',
    ),
  );
  blocks.push(sourcesBlock(citations));
  return blocks;
}

/** The sources behind an answer, in full: title, publication, date, author, link. */
export function renderSources(question: string, citations: Citation[], articles: ArticleMeta[]): Block[] {
  const meta = new Map(articles.map((a) => [a.id, a]));
  const blocks: Block[] = [questionLine(question)];
  if (!citations.length) {
    blocks.push(plain(NOTHING_TEXT));
    return blocks;
  }
  const lines: FormattedString[] = [fmt`${b}Sources of this answer${b}`];
  const seen = new Set<string>();
  for (const c of citations) {
    if (seen.has(c.articleId)) continue;
    seen.add(c.articleId);
    const a = meta.get(c.articleId);
    const ns = citations
      .filter((x) => x.articleId === c.articleId)
      .map((x) => `[${x.n}]`)
      .join('');
    const extra = [a?.author ? `by ${a.author}` : undefined, safeUrl(c.url)].filter(Boolean).join(' · ');
    lines.push(fmt`${plain(ns)} ${sourceLine(c)}${extra ? `\n    ${extra}` : ''}`);
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
export function renderPassage(passage: Passage, meta: ArticleMeta | undefined, snippet?: string): Block[] {
  const blocks: Block[] = [];
  const head = meta
    ? sourceLine({ title: meta.title, source: meta.source, date: meta.published, url: meta.url })
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
    fmt`${i}Passage ${String(passage.n)} of the article${ranges.length ? ' (the quote in bold)' : ''}${i}`,
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

function articleSources(list: Citation[]): FormattedString {
  return join([fmt`${b}Sources${b}`, ...list.map((c, k) => fmt`[${String(k + 1)}] ${sourceLine(c)}`)]);
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
function pagedList<T>(items: T[], spec: ListSpec<T>, limit: number): RenderedText[] {
  // What is left for entries and their source lines once the heading, the "Sources" title and the
  // paragraph breaks are counted, with toSingleMessage's margin, so a page is always one message.
  const budget = limit - 40 - spec.head(PAGE_NOTE).rawText.length - 2 - 'Sources'.length - 2;
  const pages: T[][] = [];
  let page: T[] = [];
  let used = 0;
  let articles = new Map<string, number>();
  for (const item of items) {
    const c = spec.citation(item);
    const fresh = !articles.has(c.articleId);
    const n = articles.get(c.articleId) ?? articles.size + 1;
    const cost = spec.entry(item, n).rawText.length + 1 + (fresh ? sourceLine(c).rawText.length + 6 : 0);
    if (page.length && used + cost > budget) {
      pages.push(page);
      page = [];
      used = 0;
      articles = new Map();
      const again = spec.entry(item, 1).rawText.length + 1 + sourceLine(c).rawText.length + 6;
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
    const note = pages.length > 1 ? ` · page ${k + 1} of ${pages.length}` : '';
    const blocks = [
      spec.head(note),
      join(entries.map((e) => spec.entry(e, src.of(spec.citation(e))))),
      articleSources(src.list),
    ];
    // Only an entry longer than a whole message can overflow its page: the page is then shortened.
    return [toSingleMessage(blocks, limit)];
  });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The date as the text words it, with the year added when the text leaves it out ("July 11, 2024"). */
function eventDate(e: Event): string {
  const worded = e.dateText || e.date;
  const year = e.date.slice(0, 4);
  return /\b\d{4}\b/.test(worded) || !/^\d{4}$/.test(year) ? worded : `${worded}, ${year}`;
}

/** The timeline in pages (see pagedList), in the order given (the bot lists oldest first). */
export function renderEvents(events: Event[], filter?: string, limit = MESSAGE_LIMIT): RenderedText[] {
  const label = filter ? ` — ${clip(cleanUserText(filter), 80)}` : '';
  if (!events.length) {
    return toMessages([
      fmt`🗓 ${b}Timeline${label}${b}`,
      plain(`The library has no dated events${filter ? ' for that filter' : ''}.`),
    ]);
  }
  const years = events.map((e) => e.date.slice(0, 4)).sort();
  const span = years[0] === years.at(-1) ? years[0] : `${years[0]}–${years.at(-1)}`;
  return pagedList(
    events,
    {
      head: (note) =>
        fmt`🗓 ${b}Timeline${label}${b} (${plural(events.length, 'event', 'events')}, ${span}${note})`,
      entry: (e, n) => fmt`${b}${eventDate(e)}${b} — ${e.title} [${String(n)}]`,
      citation: (e) => e.citation,
    },
    limit,
  );
}

export function renderFigures(figures: Figure[], filter?: string, limit = MESSAGE_LIMIT): RenderedText[] {
  const label = filter ? ` — ${clip(cleanUserText(filter), 80)}` : '';
  if (!figures.length) {
    return toMessages([
      fmt`📊 ${b}Figures${label}${b}`,
      plain(`The library has no figures${filter ? ' for that filter' : ''}.`),
    ]);
  }
  return pagedList(
    figures,
    {
      head: (note) => fmt`📊 ${b}Figures${label}${b} (${String(figures.length)}${note})`,
      entry: (f, n) => {
        const period = f.period ? ` (${f.period})` : '';
        return fmt`${b}${f.value}${b} — ${f.measure}${period} [${String(n)}]`;
      },
      citation: (f) => f.citation,
    },
    limit,
  );
}

/** The library: every article with its source and date, newest first. */
export function renderLibrary(articles: ArticleMeta[]): Block[] {
  const sorted = [...articles].sort((x, y) => (y.published ?? '').localeCompare(x.published ?? ''));
  const blocks: Block[] = [
    fmt`📚 ${b}The library${b}: ${String(articles.length)} article${articles.length === 1 ? '' : 's'}`,
  ];
  blocks.push(
    join(
      sorted.map(
        (a) => fmt`• ${sourceLine({ title: a.title, source: a.source, date: a.published, url: a.url })}`,
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
export function toSingleMessage(blocks: Block[], limit = MESSAGE_LIMIT): RenderedText {
  const [first, ...rest] = toMessages(blocks, limit - 40);
  if (!first) return { text: '…', entities: [] };
  if (!rest.length) return first;
  return { text: `${first.text}\n\n(shortened to fit one message)`, entities: first.entities };
}

/** A rendered message as plain text with entities ignored: what the terminal chat prints. */
export function plainText(blocks: Block[]): string {
  return blocks.map((b) => b.rawText).join('\n\n');
}
