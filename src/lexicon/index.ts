// Domain vocabulary the extractors share: countries with their spellings and demonyms, cities, months,
// number words and well-known organisation acronyms. This is a gazetteer of names, not a list of facts:
// it tells the rules what a word is, never what happened.
import { fold } from '../search/analyzer.js';

export const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const MONTH_ABBREVIATIONS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** Month number (1–12) of a month name or abbreviation ("Dec.", "December"), or undefined. */
export function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  const full = MONTHS.indexOf(w);
  if (full >= 0) return full + 1;
  return MONTH_ABBREVIATIONS[w];
}

/** Capitalised month names in full, as a regex source (group-free). */
export const MONTH_NAME_RE = `(?:${MONTHS.map((m) => m[0].toUpperCase() + m.slice(1)).join('|')})`;

/** Capitalised month names and abbreviations, as a regex source (group-free). */
export const MONTH_RE =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)';

export const NUMBER_WORDS: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  dozen: 12,
  dozens: 24,
};

export const ORDINAL_WORDS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
};

export const SCALES: Record<string, number> = {
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  mn: 1e6,
  mln: 1e6,
  m: 1e6,
  billion: 1e9,
  bn: 1e9,
  bln: 1e9,
  b: 1e9,
  trillion: 1e12,
  tn: 1e12,
  trn: 1e12,
};

/** Currency symbols and words to ISO codes. */
export const CURRENCY_SYMBOLS: Record<string, string> = {
  $: 'USD',
  US$: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₽': 'RUB',
  '₸': 'KZT',
};
export const CURRENCY_WORDS: Record<string, string> = {
  dollar: 'USD',
  dollars: 'USD',
  usd: 'USD',
  'us dollars': 'USD',
  yen: 'JPY',
  jpy: 'JPY',
  euro: 'EUR',
  euros: 'EUR',
  eur: 'EUR',
  ruble: 'RUB',
  rubles: 'RUB',
  roubles: 'RUB',
  rub: 'RUB',
  tenge: 'KZT',
  kzt: 'KZT',
  som: 'KGS',
  soms: 'KGS',
  kgs: 'KGS',
  somoni: 'TJS',
  tjs: 'TJS',
  manat: 'TMT',
  tmt: 'TMT',
  sum: 'UZS',
  sums: 'UZS',
  soum: 'UZS',
  soums: 'UZS',
  uzs: 'UZS',
  yuan: 'CNY',
  cny: 'CNY',
  rmb: 'CNY',
};

interface CountryInfo {
  name: string;
  /** Lower-case spellings that name the country or its people. */
  forms: string[];
  /** Cities of the country, for placing events. */
  cities?: string[];
}

const COUNTRY_LIST: CountryInfo[] = [
  {
    name: 'Japan',
    forms: ['japan', 'japanese', 'nippon'],
    cities: [
      'Tokyo',
      'Osaka',
      'Nagoya',
      'Kyoto',
      'Yokohama',
      'Hiroshima',
      'Tsukuba',
      'Sapporo',
      'Fukuoka',
      'Kobe',
    ],
  },
  {
    name: 'Kazakhstan',
    forms: ['kazakhstan', 'kazakh', 'kazakhstani', 'qazaqstan'],
    cities: ['Astana', 'Nur-Sultan', 'Almaty', 'Shymkent', 'Karaganda', 'Aktau'],
  },
  {
    name: 'Kyrgyzstan',
    forms: ['kyrgyzstan', 'kyrgyz', 'kyrgyz republic', 'kirghiz', 'kirgizia', 'kyrgyzstani'],
    cities: ['Bishkek', 'Osh'],
  },
  {
    name: 'Tajikistan',
    forms: ['tajikistan', 'tajik', 'tadjikistan', 'tadjik', 'tajikistani'],
    cities: ['Dushanbe', 'Khujand'],
  },
  {
    name: 'Turkmenistan',
    forms: ['turkmenistan', 'turkmen', 'turkmenistani'],
    cities: ['Ashgabat', 'Ashkhabad', 'Turkmenbashi'],
  },
  {
    name: 'Uzbekistan',
    forms: ['uzbekistan', 'uzbek', 'uzbekistani', "o'zbekiston"],
    cities: [
      'Tashkent',
      'Samarkand',
      'Bukhara',
      'Khiva',
      'Nukus',
      'Andijan',
      'Fergana',
      'Namangan',
      'Navoi',
      'Termez',
    ],
  },
  { name: 'Afghanistan', forms: ['afghanistan', 'afghan'], cities: ['Kabul'] },
  {
    name: 'China',
    forms: ['china', 'chinese', "people's republic of china", 'prc'],
    cities: ['Beijing', 'Shanghai'],
  },
  { name: 'Russia', forms: ['russia', 'russian', 'russian federation'], cities: ['Moscow'] },
  {
    name: 'United States',
    forms: ['united states', 'usa', 'u.s.', 'us', 'american', 'united states of america'],
    cities: ['Washington'],
  },
  {
    name: 'South Korea',
    forms: ['south korea', 'republic of korea', 'korea', 'korean', 'south korean'],
    cities: ['Seoul'],
  },
  { name: 'India', forms: ['india', 'indian'], cities: ['New Delhi'] },
  { name: 'Turkey', forms: ['turkey', 'türkiye', 'turkish'], cities: ['Ankara', 'Istanbul'] },
  { name: 'Mongolia', forms: ['mongolia', 'mongolian'], cities: ['Ulaanbaatar'] },
  { name: 'Iran', forms: ['iran', 'iranian'], cities: ['Tehran'] },
  { name: 'Pakistan', forms: ['pakistan', 'pakistani'], cities: ['Islamabad'] },
  { name: 'Ukraine', forms: ['ukraine', 'ukrainian'], cities: ['Kyiv'] },
  { name: 'Azerbaijan', forms: ['azerbaijan', 'azerbaijani'], cities: ['Baku'] },
  { name: 'Germany', forms: ['germany', 'german'], cities: ['Berlin'] },
  { name: 'France', forms: ['france', 'french'], cities: ['Paris'] },
  { name: 'United Kingdom', forms: ['united kingdom', 'uk', 'britain', 'british'], cities: ['London'] },
];

export const COUNTRY_NAMES = COUNTRY_LIST.map((c) => c.name);

const FORM_TO_COUNTRY = new Map<string, string>();
const CITY_TO_COUNTRY = new Map<string, string>();
for (const c of COUNTRY_LIST) {
  for (const f of c.forms) FORM_TO_COUNTRY.set(f, c.name);
  FORM_TO_COUNTRY.set(c.name.toLowerCase(), c.name);
  for (const city of c.cities ?? []) CITY_TO_COUNTRY.set(city, c.name);
}
// "Nur-Sultan" was Astana's name for a while; both place Kazakhstan.

/** Central Asian countries: the ones a "Central Asia" filter means. */
export const CENTRAL_ASIA = ['Kazakhstan', 'Kyrgyzstan', 'Tajikistan', 'Turkmenistan', 'Uzbekistan'];

const DESK_COUNTRIES = new Set(['Japan', ...CENTRAL_ASIA]);

const foldKey = (s: string) => fold(s).trim();

/** Canonical country for a name, spelling or demonym ("Uzbek", "kazakhstan", "Kyrgyz Republic"). */
export function canonicalCountry(word: string): string | undefined {
  const k = foldKey(word)
    .replace(/^the\s+/, '')
    .replace(/['’]s$/, '');
  return FORM_TO_COUNTRY.get(k) ?? FORM_TO_COUNTRY.get(k.replace(/s$/, ''));
}

export function countryOfCity(city: string): string | undefined {
  return CITY_TO_COUNTRY.get(city);
}

export const CITY_NAMES = [...CITY_TO_COUNTRY.keys()];

// Places are found by looking up capitalised words (and the few two- and four-word names) in maps: one
// cheap pass, where a regex alternation of every spelling would cost ten times as much per sentence.
const SINGLE_FORMS = new Map<string, string>();
const MULTI_FORMS = new Map<string, { form: string; country: string }[]>();
for (const [form, country] of FORM_TO_COUNTRY) {
  const words = form.split(' ');
  const cap = words.map((w) => (w === 'of' ? w : w[0].toUpperCase() + w.slice(1))).join(' ');
  if (words.length === 1) {
    // "us" and "uk" are names only in capitals ("US", "UK"); "U.S." keeps its dots.
    if (form === 'us' || form === 'uk' || form === 'usa' || form === 'prc')
      SINGLE_FORMS.set(form.toUpperCase(), country);
    else if (form === 'u.s.') SINGLE_FORMS.set('U.S.', country);
    else SINGLE_FORMS.set(cap, country);
  } else {
    const first = cap.split(' ')[0];
    const list = MULTI_FORMS.get(first) ?? [];
    list.push({ form: cap, country });
    list.sort((a, b) => b.form.length - a.form.length);
    MULTI_FORMS.set(first, list);
  }
}
const MULTI_CITIES = CITY_NAMES.filter((c) => c.includes(' '));

const CAP_WORD_RE = /[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F'’.-]*/g;

export interface Places {
  countries: string[];
  cities: string[];
}

/** Countries (by canonical name; cities place their country) and cities a text names, in order of mention. */
// The same sentence is read by the event, figure and entity rules: the last few answers are kept.
const placeMemo = new Map<string, Places>();

export function placesIn(text: string): Places {
  if (text.length < 80) return findPlaces(text);
  let found = placeMemo.get(text);
  if (!found) {
    found = findPlaces(text);
    if (placeMemo.size >= 32) placeMemo.delete(placeMemo.keys().next().value!);
    placeMemo.set(text, found);
  }
  return found;
}

function addUnique(list: string[], item: string | undefined): void {
  if (item && !list.includes(item)) list.push(item);
}

function findPlaces(text: string): Places {
  const countries: string[] = [];
  const cities: string[] = [];
  CAP_WORD_RE.lastIndex = 0;
  for (let m = CAP_WORD_RE.exec(text); m; m = CAP_WORD_RE.exec(text)) {
    let word = m[0];
    const last = word.charCodeAt(word.length - 1);
    if (last === 115 /* s */ && /[’']s$/.test(word)) word = word.slice(0, -2);
    const multi = MULTI_FORMS.get(word);
    if (multi) {
      const hit = multi.find(
        (x) => text.startsWith(x.form, m!.index) && !/[A-Za-z]/.test(text[m!.index + x.form.length] ?? ''),
      );
      if (hit) {
        addUnique(countries, hit.country);
        CAP_WORD_RE.lastIndex = m.index + hit.form.length;
        continue;
      }
    }
    if (word === 'New' && MULTI_CITIES.some((c) => text.startsWith(c, m!.index))) {
      const city = MULTI_CITIES.find((c) => text.startsWith(c, m!.index))!;
      if (!cities.includes(city)) cities.push(city);
      addUnique(countries, CITY_TO_COUNTRY.get(city));
      continue;
    }
    if (word.charCodeAt(word.length - 1) === 46 /* . */ && word !== 'U.S.') word = word.slice(0, -1);
    const direct = SINGLE_FORMS.get(word) ?? CITY_TO_COUNTRY.get(word);
    if (direct) {
      if (CITY_TO_COUNTRY.has(word) && !cities.includes(word)) cities.push(word);
      addUnique(countries, direct);
      continue;
    }
    if (word.includes('-')) {
      // "Uzbek-Japanese", "Kazakhstan-Japan"; "Nur-Sultan" is a city of its own
      if (CITY_TO_COUNTRY.has(word)) continue;
      for (const part of word.split('-')) addUnique(countries, SINGLE_FORMS.get(part));
    }
  }
  return { countries, cities };
}

/** Countries a text names, by canonical name, in order of first mention (cities place their country). */
export function countriesIn(text: string): string[] {
  return placesIn(text).countries;
}

/** Whether the desk answers from an article: its title or opening passages name Japan or a Central Asian
 *  country. A quote from any other article answers something else, however well its words match. */
export function isDeskArticle(title: string, opening: readonly string[]): boolean {
  return countriesIn(`${title} ${opening.join(' ')}`).some((c) => DESK_COUNTRIES.has(c));
}

/** Cities a text names. */
export function citiesIn(text: string): string[] {
  return placesIn(text).cities;
}

/**
 * Well-known organisations and programmes by acronym, for acronyms an article uses without spelling out.
 * Expansions an article gives itself ("Japan International Cooperation Agency (JICA)") are learnt at
 * extraction time and take precedence.
 */
export const KNOWN_ACRONYMS: Record<
  string,
  { name: string; kind: 'organisation' | 'programme'; country?: string }
> = {
  JICA: { name: 'Japan International Cooperation Agency', kind: 'organisation', country: 'Japan' },
  JETRO: { name: 'Japan External Trade Organization', kind: 'organisation', country: 'Japan' },
  JBIC: { name: 'Japan Bank for International Cooperation', kind: 'organisation', country: 'Japan' },
  JOGMEC: {
    name: 'Japan Organization for Metals and Energy Security',
    kind: 'organisation',
    country: 'Japan',
  },
  NEXI: { name: 'Nippon Export and Investment Insurance', kind: 'organisation', country: 'Japan' },
  MOFA: { name: 'Ministry of Foreign Affairs of Japan', kind: 'organisation', country: 'Japan' },
  METI: { name: 'Ministry of Economy, Trade and Industry', kind: 'organisation', country: 'Japan' },
  JIIA: { name: 'Japan Institute of International Affairs', kind: 'organisation', country: 'Japan' },
  CAREC: { name: 'Central Asia Regional Economic Cooperation', kind: 'programme' },
  ADB: { name: 'Asian Development Bank', kind: 'organisation' },
  EBRD: { name: 'European Bank for Reconstruction and Development', kind: 'organisation' },
  OECD: { name: 'Organisation for Economic Co-operation and Development', kind: 'organisation' },
  WTO: { name: 'World Trade Organization', kind: 'organisation' },
  UN: { name: 'United Nations', kind: 'organisation' },
  EU: { name: 'European Union', kind: 'organisation' },
  SCO: { name: 'Shanghai Cooperation Organisation', kind: 'organisation' },
  CIS: { name: 'Commonwealth of Independent States', kind: 'organisation' },
  ASEAN: { name: 'Association of Southeast Asian Nations', kind: 'organisation' },
  IMF: { name: 'International Monetary Fund', kind: 'organisation' },
  UNDP: { name: 'United Nations Development Programme', kind: 'organisation' },
  OSCE: { name: 'Organization for Security and Co-operation in Europe', kind: 'organisation' },
  ODA: { name: 'official development assistance', kind: 'programme' },
  JCM: { name: 'Joint Credit Mechanism', kind: 'programme', country: 'Japan' },
  ISRS: { name: 'Institute for Strategic and Regional Studies', kind: 'organisation', country: 'Uzbekistan' },
  ISIS: {
    name: 'Institute for Strategic and Interregional Studies',
    kind: 'organisation',
    country: 'Uzbekistan',
  },
};

/** Upper-case words that are not organisations (currencies, measures, numerals, countries). */
export const NOT_ORG_ACRONYMS = new Set([
  'GDP',
  'GNP',
  'IT',
  'AI',
  'ICT',
  'CEO',
  'NGO',
  'PHD',
  'UZS',
  'USD',
  'JPY',
  'EUR',
  'RUB',
  'KZT',
  'KGS',
  'TJS',
  'TMT',
  'CNY',
  'COVID',
  'II',
  'III',
  'IV',
  'VI',
  'VII',
  'VIII',
  'IX',
  'XI',
  'XX',
  'XXI',
  'TV',
  'US',
  'USA',
  'UK',
  'USSR',
  'PRC',
  'FM',
  'PM',
  'MW',
  'GW',
  'KW',
  'KWH',
  'CO',
  'CO2',
  'LNG',
  'FDI',
  'SME',
  'SMES',
  'BRI',
  'OK',
  'AM',
  'PM',
  'UTC',
  'GMT',
  'PDF',
  'URL',
  'HTTP',
  'HTTPS',
  'WWW',
  'NO',
  'A',
  'I',
  'C5',
  'Q1',
  'Q2',
  'Q3',
  'Q4',
  'H1',
  'H2',
  'VS',
  'ETC',
  'NEW',
  'THE',
  'AND',
  'OF',
  'IN',
]);
