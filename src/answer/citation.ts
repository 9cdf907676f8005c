import type { Citation } from '../types.js';

// Built in the library module (the facts extractors build citations too); re-exported for the renderers.
export { citationFor, displaySnippet } from '../library/citation.js';

/** "Title — Source, 2019-05": how a citation's origin reads in every renderer. */
export function describeSource(c: Pick<Citation, 'title' | 'source' | 'date'>): string {
  return [c.title, [c.source, c.date].filter(Boolean).join(', ')].filter(Boolean).join(' — ');
}
