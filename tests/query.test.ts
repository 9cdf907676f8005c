// Reading a question into weighted terms (src/answer/query.ts).
import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../src/answer/query.js';
import { analyze } from '../src/search/analyzer.js';
import { indexOfTexts } from './helpers/texts-index.js';

const texts = [
  'Engineers gave help to the valley farmers every spring.',
  'The assistance programme paid for new pumps in Khiva.',
  'A guild of weavers met in the square.',
];
const index = indexOfTexts(texts);

describe('question terms', () => {
  it('keeps a word as asked even when an earlier word’s synonym is the same term', () => {
    // "help" reaches "assistance" through WordNet; the question's own "assistance" still counts as asked
    const q = analyzeQuery('Which help and assistance schemes reached farmers?', index, {
      synonymWeight: 0.45,
    });
    const assist = analyze('assistance', 'query')[0];
    const own = q.terms.find((t) => t.term === assist && !t.expansion);
    expect(own?.word).toBe('assistance');
    expect(own?.weight).toBe(1);
  });
});
