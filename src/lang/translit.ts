// Scripts of the desk's languages: Uzbek is written in Latin and in Cyrillic, and Russian spells foreign
// names in Cyrillic by its own conventions (Japanese ones by the Polivanov system). Everything here is
// letter rules, never a list of words: names are matched against the library afterwards (see names.ts).

/** The apostrophe of o‘ and g‘ (and the tutuq belgisi) is typed in at least five ways; one is kept: '. */
export function normalizeApostrophes(text: string): string {
  return text.replace(/[ʻʼ‘’`´′]/g, "'");
}

// Uzbek Cyrillic → Latin, after the 1995 alphabet. е and ц depend on position (handled in code).
const UZ_CYRL_LATN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  ё: 'yo',
  ж: 'j',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'x',
  ч: 'ch',
  ш: 'sh',
  щ: 'sh',
  ъ: "'",
  ь: '',
  ы: 'i',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  ў: "o'",
  қ: 'q',
  ғ: "g'",
  ҳ: 'h',
};

const CYRL_VOWELS = 'аеёиоуэюяўы';

function matchCase(source: string, latin: string, nextIsUpper: boolean): string {
  if (source === source.toLowerCase() || !latin) return latin;
  // "Ш" starting "Шавкат" is "Sh", inside an all-caps word "SH".
  return nextIsUpper ? latin.toUpperCase() : latin[0].toUpperCase() + latin.slice(1);
}

/** Uzbek Cyrillic to Uzbek Latin ("Тошкент" → "Toshkent", "Ўзбекистон" → "O'zbekiston"). */
export function uzCyrlToLatn(text: string): string {
  let out = '';
  const chars = [...text];
  chars.forEach((ch, i) => {
    const lower = ch.toLowerCase();
    const prev = (chars[i - 1] ?? '').toLowerCase();
    const next = chars[i + 1] ?? '';
    let latin: string | undefined;
    if (lower === 'е') {
      // "ye" at the start of a word and after a vowel or a sign: "Ереван", "шоира"
      latin =
        !prev || !/\p{L}/u.test(prev) || CYRL_VOWELS.includes(prev) || prev === 'ъ' || prev === 'ь'
          ? 'ye'
          : 'e';
    } else if (lower === 'ц') {
      latin = !prev || !/\p{L}/u.test(prev) || !CYRL_VOWELS.includes(prev) ? 's' : 'ts';
    } else latin = UZ_CYRL_LATN[lower];
    if (latin === undefined) {
      out += ch;
      return;
    }
    out += matchCase(ch, latin, next !== next.toLowerCase());
  });
  return out;
}

// Uzbek Latin → Cyrillic: digraphs first. "s'h" would be s + h, but the apostrophe-less "sh" is ш.
const UZ_LATN_DIGRAPHS: [string, string][] = [
  ["o'", 'ў'],
  ["g'", 'ғ'],
  ['sh', 'ш'],
  ['ch', 'ч'],
  ['yo', 'ё'],
  ['yu', 'ю'],
  ['ya', 'я'],
];
const UZ_LATN_SINGLE: Record<string, string> = {
  a: 'а',
  b: 'б',
  d: 'д',
  e: 'е',
  f: 'ф',
  g: 'г',
  h: 'ҳ',
  i: 'и',
  j: 'ж',
  k: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  o: 'о',
  p: 'п',
  q: 'қ',
  r: 'р',
  s: 'с',
  t: 'т',
  u: 'у',
  v: 'в',
  x: 'х',
  y: 'й',
  z: 'з',
  "'": 'ъ',
};

/** Uzbek Latin to Cyrillic ("O'zbekiston" → "Ўзбекистон"). */
export function uzLatnToCyrl(text: string): string {
  const src = normalizeApostrophes(text);
  let out = '';
  for (let i = 0; i < src.length; ) {
    const two = src.slice(i, i + 2);
    const pair = UZ_LATN_DIGRAPHS.find(([l]) => l === two.toLowerCase());
    const prev = src[i - 1] ?? '';
    const wordStart = !/\p{L}/u.test(prev);
    if (pair) {
      out += two[0] === two[0].toLowerCase() ? pair[1] : pair[1].toUpperCase();
      i += 2;
      continue;
    }
    // "ye" at a word start or after a vowel is е; a lone "e" at a word start is э.
    if (two.toLowerCase() === 'ye' && (wordStart || /[aeiou]/i.test(prev))) {
      out += two[0] === 'Y' ? 'Е' : 'е';
      i += 2;
      continue;
    }
    const ch = src[i];
    const lower = ch.toLowerCase();
    let cyr: string | undefined = UZ_LATN_SINGLE[lower];
    if (lower === 'e' && wordStart) cyr = 'э';
    // An apostrophe outside a word is punctuation, not the sign ъ.
    if (lower === "'" && (wordStart || !/\p{L}/u.test(src[i + 1] ?? ''))) cyr = undefined;
    out += cyr === undefined ? ch : ch === lower ? cyr : cyr.toUpperCase();
    i += 1;
  }
  return out;
}

// Russian Cyrillic in Latin letters. Russian spells one foreign name in several ways; each system below
// is one way back, and the library's own names decide which one was meant.
const RU_BASE: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  ў: 'o',
  қ: 'q',
  ғ: 'g',
  ҳ: 'h',
};

// Central Asian names as Russian writes them: ж is j (Жапаров, Japarov), х is h (Рахмон, Rahmon).
const RU_TURKIC: Record<string, string> = { ...RU_BASE, ж: 'j', х: 'h', е: 'e', ы: 'i' };

// Japanese names in Russian (Polivanov): ти chi, си shi, дз z/j, цу tsu, ва wa, ё yo, э e.
const POLIVANOV_GROUPS: [RegExp, string][] = [
  [/дзя/g, 'ja'],
  [/дзи/g, 'ji'],
  [/дз/g, 'z'],
  [/ти/g, 'chi'],
  [/тя/g, 'cha'],
  [/тю/g, 'chu'],
  [/тё/g, 'cho'],
  [/си/g, 'shi'],
  [/ся/g, 'sha'],
  [/сю/g, 'shu'],
  [/сё/g, 'sho'],
  [/цу/g, 'tsu'],
  [/ва/g, 'wa'],
  [/нб/g, 'mb'],
  [/нм/g, 'mm'],
  [/нп/g, 'mp'],
  [/й/g, 'i'],
];

function mapLetters(word: string, table: Record<string, string>): string {
  let out = '';
  for (const ch of word) out += table[ch] ?? ch;
  return out;
}

/** Latin spellings a Russian word may stand for, lower case, most likely first. */
export function ruToLatinCandidates(word: string): string[] {
  const w = word.toLowerCase();
  // "е" after a vowel or at the start is "ye" in names ("Ерлан", "Мирзиёев" keeps its ё).
  const ye = w.replace(/(^|[аеёиоуыэюя])е/g, '$1йе');
  let japanese = w;
  for (const [re, latin] of POLIVANOV_GROUPS) japanese = japanese.replace(re, latin);
  const out = [
    mapLetters(w, RU_BASE),
    mapLetters(ye, RU_BASE),
    mapLetters(w, RU_TURKIC),
    mapLetters(ye, RU_TURKIC),
    mapLetters(japanese, RU_BASE),
  ];
  return [...new Set(out)];
}

export const hasCyrillic = (text: string): boolean => /\p{Script=Cyrillic}/u.test(text);
