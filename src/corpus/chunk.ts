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

const BOUNDARY = /([.!?…]+)(["”’»)\]]*)((?:\[\d+\])*)(\s+)(?=["“‘«(]?[\p{Lu}\d])/gu;

/** Splits text into verbatim sentences (joined by single spaces they give back the text, whitespace normalised). */
export function splitSentences(text: string): string[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return [];
  const out: string[] = [];
  let start = 0;
  for (const m of clean.matchAll(BOUNDARY)) {
    const end = m.index + m[1].length + m[2].length + m[3].length;
    const before = clean.slice(start, m.index);
    // The whole last word: "$219.4mn." ends a sentence, though "mn" alone could abbreviate.
    const lastWord = /(?:^|[\s(“"])([\p{L}.]+)$/u.exec(before)?.[1]?.toLowerCase() ?? '';
    // "Oct. 2015", "Mr. Abe", "U.S. and": an abbreviation or a lone initial ("J. Smith") does not end a sentence.
    if (m[1] === '.' && !m[2] && !m[3] && (ABBREVIATIONS.has(lastWord) || /^\p{L}$/u.test(lastWord)))
      continue;
    const sentence = clean.slice(start, end).trim();
    if (sentence) out.push(sentence);
    start = end + m[4].length;
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

/** Groups sentences into runs of at most `max` words, balanced so no run is needlessly tiny. */
function packSentences(sentences: string[], max: number): string[][] {
  const total = sentences.reduce((n, s) => n + countWords(s), 0);
  if (total <= max) return [sentences];
  const pieces = Math.ceil(total / max);
  const target = total / pieces;
  const runs: string[][] = [];
  let run: string[] = [];
  let words = 0;
  for (const s of sentences) {
    const w = countWords(s);
    if (run.length && (words + w > max || words >= target)) {
      runs.push(run);
      run = [];
      words = 0;
    }
    run.push(s);
    words += w;
  }
  if (run.length) runs.push(run);
  return runs;
}

/** Passages of one section: paragraphs are kept whole when they fit, merged while small, split when long. */
function sectionRuns(paragraphs: string[]): string[][] {
  const runs: string[][] = [];
  for (const paragraph of paragraphs) {
    for (const piece of packSentences(splitSentences(paragraph), MAX_WORDS)) {
      const last = runs[runs.length - 1];
      const lastWords = last ? countWords(last.join(' ')) : 0;
      const pieceWords = countWords(piece.join(' '));
      if (last && (lastWords < MIN_WORDS || pieceWords < MIN_WORDS) && lastWords + pieceWords <= MAX_WORDS) {
        last.push(...piece);
      } else {
        runs.push([...piece]);
      }
    }
  }
  return runs;
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
