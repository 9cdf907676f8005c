// `npm run ask -- [--json] "QUESTION"` answers one question; with no question it answers every
// non-empty line of stdin, in order (JSON Lines with --json). Only answers go to stdout.
import { createInterface } from 'node:readline';
import { openEngine } from '../answer/engine.js';
import { getConfig } from '../config.js';
import type { Answer } from '../types.js';
import { reportProblems, runCli } from './common.js';

function print(answer: Answer, json: boolean): void {
  process.stdout.write(json ? `${JSON.stringify(answer)}\n` : `${answer.text}\n\n`);
}

await runCli(async (args) => {
  const json = args.includes('--json');
  const question = args.filter((a) => a !== '--json').join(' ');
  const { CORPUS_DIR, CACHE_DIR } = getConfig();
  const { engine, problems } = openEngine(CORPUS_DIR, { cacheDir: CACHE_DIR });
  reportProblems(problems);
  if (question.trim()) {
    print(engine.answer(question), json);
    return;
  }
  if (process.stdin.isTTY) {
    process.stderr.write('Usage: npm run ask -- [--json] "QUESTION"   (or pipe one question per line)\n');
    process.exitCode = 2;
    return;
  }
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    // Every line with any character gets its answer (a blank-looking line is declined), so output line
    // n always answers input line n among the non-empty ones.
    if (line.length) print(engine.answer(line), json);
  }
});
