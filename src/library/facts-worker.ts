// Facts extraction on a second thread, beside the index build: the builder posts each article's passages
// as it chunks them, this thread extracts their facts meanwhile (FactsStream, the same code extractFacts
// runs) and hands the facts back at the end. The main thread never waits for the extraction but at the
// end, and waits synchronously (a shared flag), so building a library stays a synchronous call.
//
// Only where it pays and works: a large corpus, two cores or more, and running from source (the worker
// loads this TypeScript module through the same tsx loader); otherwise, or should the worker fail, the
// builder extracts in place, as before.
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { nameWordsOf } from '../facts/entities.js';
import { FactsStream } from '../facts/index.js';
import type { Article, Facts, Passage } from '../types.js';

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
}

/**
 * The worker's side: extracts as articles arrive, answers the final message with the facts. Called by
 * BOOT through a dynamic import, which knip cannot follow.
 * @public
 */
export function serve(port: MessagePort, flag: Int32Array): void {
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
        port.postMessage(stream.done(texts));
        finish(1);
        return;
      }
      for (const m of batch) {
        // Kept for FactsStream.done: what linking names reads of each passage, not its whole text.
        const passages: Passage[] = m.passages.map((p) => ({ ...p, text: p.sentences.join(' ') }));
        for (const p of passages) texts.push({ id: p.id, text: nameWordsOf(p.text) });
        stream.add(m.article, passages);
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

/** The builder's side: `add` each article's passages (record passages left out), `join` for the facts. */
export class OffThreadFacts {
  private readonly port: MessagePort;
  // [0]: 0 extracting, 1 facts posted, 2 failed; [1]: articles the worker has taken
  private readonly shared = new SharedArrayBuffer(8);
  private readonly flag = new Int32Array(this.shared);

  private constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: { module: import.meta.url, tsx: tsxApi(), port: port2, shared: this.shared },
      transferList: [port2],
    });
    worker.unref();
  }

  /** A worker when it can help (see the module's note), else undefined. */
  static start(corpusFiles: number): OffThreadFacts | undefined {
    if (corpusFiles < OFF_THREAD_MIN_FILES || availableParallelism() < 2) return undefined;
    if (!import.meta.url.endsWith('.ts')) return undefined;
    try {
      return new OffThreadFacts();
    } catch {
      return undefined;
    }
  }

  private posted = 0;
  /** Articles added and not yet posted (fewer than BATCH, so the backlog bound is always reachable). */
  private batch: ArticleMessage[] = [];

  add(article: Article, passages: Passage[]): void {
    if (Atomics.load(this.flag, 0) !== 0) return;
    this.batch.push({ article, passages: passages.map(({ text: _text, ...rest }) => rest) });
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

  /** The facts, or undefined when the worker failed (the caller extracts in place). */
  join(): Facts | undefined {
    if (Atomics.load(this.flag, 0) === 0) {
      this.flush();
      this.port.postMessage({ done: true });
    }
    const until = Date.now() + WAIT_MS;
    while (Atomics.load(this.flag, 0) === 0 && Date.now() < until) Atomics.wait(this.flag, 0, 0, 1000);
    const ok = Atomics.load(this.flag, 0) === 1;
    const message = ok ? receiveMessageOnPort(this.port) : undefined;
    this.port.close();
    return message?.message as Facts | undefined;
  }
}
