import type { ArticleMeta, Citation, Passage } from '../types.js';

/** A citation of a passage: the snippet shown is verbatim text of that passage. */
export function citationFor(article: ArticleMeta, passage: Passage, snippet: string, n: number): Citation {
  const citation: Citation = { n, articleId: article.id, title: article.title, chunkId: passage.id, snippet };
  if (article.source) citation.source = article.source;
  if (article.published) citation.date = article.published;
  if (article.url) citation.url = article.url;
  return citation;
}

/** "Title — Source, 2019-05": how a citation's origin reads in every renderer. */
export function describeSource(c: Pick<Citation, 'title' | 'source' | 'date'>): string {
  return [c.title, [c.source, c.date].filter(Boolean).join(', ')].filter(Boolean).join(' — ');
}
