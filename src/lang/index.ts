// The languages the desk reads: one call for the engine. A Russian or Uzbek question becomes the English
// question the engine answers (quotes stay English); an English one passes through unchanged.
import { analyze } from '../search/analyzer.js';
import type { ArticleMeta, Passage } from '../types.js';
import { type NameMatcher, namesOf } from './names.js';
import { type EnglishQuestion, toEnglishFilter, toEnglishQuestion } from './question.js';

interface Library {
  passages: Iterable<Passage>;
  /** Titles, authors and sources name people the text may not. */
  articles?: ArticleMeta[];
  index?: { vocab: { df: Pick<Map<string, number>, 'has'> } };
}

/** Every name the library writes: its passages and its articles' titles, authors and sources. */
export function libraryNames(library: Library): NameMatcher {
  return namesOf(library, function* () {
    for (const p of library.passages) yield p.text;
    for (const a of library.articles ?? []) yield [a.title, a.author, a.source].filter(Boolean).join(' . ');
  });
}

/** The question in English words, with the library's own names (read from it once). */
export function readQuestion(question: string, library: Library, lang?: string): EnglishQuestion {
  const df = library.index?.vocab.df;
  return toEnglishQuestion(question, {
    lang,
    names: () => libraryNames(library),
    // Of a glossary entry's translations, the one the library uses.
    known: df && ((english) => analyze(english).every((t) => df.has(t))),
  });
}

/** A /timeline or /figures filter in English words (names as the library spells them). */
export function readFilter(filter: string | undefined, library: Library): string | undefined {
  if (!filter?.trim()) return filter;
  return toEnglishFilter(filter, { names: () => libraryNames(library) });
}
