// What every command-line entry point shares: argument reading, corpus problem reports on stderr,
// and one clear line instead of a stack trace when something goes wrong.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { describeSource } from '../answer/citation.js';
import { openEngine, type DeskEngine } from '../answer/engine.js';
import { getConfig } from '../config.js';
import type { CorpusProblem } from '../corpus/load.js';
import type { Conflict } from '../types.js';

export function reportProblems(problems: CorpusProblem[]): void {
  for (const p of problems) process.stderr.write(`warning: skipped ${p.message}\n`);
}

/** A wrong command line: reported as one line with the usage, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
/** `--json` means the same in every command: stdout holds JSON and nothing else. */
export const JSON_OPTION = { json: { type: 'boolean', default: false } } as const satisfies Options;

/**
 * Every command's arguments through node:util parseArgs: `--help`/`-h` prints `usage` and exits 0, an
 * unknown option is a UsageError that names it, positionals are the question or filter words.
 */
export function parseCommandLine<O extends Options>(
  args: string[],
  usage: string,
  options: O,
): {
  values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values'];
  positionals: string[];
} {
  let parsed: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h', default: false } } as O,
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    // parseArgs says "Unknown option '--x'…"; keep its words, add the usage.
    throw new UsageError(`${(err as Error).message.split('. ')[0]}.\n${usage}`);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

export async function runCli(main: (args: string[]) => Promise<void> | void): Promise<void> {
  // A closed pipe (`| head`) is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  try {
    await main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}

/** "⚠ sources disagree on the date: … / …": how a list line shows its conflicts. */
export function conflictLines(conflicts: Conflict[] = []): string[] {
  return conflicts.map(
    (c) =>
      `    ⚠ sources disagree on the ${c.field}: ${c.claims.map((x) => `${x.value} (${describeSource(x.citation)})`).join(' / ')}`,
  );
}

/** `timeline` and `figures`: `[--json] [FILTER]`, the engine's list as JSON or one readable entry a line. */
export function runListCli<T>(opts: {
  usage: string;
  select: (engine: DeskEngine, filter?: string) => T[];
  line: (item: T) => string;
  none: string;
  noMatch: (filter: string) => string;
}): Promise<void> {
  return runCli((args) => {
    const { values, positionals } = parseCommandLine(args, opts.usage, JSON_OPTION);
    const json = values.json;
    const filter = positionals.join(' ').trim() || undefined;
    const { CORPUS_DIR, CACHE_DIR } = getConfig();
    const { engine, problems } = openEngine(CORPUS_DIR, { cacheDir: CACHE_DIR });
    reportProblems(problems);
    const items = opts.select(engine, filter);
    if (json) process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
    else if (!items.length) process.stdout.write(`${filter ? opts.noMatch(filter) : opts.none}\n`);
    else process.stdout.write(`${items.map(opts.line).join('\n')}\n`);
  });
}
