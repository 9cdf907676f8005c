// `npm run import -- FILE [--id ID] [--out DIR] [--title T] [--source S] [--author A]
//                        [--published YYYY[-MM[-DD]]] [--url URL] [--note FIELD=WHY]... [--force] [--dry-run]`
//
// Turns a raw article pasted from a web page into `corpus/<id>.md`. Metadata read from the text can
// be set or corrected by hand after review with the flags; everything the cleaner is unsure about
// is printed on stderr so the reviewer knows where to look.

import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  CleanError,
  cleanRawArticle,
  decodeUtf8,
  ID_MAX,
  toCorpusFile,
  type FieldNotes,
} from '../corpus/clean.js';
import { hasInvisible } from '../text/sanitize.js';
import type { ArticleMeta } from '../types.js';

const USAGE =
  'usage: npm run import -- FILE [--id ID] [--out DIR] [--title T] [--source S] [--author A]\n' +
  '                          [--published YYYY[-MM[-DD]]] [--url URL] [--note FIELD=WHY]... [--force] [--dry-run]\n' +
  '  --note FIELD=WHY  records why a field was set on review, as a YAML comment above it (repeatable)\n' +
  '  --help            prints this';

/** A problem the user can fix; printed without a stack trace. */
export class ImportError extends Error {}

/** `--help`: the usage goes to stdout and the command succeeds. */
export class HelpRequested extends Error {}

export interface ImportOptions {
  file: string;
  outDir: string;
  force: boolean;
  dryRun: boolean;
  overrides: Partial<ArticleMeta>;
  notes: FieldNotes;
}

export interface ImportOutcome {
  /** Where the file was (or, with --dry-run, would be) written. */
  target: string;
  content: string;
  status: 'written' | 'unchanged' | 'dry-run';
  warnings: string[];
  dateHints: string[];
}

export function parseImportArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ImportOptions {
  const parse = () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        id: { type: 'string' },
        out: { type: 'string' },
        title: { type: 'string' },
        source: { type: 'string' },
        author: { type: 'string' },
        published: { type: 'string' },
        note: { type: 'string', multiple: true },
        url: { type: 'string' },
        force: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (err) {
    throw new ImportError(`${(err as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new HelpRequested(USAGE);
  if (positionals.length !== 1)
    throw new ImportError(
      `expected exactly one FILE, got ${positionals.length ? positionals.map((p) => `"${p}"`).join(' ') : 'none'}\n${USAGE}`,
    );
  if (positionals[0].trim() === '') throw new ImportError(`FILE is empty\n${USAGE}`);

  const overrides: Partial<ArticleMeta> = {};
  for (const key of ['id', 'title', 'source', 'author', 'published', 'url'] as const) {
    const raw = values[key];
    if (raw === undefined) continue;
    const value = raw.trim();
    if (!value) throw new ImportError(`--${key} is empty; leave it out to keep what the text says`);
    // What is typed here is shown in every citation: no control, direction or invisible characters.
    if (hasInvisible(value) || /[\r\n]/.test(value))
      throw new ImportError(`--${key} holds a line break or an invisible or control character`);
    overrides[key] = value;
  }
  if (values.out !== undefined && values.out.trim() === '') throw new ImportError('--out is empty');
  validateOverrides(overrides);
  return {
    file: positionals[0],
    outDir: values.out ?? env.CORPUS_DIR ?? 'corpus',
    force: values.force ?? false,
    dryRun: values['dry-run'] ?? false,
    overrides,
    notes: parseNotes(values.note ?? [], overrides),
  };
}

const NOTABLE_FIELDS = ['title', 'source', 'author', 'published', 'url'] as const;

function parseNotes(raw: string[], overrides: Partial<ArticleMeta>): FieldNotes {
  const notes: FieldNotes = {};
  for (const item of raw) {
    const m = /^(\w+)=(.+)$/s.exec(item);
    const field = m?.[1] as (typeof NOTABLE_FIELDS)[number] | undefined;
    if (!m || !field || !NOTABLE_FIELDS.includes(field)) {
      throw new ImportError(
        `--note takes FIELD=WHY with FIELD one of ${NOTABLE_FIELDS.join(', ')}, got "${item}"`,
      );
    }
    // A note explains a value set by hand; without the value it would explain nothing.
    if (overrides[field] === undefined) throw new ImportError(`--note ${field}=… needs --${field} as well`);
    notes[field] = m[2].trim();
  }
  return notes;
}

function validateOverrides(o: Partial<ArticleMeta>): void {
  // The id is used in citations and as a file name: keep it to what slugify would produce, and short
  // enough for any file system (a 300-character id used to end in an uncaught ENAMETOOLONG).
  if (o.id !== undefined && o.id.length > ID_MAX) {
    throw new ImportError(
      `--id is ${o.id.length} characters long; at most ${ID_MAX} (it names the file corpus/<id>.md)`,
    );
  }
  if (o.id !== undefined && !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(o.id)) {
    throw new ImportError(`--id must be lowercase ascii words joined by hyphens, got "${o.id}"`);
  }
  if (o.published !== undefined && !isPartialDate(o.published)) {
    throw new ImportError(`--published must be YYYY, YYYY-MM or YYYY-MM-DD, got "${o.published}"`);
  }
  if (o.url !== undefined && !/^https?:\/\/\S+$/.test(o.url)) {
    throw new ImportError(`--url must be an http(s) address, got "${o.url}"`);
  }
}

function isPartialDate(value: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!m) return false;
  const [, y, mo, d] = m;
  if (mo !== undefined && (+mo < 1 || +mo > 12)) return false;
  if (d !== undefined && (+d < 1 || +d > new Date(Date.UTC(+y, +mo, 0)).getUTCDate())) return false;
  return true;
}

/** Why writing the corpus file failed, in words that name the flag to change. */
function writeFailure(e: NodeJS.ErrnoException, outDir: string): string {
  if (e.syscall === 'mkdir' || e.code === 'ENOTDIR')
    return `cannot be written: --out ${outDir} is not a folder`;
  if (e.code === 'EEXIST') return 'was written by another import meanwhile; pass --force to replace it';
  if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS')
    return `cannot be written: --out ${outDir} is not writable (${e.code})`;
  if (e.code === 'ENAMETOOLONG')
    return 'cannot be written: the path is too long for this file system; choose a shorter --out';
  return `cannot be written: ${e.message}`;
}

export function importFile(opts: ImportOptions): ImportOutcome {
  const { file } = opts;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new ImportError(`${file}: cannot read: ${(err as Error).message}`);
  }
  let cleaned: ReturnType<typeof cleanRawArticle>;
  try {
    cleaned = cleanRawArticle(decodeUtf8(bytes), { overrides: opts.overrides, notes: opts.notes });
  } catch (err) {
    if (err instanceof CleanError) throw new ImportError(`${file}: ${err.message}`);
    throw err;
  }
  const content = toCorpusFile(cleaned.meta, cleaned.body, cleaned.notes);
  const target = path.join(opts.outDir, `${cleaned.meta.id}.md`);
  const base = { target, content, warnings: cleaned.warnings, dateHints: cleaned.dateHints };
  if (opts.dryRun) return { ...base, status: 'dry-run' };

  try {
    if (existsSync(target) && !opts.force) {
      if (readFileSync(target, 'utf8') === content) return { ...base, status: 'unchanged' };
      throw new ImportError(
        `${file}: ${target} already exists with other content; pass --force to replace it`,
      );
    }
    mkdirSync(opts.outDir, { recursive: true });
    // 'wx' makes the existence check race-free when another import writes the same id meanwhile.
    writeFileSync(target, content, { encoding: 'utf8', flag: opts.force ? 'w' : 'wx' });
  } catch (err) {
    if (err instanceof ImportError) throw err;
    const why = writeFailure(err as NodeJS.ErrnoException, opts.outDir);
    throw new ImportError(`${file}: ${target} ${why}`);
  }
  return { ...base, status: 'written' };
}

function main(argv: string[]): number {
  try {
    const opts = parseImportArgs(argv);
    const outcome = importFile(opts);
    for (const w of outcome.warnings) process.stderr.write(`warning: ${w}\n`);
    for (const h of outcome.dateHints) process.stderr.write(`date hint: ${h}\n`);
    if (outcome.status === 'dry-run') process.stdout.write(outcome.content);
    else process.stdout.write(`${outcome.status}: ${outcome.target}\n`);
    return 0;
  } catch (err) {
    if (err instanceof HelpRequested) {
      process.stdout.write(`${err.message}\n`);
      return 0;
    }
    if (err instanceof ImportError) {
      process.stderr.write(`import: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
