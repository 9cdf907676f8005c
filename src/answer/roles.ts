// What a detail is tied to. "The second summit" and "the second Action Plan" share an ordinal but
// not its noun; "Uzbek citizens" and "Japanese citizens" share a noun but not whose they are. The
// question's ties are read once; a sentence is read for the same ties only where it holds the noun
// or the ordinal, so the checks cost a few regular expressions per candidate sentence.
import { canonicalCountry, CENTRAL_ASIA, ORDINAL_WORDS } from '../lexicon/index.js';
import { termOf } from '../search/analyzer.js';

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

const ORDINAL_TOKEN = /\b([a-z]+|\d{1,2}(?:st|nd|rd|th))\b/gi;

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
