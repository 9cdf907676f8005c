// The question reader: what is asked, what it turns on, and what is only wrapping around it.
import { describe, expect, it } from 'vitest';
import { readInDialog, readQuestion } from '../src/answer/question.js';

describe('reading a question', () => {
  it('drops greetings, thanks and "can you tell me" around the request', () => {
    expect(readQuestion('Hello! Could you tell me who chaired the summit? Thanks a lot!').request).toBe(
      'who chaired the summit?',
    );
    expect(readQuestion('ok, quick one: when was the forum founded?').request).toBe(
      'when was the forum founded?',
    );
  });

  it('finds the question inside a long message of context', () => {
    const q = readQuestion(
      'I am writing an essay for a class on Asian diplomacy and my notes are a mess, so I would like to know when exactly the railway agreement was signed between the two countries.',
    );
    expect(q.request).toMatch(/^when exactly the railway agreement was signed/);
    expect(q.asks).toBe('when');
  });

  it('reads a greeting or thanks alone as small talk, and a question with a greeting as a question', () => {
    expect(readQuestion('hi!').smalltalk).toBe(true);
    expect(readQuestion('Thanks, that is helpful').smalltalk).toBe(true);
    expect(readQuestion('hi, who chaired the summit?').smalltalk).toBe(false);
  });

  it('turns a named source into a scope rather than search words', () => {
    const q = readQuestion('According to The Economist, what did the minister promise?');
    expect(q.scope).toBe('Economist');
    expect(q.request).not.toMatch(/Economist/);
    expect(readQuestion("In Smith's review of the forum, which risks are named?").scope).toBe(
      "Smith's review",
    );
  });

  it('picks out the places, years, ordinals and names an answer must agree with', () => {
    const a = readQuestion('What did Ishikawa announce at the ninth meeting in Bishkek in 2031?').anchors;
    expect(a.names).toEqual(['ishikawa']);
    expect(a.ordinals).toEqual(['ninth']);
    expect(a.cities).toEqual(['Bishkek']);
    expect(a.years).toEqual(['2031']);
    // "first" so often means "earliest" that it binds nothing; capitalised dictionary words are not names.
    expect(readQuestion('Who opened the First Annual Forum?').anchors.ordinals).toEqual([]);
    expect(readQuestion('Who opened the First Annual Forum?').anchors.names).toEqual([]);
  });

  it('reads an ellipsis as the earlier question with the new detail in place of the old', () => {
    const q = readInDialog('and what about Kyrgyzstan?', [
      'How large were the exports of Tajikistan in 2031?',
    ]);
    expect(q.anchors.countries).toEqual(['Kyrgyzstan']);
    expect(q.anchors.years).toEqual(['2031']);
    expect(q.asks).toBe('howmuch');
  });

  it('reads a pronoun follow-up with the earlier question as context, its own question kind kept', () => {
    const q = readInDialog('Who chaired it?', ['When was the ninth ministerial meeting held?']);
    expect(q.asks).toBe('who');
    expect(q.context).toMatch(/ninth ministerial meeting/);
    expect(q.anchors.ordinals).toEqual(['ninth']);
  });
});
