// Worker threads here run plain JavaScript given as text (no loader: they start faster), part of it the
// source of functions of these modules (`fn.toString()`), which take what they use as arguments.

/**
 * Put before such source: tsx compiles with esbuild's keepNames, which wraps a function given a name by
 * assignment in `__name(…)`, a helper of the module's own that the worker lacks. Here it is a no-op, as
 * that helper is for stack traces only.
 */
export const WORKER_NAME_SHIM = 'var __name = globalThis.__name || ((fn) => fn);';
