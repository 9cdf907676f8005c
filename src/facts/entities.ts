// Entities: people with the role the text gives them at the time, organisations with their acronyms,
// countries and cities, programmes and documents. Found by rules over capitalised runs, role titles and
// "Full Name (ACRONYM)" pairs; one entity per name, with the passages that mention it.
import type { Entity } from '../types.js';
import type { Authorship } from './authors.js';
import {
  canonicalCountry,
  countriesIn,
  countryOfCity,
  KNOWN_ACRONYMS,
  MONTHS,
  NOT_ORG_ACRONYMS,
  placesIn,
} from '../lexicon/index.js';

/** An entity under construction; `evidence` keeps the sentences that say who or what it is. */
export interface FactEntity extends Entity {
  /** Every role the texts give a person, in the order found. */
  roles?: string[];
  /** Up to three sentences that define the entity (its role, its expansion), with their passage. */
  evidence?: { passageId: string; snippet: string }[];
  /** How many passages mention it (`mentions` keeps at most MAX_MENTIONS of them). */
  mentionCount?: number;
  /** Articles the person wrote, with the post each states (front matter `author`, `author_info`). */
  authorOf?: Authorship[];
  /** An organisation's or programme's name as index terms: cards find it by a question's terms, and
   *  analysing 8,000 names on a library's first question took a tenth of a second. */
  nameTerms?: string[];
}

export const MAX_MENTIONS = 200;

// Known expansions by name, so "Japan External Trade Organization" is also found as "JETRO".
const ACRONYM_OF_NAME = new Map(
  Object.entries(KNOWN_ACRONYMS).map(([acr, v]) => [v.name.toLowerCase(), acr]),
);
const MAX_EVIDENCE = 3;

const ORG_HEAD =
  /^(?:Agency|Organization|Organisation|Bank|Institute|Institution|Center|Centre|Committee|Ministry|Ministries|University|Society|League|Corporation|Company|Commission|Council|Association|Foundation|Group|Office|Embassy|Parliament|Assembly|Chamber|Union|Academy|School|College|Secretariat|Service|Authority|Exchange|Trust|Holding|Holdings|Partners|Inc\.?|Ltd\.?|Co\.?)$/;
const PROGRAMME_HEAD =
  /^(?:Concept|Program|Programme|Plan|Strategy|Declaration|Mechanism|Initiative|Agreement|Treaty|Memorandum|Roadmap|Book|Statement|Fund|Hub|Vision|Doctrine|Charter|Accord|Project|Dialogue|Framework|Convention|Protocol|Format)$/;
const HEAD_ANY =
  /Agency|Organi[sz]ation|Bank|Institut|Cent(?:er|re)|Committee|Ministr|Universit|Society|League|Corporation|Company|Commission|Council|Association|Foundation|Group|Office|Embassy|Parliament|Assembly|Chamber|Union|Academy|School|College|Secretariat|Service|Authority|Exchange|Trust|Holding|Partners|Inc|Ltd|Co\b|Concept|Program|Plan|Strateg|Declaration|Mechanism|Initiative|Agreement|Treaty|Memorandum|Roadmap|Book|Statement|Fund|Hub|Vision|Doctrine|Charter|Accord|Project|Dialogue|Framework|Convention|Protocol|Format/;
const CONNECTOR = /^(?:of|for|on|and|de|&|the)$/;

// Capitalised words that are never a person's name.
const NOT_NAME = new Set([
  'The',
  'This',
  'That',
  'These',
  'Those',
  'A',
  'An',
  'In',
  'On',
  'At',
  'By',
  'For',
  'From',
  'With',
  'And',
  'But',
  'Central',
  'Asia',
  'Asian',
  'Japan',
  'Japanese',
  'President',
  'Minister',
  'Ministers',
  'Prime',
  'Foreign',
  'Affairs',
  'Republic',
  'Summit',
  'Dialogue',
  'Leaders',
  'Leader',
  'Head',
  'State',
  'Director',
  'Deputy',
  'Department',
  'Institute',
  'Ministry',
  'University',
  'Agency',
  'Organization',
  'Bank',
  'Center',
  'Centre',
  'Committee',
  'Council',
  'Cooperation',
  'Mr',
  'Mrs',
  'Ms',
  'Dr',
  'Today',
  'However',
  'According',
  'During',
  'Following',
  'Since',
  'After',
  'Before',
  'Under',
  'Silk',
  'Road',
  'Great',
  'World',
  'War',
  'Declaration',
  'Plan',
  'Program',
  'Programme',
  'Strategy',
  'Action',
  'Tokyo',
  'Moscow',
  'Beijing',
  'Washington',
  'Kabul',
  'Astana',
  'Tashkent',
  'Dushanbe',
  'Bishkek',
  'Ashgabat',
  'Current',
  'Former',
  'Then',
  'Now',
  'Interim',
  'Acting',
  'Ambassador',
  'Chairman',
  'Chair',
  'Secretary',
  'General',
  'Kingdom',
  'States',
  'United',
  'Union',
  'European',
  'Federation',
  'Parliament',
  'Embassy',
  'Relations',
  'Studies',
  'Emperor',
  'King',
  'Queen',
  'Crown',
  'Prince',
  'Governor',
  'Mayor',
  'Speaker',
  'Senator',
  'Professor',
  'Vice',
  ...MONTHS.map((m) => m[0].toUpperCase() + m.slice(1)),
]);

// Latin letters with the accents names carry; plain character ranges keep these regexes fast (no /u).
const UP = 'A-Z\\u00C0-\\u00DE';
const LOW = 'a-z\\u00DF-\\u00FF\\u0100-\\u017F';
const LETTER = `${UP}${LOW}`;
const NAME_TOKEN = `[${UP}][${LOW}'’]+(?:-[${UP}][${LOW}]+)?`;
// "Ana Lind", "Jean-Paul Martin", "Aigerim Testova": two or three name tokens.
const NAME = `${NAME_TOKEN}(?:\\s${NAME_TOKEN}){1,2}`;
const ROLE_CORE = `(?:Deputy Prime Minister|Prime Ministers?|Foreign Ministers?|Minister of Foreign Affairs|Ministers? of [${UP}][${LETTER}]+(?:(?:,| and| of| for)? [${UP}][${LETTER}]+)*|Ministers?|Vice[- ]President|Presidents?|Ambassadors?|Chairman|Chairwoman|Chairperson|Deputy Director|Director-General|Director General|Director|Secretary-General|Secretary General|Secretary of State|Speaker|Governor|Mayor|Head of State|Emperor|King|Crown Prince|Senator|Professor|Chief Executive|Dr\\.)`;
const ROLE_PREFIX =
  '(?:(?:[Tt]hen|[Ff]ormer|[Cc]urrent|[Nn]ow|[Ii]nterim|[Aa]cting|[Ii]ncoming|[Oo]utgoing|[Ll]ate|[Nn]ewly elected|[Ff]irst)[- ]+)*';
const NATIONALITY =
  '(?:(?:Japanese|Uzbek|Kazakh|Kazakhstani|Kyrgyz|Tajik|Turkmen|Afghan|Chinese|Russian|US|U\\.S\\.|American|Korean|South Korean|Indian|Turkish|Mongolian)\\s+)?';
const ROLE = `${ROLE_PREFIX}${NATIONALITY}${ROLE_PREFIX}${ROLE_CORE}(?:\\s+of\\s+(?:the\\s+)?(?:Republic\\s+of\\s+)?[${UP}][${LETTER}]+(?:\\s+[${UP}][${LETTER}]+)?)?`;

// "Chaired by Ana Lind", "By Dr. Omar Test"
const BY_NAME = new RegExp(
  `\\b(?:[Cc]haired|[Ll]ed|[Hh]eaded|[Hh]osted|[Ss]igned|[Pp]roposed|[Ii]ntroduced|[Ii]nitiated|[Oo]pened|[Aa]ccording to|^By)\\s+(?:by\\s+)?(?:Dr\\.\\s+|Mr\\.\\s+|Ms\\.\\s+)?(${NAME})(?![${LETTER}])`,
  'g',
);
// "…the ministers of the three states: Ana Lind, Omar Test, …"
const NAME_LIST = new RegExp(`:\\s+((?:${NAME},\\s+){1,}(?:and\\s+)?${NAME})(?=[.;]|$)`, 'g');

// Anchored at a given word start (sticky), so they are tried at a handful of places instead of everywhere:
// "then-Foreign Minister of Chile Ana Lind", "Korean Prime Ministers Kim Doyun … and Park Sena"
const ROLE_NAME_AT = new RegExp(`(${ROLE})\\s+(${NAME})(?![${LETTER}])`, 'y');
// "Ana Lind, the former Prime Minister of Norway," / "Omar Test, President of the Republic of Chad,"
const NAME_ROLE_AT = new RegExp(
  `(${NAME}),\\s+(?:the\\s+)?(${ROLE}(?:,\\s+[${UP}][^,.;]{3,80})?)(?=[,.;]|$)`,
  'y',
);
const WORD_START = new RegExp(`(?<![${LETTER}'’-])[${LETTER}]`, 'g');
const ROLE_WORD =
  /President|Minister(?!i)|Director|Ambassador|Chair|Secretary|Speaker|Governor|Mayor|Emperor|King|Prince|Senator|Professor|Dr\.|Head of/g;
const MORE_NAMES = new RegExp(`^(?:[^.;]{0,40}?)\\s+and\\s+(${NAME})`);
const ACRONYM_PAREN = /\(([A-Z][A-Za-z&]{1,7})\)/g;
const ACRONYM = /(?<![A-Za-z\d-])([A-Z][A-Z&]{1,6}[A-Z]?)(?![A-Za-z\d-])/g;
const QUOTED =
  /[“"]([^”"]{3,90})[”"](?:\s+(dialogue|format|project|program|programme|initiative|concept|strategy|plan))?/g;
// Items are comma-separated (one way to split a list, so no backtracking blow-up on long capitalised runs).
const LIST_ITEM = '[A-Z][\\w&.-]*(?:\\s[A-Z][\\w&.-]*){0,2}';
const COMPANY_LIST = new RegExp(
  `\\b(?:companies|firms|corporations|banks|institutions|organizations|organisations|agencies|businesses|groups),?\\s+(?:such as|including|like|namely)\\s+((?:${LIST_ITEM},\\s+)*${LIST_ITEM}(?:,?\\s+and\\s+${LIST_ITEM})?)`,
  'g',
);

/** What `add` is told besides the name. */
export interface EntityOptions {
  alias?: string;
  role?: string;
  country?: string;
  /** A text whose first country is the entity's, read only when the entity has none yet (most mentions are repeats). */
  countryFrom?: string;
  evidence?: string;
}

interface Collector {
  add(kind: Entity['kind'], name: string, passageId: string, opts?: EntityOptions): FactEntity;
}

function resolveCountry(opts: EntityOptions): string | undefined {
  return (opts.countryFrom !== undefined ? countriesIn(opts.countryFrom)[0] : undefined) ?? opts.country;
}

/** Normalised key of a name: case, quotes and the ways of writing "Central Asia + Japan" folded. */
const keyCache = new Map<string, string>();

export function entityKey(name: string): string {
  let key = keyCache.get(name);
  if (key === undefined) {
    key = computeKey(name);
    if (keyCache.size > 50_000) keyCache.clear();
    keyCache.set(name, key);
  }
  return key;
}

function computeKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[“”"«»]/g, '')
    .replace(/[’']s\b/g, '')
    .replace(/\s*(?:\+|\bplus\b|—|–)\s*/g, '+')
    .replace(/\s*-\s*(?=japan\b)/g, '+')
    .replace(/\b(?:dialogue|format)$/g, '')
    .replace(/^the\s+/, '')
    .replace(/[^\p{L}\p{N}+&]+/gu, ' ')
    .trim();
}

/** Initials of a name's significant words ("Japan International Cooperation Agency" → "JICA"). */
function initials(words: string[]): string {
  return words
    .filter((w) => !/^(?:of|for|and|the|on|in|de|&)$/i.test(w))
    .map((w) =>
      w
        .split('-')
        .map((p) => p[0])
        .join(''),
    )
    .join('')
    .toUpperCase();
}

/** The words before "(ACR)" that spell the acronym, shortest first. */
function expansionBefore(s: string, at: number, acronym: string): string | undefined {
  const words = s.slice(0, at).trim().split(/\s+/);
  for (let n = 1; n <= Math.min(words.length, acronym.length + 4); n++) {
    const cand = words.slice(-n).map((w) => w.replace(/^[“"(]|[”",]$/g, '').replace(/[’']s$/, ''));
    if (/^(?:of|for|and|the|on|in)$/i.test(cand[0])) continue;
    if (initials(cand) === acronym.toUpperCase()) return cand.join(' ');
  }
  return undefined;
}

const CAP = "[A-Z\\u00C0-\\u00DE][A-Za-z\\u00C0-\\u024F0-9’'&-]*";
const RUN_SEP = '(?:\\s+(?:(?:of|for|on)\\s+(?:the\\s+)?|(?:and|de|&)\\s+)?|\\s*[–+]\\s*)';
const RUN = new RegExp(`${CAP}(?:${RUN_SEP}(?:${CAP}|(?:19|20)\\d\\d(?=\\s+[A-Z])))*`, 'g');

/** Capitalised runs ("Korea International Trade Agency", "Andes – Korea 2050 Cooperation Strategy"). */
function capitalisedRuns(s: string): { start: number; words: string[] }[] {
  const runs: { start: number; words: string[] }[] = [];
  RUN.lastIndex = 0;
  for (let m = RUN.exec(s); m; m = RUN.exec(s)) {
    if (!/\s|[–+]/.test(m[0]) || !HEAD_ANY.test(m[0])) continue; // one word alone, or no head word: not a name of this kind
    const words = m[0]
      .replace(/\s*([–+])\s*/g, ' $1 ')
      .split(/\s+/)
      .map((w) => w.replace(/\.$/, ''));
    // "KEXIM and Hanwa Corporation" are two names; "Research and Analytical Center" is one.
    let from = 0;
    for (let i = 1; i < words.length - 1; i++) {
      if (
        words[i] === 'and' &&
        (/^[A-Z&]{2,}$/.test(words[i - 1]) ||
          ORG_HEAD.test(words[i - 1]) ||
          PROGRAMME_HEAD.test(words[i - 1]))
      ) {
        runs.push({ start: m.index, words: words.slice(from, i) });
        from = i + 1;
      }
    }
    runs.push({ start: m.index, words: words.slice(from) });
  }
  return runs.filter((r) => r.words.length);
}

const SENTENCE_OPENERS =
  /^(?:The|A|An|This|These|Those|That|In|On|At|By|For|From|With|As|Since|During|Following|Today|However|Moreover|Consequently|Furthermore|Such|Its|Their|Our|Under|After|Before|Regionally|Recently|Representing|Discussions|Experts|Cooperation)$/;

/** The sentence of `sentences` (joined by single spaces) that holds offset `at`. */
function sentenceAt(sentences: string[], at: number): string {
  let from = 0;
  for (const s of sentences) {
    if (at < from + s.length + 1) return s;
    from += s.length + 1;
  }
  return sentences[sentences.length - 1] ?? '';
}

/**
 * Entities named in a passage's sentences, added to the collector. The rules run once over the passage's
 * text (its sentences joined by spaces, as in `Passage.text`); evidence is the sentence a match falls in.
 */
export function entitiesInPassage(sentences: string[], passageId: string, c: Collector): void {
  const s = sentences.length === 1 ? sentences[0] : sentences.join(' ');
  // Countries and cities.
  const places = placesIn(s);
  for (const country of places.countries) c.add('country', country, passageId);
  for (const city of places.cities) c.add('city', city, passageId, { country: countryOfCity(city) });

  // People: the person rules are tried only at the few word starts just before a role title
  // ("…Foreign Minister of Chile Ana Lind", "Omar Test, the former Prime Minister…").
  ROLE_WORD.lastIndex = 0;
  let tried = -1;
  for (let r = ROLE_WORD.exec(s); r; r = ROLE_WORD.exec(s)) {
    const from = Math.max(0, r.index - 70);
    let roleDone = false;
    let nameDone = false;
    WORD_START.lastIndex = from;
    for (let w = WORD_START.exec(s); w && w.index <= r.index; w = WORD_START.exec(s)) {
      const q = w.index;
      if (q <= tried) continue;
      if (!roleDone && q >= r.index - 45) {
        ROLE_NAME_AT.lastIndex = q;
        const m = ROLE_NAME_AT.exec(s);
        if (m) {
          roleDone = true;
          const role = m[1].replace(/^the\s+/i, '');
          // "Korean Prime Ministers Kim Doyun in May 2011 and Park Sena": a plural role names several.
          const names = [m[2]];
          if (/s$/.test(role)) {
            const more = MORE_NAMES.exec(s.slice(q + m[0].length, q + m[0].length + 120));
            if (more) names.push(more[1]);
          }
          for (const name of names) addPerson(c, name, singular(role), passageId, sentenceAt(sentences, q));
        }
      }
      if (!nameDone && /[A-Z\u00C0-\u00DE]/.test(s[q])) {
        NAME_ROLE_AT.lastIndex = q;
        const m = NAME_ROLE_AT.exec(s);
        if (m) {
          nameDone = true;
          addPerson(c, m[1], m[2].replace(/^the\s+/i, ''), passageId, sentenceAt(sentences, q));
        }
      }
      if (roleDone && nameDone) break;
    }
    tried = r.index;
  }
  if (/\bby [A-Z]|(?:^|\.\s)By |[Aa]ccording to [A-Z]/.test(s)) {
    for (const m of s.matchAll(BY_NAME))
      addPerson(c, m[1], undefined, passageId, sentenceAt(sentences, m.index), true);
  }
  if (/:\s+[A-Z]/.test(s)) {
    for (const m of s.matchAll(NAME_LIST)) {
      for (const name of m[1].split(/,\s+(?:and\s+)?|\s+and\s+/))
        addPerson(c, name, undefined, passageId, sentenceAt(sentences, m.index));
    }
  }

  // "Full Name (ACR)"
  if (s.includes('(')) {
    for (const m of s.matchAll(ACRONYM_PAREN)) {
      const acr = m[1];
      const name = expansionBefore(s, m.index, acr);
      if (!name) continue;
      if (canonicalCountry(name)) continue; // "United States (US)"
      const last = name.split(/\s+/).pop()!;
      const kind = PROGRAMME_HEAD.test(last) || /^[a-z]/.test(name) ? 'programme' : 'organisation';
      c.add(kind, name, passageId, {
        alias: acr,
        countryFrom: name,
        country: KNOWN_ACRONYMS[acr]?.country,
        evidence: sentenceAt(sentences, m.index),
      });
    }
  }

  // Capitalised runs with an organisation or programme head word.
  for (const run of capitalisedRuns(s)) {
    let words = run.words;
    if (!words.some((w) => ORG_HEAD.test(w) || PROGRAMME_HEAD.test(w))) continue;
    while (
      words.length &&
      (SENTENCE_OPENERS.test(words[0]) || CONNECTOR.test(words[0]) || /[’']s$/.test(words[0]))
    )
      words = words.slice(1);
    // "Leaders’ Summit of the Andes + Korea Dialogue": the occasion is an event; the name is what follows "of".
    const ofAt = words.findIndex(
      (w, i) =>
        i > 0 && w === 'of' && /^(?:Summit|Meeting|Session|Forum|Conference|Visit)$/.test(words[i - 1]),
    );
    if (ofAt > 0) words = words.slice(words[ofAt + 1] === 'the' ? ofAt + 2 : ofAt + 1);
    if (words.length < 2) continue;
    // the last head word decides: "…Youth Innovation Center" is an organisation, "…Investment Fund" a programme
    let head = -1;
    let kind: Entity['kind'] | undefined;
    for (let i = words.length - 1; i >= 1; i--) {
      if (ORG_HEAD.test(words[i])) {
        head = i;
        kind = 'organisation';
        break;
      }
      if (PROGRAMME_HEAD.test(words[i])) {
        head = i;
        kind = 'programme';
        break;
      }
    }
    // a head at the front ("Ministry of Foreign Affairs of Kazakhstan", "University of Tsukuba")
    if (!kind && ORG_HEAD.test(words[0]) && words.length >= 3 && /^(?:of|for)$/.test(words[1])) {
      head = words.length - 1;
      kind = 'organisation';
    }
    if (!kind) continue;
    // keep the "of …" tail of a head-first name ("Institute of Macroeconomic and Regional Studies")
    const tailOf = head < words.length - 1 && /^(?:of|for|on)$/.test(words[head + 1]);
    const name = (tailOf ? words : words.slice(0, head + 1)).join(' ').replace(/\s+([–+])\s+/g, ' $1 ');
    if (name.split(/\s+/).length > 12) continue;
    c.add(kind, qualified(s, run.start, name, kind), passageId, { countryFrom: name });
  }

  // Quoted names: “Blue Corridor Concept”, “2031-2033 Work Plan”, “Andes + Korea” dialogue
  if (/[“"]/.test(s)) {
    for (const m of s.matchAll(QUOTED)) {
      const inner = m[1].replace(/[,.]$/, '').trim();
      const words = inner.split(/\s+/);
      if (!/^[A-Z\u00C0-\u00DE\d]/.test(inner) || words.length > 10) continue;
      if (words.filter((w) => /^[A-Z\u00C0-\u00DE\d]/.test(w)).length < Math.ceil(words.length / 2)) continue; // a quote, not a name
      const last = words[words.length - 1];
      if (m[2] && !PROGRAMME_HEAD.test(last) && !ORG_HEAD.test(last)) {
        c.add('programme', `${inner} ${m[2][0].toUpperCase()}${m[2].slice(1)}`, passageId, {
          countryFrom: inner,
          evidence: sentenceAt(sentences, m.index),
        });
      } else if (PROGRAMME_HEAD.test(last))
        c.add('programme', inner, passageId, {
          countryFrom: inner,
          evidence: sentenceAt(sentences, m.index),
        });
      else if (ORG_HEAD.test(last)) c.add('organisation', inner, passageId, { countryFrom: inner });
    }
  }

  // Company lists: "Korean companies, such as KEXIM, Hanwa, Daelim, and Poscon"
  if (s.includes('such as') || s.includes('including') || s.includes(' like ') || s.includes('namely')) {
    for (const m of s.matchAll(COMPANY_LIST)) {
      for (const item of m[1].split(/,\s+(?:and\s+)?|\s+and\s+/)) {
        const name = item.trim().replace(/[,.]$/, '');
        if (!name || canonicalCountry(name) || NOT_ORG_ACRONYMS.has(name)) continue;
        c.add('organisation', KNOWN_ACRONYMS[name]?.name ?? name, passageId, {
          alias: KNOWN_ACRONYMS[name] ? name : undefined,
          country: KNOWN_ACRONYMS[name]?.country,
          evidence: sentenceAt(sentences, m.index),
        });
      }
    }
  }

  // Bare acronyms: "OECD, EBRD, and ADB", "KEXIM and Hanwa Corporation"
  if (!/[A-Z]{2}/.test(s)) return;
  for (const m of s.matchAll(ACRONYM)) {
    const acr = m[1];
    if (NOT_ORG_ACRONYMS.has(acr) || acr.length < 2) continue;
    if (
      /^[A-Z]+\s+[A-Z]+\b/.test(s.slice(m.index, m.index + 40)) &&
      /(?:^|[.!?]\s)$/.test(s.slice(Math.max(0, m.index - 2), m.index))
    )
      continue; // a shouted heading
    const known = KNOWN_ACRONYMS[acr];
    c.add(known?.kind ?? 'organisation', known?.name ?? acr, passageId, {
      alias: acr,
      country: known?.country,
    });
  }
}

// Names any number of documents share ("Action Plan", "Cooperation Program"): alone they would make one
// entity of every plan in the library.
const GENERIC_NAME =
  /^(?:Action Plan|Cooperation Program(?:me)?|Road ?[Mm]ap|Joint Statement|Joint Declaration|Plan|Program(?:me)?|Strategy|Memorandum|Agreement)$/;

/** A generic document name told apart by the words the text gives it: "Action Plan for the years 2030-2032", "comprehensive Action Plan". */
function qualified(s: string, from: number, name: string, kind: Entity['kind']): string {
  if (kind !== 'programme' || !GENERIC_NAME.test(name)) return name;
  const at = s.indexOf(name, from);
  if (at < 0) return name;
  const after = /^\s+(for\s+(?:the\s+)?(?:years?\s+)?(?:\d{4}(?:[–-]\d{2,4})?|[a-z]+(?:\s+[a-z]+)?))\b/.exec(
    s.slice(at + name.length, at + name.length + 50),
  );
  if (after) return `${name} ${after[1]}`;
  const before = /\b(comprehensive|first|second|third|fourth|fifth|\d{4}(?:[–-]\d{2,4})?)\s+$/.exec(
    s.slice(Math.max(0, at - 20), at),
  );
  return before ? `${before[1]} ${name}` : name;
}

function singular(role: string): string {
  return role
    .replace(/\bMinisters\b/, 'Minister')
    .replace(/\bPresidents\b/, 'President')
    .replace(/\bAmbassadors\b/, 'Ambassador');
}

function addPerson(
  c: Collector,
  rawName: string,
  role: string | undefined,
  passageId: string,
  sentence: string,
  tellsWho = false,
): void {
  const words = rawName.trim().split(/\s+/);
  // trim words that are not names from either end ("Chile Ana Lind" cannot happen, but "The …" can)
  while (words.length && NOT_NAME.has(words[0])) words.shift();
  while (words.length && NOT_NAME.has(words[words.length - 1])) words.pop();
  if (words.length < 2 || words.some((w) => NOT_NAME.has(w) || canonicalCountry(w) || countryOfCity(w)))
    return;
  const name = words.join(' ');
  const country = role ? countriesIn(role)[0] : undefined;
  c.add('person', name, passageId, { role, country, evidence: role || tellsWho ? sentence : undefined });
}

// The words linkMentions looks one-word names up by.
const NAME_WORD = /[A-Z][A-Za-z-]+/g;

/** All linkMentions reads of a passage's text: its capitalised words, once each (the same links, a fraction of the text). */
export function nameWordsOf(text: string): string {
  return [...new Set(text.match(NAME_WORD))].join(' ');
}

/** Builds entities across a corpus: one per name, aliases merged, mentions by passage. */
export class EntityCollector implements Collector {
  private readonly byKey = new Map<string, FactEntity>();
  /** Plain repeat mentions ("Japan" again) skip the key and alias work: kind → name → entity. */
  private readonly seen = new Map<string, Map<string, FactEntity>>();
  private readonly mentionSets = new Map<FactEntity, Set<string>>();
  /** Publication date of the article each shown role comes from: the role shown is the latest article's. */
  private readonly roleRank = new Map<FactEntity, string>();
  /** Publication date of the article being read ("" when undated). */
  rank = '';

  add(kind: Entity['kind'], name: string, passageId: string, opts: EntityOptions = {}): FactEntity {
    const plain = opts.alias === undefined && opts.role === undefined && opts.evidence === undefined;
    let byName = this.seen.get(kind);
    if (!byName) {
      byName = new Map();
      this.seen.set(kind, byName);
    }
    if (plain) {
      const known = byName.get(name);
      if (known) {
        this.mentionSets.get(known)!.add(passageId);
        if ((opts.country || opts.countryFrom) && !known.country) known.country = resolveCountry(opts);
        return known;
      }
    }
    const e = this.addSlow(kind, name, passageId, opts);
    if (plain) byName.set(name, e);
    return e;
  }

  private addSlow(kind: Entity['kind'], name: string, passageId: string, opts: EntityOptions): FactEntity {
    const key = kind === 'person' ? `p:${entityKey(name)}` : entityKey(name);
    if (kind !== 'person' && opts.alias === undefined) {
      const known = ACRONYM_OF_NAME.get(name.toLowerCase());
      if (known) opts = { ...opts, alias: known, country: KNOWN_ACRONYMS[known].country ?? opts.country };
    }
    let e = this.byKey.get(key) ?? (opts.alias ? this.byKey.get(`a:${opts.alias}`) : undefined);
    if (!e && kind !== 'person' && opts.alias === undefined) {
      // an acronym seen before its expansion: "JICA" then "Japan International Cooperation Agency (JICA)"
      const acr = initials(name.split(/\s+/));
      const byAcr = acr.length >= 2 ? this.byKey.get(`a:${acr}`) : undefined;
      if (byAcr && entityKey(byAcr.name) === entityKey(acr)) e = byAcr;
    }
    if (!e) {
      e = { kind, name, aliases: [], mentions: [] };
      this.byKey.set(key, e);
      this.mentionSets.set(e, new Set());
    } else if (e.kind !== kind && kind !== 'organisation' && e.name === opts.alias) {
      e.kind = kind;
    }
    if (opts.alias) {
      // the spelled-out name replaces a bare acronym as the entity's name
      if (entityKey(e.name) === entityKey(opts.alias) && entityKey(name) !== entityKey(opts.alias)) {
        e.name = name;
        this.byKey.set(key, e);
      }
      if (!e.aliases.includes(opts.alias) && opts.alias !== e.name) e.aliases.push(opts.alias);
      this.byKey.set(`a:${opts.alias}`, e);
      this.byKey.set(entityKey(e.name), e);
    }
    if (opts.role) {
      e.roles ??= [];
      if (!e.roles.includes(opts.role)) e.roles.push(opts.role);
      const prev = this.roleRank.get(e);
      if (
        prev === undefined ||
        this.rank > prev ||
        (this.rank === prev && opts.role.length > (e.role?.length ?? 0))
      ) {
        e.role = opts.role;
        this.roleRank.set(e, this.rank);
      }
    }
    if ((opts.country || opts.countryFrom) && !e.country) e.country = resolveCountry(opts);
    if (opts.evidence) {
      e.evidence ??= [];
      if (e.evidence.length < MAX_EVIDENCE && !e.evidence.some((x) => x.snippet === opts.evidence)) {
        e.evidence.push({ passageId, snippet: opts.evidence });
      }
    }
    this.mentionSets.get(e)!.add(passageId);
    return e;
  }

  /** Lookup of names, aliases and surnames to entities, for linking later mentions ("Lind herself", "KEXIM funds"). */
  private lookup(): Map<string, FactEntity> {
    const map = new Map<string, FactEntity>();
    const ambiguous = new Set<string>();
    const put = (k: string, e: FactEntity) => {
      const have = map.get(k);
      if (have && have !== e) ambiguous.add(k);
      else map.set(k, e);
    };
    for (const e of this.mentionSets.keys()) {
      put(e.name, e);
      for (const a of e.aliases) put(a, e);
      if (e.kind === 'person') put(e.name.split(/\s+/).pop()!, e);
    }
    for (const k of ambiguous) map.delete(k);
    return map;
  }

  /** Adds mentions by surname or acronym in sentences already read: one pass over capitalised words. */
  /** Adds every passage that says an entity's one-word name to its mentions (see nameWordsOf). */
  linkMentions(passages: Iterable<{ id: string; text: string }>): void {
    const lookup = this.lookup();
    const singles = new Map<string, FactEntity>();
    for (const [k, e] of lookup) if (!/\s/.test(k)) singles.set(k, e);
    for (const p of passages) {
      for (const m of p.text.matchAll(NAME_WORD)) {
        const e = singles.get(m[0]);
        if (e) this.mentionSets.get(e)!.add(p.id);
      }
    }
  }

  entities(): FactEntity[] {
    const out: FactEntity[] = [];
    for (const [e, set] of this.mentionSets) {
      // an organisation seen once, only as a bare acronym nobody expands, is too thin to show
      const mentions = [...set];
      e.mentionCount = mentions.length;
      e.mentions = mentions.slice(0, MAX_MENTIONS);
      if (
        e.kind === 'organisation' &&
        /^[A-Z&]+$/.test(e.name) &&
        !KNOWN_ACRONYMS[e.name] &&
        mentions.length < 2
      )
        continue;
      out.push(e);
    }
    return out.sort((a, b) => (b.mentionCount ?? 0) - (a.mentionCount ?? 0) || a.name.localeCompare(b.name));
  }
}
