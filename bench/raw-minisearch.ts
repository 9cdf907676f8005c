// The baseline: MiniSearch with default options over the paragraphs of a corpus folder, nothing else.
// As a process it answers one question per stdin line, as `npm run ask -- --json` does, printing the top
// three paragraphs as a JSON line:
//
//   node --import tsx bench/raw-minisearch.ts [--stop-words] CORPUS_DIR < questions.txt
//
// The corpus files are read with the least work that finds their paragraphs (front matter cut, headings
// and comments skipped, blank lines split), so the baseline is not slowed by our loader.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import { ENGLISH_STOP_WORDS } from './stop-words.js';

export interface RawDoc {
  id: number;
  file: string;
  text: string;
}

/** The body paragraphs of one corpus file. */
export function paragraphsOf(source: string): string[] {
  const body = source
    .replace(/^\uFEFF?---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  return body
    .split(/\r?\n[ \t]*\r?\n/)
    .map((block) =>
      block
        .split(/\r?\n/)
        .filter((line) => !/^#{1,6}\s/.test(line))
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean);
}

/** Every paragraph of every `*.md` file of the folder, one document each. */
export function rawDocs(dir: string): RawDoc[] {
  const docs: RawDoc[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.md') && !n.startsWith('.'))
    .sort()) {
    for (const text of paragraphsOf(readFileSync(join(dir, name), 'utf8')))
      docs.push({ id: docs.length, file: name, text });
  }
  return docs;
}

/** MiniSearch's default term processing with English stop words dropped (null drops a term). */
const dropStopWords = (term: string) => {
  const t = term.toLowerCase();
  return ENGLISH_STOP_WORDS.has(t) ? null : t;
};

/**
 * MiniSearch exactly as its README starts: one field, every option at its default; with `stopWords`, the
 * one option a competent user adds, an English stop-word list in `processTerm`.
 */
export function rawIndex(docs: RawDoc[], opts: { stopWords?: boolean } = {}): MiniSearch<RawDoc> {
  const ms = new MiniSearch<RawDoc>(
    opts.stopWords ? { fields: ['text'], processTerm: dropStopWords } : { fields: ['text'] },
  );
  ms.addAll(docs);
  return ms;
}

async function main(argv: string[]): Promise<void> {
  const stopWords = argv.includes('--stop-words');
  const dir = argv.find((a) => !a.startsWith('--'));
  if (!dir) {
    process.stderr.write(
      'usage: node --import tsx bench/raw-minisearch.ts [--stop-words] CORPUS_DIR < questions.txt\n',
    );
    process.exitCode = 2;
    return;
  }
  const docs = rawDocs(dir);
  const ms = rawIndex(docs, { stopWords });
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    const hits = ms
      .search(line)
      .slice(0, 3)
      .map((r) => ({ id: r.id, score: r.score, file: docs[r.id].file, text: docs[r.id].text }));
    process.stdout.write(`${JSON.stringify({ query: line, hits })}\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  void main(process.argv.slice(2));
