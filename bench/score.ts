// Scores answers against the evaluation questions the way DESIGN.md defines it, so the bench, the eval
// test and the held-out scoring all count the same thing:
// - hit@1: the first citation's snippet holds every expected string (an array item is a set of alternatives);
// - hit@3: the first three snippets together hold every expected string;
// - an `abstain` question is right when the answer declines (answered: false).
// Matching is exact substring (case and punctuation count), with runs of whitespace taken as one space.
import { readFileSync } from 'node:fs';
import type { Answer } from '../src/types.js';

export interface EvalQuestion {
  id: string;
  kind?: string;
  q: string;
  /** Every item must appear; an array item is satisfied by any one of its alternatives. */
  expect?: (string | string[])[];
  abstain?: boolean;
}

export interface QuestionScore {
  id: string;
  kind?: string;
  q: string;
  abstain: boolean;
  answered: boolean;
  hit1: boolean;
  hit3: boolean;
  /** abstain question: declined; other question: hit@1 */
  correct: boolean;
  /** answered: true with no citation: a reply nothing backs */
  answeredWithoutCitation: boolean;
}

export interface SetScore {
  questions: number;
  answerable: number;
  abstainable: number;
  hit1Count: number;
  hit3Count: number;
  /** shares of the answerable questions */
  hit1: number;
  hit3: number;
  abstainCount: number;
  /** share of the abstain questions that were declined */
  abstainRate: number;
  /** answerable questions that were declined */
  falseAbstain: number;
  answeredWithoutCitation: number;
  perQuestion: QuestionScore[];
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

function holds(text: string, expect: (string | string[])[]): boolean {
  const hay = squash(text);
  return expect.every((item) =>
    (Array.isArray(item) ? item : [item]).some((alt) => hay.includes(squash(alt))),
  );
}

export function scoreAnswer(q: EvalQuestion, answer: Answer): QuestionScore {
  const abstain = q.abstain === true;
  const snippets = answer.answered ? answer.citations.map((c) => c.snippet) : [];
  const expect = q.expect ?? [];
  const hit1 = !abstain && snippets.length > 0 && holds(snippets[0], expect);
  // Joined by a line break so no expected string is "found" across two snippets.
  const hit3 = !abstain && snippets.length > 0 && holds(snippets.slice(0, 3).join('\n'), expect);
  return {
    id: q.id,
    kind: q.kind,
    q: q.q,
    abstain,
    answered: answer.answered,
    hit1,
    hit3,
    correct: abstain ? !answer.answered : hit1,
    answeredWithoutCitation: answer.answered && answer.citations.length === 0,
  };
}

export function scoreSet(questions: EvalQuestion[], answers: Answer[]): SetScore {
  if (questions.length !== answers.length) {
    throw new Error(`${questions.length} questions but ${answers.length} answers`);
  }
  const perQuestion = questions.map((q, i) => scoreAnswer(q, answers[i]));
  const answerable = perQuestion.filter((s) => !s.abstain);
  const abstainable = perQuestion.filter((s) => s.abstain);
  const count = (xs: QuestionScore[], f: (s: QuestionScore) => boolean) => xs.filter(f).length;
  const share = (n: number, of: number) => (of ? n / of : 1);
  const hit1Count = count(answerable, (s) => s.hit1);
  const hit3Count = count(answerable, (s) => s.hit3);
  const abstainCount = count(abstainable, (s) => !s.answered);
  return {
    questions: questions.length,
    answerable: answerable.length,
    abstainable: abstainable.length,
    hit1Count,
    hit3Count,
    hit1: share(hit1Count, answerable.length),
    hit3: share(hit3Count, answerable.length),
    abstainCount,
    abstainRate: share(abstainCount, abstainable.length),
    falseAbstain: count(answerable, (s) => !s.answered),
    answeredWithoutCitation: count(perQuestion, (s) => s.answeredWithoutCitation),
    perQuestion,
  };
}

/** Reads a JSON Lines question file (blank lines skipped). */
export function readQuestions(file: string | URL): EvalQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalQuestion);
}
