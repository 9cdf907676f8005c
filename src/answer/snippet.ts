// Picks the sentence or two of a passage that answer the question: term overlap weighted by rarity,
// word order, and what the question asks for (a figure for how-much, a date for when, a name for who).
import { MONTH_NAME_RE, placesIn } from '../lexicon/index.js';
import { analyze } from '../search/analyzer.js';
import type { Passage } from '../types.js';
import type { Intent } from './intent.js';
import type { QueryTerm } from './query.js';

const DATE = new RegExp(
  `\\b${MONTH_NAME_RE}\\b|\\b(?:1[89]\\d{2}|20\\d{2})s?\\b|\\bquarter\\b|\\b\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}\\b`,
);
// "How many times": once, twice, three times.
const TIMES =
  /\b(?:once|twice|thrice|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many)\s+times)\b/i;
const DATE_DIGITS = new RegExp(
  `\\b\\d{1,2}(?:[–-]\\d{1,2})?\\s+${MONTH_NAME_RE}\\b|\\b${MONTH_NAME_RE}\\s+\\d{1,2}(?:[–-]\\d{1,2})?\\b|\\b(?:1[89]\\d{2}|20\\d{2})s?\\b|\\b\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}\\b`,
  'g',
);
const MONEY =
  /[$€£¥]\s?\d|\b\d[\d,.]*\s*(?:%|(?:mn|bn|million|billion|trillion|yen|dollars?|USD|euros?|percent|per cent)\b)|-fold\b|\btimes\b/i;
const COUNT =
  /\b\d[\d,.]*\s+(?:[a-z]+\s+){0,2}[a-z]+s\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|dozens?|hundreds?|thousands?)\s+(?:[a-z’'-]+\s+){0,2}[a-z]+s\b/i;
const DURATION =
  /\b(?:for|over|within|after|lasted|lasting|spanning)\s+(?:(?:more than|over|about|almost|nearly|some|around|the past|the last)\s+)?(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|many|a few)\s+(?:years?|decades?|months?|weeks?|days?)\b|\bsince\s+(?:\d{4}|the\s+\d{4}s)\b|\b\d+-(?:year|month)\b/i;
const FREQUENCY =
  /\b(?:annual(?:ly)?|biennial(?:ly)?|biannual(?:ly)?|triennial|yearly|monthly|weekly|daily|quarterly|regular(?:ly)?|periodic(?:ally)?|every\s+(?:\w+\s+)?(?:years?|months?|weeks?|days?|summer|spring|autumn|winter)|each\s+(?:year|month|week)|(?:once|twice|\w+\s+times)\s+(?:a|per|each)\s+(?:year|month|week|day))\b/i;
const NAME = /\b\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?\s+\p{Lu}\p{Ll}+\b/u;
// Two or more names in a row ("Tokayev, Sadyr Japarov, Emomali Rahmon"; "JOGMEC, Mitsubishi, Itochu"):
// the shape of an answer to "which …".
const NAME_LIST = /(?:\p{Lu}[\p{L}\p{N}’'-]*(?:\s+\p{Lu}[\p{L}\p{N}’'-]*)*,\s+(?:and\s+)?){2,}/u;
const PLACE = /\b(?:in|at|to|from)\s+(?:the\s+)?\p{Lu}\p{Ll}+/u;
// A sentence that leans on the one before it ("This …", "Consequently, …") reads wrong alone.
const LEANS_BACK =
  /^(?:this|these|those|such|it|they|consequently|accordingly|thus|therefore|as a result|in this|at the same time)\b/i;
const LEADS_ON = /^(?:today|currently|only|so far|of these|among them|these include|they include)\b/i;

export interface ScoredSentence {
  index: number;
  /** Sum of the rarity of the question's terms the sentence holds, with bonuses. */
  score: number;
  /** Share of the question's weight the sentence holds (0–1). */
  coverage: number;
  matched: Set<string>;
}

export interface Snippet {
  passage: Passage;
  text: string;
  score: number;
  coverage: number;
  /** Question terms in the snippet itself. */
  matched: Set<string>;
  /** Question terms anywhere in the passage, its heading or its article's title. */
  inPassage: Set<string>;
  /** Terms of the passage, its heading and its article's title. */
  context: Set<string>;
  /** The passage's best sentence outside this snippet: a further citation when it answers too. */
  alt?: Snippet;
}

export function intentFits(intent: Intent, sentence: string): boolean {
  switch (intent) {
    case 'when':
      return DATE.test(sentence);
    case 'howmuch':
      return MONEY.test(sentence);
    case 'howmany':
      // A date's digits ("On 12 March 2031", "in 2028") count nothing.
      return COUNT.test(sentence) || TIMES.test(sentence) || /\d/.test(sentence.replace(DATE_DIGITS, ' '));
    case 'howlong':
      return DURATION.test(sentence);
    case 'howoften':
      return FREQUENCY.test(sentence);
    case 'who':
      return NAME.test(sentence);
    case 'where':
      return PLACE.test(sentence);
    case 'which':
      return NAME_LIST.test(sentence);
    default:
      return false;
  }
}

// A term the sentence lacks but its passage (heading, title, neighbours) holds is context: a sentence
// about "the strategic partnership" in a passage about Uzbekistan and Japan is about both.
const CONTEXT_SHARE = 0.5;

interface SentenceTerms {
  terms: string[];
  present: Set<string>;
  words: number;
}

interface PassageTerms {
  /** Terms of the passage, its heading and its article's title. */
  context: Set<string>;
  sentences: SentenceTerms[];
}

// Analyzing passage text is most of a question's cost, and the same passages answer many questions:
// keep the analysis of recently read passages. Bounded so a large library cannot grow it without end.
const PASSAGE_CACHE_LIMIT = 4_000;
const passageCache = new Map<string, PassageTerms>();

function passageTerms(passage: Passage, title: string, before?: Passage): PassageTerms {
  const hit = passageCache.get(passage.id);
  if (hit && hit.sentences.length === passage.sentences.length) {
    // Re-inserted so the map's order is recency and the oldest entry goes first.
    passageCache.delete(passage.id);
    passageCache.set(passage.id, hit);
    return hit;
  }
  const sentences = passage.sentences.map((sentence) => {
    const terms = analyze(sentence, 'document');
    return { terms, present: new Set(terms), words: sentence.split(/\s+/).length };
  });
  // A passage that opens by leaning on the one before ("This event is organized by…") is about what
  // that one's last sentence named.
  const lead = LEANS_BACK.test(passage.sentences[0] ?? '') && before ? (before.sentences.at(-1) ?? '') : '';
  const context = new Set(analyze(`${passage.heading ?? ''} ${title} ${lead}`, 'document'));
  for (const s of sentences) for (const t of s.terms) context.add(t);
  const entry = { context, sentences };
  if (passageCache.size >= PASSAGE_CACHE_LIMIT)
    passageCache.delete(passageCache.keys().next().value as string);
  passageCache.set(passage.id, entry);
  return entry;
}

/** Credit of a set of terms: each asked word (group) counts once, by its best-matching term; a term
 *  only the passage context holds earns a share. */
export function creditOf(
  terms: QueryTerm[],
  inSentence: (t: string) => boolean,
  inContext: (t: string) => boolean,
) {
  const best = new Map<number, number>();
  const matched = new Set<string>();
  for (const t of terms) {
    let c = 0;
    if (inSentence(t.term)) {
      matched.add(t.term);
      c = t.idf * t.weight;
    } else if (inContext(t.term)) {
      c = CONTEXT_SHARE * t.idf * t.weight;
    }
    if (c > (best.get(t.group) ?? 0)) best.set(t.group, c);
  }
  let weight = 0;
  for (const c of best.values()) weight += c;
  return { weight, matched };
}

/** Index terms of a passage, its heading, its article's title (and what it leans back on). */
export function passageContext(passage: Passage, title: string, before?: Passage): Set<string> {
  return passageTerms(passage, title, before).context;
}

/**
 * A sentence that names no place ("their trade", "both countries") but holds a word of the topic as
 * asked is as much about its passage's places as one naming them: the rest of their credit, which the
 * context share withheld. One naming some of the places may be about those alone; a place alone is
 * the topic.
 */
function placedByPassage(
  sentence: string,
  terms: QueryTerm[],
  matched: Set<string>,
  present: Set<string>,
  context: Set<string>,
): number {
  if (!terms.some((t) => t.place)) return 0;
  if (!terms.some((t) => !t.place && !t.expansion && matched.has(t.term))) return 0;
  if (terms.some((t) => t.place && present.has(t.term)) || placesIn(sentence).countries.length) return 0;
  let extra = 0;
  const seen = new Set<number>();
  for (const t of terms) {
    if (!t.place || seen.has(t.group) || present.has(t.term) || !context.has(t.term)) continue;
    seen.add(t.group);
    extra += (1 - CONTEXT_SHARE) * t.idf * t.weight;
  }
  return extra;
}

function scoreSentence(
  sentence: string,
  { terms: sentenceTerms, present, words }: SentenceTerms,
  terms: QueryTerm[],
  totalWeight: number,
  intent: Intent,
  context: Set<string>,
): Omit<ScoredSentence, 'index'> {
  const { weight, matched } = creditOf(
    terms,
    (t) => present.has(t),
    (t) => context.has(t),
  );
  // Question words that stand next to each other in the sentence too: a phrase, not a coincidence.
  // A word may stand in the phrase by a synonym ("loom levy" → "loom tariff"), for the synonym's share
  // of the credit.
  let phrase = 0;
  const byGroup = new Map<number, QueryTerm[]>();
  for (const t of terms) {
    if (!matched.has(t.term)) continue;
    const list = byGroup.get(t.group);
    if (list) list.push(t);
    else byGroup.set(t.group, [t]);
  }
  const groupIds = [...new Set(terms.map((t) => t.group))];
  for (let i = 0; i + 1 < groupIds.length; i++) {
    const as = byGroup.get(groupIds[i]);
    const bs = byGroup.get(groupIds[i + 1]);
    if (!as || !bs) continue;
    let best = 0;
    for (let j = 0; j + 1 < sentenceTerms.length; j++) {
      const a = as.find((t) => t.term === sentenceTerms[j]);
      if (!a) continue;
      const b = bs.find((t) => t.term === sentenceTerms[j + 1]);
      if (b) best = Math.max(best, 0.25 * Math.min(a.idf, b.idf) * Math.min(a.weight, b.weight));
    }
    phrase += best;
  }
  const coverage = totalWeight > 0 ? weight / totalWeight : 0;
  let score = weight + phrase + placedByPassage(sentence, terms, matched, present, context);
  if (matched.size && intentFits(intent, sentence)) score *= 1.5;
  // Very short fragments rarely answer anything on their own; long sentences match by sheer length.
  if (words < 6) score *= 0.7;
  else score /= 0.8 + 0.2 * Math.max(1, words / 25);
  return { score, coverage, matched };
}

/** The best sentence of a passage, widened to its neighbour where that completes the answer. */
export function bestSnippet(
  passage: Passage,
  title: string,
  terms: QueryTerm[],
  totalWeight: number,
  intent: Intent,
  before?: Passage,
  /** A factor for each sentence: below 1 for one that contradicts what the question turns on. */
  judge?: (sentence: string) => number,
): Snippet {
  const { context, sentences: analyzed } = passageTerms(passage, title, before);
  const scored = passage.sentences.map((s, index) => {
    const r = scoreSentence(s, analyzed[index], terms, totalWeight, intent, context);
    return { index, ...r, score: judge ? r.score * judge(s) : r.score };
  });
  let best = scored[0];
  for (const s of scored) if (s.score > best.score) best = s;
  let from = best.index;
  let to = best.index;
  const sentences = passage.sentences;
  const words = (i: number) => analyzed[i].words;
  const prev = scored[best.index - 1];
  const next = scored[best.index + 1];
  if (prev && LEANS_BACK.test(sentences[best.index])) {
    from = prev.index;
  } else if (next) {
    const adds = [...next.matched].some((t) => !best.matched.has(t));
    const completes = !intentFits(intent, sentences[best.index]) && intentFits(intent, sentences[next.index]);
    if (
      LEADS_ON.test(sentences[next.index]) ||
      next.score >= 0.5 * best.score ||
      (next.score >= 0.3 * best.score && (adds || completes)) ||
      (words(best.index) < 14 && next.matched.size > 0)
    ) {
      to = next.index;
    }
  }
  const matched = new Set<string>();
  for (let i = from; i <= to; i++) for (const t of scored[i].matched) matched.add(t);
  const { weight } = creditOf(
    terms,
    (t) => matched.has(t),
    (t) => context.has(t),
  );
  const coverage = totalWeight > 0 ? weight / totalWeight : 0;
  const inPassage = new Set(terms.filter((t) => context.has(t.term)).map((t) => t.term));
  let second: (typeof scored)[number] | undefined;
  for (const s of scored) {
    if (s.index >= from && s.index <= to) continue;
    if (s.matched.size && (!second || s.score > second.score)) second = s;
  }
  const alt: Snippet | undefined = second && {
    passage,
    text: sentences[second.index],
    score: second.score,
    coverage:
      totalWeight > 0
        ? creditOf(
            terms,
            (t) => second.matched.has(t),
            (t) => context.has(t),
          ).weight / totalWeight
        : 0,
    matched: second.matched,
    inPassage,
    context,
  };
  return {
    passage,
    text: sentences.slice(from, to + 1).join(' '),
    score: best.score,
    coverage,
    matched,
    inPassage,
    context,
    alt,
  };
}
