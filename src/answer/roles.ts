// What a detail is tied to. "The second summit" and "the second Action Plan" share an ordinal but
// not its noun; "Uzbek citizens" and "Japanese citizens" share a noun but not whose they are. The
// question's ties are read once; a sentence is read for the same ties only where it holds the noun
// or the ordinal, so the checks cost a few regular expressions per candidate sentence.
import { canonicalCountry, CENTRAL_ASIA, MONTH_NAME_RE, ORDINAL_WORDS } from '../lexicon/index.js';
import { LEADER_SURNAMES, leaderNamed } from '../lexicon/leaders.js';
import { isVerb } from '../lexicon/wordnet.js';
import { STOP_WORDS, termOf } from '../search/analyzer.js';

const NUMBER_OF_ORDINAL = new Map(Object.entries(ORDINAL_WORDS).map(([w, n]) => [n, w]));

// Words that end the noun phrase after an ordinal: prepositions, articles, verbs of the question frame.
const PHRASE_STOP = new Set(
  (
    'of in at on for with and or to from by about as the a an was were is are be been held take took ' +
    'place happen happened did does do will would should could can has have had that which who when ' +
    'where what why how its their his her this these those between among after before during since'
  ).split(' '),
);

export interface OrdinalPhrase {
  ordinal: string;
  /** Terms of the words the ordinal qualifies ("seventh foreign ministers' meeting" → foreign, minist, meet). */
  words: string[];
  /** The phrase's last word: its head noun. */
  head?: string;
}

// Only the ordinals themselves: a passage's context runs to thousands of words, and each candidate
// sentence is read with it.
const ORDINAL_TOKEN = new RegExp(
  `\\b(${Object.keys(ORDINAL_WORDS)
    .sort((a, b) => b.length - a.length)
    .join('|')}|\\d{1,2}(?:st|nd|rd|th))\\b`,
  'gi',
);

function ordinalOf(token: string): string | undefined {
  const w = token.toLowerCase();
  if (w in ORDINAL_WORDS) return w;
  const m = /^(\d{1,2})(?:st|nd|rd|th)$/.exec(w);
  return m ? NUMBER_OF_ORDINAL.get(Number(m[1])) : undefined;
}

/** Each ordinal beyond "first" with the (at most eight) words it qualifies. */
export function ordinalPhrases(text: string): OrdinalPhrase[] {
  const out: OrdinalPhrase[] = [];
  ORDINAL_TOKEN.lastIndex = 0;
  for (const m of text.matchAll(ORDINAL_TOKEN)) {
    const ordinal = ordinalOf(m[1]);
    if (!ordinal || ordinal === 'first') continue;
    const rest = text.slice((m.index ?? 0) + m[0].length);
    const words: string[] = [];
    // Stops at punctuation (a closing quote or "+" inside a name is no stop) or a frame word.
    for (const w of rest.matchAll(/[\s"“”'’+-]*([\p{L}][\p{L}'’]*|[,.;:?!()]|\d+)/gu)) {
      const word = w[1].replace(/['’]s?$/, '');
      if (!/^\p{L}/u.test(word) || PHRASE_STOP.has(word.toLowerCase()) || words.length >= 8) break;
      words.push(termOf(word.toLowerCase()));
    }
    out.push({ ordinal, words, head: words[words.length - 1] });
  }
  return out;
}

/** Whether two ordinal phrases speak of the same thing: one's head noun is among the other's words. */
export function samePhrase(a: OrdinalPhrase, b: OrdinalPhrase): boolean {
  if (!a.head || !b.head) return true;
  return a.words.includes(b.head) || b.words.includes(a.head);
}

/** The ordinals of `text` that qualify what the question's phrases do; all of them where it names no noun. */
export function ordinalsTied(text: string, asked: OrdinalPhrase[]): Set<string> {
  const out = new Set<string>();
  for (const p of ordinalPhrases(text)) {
    if (!asked.length || asked.some((a) => samePhrase(a, p))) out.add(p.ordinal);
  }
  return out;
}

export interface Role {
  /** Whose: a canonical country, or "Central Asia" for the region. */
  owner: string;
  /** The noun's term; citizens, nationals, tourists and a bare demonym ("Uzbeks") are all "people". */
  noun: string;
}

const PEOPLE = new Set(
  'citizens citizen nationals national people residents tourists tourist travellers travelers visitors workers'.split(
    ' ',
  ),
);
const REGION = 'Central Asia';
const DEMONYM =
  /(?<![\p{L}-])(Central Asian|Japanese|Japan['’]s|Uzbek|Uzbeks|Uzbekistan['’]s|Kazakh|Kazakhs|Kazakhstan['’]s|Kyrgyz|Kyrgyzstan['’]s|Tajik|Tajiks|Tajikistan['’]s|Turkmen|Turkmens|Turkmenistan['’]s)(?![\p{L}-])(?:\s+([a-z][a-z'’-]+))?/gu;
const FROM_PLACE =
  /\b([a-z]{3,}s)\s+from\s+(Central Asia|Japan|Uzbekistan|Kazakhstan|Kyrgyzstan|Tajikistan|Turkmenistan)\b/g;
// After a bare demonym, words that show it stands for people ("Japanese in Uzbekistan").
const PEOPLE_AFTER = new Set('in who were was living from to at'.split(' '));

function ownerOf(word: string): string | undefined {
  if (/^central asian?$/i.test(word)) return REGION;
  return canonicalCountry(word.replace(/['’]s$/, ''));
}

/** Whose nouns a text speaks of: "Uzbek citizens", "Japan's companies", "specialists from Central Asia". */
export function rolesIn(text: string): Role[] {
  const out: Role[] = [];
  DEMONYM.lastIndex = 0;
  for (const m of text.matchAll(DEMONYM)) {
    const owner = ownerOf(m[1]);
    if (!owner) continue;
    const next = m[2]?.toLowerCase();
    const plural = /s$/.test(m[1]) && !/['’]s$/.test(m[1]);
    if (plural || (m[1] === 'Japanese' && (!next || PEOPLE_AFTER.has(next)))) {
      out.push({ owner, noun: 'people' });
      continue;
    }
    if (!next || PHRASE_STOP.has(next)) continue;
    out.push({ owner, noun: PEOPLE.has(next) ? 'people' : termOf(next) });
  }
  FROM_PLACE.lastIndex = 0;
  for (const m of text.matchAll(FROM_PLACE)) {
    const owner = ownerOf(m[2]) ?? (m[2] === REGION ? REGION : undefined);
    if (owner) out.push({ owner, noun: PEOPLE.has(m[1]) ? 'people' : termOf(m[1]) });
  }
  return out;
}

function sameOwner(a: string, b: string): boolean {
  if (a === b) return true;
  // A Central Asian country's people are the region's.
  return (a === REGION && CENTRAL_ASIA.includes(b)) || (b === REGION && CENTRAL_ASIA.includes(a));
}

/** False when the sentence gives an asked noun to someone else and never to the asked owner. */
export function rolesAgree(asked: Role[], sentence: string): boolean {
  if (!asked.length) return true;
  const here = rolesIn(sentence);
  for (const r of asked) {
    const same = here.filter((h) => h.noun === r.noun);
    if (same.length && !same.some((h) => sameOwner(h.owner, r.owner))) return false;
  }
  return true;
}

// A year tied to a noun: "the May 2032 forum" (the year before the noun), "the guild founded in
// 2022" (a participle and "in" after it). A year that opens or closes a clause on its own
// ("In 2019, …", "… was held in 2019") dates the whole statement and is tied to no noun here.
const YEAR_BEFORE_NOUN = new RegExp(
  `\\b(?:the|a|an|its|their|this|that|${MONTH_NAME_RE}|\\d{1,2})\\s+(?:${MONTH_NAME_RE}\\s+)?(1[89]\\d{2}|20\\d{2})\\s+((?:[\\p{L}][\\p{L}'’-]*\\s+){0,3}[\\p{L}][\\p{L}'’-]*)`,
  'gu',
);
const NOUN_BEFORE_YEAR = new RegExp(
  `([\\p{L}][\\p{L}'’-]*)[”"’]?\\s+(?:initiated|launched|established|founded|introduced|created|adopted|signed|started|begun|set up)\\s+(?:in|since)\\s+(?:${MONTH_NAME_RE}\\s+)?(1[89]\\d{2}|20\\d{2})\\b`,
  'gu',
);

export interface YearPhrase {
  year: string;
  /** Terms of the noun phrase the year qualifies. */
  words: string[];
}

function phraseWords(text: string): string[] {
  const words: string[] = [];
  for (const raw of text.split(/\s+/)) {
    const word = raw.replace(/['’]s?$/, '').replace(/[^\p{L}-]+$/u, '');
    if (!word || PHRASE_STOP.has(word.toLowerCase())) break;
    words.push(termOf(word.toLowerCase()));
    if (word !== raw) break;
  }
  return words;
}

/** Years of the question that qualify a noun placed after them ("the 2032 forum" → forum). */
export function yearPhrases(text: string): YearPhrase[] {
  const out: YearPhrase[] = [];
  YEAR_BEFORE_NOUN.lastIndex = 0;
  for (const m of text.matchAll(YEAR_BEFORE_NOUN)) {
    const words = phraseWords(m[2]);
    if (words.length) out.push({ year: m[1], words });
  }
  return out;
}

/**
 * Whether the sentence's `year` dates another thing than the question's dated noun: the year is tied
 * to a noun that is none of the asked phrase's words, and the sentence names the asked noun apart
 * from it ("The forum marked ten years of the guild founded in 2022" does not date the forum).
 */
export function yearOfOtherNoun(year: string, sentence: string, asked: YearPhrase[]): boolean {
  if (!asked.length) return false;
  const tied: string[] = [];
  NOUN_BEFORE_YEAR.lastIndex = 0;
  for (const m of sentence.matchAll(NOUN_BEFORE_YEAR))
    if (m[2] === year) tied.push(termOf(m[1].toLowerCase()));
  YEAR_BEFORE_NOUN.lastIndex = 0;
  for (const m of sentence.matchAll(YEAR_BEFORE_NOUN)) {
    if (m[1] !== year) continue;
    const w = phraseWords(m[2]);
    if (w.length) tied.push(w[w.length - 1]);
  }
  if (!tied.length) return false;
  const present = new Set(
    (sentence.toLowerCase().match(/[\p{L}][\p{L}'’-]*/gu) ?? []).map((w) => termOf(w.replace(/['’]s?$/, ''))),
  );
  return asked.every(
    (p) =>
      tied.every((t) => !p.words.includes(t)) && p.words.some((w) => present.has(w) && !tied.includes(w)),
  );
}

/** "Why is X regarded as…", "when did X recognise…": the one country the question makes the subject
 *  of its verb. */
export interface SubjectAct {
  country: string;
  /** The verb's term. */
  verb: string;
}

const WH_SUBJECT =
  /^(?:(?:and|so|but)\s+)?(?:why|how|when|since when|where)\s+(?:is|are|was|were|has|have|had|did|does|do)\s+([\p{Lu}][\p{L}]+(?:\s+[\p{Lu}][\p{L}]+)?)\s+([a-z]{3,})\b/iu;

export function subjectActOf(request: string): SubjectAct | undefined {
  const m = WH_SUBJECT.exec(request.trim());
  if (!m) return undefined;
  const country = canonicalCountry(m[1]);
  if (!country || /^(?:and|or|of|to|in|with|for)$/i.test(m[2])) return undefined;
  return { country, verb: termOf(m[2].toLowerCase()) };
}

const SUBJECT_BEFORE_VERB =
  /([\p{Lu}][\p{L}]+(?:\s+[\p{Lu}][\p{L}]+)?)\s+(?:(?:is|are|was|were|has|have|had)\s+)?(?:(?:been|also|now|long|widely|often)\s+)*([a-z]{3,})\b/gu;

/** False when the sentence gives the asked verb to another country as its subject ("Y is
 *  regarded…" for "why is X regarded…") and never to the asked one. */
export function subjectAgrees(asked: SubjectAct, sentence: string): boolean {
  let rival = false;
  SUBJECT_BEFORE_VERB.lastIndex = 0;
  for (const m of sentence.matchAll(SUBJECT_BEFORE_VERB)) {
    if (termOf(m[2]) !== asked.verb) continue;
    const country = canonicalCountry(m[1]);
    if (!country) continue;
    if (country === asked.country) return true;
    rival = true;
  }
  return !rival;
}

/** "When did X visit…", "what proposed X…": a named office holder and the verb the question
 *  gives them. A sentence that only names the person (in a list of guests, beside another's act)
 *  reports something else; the answer states the act. */
export interface PersonAct {
  name: string;
  /** The verb's term. */
  verb: string;
}

const SURNAMES = new Set(LEADER_SURNAMES);
const WH_WORDS = new Set(['what', 'when', 'where', 'why', 'how', 'which', 'whom']);
const AUXILIARIES = new Set(
  'did does do has have had will would can could should is are was were'.split(' '),
);
const bare = (w: string) => w.replace(/^@/, '').replace(/['’]s$/, '');
const isPerson = (w: string) => SURNAMES.has(bare(w)) || leaderNamed(bare(w)) !== undefined;

// Verbs that carry little of the act themselves ("make a visit", "play a role", "say"): the noun or
// the clause after them says what was done, in words an answer need not repeat.
const LIGHT_VERBS = new Set(
  `make made take took play played want wanted have had give gave get got go went come came say said tell
  told hold held keep kept let put seem try call called do did be was were become became`.split(/\s+/),
);

// A word that can carry the act: a verb, not a function word, not itself a name.
const actWord = (w: string | undefined) =>
  w !== undefined &&
  !w.startsWith('@') &&
  w.length > 2 &&
  !STOP_WORDS.has(w) &&
  !LIGHT_VERBS.has(w) &&
  isVerb(w);

/** The acts the question gives the office holders it names, as a term per person. */
export function personActsOf(text: string, names: string[]): PersonAct[] {
  // A capitalised word is a name or a place ("Japan" is a verb too), never the act.
  const words = (text.match(/[\p{L}][\p{L}'’-]*/gu) ?? []).map((w, i) =>
    i > 0 && /^\p{Lu}/u.test(w) ? `@${w.toLowerCase()}` : w.toLowerCase().replace(/['’]s$/, ''),
  );
  const out: PersonAct[] = [];
  // "Who (besides X) came…": the asked person does the act, not the ones named.
  if (words[0] === 'who' && !AUXILIARIES.has(words[1] ?? '')) return out;
  for (const name of names) {
    if (!isPerson(name)) continue;
    const at = words.map(bare).lastIndexOf(name.split(/\s+/).pop() ?? name);
    if (at < 0) continue;
    // Names asked together ("X and Y") share one verb.
    let end = at;
    while (words[end + 1] === 'and' && words[end + 2] && isPerson(words[end + 2])) end += 2;
    let start = at;
    while (words[start - 1] === 'and' && words[start - 2] && isPerson(words[start - 2])) start -= 2;
    // English puts the verb right after its subject ("did X propose"); a question read from Russian
    // or Uzbek may put it, in the past tense, right before ("what proposed X") or last.
    // Right before, only as the question's own verb ("what proposed…"), not a qualifier ("under
    // chaired X", a lost "by").
    const past = (w: string | undefined) => (w?.endsWith('ed') && actWord(w) ? w : undefined);
    const asking = start === 1 || (start > 1 && WH_WORDS.has(words[start - 2]));
    const verb =
      [words[end + 1]].find(actWord) ??
      (asking ? past(words[start - 1]) : undefined) ??
      (end < words.length - 1 ? past(words.at(-1)) : undefined);
    if (verb) out.push({ name, verb: termOf(verb) });
  }
  return out;
}
