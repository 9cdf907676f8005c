// Which language a question is written in: English, Russian, or Uzbek in Latin or Cyrillic letters.
// Scripts decide first (Cyrillic is Russian unless it has Uzbek letters or Uzbek words); Latin text is
// Uzbek only when Uzbek words or endings clearly outnumber English function words, so an English question
// that names "Toshkent" stays English.
import { normalizeApostrophes } from './translit.js';

export type Lang = 'en' | 'ru' | 'uz-Latn' | 'uz-Cyrl';
const LANGS: readonly Lang[] = ['en', 'ru', 'uz-Latn', 'uz-Cyrl'];

/** "uz" alone means Uzbek in whichever script the text is written. */
export function parseLang(value: string, text = ''): Lang {
  const v = value.trim().toLowerCase();
  if (v === 'en' || v === 'ru') return v;
  if (v === 'uz') return /\p{Script=Cyrillic}/u.test(text) ? 'uz-Cyrl' : 'uz-Latn';
  if (v === 'uz-latn') return 'uz-Latn';
  if (v === 'uz-cyrl') return 'uz-Cyrl';
  throw new Error(`unknown language "${value}": use ${LANGS.join(', ')} or uz`);
}

const UZ_CYRL_LETTERS = /[ўқғҳЎҚҒҲ]/;
// Frequent Uzbek words that Russian lacks (Cyrillic spelling), and Russian ones Uzbek lacks.
const UZ_CYRL_WORDS = new Set(
  'ва билан учун бўйича ҳақида қандай қайси нима ким қачон неча нечта қаерда йил йилда'.split(' '),
);
const RU_WORDS = new Set(
  'и в во на с со по что как для из от это когда где кто какой какая какие каком сколько ли же был была были не'.split(
    ' ',
  ),
);

const UZ_LATN_WORDS = new Set(
  `va bilan uchun bo'yicha haqida qanday qanaqa qaysi nima kim qachon necha nechta qancha qayerda qayer
  yil yili yilda edi bor yo'q emas ham o'rtasida doirasida tomonidan qilgan qilingan etgan bo'lgan`.split(
    /\s+/,
  ),
);
const EN_WORDS = new Set(
  `the a an of and in on at to for with from by is are was were be been did does do what when where who which
  how why many much has have had it its this that these those about between into`.split(/\s+/),
);
// Endings and letters English words rarely have: -ning, -dagi, -lari, o', g', q not before u.
const UZ_LATN_SHAPE =
  /(?:ning|dagi|lari|larni|larga|lardan|ligi|mizning|siya|iston|da|dan|ga)$|^(?:o'|g')|o'|g'|q(?!u)/;

/**
 * The language of a question. `isUzbekWord` (the Uzbek glossary, when the caller has it) settles Latin
 * text the common-word lists leave open: short questions ("Sanae Takaichi kim?") and rare words.
 */
export function detectLang(text: string, isUzbekWord?: (word: string) => boolean): Lang {
  const words =
    normalizeApostrophes(text)
      .toLowerCase()
      .match(/[\p{L}']+/gu) ?? [];
  const cyrillic = (text.match(/\p{Script=Cyrillic}/gu) ?? []).length;
  const latin = (text.match(/\p{Script=Latin}/gu) ?? []).length;
  // A few Cyrillic letters in Latin text are look-alikes or a quoted name, not the language of it.
  if (cyrillic && cyrillic >= 0.3 * (cyrillic + latin)) {
    const ru = words.filter((w) => RU_WORDS.has(w)).length;
    // ў қ ғ ҳ are Uzbek; a Russian sentence quoting an Uzbek name has them too, and Russian words.
    const uz =
      words.filter((w) => UZ_CYRL_WORDS.has(w)).length + words.filter((w) => UZ_CYRL_LETTERS.test(w)).length;
    if (UZ_CYRL_LETTERS.test(text)) return ru > 2 * uz ? 'ru' : 'uz-Cyrl';
    return uz > ru ? 'uz-Cyrl' : 'ru';
  }
  let uz = 0;
  let en = 0;
  const rest: string[] = [];
  for (const w of words) {
    if (EN_WORDS.has(w)) en += 1;
    else if (UZ_LATN_WORDS.has(w)) uz += 1;
    else if (/\p{L}'\p{L}/u.test(w) && /[og]'/.test(w)) uz += 1;
    else if (UZ_LATN_SHAPE.test(w)) {
      uz += 0.5;
      rest.push(w);
    } else rest.push(w);
  }
  const decided = (u: number) => (u >= 1.5 && u > 2 * en) || (en === 0 && u >= 1);
  if (decided(uz)) return 'uz-Latn';
  // Clearly English: the glossary is not consulted (nor loaded) for it.
  if (!isUzbekWord || en >= 2) return 'en';
  for (const w of rest) if (isUzbekWord(w)) uz += 1;
  return decided(uz) ? 'uz-Latn' : 'en';
}
