// Streams questions one at a time through a process that answers one stdin line with one stdout line
// (`npm run --silent ask -- --json`, or the raw MiniSearch process), as the checker does: each question is
// written only after the previous answer arrived. Measures time to the first answer from the spawn (cold
// start), each answer's latency, and the peak RSS (VmHWM) of the process tree's largest member: npm and
// the tsx launcher sit between us and the serving node process, and that one is what is measured.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface StreamResult {
  /** spawn → first answer line (the first question is written at once) */
  coldMs: number;
  /** latency of every answer after the first, ms */
  latencies: number[];
  /** largest VmHWM among the process and its descendants, MB */
  peakRssMB: number;
  answers: string[];
}

function children(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (list) for (const c of list.split(/\s+/)) out.push(Number(c));
    }
  } catch {
    // exited meanwhile
  }
  return out;
}

function hwmMB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export function streamQuestions(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  questions: string[],
  cwd?: string,
): Promise<StreamResult> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const tree = new Set<number>([child.pid!]);
    let peak = 0;
    const sample = () => {
      for (const pid of [...tree]) for (const c of children(pid)) tree.add(c);
      for (const pid of tree) peak = Math.max(peak, hwmMB(pid));
    };
    const sampler = setInterval(sample, 25);
    const answers: string[] = [];
    const latencies: number[] = [];
    let coldMs = 0;
    let sentAt = 0;
    let buffered = '';
    let stderr = '';
    let next = 0;
    const send = () => {
      if (next >= questions.length) {
        sample();
        child.stdin.end();
        return;
      }
      sentAt = performance.now();
      child.stdin.write(`${questions[next++]}\n`);
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        // A run without questions (build-index) prints a report, not answers.
        if (!line.trim() || !questions.length) continue;
        const now = performance.now();
        if (answers.length === 0) coldMs = now - started;
        else latencies.push(now - sentAt);
        answers.push(line);
        send();
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => {
      stderr = (stderr + c).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      if (code !== 0 || answers.length !== questions.length) {
        reject(
          new Error(
            `${command} ${args.join(' ')}: exit ${code}, ${answers.length}/${questions.length} answers: ${stderr}`,
          ),
        );
        return;
      }
      resolvePromise({ coldMs, latencies, peakRssMB: Math.round(peak), answers });
    });
    send();
  });
}
