// Reading a question into weighted terms (src/answer/query.ts).
import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../src/answer/query.js';
import { analyze } from '../src/search/analyzer.js';
import { indexOfTexts } from './helpers/texts-index.js';

const texts = [
  'Engineers gave help to the valley farmers every spring.',
  'Official development assistance paid for a dam near Khiva.',
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

describe('the asked noun', () => {
  it('is found where it ends a named phrase that the analyzer reads as one term', () => {
    const q = analyzeQuery('How much official development assistance went to the dam?', index, {
      head: 'assistance',
      headBoost: 2,
    });
    expect(q.headGroup).toBeDefined();
    expect(q.groups[q.headGroup ?? -1].word).toBe(analyze('official development assistance')[0]);
  });
});
