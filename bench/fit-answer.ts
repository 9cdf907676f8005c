// Scores the labelled question sets in-process, for fitting the answer decision's weights:
//   npx tsx bench/fit-answer.ts [--verbose] [--set NAME] [--tune key=value,...]
// CORPUS_DIR points at another library (the 995 distractors); the index cache is CACHE_DIR's.
import { readFileSync } from 'node:fs';
import { openEngine, TUNING } from '../src/answer/engine.js';
import type { Answer } from '../src/types.js';
import { readQuestions, scoreSet, type EvalQuestion } from './score.js';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const only = args.includes('--set') ? args[args.indexOf('--set') + 1] : undefined;
const tune = args.includes('--tune') ? args[args.indexOf('--tune') + 1] : undefined;
if (tune) {
  for (const kv of tune.split(',')) {
    const [k, v] = kv.split('=');
    (TUNING as Record<string, number>)[k] = Number(v);
  }
}

const fixtures = new URL('../tests/fixtures/', import.meta.url);
const { engine } = openEngine(process.env.CORPUS_DIR ?? new URL('../corpus/', import.meta.url).pathname, {
  cacheDir: process.env.CACHE_DIR ?? '.cache',
});

interface Dialog {
  id: string;
  turns: { q: string; expect?: (string | string[])[]; abstain?: boolean }[];
}

export function readDialogs(file: URL): Dialog[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Dialog);
}

const ci = (s: string) => s.toLowerCase().replace(/[‘’]/g, "'").replace(/[–—]/g, '-');
const holds = (text: string, expect: (string | string[])[]) =>
  expect.every((g) => (Array.isArray(g) ? g : [g]).some((a) => ci(text).includes(ci(a))));

function show(q: EvalQuestion, a: Answer, why: string): void {
  if (!verbose) return;
  const r = engine.rank(q.q);
  console.log(
    `  ${why} ${q.id}: ${q.q}  [${r.reason ?? ''} ${r.intent} ${JSON.stringify(r.read.anchors).replace(/"\w+":\[\],?/g, '')}]`,
  );
  if (!a.answered && r.snippets[0])
    console.log(`      ~ ${r.snippets[0].coverage.toFixed(2)} ${r.snippets[0].text.slice(0, 140)}`);
  if (a.answered) console.log(`      → ${a.citations[0]?.snippet.slice(0, 160)}`);
}

for (const name of ['questions.dev', 'questions.dev2', 'questions.extra', 'questions.more']) {
  if (only && only !== name) continue;
  let qs: EvalQuestion[];
  try {
    qs = readQuestions(new URL(`${name}.jsonl`, fixtures));
  } catch {
    continue;
  }
  const answers = qs.map((q) => engine.answer(q.q));
  // Case-insensitive, as the held-out scorer matches.
  let h1 = 0;
  let h3 = 0;
  let refused = 0;
  let declined = 0;
  let n = 0;
  let m = 0;
  qs.forEach((q, i) => {
    const a = answers[i];
    const snips = a.citations.map((c) => c.snippet);
    if (q.abstain) {
      m++;
      if (!a.answered) declined++;
      else show(q, a, 'ANSWERED');
      return;
    }
    n++;
    if (!a.answered) {
      refused++;
      show(q, a, 'REFUSED');
      return;
    }
    const top = snips.length > 0 && holds(snips[0], q.expect ?? []);
    if (top) h1++;
    else show(q, a, 'MISS');
    if (holds(snips.slice(0, 3).join(' \n '), q.expect ?? [])) h3++;
  });
  void scoreSet;
  const pct = (x: number, d: number) => (d ? ((100 * x) / d).toFixed(1) : '-');
  console.log(
    `${name}: hit@1 ${pct(h1, n)}% hit@3 ${pct(h3, n)}% OOC-declined ${pct(declined, m)}% refused ${pct(refused, n)}% (n=${n}+${m})`,
  );
}

for (const name of ['followups.dev', 'followups.extra']) {
  if (only && only !== name) continue;
  let dialogs: Dialog[];
  try {
    dialogs = readDialogs(new URL(`${name}.jsonl`, fixtures));
  } catch {
    continue;
  }
  let right = 0;
  let turns = 0;
  let abstainRight = 0;
  let abstains = 0;
  for (const d of dialogs) {
    const previous: string[] = [];
    for (const [i, t] of d.turns.entries()) {
      const a = engine.answer(t.q, { previous: [...previous] });
      previous.push(t.q);
      if (i === 0) continue;
      turns++;
      const ok = t.abstain ? !a.answered : a.answered && holds(a.citations[0]?.snippet ?? '', t.expect ?? []);
      if (t.abstain) {
        abstains++;
        if (ok) abstainRight++;
      }
      if (ok) right++;
      else if (verbose)
        console.log(
          `  FOLLOW-UP ${d.id}: ${t.q} → ${a.answered ? a.citations[0]?.snippet.slice(0, 140) : '(declined)'}`,
        );
    }
  }
  console.log(
    `${name}: follow-up turns right ${right}/${turns}, near-miss follow-ups declined ${abstainRight}/${abstains}`,
  );
}
