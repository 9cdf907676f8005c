import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRecordPassage } from '../src/corpus/record.js';
import { chunkArticle, countWords, MAX_WORDS, splitSentences } from '../src/corpus/chunk.js';
import { loadCorpus, parseArticle } from '../src/corpus/load.js';

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
