// Facts a journalist could paste: entries that read on their own, one per happening, disagreement only
// where sources disagree, figures that say whose and what, cards that credit participants and cite every
// line, filters as a reader means them. Checked on articles invented for these tests (so the rules are
// shown to work beyond the bundled five) and on the bundled corpus.
import { describe, expect, it } from 'vitest';
import { buildCards, bylineCard } from '../src/answer/cards.js';
import { citationFor } from '../src/answer/citation.js';
import { intentOf } from '../src/answer/intent.js';
import { chunkArticle } from '../src/corpus/chunk.js';
import { loadCorpus } from '../src/corpus/load.js';
import { extractFacts, filterEvents, filterFigures } from '../src/facts/index.js';
import { analyze } from '../src/search/analyzer.js';
import type { ArticleMeta, Card, Citation, Event, Facts, Figure, Passage } from '../src/types.js';

type Ev = Event & { people?: string[]; planned?: boolean; asOf?: string; expected?: unknown[] };

function library(dir: string) {
  const { articles } = loadCorpus(new URL(dir, import.meta.url).pathname);
  const passages = articles.flatMap(chunkArticle);
  const facts = extractFacts(articles, passages);
  const metas = new Map<string, ArticleMeta>(articles.map((a) => [a.id, a]));
  const byId = new Map(passages.map((p) => [p.id, p]));
  const retrieve = (question: string): Passage[] => {
    const q = new Set(analyze(question));
    return passages
      .map((p) => ({ p, score: [...new Set(analyze(p.text, 'document'))].filter((t) => q.has(t)).length }))
      .filter((x) => x.score >= 1)
      .sort((a, b) => b.score - a.score)
      .slice(0, 5)
      .map((x) => x.p);
  };
  // the answer's limit of three citations, as the engine keeps it: beyond it, cite returns 0
  const ask = (question: string): { cards: Card[]; citations: Citation[] } => {
    const citations: Citation[] = [];
    const cite = (passageId: string, snippet: string) => {
      const found = citations.find((c) => c.chunkId === passageId && c.snippet.includes(snippet));
      if (found) return found.n;
      if (citations.length >= 3) return 0;
      const p = byId.get(passageId)!;
      citations.push(citationFor(metas.get(p.articleId)!, p, snippet, citations.length + 1));
      return citations.length;
    };
    const cards = buildCards({
      question,
      intent: intentOf(question),
      passages: retrieve(question),
      facts,
      articles: metas,
      cite,
    });
    return { cards, citations };
  };
  return { facts, passages, events: facts.events as Ev[], figures: facts.figures as Figure[], ask };
}

const invented = library('./fixtures/facts-invented/');
const bundled = library('../corpus/');

// What makes an entry unusable to a reader: it starts mid-sentence, trails off, or points elsewhere.
function unreadable(title: string): string | undefined {
  if (/^[a-z]/.test(title)) return 'starts mid-sentence';
  if (/\b(?:of|in|on|at|by|for|to|with|from|and|or|the|a|an|that|which)$/i.test(title)) return 'trails off';
  if (/…/.test(title)) return 'stitched';
  if (
    /\b(?:similar|such|both (?:nations|countries|sides)|the two (?:nations|countries)|the parties|the latest|previously|only once)\b/i.test(
      title,
    )
  )
    return 'unresolved reference';
  return undefined;
}

function expectReadable(facts: Facts) {
  const bad = facts.events.map((e) => [e.title, unreadable(e.title)]).filter(([, why]) => why);
  expect(bad).toEqual([]);
}

const everyLineCited = (card: Card) =>
  Object.entries(card.fields)
    .filter(([k]) => !['Name', 'Type', 'Sources', 'Author of'].includes(k))
    .flatMap(([, v]) => v.split('; '))
    .filter((line) => !/\[\d+\]|\([^()]*—[^()]*\)$|\([^()]*\d{4}(?:-\d\d)?\)$/.test(line));

describe('timeline entries read on their own', () => {
  it('on invented articles: references resolved from the sentences before', () => {
    expectReadable(invented.facts);
    const titles = invented.events.map((e) => e.title);
    // "Uzbekistan (signed in 2029) … have similar agreements": the agreements named before
    expect(titles).toContain('Uzbekistan signed a transit agreement with Japan');
    // "the Ministries of Foreign Affairs of both countries": the two countries named before
    expect(titles.some((t) => /Foreign Affairs of Kyrgyzstan and Japan/.test(t))).toBe(true);
  });

  it('on the bundled corpus', () => {
    expectReadable(bundled.facts);
  });
});

describe('one entry per happening', () => {
  it('two reports of one session (a range and a day inside it) merge, with no disagreement', () => {
    const session = invented.events.filter(
      (e) => e.date.startsWith('2031-02') && /third session/.test(e.title),
    );
    expect(session).toHaveLength(1);
    expect(session[0].alsoCitedBy?.map((c) => c.articleId)).toEqual(['central-asia-japan-summit-2031']);
    expect(session[0].conflicts).toBeUndefined();
  });

  it('two different meetings in one month stay two', () => {
    const feb = invented.events.filter((e) => e.date.startsWith('2031-02'));
    expect(feb.length).toBe(2);
    expect(feb.some((e) => /education ministers/.test(e.title) && /Tokyo/.test(e.title))).toBe(true);
  });

  it('the bundled corpus tells each of its 2002, December 2022 and December 2025 happenings once', () => {
    expect(bundled.events.filter((e) => e.date === '2002')).toHaveLength(1);
    const dec2022 = bundled.events.filter((e) => e.date.startsWith('2022-12'));
    expect(dec2022.filter((e) => /Foreign Ministers|Ministry of Foreign Affairs/.test(e.title))).toHaveLength(
      1,
    );
    expect(dec2022.some((e) => /Osaka/.test(e.title))).toBe(true);
    expect(bundled.events.filter((e) => e.date.startsWith('2025'))).toHaveLength(1);
    expect(
      bundled.events.filter((e) => e.date.startsWith('2019') && /Mirziyoyev/.test(e.title)),
    ).toHaveLength(1);
  });
});

describe('conflicts mean disagreement', () => {
  it('two sources giving different years for one first session disagree, each named', () => {
    const first = invented.events.filter((e) => /first session/i.test(e.title));
    expect(first.length).toBe(2);
    for (const e of first) {
      const claims = e.conflicts?.[0].claims ?? [];
      expect(claims.map((c) => c.value).sort()).toEqual(['2026', '2027']);
      expect(new Set(claims.map((c) => c.citation.articleId)).size).toBe(2);
    }
  });

  it('a date written ahead of time is that source’s expectation, as of its publication', () => {
    const next = invented.events.find((e) => e.date === '2032')!;
    expect(next).toMatchObject({ planned: true, asOf: '2031-03' });
    expect(next.conflicts).toBeUndefined();
    // the expectation is of a later session, not of the first one held years before it was written
    expect(invented.events.every((e) => !e.expected)).toBe(true);
  });
});

describe('countries and people from context', () => {
  it('"all five Central Asian countries" and a chair by name tag the summit', () => {
    const summit = invented.events.find((e) => /summit/.test(e.title))!;
    expect(summit.countries).toEqual(
      expect.arrayContaining([
        'Japan',
        'Kazakhstan',
        'Kyrgyzstan',
        'Tajikistan',
        'Turkmenistan',
        'Uzbekistan',
      ]),
    );
    expect(summit.people).toContain('Kassym-Jomart Tokayev');
  });
});

describe('filters as a reader means them', () => {
  const dates = (xs: Event[]) => xs.map((e) => e.date);
  it('since, before, a range, a year', () => {
    expect(dates(filterEvents(invented.events, 'since 2031')).every((d) => d >= '2031')).toBe(true);
    expect(dates(filterEvents(invented.events, 'since 2031'))).toContain('2032');
    expect(dates(filterEvents(invented.events, 'before 2028'))).toEqual(['2026', '2027']);
    expect(dates(filterEvents(invented.events, '2029-2030'))).toEqual(['2029', '2030', '2030-05']);
    // a plain word is what the entry is about, not a word of the sentences around it
    for (const e of filterEvents(bundled.events, 'summit')) expect(e.title).toMatch(/summit/i);
    expect(filterEvents(bundled.events, 'since 2020').length).toBeGreaterThanOrEqual(8);
    expect(filterEvents(bundled.events, 'before 2010').length).toBeGreaterThanOrEqual(6);
  });

  it('a person, by surname, finds what the person took part in', () => {
    expect(filterEvents(invented.events, 'Tokayev').map((e) => e.date)).toEqual(['2031-06-02']);
    expect(filterEvents(invented.events, 'Japarov').map((e) => e.date)).toEqual(['2031-03']);
    expect(filterEvents(bundled.events, 'Tokayev').some((e) => e.date.startsWith('2025-12'))).toBe(true);
  });

  it('a country in any form, the region’s summit included', () => {
    const kz = filterEvents(invented.events, 'Kazakh');
    expect(kz.some((e) => /summit/.test(e.title))).toBe(true);
    const bundledKz = filterEvents(bundled.events, 'Kazakhstan');
    expect(bundledKz.some((e) => e.date === '2014' && /fifth ministerial meeting/.test(e.title))).toBe(true);
    expect(bundledKz.some((e) => e.date.startsWith('2025-12'))).toBe(true);
  });

  it('a topic with its synonyms', () => {
    expect(filterFigures(invented.figures, 'aid').map((f) => f.value)).toEqual(['around 12 billion yen']);
    expect(filterFigures(invented.figures, 'students').map((f) => f.value)).toEqual(['340 Kyrgyz students']);
    expect(filterFigures(invented.figures, 'trade').length).toBe(3);
    const aid = filterFigures(bundled.figures, 'aid').map((f) => f.value);
    expect(aid).toEqual(
      expect.arrayContaining(['about 24 billion yen (about $216 million)', '$7.5 million']),
    );
    expect(filterFigures(bundled.figures, 'ODA')).toEqual(filterFigures(bundled.figures, 'aid'));
    expect(filterFigures(bundled.figures, 'students').some((f) => f.number === 911)).toBe(true);
    expect(filterFigures(bundled.figures, 'investment').some((f) => /joint ventures/.test(f.measure))).toBe(
      true,
    );
  });
});

describe('figures say what, whose and when', () => {
  const line = (f: Figure) => `${f.value} — ${f.measure}`;
  it('keep the hedge and say whose trade', () => {
    const lines = invented.figures.map(line);
    expect(lines).toContain('about $84mn — bilateral trade between Kyrgyzstan and Japan');
    expect(lines).toContain('$12mn — Kyrgyzstan’s exports to Japan');
    expect(lines.some((l) => /^around 12 billion yen — .*pledged by Japan$/.test(l))).toBe(true);
  });

  it('never show a bare measure or a share cut loose on the bundled corpus', () => {
    for (const f of bundled.figures) {
      expect(f.measure).not.toMatch(/^(?:exports|imports|GDP|[A-Z]?[a-z]+ capital)$/);
      expect(f.value).not.toBe('100%');
    }
    expect(bundled.figures.find((f) => f.value.endsWith('$1.4 trillion'))?.value).toBe(
      'exceeding $1.4 trillion',
    );
  });
});

describe('cards', () => {
  it('a person card lists only what the person took part in, each line cited', () => {
    const { cards } = bundled.ask('Who is President Mirziyoyev?');
    const card = cards.find((c) => c.title === 'Shavkat Mirziyoyev')!;
    expect(card.fields.Events).not.toMatch(/Koizumi|Abe/);
    expect(card.fields.Events).toMatch(/December 2019/);
    expect(everyLineCited(card)).toEqual([]);
  });

  it('says who chaired', () => {
    const { cards } = bundled.ask('Who is Sanae Takaichi?');
    expect(cards[0].fields.Events).toMatch(/as chair/);
  });

  it('authors are people with their stated posts', () => {
    const { cards } = invented.ask('Who is Daniyar Primerov?');
    expect(cards[0]).toMatchObject({ kind: 'entity', title: 'Daniyar Primerov' });
    expect(cards[0].fields['Author of']).toMatch(/Head of Section, Institute for Invented Economic Research/);
    // named only in the front matter, the author is still answerable: the card cites the article's opening
    const cited: string[] = [];
    const byline = bylineCard(
      'who is primerov',
      invented.facts,
      (id, snippet) => cited.push(`${id} ${snippet}`),
      (id) => invented.passages.find((p) => p.id === id),
    );
    expect(byline?.fields['Author of']).toMatch(
      /^Kyrgyzstan and Japan: A Commission Comes of Age — Invented Review, 2031-03 — stated post: Head of Section/,
    );
    expect(cited[0]).toMatch(/^kyrgyz-japan-commission-2031#1 On 4–6 February 2031/);
    const author = bundled.facts.entities.find((e) => e.name === 'Almas Dissyukov');
    expect(author?.role).toMatch(/Student at the University of Tsukuba/);
  });

  it('organisations are told apart by their full name', () => {
    const { cards } = bundled.ask(
      'What is the Institute for Strategic and Interregional Studies under the President?',
    );
    expect(cards[0]?.title).toBe('Institute for Strategic and Interregional Studies');
  });
});

describe('filter grammar', () => {
  it('reads periods, people, places, regions and topics', async () => {
    const { parseFilter } = await import('../src/facts/filter.js');
    expect(parseFilter('since 2020')).toMatchObject({ from: '2020' });
    expect(parseFilter('after 2020')).toMatchObject({ from: '2021' });
    expect(parseFilter('before 2010')).toMatchObject({ to: '2009' });
    expect(parseFilter('until 2010')).toMatchObject({ to: '2010' });
    expect(parseFilter('between 2005 and 2010')).toMatchObject({ from: '2005', to: '2010' });
    expect(parseFilter('2019–2022')).toMatchObject({ from: '2019', to: '2022' });
    expect(parseFilter('March 2031')).toMatchObject({ from: '2031-03', to: '2031-03' });
    expect(parseFilter('Japarov')?.people).toEqual(['Sadyr Japarov']);
    expect(parseFilter('kazakh')?.countries).toEqual(['Kazakhstan']);
    expect(parseFilter('Bishkek')).toMatchObject({ countries: [], names: ['bishkek'] });
    expect(parseFilter('Central Asian')?.region).toBe(true);
    expect(parseFilter('loans')?.topics).toHaveLength(1);
    expect(parseFilter('show me the events')).toBeUndefined();
  });

  it('office holders carry the post they held on a date', async () => {
    const { leaderNamed, postOn } = await import('../src/lexicon/leaders.js');
    const abe = leaderNamed('Abe')!;
    expect(postOn(abe, '2015-10')?.post).toBe('Prime Minister of Japan');
    expect(postOn(abe, '2010')).toBeUndefined();
    // a surname two office holders share names neither
    expect(leaderNamed('Berdimuhamedow')).toBeUndefined();
  });
});
