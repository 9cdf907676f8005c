// Unit tests of each extractor on sentences of the corpus, with the things that must never be facts.
import { describe, expect, it } from 'vitest';
import { isProse } from '../src/facts/clauses.js';
import { findDates } from '../src/facts/dates.js';
import { EntityCollector, entitiesInPassage, type FactEntity } from '../src/facts/entities.js';
import { eventsInSentence } from '../src/facts/events.js';
import { figuresInSentence, findFigureValues } from '../src/facts/figures.js';
import { extractFacts } from '../src/facts/index.js';
import { chunkArticle } from '../src/corpus/chunk.js';
import type { Article, ArticleMeta, Passage } from '../src/types.js';

const dates = (s: string, published?: string) =>
  findDates(s, published).map((d) => ({
    text: d.text,
    date: d.date,
    endDate: d.endDate,
    role: d.role,
    inName: d.inName ?? false,
  }));

describe('dates', () => {
  it('reads a day range, keeping its words verbatim', () => {
    const s =
      'On 18–20 December 2025, Tokyo will host a historic event in relations between Central Asia and Japan — the first summit of heads of state in the “Central Asia + Japan” format.';
    expect(dates(s)).toEqual([
      {
        text: '18–20 December 2025',
        date: '2025-12-18',
        endDate: '2025-12-20',
        role: 'range',
        inName: false,
      },
    ]);
  });

  it('reads full dates, month-year and years', () => {
    expect(
      dates(
        'On May 18, 2019 in Dushanbe, the seventh meeting of the Ministers of Foreign Affairs was held.',
      )[0],
    ).toMatchObject({ text: 'May 18, 2019', date: '2019-05-18' });
    expect(
      dates(
        'The idea of a “Central Asia + Japan” dialogue was first introduced in August 2004 by then-Foreign Minister of Japan Yoriko Kawaguchi.',
      )[0],
    ).toMatchObject({ text: 'August 2004', date: '2004-08' });
    expect(
      dates('The Uzbekistan-Japan Friendship Society, established in 1999, plays a pivotal role.')[0],
    ).toMatchObject({ text: '1999', date: '1999' });
  });

  it('reads quarters', () => {
    expect(
      dates(
        'The first quarter of 2024 saw a total trade turnover of $120.7mn, a 3.3-fold increase compared to the previous period.',
      )[0],
    ).toMatchObject({
      date: '2024-01',
      endDate: '2024-03',
    });
    expect(findDates('Exports grew in Q3 2023 alone.')[0].label).toBe('Q3 2023');
  });

  it('places dates without a year in the year of publication', () => {
    expect(
      dates('On 20 December, Shavkat Mirziyoyev took part in the first-ever Leaders’ Summit.', '2025-12')[0],
    ).toMatchObject({ text: '20 December', date: '2025-12-20' });
    expect(dates('The forum is taking place in Tokyo, Japan on July 11.', '2024-07')[0]).toMatchObject({
      text: 'July 11',
      date: '2024-07-11',
    });
    // "On 20 December" in a January article is last December
    expect(dates('On 20 December, the ministers met in Tokyo.', '2026-01')[0].date).toBe('2025-12-20');
    // without a publication date a yearless date cannot be placed
    expect(dates('On 20 December, the ministers met in Tokyo.')).toEqual([]);
  });

  it('tells deadlines and periods from points in time', () => {
    const s =
      'In April 2022, an Action Plan for the years 2022-2023 was executed by the Ministries of Foreign Affairs of both nations.';
    expect(dates(s).map((d) => [d.date, d.role])).toEqual([
      ['2022-04', 'point'],
      ['2022', 'period'],
    ]);
    expect(
      dates('by 2024, 911 specialists from Central Asia had studied at Japanese universities')[0].role,
    ).toBe('by');
    expect(dates('with visa-free entry for Japanese citizens since March 2020')[0]).toMatchObject({
      date: '2020-03',
      role: 'since',
    });
  });

  it('marks years inside names', () => {
    expect(dates('the parties instituted the “2023-2025 Cooperation Program”.[2]')[0].inName).toBe(true);
    expect(dates('the development of a Central Asia – Japan 2040 Cooperation Strategy')).toEqual([]);
    expect(
      dates(
        'This stance is reflected in Japan’s 2023 “Blue Book on Diplomacy,” where Central Asia is identified.',
      ),
    ).toEqual([]);
  });

  it('never takes anniversaries, footnote markers, tickers or access dates for dates', () => {
    expect(dates('The summit coincides with the 20th anniversary of the dialogue.')).toEqual([]);
    expect(dates('Moreover, Tokyo has assisted Dushanbe in enhancing border security.[3]')).toEqual([]);
    expect(dates('$1 – 12059.78')).toEqual([]);
    expect(
      dates(
        '“Japan-Tajikistan Foreign Ministers’ Meeting”, MOFA, https://www.mofa.go.jp/press/release/press4e_003200.html, (Access Date: 12.31.2024).',
      ),
    ).toEqual([]);
    expect(dates('Currency rates from 18/12/2025')).toEqual([]);
  });
});

describe('prose screening', () => {
  it('keeps references and tickers out', () => {
    expect(
      isProse(
        '[1] “Вопросы привлечения инвестиций”, Avesta, https://avesta.tj/2023/03/14/x/, (Access Date: 12.31.2024).',
      ),
    ).toBe(false);
    expect(isProse('$1 – 12059.78 UZS – -0.38%')).toBe(false);
    expect(isProse('In 2023, their total trade turnover amounted to $230mn, with exports at $10.6mn.')).toBe(
      true,
    );
  });
});

const article: ArticleMeta = { id: 'a', title: 'A', published: '2024-07' };
function passage(...sentences: string[]): Passage {
  return { id: 'a#1', articleId: 'a', n: 1, text: sentences.join(' '), sentences };
}
function figures(...sentences: string[]) {
  const p = passage(...sentences);
  return sentences.flatMap((s, index) =>
    figuresInSentence({
      article,
      passage: p,
      sentences,
      index,
      dates: findDates(s, article.published),
      previousDates: index ? findDates(sentences[index - 1]) : undefined,
    }),
  );
}

describe('figures', () => {
  it('reads money with currency, scale, what it measures and the period', () => {
    const [total, exports, imports] = figures(
      'In 2023, their total trade turnover amounted to $230mn, with exports at $10.6mn and imports at $219.4mn.',
    );
    expect(total).toMatchObject({ value: '$230mn', number: 230_000_000, unit: 'USD', period: '2023' });
    expect(total.measure).toMatch(/^total trade turnover/);
    expect(exports).toMatchObject({
      value: '$10.6mn',
      number: 10_600_000,
      measure: 'exports',
      period: '2023',
    });
    expect(imports).toMatchObject({
      value: '$219.4mn',
      number: 219_400_000,
      measure: 'imports',
      period: '2023',
    });
  });

  it('keeps a converted amount with the amount it converts', () => {
    const [f] = figures(
      'In May 2017, in Turkmenistan, then-Foreign Minister of Japan Fumio Kishida promised to allocate about 24 billion yen (about $216 million) for the implementation of regional transport projects.',
    );
    expect(f).toMatchObject({
      value: 'about 24 billion yen (about $216 million)',
      approximate: 'about',
      number: 24e9,
      unit: 'JPY',
      period: '2017-05',
    });
    expect(f.measure).toBe(
      'for regional transport projects, promised by then-Foreign Minister of Japan Fumio Kishida',
    );
  });

  it('reads trillions, percentages and multipliers', () => {
    const [gdp, trade] = figures(
      'Japan, with a GDP of $4.21 trillion and foreign trade turnover exceeding $1.4 trillion, is the world’s fourth-largest economy.',
    );
    // whose: the country the sentence sets them beside; the hedge stays with the value
    expect(gdp).toMatchObject({ value: '$4.21 trillion', number: 4.21e12, measure: 'Japan’s GDP' });
    expect(trade).toMatchObject({
      value: 'exceeding $1.4 trillion',
      measure: 'Japan’s foreign trade turnover',
    });
    const [digital, software] = figures(
      'Uzbekistan aims to increase digitalization to 70% and enhance software exports by ten times by 2026.',
    );
    expect(digital).toMatchObject({
      value: '70%',
      number: 70,
      unit: '%',
      measure: 'Uzbekistan’s target for digitalization',
      period: 'by 2026',
    });
    expect(software).toMatchObject({
      value: 'ten times',
      number: 10,
      unit: 'x',
      measure: 'Uzbekistan’s target for software exports',
    });
    const [q1, fold] = figures(
      'The first quarter of 2024 saw a total trade turnover of $120.7mn, a 3.3-fold increase compared to the previous period.',
    );
    expect(q1).toMatchObject({ value: '$120.7mn', measure: 'total trade turnover', period: 'Q1 2024' });
    expect(fold).toMatchObject({ value: '3.3-fold', number: 3.3, unit: 'x', period: 'Q1 2024' });
    expect(fold.measure).toContain('increase compared to the previous period');
  });

  it('reads counts with what they count', () => {
    const [jv, full, ...rest] = figures(
      'Consequently, 66 joint ventures, including 50 with 100% Japanese capital, operate in Uzbekistan.',
    );
    expect(jv).toMatchObject({ value: '66 joint ventures', number: 66, unit: 'joint ventures' });
    expect(jv.measure).toContain('operate in Uzbekistan');
    expect(full).toMatchObject({ number: 50, unit: 'joint ventures' });
    expect(full.measure).toContain('100% Japanese capital');
    // the 100% is a share of the fifty's capital, not a figure of its own
    expect(rest).toEqual([]);
    expect(
      figures(
        'The historical connection is exemplified by the internment of around 25,000 Japanese in Uzbekistan, who contributed to infrastructure projects.',
      )[0],
    ).toMatchObject({
      value: 'around 25,000 Japanese',
      number: 25000,
      measure: 'internment of Japanese in Uzbekistan',
    });
    expect(
      figures(
        'Special attention has been given to human capital development: by 2024, 911 specialists from Central Asia had studied at Japanese universities, ensuring continuity.',
      )[0],
    ).toMatchObject({
      value: '911 specialists',
      unit: 'specialists',
      measure: 'specialists from Central Asia who had studied at Japanese universities',
      period: 'by 2024',
    });
    expect(
      figures(
        'This dialogue has held 15 Senior Officials’ Meetings and nine Foreign Ministers’ Meetings.',
      ).map((f) => [f.number, f.unit]),
    ).toEqual([
      [15, 'Senior Officials’ Meetings'],
      [9, 'Foreign Ministers’ Meetings'],
    ]);
  });

  it('takes the period of "during the visit" from the sentence before', () => {
    const got = figures(
      'Following the initial visit by former Japanese Prime Minister Shinzo Abe in 2015, exchanges escalated.',
      'During the visit, Abe committed $7.5 million in grant assistance to enhance water infrastructure and agricultural efficiency in Tajikistan.',
    );
    expect(got.find((f) => f.value === '$7.5 million')).toMatchObject({
      number: 7.5e6,
      period: '2015',
      measure: expect.stringContaining('grant assistance'),
    });
  });

  it('never takes anniversaries, footnote markers, tickers, years or codes for figures', () => {
    expect(
      findFigureValues('The summit coincides with the 20th anniversary of the dialogue initiated in 2004.'),
    ).toEqual([]);
    expect(
      findFigureValues(
        'Tokyo has assisted Dushanbe in enhancing border security between Tajikistan and Afghanistan.[3]',
      ),
    ).toEqual([]);
    expect(
      findFigureValues('Japan’s creation of the C5+1 arrangement positions it as a pivotal player.'),
    ).toEqual([]);
    expect(findFigureValues('the development of a Central Asia – Japan 2040 Cooperation Strategy')).toEqual(
      [],
    );
    expect(
      findFigureValues('the foreign ministers of all five countries of Central Asia were able to meet'),
    ).toEqual([]);
    expect(
      findFigureValues(
        'the first meeting of Japanese and Afghan foreign ministers over the past seven years',
      ),
    ).toEqual([]);
    expect(figures('$1 – 12059.78 UZS – -0.38%')).toEqual([]);
  });
});

describe('events', () => {
  const events = (s: string, published = '2024-07') => {
    const p = passage(s);
    return eventsInSentence(
      { article: { ...article, published }, passage: p, sentences: [s], index: 0, order: 1 },
      findDates(s, published),
    );
  };

  it('titles an event with a clause of its own sentence', () => {
    const [e] = events(
      'On 18–20 December 2025, Tokyo will host a historic event in relations between Central Asia and Japan — the first summit of heads of state in the “Central Asia + Japan” format.',
    );
    expect(e).toMatchObject({
      date: '2025-12-18',
      endDate: '2025-12-20',
      dateText: '18–20 December 2025',
      title: 'First summit of heads of state in the “Central Asia + Japan” format',
    });
    const [m] = events(
      'On May 18, 2019 in Dushanbe, the seventh meeting of the Ministers of Foreign Affairs of Japan and the countries of Central Asia was held in the format of the “Central Asia + Japan” dialogue.',
    );
    expect(m.title).toMatch(/^Seventh meeting of the Ministers of Foreign Affairs .* held in Dushanbe$/);
  });

  it('gives each date of a sentence its own happening', () => {
    const got = events(
      'High-level visits, including those by Japanese Prime Ministers Junichiro Koizumi in August 2006 and Shinzo Abe in October 2015, as well as the official visit of Uzbek President Shavkat Mirziyoyev to Japan in 2019, have significantly advanced cooperation.',
    );
    expect(got.map((e) => e.date)).toEqual(['2006-08', '2015-10', '2019']);
    expect(got[0].title).toContain('Koizumi');
    expect(got[1].title).toContain('Shinzo Abe');
    expect(got[2].title).toBe('Official visit of Uzbek President Shavkat Mirziyoyev to Japan');
  });

  it('cites the verbatim sentence and finds the countries involved', () => {
    const s = 'In April 2024, the Uzbek-Japanese trading house was inaugurated in Nagoya.';
    const [e] = events(s);
    expect(e.title).toBe('Uzbek-Japanese trading house inaugurated in Nagoya');
    expect(e.citation.snippet).toBe(s);
    expect(e.countries).toEqual(expect.arrayContaining(['Uzbekistan', 'Japan']));
  });

  it('leaves statistics, roles held and goals out of the timeline', () => {
    expect(
      events(
        'In 2023, their total trade turnover amounted to $230mn, with exports at $10.6mn and imports at $219.4mn.',
      ),
    ).toEqual([]);
    expect(
      events(
        'the first meeting was possible due to the efforts of Kassym-Jomart Tokayev, who in 2004 was the country’s foreign minister.',
      ),
    ).toEqual([]);
    expect(events('Uzbekistan aims to enhance software exports by ten times by 2026.')).toEqual([]);
    expect(events('The summit coincides with the 20th anniversary of the dialogue.')).toEqual([]);
  });
});

describe('entities', () => {
  function entities(...sentences: string[]): FactEntity[] {
    const c = new EntityCollector();
    entitiesInPassage(sentences, 'a#1', c);
    return c.entities();
  }
  const find = (list: FactEntity[], name: string) => list.find((e) => e.name === name);

  it('reads people with the role the text gives them at the time', () => {
    const got = entities(
      'The idea of a “Central Asia + Japan” dialogue was first introduced in August 2004 by then-Foreign Minister of Japan Yoriko Kawaguchi.',
    );
    expect(find(got, 'Yoriko Kawaguchi')).toMatchObject({
      kind: 'person',
      role: 'then-Foreign Minister of Japan',
      country: 'Japan',
    });
    const h = entities(
      'Ryutaro Hashimoto, the former Prime Minister of Japan, introduced the “Silk Road Diplomacy Concept,” characterized by a three-tiered framework.[10]',
    );
    expect(find(h, 'Ryutaro Hashimoto')).toMatchObject({ role: 'former Prime Minister of Japan' });
    expect(find(h, 'Silk Road Diplomacy Concept')).toMatchObject({ kind: 'programme' });
    const both = entities(
      'High-level visits, including those by Japanese Prime Ministers Junichiro Koizumi in August 2006 and Shinzo Abe in October 2015, advanced cooperation.',
    );
    expect(find(both, 'Junichiro Koizumi')?.role).toBe('Japanese Prime Minister');
    expect(find(both, 'Shinzo Abe')?.role).toBe('Japanese Prime Minister');
  });

  it('reads organisations with their acronyms', () => {
    const got = entities(
      'The Japan International Cooperation Agency (JICA) has been engaged in Tajikistan for numerous years.',
      'JICA implements diverse grant, financial assistance, and technical cooperation initiatives.',
    );
    expect(find(got, 'Japan International Cooperation Agency')).toMatchObject({
      kind: 'organisation',
      aliases: ['JICA'],
      country: 'Japan',
    });
    const acr = entities(
      'Japan has fostered cooperation within international organizations, including the OECD, EBRD, ADB, and CAREC.',
    );
    for (const a of ['OECD', 'EBRD', 'ADB', 'CAREC'])
      expect(acr.some((e) => e.aliases.includes(a))).toBe(true);
    const companies = entities(
      'Representative offices of 15 leading Japanese companies, such as JOGMEC, Mitsubishi, Itochu, Sumitomo, Marubeni, and Isuzu, are also present.',
    );
    for (const n of ['Mitsubishi', 'Itochu', 'Sumitomo', 'Marubeni', 'Isuzu'])
      expect(find(companies, n)?.kind).toBe('organisation');
    expect(companies.some((e) => e.aliases.includes('JOGMEC'))).toBe(true);
    expect(
      find(
        entities(
          'The event gathered experts from the Japan External Trade Organization and Sofia University.',
        ),
        'Japan External Trade Organization',
      )?.aliases,
    ).toContain('JETRO');
  });

  it('reads programmes and documents', () => {
    expect(
      find(
        entities(
          'The Tokyo summit concluded with the adoption of the Tokyo Declaration, endorsed by all participating leaders.',
        ),
        'Tokyo Declaration',
      )?.kind,
    ).toBe('programme');
    expect(
      find(
        entities('In December 2022 the parties instituted the “2023-2025 Cooperation Program”.[2]'),
        '2023-2025 Cooperation Program',
      )?.kind,
    ).toBe('programme');
    expect(
      find(
        entities('Future cooperation will use Japan’s Joint Credit Mechanism (JCM) as a platform.'),
        'Joint Credit Mechanism',
      )?.aliases,
    ).toEqual(['JCM']);
  });

  it('reads countries and cities by any spelling', () => {
    const got = entities(
      'Uzbek and Kazakh delegations met in Dushanbe, then the Kyrgyz Republic hosted talks in Bishkek.',
    );
    for (const c of ['Uzbekistan', 'Kazakhstan', 'Tajikistan', 'Kyrgyzstan'])
      expect(find(got, c)?.kind).toBe('country');
    expect(find(got, 'Dushanbe')).toMatchObject({ kind: 'city', country: 'Tajikistan' });
  });
});

describe('text from outside the field', () => {
  // A manual's constant names are long runs of capitals: a rule that may split such a run many ways
  // never finishes, and one such document stalled the whole library's build.
  it('reads a technical manual with long constant names in linear time', () => {
    const constant = Array.from({ length: 5 }, (_, i) => `PART${String.fromCharCode(65 + i)}`).join('_');
    const text = [
      `The depth of the buffer is configurable through the ${constant}_DEPTH control.`,
      'Setting the value to 0 disables the feature; setting it to 1 enables it for 12 frames.',
      `With the ${constant} format and the ${constant} dialogue, 3 modes are available since 2019.`,
    ].join(' ');
    const article: Article = {
      id: 'manual',
      title: 'Codec controls',
      source: 'A manual',
      published: '2026-01-01',
      file: 'manual.md',
      sections: [{ paragraphs: [text] }],
    };
    // Extracted directly: a library takes facts only from the desk's articles, and this one is not.
    const facts = extractFacts([article], chunkArticle(article));
    expect(facts.figures.length + facts.events.length).toBeGreaterThan(0);
  });
});
