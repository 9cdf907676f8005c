// Cheap, rule-based reading of a sentence's shape: which sentences are prose at all, where its clauses and
// phrases begin and end, and how a clause is trimmed into a short title that keeps the text's own words.
// Full parsing (compromise) costs ~1.5 ms a sentence, too slow at index time for 200,000 passages.
import { countWords } from '../corpus/chunk.js';
import { canonicalCountry } from '../lexicon/index.js';

export interface Segment {
  start: number;
  end: number;
  text: string;
}

/**
 * Is this sentence prose worth reading for facts? Not a reference line ("[1] “…”, https://…, (Access Date: …)"),
 * not a currency ticker ("$1 – 12059.78", "UZS – -0.38%"), not a bare heading-like fragment.
 */
const LOWER_WORD = /\b[a-z]{3,}\b/g;

export function isProse(sentence: string): boolean {
  // Prose has a few lower-case words ("met with", "was held in"); tickers, headings and bylines have
  // almost none.
  LOWER_WORD.lastIndex = 0;
  let words = 0;
  while (words < 2 && LOWER_WORD.exec(sentence)) words++;
  // a short sentence of names and one verb ("Earlier, in March 2031, President X Y visited Tokyo.") is
  // prose when it ends as a sentence does
  if (words < (/[.!?]$/.test(sentence.trim()) ? 1 : 2) || countWords(sentence) < 5) return false;
  if (sentence.charCodeAt(0) === 91 /* [ */ && /^\[\d+\]/.test(sentence)) return false;
  if (
    /https?:\/\/|www\.|[Aa]ccess(?:ed)? [Dd]ate|[Rr]etrieved|[Aa]ccessed|[Cc]urrency rates?\b/.test(sentence)
  )
    return false;
  if (/(?:^|\s)[$€£¥₽]\s?1\s*[–-]\s*\d/.test(sentence)) return false;
  return true;
}

/** Footnote markers and stray spacing removed: how a title or measure should read. */
export function tidy(text: string): string {
  return text
    .replace(/\[\d+\]/g, '')
    .replace(/\s+([,.;:)])/g, '$1')
    .replace(/\(\s+/g, '(')
    .replace(/\s{2,}/g, ' ')
    .replace(/^[\s,;:.—–-]+|[\s,;:—–-]+$/g, '')
    .replace(/\.$/, '')
    .trim();
}

/** Spans in quotation marks or parentheses: never split inside them. */
function protectedSpans(s: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of s.matchAll(/“[^”]*”|"[^"]*"|«[^»]*»|\([^()]*\)/g))
    spans.push([m.index, m.index + m[0].length]);
  return spans;
}

// (Helpers at module level: tsx keeps function names by wrapping every named closure, which costs in hot loops.)
function sepBefore(s: string, raw: Segment[], i: number): string {
  return i > 0 ? s.slice(raw[i - 1].end, raw[i].start).trim() : '';
}
function isShort(raw: Segment[], i: number): boolean {
  return i < raw.length && countWords(raw[i].text) <= 2;
}
function isAndItem(raw: Segment[], i: number): boolean {
  return i < raw.length && /^(and|or)\s+(?!the\b|a\b|an\b)/i.test(raw[i].text);
}

/**
 * Splits a sentence into phrases at commas, semicolons, colons and spaced dashes, keeping quotations and
 * parentheses whole, and gluing back lists ("economic, technical, and scientific cooperation",
 * "Aliyev, Sara Berg, and …") and place names ("Osaka, Japan").
 */
export function segments(s: string, keep: [number, number][] = []): Segment[] {
  const protect = [...protectedSpans(s), ...keep];
  const cuts: [number, number][] = [];
  for (const m of s.matchAll(/,\s+|;\s+|:\s+|\s+[—–]\s+|\s+-\s+/g)) {
    const at = m.index;
    if (protect.some(([a, b]) => at > a && at < b)) continue;
    cuts.push([at, at + m[0].length]);
  }
  const raw: Segment[] = [];
  let from = 0;
  for (const [a, b] of cuts) {
    raw.push({ start: from, end: a, text: s.slice(from, a) });
    from = b;
  }
  raw.push({ start: from, end: s.length, text: s.slice(from) });

  // Glue: list items ("legal, fiscal, and customs reform", "Aliyev, Sara Berg, and …") and
  // places ("Tokyo, Japan on July 11") are not phrases of their own.
  const out: Segment[] = [];
  let inList = false;
  for (let i = 0; i < raw.length; i++) {
    const seg = raw[i];
    const prev = out[out.length - 1];
    const comma = sepBefore(s, raw, i) === ',';
    const nextComma = i + 1 < raw.length && sepBefore(s, raw, i + 1) === ',';
    const item = comma && isShort(raw, i) && nextComma && (isShort(raw, i + 1) || isAndItem(raw, i + 1));
    const lastItem = comma && inList && (isAndItem(raw, i) || isShort(raw, i));
    const firstWord = /^[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F-]+/.exec(seg.text)?.[0];
    const place =
      comma &&
      prev &&
      firstWord !== undefined &&
      canonicalCountry(firstWord) !== undefined &&
      /[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F-]+$/.test(prev.text) &&
      countWords(seg.text) <= 4;
    if (prev && (item || lastItem || place)) {
      prev.end = seg.end;
      prev.text = s.slice(prev.start, prev.end);
      inList = item;
    } else {
      out.push({ ...seg });
      inList = false;
    }
  }
  return out.filter((x) => x.text.trim());
}

// Words a clause opens with that say how it hangs on the sentence, not what happened.
const LEADING = new RegExp(
  '^(?:(?:it was (?:decided|announced|agreed|reported|noted|disclosed) that|as it was (?:disclosed|announced|reported|noted) (?:in|at)|' +
    'as an instance|for (?:example|instance)|in addition|as well as|including(?: those)?|such as|' +
    'and|but|or|as|while|whereas|which|that|who|when|where|after|before|during|following|' +
    'with|under|at|in|on|by|since|from|via|through|amid|for|of|to|within|' +
    'consequently|moreover|furthermore|additionally|however|thus|therefore|' +
    'regionally|today|recently|earlier|accordingly|meanwhile|subsequently|later|then|also|notably|importantly|' +
    'the|a|an|its|their|his|her|this|these|those)(?:[\\s,]+|$))+',
  'i',
);

/** Drops connectors, sentence adverbs and articles from the front of a phrase. */
export function stripLeading(text: string): string {
  let t = text.trim();
  for (let i = 0; i < 4; i++) {
    const next = t.replace(LEADING, '').replace(/^[A-Z\u00C0-\u00DE][a-z\u00DF-\u00FF]+ly,\s*/, '');
    if (next === t) break;
    t = next;
  }
  return t;
}

// Finite verbs and auxiliaries: enough to tell "X in 2002 has allowed…" (the date closes the subject)
// from "X was introduced in 2004 by Y" (the date sits in the predicate).
const VERB_START =
  /^(?:has|have|had|was|were|is|are|will|would|could|can|may|might|shall|should|did|does|do|saw|marked|became|began|led|made|took|gave|brought|set|remains|remained|[a-z\u00DF-\u00FF]+ed|[a-z\u00DF-\u00FF]+ized|[a-z\u00DF-\u00FF]+ised)\b/;

export function startsWithVerb(text: string): boolean {
  return VERB_START.test(text.trim());
}

const AUXILIARY =
  /\b(?:was|were|is|are|has been|have been|had been|will be|be|been|being)(?:\s+(?:first|also|then|later|officially|formally|finally|[a-z\u00DF-\u00FF]+ly))?\s*$/i;

/** Participles that, right after a noun, date that noun: "the dialogue initiated in 2004", "a plan adopted in 2006". */
export const DATING_PARTICIPLES =
  /\b(initiated|established|founded|signed|adopted|launched|held|introduced|created|opened|inaugurated|formed|approved|ratified|concluded|organized|organised|announced|proposed|set up|started|built|completed|commissioned)\s*$/i;

export function endsWithAuxiliary(text: string): boolean {
  return AUXILIARY.test(text);
}

/** The noun phrase ending just before `end`: capitalised words, quotations, hyphenated modifiers and nouns, back to a preposition or verb. */
export function nounPhraseBefore(s: string, end: number, maxWords = 8): { start: number; text: string } {
  const before = s.slice(0, end);
  const tokens = [...before.matchAll(/“[^”]*”|"[^"]*"|\S+/g)];
  let i = tokens.length - 1;
  let words = 0;
  const stop =
    /^(of|with|to|in|on|at|by|for|from|into|about|and|or|that|which|who|as|is|are|was|were|has|have|had|will|coincides|coincide|marks|marked|the|a|an|its|their)$/i;
  while (i >= 0 && words < maxWords) {
    const t = tokens[i][0];
    if (/[,;:]$/.test(t) && words > 0) break;
    if (stop.test(t)) {
      if (/^(the|a|an|its|their)$/i.test(t)) i--; // include the article, then stop
      break;
    }
    words++;
    i--;
  }
  const startTok = tokens[i + 1];
  const start = startTok ? startTok.index : end;
  return { start, text: s.slice(start, end).trim() };
}

// Trailing modifiers a title can lose without losing what happened.
const WEAK_TAIL =
  /(?:,\s*which\b|,\s*where\b|,\s*while\b|\s+in the format of\b|\s+in the framework of\b|\s+within the framework of\b|\s+aimed at\b|\s+in order to\b|\s+focusing on\b|\s+highlighting\b|,\s*highlighting\b|\s+to further\b|\s+under the auspices of\b|,\s*marking\b|\s+marking\b|,\s*opening\b|\s+with the aim of\b|\s+at the invitation of\b|,\s*at the invitation of\b|\s+in the presence of\b|\s+in relations between\b|\s+characterized by\b|,\s*characterized by\b)/i;

/** Shortens a title to at most `max` words: drops weak trailing modifiers first, then cuts with an ellipsis. */
export function shortenTitle(title: string, max = 18): string {
  let t = tidy(title);
  for (let i = 0; i < 3 && countWords(t) > max; i++) {
    const m = WEAK_TAIL.exec(t);
    if (!m || m.index < 12) break;
    t = tidy(t.slice(0, m.index));
  }
  if (countWords(t) > max + 4) {
    const words = t.split(/\s+/);
    t = `${words
      .slice(0, max)
      .join(' ')
      .replace(/[,;:]$/, '')} …`;
  }
  return t;
}
