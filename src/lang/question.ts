// A Russian or Uzbek question rendered as the plain English question the English engine reads: its
// question word ("когда" → "when"), its content words through the glossary, its names as the library
// spells them, its numbers and years as written. Names the glossary and the library do not know are
// kept, transliterated and capitalised, so the engine's anchor rules decline a question about a
// country or person the library never mentions rather than answering a question that was not asked.
import { detectLang, type Lang, parseLang } from './detect.js';
import { type GlossEntry, type GlossToken, glossaryFor, tokenFor } from './glossary.js';
import { analyze } from '../search/analyzer.js';
import type { NameMatcher } from './names.js';
import { ruStem, uzStems } from './stem.js';
import { hasCyrillic, normalizeApostrophes, ruToLatinCandidates, uzCyrlToLatn } from './translit.js';

export interface RenderedWord {
  /** The word as written (Uzbek Cyrillic after transliteration to Latin). */
  source: string;
  /** What it became; empty when dropped. */
  english: string;
  how: 'glossary' | 'typo' | 'name' | 'anchor' | 'number' | 'latin' | 'dropped';
}

export interface EnglishQuestion {
  lang: Lang;
  /** The question in English words; for an English question, the question exactly as given. */
  english: string;
  words: RenderedWord[];
  /** Words neither the glossary nor the library's names account for. */
  unknown: string[];
}

export interface ToEnglishOptions {
  /** Forces the language ("ru", "uz", "uz-Latn", "uz-Cyrl", "en"); detected when absent. */
  lang?: string;
  /** The library's names, for words the glossary lacks (a function: built only when needed). */
  names?: NameMatcher | (() => NameMatcher);
  /** Whether the library uses an English word: picks among a glossary entry's alternatives. */
  known?: (english: string) => boolean;
}

const NAME_KINDS = new Set(['country', 'city', 'region', 'person', 'org', 'programme']);
// Words whose presence makes "сколько"/"qancha" ask for a sum rather than a count.
const MONEY =
  /\b(?:money|dollars?|yen|cost|price|worth|turnover|grant|loan|funding|funds|financing|investments?|budget|value|exports?|imports?|trade|volume)\b/;
// Russian case endings a name may carry beyond what the stemmer removes ("Токаева", "Такаити").
const RU_NAME_ENDINGS = /(?:ого|ому|ым|ом|ой|ую|а|у|е|ы|и|ю|я)$/;

// A capital at the start of a question is grammar, not a name, when the word looks like a verb
// ("Расскажите", "Объясните", "Ayting"); any other unknown word there is taken for the name it
// usually is ("Гватемала и Япония…"), so the engine can decline it.
const VERB_LIKE = {
  ru: /(?:ть|ться|те|ите|ет|ют|ут|ят|ит|ся|сь|ешь|ишь)$/,
  uz: /(?:gan|di|ing|ng|moqda|adi|ydi|ish|sin|ylik|lik)$/,
};

type Token = { text: string; number: boolean; start: boolean; capital: boolean; punct: boolean };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let sentenceStart = true;
  // "C5", "G7", "Q1" and year spans ("2019-2022") stay one token; "2023-yilda" is a year and a word.
  for (const m of text.matchAll(
    /\p{L}+\d+\b|\d{4}[-–]\d{4}\b|\d+(?:st|nd|rd|th)\b|\d+(?:[.,]\d+)*%?|[\p{L}\p{M}]+(?:'[\p{L}\p{M}]+)*|[+$%]|[.!?]/gu,
  )) {
    const t = m[0];
    if (/^[.!?]$/.test(t)) {
      sentenceStart = true;
      continue;
    }
    const number = /\d/.test(t);
    const punct = /^[+$%]$/.test(t);
    out.push({ text: t, number, punct, start: sentenceStart, capital: /^\p{Lu}/u.test(t) });
    if (!punct) sentenceStart = false;
  }
  return out;
}

const englishOrdinal = (n: string) => {
  const d = Number(n);
  const suffix = d % 100 >= 11 && d % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][d % 10] ?? 'th');
  return `${n}${suffix}`;
};
const UZ_MONTHS = 'yanvar|fevral|mart|aprel|may|iyun|iyul|avgust|sentyabr|oktyabr|noyabr|dekabr';

// Ordinals written with digits: Russian "7-я встреча", "5-й саммит"; Uzbek "9-uchrashuv", "3-chi".
// Uzbek writes dates the same way ("20-dekabr") and years with four digits ("2023-yil"): those stay.
function markOrdinals(text: string, lang: 'ru' | 'uz'): string {
  if (lang === 'ru') {
    return text.replace(
      /(?<![\d.,])(\d{1,2})-?(?:ого|ому|ым|ых|ые|ий|ая|ое|ой|ом|го|му|й|я|е|м|ю|х)(?![\p{L}])/gu,
      (_, n: string) => englishOrdinal(n),
    );
  }
  return text
    .replace(/(?<![\d.,])(\d{1,2})-(?:chi|nchi)(?![\p{L}])/gu, (_, n: string) => englishOrdinal(n))
    .replace(
      new RegExp(`(?<![\\d.,])(\\d{1,2})-(?!(?:${UZ_MONTHS}))(?=\\p{L})`, 'gu'),
      (_, n: string) => `${englishOrdinal(n)} `,
    );
}

// "sector | field | area": one source word, several fair translations; the library's own word wins,
// the first is the translator's default.
function pickAlternative(english: string, known?: (w: string) => boolean): string {
  const alternatives = english.split('|').map((a) => a.trim());
  if (alternatives.length === 1 || !known) return alternatives[0];
  return alternatives.find((a) => known(a)) ?? alternatives[0];
}

const capitalise = (w: string) => (w ? w[0].toUpperCase() + w.slice(1) : w);

function nameCandidates(lang: 'ru' | 'uz', word: string): string[] {
  if (lang === 'uz') return uzStems(normalizeApostrophes(word).toLowerCase().replace(/'/g, ''));
  const w = word.toLowerCase();
  const forms = [...new Set([w, ruStem(w), w.replace(RU_NAME_ENDINGS, '')])].filter((f) => f.length >= 3);
  return forms.flatMap((f) => (hasCyrillic(f) ? ruToLatinCandidates(f) : [f]));
}

// Uzbek evidence for language detection: a word that is a content or question word of the Uzbek
// glossary plus endings ("deklaratsiyasini"), and not also English ("transport", "forum", "bank"
// are both; names are written alike). Function words are too short to tell ("bold" is not "bo'ldi").
function isUzbekWord(word: string): boolean {
  const hit = glossaryFor('uz').match([tokenFor('uz', word)], 0);
  if (!hit || hit.edits || hit.length > 1 || isNameKind(hit.entry.kind)) return false;
  if (hit.entry.kind === 'stop' || hit.entry.kind === 'function') return false;
  const bare = (w: string) => w.toLowerCase().replace(/['ʻ‘’`]/g, '');
  if (!bare(word).startsWith(bare(hit.entry.source))) return false;
  const en = new Set(analyze(hit.entry.english.replace(/\|/g, ' ')));
  return !analyze(word).some((t) => en.has(t));
}

type Emitted = { english: string; entry?: GlossEntry; number: boolean };
const isFunction = (e: Emitted) => e.entry?.kind === 'function' || e.entry?.kind === 'stop';

// English asks first: "Sanae Takaichi kim?" is "who Sanae Takaichi?". Uzbek (and often Russian) put the
// question word late; moved to the front it tells the English reader what is asked, and a name never
// stands first, where a capital says nothing (every sentence starts with one). Without a question
// word, a name in front gets "about" before it, for the same reason.
function englishOrder(emitted: Emitted[]): Emitted[] {
  const q = emitted.findIndex((e) => e.entry?.kind === 'qword');
  if (q > 0 && emitted.slice(0, q).some((e) => !isFunction(e))) {
    let end = q + 1;
    // "when and where": the question words stay together.
    while (end + 1 < emitted.length && isFunction(emitted[end]) && emitted[end + 1].entry?.kind === 'qword')
      end += 2;
    return [...emitted.slice(q, end), ...emitted.slice(0, q), ...emitted.slice(end)];
  }
  if (q < 0 && /^\p{Lu}/u.test(emitted[0]?.english ?? ''))
    return [{ english: 'about', number: false }, ...emitted];
  return emitted;
}

/** The question in English words the English engine understands; English questions pass unchanged. */
export function toEnglishQuestion(text: string, opts: ToEnglishOptions = {}): EnglishQuestion {
  const lang = opts.lang ? parseLang(opts.lang, text) : detectLang(text, isUzbekWord);
  if (lang === 'en') return { lang, english: text, words: [], unknown: [] };
  const gl = lang === 'ru' ? 'ru' : 'uz';
  const glossary = glossaryFor(gl);
  // Uzbek is read in Latin letters: Cyrillic Uzbek is transliterated first, letter by letter.
  const source = gl === 'uz' ? normalizeApostrophes(hasCyrillic(text) ? uzCyrlToLatn(text) : text) : text;
  const tokens = tokenize(markOrdinals(source, gl));
  const gloss: GlossToken[] = tokens.map((t) => tokenFor(gl, t.text));
  const words: RenderedWord[] = [];
  const unknown: string[] = [];
  const emitted: { english: string; entry?: GlossEntry; number: boolean }[] = [];
  const emit = (w: RenderedWord, extra: { entry?: GlossEntry; number?: boolean } = {}) => {
    words.push(w);
    if (w.english) emitted.push({ english: w.english, entry: extra.entry, number: extra.number ?? false });
  };

  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i];
    if (t.number || t.punct) {
      emit({ source: t.text, english: t.text, how: 'number' }, { number: t.number });
      i += 1;
      continue;
    }
    const hit = glossary.match(gloss, i);
    if (hit && (hit.edits === 0 || !t.capital || t.start)) {
      const src = tokens
        .slice(i, i + hit.length)
        .map((x) => x.text)
        .join(' ');
      let english = hit.entry.english === '-' ? '' : pickAlternative(hit.entry.english, opts.known);
      // "в 2019 году", "2023-yilda": the year says it; the word "year" would only be a term to miss.
      if (hit.entry.english === 'year' && emitted.at(-1)?.number) english = '';
      // "как" opens a question as "how"; after a content word it compares: "приглашён как гость".
      const prev = emitted.at(-1)?.entry?.kind;
      if (english === 'how' && prev && !['qword', 'function', 'stop'].includes(prev)) english = 'as';
      emit({ source: src, english, how: hit.edits ? 'typo' : 'glossary' }, { entry: hit.entry });
      i += hit.length;
      continue;
    }
    // Latin letters inside a Russian question are names and acronyms as the library writes them.
    if (gl === 'ru' && !hasCyrillic(t.text)) {
      emit({ source: t.text, english: t.text, how: 'latin' });
      i += 1;
      continue;
    }
    const names = typeof opts.names === 'function' ? opts.names() : opts.names;
    const name = names?.match(nameCandidates(gl, t.text), [...t.text].length);
    if (name) {
      emit({ source: t.text, english: name.name, how: 'name' });
    } else if (t.capital && (!t.start || !VERB_LIKE[gl].test(t.text.toLowerCase()))) {
      // An unknown name is an anchor: the engine must see it, to say the library never mentions it.
      const latin = gl === 'ru' ? ruToLatinCandidates(t.text)[0] : t.text.replace(/'/g, '');
      emit({ source: t.text, english: capitalise(latin), how: 'anchor' });
    } else {
      unknown.push(t.text);
      // Dropped, not kept as a transliteration: tried both ways, an unplaced common word hides the
      // answer more often than it reveals a missing topic (names and years carry those).
      emit({ source: t.text, english: '', how: 'dropped' });
    }
    i += 1;
  }

  let english = englishOrder(emitted)
    .map((e) => e.english)
    .join(' ');
  if (MONEY.test(english)) english = english.replace(/\bhow many\b/, 'how much');
  english = english.replace(/\s+([%])/g, '$1').trim();
  if (/\?\s*$/.test(text) || emitted.some((e) => e.entry?.kind === 'qword')) english += '?';
  return { lang, english, words, unknown };
}

export function isNameKind(kind: string): boolean {
  return NAME_KINDS.has(kind);
}

// Filters name periods with prepositions a question reads differently: "с 2019" is "since 2019".
const FILTER_PERIODS: [RegExp, string][] = [
  [/(?:^|\s)(?:с|со|начиная с)\s+(\d{4})(?:\s*(?:года?|г\.?))?/giu, ' since $1 '],
  [/(?:^|\s)после\s+(\d{4})(?:\s*(?:года?|г\.?))?/giu, ' after $1 '],
  [/(?:^|\s)до\s+(\d{4})(?:\s*(?:года?|г\.?))?/giu, ' before $1 '],
  [/(\d{4})-(?:yil|йил)(?:dan|дан)(?:\s+(?:beri|бери))?/giu, ' since $1 '],
  [/(\d{4})-(?:yil|йил)(?:gacha|гача)/giu, ' before $1 '],
];

/**
 * A /timeline or /figures filter ("Казахстан", "savdo", "с 2019 года") in the English words the
 * filters read; English filters pass unchanged.
 */
export function toEnglishFilter(text: string, opts: ToEnglishOptions = {}): string {
  const lang = opts.lang ? parseLang(opts.lang, text) : detectLang(text, isUzbekWord);
  if (lang === 'en') return text;
  // Periods are read here and set aside, so the glossary never sees the English words they become.
  const periods: string[] = [];
  let rest = text;
  for (const [re, to] of FILTER_PERIODS) {
    rest = rest.replace(re, (...m: string[]) => {
      periods.push(to.replace('$1', m[1]).trim());
      return ' ';
    });
  }
  const r = rest.trim()
    ? toEnglishQuestion(rest.trim(), { ...opts, lang }).english.replace(/^about /, '')
    : '';
  return `${r} ${periods.join(' ')}`
    .replace(/\?/g, '')
    .replace(/\b(?:what|which|when|where|who|whom|how many|how much|why|how)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
