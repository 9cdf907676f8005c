import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRecordPassage } from '../src/corpus/record.js';
import { chunkArticle, countWords, MAX_WORDS, splitSentences } from '../src/corpus/chunk.js';
import { loadCorpus, parseArticle } from '../src/corpus/load.js';
import { openEngine } from '../src/answer/engine.js';

const corpusDir = new URL('../corpus/', import.meta.url).pathname;

function tempCorpus(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'desk-corpus-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

const good = (id: string, body = 'Japan and Uzbekistan agreed on many things. It was a good year.') =>
  `---\nid: ${id}\ntitle: "A title"\npublished: 2019-05\n---\n\n${body}\n`;

describe('loader', () => {
  it('loads the bundled corpus without problems', () => {
    const { articles, problems } = loadCorpus(corpusDir);
    expect(problems).toEqual([]);
    expect(articles.length).toBeGreaterThanOrEqual(5);
    for (const a of articles) {
      expect(a.id).toMatch(/^[a-z0-9-]+$/);
      expect(a.title.length).toBeGreaterThan(5);
      expect(a.sections.some((s) => s.paragraphs.length)).toBe(true);
    }
  });

  it('reports each bad file by name and keeps the good ones', () => {
    const dir = tempCorpus({
      'a.md': good('a'),
      'b.md': 'no front matter here\n',
      'c.md': '---\ntitle: x\n---\nbody\n',
      'd.md': good('a'),
      'e.md': '---\nid: e\ntitle: E\n---\n\n   \n',
      'f.md': Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a]),
      'g.md': '---\nid: g\ntitle: G\npublished: May 2019\n---\ntext\n',
      'h.md': '---\nid: [unclosed\n---\ntext\n',
      'notes.txt': 'ignored: not a corpus file',
    });
    const { articles, problems } = loadCorpus(dir);
    expect(articles.map((a) => a.id)).toEqual(['a']);
    const byFile = Object.fromEntries(problems.map((p) => [p.file.split('/').pop(), p.message]));
    expect(byFile['b.md']).toMatch(/b\.md: no YAML front matter/);
    expect(byFile['c.md']).toMatch(/c\.md: .*no "id"/);
    expect(byFile['d.md']).toMatch(/d\.md: duplicate id "a" \(already used by .*a\.md\)/);
    expect(byFile['e.md']).toMatch(/e\.md: the article body is empty/);
    expect(byFile['f.md']).toMatch(/f\.md: not valid UTF-8/);
    expect(byFile['g.md']).toMatch(/g\.md: "published" must be YYYY/);
    expect(byFile['h.md']).toMatch(/h\.md: front matter is not valid YAML/);
  });

  it('names the folder when CORPUS_DIR does not exist', () => {
    expect(() => loadCorpus('/nonexistent/corpus')).toThrow(/nonexistent\/corpus.*CORPUS_DIR/);
  });

  it('splits the body into sections at ## headings and keeps metadata as written', () => {
    const a = parseArticle(
      '---\nid: x\ntitle: T\nsource: The Diplomat\npublished: 2019\n---\nLead paragraph.\n\n## First\n\nOne.\nStill one.\n\nTwo.\n\n## Empty\n## Last\nThree.\n',
      'x.md',
    );
    expect(a.published).toBe('2019');
    expect(a.source).toBe('The Diplomat');
    expect(a.sections).toEqual([
      { paragraphs: ['Lead paragraph.'] },
      { heading: 'First', paragraphs: ['One. Still one.', 'Two.'] },
      { heading: 'Empty', paragraphs: [] },
      { heading: 'Last', paragraphs: ['Three.'] },
    ]);
  });
});

describe('sentences', () => {
  it('does not break after abbreviations, initials or decimals', () => {
    expect(
      splitSentences(
        'Mr. Abe visited in Oct. 2015 with U.S. support. It cost $4.21 trillion. J. Smith agreed.[3] Next one.',
      ),
    ).toEqual([
      'Mr. Abe visited in Oct. 2015 with U.S. support.',
      'It cost $4.21 trillion.',
      'J. Smith agreed.[3]',
      'Next one.',
    ]);
  });

  it('keeps closing quotes with their sentence', () => {
    expect(splitSentences('They adopted the “Tokyo Declaration.” Then they left.')).toEqual([
      'They adopted the “Tokyo Declaration.”',
      'Then they left.',
    ]);
  });
});

describe('passages', () => {
  const { articles } = loadCorpus(corpusDir);
  const passages = articles.flatMap(chunkArticle);

  it('never span two sections and keep their heading', () => {
    for (const a of articles) {
      const headings = new Set(a.sections.map((s) => s.heading));
      // The article's own record (title, author, references) follows the body under headings of its own.
      for (const p of chunkArticle(a).filter((x) => !isRecordPassage(x))) {
        expect(headings.has(p.heading)).toBe(true);
        const section = a.sections.find((s) => s.heading === p.heading)!;
        expect(section.paragraphs.join(' ')).toContain(p.sentences[0]);
      }
    }
  });

  it('stay readable on a phone: at most 120 words unless one sentence is longer', () => {
    for (const p of passages) {
      if (p.sentences.length > 1) expect(countWords(p.text)).toBeLessThanOrEqual(MAX_WORDS);
    }
    const sizes = passages.map((p) => countWords(p.text)).sort((a, b) => a - b);
    expect(sizes[Math.floor(sizes.length / 2)]).toBeGreaterThanOrEqual(40);
  });

  it('have stable ids <articleId>#<n> and verbatim text', () => {
    const again = articles.flatMap(chunkArticle);
    expect(again.map((p) => p.id)).toEqual(passages.map((p) => p.id));
    for (const p of passages) {
      expect(p.id).toBe(`${p.articleId}#${p.n}`);
      expect(p.text).toBe(p.sentences.join(' '));
    }
  });
});

describe('sentence ends after figures', () => {
  it('ends a sentence after an amount with a scale ("$219.4mn.")', () => {
    expect(splitSentences('Imports were at $219.4mn. The first quarter of 2024 saw more.')).toEqual([
      'Imports were at $219.4mn.',
      'The first quarter of 2024 saw more.',
    ]);
  });
});

describe('bad files on disk are skipped, never fatal', () => {
  /** A copy of the bundled corpus with a symlink loop, a dangling link and 80,000 characters of dot leaders. */
  function hostileCorpus(): string {
    const dir = mkdtempSync(join(tmpdir(), 'desk-hostile-corpus-'));
    cpSync(corpusDir, dir, { recursive: true });
    symlinkSync('loop-b.md', join(dir, 'loop-a.md'));
    symlinkSync('loop-a.md', join(dir, 'loop-b.md'));
    symlinkSync('nowhere/missing.md', join(dir, 'dangling.md'));
    const leaders = 'a.b.'.repeat(10_000) + ' ' + '.'.repeat(20_000) + ' ' + 'A. '.repeat(10_000);
    writeFileSync(
      join(dir, 'zz-contents.md'),
      `---\nid: zz-contents\ntitle: "Table of contents"\n---\n\n## Contents\n\nChapter one ${leaders} page 4.\n`,
    );
    return dir;
  }

  function timed<T>(f: () => T): [T, number] {
    const t = performance.now();
    const r = f();
    return [r, performance.now() - t];
  }

  it('a symlink loop, a dangling link and a run of dot leaders: still answers, names both links, loads in about the clean time', () => {
    const dir = hostileCorpus();
    try {
      openEngine(corpusDir, { useCache: false }); // warm up (tagger, JIT), so the two runs compare
      const [, clean] = timed(() => openEngine(corpusDir, { useCache: false }));
      const [opened, hostile] = timed(() => openEngine(dir, { useCache: false }));
      const byFile = Object.fromEntries(opened.problems.map((p) => [p.file.split('/').pop(), p.message]));
      expect(byFile['loop-a.md']).toMatch(/loop-a\.md: symbolic link loops/);
      expect(byFile['loop-b.md']).toMatch(/loop-b\.md: symbolic link loops/);
      expect(byFile['dangling.md']).toMatch(/dangling\.md: symbolic link points to nothing/);
      expect(opened.engine.articles().map((a) => a.id)).toContain('zz-contents');
      const answer = opened.engine.answer('When was the Central Asia plus Japan dialogue launched?');
      expect(answer.answered).toBe(true);
      expect(answer.citations[0].snippet).toMatch(/2004/);
      // The extra article is one of a few: a generous factor, where quadratic splitting or stemming
      // took minutes against the clean corpus's second.
      expect(hostile).toBeLessThan(clean * 4 + 500);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the CLI answers from such a corpus and names both bad links on stderr', () => {
    const dir = hostileCorpus();
    const cache = mkdtempSync(join(tmpdir(), 'desk-hostile-cli-'));
    try {
      const tsx = join(corpusDir, '..', 'node_modules', '.bin', 'tsx');
      const res = spawnSync(
        tsx,
        ['src/cli/ask.ts', '--json', 'When was the Central Asia plus Japan dialogue launched?'],
        {
          cwd: join(corpusDir, '..'),
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '', CORPUS_DIR: dir, CACHE_DIR: cache },
        },
      );
      expect(res.status, res.stderr).toBe(0);
      expect(JSON.parse(res.stdout).answered).toBe(true);
      expect(res.stderr).toMatch(/loop-a\.md: symbolic link loops/);
      expect(res.stderr).toMatch(/dangling\.md: symbolic link points to nothing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('the cache key and the cached start skip bad links too', () => {
    const dir = hostileCorpus();
    const cache = mkdtempSync(join(tmpdir(), 'desk-hostile-cache-'));
    try {
      const first = openEngine(dir, { cacheDir: cache });
      const second = openEngine(dir, { cacheDir: cache });
      expect(second.engine.articles().length).toBe(first.engine.articles().length);
      expect(second.problems.length + first.problems.length).toBeGreaterThanOrEqual(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('an unreadable file is named and skipped', () => {
    const dir = tempCorpus({ 'a.md': good('a') });
    mkdirSync(join(dir, 'folder.md')); // a folder that looks like a corpus file: ignored
    symlinkSync('folder.md', join(dir, 'link-to-folder.md'));
    const { articles, problems } = loadCorpus(dir);
    expect(articles.map((a) => a.id)).toEqual(['a']);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/link-to-folder\.md: is a folder/),
    ]);
    // And through the cache key, as the bot and the CLIs open a library.
    const cache = mkdtempSync(join(tmpdir(), 'desk-folder-cache-'));
    try {
      expect(
        openEngine(dir, { cacheDir: cache })
          .engine.articles()
          .map((a) => a.id),
      ).toEqual(['a']);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('strips bidi controls and invisible characters from metadata', () => {
    const a = parseArticle(
      '---\nid: x\ntitle: "Japan \u202Egnp.exe\u202C and\u200B Uzbekistan"\nsource: "\u2066The\u2069 Diplomat\uFEFF"\n---\n\nBody text here.\n',
      'x.md',
    );
    expect(a.title).toBe('Japan gnp.exe and Uzbekistan');
    expect(a.source).toBe('The Diplomat');
  });
});

describe('sentence splitting stays linear on pathological text', () => {
  const best = (f: () => void) => {
    let min = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      f();
      min = Math.min(min, performance.now() - t);
    }
    return min;
  };
  const prose = 'The dialogue began in 2004. It was Japan’s idea, said Mr. Abe. ';
  const size = 320_000;
  const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

  it.each([
    ['dot leaders', 'a.b.'],
    ['a run of dots', '.'],
    ['initials', 'A. '],
    ['abbreviations', 'Mr. Dr. '],
    ['digits and punctuation', '1.2.3,4;!?'],
  ])('%s: about as fast as prose of the same length', (_, unit) => {
    const text = fill(unit);
    splitSentences(text); // warm up
    const reference = best(() => splitSentences(fill(prose)));
    const pathological = best(() => splitSentences(text));
    // Linear: within a small factor of prose (the regex splitter took over a thousand times as long).
    expect(pathological).toBeLessThan(reference * 25 + 50);
    expect(splitSentences(text).join(' ')).toBe(text.replace(/\s+/g, ' ').trim());
  });
});
