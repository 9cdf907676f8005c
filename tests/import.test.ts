import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  chromeKind,
  cleanRawArticle,
  isHeadingLike,
  publicationDateLine,
  slugify,
  titleFromLead,
  toCorpusFile,
  type CleanResult,
} from '../src/corpus/clean.js';
import { ImportError, importFile, parseImportArgs } from '../src/cli/import.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const SEEDS = fileURLToPath(new URL('./fixtures/seeds/', import.meta.url));
const CORPUS = path.join(REPO, 'corpus');

const LEAD =
  'Tashkent, Uzbekistan (UzDaily.com) — On 18–20 December 2025, Tokyo will host the first summit of heads of state.';
const PARA =
  'Japan is the largest provider of official development assistance to Central Asia, focusing on infrastructure.';
const PARA2 =
  'Cooperation in critical mineral resources is also advancing across the region, the report says.';

function clean(raw: string): CleanResult {
  return cleanRawArticle(raw);
}

function bodyLines(r: CleanResult): string[] {
  return r.body.split('\n').filter(Boolean);
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'import-test-'));
}

function writeTemp(dir: string, name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

// ---------------------------------------------------------------------------------------------

describe('site chrome is stripped', () => {
  it('currency tickers', () => {
    const r = clean(
      [
        'Currency rates from 18/12/2025',
        '$1 – 12059.78',
        'UZS – -0.38%',
        '€1 – 14129.24',
        '₽1 – 150.07',
        LEAD,
        PARA,
      ].join('\n'),
    );
    expect(bodyLines(r)).toEqual([LEAD, PARA]);
    expect(r.meta.published).toBeUndefined(); // the rates' date is when the page was read, not written
    expect(r.dateHints.join(' ')).toMatch(/currency rates from 18\/12\/2025/);
  });

  it('comment widgets, subscription prompts and navigation words', () => {
    const chrome = [
      'Search',
      'Comments (0)',
      'NO COMMENTS',
      'LEAVE A REPLY',
      'Please enter your comment!',
      'Please enter your name here',
      'Exit mobile version',
      'Stay up to date with the latest news',
      'Subscribe to our telegram channel',
      '0',
    ];
    const r = clean([chrome[0], LEAD, PARA, ...chrome.slice(1)].join('\n\n'));
    expect(bodyLines(r)).toEqual([LEAD, PARA]);
    for (const line of chrome) expect(chromeKind(line), line).toBeDefined();
  });

  it('a breadcrumb ending with the title, and the title itself', () => {
    const r = clean(
      [
        'Home Analysis Japan and Central Asia: A Review',
        '',
        'Japan and Central Asia: A Review',
        '',
        PARA,
      ].join('\n'),
    );
    expect(r.meta.title).toBe('Japan and Central Asia: A Review');
    expect(bodyLines(r)).toEqual([PARA]);
    expect(chromeKind('Home › News › Anything at all')).toBe('site navigation');
  });

  it('a title printed several times, with an image caption and a photo credit', () => {
    const title = 'Japan Opens a Trade House in Nagoya';
    const r = clean([title, title, PARA, title, 'Credit: Facebook', PARA2].join('\n'));
    expect(r.meta.title).toBe(title);
    expect(r.meta.title_from).toBeUndefined();
    expect(bodyLines(r)).toEqual([PARA, PARA2]);
  });

  it('a title printed once at the top, flagged for review', () => {
    const r = clean(['Japan Opens a Trade House in Nagoya', '', PARA, '', PARA2].join('\n'));
    expect(r.meta.title).toBe('Japan Opens a Trade House in Nagoya');
    expect(r.meta.title_from).toBeUndefined();
    expect(bodyLines(r)).toEqual([PARA, PARA2]);
    expect(r.warnings.join(' ')).toMatch(/title read from the first line/);
  });

  it('column labels repeated around the title and a rubric above it', () => {
    const title = 'Central Asia and Japan: Ten Years On';
    const raw = ['Crossroads Asia', title, 'Recent Features', 'Crossroads Asia', title, PARA, PARA2].join(
      '\n\n',
    );
    expect(bodyLines(clean(raw))).toEqual([PARA, PARA2]);
  });

  it('a byline block, keeping the names as author and the lines as author_info', () => {
    const raw = [
      'By Dr. Jane Roe and John Doe',
      '',
      'Director, Some Research Centre NGO,',
      '',
      'Tashkent, Uzbekistan',
      '',
      'A Symbolic Milestone',
      '',
      PARA,
    ].join('\n');
    const r = clean(raw);
    expect(r.meta.author).toBe('Jane Roe, John Doe');
    expect(r.meta.author_info).toEqual([
      'By Dr. Jane Roe and John Doe',
      'Director, Some Research Centre NGO,',
      'Tashkent, Uzbekistan',
    ]);
    expect(bodyLines(r)).toEqual(['## A Symbolic Milestone', PARA]);
  });

  it('signature blocks at the end', () => {
    const raw = [
      LEAD,
      PARA,
      'Bakhtiyor Mustafayev,',
      'Deputy Director, Institute for Strategic Studies',
      '',
      'Jane Roe,',
      'Head of Department, Institute for Strategic Studies',
      '',
      'Subscribe to our telegram channel',
    ].join('\n');
    const r = clean(raw);
    expect(r.meta.author).toBe('Bakhtiyor Mustafayev, Jane Roe');
    expect(bodyLines(r)).toEqual([LEAD, PARA]);
  });

  it('an author bio at the end, but not a closing sentence about a statesman', () => {
    const bio =
      'Almas Dissyukov is currently a Ph.D. Student at the University of Tsukuba. From 2005-2017, he worked at the Ministry.';
    const r = clean([PARA, PARA2, bio].join('\n\n'));
    expect(r.meta.author).toBe('Almas Dissyukov');
    expect(r.meta.author_info).toEqual([bio]);
    expect(bodyLines(r)).toEqual([PARA, PARA2]);

    const closing =
      'Shavkat Mirziyoyev is the President of Uzbekistan and will attend the next summit in Tokyo.';
    const kept = clean([PARA, PARA2, closing].join('\n\n'));
    expect(bodyLines(kept)).toEqual([PARA, PARA2, closing]);
    expect(kept.meta.author).toBeUndefined();
  });

  it('a dateline stays article text and names the source', () => {
    const r = clean([LEAD, PARA].join('\n'));
    expect(bodyLines(r)[0]).toBe(LEAD);
    expect(r.meta.source).toBe('UzDaily.com');
    const acronym = clean(
      [
        'Japan International Cooperation Agency (JICA) — the agency has worked in Tajikistan for many years.',
        PARA,
      ].join('\n'),
    );
    expect(acronym.meta.source).toBeUndefined();
  });

  it('never drops a sentence that merely starts like chrome', () => {
    const lines = [
      'By 2024, 911 specialists from Central Asia had studied at Japanese universities, the report says.',
      'Home to five republics, the region has drawn the attention of Tokyo for three decades now.',
      'Search for new partners led Tashkent to Tokyo, where the two sides agreed on a road map.',
      'Credit lines from JICA have financed railways, bridges and power plants across the region.',
    ];
    expect(bodyLines(clean(lines.join('\n')))).toEqual(lines);
  });

  it('joins a paragraph hard-wrapped at a fixed width, but not a heading to its text', () => {
    const r = clean(
      'Japan is the largest provider of official development\nassistance to Central Asia, focusing on infrastructure.',
    );
    expect(bodyLines(r)).toEqual([PARA]);
    const lower = 'eBay and other platforms opened the Japanese market to Uzbek craftsmen last year.';
    expect(bodyLines(clean([PARA, 'Trade Online', lower].join('\n')))).toEqual([
      PARA,
      '## Trade Online',
      lower,
    ]);
  });
});

describe('section headings', () => {
  it('marks Title-Case lines followed by text, including an empty section', () => {
    const raw = [
      PARA,
      'Historical Context: A Dialogue with Deep Roots',
      PARA2,
      'Technological and Environmental Collaboration',
      'Humanitarian Cooperation and Historical Ties',
      LEAD,
    ].join('\n');
    expect(bodyLines(clean(raw))).toEqual([
      PARA,
      '## Historical Context: A Dialogue with Deep Roots',
      PARA2,
      '## Technological and Environmental Collaboration',
      '## Humanitarian Cooperation and Historical Ties',
      LEAD,
    ]);
  });

  it('leaves sentence-case fragments and a dangling last line as paragraphs', () => {
    const r = clean([PARA, 'an aside without a capital', PARA2, 'Final Thoughts'].join('\n\n'));
    expect(bodyLines(r)).toEqual([PARA, 'an aside without a capital', PARA2, 'Final Thoughts']);
    expect(r.warnings.join(' ')).toMatch(/Final Thoughts/);
  });

  it('tells headings from other short lines', () => {
    expect(isHeadingLike('Key Participants and Focus Areas')).toBe(true);
    expect(isHeadingLike('Long-Term Vision: Central Asia – Japan 2040')).toBe(true);
    expect(isHeadingLike('Infrastructure, Energy, and Environmental Security')).toBe(true);
    expect(isHeadingLike('An analytical review of the first leaders’ summit in Tokyo')).toBe(false);
    expect(isHeadingLike('Bakhtiyor Mustafayev,')).toBe(false);
    expect(isHeadingLike('The summit was held in Tokyo.')).toBe(false);
  });
});

describe('references', () => {
  it('go to the front matter; inline markers stay in the body', () => {
    const cited =
      'Abe committed $7.5 million in grant assistance to enhance water infrastructure in Tajikistan.[3]';
    const refs = [
      '[1] “Title One”, Avesta, https://avesta.tj/x, (Access Date: 12.31.2024).',
      '[2] “Title Two”, MOFA, https://www.mofa.go.jp/y, (Access Date: 12.31.2024).',
    ];
    const r = clean([PARA, cited, ...refs].join('\n'));
    expect(r.meta.references).toEqual(refs);
    expect(r.body).not.toMatch(/Access Date|avesta\.tj/);
    expect(r.body).toContain(cited);
    expect(r.dateHints.join(' ')).toMatch(/accessed on 12\.31\.2024/);
  });

  it('a numbered list under a References heading', () => {
    const r = clean([PARA, PARA2, 'References', '1. Doe, “A Paper”, https://example.org/a.'].join('\n'));
    expect(r.meta.references).toEqual(['1. Doe, “A Paper”, https://example.org/a.']);
    expect(bodyLines(r)).toEqual([PARA, PARA2]);
  });
});

describe('metadata only as the text supports it', () => {
  it('no title, source, author or date in the text: none invented', () => {
    const r = clean(
      [
        'In recent years, the geography of Central Asia has gained greater prominence than in the past. More follows here.',
        PARA,
      ].join('\n'),
    );
    expect(r.meta.title).toBe(
      'In recent years, the geography of Central Asia has gained greater prominence…',
    );
    expect(r.meta.title_from).toBe('lead');
    expect(r.meta).not.toHaveProperty('source');
    expect(r.meta).not.toHaveProperty('author');
    expect(r.meta).not.toHaveProperty('published');
    expect(r.meta).not.toHaveProperty('url');
  });

  it('derives a title from the lead within 80 characters at a word boundary', () => {
    expect(titleFromLead('Dr. Smith went to Tokyo. He met the minister.')).toBe('Dr. Smith went to Tokyo');
    const long = titleFromLead(`${'word '.repeat(30)}end.`);
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^word( word)*…$/);
  });

  it('reads a dateline under the title, only as precise as printed', () => {
    expect(publicationDateLine('May 22, 2019')).toBe('2019-05-22');
    expect(publicationDateLine('Published on 22 May 2019, 14:05')).toBe('2019-05-22');
    expect(publicationDateLine('18/12/2025 10:15')).toBe('2025-12-18');
    expect(publicationDateLine('05/06/2025')).toBe('2025'); // day and month could be either way
    expect(publicationDateLine('Updated May 22, 2019')).toBeUndefined();
    const r = clean(
      ['Japan and Central Asia: A Review', 'Japan and Central Asia: A Review', 'May 22, 2019', PARA].join(
        '\n',
      ),
    );
    expect(r.meta.published).toBe('2019-05-22');
    expect(bodyLines(r)).toEqual([PARA]);
  });

  it('overrides set by hand win, and a set title is not marked as derived', () => {
    const r = cleanRawArticle(PARA, { overrides: { title: 'A Title', published: '2024-07', id: 'x-1' } });
    expect(r.meta).toMatchObject({ id: 'x-1', title: 'A Title', published: '2024-07' });
    expect(r.meta.title_from).toBeUndefined();
  });

  it('slugs are lowercase ascii with hyphens, at most 60 characters', () => {
    expect(slugify('Central Asia – Japan: From dialogue to strategic convergence')).toBe(
      'central-asia-japan-from-dialogue-to-strategic-convergence',
    );
    expect(slugify('Japan’s Café Diplomacy')).toBe('japans-cafe-diplomacy');
    const long = slugify('word '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe('corpus file', () => {
  it('round-trips through YAML, keeps dates strings and writes notes as comments', () => {
    const meta = {
      id: 'a',
      title: 'Central Asia and Japan: 15 Years',
      published: '2019',
      references: ['[1] “x”, https://e.org'],
    };
    const text = toCorpusFile(meta, '## H\n\nText.', { published: 'set on review' });
    const [, front, body] = /^---\n([\s\S]*?)\n---\n\n([\s\S]*)$/.exec(text)!;
    expect(YAML.parse(front, { version: '1.1' })).toEqual(meta);
    expect(front).toContain('# published: set on review\npublished: "2019"');
    expect(body).toBe('## H\n\nText.\n');
  });
});

// ---------------------------------------------------------------------------------------------
// The five seeds, imported as they were for corpus/ (see the report of the import).

const SEED_IMPORTS: { file: string; args: string[]; meta: Record<string, unknown>; notInBody: string[] }[] = [
  {
    file: '000_1bf6645c602e9b9b.txt',
    args: [
      '--id',
      'uzbekistan-japan-expert-dialogue-2024',
      '--title',
      'Uzbek-Japanese Expert Dialogue: Strategic Partnership in New Conditions',
      '--note',
      'title=set on review; the text has no title of its own: this is the name of the forum it reports',
      '--published',
      '2024-07',
      '--note',
      'published=set on review; the forum is dated "July 11" without a year, after the April 2024 opening of the trading house in Nagoya that the text reports',
    ],
    meta: { source: undefined, author: undefined, published: '2024-07', title_from: undefined },
    notInBody: ['Comments (0)'],
  },
  {
    file: '001_da47e7b30ef9c8ec.txt',
    args: [
      '--id',
      'ca-japan-strategic-partnership-2025',
      '--published',
      '2025-12',
      '--note',
      'published=set on review; the page shows currency rates from 18/12/2025 and announces the summit of 18–20 December 2025 as upcoming',
    ],
    meta: {
      title: 'Strategic Partnership between Central Asia and Japan in New Conditions',
      source: 'UzDaily.com',
      author: 'Bakhtiyor Mustafayev, Bakhromjon Sotiboldiev',
    },
    notInBody: [
      'Currency rates',
      'UZS –',
      '12059.78',
      'Search',
      'Deputy Director',
      'Stay up to date',
      'Subscribe',
    ],
  },
  {
    file: '002_a428aa05fa52e6ff.txt',
    args: [
      '--id',
      'ca-japan-dialogue-to-convergence-2025',
      '--published',
      '2025-12',
      '--note',
      'published=set on review; the summit reported is dated 18–20 December 2025 in ca-japan-strategic-partnership-2025',
    ],
    meta: {
      title: 'Central Asia – Japan: From dialogue to strategic convergence',
      author: 'Beruniy Alimov',
      source: undefined,
      subtitle: 'An analytical review of the first leaders’ summit in Tokyo',
    },
    notInBody: [
      'Home Analysis',
      'NO COMMENTS',
      'LEAVE A REPLY',
      'Please enter',
      'Exit mobile version',
      'By Dr.',
      'NGO',
      '\n0\n',
    ],
  },
  {
    file: '003_71bbbec9e7f28b47.txt',
    args: ['--id', 'japan-central-asia-relations-2025'],
    meta: { title_from: 'lead', source: undefined, author: undefined, published: undefined },
    notInBody: ['Access Date', 'https://'],
  },
  {
    file: '004_8b80f1a60b1957b0.txt',
    args: [
      '--id',
      'ca-japan-15-years-2019',
      '--source',
      'The Diplomat',
      '--note',
      'source=set on review; the page carries The Diplomat\'s "Crossroads Asia" column label',
      '--published',
      '2019-05',
      '--note',
      "published=set on review; the meeting reported was held on May 18, 2019, in the dialogue's 15th-anniversary year",
    ],
    meta: {
      title: 'Central Asia and Japan: 15 Years of Multilateral Cooperation',
      source: 'The Diplomat',
      author: 'Almas Dissyukov',
      published: '2019-05',
    },
    notInBody: ['Crossroads Asia', 'Recent Features', 'Credit: Facebook', 'Ph.D. Student'],
  },
];

/** Sentences of the raw seed that end in a period and are longer than 60 characters. */
function longSentences(raw: string): string[] {
  return raw
    .split('\n')
    .map((l) => l.trim())
    .flatMap((l) => l.split(/(?<=[.!?][”"’)]?(?:\[\d+\])?)\s+(?=[“"‘(]?[A-Z])/))
    .map((s) => s.trim())
    .filter((s) => s.endsWith('.') && s.length > 60);
}

describe.each(SEED_IMPORTS)('seed $file', ({ file, args, meta, notInBody }) => {
  const seedPath = path.join(SEEDS, file);
  const opts = { ...parseImportArgs([seedPath, ...args, '--dry-run'], {}), outDir: CORPUS };
  const outcome = importFile(opts);
  const raw = readFileSync(seedPath, 'utf8');
  const cleaned = cleanRawArticle(raw, { overrides: opts.overrides });
  const body = cleaned.body;

  it('reproduces the committed corpus file', () => {
    expect(readFileSync(outcome.target, 'utf8')).toBe(outcome.content);
  });

  it('loses no sentence of the article', () => {
    const kept = [body, ...(cleaned.meta.references ?? []), ...(cleaned.meta.author_info ?? [])].join('\n');
    const sentences = longSentences(raw);
    expect(sentences.length).toBeGreaterThan(10);
    for (const s of sentences) expect(kept, s).toContain(s);
  });

  it('keeps every paragraph on one line, verbatim, in the order of the page', () => {
    const rawLines = raw.split('\n').map((l) => l.trim());
    let last = -1;
    for (const line of bodyLines(cleaned)) {
      const text = line.replace(/^## /, '');
      const at = rawLines.indexOf(text, last + 1);
      expect(at, text).toBeGreaterThan(last);
      last = at;
    }
  });

  it('strips the chrome and keeps footnotes and bylines out of the body', () => {
    for (const s of notInBody) expect(body).not.toContain(s);
    for (const ref of cleaned.meta.references ?? []) expect(body).not.toContain(ref);
    for (const line of cleaned.meta.author_info ?? []) expect(body).not.toContain(line);
  });

  it('has the metadata the text supports and no more', () => {
    for (const [key, value] of Object.entries(meta)) {
      expect(outcome.content.includes(`\n${key}:`), key).toBe(value !== undefined);
      if (value !== undefined) expect((cleaned.meta as Record<string, unknown>)[key], key).toBe(value);
    }
  });
});

describe('seed specifics', () => {
  const seed = (name: string) => cleanRawArticle(readFileSync(path.join(SEEDS, name), 'utf8'));

  it('000 keeps the empty section "Technological and Environmental Collaboration" as a heading', () => {
    expect(seed('000_1bf6645c602e9b9b.txt').body).toContain(
      '## Technological and Environmental Collaboration\n\n## Humanitarian Cooperation and Historical Ties\n\nThe historical',
    );
  });

  it('002 marks its ten section headings and starts with the first one', () => {
    const lines = bodyLines(seed('002_a428aa05fa52e6ff.txt'));
    expect(lines.filter((l) => l.startsWith('## '))).toHaveLength(10);
    expect(lines[0]).toBe('## A Symbolic and Strategic Milestone');
  });

  it('003 has its ten footnotes in references and an untitled lead', () => {
    const r = seed('003_71bbbec9e7f28b47.txt');
    expect(r.meta.references).toHaveLength(10);
    expect(r.meta.title!.length).toBeLessThanOrEqual(80);
    expect(r.meta.title).toMatch(/^In recent years, .*…$/);
    expect(r.body).toContain('contemporary technologies.[1]');
  });

  it('004 keeps the standfirst as the first paragraph', () => {
    expect(bodyLines(seed('004_8b80f1a60b1957b0.txt'))[0]).toBe(
      'Issues of trade, transport, investment, tourism, and security topped the agenda at the 7th Central Asia + Japan dialogue.',
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('bad inputs are refused with the file name', () => {
  const dir = tempDir();
  const run = (file: string, extra: string[] = []) =>
    importFile(parseImportArgs([file, '--out', path.join(dir, 'out'), ...extra], {}));

  it('not UTF-8', () => {
    const file = writeTemp(
      dir,
      'latin1.txt',
      Buffer.from('Caf\xe9 diplomacy in Tashkent, as reported by the press.', 'latin1'),
    );
    expect(() => run(file)).toThrow(ImportError);
    expect(() => run(file)).toThrow(`${file}: not valid UTF-8`);
  });

  it('empty or blank', () => {
    for (const [name, content] of [
      ['empty.txt', ''],
      ['blank.txt', ' \n\u00a0\n\n'],
    ] as const) {
      const file = writeTemp(dir, name, content);
      expect(() => run(file)).toThrow(`${file}: the file is empty`);
    }
  });

  it('nothing but chrome', () => {
    const file = writeTemp(dir, 'chrome.txt', 'Search\nComments (0)\nExit mobile version\nLEAVE A REPLY\n');
    expect(() => run(file)).toThrow(`${file}: no article text left`);
  });

  it('a missing file', () => {
    expect(() => run(path.join(dir, 'nope.txt'))).toThrow(/nope\.txt: cannot read/);
  });

  it('bad flags', () => {
    expect(() => parseImportArgs(['a.txt', '--published', '2019-13'], {})).toThrow(/--published/);
    expect(() => parseImportArgs(['a.txt', '--id', 'Not A Slug'], {})).toThrow(/--id/);
    expect(() => parseImportArgs(['a.txt', '--note', 'published=why'], {})).toThrow(/needs --published/);
    expect(() => parseImportArgs([], {})).toThrow(/FILE/);
  });

  it('an existing corpus file is replaced only with --force', () => {
    const file = writeTemp(dir, 'article.txt', [LEAD, PARA].join('\n'));
    const first = run(file, ['--id', 'same-id']);
    expect(first.status).toBe('written');
    expect(run(file, ['--id', 'same-id']).status).toBe('unchanged');

    const other = writeTemp(dir, 'other.txt', [PARA2, PARA].join('\n'));
    expect(() => run(other, ['--id', 'same-id'])).toThrow(
      /other\.txt: .*same-id\.md already exists.*--force/,
    );
    expect(readFileSync(first.target, 'utf8')).toBe(first.content);
    expect(run(other, ['--id', 'same-id', '--force']).status).toBe('written');
    expect(readFileSync(first.target, 'utf8')).toContain(PARA2);
  });

  it('the command exits with 1 and names the file', () => {
    const file = writeTemp(dir, 'bad.txt', Buffer.from([0x48, 0x69, 0xff, 0xfe, 0x0a]));
    const tsx = path.join(REPO, 'node_modules', '.bin', 'tsx');
    const res = spawnSync(tsx, ['src/cli/import.ts', file, '--out', path.join(dir, 'cli')], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(file);
    expect(res.stdout).toBe('');
    expect(existsSync(path.join(dir, 'cli'))).toBe(false);
  });
});

describe('every bad argument is a named error', () => {
  const dir = tempDir();
  const article = () => writeTemp(dir, 'ok.txt', [LEAD, PARA].join('\n'));

  it('an --id of 300 characters is refused by name, not an ENAMETOOLONG', () => {
    const id = 'a'.repeat(300);
    expect(() => parseImportArgs(['a.txt', '--id', id], {})).toThrow(ImportError);
    expect(() => parseImportArgs(['a.txt', '--id', id], {})).toThrow(
      /--id is 300 characters long; at most 60/,
    );
  });

  it.each([
    [['a.txt', '--title', '   '], /--title is empty/],
    [['a.txt', '--source', 'The \u202EDiplomat'], /--source holds .*invisible or control/],
    [['a.txt', '--author', 'A\nB'], /--author holds a line break/],
    [['a.txt', '--url', 'javascript:alert(1)'], /--url must be an http/],
    [['a.txt', '--out', ' '], /--out is empty/],
    [['a.txt', 'b.txt'], /exactly one FILE, got "a\.txt" "b\.txt"/],
    [['a.txt', '--bogus'], /Unknown option '--bogus'/],
    [['a.txt', '--id'], /--id/],
    [['a.txt', '--note', 'colour=why'], /--note takes FIELD=WHY/],
  ])('%j', (argv, message) => {
    expect(() => parseImportArgs(argv as string[], {})).toThrow(ImportError);
    expect(() => parseImportArgs(argv as string[], {})).toThrow(message as RegExp);
  });

  it('an --out that is a file is named, not a stack trace', () => {
    const notDir = writeTemp(dir, 'a-file', 'x');
    const file = article();
    expect(() => importFile(parseImportArgs([file, '--out', notDir], {}))).toThrow(
      /--out .*a-file is not a folder/,
    );
  });

  it('--help prints the usage and succeeds', () => {
    const tsx = path.join(REPO, 'node_modules', '.bin', 'tsx');
    const res = spawnSync(tsx, ['src/cli/import.ts', '--help'], { cwd: REPO, encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^usage: npm run import/);
  });

  it('the command with a 300-character --id exits with 1 and one line, no stack trace', () => {
    const tsx = path.join(REPO, 'node_modules', '.bin', 'tsx');
    const res = spawnSync(
      tsx,
      ['src/cli/import.ts', article(), '--id', 'x'.repeat(300), '--out', path.join(dir, 'o')],
      { cwd: REPO, encoding: 'utf8' },
    );
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/^import: --id is 300 characters long/);
    expect(res.stderr).not.toMatch(/ENAMETOOLONG|\n\s+at /);
  });
});

describe('metadata cannot carry invisible characters', () => {
  it('strips bidi controls and zero-width characters from every metadata field', () => {
    const r = cleanRawArticle([LEAD, PARA].join('\n'), {
      overrides: { title: 'Japan \u202Eand\u202C Uzbekistan\u200B', source: '\u2066UzDaily\u2069' },
    });
    expect(r.meta.title).toBe('Japan and Uzbekistan');
    expect(r.meta.source).toBe('UzDaily');
  });
});
