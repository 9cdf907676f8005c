// The text analyzer shared by indexing and querying, so a question and a passage meet on the same terms:
// case and diacritics folded, aliases and spellings brought to one form, stop words dropped, English stems.
import stem from 'wink-porter2-stemmer';
import { superlativeBase } from '../lexicon/wordnet.js';

// Text with no character past ASCII has nothing to decompose, no diacritics, curly quotes or dashes:
// folding it is lower-casing and the one ASCII quote to make plain (most of a library is such text).
const NON_ASCII = /[\u0080-\uffff]/;

/** Lower case without diacritics, with typographic quotes and dashes made plain. */
export function fold(text: string): string {
  if (!NON_ASCII.test(text)) {
    const lower = text.toLowerCase();
    return lower.includes('`') ? lower.replace(/`/g, "'") : lower;
  }
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”«»]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-');
}

// Multi-word names and spellings rewritten to one token before tokenizing. Indexed text keeps its own
// words and gains the alias token too (see `aliasTokens`), so either form of a question finds it.
// Each entry: a pattern over folded text, and the canonical token it stands for.
const PHRASE_ALIASES: [RegExp, string][] = [
  [/\bjapan international cooperation agency\b|\bjica\b/g, 'jica'],
  [/\bjapan external trade organi[sz]ation\b|\bjetro\b/g, 'jetro'],
  [/\bjapan bank for international cooperation\b|\bjbic\b/g, 'jbic'],
  [/\bjapan organi[sz]ation for metals and energy security\b|\bjogmec\b/g, 'jogmec'],
  [/\bcentral asia regional economic cooperation\b|\bcarec\b/g, 'carec'],
  [/\basian development bank\b|\badb\b/g, 'adb'],
  [/\beuropean bank for reconstruction and development\b|\bebrd\b/g, 'ebrd'],
  [/\bofficial development assistance\b|\boda\b/g, 'oda'],
  [/\bworld trade organi[sz]ation\b|\bwto\b/g, 'wto'],
  [/\bjoint credit mechanism\b|\bjcm\b/g, 'jcm'],
  [/\bunited nations\b|\bu\.n\.(?=\s|$)/g, 'un'],
  [/\bministry of foreign affairs\b|\bforeign ministry\b|\bmofa\b/g, 'mofa'],
  [/\bforeign ministers?\b|\bministers? of foreign affairs\b|\bfms?\b/g, 'foreignminister'],
  [/\bprime ministers?\b|\bpremiers?\b|\bpms?\b/g, 'primeminister'],
  [/\bheads? of (?:state|government)\b/g, 'leader'],
  [/\bset(?:s|ting)? up\b/g, 'establish'],
  [/\bcentral asia(?:n)?\s*(?:\+|plus)\s*japan\b|\bc5\s*\+\s*1\b|\bca\s*\+\s*japan\b/g, 'caj'],
  [/\bcentral asia(?:n)?\b|\bc5\b/g, 'centralasia'],
  [/\bsilk road\b/g, 'silkroad'],
  [/\bvisa[- ]free\b/g, 'visa free'],
  [/\bprisoners? of war\b|\bpows?\b|\binterned\b|\binternees?\b/g, 'internment'],
  [/\bworld war (?:ii|2|two)\b|\bsecond world war\b|\bwwii\b/g, 'ww2'],
  [/\bnur-?sultan\b/g, 'astana'],
  [
    /\b(?:take|takes|took|taken|taking) part\b|\bparticipat(?:e|es|ed|ing|ion|ions)\b|\battend(?:s|ed|ing|ance)?\b/g,
    'participate',
  ],
  // "how many times" asks for a count, not about multiples ("ten times").
  [/\bhow (?:many|much) times\b|\bhow often\b/g, 'how many'],
  // "how large", "how big": the size asked for, not a word to find.
  [/\bhow (?:large|big|high|huge|great|small|significant|important)\b/g, 'how much'],
  // "take place" says an event happened, like "happen" (a stop word): it is not about a place.
  [/\b(?:take|takes|took|taken|taking) place\b/g, ''],
  [/\bkyrgyz republic\b|\bkirghizia\b|\bkirgizia\b/g, 'kyrgyzstan'],
  // "Q1 2024" is the first quarter, as articles write it out.
  [/\bq1\b/g, 'first quarter'],
  [/\bq2\b/g, 'second quarter'],
  [/\bq3\b/g, 'third quarter'],
  [/\bq4\b/g, 'fourth quarter'],
  [/\bblue ?book\b/g, 'bluebook'],
  [/\bjvs?\b/g, 'joint venture'],
];

// Matches where any of the phrases does (none of their patterns captures or refers back): when it
// matches nowhere, no rewrite changes the text, so none need run. The word boundary that opens the
// alternatives is tested once per position rather than once per alternative: half the time, over every
// passage of a large library.
const PHRASE_SCREEN = screenOf(PHRASE_ALIASES.map(([pattern]) => pattern.source));

function screenOf(sources: string[]): RegExp {
  // Top-level alternatives: a "|" not inside a group (none of the patterns escapes a parenthesis).
  const alternatives = sources.flatMap((s) => s.split(/\|(?![^()]*\))/));
  const bounded = alternatives.filter((a) => a.startsWith('\\b')).map((a) => a.slice(2));
  const others = alternatives.filter((a) => !a.startsWith('\\b')).map((a) => `(?:${a})`);
  return new RegExp([`\\b(?:${bounded.join('|')})`, ...others].join('|'));
}

// Single-word spellings and derived forms that should meet: transliterations, demonyms, ordinals.
const WORD_ALIASES = new Map<string, string>(
  Object.entries({
    mirziyoev: 'mirziyoyev',
    mirzieev: 'mirziyoyev',
    mirziyayev: 'mirziyoyev',
    tokaev: 'tokayev',
    toqaev: 'tokayev',
    toqayev: 'tokayev',
    berdimuhamedov: 'berdimuhamedow',
    berdymukhamedov: 'berdimuhamedow',
    berdimuhammedov: 'berdimuhamedow',
    rakhmon: 'rahmon',
    rahmonov: 'rahmon',
    zhaparov: 'japarov',
    djaparov: 'japarov',
    toshkent: 'tashkent',
    ashkhabad: 'ashgabat',
    ashgabad: 'ashgabat',
    alma: 'almaty',
    kazakh: 'kazakhstan',
    kazakhstani: 'kazakhstan',
    kazak: 'kazakhstan',
    qazaqstan: 'kazakhstan',
    uzbek: 'uzbekistan',
    uzbekistani: 'uzbekistan',
    ozbekiston: 'uzbekistan',
    tajik: 'tajikistan',
    tadjik: 'tajikistan',
    tadjikistan: 'tajikistan',
    tajikistani: 'tajikistan',
    kyrgyz: 'kyrgyzstan',
    kirgiz: 'kyrgyzstan',
    kyrgyzstani: 'kyrgyzstan',
    kirghiz: 'kyrgyzstan',
    turkmen: 'turkmenistan',
    turkmenian: 'turkmenistan',
    turkmenistani: 'turkmenistan',
    japanese: 'japan',
    nippon: 'japan',
    afghan: 'afghanistan',
    russian: 'russia',
    chinese: 'china',
    mn: 'million',
    mln: 'million',
    bn: 'billion',
    bln: 'billion',
    trn: 'trillion',
    tn: 'trillion',
    usd: 'dollar',
    dollars: 'dollar',
    $: 'dollar',
    '1st': 'first',
    '2nd': 'second',
    '3rd': 'third',
    '4th': 'fourth',
    '5th': 'fifth',
    '6th': 'sixth',
    '7th': 'seventh',
    '8th': 'eighth',
    '9th': 'ninth',
    '10th': 'tenth',
    '15th': 'fifteenth',
    '20th': 'twentieth',
    partnership: 'partner',
    partnerships: 'partner',
    cooperative: 'cooperation',
    collaboration: 'cooperation',
    collaborate: 'cooperation',
    cooperate: 'cooperation',
    entry: 'enter',
    entered: 'enter',
    initiated: 'introduc',
    initiator: 'introduc',
    launch: 'introduc',
    launches: 'introduc',
    initiative: 'introduc',
    launched: 'introduc',
    hydroelectric: 'hydropow',
    hydro: 'hydropow',
    hydroelectricity: 'hydropow',
    aid: 'assist',
    chairman: 'chair',
    chairs: 'chair',
    pledge: 'pledge',
    pledged: 'pledge',
    pledges: 'pledge',
    promise: 'pledge',
    promised: 'pledge',
    promises: 'pledge',
    commit: 'pledge',
    committed: 'pledge',
    commits: 'pledge',
    commitment: 'pledge',
    allocate: 'pledge',
    allocated: 'pledge',
    grow: 'increase',
    grew: 'increase',
    growth: 'increase',
    grown: 'increase',
    increase: 'increase',
    increased: 'increase',
    rise: 'increase',
    rose: 'increase',
    risen: 'increase',
    found: 'establish',
    founded: 'establish',
    founding: 'establish',
    create: 'establish',
    created: 'establish',
    creation: 'establish',
    creating: 'establish',
    establishing: 'establish',
    establishment: 'establish',
    established: 'establish',
    establish: 'establish',
    open: 'inaugur',
    opened: 'inaugur',
    opening: 'inaugur',
    inaugurated: 'inaugur',
    inauguration: 'inaugur',
    deal: 'agreement',
    deals: 'agreement',
    accord: 'agreement',
    accords: 'agreement',
    pact: 'agreement',
    treaty: 'agreement',
    treaties: 'agreement',
    agreements: 'agreement',
    commerce: 'trade',
    commercial: 'trade',
    trip: 'visit',
    trips: 'visit',
    visited: 'visit',
    visits: 'visit',
    visiting: 'visit',
    leaders: 'leader',
    firm: 'compani',
    firms: 'compani',
    corporations: 'compani',
    corporation: 'compani',
    businesses: 'compani',
    ministerial: 'minist',
    ministries: 'ministri',
    hosted: 'host',
    hosts: 'host',
    hosting: 'host',
    aim: 'goal',
    aims: 'goal',
    aimed: 'goal',
    aiming: 'goal',
    goals: 'goal',
    target: 'goal',
    targets: 'goal',
    met: 'meet',
    held: 'hold',
    holds: 'hold',
    began: 'begin',
    begun: 'begin',
    led: 'lead',
    built: 'build',
    sent: 'send',
    paid: 'pay',
    spent: 'spend',
    // In trade, what a country sells abroad is its exports and what it buys its imports.
    sell: 'export',
    sells: 'export',
    sold: 'export',
    selling: 'export',
    exports: 'export',
    exported: 'export',
    exporting: 'export',
    buy: 'import',
    buys: 'import',
    bought: 'import',
    buying: 'import',
    imports: 'import',
    imported: 'import',
    importing: 'import',
    brought: 'bring',
    chose: 'choos',
    chosen: 'choos',
    won: 'win',
    signed: 'sign',
    // A country's frontier is its border, as the field writes it.
    frontier: 'border',
    frontiers: 'border',
    borders: 'border',
    wrote: 'write',
    written: 'write',
    writes: 'write',
    writing: 'write',
    writer: 'author',
    writers: 'author',
    authors: 'author',
    authored: 'author',
    signing: 'sign',
    took: 'take',
    taken: 'take',
    suggest: 'propos',
    suggested: 'propos',
    suggestion: 'propos',
    proposal: 'propos',
    proposals: 'propos',
  }),
);

// Function words and question words: they say how a question is asked, not what it is about.
export const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being
  below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during
  each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
  herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most
  mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same shan't she
  she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then there
  there's these they they'd they'll they're they've this those through to too under until up very was wasn't we
  we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's
  with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves
  tell me please know anything info information about many much whose since ever yet just kind sort
  happen happens happened happening occur occurs occurred become becomes became get got give gave
  money amount sum end beginning kind type way thing things something exactly actually specifically
  today nowadays
  across along among amongst around toward towards upon within without via throughout beyond beside besides
  onto whether already still even perhaps maybe quite rather almost really finally eventually together every
  either neither else thus hence however anyway now
  s t d ll re ve`.split(/\s+/),
);

const TOKEN = /[\p{L}\p{N}]+(?:[.,'][\p{L}\p{N}]+)*|\$(?=\s?\d)/gu;

// How a question frames the answer it wants ("in what year", "what does X stand for", "name the…"):
// words about the kind of answer, not about the topic. Dropped from questions only; the intent reader
// sees the question as typed.
const QUESTION_FRAMES: RegExp[] = [
  /\b(?:in |during |by )?(?:what|which) (?:year|month|date|day|time|period)\b/g,
  /\b(?:what|which) (?:city|town|place|venue|location|countr(?:y|ies)|nations?|states?)\b/g,
  /\bstands? for\b|\bis short for\b|\bwhat is meant by\b|\bdoes (.{1,40}) mean\b/g,
  /^\s*(?:please )?(?:name|list|give|show|tell me|describe|explain|summari[sz]e|define)\b/g,
  /\b(?:the )?(?:value|size|volume|amount|level|number|total number|share|percentage|proportion|fraction) of\b/g,
  /\b(?:what|which) (?:share|percentage|proportion)\b/g,
  /\b(?:last|this|next|previous|past) year\b/g,
  // "for how long": a duration asked for; "long" is not the topic ("long-term goals")
  /\b(?:for )?how (?:long|soon|far)\b/g,
  // "the capital city of X" asks for the capital; "city" is how it is asked, not what about
  /\b(capital) city\b/g,
];

function dropFrames(folded: string): string {
  let out = folded;
  // A frame that captures keeps what it captured ("does X mean": X is the topic).
  for (const frame of QUESTION_FRAMES) {
    out = out.replace(frame, (...args: unknown[]) => ` ${typeof args[1] === 'string' ? args[1] : ''} `);
  }
  return out;
}

// Queries are rewritten to the alias token alone; documents keep the phrase's own words beside it, so a
// question naming part of a phrase ("cooperation agency") still meets the passage.
function applyPhraseAliases(folded: string, keepPhrase: boolean): string {
  // Most text holds none of the phrases: one scan says so, where the rewrites would scan once each.
  if (!PHRASE_SCREEN.test(folded)) return folded;
  let out = folded;
  for (const [pattern, token] of PHRASE_ALIASES) {
    out = out.replace(pattern, (m) => (keepPhrase && m !== token ? ` ${token} ${m} ` : ` ${token} `));
  }
  return out;
}

/** Surface words of folded text: numbers keep their inner "." and "," ("7.5", "25,000"). */
export function words(text: string): string[] {
  const tokens = text.match(TOKEN) ?? [];
  // Most words hold no "." "," or "'" and start with no digit: they are words as they stand, and a text
  // of such words only (most passages of prose) is its tokens as matched.
  let plain = 0;
  while (plain < tokens.length && isPlainWord(tokens[plain])) plain++;
  if (plain === tokens.length) return tokens;
  const out = tokens.slice(0, plain);
  for (let k = plain; k < tokens.length; k++) {
    const w = tokens[k];
    if (isPlainWord(w)) out.push(w);
    else out.push(...tokenWords(w));
  }
  return out;
}

/** The words of one token of TOKEN that is not a plain word. */
export function tokenWords(token: string): string[] {
  // "25,000" is one number; "manganese,chromium" would not reach here (the regex needs a digit run).
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(token)) return splitNumberUnit(token.replace(/,/g, ''));
  // "UzDaily.com", "www.mofa.go.jp": a site's name is its words ("UzDaily"), as people write it.
  if (/^\p{L}{2,}(?:\.\p{L}{2,})+$/u.test(token)) return token.split('.');
  if (/[,']/.test(token)) return token.split(/[,']/).flatMap((part) => (part ? splitNumberUnit(part) : []));
  return splitNumberUnit(token);
}

/** A token none of the rules below would change: no ".", "," or "'", and not a number with a unit. */
export function isPlainWord(w: string): boolean {
  const first = w.charCodeAt(0);
  if (first >= 48 && first <= 57) return false;
  for (let i = 1; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c === 46 || c === 44 || c === 39) return false;
  }
  return true;
}

// "$230mn" → "230", "mn"; "3.3-fold" arrives as "3.3" and "fold" already.
function splitNumberUnit(word: string): string[] {
  const m = /^(\d+(?:\.\d+)?)(\p{L}+)$/u.exec(word);
  if (m && !/^(st|nd|rd|th|s)$/.test(m[2])) return [m[1], m[2]];
  return [word.replace(/\.$/, '')];
}

// Alias tokens are terms already: stemming could merge them with unrelated words ("internment" and
// "international" share the Porter stem "intern").
const ALIAS_TERMS = new Set([...PHRASE_ALIASES.map(([, t]) => t), ...WORD_ALIASES.values()].filter(Boolean));

// Stemming is the analyzer's main cost and a library repeats its words endlessly: remember each word's
// term. Bounded, because hostile input can bring any number of distinct words.
const TERM_CACHE_LIMIT = 200_000;
const termCache = new Map<string, string>();

// British and American spellings meet: "organised" and "organized" stem apart otherwise. Words that
// end in -ise without being -ize verbs are kept as they are.
const ISE_WORDS = new Set(
  `promise premise enterprise exercise otherwise expertise compromise advertise supervise televise surprise
  comprise franchise merchandise improvise despise revise devise advise concise precise chastise excise
  incise paradise treatise reprise demise`.split(/\s+/),
);
const ISE = /^(.{3,}?)is(e|es|ed|ing|ation|ations|er|ers)$/;

// "centre", "fibres", "metred": -tre and -bre are -ter and -ber ("genre", "acre" and "ogre" are not).
const TRE = /^(.{2,}?[tb])re(s|d)?$/;
// -our words spelt -or in American English; "tour", "four", "detour" and "devour" are not among them.
const OUR_WORDS = new Set(
  `labour colour favour honour neighbour behaviour harbour rumour vigour endeavour flavour humour odour
  savour splendour armour valour parlour clamour vapour rigour tumour`.split(/\s+/),
);
const OUR = /^(.{3,}?)our(s|ed|ing|able|ite|ites|hood|ly)?$/;

function americanSpelling(word: string): string {
  if (word === 'programme' || word === 'programmes') return word.slice(0, 7) + word.slice(9);
  const tre = TRE.exec(word);
  if (tre) return `${tre[1]}er${tre[2] === 'd' ? 'ed' : (tre[2] ?? '')}`;
  const our = OUR.exec(word);
  if (our && OUR_WORDS.has(`${our[1]}our`)) return `${our[1]}or${our[2] ?? ''}`;
  const m = ISE.exec(word);
  if (!m || word.length < 7 || ISE_WORDS.has(`${m[1]}ise`)) return word;
  return `${m[1]}iz${m[2]}`;
}

// The vocabulary of a library read from its cache: every word its passages hold, with the term this
// function gave it when the library was built (the cache's fingerprint covers this code), so a word met
// again is looked up there instead of stemmed: a start's first questions meet thousands of such words.
let knownTerm: ((word: string) => string | undefined) | undefined;

/** Lets termOf read the terms of words a loaded library already analyzed (the latest library given). */
export function useKnownTerms(lookup: (word: string) => string | undefined): void {
  knownTerm = lookup;
}

/** A word's index term: aliases first, then the stem. */
export function termOf(word: string): string {
  let term = termCache.get(word);
  if (term !== undefined) return term;
  term =
    knownTerm?.(word) ??
    WORD_ALIASES.get(word) ??
    // Not stemmed past 40 characters: no English word is that long, and the stemmer is quadratic in
    // the word's length (an 80 KB "a.b.a.b…" run took minutes to index).
    (ALIAS_TERMS.has(word) || /^\d/.test(word) || word.length > 40
      ? word
      : // "largest" and "large" meet: a superlative asks about the same quality.
        stem(word.endsWith('est') ? (superlativeBase(word) ?? word) : americanSpelling(word)));
  if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
  termCache.set(word, term);
  return term;
}

export interface AnalyzedWord {
  /** Folded surface word (after alias rewriting), before stemming. */
  word: string;
  term: string;
}

/** A surface word's index term, or undefined where analyzeWords drops it (a stop word, or its term is one). */
export function indexTerm(word: string): string | undefined {
  if (STOP_WORDS.has(word)) return undefined;
  const term = termOf(word);
  if (!term || STOP_WORDS.has(term)) return undefined;
  return term;
}

/**
 * The surface words of a text in `document` mode, stop words still in: analyzeWords(text, 'document') is
 * these words with indexTerm applied. For the index builder, which maps each distinct word once.
 */
export function documentWords(text: string): string[] {
  return words(documentText(text));
}

/** A document's text as its words are read from it: folded, aliased phrases marked. */
export function documentText(text: string): string {
  return applyPhraseAliases(fold(text), true);
}

/** Words and terms of a text, stop words removed, in order. `document` mode keeps aliased phrases' words. */
export function analyzeWords(text: string, mode: 'query' | 'document' = 'query'): AnalyzedWord[] {
  const out: AnalyzedWord[] = [];
  const folded = mode === 'query' ? dropFrames(fold(text)) : fold(text);
  for (const word of words(applyPhraseAliases(folded, mode === 'document'))) {
    const term = indexTerm(word);
    if (term !== undefined) out.push({ word, term });
  }
  return out;
}

/** Index terms of a text. */
export function analyze(text: string, mode: 'query' | 'document' = 'query'): string[] {
  return analyzeWords(text, mode).map((w) => w.term);
}
