// The second thread of a build, beside the index: the builder posts each article's passages as it
// chunks them, this thread stores their texts (the passage store: digests and deflated blocks) and
// extracts the facts of the desk's articles among them (FactsStream, the same code extractFacts runs)
// meanwhile, and hands both back at the end. The main thread never waits for it but at the end, and
// waits synchronously (a shared flag), so building a library stays a synchronous call. The store came
// here from the main thread, which has the larger share: loading, chunking and indexing.
//
// Only where it pays and works: a large corpus, two cores or more, and running from source (the worker
// loads this TypeScript module through the same tsx loader); otherwise the builder does it all in place,
// and should the worker fail, the library is built again in place.
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { isRecordPassage } from '../corpus/record.js';
import { nameWordsOf } from '../facts/entities.js';
import { FactsStream } from '../facts/index.js';
import type { Article, Facts, Passage } from '../types.js';
import { type PassageColumns, PassageStore, PassageStoreBuilder } from './passages.js';

/** Below this many corpus files a second thread costs more to start than it saves. */
export const OFF_THREAD_MIN_FILES = 300;

/** Articles posted to the worker and not yet taken, at most (each holds its passages' text meanwhile). */
const MAX_BACKLOG = 200;

/** Articles posted in one message: posted one by one, 10,000 articles cost the main thread 5–9 s of posting. */
const BATCH = 20;

/** Longest wait for the worker's facts before extracting in place instead (a worker that died). */
const WAIT_MS = 15 * 60_000;

// Plain JavaScript that loads this module through tsx's API (a worker does not inherit the loader), so
// any failure to load is caught and reported on the flag.
const BOOT = `
const { workerData } = require('node:worker_threads');
const flag = new Int32Array(workerData.shared);
Promise.resolve()
  .then(() => import(workerData.tsx))
  .then((tsx) => tsx.tsImport(workerData.module, workerData.module))
  .then((m) => m.serve(workerData.port, flag))
  .catch(() => {
    Atomics.store(flag, 0, 2);
    Atomics.notify(flag, 0);
  });
`;

// A chunked passage's text is its sentences joined by spaces (chunkArticle): it travels once, as those.
interface ArticleMessage {
  article: Article;
  passages: Omit<Passage, 'text'>[];
  /** whether its facts are extracted (the desk's articles only: LibraryBuilder) or its text only stored */
  facts: boolean;
}

/** What the worker hands back: the facts and the store's columns. */
interface Built {
  facts: Facts;
  columns: PassageColumns;
}

/** The store's bytes, moved rather than copied: the arrays that own their buffer (a Buffer may share a pool's). */
function transferables(c: PassageColumns): ArrayBuffer[] {
  const arrays = [
    // a store built in memory (not read from a cache file) holds its blocks in a Buffer
    c.blocks as Buffer,
    c.blockAt,
    c.blockStart,
    c.article,
    c.n,
    c.heading,
    c.start,
    c.bytes,
    c.firstSentence,
    c.sentenceEnds,
    c.articleFirst,
  ];
  const own = arrays.filter((a) => a.byteLength > 0 && a.byteLength === a.buffer.byteLength);
  return [...new Set(own.map((a) => a.buffer as ArrayBuffer))];
}

/**
 * The worker's side: stores and extracts as articles arrive, answers the final message with the facts
 * and the store. Called by BOOT through a dynamic import, which knip cannot follow.
 * @public
 */
export function serve(port: MessagePort, flag: Int32Array): void {
  const store = new PassageStoreBuilder();
  const stream = new FactsStream();
  const texts: { id: string; text: string }[] = [];
  let failed = false;
  const finish = (state: 1 | 2) => {
    Atomics.store(flag, 0, state);
    Atomics.notify(flag, 0);
    port.close();
  };
  port.on('message', (batch: ArticleMessage[] | { done: true }) => {
    if (failed) return;
    try {
      if ('done' in batch) {
        const { columns } = store.done();
        port.postMessage({ facts: stream.done(texts), columns } satisfies Built, transferables(columns));
        finish(1);
        return;
      }
      for (const m of batch) {
        // Fields by name, in chunkArticle's order: a spread per passage cost a second at 10,000 articles.
        const passages: Passage[] = m.passages.map(({ id, articleId, n, heading, sentences }) => ({
          id,
          articleId,
          n,
          heading,
          sentences,
          text: sentences.join(' '),
        }));
        for (const p of passages) store.add(p);
        if (!m.facts) {
          Atomics.add(flag, 1, 1);
          Atomics.notify(flag, 1);
          continue;
        }
        // The record states no events or figures of its own: its dates are the articles'.
        const own = passages.filter((p) => !isRecordPassage(p));
        // Kept for FactsStream.done: what linking names reads of each passage, not its whole text.
        for (const p of own) texts.push({ id: p.id, text: nameWordsOf(p.text) });
        stream.add(m.article, own);
        Atomics.add(flag, 1, 1);
        Atomics.notify(flag, 1);
      }
    } catch {
      failed = true;
      finish(2);
    }
  });
}

const tsxApi = () => import.meta.resolve('tsx/esm/api');

/** The builder's side: `add` each article's passages, `join` for their store and facts. */
export class OffThreadBuild {
  private readonly port: MessagePort;
  private readonly worker: Worker;
  // [0]: 0 working, 1 store and facts posted, 2 failed; [1]: articles the worker has taken
  private readonly shared = new SharedArrayBuffer(8);
  private readonly flag = new Int32Array(this.shared);

  private constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(BOOT, {
      eval: true,
      workerData: { module: import.meta.url, tsx: tsxApi(), port: port2, shared: this.shared },
      transferList: [port2],
    });
    this.worker.unref();
  }

  /** A worker when it can help (see the module's note), else undefined. */
  static start(corpusFiles: number): OffThreadBuild | undefined {
    if (corpusFiles < OFF_THREAD_MIN_FILES || availableParallelism() < 2) return undefined;
    if (!import.meta.url.endsWith('.ts')) return undefined;
    try {
      return new OffThreadBuild();
    } catch {
      return undefined;
    }
  }

  private posted = 0;
  /** Articles added and not yet posted (fewer than BATCH, so the backlog bound is always reachable). */
  private batch: ArticleMessage[] = [];

  add(article: Article, passages: Passage[], facts: boolean): void {
    if (Atomics.load(this.flag, 0) !== 0) return;
    // The fields by name: an object rest (`{ text, ...rest }`) per passage cost a second at 10,000 articles.
    const sent = passages.map(({ id, articleId, n, heading, sentences }) => ({
      id,
      articleId,
      n,
      heading,
      sentences,
    }));
    this.batch.push({ article, passages: sent, facts });
    this.posted++;
    if (this.batch.length >= BATCH) this.flush();
    // Articles posted and not yet taken wait in memory: past a bound, this thread waits for the worker.
    for (;;) {
      const taken = Atomics.load(this.flag, 1);
      if (this.posted - taken <= MAX_BACKLOG || Atomics.load(this.flag, 0) !== 0) break;
      Atomics.wait(this.flag, 1, taken, 1000);
    }
  }

  private flush(): void {
    this.port.postMessage(this.batch);
    this.batch = [];
  }

  /** The store and the facts, or undefined when the worker failed (the caller builds in place). */
  join(): { passages: PassageStore; facts: Facts } | undefined {
    if (Atomics.load(this.flag, 0) === 0) {
      this.flush();
      this.port.postMessage({ done: true });
    }
    const until = Date.now() + WAIT_MS;
    while (Atomics.load(this.flag, 0) === 0 && Date.now() < until) Atomics.wait(this.flag, 0, 0, 1000);
    const ok = Atomics.load(this.flag, 0) === 1;
    const message = ok ? receiveMessageOnPort(this.port) : undefined;
    this.port.close();
    // Its heap (what it extracted from, a few hundred MB at 10,000 articles) is freed now, not at exit:
    // the cache is written next, and the build's peak memory is then.
    void this.worker.terminate();
    if (!message) return undefined;
    const { facts, columns } = message.message as Built;
    // A Buffer arrives as a plain Uint8Array: made a Buffer again over the same bytes, as the store makes it.
    const blocks = columns.blocks as unknown as Uint8Array;
    const passages = new PassageStore({
      ...columns,
      blocks: Buffer.from(blocks.buffer, blocks.byteOffset, blocks.byteLength),
    });
    return { passages, facts };
  }
}
