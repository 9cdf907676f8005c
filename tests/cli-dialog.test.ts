// `ask --json --dialog`, the contract the held-out follow-up scoring speaks: one JSON array of turns
// per stdin line in, one JSON array of Answers per line out, later turns read as follow-ups.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../src/types.js';

const root = new URL('..', import.meta.url).pathname;

function ask(args: string[], input: string) {
  return spawnSync('npx', ['tsx', 'src/cli/ask.ts', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, CACHE_DIR: mkdtempSync(join(tmpdir(), 'dialog-')), LOG_LEVEL: 'silent' },
    timeout: 120_000,
  });
}

describe('ask --json --dialog', () => {
  it('answers each dialog line with one array, later turns in the context of the earlier', () => {
    const dialogs = [
      ['How much did Uzbekistan and Japan trade in 2023?', 'what about the first three months of 2024?'],
      ['hi!', 'Which Japanese leader introduced the Silk Road Diplomacy Concept?', 'In what year?'],
    ];
    const run = ask(['--json', '--dialog'], `${dialogs.map((d) => JSON.stringify(d)).join('\n')}\n`);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const [trade, silk] = lines.map((l) => JSON.parse(l) as Answer[]);
    expect(trade).toHaveLength(2);
    expect(trade[1].citations[0].snippet).toContain('$120.7mn');
    expect(silk.map((a) => a.kind)).toEqual(['smalltalk', 'answer', 'answer']);
    expect(silk[2].citations[0].snippet).toContain('1997');
  });

  it('lists --dialog in its help and still names an unknown option', () => {
    expect(ask(['--help'], '').stdout).toMatch(/--dialog/);
    const bad = ask(['--dialgo'], '');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--dialgo/);
  });
});
