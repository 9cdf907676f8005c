// `npm run ask -- [--json] "QUESTION"` answers one question; with no question it answers every
// non-empty line of stdin, in order (JSON Lines with --json). Only answers go to stdout.
import { createInterface } from 'node:readline';
import { openEngine } from '../answer/engine.js';
import { getConfig } from '../config.js';
import type { Answer } from '../types.js';
import { JSON_OPTION, parseCommandLine, reportProblems, runCli } from './common.js';

const USAGE = `Usage: npm run ask -- [--json] [QUESTION]
  QUESTION  answered once; without it, every non-empty line of stdin is answered in order
  --json    print the Answer as JSON (JSON Lines for stdin), nothing else on stdout
  --lang L  the questions' language: en, ru, uz (uz-Latn, uz-Cyrl); detected when absent
  -h, --help  this text`;

function print(answer: Answer, json: boolean): void {
  process.stdout.write(json ? `${JSON.stringify(answer)}\n` : `${answer.text}\n\n`);
}

await runCli(async (args) => {
  const { values, positionals } = parseCommandLine(args, USAGE, { ...JSON_OPTION, lang: { type: 'string' } });
  const json = values.json;
  const question = positionals.join(' ');
  const { CORPUS_DIR, CACHE_DIR } = getConfig();
  const { engine, problems } = openEngine(CORPUS_DIR, { cacheDir: CACHE_DIR });
  reportProblems(problems);
  if (question.trim()) {
    print(engine.answer(question, { lang: values.lang }), json);
    return;
  }
  if (process.stdin.isTTY) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    // Every line with any character gets its answer (a blank-looking line is declined), so output line
    // n always answers input line n among the non-empty ones.
    if (line.length) print(engine.answer(line, { lang: values.lang }), json);
  }
});
