// The real-text corpora: 9,995 distinct documents (free-software manuals) from an archive kept outside
// the repository, unpacked into a temporary folder, plus the five bundled articles. Two libraries are
// made of them, as symlink folders: 1,000 (the 995 of the subset list and the bundled five) and 10,000.
// Also the questions ordinary readers of those documents would ask, made from their own titles and
// headings, so latency is measured on questions about the other documents, not only Central Asia.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { prng } from './synth.js';

export interface RealtextCorpora {
  /** Where the archive was unpacked (a temporary folder, removed by the caller). */
  root: string;
  dirs: { '1000': string; '10000': string };
}

/** The archive's path: the option, else BENCH_REALTEXT, else ../shared/bench/ beside the repository. */
export function realtextArchive(home: string, option?: string): string | undefined {
  const candidates = [
    option,
    process.env.BENCH_REALTEXT,
    join(home, '..', 'shared', 'bench', 'realtext-9995.tar.gz'),
  ];
  for (const c of candidates) if (c && existsSync(c)) return resolve(c);
  return undefined;
}

function corpusFilesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md') && !e.name.startsWith('.'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Unpacks the archive (outside the repository) and lays out the 1,000 and 10,000 libraries. */
export function unpackRealtext(archive: string, bundledDir: string, subsetList?: string): RealtextCorpora {
  const root = mkdtempSync(join(tmpdir(), 'dd-realtext-'));
  const unpacked = join(root, 'unpacked');
  mkdirSync(unpacked);
  const r = spawnSync('tar', ['-xzf', archive, '-C', unpacked], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar -xzf ${archive} failed: ${r.stderr}`);
  const files = corpusFilesIn(unpacked);
  const list = subsetList ?? join(dirname(archive), 'realtext-subset-995.txt');
  const subset = existsSync(list)
    ? new Set(
        readFileSync(list, 'utf8')
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      )
    : undefined;
  const bundled = corpusFilesIn(bundledDir);
  const link = (dir: string, chosen: string[]) => {
    mkdirSync(dir);
    for (const f of [...chosen, ...bundled]) symlinkSync(f, join(dir, basename(f)));
    return dir;
  };
  // Without the list, the first 995 in name order stand in for it (said so by the count in the report).
  const small = subset ? files.filter((f) => subset.has(basename(f))) : files.slice(0, 995);
  return {
    root,
    dirs: { '1000': link(join(root, '1000'), small), '10000': link(join(root, '10000'), files) },
  };
}

const front = (text: string, key: string) =>
  new RegExp(`^${key}:\\s*"?(.*?)"?\\s*$`, 'm').exec(text.slice(0, 2000))?.[1]?.replace(/\\"/g, '"');

// Heading numbers ("14.2.1."), and headings that name no topic of their own.
const NUMBERING = /^(?:[\dA-Z]+\.)+\d*\s*|^\d+\s+/;
const EMPTY_HEADINGS =
  /^(?:options?|output|bugs|notes?|warning:?|important|tips|examples?|see also|description|synopsis|overview|introduction|summary|more information|related.*|usage|syntax|default|context|status|module|compatibility|references?)$/i;

const TEMPLATES = [
  (t: string) => `What is ${t}?`,
  (t: string) => `How do I use ${t}?`,
  (t: string) => `Tell me about ${t}`,
  (t: string) => `How does ${t} work?`,
  (t: string) => `${t}`,
  (t: string) => `What should I know about ${t.toLowerCase()}?`,
];

/**
 * `count` questions about the library's non-bundled documents, from their titles and headings, spread
 * over the whole library (a fixed-seed draw: the same folder gives the same questions).
 */
export function headingQuestions(
  dir: string,
  count: number,
  seed = 11,
  skip?: (file: string) => boolean,
): string[] {
  const rand = prng(seed);
  const files = readdirSync(dir)
    .filter((n) => n.endsWith('.md') && !(skip?.(n) ?? false))
    .sort();
  const out: string[] = [];
  for (let tries = 0; out.length < count && tries < count * 20 && files.length; tries++) {
    const text = readFileSync(join(dir, files[Math.floor(rand() * files.length)]), 'utf8');
    const topics = [front(text, 'title'), ...[...text.matchAll(/^##\s+(.+)$/gm)].map((m) => m[1])]
      .filter((t): t is string => !!t)
      .map((t) =>
        t
          .replace(NUMBERING, '')
          .replace(/\s*\((?:continued|part \d+)\)\s*$/i, '')
          .replace(/[:.]+$/, '')
          .trim(),
      )
      .filter((t) => t.length >= 4 && t.length <= 80 && !EMPTY_HEADINGS.test(t));
    if (!topics.length) continue;
    const topic = topics[Math.floor(rand() * topics.length)];
    out.push(TEMPLATES[Math.floor(rand() * TEMPLATES.length)](topic));
  }
  return out;
}
