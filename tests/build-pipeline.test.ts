// The faster build must build the same library:
// - facts extracted and passages stored on the second thread (OffThreadBuild, fed article by article) equal
//   extractFacts and the passage store in place;
// - FactsStream, article by article, equals extractFacts over all passages at once;
// - the index builder's one-lookup-per-word path gives the terms analyzeWords gives;
// - the surface vocabulary a cache load hands the analyzer holds exactly the terms termOf computes;
// - facts come from the articles the desk answers from; the others are stored and searched only.
import { describe, expect, it } from 'vitest';
import { chunkArticle } from '../src/corpus/chunk.js';
import { loadCorpus, parseArticle } from '../src/corpus/load.js';
import { isRecordPassage } from '../src/corpus/record.js';
import { extractFacts, FactsStream } from '../src/facts/index.js';
import { buildState, metaOf } from '../src/library/build.js';
import { OFF_THREAD_MIN_FILES, OffThreadBuild } from '../src/library/facts-worker.js';
import { PassageStore } from '../src/library/passages.js';
import { analyzeWords, documentWords, indexTerm, termOf } from '../src/search/analyzer.js';
import type { Article, Passage } from '../src/types.js';

const bundled = new URL('../corpus/', import.meta.url).pathname;
const { articles } = loadCorpus(bundled);
const factsArticle = (a: Article): Article => ({ ...metaOf(a), file: '', sections: [] });
const all = articles.map((a) => ({ article: factsArticle(a), passages: chunkArticle(a) }));
const chunked = all.map((c) => ({ ...c, passages: c.passages.filter((p) => !isRecordPassage(p)) }));
const inPlace = extractFacts(
  chunked.map((c) => c.article),
  chunked.flatMap((c) => c.passages),
);
// The first article stored only, as an article the desk does not answer from is.
const deskOnly = extractFacts(
  chunked.slice(1).map((c) => c.article),
  chunked.slice(1).flatMap((c) => c.passages),
);

describe('facts off the indexing thread', () => {
  it('gives the facts extractFacts gives and the store built in place', () => {
    const off = OffThreadBuild.start(OFF_THREAD_MIN_FILES);
    expect(off).toBeDefined();
    for (const c of all) off!.add(c.article, c.passages, true);
    const built = off!.join();
    expect(JSON.stringify(built?.facts)).toBe(JSON.stringify(inPlace));
    const store = PassageStore.of(all.flatMap((c) => c.passages));
    expect(built?.passages.columns).toEqual(store.columns);
    expect(Buffer.isBuffer(built?.passages.columns.blocks)).toBe(true);
  });

  it('stores an article it extracts no facts from', () => {
    const off = OffThreadBuild.start(OFF_THREAD_MIN_FILES);
    for (const [i, c] of all.entries()) off!.add(c.article, c.passages, i > 0);
    const built = off!.join();
    expect(JSON.stringify(built?.facts)).toBe(JSON.stringify(deskOnly));
    expect(JSON.stringify(deskOnly)).not.toBe(JSON.stringify(inPlace));
    expect(built?.passages.columns).toEqual(PassageStore.of(all.flatMap((c) => c.passages)).columns);
  });

  it('is not started for a small corpus', () => {
    expect(OffThreadBuild.start(articles.length)).toBeUndefined();
  });

  it('FactsStream, one article at a time, equals extractFacts', () => {
    const stream = new FactsStream();
    for (const c of chunked) stream.add(c.article, c.passages);
    const all: Passage[] = chunked.flatMap((c) => c.passages);
    expect(JSON.stringify(stream.done(all))).toBe(JSON.stringify(inPlace));
  });
});

describe('index terms', () => {
  const passages = articles.flatMap((a) => chunkArticle(a));

  it('documentWords with indexTerm is analyzeWords in document mode', () => {
    for (const p of passages) {
      const fast = documentWords(p.text).flatMap((word) => {
        const term = indexTerm(word);
        return term === undefined ? [] : [{ word, term }];
      });
      expect(fast).toEqual(analyzeWords(p.text, 'document'));
    }
  });

  it("the library's surface vocabulary holds the terms termOf computes", () => {
    const state = buildState(articles);
    const surface = state.index.compact?.surface;
    if (!surface) return; // another MiniSearch version: no compact index, no vocabulary handed over
    let n = 0;
    for (const [word, term] of surface) {
      expect(termOf(word)).toBe(term);
      n++;
    }
    expect(n).toBeGreaterThan(1000);
  });
});

describe("the desk's articles", () => {
  // An article about something else, with dates, figures and names of its own.
  const unrelated = parseArticle(
    [
      '---',
      'id: release-notes-9',
      'title: "Release Notes for Version 9 of an Invented Editor"',
      'source: Invented Project',
      'published: 2031-05',
      '---',
      '',
      'On 12 March 2031, the maintainers released version 9.0 of the editor after two years of work.',
      '',
      'The project received a grant of $3.5 million from the Invented Foundation in 2030, led by Maria Examplova.',
      '',
      'The next release is planned for June 2032.',
    ].join('\n'),
    'release-notes-9.md',
  );
  const state = buildState([...articles, unrelated], extractFacts);

  it('are those naming Japan or a Central Asian country; the others are searched but give no facts', () => {
    expect([...state.deskArticles].sort()).toEqual(articles.map((a) => a.id).sort());
    const fromUnrelated = (c: { citation: { articleId: string } }) => c.citation.articleId === unrelated.id;
    expect(state.facts.events.filter(fromUnrelated)).toEqual([]);
    expect(state.facts.figures.filter(fromUnrelated)).toEqual([]);
    expect(state.facts.entities.some((e) => e.name.includes('Examplova'))).toBe(false);
    expect(JSON.stringify(state.facts)).toBe(JSON.stringify(buildState(articles, extractFacts).facts));
    expect(state.index.query([{ term: 'editor', weight: 1 }], 3)[0]?.id).toMatch(/^release-notes-9#/);
  });
});
