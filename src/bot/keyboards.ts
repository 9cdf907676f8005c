// The inline keyboards under the bot's messages, built from rows that may come out empty (no more
// passages, a single page): empty rows are dropped here, once, so no keyboard ever shows a blank row.
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { isSmalltalk } from '../render/telegram.js';
import type { Answer, Citation, Engine } from '../types.js';
import { encodeAction, type Action, type CallbackKeys } from './callback-data.js';
import { wordsFor, type Words } from './i18n.js';
import { labelsOf } from './texts.js';

export type Button = InlineKeyboardButton.CallbackButton;

export function button(text: string, action: Action, keys: CallbackKeys): Button {
  return { text, callback_data: encodeAction(action, keys) };
}

/** A keyboard of the non-empty rows, or none at all. */
export function keyboard(rows: Button[][]): InlineKeyboardMarkup | undefined {
  const kept = rows.filter((r) => r.length > 0);
  return kept.length ? { inline_keyboard: kept } : undefined;
}

/** Buttons in rows of at most `width`. */
export function rowsOf(buttons: Button[], width: number): Button[][] {
  const rows: Button[][] = [];
  for (let k = 0; k < buttons.length; k += width) rows.push(buttons.slice(k, k + width));
  return rows;
}

/** The question behind an answer: what the user asked, after the questions it follows up. */
export interface Asked {
  question: string;
  previous?: string[];
}

function passageButtons(citations: Citation[], keys: CallbackKeys, w: Words): Button[] {
  const LABEL = labelsOf(w);
  return citations.map((c) =>
    button(LABEL.passage(c.n), { kind: 'passage', chunkId: c.chunkId, n: c.n, snippet: c.snippet }, keys),
  );
}

/** 📄 per citation; ➕ when there are further passages; 📚 sources. None for a refusal or small talk. */
export function answerKeyboard(
  engine: Engine,
  asked: Asked,
  answer: Answer,
  keys: CallbackKeys,
  w: Words = wordsFor('en'),
): InlineKeyboardMarkup | undefined {
  const LABEL = labelsOf(w);
  if (!answer.answered || !answer.citations.length || isSmalltalk(answer)) return undefined;
  const tail: Button[] = [];
  if (engine.more(asked.question, answer.citations.length, 1).length) {
    tail.push(button(LABEL.more, { kind: 'page', ...asked, offset: answer.citations.length }, keys));
  }
  tail.push(button(LABEL.sources, { kind: 'sources', ...asked }, keys));
  return keyboard([...rowsOf(passageButtons(answer.citations, keys, w), 5), tail]);
}

/** Under a page of further passages: 📄 per passage, back, and onwards when there is more. */
export function moreKeyboard(
  asked: Asked,
  citations: Citation[],
  nav: { back: number; next?: number },
  keys: CallbackKeys,
  w: Words = wordsFor('en'),
): InlineKeyboardMarkup | undefined {
  const LABEL = labelsOf(w);
  const row: Button[] = [
    button(nav.back ? LABEL.back : LABEL.backToAnswer, { kind: 'page', ...asked, offset: nav.back }, keys),
  ];
  if (nav.next !== undefined)
    row.push(button(LABEL.next, { kind: 'page', ...asked, offset: nav.next }, keys));
  return keyboard([...rowsOf(passageButtons(citations, keys, w), 5), row]);
}

export function backToAnswerKeyboard(
  asked: Asked,
  keys: CallbackKeys,
  w: Words = wordsFor('en'),
): InlineKeyboardMarkup | undefined {
  return keyboard([[button(labelsOf(w).backToAnswer, { kind: 'page', ...asked, offset: 0 }, keys)]]);
}

export function cancelKeyboard(
  keys: CallbackKeys,
  w: Words = wordsFor('en'),
): InlineKeyboardMarkup | undefined {
  return keyboard([[button(labelsOf(w).cancel, { kind: 'cancel' }, keys)]]);
}
