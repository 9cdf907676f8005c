// A string cut from a larger one (13 characters or more) is kept by V8 as a view of it: the whole text it
// was cut from stays alive as long as the piece does. What is kept beyond the text's own life is copied.

/** The string as a copy of its own when it could be a view of a larger one. */
export function ownString(s: string): string {
  return s.length >= 13 ? ` ${s}`.slice(1) : s;
}
