// The pipeline that makes a library: load → chunk → index → facts → EngineState. Articles go through one
// at a time: each is read, chunked, its passages appended to the store and the index, and dropped; only
// the store's flat buffers and the index's postings grow with the library. Facts are extracted last,
// over passages read back from the store on demand, so the whole library's text is held once. With a
// second thread (facts-worker.ts), the store and the facts are made there as the articles come.
//
// Facts (events, figures, entities) come from the articles the desk answers from only (isDeskArticle):
// its answers quote no other article, so their facts could only crowd the timeline, the figures and the
// cards with things it does not answer about. At 10,000 manuals and five desk articles, extracting them
// all was most of the build.
import { chunkArticle } from '../corpus/chunk.js';
import { ownString } from '../corpus/own-string.js';
import { isRecordPassage } from '../corpus/record.js';
import { type CorpusProblem, readArticles } from '../corpus/load.js';
import { IndexBuilder } from '../search/index.js';
import type { Article, ArticleMeta, EngineState, Facts, Passage } from '../types.js';
import { extractFacts } from '../facts/index.js';
import { isDeskArticle } from '../lexicon/index.js';
import { listCorpus } from './cache/corpus-hash.js';
import { OffThreadBuild } from './facts-worker.js';
import { PassageStoreBuilder } from './passages.js';

/** Facts extraction is plugged in by the facts module; without it the engine answers with quotes alone. */
export type FactsExtractor = (articles: Article[], passages: Passage[]) => Facts;

export const EMPTY_FACTS: Facts = { events: [], figures: [], entities: [] };

// The fields kept for the library's lifetime are copied out of the article file's text they were read
// from (ownString).
const own = <T>(v: T): T => (typeof v === 'string' ? ownString(v) : Array.isArray(v) ? v.map(own) : v) as T;

export function metaOf(a: ArticleMeta): ArticleMeta {
  const { id, title, source, author, published, url, subtitle, authorInfo, references, untitled } = a;
  return Object.fromEntries(
    Object.entries({
      id,
      title,
      source,
      author,
      published,
      url,
      subtitle,
      authorInfo,
      references,
      untitled,
    })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, own(v)]),
  ) as unknown as ArticleMeta;
}

// The extractor reads ArticleMeta fields only; the bodies are in the store, not kept here.
const factsArticle = (m: ArticleMeta): Article => ({ ...m, file: '', sections: [] });

/** The worker of an off-thread build failed: the library is to be built again in place. */
class OffThreadFailed extends Error {}

/** Builds a state from articles as they come (an array or a generator that reads them one by one). */
export class LibraryBuilder {
  private readonly store?: PassageStoreBuilder;
  private index?: IndexBuilder = new IndexBuilder();
  private readonly metas: ArticleMeta[] = [];
  private readonly deskArticles = new Set<string>();

  /** `offThread`: the store is built and extractFacts run there meanwhile, fed each article as it is chunked. */
  constructor(private readonly offThread?: OffThreadBuild) {
    if (!offThread) this.store = new PassageStoreBuilder();
  }

  add(article: Article): void {
    if (!this.index) throw new Error('library already built');
    const { index } = this;
    const meta = metaOf(article);
    this.metas.push(meta);
    const passages = chunkArticle(article);
    const opening = [1, 2, 3].map((n) => passages.find((p) => p.n === n)?.text ?? '');
    const desk = isDeskArticle(article.title, opening);
    if (desk) this.deskArticles.add(article.id);
    for (const p of passages) {
      this.store?.add(p);
      index.add(p, article.title);
    }
    this.offThread?.add(factsArticle(meta), passages, desk);
  }

  /** The state; throws OffThreadFailed when the second thread failed (nothing is lost but time). */
  done(extract?: FactsExtractor): EngineState {
    if (!this.index) throw new Error('library already built');
    const index = this.index.done();
    // The builder's tables are garbage from here: not kept alive while the build thread's results arrive,
    // when the build's memory peaks.
    this.index = undefined;
    const off = this.offThread?.join();
    const passages = off?.passages ?? this.store?.done();
    if (!passages) throw new OffThreadFailed('the build thread failed');
    const facts =
      (extract === extractFacts ? off?.facts : undefined) ??
      (extract
        ? extract(
            this.metas.filter((m) => this.deskArticles.has(m.id)).map(factsArticle),
            // The record states no events or figures of its own: its dates are the articles'.
            passages.views().filter((p) => !isRecordPassage(p) && this.deskArticles.has(p.articleId)),
          )
        : EMPTY_FACTS);
    return { articles: this.metas, passages, index, facts, deskArticles: this.deskArticles };
  }
}

/** The state of articles already in memory. */
export function buildState(
  articles: Iterable<Article>,
  extract?: FactsExtractor,
  offThread?: OffThreadBuild,
): EngineState {
  const b = new LibraryBuilder(offThread);
  for (const a of articles) b.add(a);
  return b.done(extract);
}

/** The articles of a corpus folder, read one at a time as loadCorpus reads them (corpus/load.ts). */
export function* readCorpus(dir: string, problems: CorpusProblem[]): Generator<Article> {
  for (const article of readArticles(dir, problems)) {
    // Passage ids and headings outlive the article in the store and the index: copied out of its text.
    yield {
      ...article,
      id: own(article.id),
      sections: article.sections.map((s) => ({ ...s, heading: own(s.heading) })),
    };
  }
}

/** Loads and builds the library of a corpus folder, article by article. */
export function buildLibrary(
  corpusDir: string,
  extract?: FactsExtractor,
): { state: EngineState; problems: CorpusProblem[] } {
  // The store and extractFacts of a large corpus run on a second thread while this one loads, chunks
  // and indexes.
  const offThread = extract === extractFacts ? OffThreadBuild.start(listCorpus(corpusDir).length) : undefined;
  if (offThread) {
    const problems: CorpusProblem[] = [];
    try {
      return { state: buildState(readCorpus(corpusDir, problems), extract, offThread), problems };
    } catch (e) {
      if (!(e instanceof OffThreadFailed)) throw e;
    }
  }
  const problems: CorpusProblem[] = [];
  const state = buildState(readCorpus(corpusDir, problems), extract);
  return { state, problems };
}
