// Reads a question before it is searched: the request is separated from its wrapping (greetings,
// thanks, "can you tell me", a paragraph of context), a named source becomes a scope rather than
// search words, and the details the answer must agree with (its anchors) are picked out. Works on
// plain English text: translated questions arrive here as English too.
import { hasAnchors } from './agree.js';
import { type Intent, intentOf } from './intent.js';
import { canonicalCountry, countryOfCity, ORDINAL_WORDS, placesIn } from '../lexicon/index.js';
import { isOrdinaryWord, isProperNoun } from '../lexicon/wordnet.js';
import { CHAT_WORDS } from '../lexicon/aliases.js';
import {
  type OrdinalPhrase,
  ordinalPhrases,
  type PersonAct,
  personActsOf,
  type Role,
  rolesIn,
  type SubjectAct,
  subjectActOf,
  type YearPhrase,
  yearPhrases,
} from './roles.js';

export interface Anchors {
  /** Countries named (canonical), cities placing theirs. */
  countries: string[];
  cities: string[];
  /** Cities asked as where something happened ("in Bishkek", "the Astana meeting"), not as the
   *  government seated there ("does Astana fund…"): only the city itself places a quote. */
  venues?: string[];
  /** Four-digit years asked as points in time. */
  years: string[];
  /** Years asked as bounds ("before 2019", "since 2015", "by 2024"): a quote's year must fall within. */
  yearBounds?: YearBound[];
  /** Ordinals beyond "first" (which often means "earliest", not a count): "seventh", "8th" → "eighth". */
  ordinals: string[];
  /** Other proper names as typed (people, organisations, documents), folded to lower case. */
  names: string[];
  /** Figures other than years ("7.5", "24"), as digits. */
  figures: string[];
  /** What each ordinal qualifies ("second summit"): an ordinal of another noun is no match, nor a rival. */
  phrases?: OrdinalPhrase[];
  /** The one country a "why is X regarded…" question makes the subject of its verb. */
  subject?: SubjectAct;
  /** What each asked year qualifies ("the 2032 forum"): a sentence's year of another noun is no rival. */
  yearPhrases?: YearPhrase[];
  /** Whose nouns are asked about ("Uzbek citizens"): the same noun given to another owner disagrees. */
  roles?: Role[];
  /** Names standing as the question's subject ("when did Japarov visit…"): another office holder
   *  named in their place is a rival, as another country is. A name that only qualifies ("the summit
   *  chaired by…", "besides…") binds through the passage alone. */
  actors?: string[];
  /** What the question asks a named office holder to have done: the answer states that act. */
  acts?: PersonAct[];
  /** Countries whose capital is asked for ("the capital of X", "X's capital"): the answer names it as such. */
  capitalOf?: string[];
}

export interface YearBound {
  year: number;
  /** The quote's year may be at most (`until`) or at least (`from`) this one. */
  side: 'until' | 'from';
}

// "before 2019" ends the period the year before, "since 2015" starts it that year. "By 2024" is no
// bound: a count as of 2018 does not answer how many there were by 2024.
const BOUND_WORDS: Record<string, { side: YearBound['side']; shift: number }> = {
  before: { side: 'until', shift: -1 },
  'prior to': { side: 'until', shift: -1 },
  after: { side: 'from', shift: 1 },
  since: { side: 'from', shift: 0 },
};
const BOUNDED_YEAR = new RegExp(
  `\\b(${Object.keys(BOUND_WORDS).join('|')})\\s+(?:(?:the\\s+)?(?:end|start|beginning|middle)\\s+of\\s+)?(1[89]\\d{2}|20\\d{2})\\b`,
  'gi',
);

export interface ReadQuestion {
  raw: string;
  /** About a piece of writing itself: its author, outlet, date, title or sources. */
  aboutWriting: boolean;
  /** Asks who wrote a piece: only an article's record, where its author is named, can answer. */
  asksAuthor: boolean;
  /** Asks where a piece appeared or what it cites: only its record (outlet, date, references) answers. */
  asksOutlet: boolean;
  /** A web page's own controls pasted as a question ("Leave a reply", "Subscribe to…"): no request. */
  chrome: boolean;
  /** The request alone: wrapping and source scoping removed. */
  request: string;
  /** Nothing to look up: a greeting, thanks, or a question about the bot itself. */
  smalltalk: boolean;
  /** The words that name a source ("The Diplomat", "the UzDaily piece", "Alimov's review"). */
  scope?: string;
  asks: Intent;
  /** What a long message tells before it asks: searched with less weight, never bound to. */
  background?: string;
  /** The noun a "which/what X …" or "how many X" question asks for ("which anniversary…" → anniversary):
   *  an answer names one. */
  head?: string;
  anchors: Anchors;
}

// Openers and closers that carry courtesy, not content. Each is anchored to the start or end of the
// text so the same words inside a question are kept.
const LEADING_WRAPPERS: RegExp[] = [
  /^(?:hi|hello|hey|hiya|howdy|greetings|yo|dear (?:bot|desk|sir|madam))(?: there| all| again| everyone)?\b[\s,!.:;—–-]*/i,
  /^good (?:morning|afternoon|evening|day)\b[\s,!.:;—–-]*/i,
  /^(?:thanks|thank you|thx|ty|cheers|many thanks)(?: (?:so|very) much| a lot| again)?\b[\s,!.:;—–-]*/i,
  /^(?:that'?s|that is|this is|very|really) (?:(?:very|really|so|super) )?(?:useful|helpful|great|interesting|good|nice|clear)\b[\s,!.:;—–-]*/i,
  /^(?:that|this|it) (?:helps|helped|works|worked|answers it|is (?:it|all|enough))\b[\s,!.:;—–-]*/i,
  /^(?:ok(?:ay)?|cool|great|nice|right|alright|got it|i see|sure|so|well|also|one more thing|another (?:one|question)|next)\b[\s,!.:;—–-]+/i,
  /^(?:and\s+)?(?:(?:a\s+)?quick (?:one|q|question)|question)\b[\s,!.:;—–-]*/i,
  /^(?:(?:i'?m )?sorry|apologies|excuse me)(?: if this is [^,.!?]{0,40})?[\s,!.:;—–-]*(?:but\s+)?/i,
  /^(?:please\s+)?(?:can|could|would|will) you(?: please| kindly)? (?:tell|remind|show|explain to|let) me\s+(?:know\s+)?/i,
  /^(?:please\s+)?(?:can|could|would|will) you(?: please| kindly)?\s+(?=(?:explain|describe|summari[sz]e|list|name|find|say)\b)/i,
  /^(?:i'?d like to know|i would like to know|i want to know|i wonder(?:ed)?|i was wondering|i'?m wondering|do you know|any idea|tell me|please tell me|remind me)\b[\s,:]*/i,
  /^please\s+/i,
];
const TRAILING_WRAPPERS: RegExp[] = [
  /[\s,;:.!—–-]*(?:thanks|thank you|thx|cheers|many thanks)(?: (?:so|very) much| a lot| in advance| again)?[\s.!]*$/i,
  /[\s,;:—–-]+please[\s.!?]*$/i,
];

// An indirect question inside a longer message ("…and I need to know when exactly the regime
// started"): the request starts at the question word.
const EMBEDDED =
  /\b(?:know|find out|understand|check|confirm|clarify|learn|tell me|remind me|figure out|wondering|curious|sure|ask(?:ing)?|explain)\s+(?:about\s+)?(?=(?:when|what|which|who|whom|whose|where|why|how|whether|if)\b)/gi;

// Small talk: the whole message is courtesy or about the bot itself.
const SMALLTALK =
  /^(?:how are you(?: doing)?|how'?s it going|what'?s up|who are you|what are you|what can you do|what do you do|what do you know|help|test(?:ing)?|ping|bye|goodbye|see you|good night|ok(?:ay)?|cool|great|nice|wow|lol|yes|no|sure|awesome|perfect|got it)[\s?!.]*$/i;

// A source named by outlet or author ("according to The Diplomat", "in the UzDaily piece", "in
// Alimov's review of the Tokyo summit", "what does the UzDaily article say about …").
const WORK =
  '(?:piece|article|report|review|write-?up|story|text|paper|analysis|essay|op-?ed|item|post|coverage)';
const SCOPES: RegExp[] = [
  /\b(?:[Aa]ccording to|[Aa]s (?:reported|told|written) (?:by|in)|[Aa]s per)\s+((?:the\s+)?[\p{Lu}\p{N}][\p{L}\p{N}.'’-]*(?:\s+[\p{Lu}\p{N}][\p{L}\p{N}.'’-]*){0,3}(?:['’]s)?(?:\s+(?:piece|article|report|review|write-?up|story|analysis))?)[\s,]*/u,
  new RegExp(
    `\\b(?:[Ii]n|[Ff]rom|[Bb]y|[Oo]f)\\s+((?:the\\s+)?[\\p{Lu}\\p{N}][\\p{L}\\p{N}.'’-]*(?:\\s+[\\p{Lu}\\p{N}][\\p{L}\\p{N}.'’-]*){0,3}(?:['’]s)?\\s+${WORK})(?:\\s+(?:on|about|of)\\s+(?:the\\s+)?[^,?]{3,60}?)?(?=[,?]|\\s+(?:what|which|who|when|where|why|how|does|did|is|are|was|were)\\b)[\\s,]*`,
    'u',
  ),
  new RegExp(`\\b((?:the\\s+)?[\\p{Lu}][\\p{L}\\p{N}.'’-]*(?:['’]s)?\\s+${WORK})\\b`, 'u'),
];

// A page's controls and notices: an imperative to the reader about the page itself, or a counter.
const CHROME =
  /^(?:please\s+)?(?:enter|leave|post|write|add|submit|subscribe|sign (?:in|up)|log ?in|log ?out|register|click|tap|share|follow|like|read more|load more|show more|see more|skip|accept|reject|exit|close|open|stay (?:up to date|tuned|connected)|download|print|email|copy)\b(?!.*\?)|^(?:comments?|replies|shares|views|likes)\s*\(?\d*\)?$|^currency rates\b/i;

const ASKS_AUTHOR =
  /^(?:who|which \w+)\b.*\b(?:wr(?:ote|itten)|authored)\b|\b(?:who|which \w+) (?:is|are|was|were) the authors?\b|\bauthors? of\b/i;

const ASKS_OUTLET =
  /\b(?:which|what) (?:outlet|publication|newspaper|website|site|magazine|journal|media outlet|news (?:site|outlet|agency|agencies))\b.*\b(?:publish(?:ed|es)?|ran|carried|cites?|cited|quotes?|quoted)\b|\bwho published\b|\b(?:does|did) (?:the|this|that|his|her|their) (?:article|piece|report|review|analysis|paper) (?:cite|quote)\b/i;

// Words that ask about the article rather than what it reports.
const ABOUT_WRITING =
  /\b(?:author(?:s|ed)?|wr(?:ote|itten|iter|ites|ite)|publish(?:ed|er|es)?|outlet|journalist|byline|articles?|pieces?|write-?up|reports?|reviews?|titled?|sources?|cit(?:e|es|ed|ing)|references?|footnotes?|accessed|for a living|job|position|works? (?:at|for)|affiliat\w*)\b/i;

function stripWrapping(text: string): string {
  let out = text.trim();
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of LEADING_WRAPPERS) {
      const next = out.replace(re, '');
      if (next !== out && next.trim()) {
        out = next.trim();
        changed = true;
      }
    }
    for (const re of TRAILING_WRAPPERS) {
      const next = out.replace(re, '');
      if (next !== out && next.trim()) {
        out = next.trim();
        changed = true;
      }
    }
  }
  return out;
}

/** The sentence of a long message that asks: a question mark, else an indirect question. */
function requestOf(text: string): string {
  const sentences = text.split(/(?<=[.!?])\s+(?=\S)/).filter((s) => s.trim());
  if (sentences.length > 1) {
    const asking = sentences.filter((s) => /\?\s*$/.test(s));
    if (asking.length) return asking.map(stripWrapping).join(' ');
  }
  let cut = -1;
  for (const m of text.matchAll(EMBEDDED)) cut = m.index + m[0].length;
  // Only a long message is cut: a short one ("do you know when…") has lost its wrapper already.
  if (cut > 0 && text.split(/\s+/).length > 14) return text.slice(cut).trim();
  return text;
}

// One long sentence that tells its story before it asks ("I'm writing a note on X, and I keep reading
// about Y, but I can't find it - was there anything on Y at the forum?"): the question is the clause
// after the last break that opens like a question.
const CLAUSE_BREAK =
  /(?:\s[-–—]+\s|;\s+|,\s+but\s+|:\s+)(?=(?:(?:so|and|but)\s+)?(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|can|could|has|have|had|will|would)\b)/gi;
const LONG_MESSAGE_WORDS = 30;

/** The asking clause of a long one-sentence message and the story before it, or undefined. */
function askingClause(text: string): { request: string; background: string } | undefined {
  if (text.split(/\s+/).length <= LONG_MESSAGE_WORDS) return undefined;
  let cut: { at: number; end: number } | undefined;
  for (const m of text.matchAll(CLAUSE_BREAK)) cut = { at: m.index, end: m.index + m[0].length };
  if (!cut) return undefined;
  const request = text.slice(cut.end).trim();
  if (request.split(/\s+/).length < 4) return undefined;
  return { request, background: text.slice(0, cut.at).trim() };
}

/** Nothing but greetings and thanks ("hi!", "thanks, that's useful"). */
function courtesyOnly(text: string): boolean {
  if (!/\p{L}/u.test(text)) return false;
  let out = text.trim();
  for (let i = 0; i < 6; i++) {
    for (const re of [...LEADING_WRAPPERS, ...TRAILING_WRAPPERS]) out = out.replace(re, '').trim();
  }
  return !out.replace(/[\s\p{P}\p{S}]+/gu, '');
}

const YEAR = /\b(1[89]\d{2}|20\d{2})(?:s\b)?/g;
const ORDINAL_DIGITS = /\b(\d{1,2})(?:st|nd|rd|th)\b/gi;
const FIGURE = /(?<![\p{L}\d.])\d+(?:[.,]\d+)*(?!\d)/gu;
const NUMBER_OF_ORDINAL = new Map(Object.entries(ORDINAL_WORDS).map(([w, n]) => [n, w]));

// Capitalised words that start a question or phrase it, never names.
const NOT_NAMES = new Set(
  `what which who whom whose when where why how is are was were do does did can could would will should has
  have had i in on at of the a an and or to for by from with about according tell please name list give
  show explain describe summarize summarise dear mr mrs ms dr prof president minister prime foreign
  january february march april may june july august september october november december
  monday tuesday wednesday thursday friday saturday sunday central asia asian`.split(/\s+/),
);

function namesIn(text: string): string[] {
  const out: string[] = [];
  // Hyphenated compounds are read part by part: "Asia-Japan" is two places, "Kassym-Jomart" two names.
  const tokens = [...text.matchAll(/[\p{L}][\p{L}\p{N}'’]*/gu)];
  tokens.forEach((m, i) => {
    // "CA+Japan", "C5 + 1": part of a format's name, which the analyzer reads as one term.
    const end = m.index + m[0].length;
    if (/^\s*(?:\+|plus\b)/i.test(text.slice(end)) || /\+\s*$/.test(text.slice(0, m.index))) return;
    const word = m[0].replace(/['’]s?$/, '');
    if (word.length < 2 || !/^\p{Lu}/u.test(word)) return;
    // The first word of the question is capitalised by grammar, not by name, unless it is all capitals.
    if (i === 0 && !/^\p{Lu}{2,}$/u.test(word)) return;
    const lower = word.toLowerCase();
    // Quarters and halves of a year ("Q1", "H2") are dates, not names.
    if (NOT_NAMES.has(lower) || /^[qh][1-4]$/.test(lower) || /^[ivx]+$/.test(lower)) return;
    // A capitalised ordinary word ("Summit", "Action Plan", "Blue Book") names a thing the way a
    // title does; only words no dictionary has (people, acronyms) are anchors.
    if (/^\p{Lu}{2,}$/u.test(word) ? false : isOrdinaryWord(lower) && !isProperNoun(word)) return;
    out.push(lower);
  });
  return out;
}

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** Place names typed in lower case ("trade uzbekistan japan") are still places. */
function withPlacesCapitalised(text: string): string {
  return text.replace(/(?<![\p{L}])\p{Ll}[\p{L}'’]+/gu, (w) =>
    canonicalCountry(w) || countryOfCity(capitalise(w)) ? capitalise(w) : w,
  );
}

export function anchorsOf(typed: string): Anchors {
  const text = withPlacesCapitalised(typed);
  const all = placesIn(text);
  // A city places its country, but "the Dushanbe meeting" asks about a place, not about Tajikistan:
  // the city is the anchor, its country only when named as well.
  let bare = text;
  for (const c of all.cities) bare = bare.replaceAll(c, ' ');
  const places = { countries: placesIn(bare).countries, cities: all.cities };
  const yearBounds: YearBound[] = [];
  for (const m of text.matchAll(BOUNDED_YEAR)) {
    const { side, shift } = BOUND_WORDS[m[1].toLowerCase()];
    yearBounds.push({ year: Number(m[2]) + shift, side });
  }
  const bounded = new Set([...text.matchAll(BOUNDED_YEAR)].map((m) => m[2]));
  const years = [...new Set([...text.matchAll(YEAR)].map((m) => m[1]))].filter((y) => !bounded.has(y));
  const ordinals = new Set<string>();
  for (const w of text.toLowerCase().match(/\b[a-z]+(?:th|st|nd|rd)\b/g) ?? []) {
    if (w in ORDINAL_WORDS && w !== 'first') ordinals.add(w);
  }
  for (const m of text.matchAll(ORDINAL_DIGITS)) {
    const w = NUMBER_OF_ORDINAL.get(Number(m[1]));
    if (w && w !== 'first') ordinals.add(w);
  }
  // A date written in figures ("18/12/2025") is a date: its year counts, its day and month are no figures.
  const figureText = text.replace(/\b\d{1,2}[./-]\d{1,2}[./-](\d{2,4})\b/g, ' $1 ');
  const figures = [...figureText.matchAll(FIGURE)]
    .map((m) => m[0].replace(/,(?=\d{3}\b)/g, ''))
    // A lone digit is a count in words' clothing ("C5+1", "top 3"); longer figures are anchors.
    .filter((f) => !years.includes(f) && !bounded.has(f) && f.length > 1);
  const placeWords = new Set(
    [...places.countries, ...places.cities].flatMap((p) => p.toLowerCase().split(/[\s-]+/)),
  );
  const names = namesIn(text).filter(
    (n) => !placeWords.has(n) && placesIn(n[0].toUpperCase() + n.slice(1)).countries.length === 0,
  );
  return {
    countries: places.countries,
    cities: places.cities,
    venues: places.cities.filter((c) => asVenue(text, c)),
    years,
    yearBounds,
    ordinals: [...ordinals],
    names: [...new Set(names)],
    figures: [...new Set(figures)],
    phrases: ordinalPhrases(text),
    yearPhrases: yearPhrases(text).filter((p) => years.includes(p.year)),
    subject: subjectActOf(text),
    roles: rolesIn(text),
    actors: actorsIn(text).filter((n) => names.includes(n)),
    acts: personActsOf(text, [...new Set(names)]),
    capitalOf: capitalsAsked(text),
  };
}

// "the capital of X", "the capital city of X", "X's capital": a city asked for, not capital as money.
const CAPITAL_OF =
  /\bcapital(?:\s+city)?\s+of\s+(?:the\s+)?(\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?)|(\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?)['’]s\s+capital\b/gu;

function capitalsAsked(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(CAPITAL_OF)) {
    const words = (m[1] ?? m[2]).split(/\s+/);
    // "the capital of Japan and …": the longest run of words that names a country
    const country = canonicalCountry(words.join(' ')) ?? canonicalCountry(words[0]);
    if (country) out.add(country);
  }
  return [...out];
}

const VENUE_BEFORE = /\b(?:in|at|to|from|near|outside|inside|around|hosted by)\s+(?:the\s+)?$/i;
const VENUE_AFTER =
  /^(?:['’]s\s+)?\s*(?:leaders['’]?\s+|heads['’]?\s+)?(?:summit|meeting|gathering|forum|conference|talks|session|visit|event|ceremony|round|dialogue)s?\b/i;

/** The city is where something happened in the question, wherever it stands in it. */
function asVenue(text: string, city: string): boolean {
  for (let at = text.indexOf(city); at >= 0; at = text.indexOf(city, at + city.length)) {
    if (VENUE_BEFORE.test(text.slice(0, at)) || VENUE_AFTER.test(text.slice(at + city.length).trimStart()))
      return true;
  }
  return false;
}

const ACTOR =
  /(?:\b(?:[Dd]id|[Dd]oes|[Dd]o|[Hh]as|[Hh]ave|[Hh]ad|[Ww]as|[Ii]s|[Ww]ere|[Ww]ill|[Ww]ould|[Cc]an|[Cc]ould)\s+|^(?:[Ww]hen|[Ww]here|[Ww]hy|[Hh]ow|[Ww]hat)\s+)(?:(?:President|Prime Minister|PM|Minister|Mr\.?|Ms\.?)\s+)?((?:\p{Lu}[\p{L}-]+\s+)?\p{Lu}[\p{L}-]+)(?=\s+\p{Ll})/gu;

/** Names right after the auxiliary (or the wh-word) of the question: who does what is asked about. */
function actorsIn(text: string): string[] {
  ACTOR.lastIndex = 0;
  return [...text.trim().matchAll(ACTOR)].map((m) => (m[1].split(/\s+/).pop() ?? '').toLowerCase());
}

function unChat(text: string): string {
  return text.replace(
    /(?<![\p{L}\p{N}])(?:w\/o|w\/|[a-z]{1,4}\d?)(?![\p{L}\p{N}/])/gu,
    (w) => CHAT_WORDS[w] ?? w,
  );
}

// Words that end the asked noun phrase: auxiliaries, and verbs in the past tense that do not end in -ed.
const PHRASE_ENDS = new Set(
  `is are was were be been being do does did has have had will would can could should may might must
  came went took gave made got led held met sent set put brought began grew rose fell saw won paid spent
  left became kept told found stood ran drew bought sold built`.split(/\s+/),
);
const NOT_HEADS = new Set([
  'the',
  'a',
  'an',
  'of',
  'in',
  'on',
  'for',
  'to',
  'about',
  'kind',
  'sort',
  'type',
  'one',
  'ones',
]);

// Nouns that name the kind of answer rather than a word it holds: "which country" is answered by a
// country's name, "which year" by a year; the noun itself is rarely in the quote.
const ANSWER_KINDS = new Set(
  `country countries nation nations state states city cities town place region year years month
  day date time times person people leader leaders official officials minister ministers president one`.split(
    /\s+/,
  ),
);

/** "Which Tajik news agency does…" → agency; "how much capital…" → capital; "what did…" → none. */
export function askedHead(request: string): string | undefined {
  const m = /^(?:(?:and|so|but)\s+)?(?:which|what|how many|how much)\s+(.+)$/i.exec(request.trim());
  if (!m) return undefined;
  const words = m[1].split(/\s+/).map((w) => w.replace(/[?!.,;:]+$/, ''));
  let head: string | undefined;
  for (const [i, raw] of words.slice(0, 5).entries()) {
    const w = raw.toLowerCase();
    if (PHRASE_ENDS.has(w) || (i > 0 && /ed$/.test(w))) return head;
    if (NOT_HEADS.has(w) || !/^[\p{L}-]+$/u.test(w)) return head;
    head = w;
  }
  return words.length <= 5 ? head : undefined;
}

/** The asked head, when it is a word an answer would hold rather than the kind of answer it is. */
function headOf(request: string): string | undefined {
  const head = askedHead(request);
  return head && !ANSWER_KINDS.has(head) ? head : undefined;
}

/** Reads one question on its own. */
export function readQuestion(raw: string): ReadQuestion {
  const text = unChat(raw.replace(/\s+/g, ' ').trim());
  let request = stripWrapping(requestOf(stripWrapping(text)));
  const clause = askingClause(request);
  if (clause) request = clause.request;
  let scope: string | undefined;
  for (const re of SCOPES) {
    const m = re.exec(request);
    if (!m) continue;
    scope = m[1].replace(/^the\s+/i, '').trim();
    request = `${request.slice(0, m.index)} ${request.slice(m.index + m[0].length)}`
      .replace(/\s+/g, ' ')
      .trim();
    break;
  }
  const smalltalk = SMALLTALK.test(request) || courtesyOnly(text);
  return {
    raw,
    request,
    smalltalk,
    scope,
    aboutWriting: ABOUT_WRITING.test(request),
    chrome: CHROME.test(request),
    asksAuthor: ASKS_AUTHOR.test(request),
    asksOutlet: ASKS_OUTLET.test(request),
    asks: intentOf(request),
    head: headOf(request),
    anchors: anchorsOf(request),
    background: clause?.background,
  };
}

/** A question read in the context of the earlier ones of its dialog: what it asks, and what it leans on. */
export interface DialogQuestion extends ReadQuestion {
  /** The earlier request this one leans on (searched with less weight), if it is a follow-up. */
  context?: string;
}

// "and in 2024?", "what about Kazakhstan?", "and with Tajikistan?": the same question about another
// place, year or party.
const ELLIPSIS =
  /^(?:(?:and|but|or|also|so)\s+)?(?:(?:what|how)\s+about|what\s+of)\s+(.+)$|^(?:and|or|also|plus)\s+(?!(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|can|could|has|have|had)\b)(.+)$/i;
// A pronoun or demonstrative standing for something named earlier.
const LEANS_BACK =
  /\b(?:it|its|they|them|their|this|that|these|those|he|him|his|she|her|there|then|one|ones|anyone|anybody|anything|the latter|the former|the same)\b/i;
const WH = /^(?:(?:and|but|so|also)\s+)?(?:what|which|who|whom|whose|when|where|why|how|in what|in which)\b/i;

function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}+]+/u)
    .filter(
      (w) =>
        w.length > 2 &&
        !NOT_NAMES.has(w) &&
        !/^(?:and|but|also|about|anyone|anything|there|then|that|this|with|from|into|been|have|has|had|did|does|was|were|the)$/.test(
          w,
        ),
    );
}

/** Removes the asked details of one kind from a request ("… to Tajikistan in 2015" → "… to in 2015"). */
function withoutAnchors(request: string, anchors: Anchors, replacing: Anchors): string {
  let out = request;
  if (replacing.years.length) for (const y of anchors.years) out = out.replaceAll(y, ' ');
  if (replacing.countries.length || replacing.cities.length) {
    const old = new Set([...anchors.countries.filter((c) => c !== 'Japan'), ...anchors.cities]);
    out = out.replace(/[\p{Lu}][\p{L}'’]*(?:[\s-][\p{Lu}][\p{L}'’]*)?/gu, (w) => {
      const p = placesIn(w);
      return [...p.countries, ...p.cities].some((x) => old.has(x)) ? ' ' : w;
    });
  }
  if (replacing.ordinals.length) {
    for (const o of anchors.ordinals) out = out.replace(new RegExp(`\\b${o}\\b`, 'gi'), ' ');
  }
  if (replacing.names.length) {
    for (const n of anchors.names) out = out.replace(new RegExp(`\\b${n}\\b`, 'gi'), ' ');
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Whether a message reads as a follow-up of the one before (an ellipsis, a pronoun, a bare phrase). */
export function leansOn(question: string, previous: string): boolean {
  const q = readInDialog(question, [previous]);
  return q.context !== undefined || q.request !== readQuestion(question).request;
}

/**
 * Reads `question` after `previous` (the dialog's earlier questions, oldest first). An ellipsis is the
 * earlier request with the new detail in place of the old; a question that leans on an earlier one
 * (a pronoun, or too few words of its own) keeps its own words and is searched with the earlier
 * request as context, and the earlier anchors it does not replace still bind the answer.
 */
export function readInDialog(question: string, previous: string[] = []): DialogQuestion {
  const own = readQuestion(question);
  if (!previous.length || own.smalltalk) return own;
  const before = readInDialog(previous[previous.length - 1], previous.slice(0, -1));
  if (before.smalltalk) return own;
  const request = own.request.replace(/[?.!\s]+$/, '');
  const ellipsis = ELLIPSIS.exec(request);
  if (ellipsis && !WH.test(ellipsis[1] ?? ellipsis[2] ?? '')) {
    const detail = (ellipsis[1] ?? ellipsis[2]).trim();
    const added = anchorsOf(detail);
    // "and what about railways?" swaps the topic, not a detail: the earlier request is only context.
    if (!hasAnchors(added)) return leaning(own, before);
    const base = withoutAnchors(before.request, before.anchors, added);
    const merged = `${base.replace(/[?.!\s]+$/, '')} ${detail}`;
    return { ...readQuestion(merged), raw: question, scope: own.scope ?? before.scope, asks: before.asks };
  }
  const ownWords = contentWords(request);
  const leans = LEANS_BACK.test(request) || ownWords.length <= 2 || /^(?:and|but|also|so)\b/i.test(request);
  if (!leans) return own;
  return leaning(own, before);
}

/** A question that leans on the one before: its own words, the earlier request as context, and the
 *  earlier anchors it does not replace. */
function leaning(own: ReadQuestion, before: DialogQuestion): DialogQuestion {
  const a = own.anchors;
  const b = before.anchors;
  const anchors: Anchors = {
    countries: a.countries.length || a.cities.length ? a.countries : b.countries,
    cities: a.countries.length || a.cities.length ? a.cities : b.cities,
    venues: a.countries.length || a.cities.length ? a.venues : b.venues,
    // A follow-up asking when ("and when was the latest?") asks for another date than the one before.
    years: a.years.length || own.asks === 'when' ? a.years : b.years,
    yearPhrases: a.years.length || own.asks === 'when' ? a.yearPhrases : b.yearPhrases,
    yearBounds: a.years.length || a.yearBounds?.length || own.asks === 'when' ? a.yearBounds : b.yearBounds,
    ordinals: a.ordinals.length ? a.ordinals : b.ordinals,
    phrases: a.ordinals.length ? a.phrases : b.phrases,
    roles: a.roles?.length || a.countries.length ? a.roles : b.roles,
    names: a.names.length ? a.names : b.names,
    actors: a.names.length ? a.actors : b.actors,
    acts: a.names.length ? a.acts : b.acts,
    figures: a.figures.length ? a.figures : [],
  };
  // Where the follow-up brings its own place the earlier one's is not carried into the search.
  const context = withoutAnchors(before.request, b, a);
  return { ...own, anchors, context, scope: own.scope ?? before.scope };
}
