// Reading what a question turns on, through the CLI's engine over an invented library
// (tests/fixtures/understanding/): the asked noun, year bounds, and "this year".
import { describe, expect, it } from 'vitest';
import { openEngine } from '../src/library/open.js';

const { engine } = openEngine(new URL('./fixtures/understanding/', import.meta.url).pathname);

describe('what is asked for', () => {
  it('answers "how much capital" with the capital, and declines when only another sum is there', () => {
    const bank = engine.answer('How much capital did the Khiva Development Bank start with?');
    expect(bank.answered).toBe(true);
    expect(bank.citations[0].snippet).toContain('capital of $40 million');
    // the fund's only figure is a disbursement, not its capital
    const fund = engine.answer('How much capital does the Aral Water Fund have?');
    expect(fund.answered).toBe(false);
    expect(
      engine.answer('How much did the Aral Water Fund disburse to farmers?').citations[0].snippet,
    ).toContain('$5 million');
  });

  it('reads "since" and "before" a year as bounds on the quote’s year', () => {
    const since = engine.answer('How much did the Aral Water Fund disburse since 2030?');
    expect(since.answered).toBe(true);
    expect(since.citations[0].snippet).toContain('$5 million');
    expect(engine.answer('How much did the Aral Water Fund disburse before 2030?').answered).toBe(false);
  });
});

describe('questions about the writing', () => {
  it('answers "which outlet published…" from the article’s record, not from what it reports', () => {
    const a = engine.answer('Which outlet published the piece on the Aral Water Fund?');
    expect(a.answered).toBe(true);
    expect(a.citations[0].snippet).toContain('Invented Ledger');
  });
});
