// Reading what a question turns on, through the CLI's engine over an invented library
// (tests/fixtures/understanding/): the asked noun, year bounds, and "this year".
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

// A second invented library (tests/fixtures/understanding/ties/), for what a detail is tied to.
const ties = openEngine(new URL('./fixtures/understanding/ties/', import.meta.url).pathname).engine;

describe('what a year is tied to', () => {
  it('takes a year that dates another noun as no rival of the asked one', () => {
    // the quote's 2022 dates the council, not the asked 2032 forum, which its passage dates
    const a = ties.answer('Which milestone did the May 2032 forum mark?');
    expect(a.answered).toBe(true);
    expect(a.citations[0].snippet).toContain('tenth year');
  });

  it('still takes a year of the asked noun as a rival', () => {
    const a = ties.answer('What did the 2031 forum in Bukhara adopt?');
    expect(a.citations.some((c) => c.snippet.includes('statement on dyes'))).toBe(false);
  });
});

describe('the asked noun of a figure', () => {
  it('needs the quote to name what the figure is of, beside the asked noun', () => {
    expect(ties.answer('How much capital did the Margilan guild raise?').citations[0]?.snippet).toContain(
      '$2 million',
    );
    // the quote's capital is the guild's, not a fund's the library never describes
    expect(ties.answer('How much capital will the silk export fund hold?').answered).toBe(false);
  });
});

describe('whose act it is', () => {
  it('takes a sentence giving the asked verb to another country as no answer of "why is X …"', () => {
    const a = ties.answer('Why is Uzbekistan regarded as a trusted partner for Japan?');
    expect(a.answered).toBe(true);
    expect(a.citations[0].snippet).toContain('weaving tradition');
    expect(a.citations.some((c) => c.snippet.includes('patient buyers'))).toBe(false);
  });
});

describe('frame nouns', () => {
  it('reads "what are the prospects for X" as asking about X, not about the word "prospects"', () => {
    const a = ties.answer('What are the prospects for the valley weavers in Japan?');
    expect(a.answered).toBe(true);
    expect(a.citations[0].snippet).toContain('twice as much cloth');
  });
});

describe('a date or figure of the places asked', () => {
  it('is no answer when its quote meets every other word only through synonyms', () => {
    // the quote holds the two places as asked, and "buyers" and "raised" only as near words of
    // "investors" and "lift": it speaks of something else in the same places
    expect(ties.answer('How much did Japanese investors lift in Uzbekistan?').answered).toBe(false);
    expect(ties.answer('How much capital did the guild raise in Uzbekistan?').answered).toBe(true);
  });
});

// A third invented library (tests/fixtures/understanding/acts/): a summit's guest list beside one
// guest's proposal.
const acts = openEngine(new URL('./fixtures/understanding/acts/', import.meta.url).pathname).engine;

describe('what a named person did', () => {
  it('answers with the quote that states the asked act of the asked person', () => {
    const a = acts.answer('What did President Japarov propose at the Osaka water summit?');
    expect(a.answered).toBe(true);
    expect(a.citations[0].snippet).toContain('glacier monitoring service');
  });

  it('declines when the person is only named among the guests', () => {
    expect(acts.answer('What did Tajik President Rahmon propose at the Osaka water summit?').answered).toBe(
      false,
    );
    // as a question read from Russian arrives: the verb before the names
    expect(acts.answer('what proposed Rahmon on water summit in Osaka?').answered).toBe(false);
  });

  it('takes the guest list as the answer when the names are not the ones acting', () => {
    const a = acts.answer('Who besides Japarov attended the water summit in Osaka?');
    expect(a.answered).toBe(true);
    expect(a.citations[0].snippet).toContain('Emomali Rahmon');
  });
});

// A fourth invented library (tests/fixtures/understanding/places/): a figure stated without its
// places, in a passage that names them.
const places = openEngine(new URL('./fixtures/understanding/places/', import.meta.url).pathname).engine;

describe('a sentence placed by its passage', () => {
  it('weighs the passage’s places for a sentence that names none, over one that only names them', () => {
    const a = places.answer('felt makers school kyrgyzstan japan 2031');
    expect(a.answered).toBe(true);
    expect(a.citations[0].snippet).toContain('school for apprentices');
  });
});

describe('a library with many unrelated articles', () => {
  it('still reads the desk’s own passage when unrelated ones match the words better', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dd-desk-'));
    writeFileSync(
      join(dir, 'rishtan-bowls-2034.md'),
      '---\nid: rishtan-bowls-2034\ntitle: "Invented Bowls"\nsource: Invented Ledger\npublished: 2034-05\n---\n\n## Kilns\n\nIn 2034, potters of Rishtan in Uzbekistan sold glazed bowls to Japanese collectors for their turquoise glaze.\n',
    );
    // More unrelated passages than are read closely, each holding the question's words more often.
    for (let i = 0; i < 40; i++) {
      writeFileSync(
        join(dir, `porto-workshop-${i}.md`),
        `---\nid: porto-workshop-${i}\ntitle: "Workshop ${i}"\n---\n\n## Glaze\n\nThe potters of workshop ${i} in Porto sold turquoise glaze bowls to collectors twice: potters sold bowls, collectors say, turquoise glaze bowls sold to collectors.\n`,
      );
    }
    const desk = openEngine(dir).engine;
    const a = desk.answer('Which potters sold turquoise glaze bowls to collectors?');
    expect(a.answered).toBe(true);
    expect(a.citations[0].snippet).toContain('Rishtan');
  });
});

// A fifth invented library (tests/fixtures/understanding/venues/): an event in a capital, and a text on
// the same topic that names the capital's country but not the city.
const venues = openEngine(new URL('./fixtures/understanding/venues/', import.meta.url).pathname).engine;

describe('a city as the place of an event', () => {
  it('is not stood in for by its country when the question places the event there', () => {
    const a = venues.answer('What document came out of the glacier forum in Bishkek?');
    expect(a.answered).toBe(true);
    expect(a.citations[0].snippet).toContain('Ice Compact');
    // the other forum names the country but happened elsewhere
    expect(a.citations.some((c) => c.snippet.includes('Naryn'))).toBe(false);
  });
});

describe('a question asking for a capital', () => {
  it('is answered by a quote naming the city as the capital, and declined by capital as money', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dd-capital-'));
    writeFileSync(
      join(dir, 'dairy-fair-2031.md'),
      '---\nid: dairy-fair-2031\ntitle: "Invented Dairy Fair"\nsource: Invented Herald\npublished: 2031-03\n---\n\n## Fair\n\nBishkek, the capital of Kyrgyzstan, hosted an invented dairy fair for Japanese buyers in March 2031.\n\nTurkmenistan dairy farms seek venture capital from Japanese investors for new cheese lines.\n',
    );
    const desk = openEngine(dir).engine;
    const kyrgyz = desk.answer('What is the capital city of Kyrgyzstan?');
    expect(kyrgyz.answered).toBe(true);
    expect(kyrgyz.citations[0].snippet).toContain('Bishkek');
    // The only "capital" said of Turkmenistan is money.
    expect(desk.answer("What is Turkmenistan's capital?").answered).toBe(false);
  });
});
