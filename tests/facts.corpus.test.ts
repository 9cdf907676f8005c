// Facts over the bundled corpus: the timeline a reader scrolls, the figures, the sources' disagreement,
// the filters and the command-line output.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkArticle } from '../src/corpus/chunk.js';
import { loadCorpus } from '../src/corpus/load.js';
import {
  extractFacts,
  filterEvents,
  filterFigures,
  type FactEvent,
  type FactFigure,
} from '../src/facts/index.js';
import type { Citation } from '../src/types.js';

const CORPUS = new URL('../corpus/', import.meta.url).pathname;
const { articles } = loadCorpus(CORPUS);
const passages = articles.flatMap(chunkArticle);
const byId = new Map(passages.map((p) => [p.id, p]));
const facts = extractFacts(articles, passages);
const events = facts.events as FactEvent[];
const figures = facts.figures as FactFigure[];

const citationsOf = (x: { citation: Citation; alsoCitedBy?: Citation[] }) => [
  x.citation,
  ...(x.alsoCitedBy ?? []),
];
const textOf = (e: FactEvent) => [e.title, ...citationsOf(e).map((c) => c.snippet)].join(' ');

function event(date: string, words: RegExp): FactEvent | undefined {
  return events.find((e) => e.date.startsWith(date) && words.test(textOf(e)));
}

describe('timeline', () => {
  it('is in chronological order', () => {
    const keys = events.map((e) => e.date);
    for (let i = 1; i < keys.length; i++)
      expect(
        keys[i - 1].slice(0, 4) <= keys[i].slice(0, 4) &&
          (keys[i - 1].slice(0, 4) < keys[i].slice(0, 4) || keys[i - 1] <= keys[i]),
      ).toBe(true);
  });

  it('cites every entry with a verbatim snippet of its passage', () => {
    expect(events.length).toBeGreaterThan(15);
    for (const e of events) {
      for (const c of citationsOf(e)) {
        expect(byId.get(c.chunkId)?.text).toContain(c.snippet);
        expect(c.chunkId.startsWith(`${c.articleId}#`)).toBe(true);
      }
      expect(e.title.length).toBeGreaterThan(5);
      expect(e.date).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/);
    }
  });

  it('holds the key events from 1997 to 2025 with the right date', () => {
    const key: [string, RegExp][] = [
      ['1997', /Silk Road Diplomacy/],
      ['1999', /Friendship Society/],
      ['2002', /strategic partnership/],
      ['2004-08', /Central Asia \+ Japan.*dialogue.*introduced|Kawaguchi/],
      ['2006', /Action Plan/],
      ['2006-08', /Koizumi/],
      ['2008', /Uzbekistan \(signed in 2008\)|agreements/],
      ['2014', /Kazakhstan \(signed in 2014\)/],
      ['2014', /fifth ministerial meeting/],
      ['2015', /Abe/],
      ['2017-05', /Kishida/],
      ['2019-05-18', /seventh meeting/],
      ['2019-12', /Mirziyoyev/],
      ['2020-03', /visa-free/],
      ['2022-04', /Action Plan/],
      ['2022-12', /Foreign Ministers’? Meetings|latest in December 2022 in Tokyo/],
      ['2022-12', /2023-2025 Cooperation Program/],
      ['2022-12', /Osaka/],
      ['2023', /Dushanbe/],
      ['2024-04', /trading house.*Nagoya/],
      ['2024-07-11', /Expert Dialogue|forum/],
      ['2025-12-18', /first summit of heads of state/],
    ];
    const missing = key.filter(([d, w]) => !event(d, w)).map(([d, w]) => `${d} ${w}`);
    expect(missing).toEqual([]);
  });

  it('gives each happening one entry, with every source that reports it', () => {
    const summit = event('2025-12', /first summit of heads of state/)!;
    expect(summit).toMatchObject({
      date: '2025-12-18',
      endDate: '2025-12-20',
      dateText: '18–20 December 2025',
    });
    // the December 2025 article that reports "On 20 December … the first-ever Leaders’ Summit" is the same summit
    expect(citationsOf(summit).some((c) => /first-ever Leaders’ Summit/.test(c.snippet))).toBe(true);
    expect(events.filter((e) => e.date.startsWith('2025-12')).length).toBe(1);
    const dialogue = event('2004-08', /Kawaguchi/)!;
    expect(citationsOf(dialogue).map((c) => c.articleId).length).toBeGreaterThanOrEqual(3);
    expect(events.filter((e) => e.date.startsWith('2004')).length).toBe(1);
  });

  it('keeps a date written ahead of the happening as that source’s expectation, not a rival claim', () => {
    const summit = event('2025-12', /first summit/)! as FactEvent & {
      expected?: { dateText: string; asOf?: string; citation: Citation }[];
    };
    expect(summit.conflicts).toBeUndefined();
    expect(summit.expected?.map((x) => [x.dateText, x.asOf])).toEqual([['August 2023', '2024-07']]);
    const planned = events.find((e) => e.date === '2023-08') as FactEvent & {
      planned?: boolean;
      asOf?: string;
    };
    expect(planned).toMatchObject({ planned: true, asOf: '2024-07' });
    expect(planned.conflicts).toBeUndefined();
  });

  it('does not take agreeing dates (a day inside a range, a month holding a day) for a disagreement', () => {
    expect(event('2004', /introduc/)?.conflicts).toBeUndefined();
    expect(events.filter((e) => e.conflicts?.length)).toEqual([]);
  });

  it('keeps footnotes, tickers and access dates out', () => {
    for (const e of events) {
      expect(textOf(e)).not.toMatch(/Access Date|12059|https?:/);
      expect(e.title).not.toMatch(/\[\d+\]/);
    }
  });
});

describe('figures', () => {
  function figure(value: string, measure: RegExp) {
    return figures.find((f) => f.value === value && measure.test(f.measure));
  }

  it('holds the key figures with value, number, unit, measure and period', () => {
    expect(figure('$230mn', /total trade turnover/)).toMatchObject({
      number: 230e6,
      unit: 'USD',
      period: '2023',
    });
    expect(figure('$10.6mn', /exports/)).toMatchObject({ number: 10.6e6, period: '2023' });
    expect(figure('$219.4mn', /imports/)).toMatchObject({ number: 219.4e6, period: '2023' });
    expect(figure('$120.7mn', /total trade turnover/)).toMatchObject({ period: 'Q1 2024' });
    expect(figure('3.3-fold', /increase/)).toMatchObject({ number: 3.3, unit: 'x', period: 'Q1 2024' });
    expect(figure('66 joint ventures', /joint ventures/)).toMatchObject({
      number: 66,
      unit: 'joint ventures',
    });
    expect(figures.find((f) => f.number === 50 && /100% Japanese capital/.test(f.measure))).toBeDefined();
    expect(figures.find((f) => f.number === 15 && /companies/.test(f.unit))).toBeDefined();
    expect(figure('16 meetings', /Committee on Economic Cooperation/)).toMatchObject({ number: 16 });
    expect(figure('911 specialists', /studied at Japanese universities/)).toMatchObject({ number: 911 });
    expect(figure('around 25,000 Japanese', /internment/)).toMatchObject({ number: 25000 });
    expect(figure('about 24 billion yen (about $216 million)', /transport projects/)).toMatchObject({
      number: 24e9,
      unit: 'JPY',
    });
    expect(figure('$7.5 million', /grant/)).toMatchObject({ number: 7.5e6 });
    expect(figure('$4.21 trillion', /GDP/)).toMatchObject({ number: 4.21e12 });
    expect(figure('70%', /digitalization/)).toMatchObject({ number: 70, unit: '%' });
    expect(figure('ten times', /software exports/)).toMatchObject({ number: 10, unit: 'x' });
  });

  it('cites every figure verbatim and keeps non-figures out', () => {
    for (const f of figures) {
      expect(byId.get(f.citation.chunkId)?.text).toContain(f.citation.snippet);
      expect(f.citation.snippet).toContain(f.value.replace(/\s*\(.*\)$/, ''));
      expect(Number.isFinite(f.number)).toBe(true);
      expect(f.measure.length).toBeGreaterThan(1);
      expect(f.value).not.toMatch(/^(?:20th|15th|\[\d+\]|12059)/);
    }
    expect(figures.some((f) => /anniversary/.test(f.value))).toBe(false);
  });
});

describe('facts', () => {
  it('stay one per happening when the same articles are syndicated under other ids', () => {
    const copies = [0, 1, 2].flatMap((k) => articles.map((a) => ({ ...a, id: `${a.id}-copy${k}` })));
    const again = extractFacts(copies, copies.flatMap(chunkArticle));
    expect(again.events.map((e) => [e.date, e.title])).toEqual(events.map((e) => [e.date, e.title]));
    const summit = again.events.find((e) => e.date === '2025-12-18')!;
    expect(new Set(citationsOf(summit).map((c) => c.articleId)).size).toBeGreaterThanOrEqual(6);
    expect(again.figures.map((f) => f.value)).toEqual(figures.map((f) => f.value));
  });

  it('are plain data that survive a round trip through JSON', () => {
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
  });

  it('know the people, organisations and programmes', () => {
    const entity = (name: string) => facts.entities.find((e) => e.name === name);
    expect(entity('Yoriko Kawaguchi')).toMatchObject({
      kind: 'person',
      role: 'then-Foreign Minister of Japan',
    });
    expect(entity('Ryutaro Hashimoto')?.role).toBe('former Prime Minister of Japan');
    for (const acr of ['JICA', 'JETRO', 'JBIC', 'JOGMEC', 'CAREC', 'JCM'])
      expect(facts.entities.some((e) => e.aliases.includes(acr))).toBe(true);
    for (const p of [
      'Tokyo Declaration',
      '2023-2025 Cooperation Program',
      'Silk Road Diplomacy Concept',
      'Joint Credit Mechanism',
    ]) {
      expect(entity(p)?.kind).toBe('programme');
    }
    expect(entity('Dushanbe')).toMatchObject({ kind: 'city', country: 'Tajikistan' });
    for (const e of facts.entities) for (const m of e.mentions) expect(byId.has(m)).toBe(true);
  });
});

describe('filters', () => {
  it('filter the timeline by year and by range', () => {
    const y = filterEvents(events, '2019');
    expect(y.length).toBeGreaterThan(0);
    for (const e of y) expect(e.date.startsWith('2019') || (e.endDate ?? '').startsWith('2019')).toBe(true);
    const r = filterEvents(events, '2019-2022');
    expect(r.map((e) => e.date.slice(0, 4)).every((d) => d >= '2019' && d <= '2022')).toBe(true);
    expect(r.some((e) => e.date === '2019-05-18') && r.some((e) => e.date.startsWith('2022-12'))).toBe(true);
    expect(filterEvents(events, '2019 – 2022')).toEqual(r);
  });

  it('filter by country in any spelling, and by word', () => {
    const uz = filterEvents(events, 'Uzbek');
    expect(uz.length).toBeGreaterThan(3);
    for (const e of uz) expect(e.countries).toContain('Uzbekistan');
    expect(filterEvents(events, 'uzbekistan')).toEqual(uz);
    const kz = filterEvents(events, 'kazakhstan');
    expect(kz.some((e) => e.date === '2022-04')).toBe(true);
    expect(kz.some((e) => /Uzbekistan \(signed in 2008\)/.test(e.title))).toBe(false);
    const summit = filterEvents(events, 'summit');
    expect(summit.length).toBeGreaterThan(0);
    for (const e of summit) expect(textOf(e)).toMatch(/summit/i);
    expect(filterEvents(events, 'kazakhstan 2022')).toEqual(kz.filter((e) => e.date.startsWith('2022')));
    expect(filterEvents(events, 'zzzunknownword')).toEqual([]);
    expect(filterEvents(events, 'Tokyo').every((e) => /Tokyo/.test(textOf(e)))).toBe(true);
    expect(filterEvents(events, '2019-05').map((e) => e.date)).toEqual(['2019-05-18']);
    expect(filterEvents(events, 'Central Asia').length).toBeGreaterThan(5);
  });

  it('filter figures by the period they cover', () => {
    const f = filterFigures(figures, '2023');
    expect(f.map((x) => x.value)).toEqual(expect.arrayContaining(['$230mn', '$10.6mn', '$219.4mn']));
    for (const x of f) expect(x.period).toMatch(/2023/);
    expect(filterFigures(figures, '2024').some((x) => x.value === '$120.7mn')).toBe(true);
    expect(filterFigures(figures, 'Tajikistan').some((x) => x.value === '$7.5 million')).toBe(true);
    expect(filterFigures(figures)).toHaveLength(figures.length);
  });
});

describe('command line', () => {
  const cli = (script: string, ...args: string[]) =>
    execFileSync('npx', ['tsx', `src/cli/${script}.ts`, ...args], {
      cwd: new URL('..', import.meta.url).pathname,
      env: {
        ...process.env,
        CORPUS_DIR: CORPUS,
        CACHE_DIR: mkdtempSync(join(tmpdir(), 'facts-cli-')),
        LOG_LEVEL: 'silent',
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it('timeline --json prints the Event[] and nothing else', () => {
    const out = JSON.parse(cli('timeline', '--json', '2019-2022')) as FactEvent[];
    expect(out.length).toBeGreaterThan(3);
    for (const e of out)
      expect(e).toMatchObject({
        date: expect.any(String),
        dateText: expect.any(String),
        title: expect.any(String),
        citation: expect.any(Object),
      });
    expect(out.map((e) => e.date)).toEqual(filterEvents(events, '2019-2022').map((e) => e.date));
  });

  it('figures --json prints the Figure[]; without --json a readable list', () => {
    const out = JSON.parse(cli('figures', '--json', '2023')) as FactFigure[];
    expect(out.map((f) => f.value)).toContain('$230mn');
    const text = cli('timeline', 'summit');
    expect(text).toContain('First summit of heads of state');
    // the source that wrote of the summit ahead of time is shown as expecting it, not as a rival claim
    expect(text).toMatch(/expected for August 2023 as of 2024-07/);
    expect(text).not.toMatch(/sources disagree/);
  });
});
