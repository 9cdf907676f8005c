// Distributional neighbours (src/lexicon/neighbours.ts): the question's words reach the library's
// words that mean the same in use, never a rival detail or an opposite.
import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../src/answer/query.js';
import { mutualNeighbours, neighboursOf } from '../src/lexicon/neighbours.js';
import { indexOfTexts } from './helpers/texts-index.js';

const texts = [
  'The envoy’s visit to Khiva ended with a declaration on water.',
  'Prices were lower in Kazakhstan than in Uzbekistan.',
  'The second round of talks opened on Tuesday.',
];
const index = indexOfTexts(texts);
const reached = (question: string) =>
  new Set(
    analyzeQuery(question, index, { neighbourWeight: 0.5, neighbourFloor: 0.6 })
      .terms.filter((t) => t.expansion)
      .map((t) => t.term),
  );

describe('distributional neighbours', () => {
  it('reads the table shipped with the sources, nearest first', () => {
    const near = neighboursOf('trip');
    expect(near.length).toBeGreaterThan(3);
    expect(near.map((n) => n.word)).toContain('visit');
    const sims = near.map((n) => n.similarity);
    expect([...sims].sort((a, b) => b - a)).toEqual(sims);
    expect(mutualNeighbours('trip', 'visit')).toBe(true);
    expect(neighboursOf('qwxzvbn')).toEqual([]);
  });

  it('lets a question about a document find the declaration, which WordNet does not relate', () => {
    expect(reached('Which document did the envoy sign?').has('declar')).toBe(true);
    const q = analyzeQuery('Which document did the envoy sign?', index, { neighbourWeight: 0.5 });
    const declaration = q.terms.find((t) => t.term === 'declar');
    // a neighbour counts for less than the word itself would
    expect(declaration?.weight).toBeLessThan(0.5);
  });

  it('never swaps the detail asked about: no other country, ordinal, weekday or opposite', () => {
    expect(reached('Were prices higher in Tajikistan?').has('lower')).toBe(false);
    expect(reached('Were prices higher in Tajikistan?').has('kazakhstan')).toBe(false);
    expect(reached('When did the first round open?').has('second')).toBe(false);
    expect(reached('Did talks open on Monday?').has('tuesday')).toBe(false);
  });

  it('is off when its weight is zero', () => {
    const q = analyzeQuery('Which document did the envoy sign?', index, { neighbourWeight: 0 });
    expect(q.terms.map((t) => t.term)).not.toContain('declar');
  });
});
