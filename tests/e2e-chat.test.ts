// The terminal chat, as a person would start it: `npm start` without BOT_TOKEN, questions piped in.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function chat(input: string): Promise<{ code: number | null; out: string; err: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info' };
  delete env.BOT_TOKEN;
  const child = spawn('npm', ['start', '--silent'], {
    cwd: new URL('..', import.meta.url).pathname,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  child.stdin.end(input);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

describe('terminal chat', () => {
  it('answers a piped question with its citation and exits 0 at the end of input', async () => {
    const { code, out } = await chat('How much did Uzbekistan and Japan trade in 2023?\n');
    expect(code).toBe(0);
    expect(out).toContain('$230mn');
    expect(out).toMatch(/\[1\]/);
    expect(out).toMatch(/Uzbek-Japanese Expert Dialogue/);
    // Plain text: no JSON, no markup, no log lines on stdout.
    expect(out).not.toMatch(/"level":|<b>|\*\*/);
  }, 60_000);

  it('drives the same bot: commands, buttons pressed by number or label, conversations', async () => {
    const { code, out } = await chat(
      [
        '/start',
        '1', // the first example question, pressed by number
        // A broad question (more passages than the three quoted), so its answer offers "More passages".
        'How has the dialogue developed?',
        'More passages', // a button under that answer, pressed by label
        '/ask',
        'How many Uzbek-Japanese joint ventures are there in Uzbekistan?',
        'who is the best footballer in the world',
        '/sources',
      ].join('\n'),
    );
    expect(code).toBe(0);
    expect(out).toMatch(/Dialogue Desk/);
    expect(out).toMatch(/❓ When was the first summit\?[\s\S]*20 December/);
    expect(out).toMatch(/now reads:[\s\S]*More passages \(\d/);
    expect(out).toMatch(/What would you like to know/);
    expect(out).toContain('66 joint ventures');
    expect(out).toMatch(/The library has nothing on this/);
    expect(out).toMatch(/The library: 5 articles/);
  }, 60_000);
});
