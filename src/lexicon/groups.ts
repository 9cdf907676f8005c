// Phrases that name several countries at once: the region, "all five", the dialogue's members. A text
// saying "the presidents of all five Central Asian states" involves five countries although it
// names none of them.

import { CENTRAL_ASIA } from './index.js';

/** The members of the "Central Asia + Japan" dialogue. */
export const DIALOGUE_MEMBERS = [...CENTRAL_ASIA, 'Japan'];

// Each pattern, with the countries it stands for. The dialogue's own name (in any of its spellings:
// "+", "plus", a dash) brings all six; "all five …" brings the five.
const GROUPS: [RegExp, string[]][] = [
  [
    /\bCentral Asia(?:n)?\s*(?:\+|plus|[–—-])\s*Japan\b|\bJapan\s*(?:\+|plus|[–—-])\s*Central Asia\b/i,
    DIALOGUE_MEMBERS,
  ],
  [
    /\ball (?:the )?(?:five|5)(?: (?:Central Asian|regional))? (?:countries|states|republics|nations|presidents|leaders|heads of state|foreign ministers)\b/i,
    CENTRAL_ASIA,
  ],
  [/\b(?:five|5) Central Asian (?:countries|states|republics|nations|presidents|leaders)\b/i, CENTRAL_ASIA],
];

/** Countries a text names collectively ("all five Central Asian countries", the dialogue's name). */
export function groupCountriesIn(text: string): string[] {
  const out: string[] = [];
  for (const [re, countries] of GROUPS)
    if (re.test(text)) for (const c of countries) if (!out.includes(c)) out.push(c);
  return out;
}
