// The latency question set: the dev questions, then variations of them (lower case, no punctuation, a
// typo, a polite preamble), then questions templated over names and terms found in the corpus, and a few
// the library cannot answer. Deterministic: same corpus and seed, same list.
import type { Article } from '../src/types.js';
import { prng } from './synth.js';
import type { EvalQuestion } from './score.js';

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

const COUNTRIES = ['Kazakhstan', 'Uzbekistan', 'Kyrgyzstan', 'Tajikistan', 'Turkmenistan'];
const STOP_NAMES = new Set([
  'The',
  'A',
  'An',
  'In',
  'On',
  'At',
  'For',
  'It',
  'This',
  'That',
  'As',
  'By',
  'With',
  'Its',
  'Such',
]);

/** Capitalised runs ("Japan International Cooperation Agency", "Shavkat Mirziyoyev"), most frequent first. */
function namesOf(articles: Article[]): string[] {
  const counts = new Map<string, number>();
  for (const a of articles) {
    for (const s of a.sections) {
      for (const p of s.paragraphs) {
        for (const m of p.matchAll(/\b[A-Z][a-z]+(?:\s+(?:of|for|and|the|de)?\s*[A-Z][a-z]+)+\b/g)) {
          const words = m[0].split(/\s+/);
          while (words.length && STOP_NAMES.has(words[0])) words.shift();
          const name = words.join(' ');
          if (words.length >= 2 && name.length <= 60) counts.set(name, (counts.get(name) ?? 0) + 1);
        }
      }
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([n]) => n);
}

/** Longer lower-case nouns (by their endings), most frequent first: topics a reader would ask about. */
function termsOf(articles: Article[]): string[] {
  const counts = new Map<string, number>();
  for (const a of articles) {
    for (const s of a.sections) {
      for (const p of s.paragraphs) {
        for (const m of p.matchAll(
          /\b[a-z]{4,}(?:tion|sion|ment|ity|ism|ure|ance|ence|ogy|ics|ship|ture|ade|ort|ergy|ower)s?\b/g,
        ))
          counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
      }
    }
  }
  return [...counts]
    .filter(([, c]) => c >= 2)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([t]) => t);
}

function typo(rand: Rand, q: string): string {
  const words = q.split(' ');
  const long = words.map((w, i) => [w, i] as const).filter(([w]) => /^[A-Za-z]{5,}$/.test(w));
  if (!long.length) return q;
  const [w, i] = pick(rand, long);
  const at = 1 + Math.floor(rand() * (w.length - 2));
  words[i] = w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2);
  return words.join(' ');
}

const NAME_TEMPLATES = [
  (n: string) => `Who is ${n}?`,
  (n: string) => `What is the ${n}?`,
  (n: string) => `Tell me about ${n}`,
  (n: string) => `What role does ${n} play in relations with Japan?`,
  (n: string) => `When was the ${n} mentioned?`,
  (n: string) => n,
];
const TERM_TEMPLATES = [
  (t: string, c: string) => `What did ${c} and Japan agree on ${t}?`,
  (t: string, c: string) => `How is Japan supporting ${t} in ${c}?`,
  (t: string) => `What is known about ${t}?`,
  (t: string, c: string) => `${t} ${c} Japan`,
  (t: string, c: string) => `How much did Japan invest in ${t} in ${c}?`,
  (t: string, c: string) => `When did ${c} start cooperating with Japan on ${t}?`,
];
const OUT_OF_CORPUS = [
  'What is the capital of Brazil?',
  'Who won the 2018 Tour de France?',
  'How tall is Mount Kilimanjaro?',
  'What is the population of Norway?',
  'Who wrote War and Peace?',
  'How do I bake sourdough bread?',
  'What is the boiling point of mercury?',
  'Which team won the 2010 NBA finals?',
  'Who painted the Mona Lisa?',
  'What is the GDP of Argentina?',
  'When did the Berlin Wall fall?',
  'How many moons does Jupiter have?',
];

/** About `total` questions (at least the dev set and its variations). */
export function benchQuestions(articles: Article[], dev: EvalQuestion[], total = 300, seed = 7): string[] {
  const rand = prng(seed);
  const out: string[] = [];
  for (const q of dev) out.push(q.q);
  for (const q of dev) {
    out.push(q.q.toLowerCase());
    out.push(q.q.replace(/[?!.,:;'’"]/g, ''));
    out.push(typo(rand, q.q));
    out.push(`Can you tell me ${q.q.charAt(0).toLowerCase()}${q.q.slice(1)}`);
  }
  out.push(...OUT_OF_CORPUS);
  const names = namesOf(articles).slice(0, 80);
  const terms = termsOf(articles).slice(0, 120);
  while (out.length < total && (names.length || terms.length)) {
    if (names.length && (rand() < 0.5 || !terms.length))
      out.push(pick(rand, NAME_TEMPLATES)(pick(rand, names)));
    else out.push(pick(rand, TERM_TEMPLATES)(pick(rand, terms), pick(rand, COUNTRIES)));
  }
  return out;
}
