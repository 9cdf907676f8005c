// Word endings: Russian through the Snowball stemmer; Uzbek, an agglutinative language, by peeling
// case, possessive, plural and common verb endings off the end, one at a time, so each shorter form can
// be looked up in the glossary ("Toshkentdagi" → "toshkent", "kompaniyalarining" → "kompaniya").
import { createRequire } from 'node:module';
import type * as Snowball from 'snowball-stemmers';

// A CommonJS module whose exports ESM interop cannot see statically: required as CommonJS. Loaded on
// the first Russian word, not at start: the package loads all its languages (about 70 ms), and most
// starts of the CLI or the bot answer English first.
let stemmer: Snowball.Stemmer | undefined;
const russian = (): Snowball.Stemmer =>
  (stemmer ??= (createRequire(import.meta.url)('snowball-stemmers') as typeof Snowball).newStemmer(
    'russian',
  ));

/** The Snowball stem of a Russian word, lower case, ё read as е (as the stemmer expects). */
export function ruStem(word: string): string {
  return russian().stem(word.toLowerCase().replace(/ё/g, 'е'));
}

// Snowball stems a word form, and a dictionary form does not always stem like its other forms ("минерал"
// → "минера", "минералы" → "минерал"; "Казахстан" → "казахста", "Казахстаном" → "казахстан"). A glossary
// entry is given in dictionary form; its keys are the stems of the forms it takes in a sentence.
const NOUN_ENDINGS = [
  '',
  'а',
  'у',
  'е',
  'ом',
  'ой',
  'ы',
  'и',
  'ов',
  'ей',
  'ам',
  'ами',
  'ах',
  'ю',
  'я',
  'ям',
  'ях',
];
const ADJ_ENDINGS = [
  'ый',
  'ий',
  'ой',
  'ого',
  'ому',
  'ым',
  'ом',
  'ая',
  'ую',
  'ое',
  'ые',
  'ых',
  'ыми',
  'его',
  'ему',
  'им',
  'ем',
  'яя',
  'ее',
  'ие',
  'их',
  'ими',
  'ей',
];
const VERB_ENDINGS = [
  'ть',
  'л',
  'ла',
  'ло',
  'ли',
  'ет',
  'ют',
  'ит',
  'ят',
  'ем',
  'им',
  'ут',
  'ат',
  'лся',
  'лась',
  'лось',
  'лись',
  'ется',
  'ются',
  'ится',
  'ятся',
  'ться',
  'вший',
  'нный',
  'нная',
  'нные',
  'нных',
  'ние',
  'ния',
];

export function ruEntryKeys(lemma: string): string[] {
  const w = lemma.toLowerCase().replace(/ё/g, 'е');
  const forms = new Set([w]);
  const verb = /^(.*?)(ться|тись|ть|ти|чь)$/.exec(w);
  const adj = /^(.{3,}?)(ый|ий|ой|ая|ое|ые|ие|яя|ее)$/.exec(w);
  if (verb && verb[1].length >= 2) {
    for (const e of VERB_ENDINGS) forms.add(verb[1] + e);
    // -овать/-евать verbs change their stem in the present: "действовать" → "действует".
    const ova = /^(.*)[ое]ва$/.exec(verb[1]);
    if (ova) for (const e of ['ет', 'ют', 'ем', 'ющий', 'ющие', 'я']) forms.add(`${ova[1]}у${e}`);
  } else if (adj) {
    for (const e of ADJ_ENDINGS) forms.add(adj[1] + e);
  } else {
    const bases = new Set([w, w.replace(/[аяоеьйы]$/, '')]);
    // A fleeting vowel: "марганец" → "марганца", "посол" → "посла".
    if (/[еоё][цкнлрв]$/.test(w)) bases.add(w.slice(0, -2) + w.slice(-1));
    for (const b of bases) for (const e of NOUN_ENDINGS) forms.add(b + e);
  }
  return [...new Set([...forms].map((f) => russian().stem(f)))].filter((k) => k.length >= 2);
}

// Longest first within each group. Case: -ning (genitive), -ni (accusative), -ga/-ka/-qa (dative),
// -da/-ta (locative), -dan/-tan (ablative), -dagi (the one in), -gacha (until), -cha; possessive:
// -imiz, -ingiz, -lari, -si, -i, -im, -ing; plural -lar; verb and participle endings -gan, -ilgan,
// -ish, -moqda, -adi, -di; derivation -lik, -chi, -viy is kept to the glossary (it changes meaning).
const UZ_SUFFIXES = [
  'larining',
  'laridagi',
  'laridan',
  'lariga',
  'larini',
  'larida',
  'lardagi',
  'lardan',
  'larga',
  'larni',
  'larda',
  'lari',
  'lar',
  'ining',
  'sining',
  'ning',
  'dagi',
  'tagi',
  'gacha',
  'idan',
  'sidan',
  'iga',
  'siga',
  'ini',
  'sini',
  'ida',
  'sida',
  'dan',
  'tan',
  'imiz',
  'ingiz',
  'miz',
  'ngiz',
  'ilgan',
  'ingan',
  'lgan',
  'gan',
  'kan',
  'qan',
  'moqda',
  'yapti',
  'adi',
  'ydi',
  'ishni',
  'ish',
  'ib',
  'di',
  'ga',
  'ka',
  'qa',
  'ni',
  'da',
  'ta',
  'si',
  'im',
  'ing',
  'i',
  'chi',
  'cha',
  'mi',
];

/** An Uzbek word and the shorter forms its endings hide, longest first (lower-case Latin, ' apostrophes). */
export function uzStems(word: string): string[] {
  const out = [word];
  const seen = new Set(out);
  // Each form peels one more ending; three layers cover "kompaniya-lar-i-ning".
  let frontier = [word];
  for (let depth = 0; depth < 4; depth++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (const s of UZ_SUFFIXES) {
        if (!w.endsWith(s)) continue;
        const base = w.slice(0, -s.length);
        if (base.length < 3 || seen.has(base)) continue;
        seen.add(base);
        next.push(base);
        // Before a vowel ending a final q or k is voiced in writing: "tarmog'i" is "tarmoq" + i,
        // "qishlog'ida" is "qishloq" + ida, "yuragi" is "yurak" + i.
        if (/^[aeiou]/.test(s)) {
          const hard = base.endsWith("g'")
            ? `${base.slice(0, -2)}q`
            : base.endsWith('g')
              ? `${base.slice(0, -1)}k`
              : '';
          if (hard && !seen.has(hard)) {
            seen.add(hard);
            next.push(hard);
          }
        }
      }
    }
    out.push(...next);
    frontier = next;
  }
  return out.sort((a, b) => b.length - a.length);
}
