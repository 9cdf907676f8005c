// `npm run figures -- [--json] [FILTER]`: the figures the library states (money, percentages, counts,
// multipliers), each with what it measures, the period it covers and its source. FILTER as for the
// timeline: a year or range of the period, a country, a word. With --json, stdout holds the Figure[] only.
import { describeSource } from '../answer/citation.js';
import type { Figure } from '../types.js';
import { conflictLines, runListCli } from './common.js';

function line(f: Figure & { asOf?: string }): string {
  // when: the period the text gives, else the date of the article the figure stands as of
  const period = f.period ? ` (${f.period})` : f.asOf ? ` (as of ${f.asOf})` : '';
  return [
    `${f.value} — ${f.measure}${period}`,
    `    [${describeSource(f.citation)}]`,
    ...conflictLines(f.conflicts),
  ].join('\n');
}

await runListCli({
  usage: `Usage: npm run figures -- [--json] [FILTER]
  FILTER  a year, a range (2019-2022), since 2020, before 2010, a country, a person, a topic
          with its synonyms (aid: ODA, grants, loans, pledges; trade; investment; students) or a word
  --json  print the Figure[] as JSON (nothing else on stdout)
  -h, --help  this text`,
  select: (engine, filter) => engine.figures(filter),
  line,
  none: 'The library states no figures.',
  noMatch: (filter) => `No figures match “${filter}”.`,
});
