// Cuts articles into passages a phone screen can hold: never across a section heading, roughly
// 40–120 words, split only between sentences so every quote stays a whole, verbatim sentence.
import type { Article, Passage } from '../types.js';
import { recordPassages } from './record.js';

export const MIN_WORDS = 40;
export const MAX_WORDS = 120;

// Words after which a period does not end a sentence.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'sr',
  'jr',
  'gen',
  'gov',
  'sen',
  'rep',
  'amb',
  'hon',
  'rev',
  'lt',
  'col',
  'capt',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'no',
  'nos',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'inc',
  'ltd',
  'co',
  'corp',
  'approx',
  'ca',
  'cf',
  'fig',
  'vol',
  'pp',
  'p',
  'u.s',
  'u.k',
  'u.n',
  'e.u',
  'ph.d',
]);

// A sentence ends at a run of [.!?…], then any closing quotes or brackets, then any citation marks
// ("[3]"), then whitespace, before an opening quote or bracket (optional) and a capital or a digit.
// Scanned by hand in one pass: a regular expression for it backtracks through every long run of dots
// ("....", "a.b.a.b.…"), which made splitting quadratic on such text.
const ENDS = new Set(['.', '!', '?', '…']);
// Where the next of ENDS is (no alternatives, no backtracking: one linear scan).
const END_MARK = /[.!?…]/g;
const CLOSERS = new Set(['"', '”', '’', '»', ')', ']']);
const OPENERS = new Set(['"', '“', '‘', '«', '(']);
const WORD_BEFORE = new Set([' ', '(', '“', '"']);
const UPPER = /^\p{Lu}$/u;
const LETTER = /^\p{L}$/u;

const isDigit = (c: string) => c >= '0' && c <= '9';
// ASCII first: the regular expressions are only for the rest of Unicode.
const isLetter = (c: string) =>
  (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c > '\x7f' && LETTER.test(c));
const isUpper = (c: string) => (c >= 'A' && c <= 'Z') || (c > '\x7f' && UPPER.test(c));

/** The code point ending just before `i` (a surrogate pair counts as one), and its length. */
function charBefore(text: string, i: number): [string, number] {
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return [text.slice(i - 2, i), 2];
  }
  return [text[i - 1], 1];
}

/** Where the citation marks ("[1][23]") starting at `i` end. */
function skipCitations(text: string, i: number): number {
  for (;;) {
    if (text[i] !== '[') return i;
    let j = i + 1;
    while (j < text.length && isDigit(text[j])) j++;
    if (j === i + 1 || text[j] !== ']') return i;
    i = j + 1;
  }
}

/** Whether a sentence may start at `i`: an optional opening quote or bracket, then a capital or digit. */
function startsSentence(text: string, i: number): boolean {
  if (OPENERS.has(text[i])) i++;
  if (i >= text.length) return false;
  const code = text.codePointAt(i)!;
  const c = code < 0x80 ? text[i] : String.fromCodePoint(code);
  return isDigit(c) || isUpper(c);
}

/**
 * The word just before `end` (letters and dots, lower-cased), as long as it starts at `start` or after
 * a space, bracket or quote; otherwise empty. "$219.4mn." gives "" (the word is "$219.4mn"), "U.S." "u.s".
 */
function lastWordBefore(text: string, start: number, end: number): string {
  let i = end;
  while (i > start) {
    const [c, n] = charBefore(text, i);
    if (c !== '.' && !isLetter(c)) break;
    i -= n;
  }
  if (i === end || (i > start && !WORD_BEFORE.has(text[i - 1]))) return '';
  return text.slice(i, end).toLowerCase();
}

// Whitespace other than a plain space, or two spaces in a row: what collapsing whitespace would change.
const MESSY_SPACE = /[^\S ]| {2}/;

/** Whitespace runs made single spaces, and trimmed. Most text (the loader's paragraphs) is so already. */
export function collapseSpaces(text: string): string {
  return MESSY_SPACE.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
}

/** Splits text into verbatim sentences (joined by single spaces they give back the text, whitespace normalised). */
export function splitSentences(text: string): string[] {
  const clean = collapseSpaces(text);
  if (!clean) return [];
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < clean.length) {
    // The next end mark: a regular expression scans to it many times faster than a loop by character.
    END_MARK.lastIndex = i;
    if (!END_MARK.test(clean)) break;
    i = END_MARK.lastIndex - 1;
    const runStart = i;
    while (i < clean.length && ENDS.has(clean[i])) i++;
    const runEnd = i;
    let end = runEnd;
    while (end < clean.length && CLOSERS.has(clean[end])) end++;
    const closed = end > runEnd;
    const afterCloser = end;
    end = skipCitations(clean, end);
    const cited = end > afterCloser;
    // Whitespace is normalised to single spaces above.
    if (clean[end] !== ' ' || !startsSentence(clean, end + 1)) continue;
    // "Oct. 2015", "Mr. Abe", "U.S. and": an abbreviation or a lone initial ("J. Smith") does not end a sentence.
    if (runEnd - runStart === 1 && clean[runStart] === '.' && !closed && !cited) {
      const word = lastWordBefore(clean, start, runStart);
      if (ABBREVIATIONS.has(word) || LETTER.test(word)) {
        i = end + 1;
        continue;
      }
    }
    const sentence = clean.slice(start, end).trim();
    if (sentence) out.push(sentence);
    start = end + 1;
    i = start;
  }
  const rest = clean.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

// Whitespace as `\s` knows it, tested by code unit: counting words is on the facts extractor's hot path,
// and a loop allocates nothing where `split` builds an array per sentence.
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Runs of non-space characters. */
export function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/** countWords of a sentence splitSentences gave: its whitespace is single spaces, none at either end. */
function spacedWords(sentence: string): number {
  let n = 1;
  for (let at = sentence.indexOf(' '); at >= 0; at = sentence.indexOf(' ', at + 1)) n++;
  return n;
}

/** A run of sentences and its number of words. */
interface Run {
  sentences: string[];
  words: number;
}

/**
 * Groups sentences into runs of at most `max` words, balanced so no run is needlessly tiny. Sentences
 * are trimmed, non-empty and single-spaced (splitSentences), so a run joined by spaces has the sum of
 * their words.
 */
function packSentences(sentences: string[], max: number): Run[] {
  const counts = sentences.map(spacedWords);
  const total = counts.reduce((n, w) => n + w, 0);
  if (total <= max) return [{ sentences, words: total }];
  const pieces = Math.ceil(total / max);
  const target = total / pieces;
  const runs: Run[] = [];
  let run: string[] = [];
  let words = 0;
  sentences.forEach((s, i) => {
    const w = counts[i];
    if (run.length && (words + w > max || words >= target)) {
      runs.push({ sentences: run, words });
      run = [];
      words = 0;
    }
    run.push(s);
    words += w;
  });
  if (run.length) runs.push({ sentences: run, words });
  return runs;
}

/** Passages of one section: paragraphs are kept whole when they fit, merged while small, split when long. */
function sectionRuns(paragraphs: string[]): string[][] {
  const runs: Run[] = [];
  for (const paragraph of paragraphs) {
    for (const piece of packSentences(splitSentences(paragraph), MAX_WORDS)) {
      const last = runs[runs.length - 1];
      const lastWords = last ? last.words : 0;
      const pieceWords = piece.words;
      if (last && (lastWords < MIN_WORDS || pieceWords < MIN_WORDS) && lastWords + pieceWords <= MAX_WORDS) {
        last.sentences.push(...piece.sentences);
        last.words += pieceWords;
      } else {
        runs.push({ sentences: [...piece.sentences], words: pieceWords });
      }
    }
  }
  return runs.map((r) => r.sentences);
}

export function chunkArticle(article: Article): Passage[] {
  const passages: Passage[] = [];
  for (const section of article.sections) {
    for (const sentences of sectionRuns(section.paragraphs)) {
      const n = passages.length + 1;
      passages.push({
        id: `${article.id}#${n}`,
        articleId: article.id,
        n,
        heading: section.heading,
        text: sentences.join(' '),
        sentences,
      });
    }
  }
  // The article's own record (title, author, outlet, references) follows its text.
  passages.push(...recordPassages(article, passages.length + 1));
  return passages;
}
