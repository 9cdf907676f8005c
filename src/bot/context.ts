// The context every handler of the bot sees: grammY's, plus the desk (engine, issued callback keys,
// logger), the reader's language (i18n plugin and `words`), the decoded button of a press, a lazily read session, and the conversations controls.
import type { ConversationFlavor } from '@grammyjs/conversations';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { Context, LazySessionFlavor } from 'grammy';
import type { Logger } from 'pino';
import type { Engine } from '../types.js';
import type { CallbackKeys } from './callback-data.js';
import type { Words } from './i18n.js';
import type { PressFlavor } from './presses.js';

/** Per chat, kept in the session storage (memory, or Redis when REDIS_URL is set). */
export interface SessionData {
  /**
   * The question behind each of the bot's recent answers, by message id, with the questions it followed
   * up: a reply to one is a follow-up in that context.
   */
  asked: [messageId: number, question: string, previous?: string[]][];
  /**
   * Which of the bot's messages answered which user message, and when: an edited question edits them.
   * Kept for a couple of days (see answering.ts); older sessions have none.
   */
  answers?: [userMessageId: number, botMessageIds: number[], at: number][];
  /** The language chosen with /language (written by @grammyjs/i18n's setLocale); absent until then. */
  __language_code?: string;
}

export interface Desk {
  /** The engine for this update: taken once per update, so a /reload never changes it mid-answer. */
  engine: Engine;
  keys: CallbackKeys;
  log: Logger;
  adminIds: readonly number[];
  /** Example questions offered by /start and as inline highlights. */
  examples: readonly string[];
}

export interface DeskFlavor {
  desk: Desk;
}

/** The reader's language for this update (negotiated by src/bot/i18n.ts), as plain words. */
export interface WordsFlavor {
  words: Words;
}

export type BotContext = ConversationFlavor<
  Context & DeskFlavor & WordsFlavor & I18nFlavor & PressFlavor & LazySessionFlavor<SessionData>
>;

/** Inside a conversation: a plain context (all I/O goes through `conversation.external` on the outer one). */
export type ConversationContext = Context;
