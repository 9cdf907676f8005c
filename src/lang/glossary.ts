// The bilingual glossary: data in src/lexicon/glossary/*.tsv, one entry a line, that a translator can
// review: source language, script, source word or phrase (dictionary form), English target, kind.
// Russian entries are matched by Snowball stem (so every case form of the word meets its entry), Uzbek
// ones by the word with its endings peeled off; question words and function words by their exact form.
import fs from 'node:fs';
import { ruEntryKeys, ruStem, uzStems } from './stem.js';
import { normalizeApostrophes } from './translit.js';

export type GlossLang = 'ru' | 'uz';

export const GLOSS_KINDS = [
  'country',
  'city',
  'region',
  'person',
  'org',
  'programme',
  'word',
  'month',
  'number',
  'ordinal',
  'qword',
  'function',
  'stop',
] as const;
export type GlossKind = (typeof GLOSS_KINDS)[number];

export interface GlossEntry {
  lang: GlossLang;
  script: 'Cyrl' | 'Latn';
  source: string;
  /** English rendering; "-" (stop words) renders as nothing. */
  english: string;
  kind: GlossKind;
  /** Line in its file, for review and error messages. */
  line: number;
}

/** Russian kinds matched by exact form: their stems would collide ("каком" and "как" share one). */
const EXACT_KINDS = new Set<GlossKind>(['qword', 'function', 'stop']);

const GLOSSARY_DIRS = [
  // src/lang → src/lexicon/glossary (tsx, tests); dist/ → src/lexicon/glossary (the bundle beside src/).
  new URL('../lexicon/glossary/', import.meta.url),
  new URL('../src/lexicon/glossary/', import.meta.url),
];

export function glossaryDir(): URL {
  const dir = GLOSSARY_DIRS.find((d) => fs.existsSync(new URL('ru.tsv', d)));
  if (!dir) throw new Error('glossary not found (src/lexicon/glossary/ru.tsv)');
  return dir;
}

/** Parses one glossary file. A malformed line is an error naming it: the data is meant to be edited. */
export function parseGlossary(text: string, file: string): GlossEntry[] {
  const out: GlossEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim() || line.startsWith('#') || line.startsWith('lang\t')) return;
    const cols = line.split('\t');
    const [lang, script, source, english, kind] = cols.map((c) => c.trim());
    if (cols.length < 5 || !source || !english) throw new Error(`${file}:${i + 1}: expected 5 columns`);
    if (lang !== 'ru' && lang !== 'uz') throw new Error(`${file}:${i + 1}: unknown language ${lang}`);
    if (script !== 'Cyrl' && script !== 'Latn') throw new Error(`${file}:${i + 1}: unknown script ${script}`);
    if (!(GLOSS_KINDS as readonly string[]).includes(kind))
      throw new Error(`${file}:${i + 1}: unknown kind ${kind}`);
    out.push({ lang, script, source, english, kind: kind as GlossKind, line: i + 1 });
  });
  return out;
}

export function loadGlossaryEntries(): GlossEntry[] {
  const dir = glossaryDir();
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.tsv'))
    .sort()
    .flatMap((f) => parseGlossary(fs.readFileSync(new URL(f, dir), 'utf8'), f));
}

/** One word of the question, as the glossary reads it. */
export interface GlossToken {
  /** Lower case, ё as е, apostrophes as '. */
  form: string;
  /** Keys the word can match a content entry by: its Russian stem, or its Uzbek peeled forms. */
  keys: string[];
  /** Written in capitals ("ПО", "МИД"): only such a word meets an acronym entry. */
  caps?: boolean;
}

// Capitals, with a Russian case ending allowed after them: "МИД", "МИДы", "ЕБРР".
const isCaps = (w: string) => /^[\p{Lu}\d]{2,}\p{Ll}{0,3}$/u.test(w) && /^\d*\p{Lu}/u.test(w);

interface Compiled {
  entry: GlossEntry;
  /** An acronym spelling a function word ("ПО" is software, "по" is "on"): met only in capitals. */
  caps: boolean;
  /** Per word of the entry: its exact form, and the keys it meets a question's word by. */
  words: { form: string; keys: string[] }[];
  exact: boolean;
}

export interface GlossMatch {
  entry: GlossEntry;
  /** Words of the question the entry covers. */
  length: number;
  /** Edits between the word and the entry (a typo); 0 for an exact match. */
  edits: number;
}

export const ruForm = (w: string) => w.toLowerCase().replace(/ё/g, 'е');
export const uzForm = (w: string) => normalizeApostrophes(w).toLowerCase();

export function tokenFor(lang: GlossLang, word: string): GlossToken {
  if (lang === 'ru') {
    const form = ruForm(word);
    return { form, keys: [ruStem(form)], caps: isCaps(word) };
  }
  const form = uzForm(word);
  // The apostrophe of o' and g' is often left out ("ozbekiston"): every key has its bare twin too.
  const keys = uzStems(form);
  return { form, keys: [...new Set([...keys, ...keys.map((k) => k.replace(/'/g, ''))])], caps: isCaps(word) };
}

export class Glossary {
  private readonly byKey = new Map<string, Compiled[]>();
  /** Single-word content entries, for typo matching. */
  private readonly singles: Compiled[] = [];

  constructor(
    readonly lang: GlossLang,
    readonly entries: GlossEntry[],
  ) {
    // An acronym that spells a function word ("ПО" and "по") is read only in capitals; any other
    // ("ЦА", "мид", "ввп") in whatever case it is typed.
    const spelledOtherwise = new Set(
      entries.filter((e) => e.lang === lang && EXACT_KINDS.has(e.kind)).map((e) => ruForm(e.source)),
    );
    for (const entry of entries) {
      if (entry.lang !== lang) continue;
      // Uzbek function words take endings like any other ("qilmoqda", "bo'lishga"), so only Russian
      // ones are matched by exact form.
      const exact = lang === 'ru' && EXACT_KINDS.has(entry.kind);
      // An entry's words are dictionary forms; an Uzbek one may itself carry an ending ("vaziri"), so
      // it meets a question's word when they share a peeled form.
      // Split as questions are tokenized: hyphens separate words ("премьер-министр", "qo'llab-quvvatla").
      const words = entry.source
        .split(/[\s-]+/)
        .filter(Boolean)
        .map((w) => {
          const t = tokenFor(lang, w);
          if (exact) return { form: t.form, keys: [t.form] };
          return { form: t.form, keys: lang === 'ru' ? ruEntryKeys(w) : t.keys };
        });
      const c = {
        entry,
        words,
        exact,
        caps: isCaps(entry.source) && spelledOtherwise.has(ruForm(entry.source)),
      };
      for (const k of new Set([words[0].form, ...words[0].keys])) {
        const list = this.byKey.get(k) ?? [];
        list.push(c);
        this.byKey.set(k, list);
      }
      if (words.length === 1 && !exact) this.singles.push(c);
    }
  }

  /** The longest entry starting at tokens[i]: exact forms first, then content keys, then a typo. */
  match(tokens: GlossToken[], i: number): GlossMatch | undefined {
    // Score: words covered first; then words matched by their exact form; a question word's exact
    // form beats a content stem of the same length ("каком" is asked, not "как").
    const score = (c: Compiled): number => {
      if (c.caps && !tokens[i].caps) return -1;
      let exactForms = 0;
      for (let j = 0; j < c.words.length; j++) {
        const t = tokens[i + j];
        const w = c.words[j];
        if (!t) return -1;
        if (t.form === w.form) exactForms += 1;
        else if (c.exact || !w.keys.some((k) => t.keys.includes(k))) return -1;
      }
      // An acronym written in capitals beats the function word it spells ("ПО" is not "по").
      return c.words.length * 100 + exactForms * 10 + (c.caps ? 2 : 0) + (c.exact ? 1 : 0);
    };
    const candidates = new Set([tokens[i].form, ...tokens[i].keys].flatMap((k) => this.byKey.get(k) ?? []));
    let best: Compiled | undefined;
    let bestScore = -1;
    for (const c of candidates) {
      const s = score(c);
      if (s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    if (best) return { entry: best.entry, length: best.words.length, edits: 0 };
    return this.typo(tokens[i]);
  }

  // A misspelt content word ("проэкты", "эфективность"): one edit from an entry's key, two for long
  // words; never for short words, where one edit makes another word.
  private typo(t: GlossToken): GlossMatch | undefined {
    let best: { c: Compiled; d: number } | undefined;
    // The Russian stem, or the Uzbek word and its peeled forms ("qazogistonda" → "qazogiston").
    for (const key of t.keys.slice(0, 4)) {
      if (key.length < 6) continue;
      const max = key.length >= 9 ? 2 : 1;
      for (const c of this.singles) {
        for (const w of c.words[0].keys) {
          if (Math.abs(w.length - key.length) > max || w.length < 5) continue;
          const d = levenshtein(key, w, max);
          if (d <= max && (!best || d < best.d)) best = { c, d };
        }
      }
    }
    return best && { entry: best.c.entry, length: 1, edits: best.d };
  }
}

/** Edit distance, giving up (returning max + 1) once it must exceed max. */
export function levenshtein(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

let entriesCache: GlossEntry[] | undefined;
const cache = new Map<GlossLang, Glossary>();

/** One language's glossary, built once per process on first use (Russian stems cost a little). */
export function glossaryFor(lang: GlossLang): Glossary {
  let g = cache.get(lang);
  if (!g) {
    entriesCache ??= loadGlossaryEntries();
    g = new Glossary(lang, entriesCache);
    cache.set(lang, g);
  }
  return g;
}

export function glossaries(): { ru: Glossary; uz: Glossary } {
  return { ru: glossaryFor('ru'), uz: glossaryFor('uz') };
}
