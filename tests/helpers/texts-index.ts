// A tiny library for tests of question reading: each text one article of one passage, titled "Notes".
import { PassageIndex } from '../../src/search/index.js';
import type { Passage } from '../../src/types.js';

export function indexOfTexts(texts: string[]): PassageIndex {
  const passages: Passage[] = texts.map((text, i) => ({
    id: `a${i}#1`,
    articleId: `a${i}`,
    n: 1,
    text,
    sentences: [text],
  }));
  return PassageIndex.build(passages, new Map(passages.map((p) => [p.articleId, 'Notes'])));
}
