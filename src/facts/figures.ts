// Figures: money with its currency and scale, percentages, multipliers and counts of things, each with
// what it measures (in the text's words) and the period it covers. Rules only: a figure is a number
// token plus the few words around it, which regular expressions read far faster than a parser.
import { citationFor } from '../library/citation.js';
import type { ArticleMeta, Citation, Figure, Passage } from '../types.js';
import { countWords } from '../corpus/chunk.js';
import { nounPhraseBefore, segments, stripLeading, tidy, type Segment } from './clauses.js';
import type { DateMention } from './dates.js';
import { namedFormat } from './compose.js';
import { finishMeasure, hedgeBefore, isLooseShare, ownerByApposition } from './measures.js';
import { countriesIn, CURRENCY_SYMBOLS, CURRENCY_WORDS, NUMBER_WORDS, SCALES } from '../lexicon/index.js';

const NUM = '(?:\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)';
const WORD_NUM = `(?:${Object.keys(NUMBER_WORDS).join('|')})`;
const SCALE = '(?:thousand|million|billion|trillion|mn|mln|bn|bln|tn|trn)';
const APPROX =
  '(?:about|around|approximately|roughly|some|nearly|almost|over|more than|less than|up to|at least|an estimated|~|≈)';
const CURRENCY_WORD = `(?:US dollars|dollars|USD|yen|JPY|euros?|EUR|rubles|roubles|RUB|tenge|KZT|soums?|sums|UZS|somoni|TJS|manat|TMT|yuan|CNY|som|KGS)`;

// "$84mn", "US$ 1.2 billion", "€5m", "$3.1 trillion"
const MONEY_SYMBOL = `(?:US\\$|\\$|€|£|¥|₽|₸)\\s?${NUM}(?:\\s?(?:${SCALE}|[mbk])\\b)?`;
// "12 billion yen", "5 million US dollars", "USD 84 million"
const MONEY_WORD = `(?:${NUM}|${WORD_NUM})\\s(?:${SCALE}\\s)?${CURRENCY_WORD}\\b|\\b(?:USD|EUR|JPY|UZS|KZT)\\s?${NUM}(?:\\s${SCALE})?\\b`;
const MONEY = new RegExp(
  `(?<![A-Za-z\\u00C0-\\u024F\\d.,])(?:${MONEY_SYMBOL}|${MONEY_WORD})(?:\\s*\\((?:${APPROX}\\s)?(?:${MONEY_SYMBOL}|${MONEY_WORD})\\))?`,
  'g',
);
const PERCENT = new RegExp(`(?<![A-Za-z\\u00C0-\\u024F\\d.,-])${NUM}\\s?(?:%|percent\\b|per cent\\b)`, 'g');
const MULTIPLIER = new RegExp(
  `(?<![A-Za-z\\u00C0-\\u024F\\d.,])(?:(?:${NUM}|${WORD_NUM})(?:-fold|\\s?fold|\\s+times)\\b|(?:two|three|four|five|six|seven|eight|nine|ten)fold\\b|\\btwice\\b)`,
  'gi',
);
const COUNT = new RegExp(
  `(?<![A-Za-z\\u00C0-\\u024F\\d.,$€£¥₽#/+-])(?:${NUM}|\\b${WORD_NUM})(?:\\s(?:thousand|million|billion))?(?![\\d.,]?\\d|[A-Za-z\\u00C0-\\u024F]|-|%|\\s?(?:${SCALE}|percent|per cent|fold|times)\\b)`,
  'gi',
);

const NUMBER_WORD_TEST =
  /\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozens?|twice)\b|fold\b/i;
const MONEY_TEST =
  /[$€£¥₽₸]|USD|EUR|JPY|UZS|KZT|TJS|TMT|KGS|CNY|dollar|yen|euro|ruble|rouble|tenge|soum|sums|somoni|manat|yuan|\bsoms?\b/i;
const PERCENT_TEST = /%|per ?cent/;
const MULTIPLIER_TEST = /fold|times|twice/;

/** Cheap test before any figure rule runs. */
export function mayHoldFigure(sentence: string): boolean {
  return /\d/.test(sentence) || NUMBER_WORD_TEST.test(sentence);
}

function parseNumber(text: string): number {
  const w = NUMBER_WORDS[text.toLowerCase()];
  if (w !== undefined) return w;
  return Number(text.replace(/,/g, ''));
}

// Words that make a counted noun a duration, a rank or a date, not a count of things.
const NOT_COUNTED =
  /^(?:years?|months?|weeks?|days?|decades?|centuries|century|hours?|minutes?|seconds?|times|percent|per|th|st|nd|rd|am|pm|o'clock|quarters?|halves)\b/i;
const PLURAL_NOUN =
  /^(?:[A-Za-z\u00C0-\u024F’'-]+s|people|personnel|staff|children|men|women|persons|youth|police|cattle|[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F]+(?:ese|ish|ian|ians|eks|ks|zs|men))$/;
const GENERIC_ADJECTIVES =
  /^(?:leading|major|new|large|big|small|various|different|local|foreign|international|top|key|main|more|other|additional|several|prominent|largest|biggest|such)\s+/;
const DEMONYMS =
  /^(?:Japanese|Chinese|Kazakhs?|Uzbeks?|Tajiks?|Kyrgyz|Turkmens?|Afghans?|Russians?|Americans?|Koreans?)$/;

function isStop(w: string): boolean {
  return /^(?:of|with|in|on|at|to|for|from|and|or|by|who|which|that|is|are|was|were|has|have|had|will|as|than)$/i.test(
    w,
  );
}
function gapBefore(after: string, words: RegExpMatchArray[], i: number): boolean {
  return i > 0 && after.slice(words[i - 1].index! + words[i - 1][0].length, words[i].index).trim() !== '';
}
function isNoun(w: string): boolean {
  const bare = w.replace(/[’']$/, '');
  return PLURAL_NOUN.test(bare) || DEMONYMS.test(bare);
}

/** The counted noun phrase right after a number: up to four words ending in a plural ("joint ventures", "Rail Council Meetings"). */
function countedPhrase(rest: string): { text: string; unit: string } | undefined {
  const after = rest.slice(0, 90);
  const words = [...after.matchAll(/[^\s,;:.()“”"]+/g)];
  if (!words.length || words[0].index > 1) return undefined;
  if (NOT_COUNTED.test(words[0][0])) return undefined;
  let end = -1;
  for (let i = 0; i < Math.min(words.length, 4); i++) {
    const w = words[i][0];
    if (gapBefore(after, words, i) || isStop(w)) break;
    if (isNoun(w)) {
      end = words[i].index + w.length;
      // "four Kyrgyz colleges", "Rail Council's Meetings": a demonym or possessive goes on into the noun it qualifies.
      const next = words[i + 1];
      if (next && !gapBefore(after, words, i + 1) && !isStop(next[0]) && (/[’']$/.test(w) || isNoun(next[0])))
        continue;
      break;
    }
  }
  if (end < 0) return undefined;
  const text = after.slice(words[0].index, end);
  return { text, unit: text.replace(GENERIC_ADJECTIVES, '').replace(GENERIC_ADJECTIVES, '') };
}

interface Hit {
  start: number;
  end: number;
  value: string;
  number: number;
  unit: string;
  kind: 'money' | 'percent' | 'multiplier' | 'count';
  /** For counts: the counted phrase as written. */
  counted?: string;
}

const CURRENCY_WORD_END = new RegExp(`${CURRENCY_WORD}$`, 'i');
const FIRST_NUMBER = new RegExp(`${NUM}|${WORD_NUM}`, 'i');
const SCALE_AFTER_NUMBER = new RegExp(`(?:${NUM})\\s?(${SCALE}|[mbk])\\b`, 'i');
const SCALE_WORD = new RegExp(`\\s(${SCALE})\\s`, 'i');

function moneyHit(m: RegExpExecArray): Hit {
  const value = m[0];
  const main = value.replace(/\s*\(.*\)$/, '');
  let unit = 'USD';
  const sym = /^(US\$|\$|€|£|¥|₽|₸)/.exec(main);
  if (sym) unit = CURRENCY_SYMBOLS[sym[1]];
  else {
    const code = /^(USD|EUR|JPY|UZS|KZT)/.exec(main);
    const word = CURRENCY_WORD_END.exec(main);
    unit = code ? code[1] : word ? (CURRENCY_WORDS[word[0].toLowerCase()] ?? word[0].toUpperCase()) : 'USD';
  }
  const num = FIRST_NUMBER.exec(main.replace(/^(?:USD|EUR|JPY|UZS|KZT)/, ''))!;
  const scaleWord = SCALE_AFTER_NUMBER.exec(main) ?? SCALE_WORD.exec(main);
  const scale = scaleWord ? (SCALES[scaleWord[1].toLowerCase()] ?? 1) : 1;
  return {
    start: m.index,
    end: m.index + value.length,
    value,
    number: round(parseNumber(num[0]) * scale),
    unit,
    kind: 'money',
  };
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
function isFree(taken: [number, number][], a: number, b: number): boolean {
  for (const [x, y] of taken) if (a < y && b > x) return false;
  return true;
}
function take(hits: Hit[], taken: [number, number][], h: Hit): void {
  hits.push(h);
  taken.push([h.start, h.end]);
}

/** Number-bearing spans of a sentence that are figures, left to right. Dates and footnote markers are never figures. */
export function findFigureValues(s: string, dates: DateMention[] = []): Hit[] {
  // Most sentences with a digit hold only years: with the dates blanked out, nothing may be left to read.
  let rest = s;
  for (let i = dates.length - 1; i >= 0; i--) rest = rest.slice(0, dates[i].start) + rest.slice(dates[i].end);
  const digits = /\d/.test(rest);
  if (!digits && !NUMBER_WORD_TEST.test(rest)) return [];
  const taken: [number, number][] = dates.map((d) => [d.start, d.end]);
  // Footnote markers, URLs, numeric dates and times, ordinals, codes ("C5+1", "G7", "COVID-19").
  for (const m of s.matchAll(
    /\[\d+\]|https?:\/\/\S+|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{1,2}:\d{2}\b|\b\d+(?:st|nd|rd|th)\b|[A-Za-z]-?\d[A-Za-z\d]*(?:\s*\+\s*\d+)?|\+\s*\d+/g,
  )) {
    taken.push([m.index, m.index + m[0].length]);
  }
  // Currency tickers ("$1 – 12059.78 UZS", "UZS – -0.38%") are site furniture, not figures.
  if (/[–-]\s*-?\d/.test(s)) {
    for (const m of s.matchAll(
      /[$€£¥₽]\s?1\s*[–-]\s*[\d.,]+(?:\s*[A-Z]{3})?|\b[A-Z]{3}\s*[–-]\s*-?[\d.,]+%/g,
    ))
      taken.push([m.index, m.index + m[0].length]);
  }
  // Quoted names ("“2031-2033 Work Plan”") and years (1900–2099) written without a comma are not figures.
  for (const m of s.matchAll(/“[^”]*”|(?<![\d,.$])(?:19|20)\d\d(?![\d,.]?\d|\s?%)/g))
    taken.push([m.index, m.index + m[0].length]);
  const hits: Hit[] = [];
  if (MONEY_TEST.test(rest))
    for (const m of s.matchAll(MONEY)) {
      if (!isFree(taken, m.index, m.index + m[0].length)) continue;
      take(hits, taken, moneyHit(m as RegExpExecArray));
    }
  if (digits && PERCENT_TEST.test(rest))
    for (const m of s.matchAll(PERCENT)) {
      if (!isFree(taken, m.index, m.index + m[0].length)) continue;
      const n = /[\d.,]+/.exec(m[0])![0];
      take(hits, taken, {
        start: m.index,
        end: m.index + m[0].length,
        value: m[0],
        number: parseNumber(n),
        unit: '%',
        kind: 'percent',
      });
    }
  if (MULTIPLIER_TEST.test(rest))
    for (const m of s.matchAll(MULTIPLIER)) {
      if (!isFree(taken, m.index, m.index + m[0].length)) continue;
      const v = m[0];
      const lower = v.toLowerCase();
      const n =
        lower === 'twice'
          ? 2
          : /fold$/.test(lower) && !/[-\s]fold$/.test(lower)
            ? parseNumber(lower.replace(/fold$/, ''))
            : parseNumber(lower.replace(/[-\s]?fold$|\s+times$/, ''));
      if (!Number.isFinite(n)) continue;
      // "many times", "three times a year": only a comparison ("by ten times", "a 3.3-fold increase") is a figure.
      if (/\stimes$/.test(lower) && /^\s+(?:a|per|each|every)\b/i.test(s.slice(m.index + v.length))) continue;
      take(hits, taken, {
        start: m.index,
        end: m.index + v.length,
        value: v,
        number: n,
        unit: 'x',
        kind: 'multiplier',
      });
    }
  for (const m of s.matchAll(COUNT)) {
    const start = m.index;
    const numEnd = start + m[0].length;
    if (!isFree(taken, start, numEnd)) continue;
    const before = s.slice(Math.max(0, start - 30), start);
    // "all five countries", "the two nations": a reference, not a measurement; "one" is never counted.
    if (
      /\b(?:the|all|these|those|both|its|their|our|his|her|every|each|No\.?|page|article|chapter|section|paragraph|point)\s+$/i.test(
        before,
      )
    )
      continue;
    const scaleM = /\s(thousand|million|billion)$/i.exec(m[0]);
    const numText = scaleM ? m[0].slice(0, scaleM.index) : m[0];
    const number = parseNumber(numText) * (scaleM ? SCALES[scaleM[1].toLowerCase()] : 1);
    if (!Number.isFinite(number)) continue;
    const after = s.slice(numEnd);
    const phrase = countedPhrase(after);
    if (phrase) {
      const end = numEnd + after.indexOf(phrase.text) + phrase.text.length;
      take(hits, taken, {
        start,
        end,
        value: s.slice(start, end),
        number,
        unit: phrase.unit,
        kind: 'count',
        counted: phrase.text,
      });
    } else if (/\b(?:including|of which|of them|among them)\s+$/i.test(before)) {
      // "40 plants, including 12 with full Korean ownership": the noun is the one counted before.
      const prev = [...hits].reverse().find((h) => h.kind === 'count' && h.end <= start);
      if (prev)
        take(hits, taken, {
          start,
          end: numEnd,
          value: s.slice(start, numEnd),
          number,
          unit: prev.unit,
          kind: 'count',
          counted: prev.counted,
        });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

// ---- what a figure measures ----

const MEASURE_VERB =
  /^(?:(.*?)\s+)?(?:amounted to|amounts to|amount to|totaled|totalled|totals|reached|reaches|stood at|stands at|was|were|is|are|exceeded|exceeding|exceeds|of|at|worth|valued at|increased to|rose to|grew to|fell to|decreased to|declined to|dropped to|hit|topped|surpassed|came to|equal to|equaled|equalled)\s+(?:(?:about|around|approximately|roughly|some|nearly|almost|over|more than|less than|up to|at least|an estimated|only|just)\s+)?$/i;
const SPEND_VERB =
  /\b(allocate|allocated|invest|invested|provide|provided|grant|granted|lend|lent|commit|committed|pledge|pledged|spend|spent|earmark|earmarked|extend|extended|disburse|disbursed|receive|received|attract|attracted|raise|raised|donate|donated|contribute|contributed|promised|approve|approved|sign|signed)\s+(?:(?:about|around|approximately|roughly|some|nearly|almost|over|more than|up to|an additional|a further)\s+)?$/i;
const CHANGE_VERB =
  /\b(increase|increased|raise|raised|boost|boosted|bring|brought|reduce|reduced|cut|lower|lowered|enhance|enhanced|expand|expanded|grow|grew|double|doubled)\s+((?:[A-Za-z\u00C0-\u024F’'-]+\s+){0,4}?)(?:to|by)\s+$/i;
const STOP_BACK =
  /^(?:with|and|or|saw|has|have|had|was|were|is|are|by|to|for|from|that|which|while|as|when|where|but|in|on|at|amid|reached|its|their|our|his|her)$/i;
const DETERMINER = /^(?:a|an|the|their|its|our|his|her|this|these|that|those|total\s+of)\s+/i;

/** The noun phrase that ends right before `end` ("their total trade turnover" → "total trade turnover"). */
function measureBefore(s: string, end: number): { text: string; possessive: boolean } {
  const words = s.slice(0, end).split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (let i = words.length - 1; i >= 0 && out.length < 8; i--) {
    const w = words[i];
    if (/[,;:(]$/.test(w) || (/[.!?]$/.test(w) && out.length)) break;
    // "trade between Kazakhstan and Japan", "investment in Kyrgyzstan": a place keeps the phrase going
    const placeNext =
      out.length > 0 && /^[A-Z]/.test(out[0]) && /^(?:in|to|from|with|between|and|of)$/.test(w);
    const inBetween = w === 'and' && words.slice(Math.max(0, i - 4), i).includes('between');
    if (STOP_BACK.test(w) && !placeNext && !inBetween) {
      if (/^(?:their|its|our|his|her)$/i.test(w)) out.unshift(w);
      break;
    }
    out.unshift(w);
    if (/^(?:a|an|the)$/i.test(w)) break;
  }
  const raw = out.join(' ');
  return {
    text: raw.replace(DETERMINER, '').replace(/^,\s*/, ''),
    possessive: /^(?:their|its)\b/i.test(raw),
  };
}

/** The phrase that follows a value up to the end of its clause, at most `max` words. */
function phraseAfter(s: string, from: number, max = 12): string {
  const rest = s.slice(from);
  const stop = /[;:]|,\s|\.\s*$|\.\[|\s[—–]\s|\(/.exec(rest);
  const clause = stop ? rest.slice(0, stop.index) : rest;
  const words = clause.trim().split(/\s+/).filter(Boolean);
  return tidy(words.slice(0, max).join(' '));
}

function segmentAt(segs: Segment[], at: number): number {
  return segs.findIndex((g) => at >= g.start && at <= g.end);
}

const VERB_PHRASE_START =
  /^(?:operate|operates|operating|are|is|were|was|have|has|had|work|works|live|lives|study|studied|remain|remains|exist|exists|play|plays|participate|participated|[a-z\u00DF-\u00FF]+ed)\b/;

export interface MeasureContext {
  /** Measures of the figures found earlier in the sentence. */
  earlier: { hit: Hit; measure: string }[];
  /** "between Uzbekistan and Japan": who "their" refers to, when the article makes it clear. */
  theirs?: () => string | undefined;
}

/** What a figure measures, in the text's words. */
export function measureOf(s: string, hit: Hit, segs: Segment[], ctx: MeasureContext): string {
  const before = s.slice(0, hit.start);
  const afterStart = hit.end;

  if (hit.kind === 'count') {
    const i = segmentAt(segs, hit.start);
    const seg = segs[i];
    const unitText = hit.counted ?? hit.unit;
    let left = '';
    const local = s.slice(seg?.start ?? 0, hit.start).replace(new RegExp(`\\b${APPROX}\\s+$`, 'i'), '');
    if (/\bof\s+$/i.test(local)) {
      // "the arrival of around 3,000 Koreans", "Branches of 12 … banks"
      const np = nounPhraseBefore(s, (seg?.start ?? 0) + local.replace(/\s+of\s+$/i, '').length, 5).text;
      left = `${np.replace(DETERMINER, '')} of`;
    } else if (/\b(?:including|of which|of them|among them)\s+$/i.test(local)) {
      left = '';
    } else {
      // "has held 12 Rail Council Meetings and six …": the other figure is not part of this one's measure
      left = stripLeading(
        local.replace(
          /\s(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)\s.*\s(?:and|or)\s*$/i,
          ' ',
        ),
      );
      if (/^(?:which|that|who)\b/i.test(local.trim()) && segs[i - 1])
        left = `${stripLeading(segs[i - 1].text)}, ${local.trim()}`;
    }
    let right = phraseAfter(s, afterStart, 10);
    right = right.replace(
      /(?:^|\s+)(?:and|or)\s+(?:\d|two|three|four|five|six|seven|eight|nine|ten)\b.*$/i,
      '',
    );
    let measure = tidy([left, unitText, right].filter(Boolean).join(' '));
    const hasVerb =
      /\b(?:is|are|was|were|has|have|had|[a-z\u00DF-\u00FF]+ed|operate|operates|work|live)\b/.test(
        `${left} ${right}`,
      );
    if (!hasVerb) {
      // "40 plants, including 12 …, operate in Peru": the predicate is a later phrase.
      const pred = segs
        .slice(i + 1)
        .find((g) => VERB_PHRASE_START.test(g.text.trim().replace(/^also\s+/i, '')));
      if (pred) measure = `${measure} … ${tidy(pred.text)}`;
    }
    return tidy(measure);
  }

  // "…reached $2.5 billion in 2030, up 15% from a year earlier": the change of what was measured before it
  const moved =
    /\b(up|down|rising|falling|grew|growing|increased|decreased|rose|fell|dropped|an? (?:rise|increase|decrease|growth|drop) of|growth of)\s+(?:by\s+)?(?:some\s+|about\s+|nearly\s+|almost\s+|over\s+)?$/i.exec(
      before,
    );
  if (moved && (hit.kind === 'percent' || hit.kind === 'multiplier')) {
    const after = phraseAfter(s, afterStart, 8);
    const prev = ctx.earlier[ctx.earlier.length - 1];
    const change = tidy(`${moved[1]} ${after}`);
    if (prev) return `${prev.measure}: ${change}`;
    const mb = measureBefore(s, moved.index);
    return mb.text ? `${mb.text}: ${change}` : change;
  }
  // "The number of Uzbek students in Japan has grown fivefold since 2019"
  const grown =
    /\b(?:has|have|had)?\s*(?:grown|increased|risen|expanded|doubled|tripled|decreased|fallen|declined|dropped)\s+(?:by\s+)?$/i.exec(
      before,
    );
  if (grown && (hit.kind === 'multiplier' || hit.kind === 'percent')) {
    const mb = measureBefore(s, grown.index);
    if (mb.text) return tidy(mb.text);
  }
  // "a 3.3-fold increase compared to the previous period": the increase of what was measured before it.
  if (hit.kind === 'multiplier') {
    const change = CHANGE_VERB.exec(before);
    if (change?.[2].trim()) return tidy(change[2]); // "enhance software exports by ten times"
    const after = phraseAfter(s, afterStart, 10);
    const prev = ctx.earlier[ctx.earlier.length - 1];
    if (
      /^(?:increase|growth|rise|decrease|decline|drop|more|less|higher|lower|larger|smaller)\b/i.test(after)
    ) {
      return prev ? `${prev.measure}: ${after}` : after;
    }
    const mb = measureBefore(s, hit.start);
    return tidy(mb.text || after);
  }

  if (hit.kind === 'percent') {
    const change = CHANGE_VERB.exec(before);
    if (change?.[2].trim()) return tidy(change[2]); // "increase digitalization to 70%"
    const after = s.slice(afterStart);
    const of = /^\s+of\s+/.exec(after);
    if (of) return phraseAfter(s, afterStart + of[0].length, 8).replace(DETERMINER, '');
    const noun = /^\s+((?:[A-Za-z\u00C0-\u024F’'-]+\s+){0,3}[A-Za-z\u00C0-\u024F’'-]+)/.exec(after);
    if (
      noun &&
      !/^\s+(?:of|in|to|by|for|and|or|from|with|compared|than|is|are|was|were|increase|growth)\b/i.test(after)
    ) {
      return phraseAfter(s, afterStart, 5); // "100% Japanese capital"
    }
  }

  // "their trade came to $84mn", "with exports at $12mn", "a GDP of $3.1 trillion"
  const verb = MEASURE_VERB.exec(before.slice(-120));
  if (verb) {
    const cut = before.length - (before.slice(-120).length - (verb[1] ? verb[1].length : 0));
    const mb = measureBefore(s, cut);
    if (mb.text && countWords(mb.text) <= 8 && !/^\d/.test(mb.text)) {
      const theirs = mb.possessive ? ctx.theirs?.() : undefined;
      // "a loan of 9 billion yen to Peru for the repair of the Lima tramway"
      const purpose =
        /^\s+(?:to|for)\s/.test(s.slice(afterStart)) && /\bof\s*$/.test(before)
          ? phraseAfter(s, afterStart, 10)
          : '';
      return tidy([mb.text, theirs, purpose].filter(Boolean).join(' '));
    }
  }
  // "$4 million in grant aid to repair schools…"
  const inOf = /^\s+(?:in|of|worth of)\s+/.exec(s.slice(afterStart));
  if (inOf) {
    const phrase = phraseAfter(s, afterStart + inOf[0].length, 12).replace(DETERMINER, '');
    if (phrase) return phrase;
  }
  // "promised to allocate about 12 billion yen (…) for the repair of irrigation canals"
  const spend = SPEND_VERB.exec(before);
  if (spend) {
    const after = phraseAfter(s, afterStart, 10);
    return tidy(after ? `${spend[1]} … ${after}` : spend[1]);
  }
  const forTo = /^\s+(?:for|to)\s+/.exec(s.slice(afterStart));
  if (forTo) {
    const phrase = phraseAfter(s, afterStart + forTo[0].length, 12).replace(DETERMINER, '');
    if (phrase) return phrase;
  }
  // A value that follows its noun directly: "exports exceeding $2 billion" is handled above;
  // otherwise the words before it in its clause.
  const mb = measureBefore(s, hit.start);
  if (mb.text) return tidy(mb.text);
  return phraseAfter(s, afterStart, 8);
}

// ---- periods ----

const INHERITS_PERIOD =
  /^(?:During|At|On|After|Following|In)\s+(?:the|that|this)\s+(?:visit|meeting|summit|talks|forum|trip|session|event|conference|year|period)\b|^(?:That|The same) year\b|^Then\b/;

function periodOf(d: DateMention): string {
  if (d.role === 'by') return `by ${d.label}`;
  if (d.role === 'since') return `since ${d.label}`;
  return d.label;
}

/** The period a figure covers: the date of its clause, else the sentence's framing date. */
export function periodFor(
  hit: Hit,
  dates: DateMention[],
  segs: Segment[],
  inherited?: string,
): string | undefined {
  const usable = dates.filter((d) => !d.inName);
  if (!usable.length) return inherited;
  const i = segmentAt(segs, hit.start);
  const inClause = usable.filter((d) => segmentAt(segs, d.start) === i);
  // the nearest date before the value in its clause, else after it, else the sentence's first date
  const beforeHit = inClause.filter((d) => d.end <= hit.start);
  // A date in another clause dates the figure only when it frames the sentence ("In 2023, …" before the value).
  const pick =
    beforeHit[beforeHit.length - 1] ??
    inClause.find((d) => d.start >= hit.end) ??
    usable.find((d) => d.end <= hit.start);
  return pick ? periodOf(pick) : inherited;
}

export interface FigureSentence {
  article: ArticleMeta;
  passage: Passage;
  sentences: string[];
  index: number;
  dates: DateMention[];
  /** Dates of the nearest earlier sentence of the passage that has any, for "During the visit, the minister pledged $4 million". */
  previousDates?: DateMention[];
  theirs?: () => string | undefined;
}

/** A figure as extracted: the contract's fields, its hedge ("about") and, with no period, the date it stands as of. */
export interface FactFigureBase extends Figure {
  approximate?: string;
  asOf?: string;
}

/** Figures stated in one sentence. */
export function figuresInSentence(ctx: FigureSentence): FactFigureBase[] {
  const s = ctx.sentences[ctx.index];
  const hits = findFigureValues(s, ctx.dates);
  if (!hits.length) return [];
  const segs = segments(s, [
    ...ctx.dates.map((d) => [d.start, d.end] as [number, number]),
    ...hits.map((h) => [h.start, h.end] as [number, number]),
  ]);
  const inherited =
    INHERITS_PERIOD.test(s) && ctx.previousDates?.length
      ? periodOf(ctx.previousDates.find((d) => !d.inName) ?? ctx.previousDates[0])
      : undefined;
  const sentenceCountries = countriesIn(s);
  const earlier: MeasureContext['earlier'] = [];
  const out: FactFigureBase[] = [];
  let citation: Citation | undefined;
  const between = /^between (.+) and (.+)$/.exec(ctx.theirs?.() ?? '');
  const pair: [string, string] | undefined = between ? [between[1], between[2]] : undefined;
  const format = namedFormat({ sentence: s, before: ctx.sentences.slice(0, ctx.index), countries: [] });
  let owner: string | undefined;
  for (const hit of hits) {
    // a share of something named beside it ("with 60% Korean ownership") is not a figure of its own
    if (hit.kind === 'percent' && isLooseShare(s, hit.start, hit.end)) continue;
    const raw = measureOf(s, hit, segs, { earlier, theirs: ctx.theirs });
    if (!raw) {
      earlier.push({ hit, measure: raw });
      continue;
    }
    const hedge = hedgeBefore(s, hit.start);
    // "Korea, with a GDP of $3.1 trillion and exports exceeding $2 billion": both Korea's
    owner =
      ownerByApposition(s, hit.start) ??
      (/\band\s/.test(s.slice(earlier.at(-1)?.hit.end ?? hit.start, hit.start)) ? owner : undefined);
    const measure = finishMeasure(raw, {
      s,
      start: hit.start - hedge.length,
      kind: hit.kind,
      pair,
      format,
      owner,
    });
    earlier.push({ hit, measure });
    citation ??= citationFor(ctx.article, ctx.passage, s, 1);
    const figure: FactFigureBase = {
      value: tidy(`${hedge}${hit.value}`),
      number: hit.number,
      unit: hit.unit,
      measure,
      citation,
    };
    if (hedge) figure.approximate = hedge.trim();
    const period = periodFor(hit, ctx.dates, segs, inherited);
    if (period) figure.period = period;
    // a figure no date scopes stands as of its article's date
    else if (ctx.article.published) figure.asOf = ctx.article.published;
    const countries = [...sentenceCountries];
    for (const c of countriesIn(measure)) if (!countries.includes(c)) countries.push(c);
    // "with exports at $12mn": the same parties as the figure before it in the sentence, else as the passage so far
    if (!countries.length && out.length) countries.push(...(out[out.length - 1].countries ?? []));
    for (let j = ctx.index - 1; j >= 0 && !countries.length; j--)
      countries.push(...countriesIn(ctx.sentences[j]));
    if (countries.length) figure.countries = countries;
    out.push(figure);
  }
  return out;
}

/** Two most-named countries of an article, "between A and B", for measures that say "their". */
export function pairOf(counts: Map<string, number>): string | undefined {
  // the two most named, in the order the article first names them (a Map keeps insertion order)
  const order = [...counts.keys()];
  const top = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([c]) => c);
  if (top.length < 2) return undefined;
  top.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return `between ${top[0]} and ${top[1]}`;
}
