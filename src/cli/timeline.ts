// `npm run timeline -- [--json] [FILTER]`: the library's dated events in chronological order, each with its
// source. FILTER is a year ("2019"), a range ("2019-2022"), a country in any spelling ("Uzbek",
// "kazakhstan") or a word; several may be combined. With --json, stdout holds the Event[] and nothing else.
import { describeSource } from '../answer/citation.js';
import type { Event } from '../types.js';
import { conflictLines, runListCli } from './common.js';

type TimelineEvent = Event & {
  planned?: boolean;
  asOf?: string;
  expected?: { dateText: string; asOf?: string; citation: Event['citation'] }[];
};

function line(e: TimelineEvent): string {
  const date = e.dateText === e.date ? e.date : `${e.date}  (${e.dateText})`;
  const more = e.alsoCitedBy?.length ?? 0;
  const source = `    [${describeSource(e.citation)}]${more ? ` +${more} more source${more === 1 ? '' : 's'}` : ''}`;
  const expected = (e.expected ?? []).map(
    (x) =>
      `    ↳ expected for ${x.dateText}${x.asOf ? ` as of ${x.asOf}` : ''} by ${describeSource(x.citation)}`,
  );
  return [`${date}  ${e.title}`, source, ...expected, ...conflictLines(e.conflicts)].join('\n');
}

await runListCli({
  usage: `Usage: npm run timeline -- [--json] [FILTER]
  FILTER  a year (2019), a range (2019-2022), since 2020, before 2010, a country in any form,
          a person (Tokayev), a topic (aid, trade, investment, students) or a word; combine freely
  --json  print the Event[] as JSON (nothing else on stdout)
  -h, --help  this text`,
  select: (engine, filter) => engine.timeline(filter),
  line,
  none: 'The library holds no dated events.',
  noMatch: (filter) => `No dated events match “${filter}”.`,
});
