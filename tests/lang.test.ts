// Russian and Uzbek questions: language detection, the two Uzbek scripts, Russian stems and Uzbek
// endings, the glossary's coverage of what the library names, and the Russian/Uzbek question sets
// scored through the engine against bars.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readQuestions, scoreSet } from '../bench/score.js';
import { openEngine } from '../src/answer/engine.js';
import { detectLang, parseLang } from '../src/lang/detect.js';
import { glossaries, levenshtein, loadGlossaryEntries, parseGlossary } from '../src/lang/glossary.js';
import { libraryNames, readQuestion } from '../src/lang/index.js';
import { NameMatcher } from '../src/lang/names.js';
import { toEnglishFilter, toEnglishQuestion } from '../src/lang/question.js';
import { ruStem, uzStems } from '../src/lang/stem.js';
import {
  normalizeApostrophes,
  ruToLatinCandidates,
  uzCyrlToLatn,
  uzLatnToCyrl,
} from '../src/lang/translit.js';
import { CITY_NAMES, COUNTRY_NAMES, KNOWN_ACRONYMS } from '../src/lexicon/index.js';
import { analyze } from '../src/search/analyzer.js';

const corpus = new URL('../corpus/', import.meta.url).pathname;
const { engine } = openEngine(corpus);

describe('language detection', () => {
  it.each([
    ['When did Japan open its embassy in Tashkent?', 'en'],
    ['Toshkent and Samarqand: what did JICA fund there?', 'en'],
    ['Какие проекты Япония финансирует в Киргизии?', 'ru'],
    ['Yaponiya Samarqandda qanday loyihalarni moliyalashtirgan?', 'uz-Latn'],
    ['Yaponiya bilan savdo qachon boshlangan?', 'uz-Latn'],
    ['Япония билан савдо қачон бошланган?', 'uz-Cyrl'],
    ['Япония ва Ўзбекистон ўртасидаги алоқалар', 'uz-Cyrl'],
    ['Когда и где в Ташкенте был основан фонд «Ўзбекистон» и кто его возглавил?', 'ru'],
    // Look-alike Cyrillic letters inside English words do not make the question Russian.
    ['Wh\u0435n did the first summit take place in Tokyo?', 'en'],
  ])('%s → %s', (text, lang) => {
    expect(detectLang(text)).toBe(lang);
  });

  it('reads forced languages, and "uz" by the script of the text', () => {
    expect(parseLang('RU')).toBe('ru');
    expect(parseLang('uz', 'Тошкент')).toBe('uz-Cyrl');
    expect(parseLang('uz', 'Toshkent')).toBe('uz-Latn');
    expect(() => parseLang('fr')).toThrow(/unknown language/);
  });

  it('leaves every English question of the fixtures English, unchanged', () => {
    for (const f of ['questions.dev.jsonl', 'questions.dev2.jsonl', 'questions.extra.jsonl']) {
      for (const q of readQuestions(new URL(`./fixtures/${f}`, import.meta.url))) {
        const r = toEnglishQuestion(q.q);
        expect(r.lang, q.q).toBe('en');
        expect(r.english).toBe(q.q);
      }
    }
  });
});

describe('Uzbek scripts', () => {
  it('transliterates Cyrillic to Latin by the 1995 alphabet', () => {
    expect(uzCyrlToLatn('Ўзбекистон')).toBe("O'zbekiston");
    expect(uzCyrlToLatn('Қозоғистон')).toBe("Qozog'iston");
    expect(uzCyrlToLatn('Шавкат')).toBe('Shavkat');
    expect(uzCyrlToLatn('ҲАМКОРЛИК')).toBe('HAMKORLIK');
    expect(uzCyrlToLatn('Ереван, шеър')).toBe("Yerevan, she'r");
  });

  it('writes o‘ and g‘ one way whatever apostrophe was typed', () => {
    const forms = ['O‘zbekiston', 'Oʻzbekiston', "O'zbekiston", 'O`zbekiston', 'O’zbekiston'];
    expect(new Set(forms.map(normalizeApostrophes)).size).toBe(1);
    for (const f of forms) expect(uzLatnToCyrl(f)).toBe('Ўзбекистон');
  });

  it('round-trips Cyrillic → Latin → Cyrillic for words without the ambiguous digraphs', () => {
    const letters = [...'абвгджзиклмнопрстуфхчшўқғҳ'];
    const word = fc
      .array(fc.constantFrom(...letters), { minLength: 1, maxLength: 10 })
      .map((a) => a.join(''))
      // "сҳ" and "шҳ" read back as ш in Latin (Uzbek writes s'h there), "йо"/"йа" as ё/я.
      .filter((w) => !/[сш]ҳ|й[аоуэе]|[сц]ҳ/.test(w));
    fc.assert(fc.property(word, (w) => uzLatnToCyrl(uzCyrlToLatn(w)) === w));
  });

  it('round-trips Latin → Cyrillic → Latin for Uzbek words', () => {
    for (const w of [
      "O'zbekiston",
      'Toshkent',
      'tashqi ishlar vazirligi',
      "g'alaba",
      'hamkorlik',
      'Yaponiya',
      'choy',
    ]) {
      expect(uzCyrlToLatn(uzLatnToCyrl(w))).toBe(w);
    }
  });
});

describe('Russian stems and Uzbek endings', () => {
  it('reads an acronym only in capitals', () => {
    expect(toEnglishQuestion('Сколько ПО экспортирует Узбекистан?').english).toContain('software');
    expect(toEnglishQuestion('Что известно по торговле?').english).not.toContain('software');
    // Other acronyms are typed in lower case too.
    expect(toEnglishQuestion('сколько встреч в формате ца+япония').english).toContain('Central Asia + Japan');
  });

  it('matches a short lower-case word to no name by a near miss', () => {
    const names = new NameMatcher(engine.state.passages.map((p) => p.text));
    expect(names.match(['chipa'], 4)).toBeUndefined();
    expect(names.match(['mirziyoev'], 9)?.name).toBe('Mirziyoyev');
  });

  it('brings case forms of a word to one stem', () => {
    expect(ruStem('встречи')).toBe(ruStem('встречах'));
    expect(ruStem('Инвестиций')).toBe(ruStem('инвестиции'));
    expect(ruStem('ёлка')).toBe(ruStem('елка'));
  });

  it('matches a glossary entry in any case form, dictionary forms included', () => {
    const { ru } = glossaries();
    for (const w of ['Казахстан', 'Казахстана', 'Казахстаном', 'казахстане']) {
      expect(ru.match([{ form: w.toLowerCase(), keys: [ruStem(w)] }], 0)?.entry.english, w).toBe(
        'Kazakhstan',
      );
    }
    for (const w of ['минерал', 'минералы', 'минералов']) {
      expect(ru.match([{ form: w, keys: [ruStem(w)] }], 0)?.entry.english, w).toBe('minerals');
    }
  });

  it('peels Uzbek case, possessive and plural endings', () => {
    expect(uzStems('kompaniyalarining')).toContain('kompaniya');
    expect(uzStems('yaponiyadan')).toContain('yaponiya');
    expect(uzStems('toshkentdagi')).toContain('toshkent');
    expect(uzStems('vazirlari')).toContain('vazir');
    // A final q written g' before a vowel ending.
    expect(uzStems("qishlog'ida")).toContain('qishloq');
  });

  it('transliterates Russian spellings of Japanese and Central Asian names several ways', () => {
    expect(ruToLatinCandidates('Кисида')).toContain('kishida');
    expect(ruToLatinCandidates('Коидзуми')).toContain('koizumi');
    expect(ruToLatinCandidates('Жапаров')).toContain('japarov');
  });

  it('counts edits, and stops counting past the limit', () => {
    expect(levenshtein('takaiti', 'takaichi')).toBe(2);
    expect(levenshtein('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});

describe('the glossary', () => {
  const entries = loadGlossaryEntries();
  const english = (lang: 'ru' | 'uz') =>
    new Set(entries.filter((e) => e.lang === lang).map((e) => e.english));
  // A target counts when it is the name or the analyzer reads it as the same terms ("MOFA" and
  // "Ministry of Foreign Affairs" are one term to the engine).
  const covers = (lang: 'ru' | 'uz', ...names: string[]) => {
    const wanted = names.map((n) => analyze(n).join(' '));
    return [...english(lang)].some((e) => names.includes(e) || wanted.includes(analyze(e).join(' ')));
  };

  it('is well-formed data: five columns, known languages, scripts and kinds', () => {
    expect(() => parseGlossary('ru\tCyrl\tслово\n', 'x.tsv')).toThrow(/x.tsv:1/);
    expect(() => parseGlossary('fr\tLatn\tmot\tword\tword\n', 'x.tsv')).toThrow(/language/);
    expect(entries.length).toBeGreaterThan(1000);
    for (const e of entries)
      expect(e.script === 'Cyrl' || e.lang === 'uz' || /^[\x20-\x7e]+$/.test(e.source)).toBe(true);
  });

  it('gives each source word one line: alternatives go in one entry, "a | b"', () => {
    for (const lang of ['ru', 'uz'] as const) {
      const seen = new Map<string, number>();
      for (const e of entries.filter((x) => x.lang === lang)) {
        // An acronym is its own word: "ПО" (software) is not "по" (on).
        const key = /^[\p{Lu}\d]{2,}$/u.test(e.source) ? e.source : e.source.toLowerCase();
        expect(seen.get(key), `${lang} ${e.source}: lines ${seen.get(key)} and ${e.line}`).toBeUndefined();
        seen.set(key, e.line);
      }
    }
  });

  it.each(['ru', 'uz'] as const)('covers every country of the lexicon (%s)', (lang) => {
    for (const c of COUNTRY_NAMES) expect(covers(lang, c), c).toBe(true);
  });

  it.each(['ru', 'uz'] as const)('covers every city of the lexicon (%s)', (lang) => {
    for (const c of CITY_NAMES) expect(covers(lang, c), c).toBe(true);
  });

  it.each(['ru', 'uz'] as const)('covers every organisation and programme known by acronym (%s)', (lang) => {
    for (const [acronym, { name }] of Object.entries(KNOWN_ACRONYMS)) {
      expect(covers(lang, acronym, name), acronym).toBe(true);
    }
  });

  const entities = engine.state.facts.entities;
  it('covers every part of every person the library names, in Russian', () => {
    const people = entities.filter((e) => e.kind === 'person');
    expect(people.length).toBeGreaterThan(5);
    for (const p of people) for (const part of p.name.split(' ')) expect(covers('ru', part), part).toBe(true);
  });

  it('covers the companies and acronym bodies the library names, in Russian and Uzbek', () => {
    const orgs = entities.filter((e) => e.kind === 'organisation');
    const companies = orgs.filter((o) => /^\p{Lu}\p{Ll}+(?: Corporation)?$/u.test(o.name));
    expect(companies.length).toBeGreaterThan(3);
    for (const lang of ['ru', 'uz'] as const) {
      for (const o of companies) expect(covers(lang, o.name.split(' ')[0]), o.name).toBe(true);
      for (const o of orgs)
        for (const a of o.aliases) expect(covers(lang, a, o.name), `${lang} ${a}`).toBe(true);
    }
  });

  it('reads the library’s people back from their Uzbek Cyrillic spelling', () => {
    const names = libraryNames(engine.state);
    for (const p of entities.filter((e) => e.kind === 'person')) {
      const surname = p.name.split(' ').at(-1)!;
      const r = toEnglishQuestion(`${uzLatnToCyrl(surname)} қачон Тошкентга келган?`, {
        names,
        lang: 'uz-Cyrl',
      });
      expect(r.english, surname).toContain(surname);
    }
  });
});

describe('questions in Russian and Uzbek', () => {
  it('renders question words, names and numbers as English', () => {
    const names = new NameMatcher(engine.state.passages.map((p) => p.text));
    const r = toEnglishQuestion('Когда Такаити встречалась с Мирзиёевым в Токио в 2025 году?', { names });
    expect(r.lang).toBe('ru');
    expect(r.english).toMatch(/^when\b/);
    expect(r.english).toContain('Takaichi');
    expect(r.english).toContain('Mirziyoyev');
    expect(r.english).toContain('Tokyo');
    expect(r.english).toContain('2025');
    expect(r.english).not.toContain('year');
    const uz = toEnglishQuestion('2024-yilda Toshkentda qancha investitsiya kiritilgan?', { names });
    expect(uz.english).toBe('how much 2024 Tashkent investment?');
  });

  it('writes ordinals given in digits as English ordinals, and leaves Uzbek dates and years alone', () => {
    expect(toEnglishQuestion('Где прошла 7-я встреча министров?').english).toContain('7th meeting');
    expect(toEnglishQuestion('9-uchrashuv qayerda boʻlib oʻtgan?').english).toContain('9th meeting');
    expect(toEnglishQuestion('20-dekabr kuni Tokioda nima boʻldi?').english).toContain('20 December');
    expect(toEnglishQuestion('2023-yilda savdo hajmi qancha?').english).toBe('how much 2023 trade volume?');
  });

  it('asks first, as English does, and never starts with a name', () => {
    expect(toEnglishQuestion('Sanae Takaichi kim?').english).toBe('who Sanae Takaichi?');
    expect(toEnglishQuestion('Когда и где прошла встреча?').english).toMatch(/^when and where\b/);
    expect(toEnglishQuestion('Тошкентдаги марказ ҳақида').english).toMatch(/^about Tashkent\b/);
  });

  it('keeps a name it cannot place, transliterated and capitalised, for the engine to decline', () => {
    const r = toEnglishQuestion('Что Япония обсуждала с Гватемалой в 2023 году?', {});
    expect(r.english).toMatch(/\bGvatemal/);
    expect(toEnglishQuestion('Гватемала и Япония: какой товарооборот?', {}).english).toContain('Gvatemala');
    expect(toEnglishQuestion('Расскажите о саммите', {}).english).toBe('about summit');
    const uz = toEnglishQuestion('Yaponiya Gvatemala bilan nima kelishgan?', {});
    expect(uz.english).toContain('Gvatemala');
  });

  it('keeps every anchor of the out-of-corpus questions: names as names, years as years', () => {
    for (const f of ['questions.ru-uz.dev.jsonl', 'questions.ru-uz.extra.jsonl']) {
      for (const q of readQuestions(new URL(`./fixtures/${f}`, import.meta.url)).filter((x) => x.abstain)) {
        const r = readQuestion(q.q, engine.state);
        for (const y of q.q.match(/\b(?:19|20)\d\d\b/g) ?? []) expect(r.english, q.q).toContain(y);
        const capitals = r.words.filter((w) => /^\p{Lu}/u.test(w.source) && w.how !== 'glossary');
        for (const w of capitals) expect(w.english, `${q.q}: ${w.source}`).toMatch(/^\p{Lu}/u);
      }
    }
  });

  it('answers with English quotes and says which language was asked', () => {
    const a = engine.answer('Когда Коидзуми посетил Узбекистан?');
    expect(a.lang).toBe('ru');
    expect(a.answered).toBe(true);
    expect(a.citations[0].snippet).toMatch(/Koizumi/);
    expect(engine.answer('When did Koizumi visit Uzbekistan?').lang).toBeUndefined();
    expect(engine.answer('Koizumi qachon keldi', { lang: 'uz' }).lang).toBe('uz-Latn');
  });

  it('reads /timeline and /figures filters in Russian and Uzbek', () => {
    expect(toEnglishFilter('Казахстан')).toBe('Kazakhstan');
    expect(toEnglishFilter('savdo')).toBe('trade');
    expect(toEnglishFilter('Узбекистан с 2019 года')).toBe('Uzbekistan since 2019');
    expect(toEnglishFilter('Ўзбекистон 2019-йилдан')).toBe('Uzbekistan since 2019');
    expect(toEnglishFilter('2019-2022')).toBe('2019-2022');
    expect(toEnglishFilter('Uzbekistan 2019')).toBe('Uzbekistan 2019');
    expect(engine.timeline('Казахстан')).toEqual(engine.timeline('Kazakhstan'));
    expect(engine.figures('savdo')).toEqual(engine.figures('trade'));
    expect(engine.figures('savdo').length).toBeGreaterThan(0);
  });

  const bars = [
    ['questions.ru-uz.dev.jsonl', 0.8, 0.85],
    ['questions.ru-uz.extra.jsonl', 0.8, 0.85],
  ] as const;
  it.each(bars)('scores %s: hit@1 ≥ %s, hit@3 ≥ %s, every answer cited', (file, hit1, hit3) => {
    const qs = readQuestions(new URL(`./fixtures/${file}`, import.meta.url));
    const score = scoreSet(
      qs,
      qs.map((q) => engine.answer(q.q)),
    );
    expect(score.hit1).toBeGreaterThanOrEqual(hit1);
    expect(score.hit3).toBeGreaterThanOrEqual(hit3);
    expect(score.answeredWithoutCitation).toBe(0);
  });
});
