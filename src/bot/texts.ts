// The bot's own words: notices, prompts and button labels, in one place so that translating the bot
// (English, Russian, Uzbek) means translating this file and src/render/telegram.ts.

export const TEXT = {
  notAQuestion: 'Send me a question in words, e.g. “When was the Central Asia + Japan dialogue launched?”',
  notWords: 'Send me a question in words, e.g. “Who chaired the first leaders’ summit?”',
  tooLong: (length: number, most: number) =>
    `That is a long message (${length} characters). Please ask one question, in under ${most} characters.`,
  stale: 'This button has expired. Please ask again.',
  unknownButton: 'Sorry, I do not recognise that button.',
  passageGone: 'That passage is no longer in the library.',
  passageNeedsChat: 'Open a chat with me to read whole passages.',
  cancelled: 'Cancelled.',
  nothingToCancel: 'Nothing to cancel.',
  unknownCommand: 'I do not know that command. /help lists what I can do; or just send a question.',
  textOnly: 'I read text only: send your question as a message, e.g. “When did the dialogue start?”',
  askAfterMention: (username: string) =>
    `Ask me after the mention, e.g. “@${username} when did the dialogue start?”`,
  askPromptPrivate: 'What would you like to know? Send your question.',
  askPromptGroup: 'What would you like to ask? Reply to this message with your question (or send /cancel).',
  askAsText: 'Please send the question as text (or /cancel).',
  askPlaceholder: 'Your question',
  inlineKeepTyping: 'Keep typing your question…',
  inlineNothingYet: 'No quote for this yet: keep typing, or try other words',
} as const;

export const LABEL = {
  passage: (n: number) => `📄 [${n}]`,
  more: '➕ More passages',
  sources: '📚 Sources',
  backToAnswer: '◀ Answer',
  back: '◀ Back',
  next: 'More ▶',
  cancel: '✖ Cancel',
  prevPage: '◀ Previous',
  nextPage: 'Next ▶',
  allEvents: (n: number) => `All ${n} events`,
  allFigures: (n: number) => `All ${n} figures`,
  /** The filter a list shows now, among the filter buttons. */
  active: (label: string) => `• ${label}`,
} as const;
