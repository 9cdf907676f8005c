// A figure's line must say what was measured, whose it is and with the text's own hedge: "about 12
// billion yen", not "12 billion yen"; "Kyrgyzstan's exports to Japan", not "exports"; "Korea's GDP",
// not "GDP". These rules finish the measure the extractor read from the words around the value.
import { countriesIn } from '../lexicon/index.js';

// Words that qualify a value: dropped, the value would say more than the text does.
const HEDGE =
  /(?:^|\s)((?:about|around|approximately|roughly|some|nearly|almost|over|more than|less than|up to|at least|an estimated|exceeding|in excess of|close to|upwards of|as many as|as much as)\s+)$/i;

/** The hedge right before a value ("about ", "exceeding "), verbatim, or "". */
export function hedgeBefore(s: string, start: number): string {
  return HEDGE.exec(s.slice(Math.max(0, start - 30), start))?.[1] ?? '';
}

/**
 * A percentage that qualifies a noun inside another figure's phrase ("12 with 60% Korean ownership"):
 * a share cut loose from what it is a share of says nothing on its own.
 */
export function isLooseShare(s: string, start: number, end: number): boolean {
  const before = s.slice(Math.max(0, start - 12), start);
  const after = s.slice(end, end + 40);
  return (
    /\b(?:with|of)\s+$/.test(before) &&
    /^\s+[A-Za-z]/.test(after) &&
    !/^\s+(?:of|in|to|from|by)\b/.test(after)
  );
}

export interface MeasureSense {
  /** The sentence. */
  s: string;
  /** Where the value (with its hedge) starts. */
  start: number;
  kind: 'money' | 'percent' | 'multiplier' | 'count';
  /** The two countries the article is about, the one it speaks for first ("Uzbekistan", "Japan"). */
  pair?: [string, string];
  /** The dialogue or format the passage names, for "this dialogue". */
  format?: string;
  /** Whose the figure before it in the sentence was ("Japan" for "Japan, with a GDP of …"). */
  owner?: string;
}

const SPEND =
  /((?:[Tt]hen-|[Ff]ormer )?[A-Z][^,;()]*?)\s+((?:promised|pledged|agreed|decided|undertook|offered)\s+to\s+)?(allocate|provide|invest|lend|grant|commit|extend|disburse|donate|contribute|committed|pledged|promised|allocated|provided|invested|granted|extended|disbursed|donated|contributed|earmarked)\s+$/;

const PARTICIPLE: Record<string, string> = {
  allocate: 'allocated',
  provide: 'provided',
  invest: 'invested',
  lend: 'lent',
  grant: 'granted',
  commit: 'committed',
  extend: 'extended',
  disburse: 'disbursed',
  donate: 'donated',
  contribute: 'contributed',
};

const possessive = (who: string) => (/s$/.test(who) ? `${who}’` : `${who}’s`);

/** Whose a value is by apposition: "Korea, with a GDP of $3.1 trillion and …". */
export function ownerByApposition(s: string, start: number): string | undefined {
  const m = /([A-Z][\p{L}-]+(?:\s[A-Z][\p{L}-]+)?),\s+with\s+[^,;]*$/u.exec(s.slice(0, start));
  return m && countriesIn(m[1]).length ? countriesIn(m[1])[0] : undefined;
}

/** The measure, finished: whose, what, and how the source worded the act behind it. */
export function finishMeasure(measure: string, x: MeasureSense): string {
  let m = measure.trim();
  const before = x.s.slice(0, x.start);

  // "X, which has held 12 meetings" / "this forum has held 9 … Sessions": the meetings X held
  const held = /^(.*?),?\s+(?:which\s+)?(?:has|have|had)\s+(held|organi[sz]ed|hosted|convened)\s+(.+)$/i.exec(
    m,
  );
  if (held) {
    let who = held[1].replace(/^(?:this|the)\s+/i, '');
    if (/^dialogue$/i.test(who) && x.format) who = x.format.replace(/^the\s+/i, '');
    m = `${held[3]} ${held[2]} by the ${who}`;
  }
  // Money someone committed: "the minister promised to allocate about 12 billion yen for …"
  const spend = SPEND.exec(before.replace(HEDGE, ' ').trimEnd().concat(' '));
  if (spend && x.kind === 'money') {
    const subject = spend[1].replace(/^(?:During|In|At|On|After)\s+[^,]*?,\s*/, '').trim();
    const verb = spend[2] ? spend[2].trim().split(/\s+/)[0] : (PARTICIPLE[spend[3]] ?? spend[3]);
    const purpose = m
      .replace(new RegExp(`^${spend[3]}\\s*…?\\s*`), '')
      .replace(/^for\s+(?:the\s+(?:implementation|realization|realisation|execution)\s+of\s+)?/, '');
    // "grant aid to …" already says what the money is; "irrigation canals" is what it is for
    const what =
      /^(?:to|for|in)\s|^(?:[a-z-]+\s+){0,2}(?:assistance|aid|grants?|loans?|funding|investments?|credit)\b/.test(
        purpose,
      );
    m = `${what ? '' : 'for '}${purpose}, ${verb} by ${subject}`;
  }

  // "40 plants … operate in Peru": the count and what is said of it
  m = m.replace(/\s+…\s+(?:are\s+also\s+present|also\s+present)$/i, '');
  m = m.replace(/\s+…\s+(?=[a-z])/, ' that ');
  // "Branches of 12 large Korean banks": the banks, with their branches
  const of = /^([A-Z][\w -]+?)\s+of\s+(.+)$/.exec(m);
  if (of && x.kind === 'count' && /s$/.test(of[1]) && !/\s(?:that|who|which)\s/.test(m))
    m = `${of[2]} with ${of[1].toLowerCase()}`;
  // "340 students from Chile had trained at Korean colleges": the people who had
  m = m.replace(
    /^((?:[\w’'-]+\s+){0,4}?(?:specialists|students|people|graduates|experts|citizens|workers|Japanese|nationals|participants|teachers|engineers)(?:\s+(?:from|of|in)\s+[A-Z][A-Za-z]*(?:\s+[A-Z][A-Za-z]*)?)?)\s+(?=(?:had|have|has|were|are)\s+[a-z]+ed\b)/,
    '$1 who ',
  );

  // Targets: "with plans to raise solar output to 40%": the goal of the sentence's subject
  if (/\b(?:goals?|aims?|plans?|targets?|intends?|seeks?)\s+to\s+[^.;]{0,80}$/i.test(before)) {
    const subject = countriesIn(x.s.split(/\s+/).slice(0, 3).join(' '))[0];
    m = `${subject ? `${possessive(subject)} ` : ''}target for ${m}`;
  }

  // Whose trade: exports and imports of the pair the article is about
  if (x.pair && /^(?:exports|imports)$/i.test(m)) {
    const [a, b] = x.pair;
    m = /^exports$/i.test(m) ? `${possessive(a)} exports to ${b}` : `${possessive(a)} imports from ${b}`;
  } else if (x.pair && /\b(?:trade|turnover)\b/i.test(m) && !countriesIn(m).length && !x.owner) {
    m = `${m} between ${x.pair[0]} and ${x.pair[1]}`;
  }
  // Whose by apposition ("Japan, with a GDP of …"), for this figure and the ones joined to it
  if (x.owner && !countriesIn(m).length && !/’s\b|'s\b/.test(m)) m = `${possessive(x.owner)} ${m}`;
  return m;
}
