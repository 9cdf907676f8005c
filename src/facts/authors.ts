// Article authors as people: the front matter's `author` names them and `author_info` gives their posts
// ("Deputy Director, Institute for …"), which the loader keeps on the article; cited by naming the article.
import type { Article, ArticleMeta } from '../types.js';

export interface Authorship {
  articleId: string;
  title: string;
  source?: string;
  date?: string;
  /** The post the article states, verbatim but for list punctuation. */
  post?: string;
}

export interface Author {
  name: string;
  authorship: Authorship;
}

function infoLines(article: ArticleMeta): string[] {
  return article.authorInfo ?? [];
}

const clean = (line: string) =>
  line
    .replace(/^By\s+(?:Dr\.\s+|Mr\.\s+|Ms\.\s+)?/i, '')
    .replace(/[,;]\s*$/, '')
    .trim();

/** The authors an article names, each with the post its front matter gives them. */
export function authorsOf(article: Article): Author[] {
  if (!article.author) return [];
  const names = article.author
    .split(/\s*,\s*|\s+and\s+|\s*;\s*/)
    .map((n) => n.trim())
    .filter((n) => /^[A-Z][\p{L}'’.-]+(?:\s+[A-Z][\p{L}'’.-]+)+$/u.test(n));
  const lines = infoLines(article);
  return names.map((name) => {
    const authorship: Authorship = { articleId: article.id, title: article.title };
    if (article.source) authorship.source = article.source;
    if (article.published) authorship.date = article.published;
    // the lines after the one naming the author, up to the next author's
    const at = lines.findIndex((l) => l.includes(name));
    const next = lines.findIndex((l, i) => i > at && names.some((n) => n !== name && l.includes(n)));
    const own = at < 0 ? (names.length === 1 ? lines : []) : lines.slice(at, next < 0 ? undefined : next);
    const parts: string[] = [];
    for (const line of own) {
      // "X is currently a Ph.D. Student at …. From 2005-2017, he worked at …": what the sentence says X is
      const is = new RegExp(
        `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(?:is|was)\\s+(.*?[a-z]{3,})\\.(?:\\s|$)`,
      ).exec(line);
      if (is) parts.push(is[1].replace(/^(?:currently|now)\s+/, '').replace(/^an?\s+/, ''));
      else if (!line.includes(name)) parts.push(clean(line));
    }
    const post = parts.filter(Boolean).join(', ');
    if (post) authorship.post = post;
    return { name, authorship };
  });
}
