// Text that comes from outside (a corpus file's metadata, a user's question) may carry characters
// nobody sees: bidi controls that reorder what follows (U+202E turns "gpj.exe" into "exe.jpg"),
// zero-width spaces, invisible operators, tag characters. In a title or an echoed question they let
// text look like something it is not, so they are removed before such text is shown.
//
// Kept on purpose: ZWJ and ZWNJ (U+200D, U+200C), which emoji sequences and Persian, Hindi and other
// scripts need, and variation selectors (emoji presentation).

// U+061C Arabic letter mark, U+200E/U+200F LRM/RLM, U+202A–U+202E embeddings and overrides,
// U+2066–U+2069 isolates.
const BIDI = '\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069';
// U+00AD soft hyphen, U+115F/U+1160 Hangul fillers, U+180E Mongolian vowel separator, U+200B zero
// width space, U+2060–U+2064 word joiner and invisible operators, U+206A–U+206F deprecated format
// controls, U+3164 Hangul filler, U+FEFF BOM, U+FFA0 halfwidth filler, U+FFF9–U+FFFB interlinear
// annotation.
const INVISIBLE =
  '\\u00AD\\u115F\\u1160\\u180E\\u200B\\u2060-\\u2064\\u206A-\\u206F\\u3164\\uFEFF\\uFFA0\\uFFF9-\\uFFFB';
// C0 controls but tab, newline and carriage return; DEL; C1 controls.
const CONTROLS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F';

const STRIP = new RegExp(`[${BIDI}${INVISIBLE}${CONTROLS}]|[\\u{E0000}-\\u{E007F}]`, 'gu');

/** Whether `text` holds anything `stripInvisible` would remove. */
export function hasInvisible(text: string): boolean {
  STRIP.lastIndex = 0;
  const found = STRIP.test(text);
  STRIP.lastIndex = 0;
  return found;
}

/** `text` without bidi controls, invisible format characters and control characters (tab and newlines kept). */
export function stripInvisible(text: string): string {
  return text.replace(STRIP, '');
}
