// Distributional neighbours: words that stand in the same contexts as a word, read from a table
// derived once from the GloVe vectors (scripts/neighbours.py). WordNet knows "notion" means "idea";
// only usage knows that a "forum" is a kind of "meeting" or a "frontier" a "border". The table holds
// who is near whom and how near, not the vectors, so it costs a few megabytes and no arithmetic.
import fs from 'node:fs';

export interface Neighbour {
  word: string;
  /** Cosine of the two words' vectors, 0–1. */
  similarity: number;
}

const FILES = [
  // src/lexicon (tsx, tests); dist/ → src/lexicon/data (the bundle beside src/)
  new URL('./data/neighbours.bin', import.meta.url),
  new URL('../src/lexicon/data/neighbours.bin', import.meta.url),
];

interface Table {
  /** In code-point order: a word is found by binary search. */
  words: string[];
  slots: number;
  index: Uint16Array;
  sims: Uint8Array;
}

let table: Table | null | undefined;

/** Reads the table; a corrupt file is an error naming it, a missing one leaves the engine without neighbours. */
function load(): Table | null {
  if (table !== undefined) return table;
  const file = FILES.find((f) => fs.existsSync(f));
  table = null;
  if (!file) return table;
  const buf = fs.readFileSync(file);
  if (buf.length < 16 || buf.toString('latin1', 0, 4) !== 'NBR1')
    throw new Error(`${file.pathname}: not a neighbour table (rebuild it with scripts/neighbours.py)`);
  const count = buf.readUInt32LE(4);
  const slots = buf.readUInt32LE(8);
  const listLength = buf.readUInt32LE(12);
  const start = 16 + listLength;
  if (buf.length !== start + count * slots * 3)
    throw new Error(`${file.pathname}: truncated neighbour table (rebuild it with scripts/neighbours.py)`);
  const words = buf.toString('utf8', 16, start).split('\n');
  // a copy, for the alignment a Uint16Array needs (the file is little-endian, as x86 and ARM are)
  const index = new Uint16Array(
    buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + start + 2 * count * slots),
  );
  const sims = new Uint8Array(buf.buffer, buf.byteOffset + start + 2 * count * slots, count * slots);
  table = { words, slots, index, sims };
  return table;
}

function find(words: string[], word: string): number {
  let lo = 0;
  let hi = words.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (words[mid] === word) return mid;
    if (words[mid] < word) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The word's nearest neighbours at or above `floor`, nearest first (none for a word the table lacks). */
export function neighboursOf(word: string, floor = 0): Neighbour[] {
  const t = load();
  if (!t) return [];
  const i = find(t.words, word.toLowerCase());
  if (i < 0) return [];
  const out: Neighbour[] = [];
  for (let k = i * t.slots; k < (i + 1) * t.slots; k++) {
    if (t.index[k] === 0xffff) break;
    const similarity = t.sims[k] / 255;
    if (similarity < floor) break;
    out.push({ word: t.words[t.index[k]], similarity });
  }
  return out;
}

/** Each word is among the other's nearest: the pairs that share a meaning rather than a topic. */
export function mutualNeighbours(a: string, b: string): boolean {
  const x = a.toLowerCase();
  return neighboursOf(b).some((n) => n.word === x);
}

/** Loads the table now rather than on the first question that needs it. */
export function warmUpNeighbours(): void {
  load();
}
