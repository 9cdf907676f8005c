// Names as the library spells them. A Russian or Uzbek question writes "Такаити" or "Mirziyoev"; the
// library writes "Takaichi" and "Mirziyoyev". The word is transliterated (several ways, see translit.ts)
// and matched to the nearest capitalised word the library itself uses, within a few edits: the list is
// read from the library at run time, so a new article's names are matched with no list to update.
import { fold } from '../search/analyzer.js';
import { levenshtein } from './glossary.js';

export interface NameMatch {
  /** The library's spelling ("Takaichi"). */
  name: string;
  edits: number;
}

// How far a transliteration may be from the library's spelling: none for short words (one edit makes
// another name), one for most names, more for long ones ("Berdymukhamedov" / "Berdimuhamedow").
export function maxNameEdits(length: number): number {
  if (length <= 4) return 0;
  if (length <= 7) return 1;
  if (length <= 11) return 2;
  return 3;
}

const CAPITALISED = /(?<![\p{L}\p{N}])\p{Lu}[\p{Ll}]+(?:-\p{Lu}[\p{Ll}]+)*/gu;

export class NameMatcher {
  /** folded name → the library's spelling, and how often it is used. */
  private readonly names = new Map<string, { name: string; count: number }>();
  private readonly byLength = new Map<number, string[]>();

  constructor(texts: Iterable<string>) {
    for (const text of texts) {
      for (const m of text.matchAll(CAPITALISED)) {
        for (const part of m[0].split('-')) {
          if (part.length < 3) continue;
          const key = fold(part);
          const seen = this.names.get(key);
          if (seen) seen.count += 1;
          else this.names.set(key, { name: part, count: 1 });
        }
      }
    }
    for (const key of this.names.keys()) {
      const list = this.byLength.get(key.length) ?? [];
      list.push(key);
      this.byLength.set(key.length, list);
    }
  }

  has(folded: string): boolean {
    return this.names.has(folded);
  }

  /**
   * The library name nearest to any of the candidate spellings, or undefined when none is near.
   * `sourceLength`, the length of the word as written, bounds the edits: a transliteration can be
   * longer than its word ("типа" → "chipa"), and a short word is never a near-miss of a name.
   */
  match(candidates: string[], sourceLength?: number): NameMatch | undefined {
    let best: (NameMatch & { count: number }) | undefined;
    for (const raw of candidates) {
      const cand = fold(raw);
      const max = maxNameEdits(Math.min(cand.length, sourceLength ?? cand.length));
      for (let len = cand.length - max; len <= cand.length + max; len++) {
        for (const key of this.byLength.get(len) ?? []) {
          // Names start alike: a different first letter is rarely the same name (the transliteration
          // systems differ in the middle of a word more than at its start).
          if (key[0] !== cand[0] && max < 2) continue;
          const d = levenshtein(cand, key, max);
          if (d > max) continue;
          const info = this.names.get(key)!;
          if (!best || d < best.edits || (d === best.edits && info.count > best.count))
            best = { name: info.name, edits: d, count: info.count };
        }
      }
      if (best?.edits === 0) break;
    }
    return best && { name: best.name, edits: best.edits };
  }
}

const matchers = new WeakMap<object, NameMatcher>();

/** One matcher per library (keyed by its state object), built on first use. */
export function namesOf(owner: object, texts: () => Iterable<string>): NameMatcher {
  let m = matchers.get(owner);
  if (!m) {
    m = new NameMatcher(texts());
    matchers.set(owner, m);
  }
  return m;
}
