// Reads corpus/<id>.md files: YAML front matter, then a Markdown body with `##` section headings.
// A bad file is reported by name and skipped; the rest of the library still loads. That includes
// what the file system does to a name: a symbolic link that loops or points to nothing, a file that
// cannot be read, a path too long to open. Only an unreadable CORPUS_DIR itself is fatal.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Article, Section } from '../types.js';
import { stripInvisible } from '../text/sanitize.js';
import { collapseSpaces } from './chunk.js';

export class CorpusError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

export interface CorpusProblem {
  file: string;
  message: string;
}

export interface LoadedCorpus {
  articles: Article[];
  problems: CorpusProblem[];
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const ID = /^[a-z0-9][a-z0-9._-]*$/i;
const DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

const utf8 = new TextDecoder('utf-8', { fatal: true });

// The YAML parser is needed only when files are read, not on a start from the index cache.
let yaml: typeof import('yaml') | undefined;
function parseYaml(text: string): unknown {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yaml.parse(text);
}

function optionalText(value: unknown, field: string, file: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || value instanceof Date) {
    // YAML reads `published: 2019` as a number and a full date as a Date; both are meant as text.
    return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  }
  if (typeof value !== 'string') throw new CorpusError(file, `front matter field "${field}" must be text`);
  // Metadata is shown in every citation: a bidi override in a title must not reorder the reply.
  const trimmed = stripInvisible(value).trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A list of lines (`author_info`, `references`): one text is a list of one. */
function optionalTexts(value: unknown, field: string, file: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : [value];
  const texts = items.map((v, i) => optionalText(v, `${field}[${i}]`, file)).filter((t) => t !== undefined);
  return texts.length ? texts : undefined;
}

/** Splits a Markdown body into sections at `##` headings; paragraphs are blocks between blank lines. */
export function parseBody(body: string): Section[] {
  const sections: Section[] = [];
  let current: Section = { paragraphs: [] };
  let block: string[] = [];
  const flush = () => {
    const text = collapseSpaces(block.join(' '));
    if (text) current.paragraphs.push(text);
    block = [];
  };
  const withoutComments = body.replace(/<!--[\s\S]*?-->/g, '');
  for (const line of withoutComments.split(/\r?\n/)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      if (current.heading !== undefined || current.paragraphs.length) sections.push(current);
      current = { heading: heading[1], paragraphs: [] };
    } else if (line.trim() === '') {
      flush();
    } else {
      block.push(line.trim());
    }
  }
  flush();
  if (current.heading !== undefined || current.paragraphs.length) sections.push(current);
  return sections;
}

/** Parses one corpus file's text; throws CorpusError naming the file and what is wrong. */
export function parseArticle(text: string, file: string): Article {
  const match = FRONT_MATTER.exec(text);
  if (!match) throw new CorpusError(file, 'no YAML front matter (the file must start with a "---" block)');
  let meta: unknown;
  try {
    meta = parseYaml(match[1]);
  } catch (err) {
    throw new CorpusError(file, `front matter is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) {
    throw new CorpusError(file, 'front matter must be a mapping of fields');
  }
  const fields = meta as Record<string, unknown>;
  const id = optionalText(fields.id, 'id', file);
  if (!id) throw new CorpusError(file, 'front matter has no "id"');
  if (!ID.test(id)) throw new CorpusError(file, `id "${id}" may hold only letters, digits, ".", "_" and "-"`);
  const title = optionalText(fields.title, 'title', file);
  if (!title) throw new CorpusError(file, 'front matter has no "title"');
  const published = optionalText(fields.published, 'published', file);
  if (published && !DATE.test(published)) {
    throw new CorpusError(file, `"published" must be YYYY, YYYY-MM or YYYY-MM-DD, not "${published}"`);
  }
  const sections = parseBody(text.slice(match[0].length));
  if (!sections.some((s) => s.paragraphs.length > 0))
    throw new CorpusError(file, 'the article body is empty');
  return {
    id,
    title,
    source: optionalText(fields.source, 'source', file),
    author: optionalText(fields.author, 'author', file),
    published,
    url: optionalText(fields.url, 'url', file),
    subtitle: optionalText(fields.subtitle, 'subtitle', file),
    authorInfo: optionalTexts(fields.author_info, 'author_info', file),
    references: optionalTexts(fields.references, 'references', file),
    // The importer marks a title it had to take from the article's first words.
    untitled: fields.title_from === 'lead' || undefined,
    file,
    sections,
  };
}

/** What a file-system error means for a corpus file, in words (the code kept for whoever greps). */
function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ELOOP':
      return 'symbolic link loops back on itself (ELOOP)';
    case 'ENOENT':
      return 'symbolic link points to nothing (dangling link, ENOENT)';
    case 'EACCES':
    case 'EPERM':
      return `not readable: permission denied (${code})`;
    case 'ENAMETOOLONG':
      return 'path too long to open (ENAMETOOLONG)';
    case 'EISDIR':
      return 'is a folder, not a file (EISDIR)';
    default:
      return `cannot be read: ${(err as Error)?.message ?? String(err)}`;
  }
}

/** Reads and parses one file, checking it is UTF-8. */
export function readArticle(file: string): Article {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new CorpusError(file, readFailure(err));
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new CorpusError(file, 'not valid UTF-8 text');
  }
  return parseArticle(text, file);
}

/**
 * Lists the corpus files of a folder in a stable order: `*.md`, not hidden, regular files and
 * symbolic links (never followed here: a bad link is reported when read, not fatal when listed).
 */
export function corpusFiles(dir: string): string[] {
  const root = resolve(dir);
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch (err) {
    throw new CorpusError(root, `corpus folder cannot be read (CORPUS_DIR): ${(err as Error).message}`);
  }
  return entries
    .filter((e) => e.name.endsWith('.md') && !e.name.startsWith('.'))
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => e.name)
    .sort()
    .map((n) => join(root, n));
}

/** The articles of a folder, read one at a time; bad files and duplicate ids land in `problems` and are skipped. */
export function* readArticles(dir: string, problems: CorpusProblem[]): Generator<Article> {
  const seen = new Map<string, string>();
  for (const file of corpusFiles(dir)) {
    try {
      const article = readArticle(file);
      const first = seen.get(article.id);
      if (first) throw new CorpusError(file, `duplicate id "${article.id}" (already used by ${first})`);
      seen.set(article.id, file);
      yield article;
    } catch (err) {
      if (!(err instanceof CorpusError)) throw err;
      problems.push({ file: err.file, message: err.message });
    }
  }
}

/** Loads every article of a folder; bad files land in `problems` and are skipped. */
export function loadCorpus(dir: string): LoadedCorpus {
  const problems: CorpusProblem[] = [];
  const articles = [...readArticles(dir, problems)];
  return { articles, problems };
}
