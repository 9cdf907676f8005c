import { describe, expect, it } from 'vitest';
import { openEngine } from '../src/answer/engine.js';
import { intentOf } from '../src/answer/intent.js';
import { intentFits } from '../src/answer/snippet.js';
import { SAMPLE_QUESTIONS } from '../src/bot/examples.js';

const { engine } = openEngine(new URL('../corpus/', import.meta.url).pathname);

function passageText(chunkId: string): string {
  const p = engine.passage(chunkId);
  if (!p) throw new Error(`no passage ${chunkId}`);
  return p.text;
}

describe('answers', () => {
  it('quote the passage verbatim and cite title, source and date', () => {
    const a = engine.answer('When did the Central Asia + Japan dialogue get started?');
    expect(a.answered).toBe(true);
    expect(a.citations.length).toBeGreaterThanOrEqual(1);
    expect(a.citations.length).toBeLessThanOrEqual(3);
    a.citations.forEach((c, i) => {
      expect(c.n).toBe(i + 1);
      expect(passageText(c.chunkId)).toContain(c.snippet);
      expect(c.chunkId.startsWith(`${c.articleId}#`)).toBe(true);
      expect(c.title.length).toBeGreaterThan(0);
    });
    expect(a.citations[0].snippet).toContain('August 2004');
    expect(a.citations[0]).toMatchObject({ source: 'The Diplomat', date: '2019-05' });
    expect(a.text).toContain('August 2004');
    expect(a.text).toContain(
      'Central Asia and Japan: 15 Years of Multilateral Cooperation — The Diplomat, 2019-05',
    );
  });

  it('show the sentence that answers, not the whole passage', () => {
    const a = engine.answer('How much did Uzbekistan and Japan trade in 2023?');
    const c = a.citations[0];
    expect(c.snippet).toContain('$230mn');
    expect(c.snippet.length).toBeLessThan(passageText(c.chunkId).length);
  });

  it('rank the sentence with the figure first for a how-much question', () => {
    expect(
      engine.answer('How much did Japan promise for regional transport projects?').citations[0].snippet,
    ).toContain('24 billion yen');
  });

  it('survive typos, aliases and terse keyword queries', () => {
    expect(engine.answer('uzbekistn japan trad 2023 turnovr').citations[0]?.snippet).toContain('230');
    expect(
      engine
        .answer('Mirziyoev visit to Japan 2019')
        .citations.map((c) => c.snippet)
        .join(' '),
    ).toContain('2019');
    expect(engine.answer('JICA Tajikistan').citations[0]?.snippet).toContain('JICA');
    expect(engine.answer('kawaguchi').answered).toBe(true);
  });

  it('is the same answer for the same question', () => {
    const q = 'What does the Joint Credit Mechanism do?';
    expect(engine.answer(q)).toEqual(engine.answer(q));
  });

  it('is the same answer after the engine built its lookups ahead of need', () => {
    const questions = [
      'Who is Yoriko Kawaguchi?',
      'What is JICA?',
      'How much trade was there between Uzbekistan and Japan in 2023?',
      'Japan and Kazakhstan',
    ];
    const fresh = openEngine(new URL('../corpus/', import.meta.url).pathname).engine;
    const before = questions.map((q) => fresh.answer(q));
    const prepared = openEngine(new URL('../corpus/', import.meta.url).pathname).engine;
    prepared.prepare(SAMPLE_QUESTIONS);
    expect(questions.map((q) => prepared.answer(q))).toEqual(before);
  });
});

describe('abstention', () => {
  const declined = [
    'Which city is the capital of Argentina?',
    'Which team won the 2018 football World Cup?',
    'What is Japan’s policy toward Mongolia?',
    'Who is the president of France?',
    'How tall is Mount Fuji?',
    'Subscribe to our telegram channel',
    'Exit mobile version',
    'Please enter your comment',
    'Currency rates from 18/12/2025',
    'Access Date: 12.31.2024',
    'asdkjh qwe zzzz',
    '😀😀😀',
    '',
    '   ',
    '<b>bold</b> <script>alert(1)</script>',
    '.*+?^${}()|[]\\',
  ];
  for (const q of declined) {
    it(`declines ${JSON.stringify(q)} without a citation`, () => {
      const a = engine.answer(q);
      expect(a.answered).toBe(false);
      expect(a.citations).toEqual([]);
      expect(a.cards).toEqual([]);
      expect(a.text).toMatch(/nothing on/);
      expect(a.text).toMatch(/covers/);
    });
  }

  it('survives hostile input: very long, control and bidirectional characters', () => {
    const long = 'Japan '.repeat(2000);
    expect(() => engine.answer(long)).not.toThrow();
    const a = engine.answer('\u202Ewho\u0000 is\u200F yoriko\u0007 kawaguchi');
    expect(a.answered).toBe(true);
    expect(a.query).not.toMatch(/[\u0000-\u001f\u202e\u200f]/);
    expect(() => engine.answer('constructor __proto__ toString hasOwnProperty')).not.toThrow();
  });
});

describe('more passages', () => {
  it('pages beyond the first citations without repeating them', () => {
    const q = 'Japan Uzbekistan cooperation';
    const first = engine.answer(q).citations.map((c) => c.chunkId);
    const more = engine.more(q, first.length, 3);
    expect(more.length).toBeGreaterThan(0);
    for (const c of more) expect(first).not.toContain(c.chunkId);
    expect(more[0].n).toBe(first.length + 1);
  });
});

describe('intent', () => {
  it('reads what kind of answer a question wants', () => {
    expect(intentOf('When did Koizumi visit?')).toBe('when');
    expect(intentOf('How much was the grant?')).toBe('howmuch');
    expect(intentOf('How many joint ventures operate?')).toBe('howmany');
    expect(intentOf('Who chaired the summit?')).toBe('who');
    expect(intentOf('Where was the meeting held?')).toBe('where');
    expect(intentOf('What is the Joint Credit Mechanism of Japan?')).toBe('define');
    expect(intentOf('Japan and Kazakhstan')).toBe('topic');
    expect(intentOf('For how long has the rail link been running?')).toBe('howlong');
  });

  it('wants a span of time for "how long": a count or a bare date does not give one', () => {
    expect(intentFits('howlong', 'The agency has funded clinics in Osh for more than 15 years.')).toBe(true);
    expect(intentFits('howlong', 'The programme has run since 2011 in three regions.')).toBe(true);
    expect(intentFits('howlong', 'By 2030, 40 clinics had opened in Osh.')).toBe(false);
    expect(intentFits('howmany', 'By 2030, 40 clinics had opened in Osh.')).toBe(true);
  });

  it('wants a frequency for "how often": a date or a count is none', () => {
    expect(intentOf('How often does the water council meet?')).toBe('howoften');
    expect(intentFits('howoften', 'The council meets every two years, in spring.')).toBe(true);
    expect(intentFits('howoften', 'Its forum is held on a triennial basis.')).toBe(true);
    expect(intentFits('howoften', 'The council met in Osh in May 2031.')).toBe(false);
  });
});

describe('names and labels', () => {
  it('declines a site label whose words never stand together in the library', () => {
    for (const q of ['Crossroads Asia', 'Recent Features', 'Leave A Reply', 'Exit Mobile Version']) {
      expect(engine.answer(q).answered, q).toBe(false);
    }
  });

  it('answers names and topics the library holds, whatever their word order', () => {
    for (const q of [
      'Silk Road Diplomacy',
      'Tokyo Declaration',
      'Sanae Takaichi',
      'Japan Kazakhstan',
      'Kazakhstan Japan',
    ]) {
      expect(engine.answer(q).answered, q).toBe(true);
    }
  });
});

describe('cards in answers', () => {
  it('keep a date written ahead of the first summit as that source’s expectation, not a disagreement', () => {
    const a = engine.answer('When was the first Central Asia + Japan summit?');
    // "18–20 December 2025" and "20 December" agree; "August 2023", written in 2024, was an expectation
    expect(a.cards.flatMap((c) => c.conflicts ?? [])).toEqual([]);
    const card = a.cards.find((c) => c.kind === 'event');
    expect(card?.fields['Expected earlier']).toMatch(/August 2023, as of 2024-07/);
    expect(a.citations.length).toBeLessThanOrEqual(3);
  });

  it('number only citations that exist', () => {
    for (const q of [
      'who was yoriko kawaguchi',
      'Japan and Kazakhstan',
      'How many Uzbek-Japanese joint ventures are there in Uzbekistan?',
    ]) {
      const a = engine.answer(q);
      for (const card of a.cards)
        for (const n of card.citations) expect(a.citations[n - 1], `${q} [${n}]`).toBeDefined();
    }
  });
});

describe('questions as people ask them', () => {
  it('answers small talk with what the desk can do, never the refusal', () => {
    for (const q of ['hi', 'thanks!', 'Good morning!']) {
      const a = engine.answer(q);
      expect(a.kind, q).toBe('smalltalk');
      expect(a.answered).toBe(false);
      expect(a.citations).toEqual([]);
      expect(a.text).not.toMatch(/nothing on/);
      expect(a.text).toMatch(/Central Asia–Japan/);
    }
  });

  it('marks answers and declines by kind', () => {
    expect(engine.answer('Who chaired the first Central Asia + Japan Leaders’ Summit?').kind).toBe('answer');
    expect(engine.answer('How tall is Mount Fuji?').kind).toBe('decline');
  });

  it('does not let one unknown word decline an answer the library holds', () => {
    const a = engine.answer('What grant did Abe commit to Tajikistan for irrigation and farming?');
    expect(a.answered).toBe(true);
    expect(a.citations[0].snippet).toContain('$7.5 million');
  });

  it('declines a figure for a country the library gives none for, though it has one for another', () => {
    expect(engine.answer('What was the trade turnover between Kazakhstan and Japan in 2023?').answered).toBe(
      false,
    );
    expect(engine.answer('What was the trade turnover between Uzbekistan and Japan in 2023?').answered).toBe(
      true,
    );
  });

  it('reads a named source as a filter on what is cited', () => {
    const a = engine.answer('According to The Diplomat, what did Kono praise?');
    expect(a.answered).toBe(true);
    for (const c of a.citations) expect(c.source).toBe('The Diplomat');
  });

  it('answers who wrote an article and what its author does from the article’s own record', () => {
    const wrote = engine.answer('Who wrote the UzDaily article?');
    expect(wrote.citations[0].snippet).toContain('Bakhtiyor Mustafayev');
    const job = engine.answer('What is Almas Dissyukov’s background?');
    expect(job.citations.map((c) => c.snippet).join(' ')).toContain('University of Tsukuba');
  });

  it('keeps the source’s footnote markers out of quotes and names an untitled article as untitled', () => {
    const a = engine.answer('How has Tokyo helped Dushanbe with security on the Afghan border?');
    expect(a.citations[0].snippet).toContain('border security');
    for (const c of a.citations) expect(c.snippet).not.toMatch(/\[\d+\]/);
    expect(a.citations[0].title).toBe('Untitled article');
  });
});

describe('follow-ups', () => {
  const trade = 'How much did Uzbekistan and Japan trade in 2023?';

  it('resolve an ellipsis against the earlier question', () => {
    const a = engine.answer('what about the first three months of 2024?', { previous: [trade] });
    expect(a.citations[0].snippet).toContain('$120.7mn');
  });

  it('resolve a pronoun against the earlier question', () => {
    const a = engine.answer('In what year did he do that?', {
      previous: ['Which Japanese leader introduced the Silk Road Diplomacy Concept?'],
    });
    expect(a.citations[0].snippet).toContain('1997');
  });

  it('decline a follow-up about a country the library gives no such figure for', () => {
    expect(engine.answer('what about Kazakhstan?', { previous: [trade] }).answered).toBe(false);
  });

  it('leave a question without earlier ones as it is', () => {
    expect(engine.answer(trade, { previous: [] })).toEqual(engine.answer(trade));
  });
});
