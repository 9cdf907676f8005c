// Whether the best quote found is evidence enough to answer: a logistic model over what the quote
// holds of the question, fitted on labelled questions (answerable vs out-of-corpus) with
// cross-validation by bench/fit-answer.ts — see bench/results/fit-answer.md for the fold scores.
// The features describe the question and the quote only, never the rest of the library.
import type { QueryGroup, QueryTerm } from './query.js';

export interface EvidenceFeatures {
  /** Share of the question's weight the quote holds, context counted at a discount. */
  coverage: number;
  /** Share held by the quote's own words. */
  inQuote: number;
  /** Share of the question's weight no word of the library stands for. */
  unknown: number;
  /** The question's weightiest word is matched (in the quote or its passage). */
  keyMatched: number;
  /** Share of what the question asks about places (its non-place words) the quote holds itself. */
  topical: number;
  /** The question names places, years or names, and the quote agrees with all of them. */
  anchored: number;
  /** The question asks for a date, amount or number, and the quote has one. */
  shaped: number;
  /** Phrased as a question (a question word, a question mark) rather than a bare phrase. */
  phrased: number;
  /** How many words the question itself turns on, in tens: a long question's quote holds a smaller
   *  share of it, however well it answers. */
  length: number;
}

export const FEATURES: (keyof EvidenceFeatures)[] = [
  'coverage',
  'inQuote',
  'topical',
  'unknown',
  'keyMatched',
  'anchored',
  'shaped',
  'phrased',
  'length',
];

export function featuresOf(
  groups: QueryGroup[],
  terms: QueryTerm[],
  totalWeight: number,
  matched: Set<string>,
  inPassage: Set<string>,
  coverage: number,
  anchored: boolean,
  shaped: boolean,
  phrased: boolean,
): EvidenceFeatures {
  const best = new Map<number, number>();
  for (const t of terms) {
    if (!matched.has(t.term)) continue;
    const c = t.idf * t.weight;
    if (c > (best.get(t.group) ?? 0)) best.set(t.group, c);
  }
  let inQuote = 0;
  let topicalHeld = 0;
  for (const [g, c] of best) {
    inQuote += c;
    if (!groups[g]?.place) topicalHeld += c;
  }
  const topicalWeight = groups.reduce((n, g) => n + (g.place ? 0 : g.weight), 0);
  const unknown = groups.reduce((n, g) => n + (g.unmatched ? g.weight : 0), 0);
  let key = -1;
  groups.forEach((g, i) => {
    if (key < 0 || g.weight > groups[key].weight) key = i;
  });
  const keyMatched = terms.some((t) => t.group === key && (matched.has(t.term) || inPassage.has(t.term)));
  const share = (x: number) => (totalWeight > 0 ? x / totalWeight : 0);
  return {
    coverage,
    inQuote: share(inQuote),
    topical: topicalWeight > 0 ? topicalHeld / topicalWeight : 0,
    unknown: share(unknown),
    keyMatched: keyMatched ? 1 : 0,
    anchored: anchored ? 1 : 0,
    shaped: shaped ? 1 : 0,
    phrased: phrased ? 1 : 0,
    length: Math.min(groups.filter((g) => g.own).length, 20) / 10,
  };
}

export interface DecisionModel {
  bias: number;
  weights: Record<keyof EvidenceFeatures, number>;
  /** Probability of "answerable" above which the engine answers. */
  threshold: number;
}

// Fitted by `LIBRARIES=corpus:/work/data/corpus-1000 npx tsx bench/fit-decision.ts --write` on every
// labelled question, asked of the bundled library and of it with 995 unrelated documents added.
export const MODEL: DecisionModel = {
  bias: -3.65,
  weights: {
    coverage: 2.033,
    inQuote: 1.725,
    topical: 1.88,
    unknown: -0.251,
    keyMatched: 0.417,
    anchored: 0.054,
    shaped: -0.107,
    phrased: -0.591,
    length: 1.322,
  },
  threshold: 0.1,
};

export function answerProbability(f: EvidenceFeatures, model: DecisionModel = MODEL): number {
  let z = model.bias;
  for (const k of FEATURES) z += model.weights[k] * f[k];
  return 1 / (1 + Math.exp(-z));
}
