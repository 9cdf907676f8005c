// `npm run ask -- [--json] "QUESTION"` answers one question; with no question it answers every
// non-empty line of stdin, in order (JSON Lines with --json). Only answers go to stdout.
import { createInterface } from 'node:readline';
import { openEngineSoon, type OpenedEngine } from '../library/open.js';
import { warmUpQueries } from '../answer/query.js';
import { SAMPLE_QUESTIONS } from '../bot/examples.js';
import { getConfig } from '../config.js';
import type { Answer, Engine } from '../types.js';
import { JSON_OPTION, parseCommandLine, reportProblems, runCli } from './common.js';

const USAGE = `Usage: npm run ask -- [--json] [--dialog] [QUESTION]
  QUESTION  answered once; without it, every non-empty line of stdin is answered in order
  --json    print the Answer as JSON (JSON Lines for stdin), nothing else on stdout
  --dialog  each stdin line is a JSON array of turns (strings); prints one JSON array of their
            Answers per line, every later turn read as a follow-up of the earlier ones
  --lang L  the questions' language: en, ru, uz (uz-Latn, uz-Cyrl); detected when absent
  -h, --help  this text`;

const OPTIONS = {
  ...JSON_OPTION,
  dialog: { type: 'boolean', default: false },
  lang: { type: 'string' },
} as const;

/** The turns of one dialog line. A line that is not a JSON array of strings is one turn as typed, with
 *  a warning: output line n keeps answering input line n. */
function turnsOf(line: string, n: number): string[] {
  try {
    const parsed: unknown = JSON.parse(line);
    if (Array.isArray(parsed) && parsed.every((t) => typeof t === 'string')) return parsed;
  } catch {
    // reported below
  }
  process.stderr.write(`warning: line ${n} is not a JSON array of turns (strings); read as one turn\n`);
  return [line];
}

function answerDialog(engine: Engine, turns: string[], lang?: string): Answer[] {
  return turns.map((turn, i) => engine.answer(turn, { previous: turns.slice(0, i), lang }));
}

function print(answer: Answer, json: boolean): void {
  process.stdout.write(json ? `${JSON.stringify(answer)}\n` : `${answer.text}\n\n`);
}

await runCli(async (args) => {
  const { values, positionals } = parseCommandLine(args, USAGE, OPTIONS);
  const json = values.json;
  const question = positionals.join(' ');
  const { CORPUS_DIR, CACHE_DIR } = getConfig();
  const piped = !question.trim() && !process.stdin.isTTY;
  // The first answer is worked out while a large library's corpus is still being keyed, and shown once
  // the cache is confirmed fresh; a stale cache's library is rebuilt and the question answered again.
  const soon = openEngineSoon(CORPUS_DIR, { cacheDir: CACHE_DIR });
  let { engine } = soon.opened;
  let confirm: (() => OpenedEngine) | undefined = soon.confirmed;
  /** Confirms the library once: true when it had to be rebuilt. `more`: questions are still to come. */
  const settle = (more = true): boolean => {
    if (!confirm) return false;
    const final = confirm();
    confirm = undefined;
    engine = final.engine;
    reportProblems(final.problems);
    // Questions from stdin keep coming: the tagger loads on its own thread while this answer is shown
    // and the next one read (not earlier: while the library is read, that thread checks and keys it).
    if (piped && more) warmUpQueries();
    return final !== soon.opened;
  };
  const answered = <T>(ask: (e: Engine) => T): T => {
    const result = ask(engine);
    return settle() ? ask(engine) : result;
  };
  if (question.trim()) {
    print(
      answered((e) => e.answer(question, { lang: values.lang })),
      json,
    );
    return;
  }
  if (process.stdin.isTTY) {
    settle(false);
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  // More questions will come: once the first is answered, what later ones would build on first need is
  // built (one wait, on the next question, instead of one on each of several).
  let prepared = false;
  const afterAnswer = () => {
    if (!prepared) engine.prepare(SAMPLE_QUESTIONS);
    prepared = true;
  };
  if (values.dialog) {
    let n = 0;
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      n++;
      if (!line.trim()) continue;
      const answers = answered((e) => answerDialog(e, turnsOf(line, n), values.lang));
      process.stdout.write(
        json ? `${JSON.stringify(answers)}\n` : `${answers.map((a) => a.text).join('\n\n')}\n\n`,
      );
      afterAnswer();
    }
    settle(false);
    return;
  }
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    // Every line with any character gets its answer (a blank-looking line is declined), so output line
    // n always answers input line n among the non-empty ones.
    if (line.length) {
      print(
        answered((e) => e.answer(line, { lang: values.lang })),
        json,
      );
      afterAnswer();
    }
  }
  // Input without a question: what the library's corpus holds is still reported.
  settle(false);
});
