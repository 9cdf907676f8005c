// The index builder reads thirteen million words at 10,000 articles, and a library repeats its words
// endlessly. Matching TOKEN (analyzer.ts) makes a string of every word and a Map lookup hashes each of
// them again: six of the build's twenty-odd seconds on its main thread. Here the tokens are found by
// scanning the folded text's characters, hashed as they are read, and looked up in an open-addressing
// table by comparing the table's word with the text in place: a string is made only for a token seen
// for the first time. What a token stands for (its words' term ids, by the analyzer's own rules) is
// worked out once, on that first sight, so the ids are those `words(text)` and the builder's lookup give.
import { isPlainWord, tokenWords } from './analyzer.js';

/** Letters and digits as TOKEN's `[\p{L}\p{N}]` reads them (with the u flag, by code point). */
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const SPACE = /^\s$/;

// By UTF-16 unit outside ASCII: 0 not yet known, 1 a word character, 2 not one.
const known = new Uint8Array(0x10000);

/** The length in code units of the word character at `i` (2 for a surrogate pair), or 0 for none. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) ? 1 : 0;
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

const isDigit = (c: number) => c >= 48 && c <= 57;

/** ASCII letters and digits: 1, by character code. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c)) ASCII_WORD[c] = 1;
}

/** The hash's bits mixed (murmur3's finalizer): a multiply-by-31 hash of short words clusters. */
function slotOf(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/** Token → the term ids of its words (stop words left out), each token's worked out on first sight. */
export class TokenTable {
  private slots = new Int32Array(1 << 16);
  /** each slot's token's hash beside it: a probe reads the token only when the hashes agree */
  private slotHashes = new Int32Array(1 << 16);
  private count = 0;
  private readonly tokens: string[] = [];
  private readonly hashes: number[] = [];
  /** each token's ids: `ids[starts[e] .. starts[e + 1]]` */
  private ids = new Int32Array(1 << 16);
  private readonly starts: number[] = [0];

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
    const e = this.find(text, start, end, hash);
    const from = this.starts[e];
    const to = this.starts[e + 1];
    for (let k = from; k < to; k++) out.push(this.ids[k]);
  }

  /** The token's entry, made on first sight. */
  private find(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    let at = slotOf(hash) & mask;
    for (;;) {
      const slot = this.slots[at];
      if (slot === 0) break;
      if (this.slotHashes[at] === hash) {
        const token = this.tokens[slot - 1];
        if (token.length === length && text.startsWith(token, start)) return slot - 1;
      }
      at = (at + 1) & mask;
    }
    // Copied out: a slice would keep the whole passage's text alive for the build.
    const token = ` ${text.slice(start, end)}`.slice(1);
    const e = this.count++;
    this.tokens.push(token);
    this.hashes.push(hash);
    for (const word of isPlainWord(token) ? [token] : tokenWords(token)) {
      const id = this.idOf(word);
      if (id >= 0) this.push(id);
    }
    this.starts.push(this.idsLength);
    this.slots[at] = e + 1;
    this.slotHashes[at] = hash;
    if (this.count * 2 > this.slots.length) this.grow();
    return e;
  }

  private idsLength = 0;

  private push(id: number): void {
    if (this.idsLength === this.ids.length) {
      const next = new Int32Array(this.ids.length * 2);
      next.set(this.ids);
      this.ids = next;
    }
    this.ids[this.idsLength++] = id;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const slotHashes = new Int32Array(slots.length);
    const mask = slots.length - 1;
    for (let e = 0; e < this.count; e++) {
      const h = this.hashes[e];
      let at = slotOf(h) & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = e + 1;
      slotHashes[at] = h;
    }
    this.slots = slots;
    this.slotHashes = slotHashes;
  }
}
