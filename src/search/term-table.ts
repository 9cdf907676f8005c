// A sorted table of distinct strings held as one string and an array of offsets: the index's terms and
// the vocabulary's surface words. A string costs its characters and four bytes, where a Map entry or a
// radix-tree node costs a hundred bytes and more; lookups are a binary search that allocates nothing, and
// fuzzy lookups walk the sorted table as the implicit trie it is.

/** Code-unit order, as Array.prototype.sort orders strings. */
function compareAt(blob: string, start: number, end: number, key: string): number {
  const n = Math.min(end - start, key.length);
  for (let i = 0; i < n; i++) {
    const d = blob.charCodeAt(start + i) - key.charCodeAt(i);
    if (d !== 0) return d;
  }
  return end - start - key.length;
}

export class TermTable {
  /** `offsets[i]`…`offsets[i + 1]` is the i-th string in `blob`. */
  constructor(
    readonly blob: string,
    readonly offsets: Int32Array,
  ) {}

  /** From distinct strings in any order; `order[k]` is where the k-th given string sits in the table. */
  static of(strings: string[]): { table: TermTable; order: Int32Array } {
    const sorted = strings.map((s, k) => k).sort((a, b) => (strings[a] < strings[b] ? -1 : 1));
    const offsets = new Int32Array(strings.length + 1);
    const order = new Int32Array(strings.length);
    const parts: string[] = [];
    let at = 0;
    sorted.forEach((k, i) => {
      order[k] = i;
      parts.push(strings[k]);
      offsets[i] = at;
      at += strings[k].length;
    });
    offsets[strings.length] = at;
    return { table: new TermTable(parts.join(''), offsets), order };
  }

  get size(): number {
    return this.offsets.length - 1;
  }

  at(i: number): string {
    return this.blob.slice(this.offsets[i], this.offsets[i + 1]);
  }

  /** Position of `key`, or -1. */
  indexOf(key: string): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareAt(this.blob, this.offsets[mid], this.offsets[mid + 1], key);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** First position in [lo, hi) whose string has, at `depth`, a code unit ≥ `c` (or is shorter). */
  private lowerAt(lo: number, hi: number, depth: number, c: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.offsets[mid];
      const len = this.offsets[mid + 1] - s;
      const at = depth < len ? this.blob.charCodeAt(s + depth) : -1;
      if (at < c) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Every string within `maxDistance` edits (Levenshtein) of `key`: position → distance. Strings sharing
   * a prefix are neighbours in the table, so the search descends ranges of it one character at a time,
   * carrying the edit-distance row, and leaves a range as soon as no string in it can come close enough.
   */
  fuzzy(key: string, maxDistance: number): Map<number, number> {
    const out = new Map<number, number>();
    const first = new Int32Array(key.length + 1);
    for (let j = 0; j <= key.length; j++) first[j] = j;
    const walk = (lo: number, hi: number, depth: number, row: Int32Array) => {
      // Strings that end here come first in their range (a prefix sorts before its extensions).
      while (lo < hi && this.offsets[lo + 1] - this.offsets[lo] === depth) {
        if (row[key.length] <= maxDistance) out.set(lo, row[key.length]);
        lo++;
      }
      while (lo < hi) {
        const c = this.blob.charCodeAt(this.offsets[lo] + depth);
        const end = this.lowerAt(lo, hi, depth, c + 1);
        const next = new Int32Array(key.length + 1);
        next[0] = row[0] + 1;
        let best = next[0];
        for (let j = 1; j <= key.length; j++) {
          const cost = key.charCodeAt(j - 1) === c ? 0 : 1;
          next[j] = Math.min(next[j - 1] + 1, row[j] + 1, row[j - 1] + cost);
          if (next[j] < best) best = next[j];
        }
        if (best <= maxDistance) walk(lo, end, depth + 1, next);
        lo = end;
      }
    };
    walk(0, this.size, 0, first);
    return out;
  }

  *[Symbol.iterator](): IterableIterator<string> {
    for (let i = 0; i < this.size; i++) yield this.at(i);
  }
}
