// Turns a question into weighted index terms: each word is matched to the library's vocabulary exactly,
// through a typo correction, or not at all. Words the library never uses are kept aside: they decide
// abstention (a country or person the library never mentions means it has no answer).
import { analyzeWords, fold, STOP_WORDS, termOf } from '../search/analyzer.js';
import type { PassageIndex } from '../search/index.js';
import { areAntonyms, isOrdinaryWord, relatedWords, sharePartOfSpeech } from '../lexicon/wordnet.js';
import {
  canonicalCountry,
  countryOfCity,
  monthNumber,
  NUMBER_WORDS,
  ORDINAL_WORDS,
} from '../lexicon/index.js';
import { mutualNeighbours, neighboursOf, warmUpNeighbours } from '../lexicon/neighbours.js';
import { startTagger, tagWords } from './tagger.js';

export interface QueryTerm {
  /** The word as typed (folded). */
  word: string;
  term: string;
  /** How much the asked word matters (its rarity; for an unknown word, a rare word's): the credit a
   *  sentence gets for holding the word itself. */
  idf: number;
  /** Share of that credit this term earns: 1 for the word itself, less for a correction or a synonym,
   *  and less again for words carried over from an earlier question of the dialog. */
  weight: number;
  corrected: boolean;
  /** Terms standing for the same asked word share a group: a sentence earns the group's best credit once. */
  group: number;
  /** A synonym or derivation, not the word as asked. */
  expansion?: boolean;
  /** The expansion is a distributional neighbour: a word used alike, not a dictionary synonym. */
  neighbour?: boolean;
  /** The word names a place: it says where, and a sentence is placed by its passage as well as by itself. */
  place?: boolean;
}

export interface QueryOptions {
  /** Text the question leans on (an earlier question of the dialog), weighed by `contextWeight`. */
  context?: string;
  contextWeight?: number;
  /** Credit of a WordNet synonym or derivation relative to the word itself. */
  synonymWeight?: number;
  /** Credit of a distributional neighbour at similarity 1 (it earns its similarity's share of it). */
  neighbourWeight?: number;
  /** Similarity below which a neighbour is not taken. */
  neighbourFloor?: number;
  /** The noun the question asks for ("which anniversary"), and how much more it counts than its rarity says. */
  head?: string;
  headBoost?: number;
  /** Weight of an ordinary word the library never uses, relative to a rare word. */
  unknownWeight?: number;
}

export interface QueryGroup {
  /** Full credit of the group (importance × part weight): the denominator of coverage. */
  weight: number;
  word: string;
  /** A place (country, demonym, city, the region): it says where, not what is asked about it. */
  place?: boolean;
  /** A word of the question itself, not of an earlier question it leans on. */
  own?: boolean;
  /** No term of the library stands for it. */
  unmatched: boolean;
}

export interface MissingWord {
  word: string;
  /** A name (a place, person or organisation): its absence means the library has no answer. */
  name: boolean;
  /** How much the word says about the topic: nouns much, verbs and adjectives ("teach", "big") little. */
  weight: number;
}

export interface AnalyzedQuery {
  text: string;
  terms: QueryTerm[];
  missing: MissingWord[];
  groups: QueryGroup[];
  /** Sum of the groups' weights. */
  totalWeight: number;
  /** The group of the noun the question asks for ("how much capital"), when the library knows it. */
  headGroup?: number;
}

/** Longest question we read: beyond it a message is not a question but a paste. */
const MAX_QUERY_CHARS = 600;
const MAX_TERMS = 24;

/** Removes control and bidirectional formatting characters and collapses whitespace. */
export function sanitizeQuestion(raw: string): string {
  return raw
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_QUERY_CHARS);
}

function maxEdits(word: string): number {
  if (/\d/.test(word) || word.length < 5) return 0;
  return word.length >= 9 ? 2 : 1;
}

// Swapped neighbours are the commonest typo ("tarde") and cost two Levenshtein edits; try them first.
function transpositions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length - 1; i++) {
    out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  return out;
}

function correct(word: string, index: PassageIndex): string | undefined {
  const { surface, df } = index.vocab;
  const best = (candidates: string[]) => {
    let pick: string | undefined;
    let pickDf = -1;
    for (const w of candidates) {
      const t = surface.get(w);
      const d = t ? (df.get(t) ?? 0) : -1;
      if (t && d > pickDf) {
        pick = t;
        pickDf = d;
      }
    }
    return pick;
  };
  const edits = maxEdits(word);
  if (!edits) return undefined;
  const swapped = best(transpositions(word).filter((w) => surface.has(w)));
  if (swapped) return swapped;
  const fuzzy = surface.fuzzyGet(word, edits);
  // Prefer the closest spelling, then the commoner one.
  let pick: string | undefined;
  let pickKey = [Infinity, -1];
  for (const [w, [t, distance]] of fuzzy) {
    if (Math.abs(w.length - word.length) > edits) continue;
    const key = [distance, df.get(t) ?? 0];
    if (key[0] < pickKey[0] || (key[0] === pickKey[0] && key[1] > pickKey[1])) {
      pick = t;
      pickKey = key;
    }
  }
  return pick;
}

/** Words written with a capital inside the question, where a capital marks a name rather than a sentence start. */
function capitalisedWords(question: string): Set<string> {
  const out = new Set<string>();
  const tokens = question.match(/[\p{L}][\p{L}\p{N}'’-]*/gu) ?? [];
  tokens.forEach((t, i) => {
    // A lone capital ("I", "A") marks no name.
    if (i > 0 && t.length > 1 && /^\p{Lu}/u.test(t)) {
      for (const part of fold(t).split(/['-]/)) if (part) out.add(part);
    }
  });
  return out;
}

/** Starts what reading a question may need (the tagger's thread, the neighbour table) before anyone asks. */
export function warmUpQueries(): void {
  startTagger();
  warmUpNeighbours();
}

function tagsOf(question: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const term of tagWords(question)) out.set(fold(term.normal).replace(/'s$/, ''), term.tags);
  return out;
}

const NAME_TAGS = [
  'Place',
  'Country',
  'City',
  'Region',
  'Person',
  'FirstName',
  'LastName',
  'Organization',
  'ProperNoun',
];
const LIGHT_TAGS = ['Verb', 'Adjective', 'Adverb', 'Date', 'Expression', 'QuestionWord'];

// A word's part of speech barely depends on the question around it, and tagging costs a millisecond:
// remember each unknown word's class. Bounded, because anyone can type new words.
const WORD_CLASS_LIMIT = 50_000;
const wordClass = new Map<string, { name: boolean; light: boolean }>();

function classifyMissing(question: string, missing: { word: string; capitalised: boolean }[]): MissingWord[] {
  if (!missing.length) return [];
  if (missing.some((m) => !wordClass.has(m.word))) {
    const tags = tagsOf(question);
    if (wordClass.size >= WORD_CLASS_LIMIT) wordClass.clear();
    for (const { word } of missing) {
      const t = tags.get(word) ?? [];
      // A year or number the library never states ("in 1995") is as decisive as an unknown name.
      const name = /^\d/.test(word) || NAME_TAGS.some((n) => t.includes(n));
      // A superlative ("tallest") asks for something specific; other verbs and adjectives only phrase it.
      const light = !name && LIGHT_TAGS.some((n) => t.includes(n)) && !t.includes('Superlative');
      wordClass.set(word, { name, light });
    }
  }
  return missing.map(({ word, capitalised }) => {
    const c = wordClass.get(word) ?? { name: false, light: false };
    const name = capitalised || c.name;
    return { word, name, weight: !name && c.light ? 0.3 : 1 };
  });
}

const REGION_TERMS = new Set(['centralasia', 'caj', 'region', 'regional']);

function isPlace(word: string, term: string): boolean {
  return (
    REGION_TERMS.has(term) ||
    canonicalCountry(word) !== undefined ||
    countryOfCity(word.charAt(0).toUpperCase() + word.slice(1)) !== undefined
  );
}

interface Part {
  text: string;
  weight: number;
}

// Synonyms of stop words and of very common words add noise, not recall.
const MAX_EXPANSIONS = 6;
const MAX_NEIGHBOURS = 4;

interface Expansion {
  term: string;
  /** Share of the word's own credit. */
  weight: number;
  neighbour?: boolean;
}

/** A library term standing for the related word, if it is one term the library has and not taken yet. */
function libraryTerm(
  related: string,
  index: PassageIndex,
  taken: Set<string>,
  reserved?: Set<string>,
): string | undefined {
  // A multiword lemma counts only when it is one term in the analyzer ("set up" → establish).
  const analyzed = analyzeWords(related, 'query');
  if (analyzed.length !== 1) return undefined;
  const { term } = analyzed[0];
  if (taken.has(term) || reserved?.has(term) || STOP_WORDS.has(term) || !index.vocab.df.has(term))
    return undefined;
  return term;
}

// Words that stand in the same contexts without meaning the same: one country for another, one
// number, ordinal or month for the next. A neighbour of these kinds would swap the detail asked about.
function contrasts(word: string, term: string): boolean {
  return (
    isPlace(word, term) ||
    word in NUMBER_WORDS ||
    word in ORDINAL_WORDS ||
    monthNumber(word) !== undefined ||
    /day$/.test(word)
  );
}

function expansionsOf(
  word: string,
  index: PassageIndex,
  taken: Set<string>,
  opts: {
    synonymWeight: number;
    neighbourWeight: number;
    neighbourFloor: number;
    name: boolean;
    own: boolean;
    /** Terms of the question's own words: a word as asked is never another word's synonym. */
    reserved?: Set<string>;
  },
): Expansion[] {
  const out: Expansion[] = [];
  for (const related of relatedWords(word)) {
    const term = libraryTerm(related, index, taken, opts.reserved);
    if (!term) continue;
    taken.add(term);
    out.push({ term, weight: opts.synonymWeight });
    if (out.length >= MAX_EXPANSIONS) break;
  }
  // A name or an anchor is matched as written: its neighbours are other names and other places. An
  // earlier question's words already count at a discount; their neighbours would be two steps away.
  if (!opts.own || opts.name || opts.neighbourWeight <= 0 || contrasts(word, termOf(word))) return out;
  let added = 0;
  for (const n of neighboursOf(word, opts.neighbourFloor)) {
    if (added >= MAX_NEIGHBOURS) break;
    // The library writes the neighbour itself, not only a word of the same stem ("foreigners" is no
    // "Foreign Minister"). Cheapest tests first: the WordNet ones read files.
    if (!index.vocab.surface.has(n.word) || !mutualNeighbours(word, n.word)) continue;
    const term = libraryTerm(n.word, index, taken, opts.reserved);
    if (!term || contrasts(n.word, term)) continue;
    if (!isOrdinaryWord(n.word) || !sharePartOfSpeech(word, n.word) || areAntonyms(word, n.word)) continue;
    taken.add(term);
    out.push({ term, weight: opts.neighbourWeight * n.similarity, neighbour: true });
    added++;
  }
  return out;
}

/** The group of the asked noun: the noun's own, or that of the named phrase it ends ("official
 *  development assistance" is one term, whose last word is the asked noun). -1 when there is none. */
function headGroupOf(text: string, head: string, groups: QueryGroup[]): number {
  const own = (term: string) => groups.findIndex((x) => x.own && !x.unmatched && termOf(x.word) === term);
  const g = own(termOf(fold(head)));
  if (g >= 0 || STOP_WORDS.has(fold(head))) return g;
  const words = fold(text).split(/\s+/);
  const at = words.findIndex((w) => w.replace(/[^\p{L}\p{N}-]+/gu, '') === fold(head));
  for (let n = 3; n >= 1 && at >= 0; n--) {
    const term = analyzeWords(words.slice(Math.max(0, at - n), at + 1).join(' '), 'query').at(-1)?.term;
    const phrase = term ? own(term) : -1;
    if (phrase >= 0) return phrase;
  }
  return -1;
}

export function analyzeQuery(raw: string, index: PassageIndex, opts: QueryOptions = {}): AnalyzedQuery {
  const text = sanitizeQuestion(raw);
  const parts: Part[] = [{ text, weight: 1 }];
  if (opts.context) parts.push({ text: sanitizeQuestion(opts.context), weight: opts.contextWeight ?? 0.5 });
  const expansion = {
    synonymWeight: opts.synonymWeight ?? 0.6,
    neighbourWeight: opts.neighbourWeight ?? 0,
    neighbourFloor: opts.neighbourFloor ?? 0.6,
  };
  const unknownIdf = (opts.unknownWeight ?? 1) * index.rareIdf();
  const terms: QueryTerm[] = [];
  const groups: QueryGroup[] = [];
  const missingAll: { word: string; capitalised: boolean; group: number }[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const names = capitalisedWords(part.text);
    const words = analyzeWords(part.text, 'query');
    const reserved = new Set(words.map((w) => w.term));
    for (const { word, term } of words) {
      if (seen.has(term) || groups.length >= MAX_TERMS) continue;
      seen.add(term);
      const group = groups.length;
      if (index.vocab.df.has(term)) {
        const idf = index.idf(term);
        const place = isPlace(word, term);
        groups.push({ weight: idf * part.weight, word, unmatched: false, place, own: part.weight === 1 });
        terms.push({ word, term, idf, weight: part.weight, corrected: false, group, place });
        const name = names.has(word) || names.has(termOf(word));
        for (const x of expansionsOf(word, index, seen, {
          ...expansion,
          name,
          own: part.weight === 1,
          reserved,
        })) {
          terms.push({
            word,
            term: x.term,
            idf,
            weight: part.weight * x.weight,
            corrected: false,
            group,
            expansion: true,
            neighbour: x.neighbour,
          });
        }
        continue;
      }
      // A dictionary word is not a misspelling of another ("notion" is not "nation"): it is matched
      // through its synonyms instead.
      const fixed = isOrdinaryWord(word) ? undefined : correct(word, index);
      if (fixed && !STOP_WORDS.has(fixed) && !seen.has(fixed)) {
        seen.add(fixed);
        const idf = index.idf(fixed);
        groups.push({ weight: idf * part.weight, word, unmatched: false, own: part.weight === 1 });
        terms.push({ word, term: fixed, idf, weight: 0.8 * part.weight, corrected: true, group });
        continue;
      }
      if (fixed) continue;
      // A word the library never uses still says what is asked: its synonyms may be there
      // ("frontier" → "border"); if not, it lowers the evidence of every answer alike.
      groups.push({ weight: unknownIdf * part.weight, word, unmatched: true, own: part.weight === 1 });
      const capitalised = names.has(word) || names.has(termOf(word));
      const expansions = expansionsOf(word, index, seen, {
        ...expansion,
        name: capitalised,
        own: part.weight === 1,
        reserved,
      });
      for (const x of expansions) {
        terms.push({
          word,
          term: x.term,
          idf: unknownIdf,
          weight: part.weight * x.weight,
          corrected: false,
          group,
          expansion: true,
          neighbour: x.neighbour,
        });
      }
      if (expansions.length) groups[group].unmatched = false;
      missingAll.push({ word, capitalised, group });
    }
  }
  // The asked noun is what an answer must name: it outweighs the words that only locate it.
  let headGroup: number | undefined;
  if (opts.head && opts.headBoost) {
    const g = headGroupOf(text, opts.head, groups);
    if (g >= 0) {
      headGroup = g;
      groups[g].weight *= opts.headBoost;
      for (const t of terms) if (t.group === g) t.idf *= opts.headBoost;
    }
  }
  const missing = classifyMissing(text, missingAll);
  // A verb or adjective the library lacks phrases the question; it says little about the topic.
  missing.forEach((m, i) => {
    const g = missingAll[i].group;
    groups[g].weight *= m.weight;
    for (const t of terms) if (t.group === g) t.idf *= m.weight;
  });
  const totalWeight = groups.reduce((n, g) => n + g.weight, 0);
  return { text, terms, missing, groups, totalWeight, headGroup };
}
