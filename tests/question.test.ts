// The question reader: what is asked, what it turns on, and what is only wrapping around it.
import { describe, expect, it } from 'vitest';
import { agrees } from '../src/answer/agree.js';
import { anchorsOf, askedHead, readInDialog, readQuestion } from '../src/answer/question.js';
import { rolesIn } from '../src/answer/roles.js';

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

  it('reads the asking clause of one long sentence, and keeps the story before it as background', () => {
    const q = readQuestion(
      'So I am drafting a memo for my director before a trip to Khiva, and I keep reading that the valley wants help with floods, which is no surprise after last spring, but I cannot find details - did the forum in Samarkand agree on any flood drills, and who would run them?',
    );
    expect(q.request).toMatch(/^did the forum in Samarkand agree on any flood drills/);
    expect(q.background).toMatch(/floods/);
    expect(q.anchors.cities).toEqual(['Samarkand']);
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

describe('what a detail is tied to', () => {
  const base = { context: '', contextTerms: new Set<string>(), nameTerms: new Map<string, string[]>() };

  it('reads "before 2030" as a bound: an earlier year agrees, a later one does not', () => {
    const anchors = anchorsOf('How many times had the delegation visited Khiva before 2030?');
    expect(anchors.years).toEqual([]);
    expect(anchors.figures).toEqual([]);
    expect(anchors.yearBounds).toEqual([{ year: 2029, side: 'until' }]);
    expect(agrees({ ...base, anchors, sentence: 'The delegation had visited Khiva twice, in 2021.' })).toBe(
      true,
    );
    expect(agrees({ ...base, anchors, sentence: 'The delegation visited Khiva again in 2033.' })).toBe(false);
    const since = anchorsOf('What has changed since 2027?');
    expect(since.yearBounds).toEqual([{ year: 2027, side: 'from' }]);
    expect(agrees({ ...base, anchors: since, sentence: 'Flights doubled in 2026.' })).toBe(false);
  });

  it('reads a capital as the place of an event, or as the government seated there', () => {
    const held = anchorsOf('What was adopted at the Astana meeting on dams?');
    expect(held.venues).toEqual(['Astana']);
    expect(anchorsOf('Which grants were signed in Dushanbe?').venues).toEqual(['Dushanbe']);
    // the government: its country, named in the sentence, places it
    const seat = anchorsOf('Does Astana fund the dams?');
    expect(seat.venues).toEqual([]);
    const sentence = 'Kazakhstan funds two of the dams.';
    expect(agrees({ ...base, anchors: seat, sentence })).toBe(true);
    expect(agrees({ ...base, anchors: held, sentence: 'Kazakhstan adopted a plan on dams.' })).toBe(false);
  });

  it('reads "this year" and "last year" by the date of the article that says it', () => {
    const anchors = anchorsOf('Which milestone did the forum mark in 2031?');
    const sentence = 'The forum marks its tenth year this year, though turnout fell in 2028.';
    expect(agrees({ ...base, anchors, sentence, published: '2031-06-01' })).toBe(true);
    expect(agrees({ ...base, anchors, sentence, published: '2034-06-01' })).toBe(false);
    const last = 'Turnout rose last year, after a slow 2028.';
    expect(agrees({ ...base, anchors, sentence: last, published: '2032-02-01' })).toBe(true);
  });

  it('finds the noun a "which" or "what" question asks for, not the verb after it', () => {
    expect(askedHead('Which prize did the festival award first?')).toBe('prize');
    expect(askedHead('What joint research programme was launched in Osh?')).toBe('programme');
    expect(askedHead('What closing statement came out of the talks?')).toBe('statement');
    expect(askedHead('How many times has the council met?')).toBe('times');
    expect(askedHead('How much capital will the new bank hold?')).toBe('capital');
    // "how many times" is answered by "twice" or "only once", which hold no noun to look for
    expect(readQuestion('How many times has the council met?').head).toBeUndefined();
    expect(askedHead('What share of exports goes by rail?')).toBe('share');
    expect(askedHead('What did the envoy announce?')).toBeUndefined();
    expect(askedHead('What about Bukhara?')).toBeUndefined();
    // "which country" is answered by a country's name, which seldom holds the word "country"
    expect(readQuestion('Which country hosted the fair?').head).toBeUndefined();
    expect(readQuestion('Which prize did the festival award?').head).toBe('prize');
  });

  it('tells a question about where a piece appeared from one about what an outlet reported', () => {
    expect(readQuestion('Which outlet published the review of the Osh talks?').asksOutlet).toBe(true);
    expect(readQuestion('Which news agency does the report cite for the figures?').asksOutlet).toBe(true);
    expect(readQuestion('Does the article cite any Japanese source?').asksOutlet).toBe(true);
    expect(readQuestion('What did the agency announce about rail freight?').asksOutlet).toBe(false);
  });

  it('ties an ordinal to its noun: another noun with the same ordinal is neither a match nor a rival', () => {
    const anchors = anchorsOf('When was the third trade fair held in Almaty?');
    expect(agrees({ ...base, anchors, sentence: 'The third road map was adopted in Almaty in 2011.' })).toBe(
      false,
    );
    expect(agrees({ ...base, anchors, sentence: 'The third trade fair opened in Almaty in May 2012.' })).toBe(
      true,
    );
    expect(
      agrees({ ...base, anchors, sentence: 'The fourth trade fair, held in Almaty in 2013, drew crowds.' }),
    ).toBe(false);
  });

  it('reads whose a noun is: Kazakh students are not Japanese students', () => {
    const anchors = anchorsOf('How many Kazakh students went to Japan in 2010?');
    expect(
      agrees({ ...base, anchors, sentence: 'In 2010, 300 Japanese students went to Kazakhstan to study.' }),
    ).toBe(false);
    expect(
      agrees({ ...base, anchors, sentence: 'In 2010, 300 Kazakh students went to Japan on grants.' }),
    ).toBe(true);
    expect(rolesIn('engineers from Central Asia trained at Japanese plants').map((r) => r.owner)).toEqual([
      'Japan',
      'Central Asia',
    ]);
  });

  it('lets another office holder stand as a rival only to the question’s subject', () => {
    const asked = anchorsOf('When did Tokayev visit Osaka?');
    expect(asked.actors).toEqual(['tokayev']);
    expect(agrees({ ...base, anchors: asked, sentence: 'Mirziyoyev visited Osaka in 2019.' })).toBe(false);
    const besides = anchorsOf('Besides Tokayev, who visited Osaka?');
    expect(besides.actors).toEqual([]);
  });
});

describe('a follow-up that swaps the topic', () => {
  it('reads "and what about X?" without a new detail as its own words, leaning on the earlier request', () => {
    const q = readInDialog('And what about floods?', ['What did Japarov propose about glacier monitoring?']);
    expect(q.context).toMatch(/glacier monitoring/);
    expect(q.anchors.names).toEqual(['japarov']);
    // a new detail still replaces the old one in the earlier request
    const swapped = readInDialog('and what about 2031?', ['How much felt was sold in 2030?']);
    expect(swapped.request).toMatch(/felt was sold/);
    expect(swapped.anchors.years).toEqual(['2031']);
  });
});
