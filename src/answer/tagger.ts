// Part-of-speech tags for a question's words, from compromise. Loading compromise's tagger takes 200–400
// ms, which the first question with an unfamiliar word would wait for. So a process that will answer
// questions calls `startTagger` as it starts: compromise loads on a second thread while this one reads
// the library, and a question's words are then tagged there, the call waiting synchronously (a shared
// flag) for the reply, which takes a millisecond. Without a worker (it failed to start, died, or was never
// started), compromise loads in this thread on first use, as before.
import { createRequire } from 'node:module';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

export interface TaggedTerm {
  normal: string;
  tags: string[];
}

type Nlp = (text: string) => { terms(): { json(): { terms: TaggedTerm[] }[] } };

/** Longest wait for the worker's reply (its first includes loading compromise) before tagging here. */
const WAIT_MS = 5000;

// Plain JavaScript (no TypeScript loader in a worker): compromise loads, then every message is a text to
// tag. The flag is bumped after each reply is posted; -1 tells the caller the worker failed.
const BOOT = `
const { workerData } = require('node:worker_threads');
const flag = new Int32Array(workerData.shared);
const port = workerData.port;
try {
  const nlp = require(workerData.compromise);
  // The first tagging compiles the tagger's code: done here, before any question waits for it.
  nlp('Who said what in Tokyo on 1 May 2024, and why did they agree?').terms().json();
  port.on('message', (text) => {
    let terms = null;
    try {
      terms = nlp(text).terms().json().map((t) => t.terms[0]).filter(Boolean).map((t) => ({ normal: t.normal, tags: t.tags }));
    } catch {}
    port.postMessage(terms);
    Atomics.add(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
} catch {
  Atomics.store(flag, 0, -1);
  Atomics.notify(flag, 0);
}
`;

let local: Nlp | undefined;
let worker: { port: MessagePort; flag: Int32Array } | undefined;

const compromisePath = () => createRequire(import.meta.url).resolve('compromise');

/** Starts loading the tagger on a second thread (once; later calls do nothing). */
export function startTagger(): void {
  if (worker || local) return;
  try {
    const shared = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const w = new Worker(BOOT, {
      eval: true,
      workerData: { compromise: compromisePath(), port: port2, shared },
      transferList: [port2],
    });
    // The process ends when its work does, whatever the tagger is doing.
    w.unref();
    port1.unref();
    w.on('error', () => {
      worker = undefined;
    });
    worker = { port: port1, flag: new Int32Array(shared) };
  } catch {
    worker = undefined;
  }
}

function tagHere(text: string): TaggedTerm[] {
  local ??= createRequire(import.meta.url)('compromise') as Nlp;
  const out: TaggedTerm[] = [];
  for (const t of local(text).terms().json())
    if (t.terms[0]) out.push({ normal: t.terms[0].normal, tags: t.terms[0].tags });
  return out;
}

/** Whether words are tagged on the tagger's thread (else in this one). */
export function taggerThread(): boolean {
  return worker !== undefined && !local;
}

function tagThere(w: { port: MessagePort; flag: Int32Array }, text: string): TaggedTerm[] | undefined {
  const before = Atomics.load(w.flag, 0);
  if (before < 0) return undefined;
  w.port.postMessage(text);
  const until = Date.now() + WAIT_MS;
  while (Atomics.load(w.flag, 0) === before && Date.now() < until)
    Atomics.wait(w.flag, 0, before, until - Date.now());
  const reply = receiveMessageOnPort(w.port);
  return (reply?.message as TaggedTerm[] | null | undefined) ?? undefined;
}

/** The text's words, each with its compromise tags. */
export function tagWords(text: string): TaggedTerm[] {
  if (worker && !local) {
    const tagged = tagThere(worker, text);
    if (tagged) return tagged;
    // Failed or too slow: from now on, tag here (a reply arriving late is never read).
    worker.port.close();
    worker = undefined;
  }
  return tagHere(text);
}
