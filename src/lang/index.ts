// The languages the desk reads: one call for the engine. A Russian or Uzbek question becomes the English
// question the engine answers (quotes stay English); an English one passes through unchanged.
import { analyze } from '../search/analyzer.js';
import type { Passage } from '../types.js';
import { namesOf } from './names.js';
import { type EnglishQuestion, toEnglishFilter, toEnglishQuestion } from './question.js';

/** The question in English words, with the library's own names (read from its passages once). */
export function readQuestion(
  question: string,
  library: { passages: Passage[]; index?: { vocab: { df: Map<string, number> } } },
  lang?: string,
): EnglishQuestion {
  const df = library.index?.vocab.df;
  return toEnglishQuestion(question, {
    lang,
    names: () => namesOf(library, () => library.passages.map((p) => p.text)),
    // Of a glossary entry's translations, the one the library uses.
    known: df && ((english) => analyze(english).every((t) => df.has(t))),
  });
}

/** A /timeline or /figures filter in English words (names as the library spells them). */
export function readFilter(filter: string | undefined, library: { passages: Passage[] }): string | undefined {
  if (!filter?.trim()) return filter;
  return toEnglishFilter(filter, {
    names: () => namesOf(library, () => library.passages.map((p) => p.text)),
  });
}
