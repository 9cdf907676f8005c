// The index builder reads words by scanning characters (src/search/word-scan.ts), questions and the
// MiniSearch path by the analyzer's TOKEN regex. They must read the same words from any text, or a
// question's word would miss the passage that holds it.
import { describe, expect, it } from 'vitest';
import { documentText, words } from '../src/search/analyzer.js';
import { TokenTable } from '../src/search/word-scan.js';

function idsBoth(texts: string[]): { scanned: number[][]; matched: number[][] } {
  const ids = new Map<string, number>();
  const idOf = (w: string) => {
    let id = ids.get(w);
    if (id === undefined) {
      id = ids.size;
      ids.set(w, id);
    }
    return id;
  };
  const table = new TokenTable(idOf);
  const scanned = texts.map((t) => {
    const out: number[] = [];
    table.scan(documentText(t), out);
    return out;
  });
  const matched = texts.map((t) => words(documentText(t)).map(idOf));
  return { scanned, matched };
}

describe('word scan', () => {
  it('reads the words the analyzer reads, in order, from awkward text', () => {
    const texts = [
      'Trade rose to $2.5bn in 2023, up 12.5% from 25,000 units; the ministers’ talks (2019–2024) went on.',
      "Don't split U.N. figures: 3.3-fold, 1,234,567.89 and www.mofa.go.jp or UzDaily.com's report.",
      'Ташкент и Токио: 5 млн долларов — Ўзбекистон, Qozog‘iston; café naïve Œuvre ß straße.',
      'Math 𝐀𝐁𝐂 and emoji 😀 beside x²+y² = z², ½ cup, ９９ full-width, $ 40 and $x or $.',
      'A line\nbreak\tand  spaces… ends,with.commas,and.dots. 12th 3rd 2nd q1 Q4 JV jvs c5+1',
      '',
      "...,,,''' $ $$5",
    ];
    const { scanned, matched } = idsBoth(texts);
    expect(scanned).toEqual(matched);
    expect(matched[0].length).toBeGreaterThan(10);
  });

  it('agrees with the analyzer on random mixes of letters, digits and punctuation', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pieces = [
      'a',
      'b',
      'Z',
      '1',
      '9',
      '.',
      ',',
      "'",
      '’',
      ' ',
      '$',
      '-',
      'é',
      'ж',
      '𝐀',
      '\n',
      'jica',
      'set up',
    ];
    const texts = Array.from({ length: 400 }, () =>
      Array.from(
        { length: 1 + Math.floor(rand() * 40) },
        () => pieces[Math.floor(rand() * pieces.length)],
      ).join(''),
    );
    const { scanned, matched } = idsBoth(texts);
    expect(scanned).toEqual(matched);
  });
});
