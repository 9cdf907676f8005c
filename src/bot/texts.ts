// The bot's own words: notices, prompts and button labels, by name. The wording itself lives in
// locales/*.ftl (TEXT.askPromptPrivate is "text-ask-prompt-private", LABEL.allEvents "label-all-events");
// `textsOf(words)` and `labelsOf(words)` give them in one language.
import { labelKey, textKey, type Words } from './i18n.js';

export function textsOf(w: Words) {
  const t = (name: string, vars?: Record<string, string | number>) => w.t(textKey(name), vars);
  return {
    notAQuestion: t('notAQuestion'),
    notWords: t('notWords'),
    tooLong: (length: number, most: number) => t('tooLong', { length, most }),
    stale: t('stale'),
    unknownButton: t('unknownButton'),
    passageGone: t('passageGone'),
    passageNeedsChat: t('passageNeedsChat'),
    cancelled: t('cancelled'),
    nothingToCancel: t('nothingToCancel'),
    unknownCommand: t('unknownCommand'),
    textOnly: t('textOnly'),
    askAfterMention: (username: string) => t('askAfterMention', { username }),
    askPromptPrivate: t('askPromptPrivate'),
    askPromptGroup: t('askPromptGroup'),
    askAsText: t('askAsText'),
    askPlaceholder: t('askPlaceholder'),
    inlineKeepTyping: t('inlineKeepTyping'),
    inlineNothingYet: t('inlineNothingYet'),
  } as const;
}

export function labelsOf(w: Words) {
  const t = (name: string, vars?: Record<string, string | number>) => w.t(labelKey(name), vars);
  return {
    passage: (n: number) => t('passage', { n }),
    more: t('more'),
    sources: t('sources'),
    backToAnswer: t('backToAnswer'),
    back: t('back'),
    next: t('next'),
    cancel: t('cancel'),
    prevPage: t('prevPage'),
    nextPage: t('nextPage'),
    allEvents: (n: number) => t('allEvents', { n }),
    allFigures: (n: number) => t('allFigures', { n }),
    /** The filter a list shows now, among the filter buttons. */
    active: (label: string) => t('active', { label }),
  } as const;
}
