// Scores the development questions through the engine, as the held-out set is scored through the CLI.
import { describe, expect, it } from 'vitest';
import { openEngine } from '../src/answer/engine.js';
import { readQuestions, scoreSet } from '../bench/score.js';

const questions = readQuestions(new URL('./fixtures/questions.dev.jsonl', import.meta.url));

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

// Our own questions of the held-out kinds (paraphrases, typos, terse keywords, out-of-corpus, site
// chrome), scored against the held-out set's bars rather than the dev set's.
describe('our own questions of the same kinds', () => {
  const extra = readQuestions(new URL('./fixtures/questions.extra.jsonl', import.meta.url));
  const { engine } = openEngine(new URL('../corpus/', import.meta.url).pathname);
  const score = scoreSet(
    extra,
    extra.map((q) => engine.answer(q.q)),
  );

  it('answers at least 85% first and 95% within three, declines at least 80% of what the library lacks', () => {
    expect(score.hit1).toBeGreaterThanOrEqual(0.85);
    expect(score.hit3).toBeGreaterThanOrEqual(0.95);
    expect(score.abstainRate).toBeGreaterThanOrEqual(0.8);
    expect(score.answeredWithoutCitation).toBe(0);
  });
});
