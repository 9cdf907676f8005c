// Sentence ranking inside a passage: how a question's words count when they stand together.
import { describe, expect, it } from 'vitest';
import { bestSnippet, intentFits } from '../src/answer/snippet.js';
import type { QueryTerm } from '../src/answer/query.js';
import { analyze } from '../src/search/analyzer.js';

const term = (word: string, group: number, weight = 1, expansion = false): QueryTerm => ({
  word,
  term: analyze(word, 'query')[0],
  idf: 2,
  weight,
  corrected: false,
  group,
  expansion,
});

describe('phrases', () => {
  it('counts two asked words standing together through a synonym as a phrase', () => {
    const sentences = [
      'Tariff rules for the old looms of the valley were agreed in the spring by every workshop there.',
      'The weavers met in the square.',
      'Each loom tariff is paid to the guild of the valley in the spring by every workshop there.',
    ];
    const passage = { id: 'x#1', articleId: 'x', n: 1, text: sentences.join(' '), sentences };
    // "loom levy": "levy" stands in the passage only as its synonym "tariff", and only the last
    // sentence holds "tariff" right after "loom", as the question has "levy" after "loom"
    const terms = [term('loom', 0), term('levy', 1), term('tariff', 1, 0.45, true)];
    const s = bestSnippet(passage, '', terms, 4, 'what');
    expect(s.text).toBe(sentences[2]);
  });
});

describe('what a how-many question wants', () => {
  it('takes a count, never the digits of a date, as the shape of the answer', () => {
    expect(intentFits('howmany', 'On 12 March 2031 the third guild assembly opened in Khiva.')).toBe(false);
    expect(intentFits('howmany', 'The guild has held seven assemblies so far.')).toBe(true);
    expect(intentFits('howmany', 'The guild counts 140 weavers in Khiva.')).toBe(true);
    // "how many times": once, twice, four times
    expect(intentFits('howmany', 'The envoy had come only once, in 2028.')).toBe(true);
  });
});
