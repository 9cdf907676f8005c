// Scores the development questions through the engine, as the held-out set is scored through the CLI.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openEngine } from '../src/answer/engine.js';
import { scoreSet } from '../bench/score.js';

const questions = readFileSync(new URL('../../shared/eval/questions.dev.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

describe('dev questions', () => {
  const { engine } = openEngine(new URL('../corpus/', import.meta.url).pathname);
  const answers = questions.map((q) => engine.answer(q.q));
  const score = scoreSet(questions, answers);

  it('finds the answer first for at least 95% and among the first three for all', () => {
    expect(score.hit1).toBeGreaterThanOrEqual(0.95);
    expect(score.hit3).toBe(1);
  });

  it('declines every out-of-corpus question', () => {
    expect(score.abstainRate).toBe(1);
  });

  it('never answers without a citation', () => {
    for (const a of answers) if (a.answered) expect(a.citations.length).toBeGreaterThan(0);
  });
});
