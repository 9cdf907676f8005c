// The index builder reads thirteen million words at 10,000 articles, and a library repeats its words
// endlessly. Matching TOKEN (analyzer.ts) makes a string of every word and a Map lookup hashes each of
// them again: six of the build's twenty-odd seconds on its main thread. Here the tokens are found by
// scanning the folded text's characters, hashed as they are read, and looked up in an open-addressing
// table by comparing the table's word with the text in place: a string is made only for a token seen
// for the first time. What a token stands for (its words' term ids, by the analyzer's own rules) is
// worked out once, on that first sight, so the ids are those `words(text)` and the builder's lookup give.
import { ownString } from '../corpus/own-string.js';
import { isPlainWord, tokenWords } from './analyzer.js';

/** Letters and digits as TOKEN's `[\p{L}\p{N}]` reads them (with the u flag, by code point). */
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const SPACE = /^\s$/;

const isDigit = (c: number) => c >= 48 && c <= 57;

/** ASCII letters and digits: 1, by character code. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c)) ASCII_WORD[c] = 1;
}

// By UTF-16 unit outside ASCII: 0 not yet known, 1 a word character, 2 not one.
const known = new Uint8Array(0x10000);

/** The length in code units of the word character at `i` (2 for a surrogate pair), or 0 for none. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c];
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return WORD_CHAR.test(text.slice(i, i + 2)) ? 2 : 0;
  }
  let k = known[c];
  if (k === 0) {
    k = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
    known[c] = k;
  }
  return k === 1 ? 1 : 0;
}

/** The hash's bits mixed (murmur3's finalizer): a multiply-by-31 hash of short words clusters. */
function slotOf(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/** Slot fields, four Int32s a slot, side by side so that a probe reads one cache line. */
const HASH = 0;
const AT = 1; // where the token's characters start in the pool
const LENGTH = 2; // 0: an empty slot
const IDS = 3; // the one term id, NONE, or -(2 + k) for the k-th list of several

const NONE = -1;

/** Token → the term ids of its words (stop words left out), each token's worked out on first sight. */
export class TokenTable {
  private slots = new Int32Array(4 << 16);
  private capacity = 1 << 16;
  private count = 0;
  /** the tokens' characters, one after another */
  private pool = new Uint16Array(1 << 20);
  private used = 0;
  /** tokens of several words ("don't", "25,000km"): their ids */
  private readonly lists: number[][] = [];

  /** `idOf`: a word's term id, or -1 for a stop word (the builder's own lookup, which records the word). */
  constructor(private readonly idOf: (word: string) => number) {}

  /** Appends to `out` the term ids of the words of `text` (folded and aliased: analyzer's documentText). */
  scan(text: string, out: number[]): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      const first = text.charCodeAt(i);
      let w = first < 128 ? ASCII_WORD[first] : wordCharAt(text, i);
      if (w === 0) {
        // `\$(?=\s?\d)`: a dollar sign before a number is a token of its own.
        if (
          first === 36 &&
          (isDigit(text.charCodeAt(i + 1)) ||
            (SPACE.test(text.charAt(i + 1)) && isDigit(text.charCodeAt(i + 2))))
        ) {
          this.add(text, i, i + 1, 36, out);
        }
        i++;
        continue;
      }
      // `[\p{L}\p{N}]+(?:[.,'][\p{L}\p{N}]+)*`, hashed as it is read
      const start = i;
      let h = 0;
      for (;;) {
        if (w === 1) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
        else h = (Math.imul(Math.imul(h, 31) + text.charCodeAt(i), 31) + text.charCodeAt(i + 1)) | 0;
        i += w;
        if (i >= n) break;
        const c = text.charCodeAt(i);
        w = c < 128 ? ASCII_WORD[c] : wordCharAt(text, i);
        if (w > 0) continue;
        if ((c === 46 || c === 44 || c === 39) && i + 1 < n) {
          const d = text.charCodeAt(i + 1);
          w = d < 128 ? ASCII_WORD[d] : wordCharAt(text, i + 1);
          if (w > 0) {
            h = (Math.imul(h, 31) + c) | 0;
            i++;
            continue;
          }
        }
        break;
      }
      this.add(text, start, i, h, out);
    }
  }

  private add(text: string, start: number, end: number, hash: number, out: number[]): void {
    const ids = this.find(text, start, end, hash);
    if (ids >= 0) out.push(ids);
    else if (ids < NONE) for (const id of this.lists[-ids - 2]) out.push(id);
  }

  /** The token's ids (IDS), worked out and entered on first sight. */
  private find(text: string, start: number, end: number, hash: number): number {
    const { slots, pool } = this;
    const mask = this.capacity - 1;
    const length = end - start;
    let at = slotOf(hash) & mask;
    for (; ; at = (at + 1) & mask) {
      const s = at << 2;
      const len = slots[s + LENGTH];
      if (len === 0) break;
      if (len !== length || slots[s + HASH] !== hash) continue;
      const from = slots[s + AT];
      let k = 0;
      while (k < length && pool[from + k] === text.charCodeAt(start + k)) k++;
      if (k === length) return slots[s + IDS];
    }
    const token = text.slice(start, end);
    const words = isPlainWord(token) ? [token] : tokenWords(token);
    const found: number[] = [];
    for (const word of words) {
      // Copied out: a slice would keep the whole passage's text alive for the build.
      const id = this.idOf(ownString(word));
      if (id >= 0) found.push(id);
    }
    let ids = NONE;
    if (found.length === 1) ids = found[0];
    else if (found.length > 1) {
      this.lists.push(found);
      ids = -(this.lists.length + 1);
    }
    this.enter(at, hash, this.keep(text, start, length), length, ids);
    if (++this.count * 2 > this.capacity) this.grow();
    return ids;
  }

  private enter(at: number, hash: number, from: number, length: number, ids: number): void {
    const s = at << 2;
    this.slots[s + HASH] = hash;
    this.slots[s + AT] = from;
    this.slots[s + LENGTH] = length;
    this.slots[s + IDS] = ids;
  }

  /** The token's characters added to the pool; where they start. */
  private keep(text: string, start: number, length: number): number {
    if (this.used + length > this.pool.length) {
      const next = new Uint16Array(Math.max(this.pool.length * 2, this.used + length));
      next.set(this.pool);
      this.pool = next;
    }
    const from = this.used;
    for (let k = 0; k < length; k++) this.pool[from + k] = text.charCodeAt(start + k);
    this.used += length;
    return from;
  }

  private grow(): void {
    const old = this.slots;
    this.capacity *= 2;
    this.slots = new Int32Array(this.capacity << 2);
    const mask = this.capacity - 1;
    for (let s = 0; s < old.length; s += 4) {
      if (old[s + LENGTH] === 0) continue;
      let at = slotOf(old[s + HASH]) & mask;
      while (this.slots[(at << 2) + LENGTH] !== 0) at = (at + 1) & mask;
      this.enter(at, old[s + HASH], old[s + AT], old[s + LENGTH], old[s + IDS]);
    }
  }
}
