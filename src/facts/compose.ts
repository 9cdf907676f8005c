// From the stretch of a sentence a date belongs to, a title that reads on its own: who did what, where.
// References that point elsewhere ("similar agreements", "both nations", "the parties", "the latest")
// are resolved from the sentences before, or the entry is not made; hedging and sequencing adverbs
// ("previously", "only once") and auxiliaries go, as in a headline; a title the parse finds no verb or
// happening in is dropped. The parse is compromise's (part-of-speech tags, verb tense and voice).
import { createRequire } from 'node:module';
import { countWords } from '../corpus/chunk.js';
import { countriesIn, NUMBER_WORDS, ORDINAL_WORDS } from '../lexicon/index.js';
import { groupCountriesIn } from '../lexicon/groups.js';
import { tidy } from './clauses.js';
import { roleOn } from './participants.js';

// compromise takes a while to load; a start from the index cache composes nothing, so it loads on first use.
type Nlp = typeof import('compromise').default;
let nlpModule: Nlp | undefined;
const nlp: Nlp = ((text: string) => {
  nlpModule ??= createRequire(import.meta.url)('compromise') as Nlp;
  return nlpModule(text);
}) as Nlp;

export interface TitleContext {
  /** The sentence the date is in. */
  sentence: string;
  /** The sentences of the passage before it, nearest last. */
  before: string[];
  /** Countries the sentence involves (names, cities, leaders, groups), for "both nations" and "the parties". */
  countries: string[];
  /** The date of the happening, for the post a person held then. */
  date?: string;
}

export interface Composed {
  title: string;
  /** The text tells the happening ahead of time ("will be held", "is planned"). */
  planned?: boolean;
}

// The lexicon's number words, read both ways: "nine" → 9 → "ninth".
const ORDINALS: string[] = [];
for (const [word, n] of Object.entries(ORDINAL_WORDS)) ORDINALS[n] ??= word;

const singular = (noun: string) =>
  noun
    .replace(/ies$/, 'y')
    .replace(/(?<=[^s])s$/, '')
    .replace(/’s’$|'s'$/, "'s");

// Sequencing and hedging adverbs: true of the text's telling, not of the happening.
const ADVERBS =
  /\s*\b(?:previously|already|also|significantly|notably|subsequently|later|then(?=\s+[a-z])|finally|officially|formally|actively|successfully|only once|once again|once|only)\b(?!-)/gi;

// Modifiers that only place a thing relative to another ("the previous plan", "the next meeting").
const RELATIVE = /\b(?:previous|next|latter|former|same|aforementioned|above-mentioned)\s+(?=[a-zA-Z])/gi;

const NEEDS_ANTECEDENT = /\b(?:similar|such(?!\s+as\b)|these|those|the latter)\s+([A-Za-z\u00C0-\u024F-]+)/i;
const BOTH =
  /\b(?:both (?:nations|countries|sides|states|parties)|the two (?:nations|countries|sides|states)|the (?:parties|sides))\b|^(?:parties|sides)\b/i;

/** A noun phrase of `text` ending in the head noun `head` (singular or plural), with its modifiers. */
function antecedent(head: string, sentences: string[]): string | undefined {
  const stem = singular(head.toLowerCase());
  for (let i = sentences.length - 1; i >= Math.max(0, sentences.length - 2); i--) {
    const re = new RegExp(
      `\\b((?:[A-Za-z\\u00C0-\\u024F-]+\\s+){1,4}?)(${stem}s?|${stem.replace(/y$/, 'ies')})\\b`,
      'gi',
    );
    for (const m of sentences[i].matchAll(re)) {
      // the modifiers just before the head, as the parse tags them: adjectives and nouns, back to
      // anything else (a verb, a determiner, a preposition)
      const terms = nlp(m[1].trim()).terms().json() as { text: string; terms: { tags: string[] }[] }[];
      const kept: string[] = [];
      for (let k = terms.length - 1; k >= 0; k--) {
        const tags = terms[k].terms[0]?.tags ?? [];
        const modifier =
          tags.some((t) => t === 'Adjective' || t === 'Noun' || t === 'ProperNoun') && !tags.includes('Verb');
        if (!modifier || /^(?:similar|such|these|those)$/i.test(terms[k].text)) break;
        kept.unshift(terms[k].text);
      }
      if (kept.length) return `${kept.join(' ')} ${m[2]}`;
    }
  }
  return undefined;
}

function joinNames(names: string[]): string {
  return names.length <= 2
    ? names.join(' and ')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "both nations", "the parties": the two countries the context names, or the dialogue's members. */
function resolveParties(ctx: TitleContext): string | undefined {
  if (groupCountriesIn(ctx.sentence).length >= 6) return 'Central Asia and Japan';
  let found = [...ctx.countries];
  if (found.length < 2) {
    // the two countries the sentences before name most, when two stand out
    const counts = new Map<string, number>();
    for (const s of ctx.before)
      for (const m of s.matchAll(/[A-Z][\p{L}-]+/gu))
        for (const c of countriesIn(m[0])) counts.set(c, (counts.get(c) ?? 0) + 1);
    for (const c of found) counts.set(c, (counts.get(c) ?? 0) + 100);
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    if (ranked.length < 2 || (ranked[2] && ranked[2][1] >= ranked[1][1])) return undefined;
    found = [ranked[0][0], ranked[1][0]];
  }
  if (found.length !== 2) return undefined;
  // Japan last: the library's articles pair a Central Asian country with Japan
  return joinNames(found.sort((a, b) => Number(a === 'Japan') - Number(b === 'Japan')));
}

/** "…has held six Rail Council Meetings, the latest in May 2030 in Osh" → the sixth. */
function resolveLatest(ctx: TitleContext): string | undefined {
  const m =
    /\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\s+((?:[A-Z][\w’']*\s+){0,4}[A-Z]?[\w’']*(?:meetings|summits|sessions|rounds|forums|conferences|visits|Meetings|Summits|Sessions|Rounds|Forums|Conferences|Visits))\s*,?\s+(?:with\s+)?the\s+(?:latest|last|most recent)\b/.exec(
      ctx.sentence,
    );
  if (!m) return undefined;
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : NUMBER_WORDS[m[1].toLowerCase()];
  const ordinal = ORDINALS[n];
  if (!ordinal) return undefined;
  const words = m[2].trim().split(/\s+/);
  words[words.length - 1] = singular(words[words.length - 1]);
  return `${ordinal} ${words.join(' ')}`;
}

/** The dialogue or format a sentence or the one before names ("the “Central Asia plus Japan” dialogue"). */
export function namedFormat(ctx: TitleContext): string | undefined {
  for (const s of [ctx.sentence, ...[...ctx.before].reverse()]) {
    // each capitalised word must end in a space or a plus: with both optional, one long identifier
    // ("V4L2_CID_MPEG_…") splits exponentially many ways and the match never ends
    const m =
      /(?:the\s+)?[“"]([^”"]{3,60})[”"]\s+(dialogue|format)\b|\bthe\s+((?:[A-Z][\w+-]*(?:\s*(?:\+|plus)\s*|\s+))+)(Dialogue|dialogue|format)\b/.exec(
        s,
      );
    if (m) return m[1] ? `the “${m[1]}” ${m[2]}` : `the ${m[3].trim()} ${m[4]}`;
  }
  return undefined;
}

interface Word {
  text: string;
  tags: Set<string>;
  /** Offset in the parsed text. */
  at: number;
}

// One parse per title text (syndicated copies repeat titles): compromise's tagging is the costly part.
const parses = new Map<string, Word[]>();

/** The words of a text with the parse's part-of-speech tags. */
function parse(text: string): Word[] {
  let words = parses.get(text);
  if (words) return words;
  const terms = nlp(text).terms().json() as { text: string; terms: { tags: string[] }[] }[];
  words = [];
  let from = 0;
  for (const t of terms) {
    const at = text.indexOf(t.text, from);
    words.push({ text: t.text, tags: new Set(t.terms[0]?.tags ?? []), at: at < 0 ? from : at });
    from = at < 0 ? from : at + t.text.length;
  }
  if (parses.size > 20_000) parses.clear();
  parses.set(text, words);
  return words;
}

/**
 * Does the parse find a verb that tells an act within [from, to) of the text: a past form or participle,
 * a modal or auxiliary before a verb, an infinitive after "to"; not a noun the tagger might read as a verb.
 */
function finite(words: Word[], from = 0, to = Number.POSITIVE_INFINITY): boolean {
  return words.some((w, i) => {
    if (w.at < from || w.at >= to || !w.tags.has('Verb')) return false;
    if (w.tags.has('PastTense') || w.tags.has('Participle'))
      return !w.tags.has('Adjective') || /ed$/.test(w.text);
    const prev = words[i - 1];
    return Boolean(prev && (prev.tags.has('Modal') || prev.tags.has('Auxiliary') || /^to$/i.test(prev.text)));
  });
}

/** A future verb ("will be held", "shall meet"). */
function future(words: Word[]): boolean {
  return words.some((w, i) => /^(?:will|shall)$/i.test(w.text) && Boolean(words[i + 1]?.tags.has('Verb')));
}

/** The past tense of a verb, as the parse conjugates it ("meet" → "met"). */
function pastOf(verb: string): string {
  const doc = nlp(verb);
  doc.verbs().toPastTense();
  return doc.text() || verb;
}

// Nouns that name a happening or a made thing: a title without a verb needs one of them to say what happened.
const HAPPENING =
  /\b(?:visits?|meetings?|summits?|talks|forums?|conferences?|fairs?|exhibitions?|sessions?|dialogues?|agreements?|treaty|treaties|declarations?|plans?|programs?|programmes?|strateg(?:y|ies)|concepts?|initiatives?|memorandums?|commissions?|committees?|trips?|ceremony|launch|opening|signing|adoption|establishment|transition|elevation|introduction|inauguration|entry|independence|partnership|negotiations|consultations|elections?|society|centers?|centres?|house|office)\b/i;

const ENDS_BADLY =
  /\b(?:of|in|on|at|by|for|to|with|from|and|or|the|a|an|its|their|that|which|who|as|is|are|was|were|has|have|had|will|be|into|than|[a-z]+ing)$/i;

/**
 * A title for the raw stretch `raw` of the sentence, or undefined when it cannot be made to read on its
 * own (a reference nothing resolves, a fragment with no happening in it).
 */
export function composeTitle(raw: string, ctx: TitleContext): Composed | undefined {
  let t = tidy(raw);
  let planned = false;

  // "with the latest in Tokyo": the latest of the N things just counted
  if (/^(?:.*\s)?(?:with\s+)?the\s+(?:latest|last|most recent)\b/i.test(t) || /\bthe latest\b/.test(t)) {
    const latest = resolveLatest(ctx);
    if (!latest) return undefined;
    const place = /\bin\s+([A-Z][A-Za-z-]+)\s*$/.exec(t)?.[1];
    const format = namedFormat(ctx);
    t = `${latest}${format ? ` of ${format}` : ''}${place ? ` held in ${place}` : ''}`;
  }

  // "Mongolia signed … similar treaties with Korea": the treaties the sentence before names
  const ref = NEEDS_ANTECEDENT.exec(t);
  if (ref) {
    const head = ref[1].split(/\s+/).pop()!;
    const found = antecedent(head, ctx.before);
    if (!found) return undefined;
    // a singular antecedent ("a transit agreement") keeps its article
    t = t.replace(ref[0], /s$/.test(found) ? found : `a ${found}`);
  }
  if (BOTH.test(t)) {
    const parties = resolveParties(ctx);
    if (!parties) return undefined;
    t = t.replace(/\bof (?:both|the two) (?:nations|countries|sides|states)\b/i, `of ${parties}`);
    t = t.replace(BOTH, parties);
  }
  // "the dialogue has held …": the dialogue the text names
  if (/^(?:the|this)\s+dialogue\b/i.test(t)) {
    const format = namedFormat(ctx);
    if (format) t = t.replace(/^(?:the|this)\s+dialogue\b/i, format);
  }

  // The stitched forms of a list ("trips … Ministers Ana Lind"): what, then who.
  const stitched = /^(.+?)\s+…\s+(.+)$/.exec(t);
  if (stitched) {
    const [, head, rest] = stitched;
    const noun = HAPPENING.exec(head)?.[0];
    const by = /\bby\s*$/.test(ctx.sentence.slice(0, ctx.sentence.indexOf(rest.split(/\s+/)[0])).trimEnd());
    const person = /((?:[A-Z][\w-]+\s+){0,4})([A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+[A-Z][a-z]+)$/.exec(rest);
    if (noun && person && (by || /\bthose\b/.test(ctx.sentence))) {
      const role = person[1].trim().replace(/\b(Ministers|Presidents)\b/, (w) => w.slice(0, -1));
      // a name the list gives without its post gets the post the person held then, when known
      const post = role ? '' : ctx.date ? roleOn(person[2], ctx.date) : undefined;
      t = `${singular(noun)} by ${role ? `${role} ` : ''}${person[2]}${post ? `, ${post}` : ''}`;
    } else if (/^[A-Z]/.test(head) && countWords(head) <= 3 && /^[a-z]/.test(rest)) {
      // "Uzbekistan signed … bilateral investment agreements with Japan"
      t = `${head} ${rest}`;
    } else return undefined;
  }

  // Headline style: relative pronoun + auxiliary before a participle, "were able to", adverbs.
  t = t
    .replace(
      /\s+(?:that|which|who)\s+(?:was|were|is|are|has been|have been|had been)\s+(?=[a-z]+(?:ed|en|wn)\b)/gi,
      ' ',
    )
    .replace(/\s+(?:that|which)\s+(?:is|are)\s+(?:taking place|being held)\b/gi, ' held')
    .replace(/\b(?:were|was) able to\s+([a-z]+)/gi, (_m, verb: string) => pastOf(verb))
    .replace(ADVERBS, '')
    .replace(/\bhad\s+(?=[a-z]+ed\b)/g, '')
    .replace(/\bfor the (?:implementation|realization|realisation|execution) of\b/g, 'for')
    .replace(
      /\s+(?:was|were)\s+(?=(?:first\s+)?(?:[a-z]+ed|held|met|built|set up|given|taken|made|begun|won|drawn|undertaken)\b)/g,
      ' ',
    )
    .replace(RELATIVE, '');

  // The parse: a future or planned verb makes it an expectation; no verb and no happening, no entry.
  if (future(parse(t)) || /\bis being planned|\bis planned|\bto be held\b/.test(t)) {
    planned = true;
    t = t.replace(/\bwill be\s+(?=[a-z]+\b)/i, 'to be ');
    // "the forum will open a new era": what is expected is the happening, not the judgement
    const will = /^(.+?)\s+will\s+(?!be\b|take place\b)[a-z]+\b.*$/.exec(t);
    if (will && HAPPENING.test(will[1])) t = will[1];
  }
  // "a new customs regime for Korean firms easing transit": a participle after a noun phrase
  // says what the happening did, not what it was
  const gerund =
    /\s+(?!(?:meeting|building|training|opening|signing|hearing|funding|setting|concerning|regarding|including|according|following|during)\b)[a-z]{3,}ing\b.*$/.exec(
      t,
    );
  if (gerund) {
    const words = parse(t);
    const verbAfter = t.indexOf(' ', gerund.index + 1);
    if (!finite(words, 0, gerund.index) && !finite(words, verbAfter < 0 ? t.length : verbAfter))
      t = t.slice(0, gerund.index);
  }
  const hasVerb = finite(parse(t));
  if (!hasVerb && !HAPPENING.test(t)) return undefined;
  // "… spurred new interest from investors in expanding": a truncated predicate
  t = tidy(t.replace(/\s+[a-z]+ing\s+[a-z]+\s+[a-z]+$/, (tail) => (hasVerb ? tail : '')));
  if (ENDS_BADLY.test(t) && !/\b(?:meeting|building|opening|signing)$/i.test(t)) return undefined;
  // A subject of one or two words with an effect predicate ("the talks spurred interest") says
  // neither who met nor what was decided.
  if (/^[a-z]+\s+[a-z]+\s+(?:catalyzed|allowed|strengthened|advanced|marked|led|helped|enabled)\b/i.test(t))
    return undefined;
  if (countWords(t) < 2) return undefined;
  // Whose: a title naming no country or person borrows the countries of its sentence as a prefix.
  // Whose: a title with no verb (a thing, not an act) is prefixed with the countries its sentence
  // involves that it does not name itself ("Kyrgyzstan: duty-free access for Korean goods").
  if (!hasVerb && !/[A-Z][a-z]+\s+[A-Z][a-z]+/.test(t.slice(1))) {
    const named = new Set([...countriesIn(t), ...groupCountriesIn(t)]);
    const parties = BOTH.test(ctx.sentence) && !ctx.countries.length ? resolveParties(ctx) : undefined;
    const whose = parties ?? joinNames(ctx.countries.filter((c) => !named.has(c)).slice(0, 2));
    if (whose && ctx.countries.length <= 2) t = `${whose}: ${t.charAt(0).toLowerCase()}${t.slice(1)}`;
  }
  t = t.charAt(0).toUpperCase() + t.slice(1);
  const out: Composed = { title: t };
  if (planned) out.planned = true;
  return out;
}
