// `npm run timeline -- [--json] [FILTER]`: the library's dated events in chronological order, each with its
// source. FILTER is a year ("2019"), a range ("2019-2022"), a country in any spelling ("Uzbek",
// "kazakhstan") or a word; several may be combined. With --json, stdout holds the Event[] and nothing else.
import { describeSource } from '../answer/citation.js';
import { openEngine } from '../answer/engine.js';
import { getConfig } from '../config.js';
import type { Conflict, Event } from '../types.js';
import { reportProblems, runCli } from './common.js';

function line(e: Event & { conflicts?: Conflict[] }): string {
  const date = e.dateText === e.date ? e.date : `${e.date}  (${e.dateText})`;
  const out = [`${date}  ${e.title}`, `    [${describeSource(e.citation)}]`];
  const more = e.alsoCitedBy?.length ?? 0;
  if (more) out[1] += ` +${more} more source${more === 1 ? '' : 's'}`;
  for (const c of e.conflicts ?? []) {
    out.push(`    ⚠ sources disagree on the ${c.field}: ${c.claims.map((x) => `${x.value} (${describeSource(x.citation)})`).join(' / ')}`);
  }
  return out.join('\n');
}

await runCli((args) => {
  const json = args.includes('--json');
  const filter = args.filter((a) => a !== '--json').join(' ').trim() || undefined;
  const { CORPUS_DIR, CACHE_DIR } = getConfig();
  const { engine, problems } = openEngine(CORPUS_DIR, { cacheDir: CACHE_DIR });
  reportProblems(problems);
  const events = engine.timeline(filter);
  if (json) {
    process.stdout.write(`${JSON.stringify(events, null, 2)}\n`);
    return;
  }
  if (!events.length) {
    process.stdout.write(filter ? `No dated events match “${filter}”.\n` : 'The library holds no dated events.\n');
    return;
  }
  process.stdout.write(`${events.map(line).join('\n')}\n`);
});
