// `npm run figures -- [--json] [FILTER]`: the figures the library states (money, percentages, counts,
// multipliers), each with what it measures, the period it covers and its source. FILTER as for the
// timeline: a year or range of the period, a country, a word. With --json, stdout holds the Figure[] only.
import { describeSource } from '../answer/citation.js';
import { openEngine } from '../answer/engine.js';
import { getConfig } from '../config.js';
import type { Conflict, Figure } from '../types.js';
import { reportProblems, runCli } from './common.js';

function line(f: Figure & { conflicts?: Conflict[] }): string {
  const period = f.period ? ` (${f.period})` : '';
  const out = [`${f.value} — ${f.measure}${period}`, `    [${describeSource(f.citation)}]`];
  for (const c of f.conflicts ?? []) {
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
  const figures = engine.figures(filter);
  if (json) {
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    return;
  }
  if (!figures.length) {
    process.stdout.write(filter ? `No figures match “${filter}”.\n` : 'The library states no figures.\n');
    return;
  }
  process.stdout.write(`${figures.map(line).join('\n')}\n`);
});
