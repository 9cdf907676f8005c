// What every command-line entry point shares: argument reading, corpus problem reports on stderr,
// and one clear line instead of a stack trace when something goes wrong.
import type { CorpusProblem } from '../corpus/load.js';

export function reportProblems(problems: CorpusProblem[]): void {
  for (const p of problems) process.stderr.write(`warning: skipped ${p.message}\n`);
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
    process.exitCode = 1;
  }
}
