// How a passage is cited. Shared by the answering code and the facts extractors, which build citations at
// index time: here, below both, so neither imports the other.
import type { ArticleMeta, Citation, Passage } from '../types.js';

// The source's own footnote markers ("…framework.[10]") read like the bot's citation numbers: they
// are left out of what is shown, the words around them untouched.
const FOOTNOTE = /\s?\[\d{1,3}(?:[,–-]\s?\d{1,3})*\](?!\()/g;

/** A snippet as shown: verbatim, without the source's footnote markers. */
export function displaySnippet(snippet: string): string {
  return snippet.replace(FOOTNOTE, '');
}

/** An article whose title was made from its first words (cut off with an ellipsis) has none of its own. */
export function isUntitled(article: Pick<ArticleMeta, 'title'>): boolean {
  return /(?:…|\.\.\.)\s*$/.test(article.title);
}

export const UNTITLED_LABEL = 'Untitled article';

/** How an article is named in a citation: its title, or a label saying it has none. */
export function citedTitle(article: Pick<ArticleMeta, 'title'>): string {
  return isUntitled(article) ? UNTITLED_LABEL : article.title;
}

/** A citation of a passage: the snippet shown is verbatim text of that passage. */
export function citationFor(
  article: ArticleMeta,
  passage: Pick<Passage, 'id'>,
  snippet: string,
  n: number,
): Citation {
  const citation: Citation = {
    n,
    articleId: article.id,
    title: citedTitle(article),
    chunkId: passage.id,
    snippet: displaySnippet(snippet),
  };
  if (article.source) citation.source = article.source;
  if (article.published) citation.date = article.published;
  if (article.url) citation.url = article.url;
  return citation;
}
