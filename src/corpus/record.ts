// The article's own record — title, author, the author's position, outlet, publication date and
// reference list — as passages of the article, so "who wrote…", "when was the UzDaily piece
// published?" or "which sources does it cite?" are answered and cited like any other quote.
// The record is what the loader read from the front matter, the only place it is stated.
import type { Article, ArticleMeta, Passage } from '../types.js';

/** Headings of the record passages: they mark a passage as the record, whatever else it carries. */
export const RECORD_HEADING = 'About this article';
export const REFERENCES_HEADING = 'References of this article';

const MAX_RECORD_WORDS = 120;

export function isRecordPassage(p: Pick<Passage, 'heading'>): boolean {
  return p.heading === RECORD_HEADING || p.heading === REFERENCES_HEADING;
}

/** Front-matter fields beyond ArticleMeta that the record uses. */
export interface RecordFields {
  subtitle?: string;
  authorInfo?: string[];
  references?: string[];
  /** The title was taken from the article's first words: the article has none of its own. */
  untitled?: boolean;
}

/** The record fields of an article, as the loader read them from its front matter. */
export function recordFields(article: ArticleMeta): RecordFields {
  return {
    subtitle: article.subtitle,
    authorInfo: article.authorInfo,
    references: article.references,
    untitled: article.untitled || /(?:…|\.\.\.)$/.test(article.title),
  };
}

/** "Deputy Director, Institute …" lines joined to the name line they continue. */
function authorLines(info: string[]): string[] {
  const out: string[] = [];
  for (const raw of info) {
    const line = raw.trim();
    const last = out.length - 1;
    if (last >= 0 && /,$/.test(out[last])) out[last] = `${out[last]} ${line}`;
    else out.push(line);
  }
  return out.map((l) => l.replace(/,$/, ''));
}

/** Record passages of an article, numbered on from `next`. */
export function recordPassages(article: Article, next: number): Passage[] {
  const f = recordFields(article);
  const sentences: string[] = [];
  sentences.push(
    f.untitled
      ? 'Title: none; the article has no title of its own.'
      : `Title: “${article.title}”${f.subtitle ? ` — ${f.subtitle}` : ''}.`,
  );
  if (article.author) {
    const several = /,| and /.test(article.author);
    sentences.push(`${several ? 'Authors' : 'Author'}: written by ${article.author}.`);
  }
  const where = [
    article.source && `published by ${article.source}`,
    article.published && `published ${article.published}`,
  ]
    .filter(Boolean)
    .join('; ');
  if (where) sentences.push(`Outlet and date: ${where}.`);
  for (const line of authorLines(f.authorInfo ?? []))
    sentences.push(`About the author: ${line.replace(/^By\s+/i, '')}`);
  const out: Passage[] = [
    {
      id: `${article.id}#${next}`,
      articleId: article.id,
      n: next,
      heading: RECORD_HEADING,
      text: sentences.join(' '),
      sentences,
    },
  ];
  const refs = (f.references ?? []).map((r) => r.trim()).filter(Boolean);
  // A long list is cut into passages a phone screen holds, whole references each.
  let run: string[] = [];
  let words = 0;
  const flush = () => {
    if (!run.length) return;
    const n = next + out.length;
    out.push({
      id: `${article.id}#${n}`,
      articleId: article.id,
      n,
      heading: REFERENCES_HEADING,
      text: run.join(' '),
      sentences: run,
    });
    run = [];
    words = 0;
  };
  for (const r of refs) {
    const w = r.split(/\s+/).length;
    if (run.length && words + w > MAX_RECORD_WORDS) flush();
    run.push(r);
    words += w;
  }
  flush();
  return out;
}
