// Who and which countries a stretch of text involves, read the way a reader does: names of countries,
// their people and cities, the groups ("all five Central Asian countries", the dialogue's own name),
// and people by name with the country of the post they held.
import { countriesIn } from '../lexicon/index.js';
import { groupCountriesIn } from '../lexicon/groups.js';
import { LEADER_SURNAMES, leaderNamed, postOn } from '../lexicon/leaders.js';

const SURNAME_RE = new RegExp(
  `(?<![\\p{L}-])(${LEADER_SURNAMES.map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join('|')})(?![\\p{L}])`,
  'gu',
);
// "Foreign Minister of Chile Ana Lind", "President Omar Test", "Chaired by Ana Lind"
const NAME = "[A-Z\\u00C0-\\u00DE][a-z\\u00DF-\\u00FF'’]+(?:-[A-Z\\u00C0-\\u00DE][a-z\\u00DF-\\u00FF]+)?";
const ROLE_NAME = new RegExp(
  `\\b(?:President|Prime Ministers?|Minister(?: of [A-Z][a-z]+(?: [A-Z][a-z]+)?)?(?: of [A-Z][a-z]+)?|Foreign Ministers?|Ambassador|Chairman|Director|Dr\\.|[Cc]haired by|[Hh]osted by|[Ll]ed by)\\s+(${NAME}\\s+${NAME})(?![\\p{L}])`,
  'gu',
);

/** People a text names: office holders the lexicon knows (by full name or surname) and role + name pairs. */
export function peopleIn(text: string): string[] {
  const out: string[] = [];
  const add = (n: string) => {
    if (!out.includes(n)) out.push(n);
  };
  for (const m of text.matchAll(SURNAME_RE)) {
    // a full name the lexicon knows, else the surname alone when only one holder bears it
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    const given = /([A-Z][a-z'’-]+(?:-[A-Z][a-z]+)?)\s+$/.exec(before)?.[1];
    const leader = (given && leaderNamed(`${given} ${m[1]}`)) || leaderNamed(m[1]);
    if (leader) add(leader.name);
  }
  for (const m of text.matchAll(ROLE_NAME)) add(leaderNamed(m[1])?.name ?? m[1]);
  return out;
}

/** Countries a text involves: named, by people and cities, and by group. */
export function countriesOf(text: string, people: string[] = peopleIn(text), date?: string): string[] {
  const out = [...countriesIn(text)];
  for (const c of groupCountriesIn(text)) if (!out.includes(c)) out.push(c);
  for (const p of people) {
    const leader = leaderNamed(p);
    const post = leader && (date ? postOn(leader, date) : leader.tenures[leader.tenures.length - 1]);
    if (post && !out.includes(post.country)) out.push(post.country);
  }
  return out;
}

/** "Prime Minister of Japan" on that date, when the lexicon knows the person. */
export function roleOn(person: string, date: string): string | undefined {
  const leader = leaderNamed(person);
  return leader ? postOn(leader, date)?.post : undefined;
}
