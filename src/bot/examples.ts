// The example questions /start offers as buttons and inline mode offers as highlights: one of each kind
// of question the desk answers (when, how much, who, what), short enough to read whole on a phone's
// button (BUTTON_CHARS). Each kind lists a few phrasings; the first one the library actually answers is
// used, so a different library (CORPUS_DIR) loses an example rather than offering a refusal.
import type { Engine } from '../types.js';

/** About what a phone shows of a one-per-row inline button before cutting it off. */
export const BUTTON_CHARS = 30;

export const EXAMPLE_CANDIDATES: Record<'when' | 'how much' | 'who' | 'what', readonly string[]> = {
  when: ['When was the first summit?', 'When was the dialogue launched?'],
  'how much': ['Trade with Uzbekistan in 2023?', 'How big is Japan’s aid?'],
  who: ['Who chaired the summit?', 'Who proposed the dialogue?'],
  what: ['What is Silk Road Diplomacy?', 'What is the 2040 Strategy?'],
};

/** One question of each kind, for warming an engine up (DeskEngine.prepare). */
export const SAMPLE_QUESTIONS: readonly string[] = [
  ...Object.values(EXAMPLE_CANDIDATES).map((p) => p[0]),
  // The kinds the examples leave out. A kind's first question compiles its patterns and code paths (20–30
  // ms at 1,000 articles, against 5 once warm): answered here, while the desk is starting, instead.
  'How many agreements were signed at the forum?',
  'How long has the programme run?',
  'How often do the ministers meet?',
  'Where did the talks take place?',
  'Which companies invest in the region?',
  'Why does Japan support the region?',
  'Tell me about cooperation in education',
];

const chosen = new WeakMap<Engine, string[]>();

/** One answered example per kind, for this engine (worked out once per engine, e.g. after /reload). */
export function examplesFor(engine: Engine): string[] {
  let list = chosen.get(engine);
  if (!list) {
    list = Object.values(EXAMPLE_CANDIDATES).flatMap((phrasings) => {
      const hit = phrasings.find((q) => q.length <= BUTTON_CHARS && engine.answer(q).answered);
      return hit ? [hit] : [];
    });
    chosen.set(engine, list);
  }
  return list;
}
