// Placeholder replaced within the hour by the real engine; the exported API below is stable.
import { chunkArticle } from '../corpus/chunk.js';
import { loadCorpus, type CorpusProblem } from '../corpus/load.js';
import { PassageIndex } from '../search/index.js';
import type { Article, ArticleMeta, Facts, Passage } from '../types.js';

export interface EngineState {
  articles: ArticleMeta[];
  passages: Passage[];
  index: PassageIndex;
  facts: Facts;
}
