// The index cache moved to src/library/ (cache.ts and cache/): the library pipeline owns it. Re-exported
// here for callers that still import it from the search module.
export * from '../library/cache.js';
