// How a passage is cited. Shared by the answering code and the facts extractors, which build citations at
// index time: here, below both, so neither imports the other.
import type { ArticleMeta, Citation, Passage } from '../types.js';

/** A citation of a passage: the snippet shown is verbatim text of that passage. */
export function citationFor(
  article: ArticleMeta,
  passage: Pick<Passage, 'id'>,
  snippet: string,
  n: number,
): Citation {
  const citation: Citation = { n, articleId: article.id, title: article.title, chunkId: passage.id, snippet };
  if (article.source) citation.source = article.source;
  if (article.published) citation.date = article.published;
  if (article.url) citation.url = article.url;
  return citation;
}
