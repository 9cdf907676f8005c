// Turning a question into the messages of a reply, and sending them. Composition is pure (plain data
// out), so conversations can run it inside `conversation.external` and replay the result. The session
// remembers which question each answer answered (a reply to it is a follow-up) and which of the bot's
// messages answered which user message (an edited question edits them).
import type { Message } from 'grammy/types';
import {
  cleanUserText,
  isSmalltalk,
  renderAnswer,
  renderMore,
  renderSources,
  toMessages,
  toSingleMessage,
} from '../render/telegram.js';
import type { Answer, Engine } from '../types.js';
import type { BotContext, Desk } from './context.js';
import { answerKeyboard, backToAnswerKeyboard, moreKeyboard, type Asked } from './keyboards.js';
import { mentionsBot, withoutMention } from './mentions.js';
import { isGone, isNotModified, replyPlain, sendAll, type Outgoing, type SendOptions } from './reply.js';
import { localeOfLang, wordsFor, type Words } from './i18n.js';
import { textsOf } from './texts.js';

/** Passages per "more" page. */
export const PAGE = 3;
/** Longest text read as a question; anything longer gets a polite request to shorten it. */
export const MAX_QUESTION = 1000;
/** Earlier questions a follow-up carries: enough for "and then?" chains, small enough for a button key. */
const CONTEXT_KEPT = 3;

export interface Composed {
  messages: Outgoing[];
  answered: boolean;
  /** The question the engine was asked, with the questions it follows up. */
  asked: Asked;
}

/** Why a text is not taken as a question, or undefined when it is fine. */
export function questionProblem(text: string, w: Words = wordsFor('en')): string | undefined {
  const TEXT = textsOf(w);
  const q = cleanUserText(text);
  if (!q) return TEXT.notAQuestion;
  if (q.length > MAX_QUESTION) return TEXT.tooLong(q.length, MAX_QUESTION);
  if (!/[\p{L}\p{N}]/u.test(q)) return TEXT.notWords;
  return undefined;
}

/** The engine's answer, read in the context of the earlier questions when it follows them up. */
export function ask(engine: Engine, asked: Asked): Answer {
  return asked.previous?.length
    ? engine.answer(asked.question, { previous: asked.previous })
    : engine.answer(asked.question);
}

/**
 * The reader's words for an answer: the language the question was written in when the engine read it
 * as Russian or Uzbek (a Russian question gets a Russian frame whatever the reader's settings), else
 * the reader's own.
 */
export function wordsOfAnswer(answer: Answer, w: Words): Words {
  const asked = localeOfLang(answer.lang);
  return asked && asked !== w.locale ? wordsFor(asked) : w;
}

/** The reply to a question: the rendered answer split into messages, buttons under the last one. */
export function composeAnswer(
  desk: Pick<Desk, 'engine' | 'keys'>,
  asked: Asked,
  answer?: Answer,
  reader: Words = wordsFor('en'),
): Composed {
  const a = answer ?? ask(desk.engine, asked);
  const w = wordsOfAnswer(a, reader);
  const messages: Outgoing[] = toMessages(
    renderAnswer(a, { question: asked.question, words: w, articles: desk.engine.articles().length }),
  );
  const markup = answerKeyboard(desk.engine, asked, a, desk.keys, w);
  if (markup && messages.length) messages[messages.length - 1].reply_markup = markup;
  return { messages, answered: a.answered && !isSmalltalk(a), asked };
}

/** A page of an answer, for editing its message in place: offset 0 is the answer itself. */
export function composePage(
  desk: Pick<Desk, 'engine' | 'keys'>,
  asked: Asked,
  offset: number,
  reader: Words = wordsFor('en'),
): Outgoing {
  const { engine, keys } = desk;
  const answer = ask(engine, asked);
  // A page of a Russian question's answer stays Russian, whoever presses the button.
  const w = wordsOfAnswer(answer, reader);
  if (offset <= 0) {
    const body = toSingleMessage(
      renderAnswer(answer, { question: asked.question, words: w, articles: engine.articles().length }),
      undefined,
      w,
    );
    return { ...body, reply_markup: answerKeyboard(engine, asked, answer, keys, w) };
  }
  const first = answer.citations.length;
  const citations = engine.more(asked.question, offset, PAGE);
  const body = toSingleMessage(renderMore(asked.question, citations, offset, w), undefined, w);
  const back = offset - PAGE >= first && offset - PAGE > 0 ? offset - PAGE : 0;
  const further =
    citations.length && engine.more(asked.question, offset + citations.length, 1).length
      ? offset + citations.length
      : undefined;
  return { ...body, reply_markup: moreKeyboard(asked, citations, { back, next: further }, keys, w) };
}

export function composeSources(
  desk: Pick<Desk, 'engine' | 'keys'>,
  asked: Asked,
  reader: Words = wordsFor('en'),
): Outgoing {
  const answer = ask(desk.engine, asked);
  const w = wordsOfAnswer(answer, reader);
  const body = toSingleMessage(
    renderSources(asked.question, answer.citations, desk.engine.articles(), w),
    undefined,
    w,
  );
  return { ...body, reply_markup: backToAnswerKeyboard(asked, desk.keys, w) };
}

// ---- what the session remembers ----

const ASKED_KEPT = 30;
const ANSWERS_KEPT = 50;
/** An edit after this long is treated as a new message: the old answer has scrolled out of mind. */
const ANSWERS_TTL_MS = 48 * 3600 * 1000;

/** Remembers which question a sent answer answers, so a reply to it can be read as a follow-up. */
async function rememberAsked(ctx: BotContext, messageId: number, asked: Asked): Promise<void> {
  const session = await ctx.session;
  const list = (session.asked ?? []).filter(([id]) => id !== messageId);
  list.push(
    asked.previous?.length ? [messageId, asked.question, asked.previous] : [messageId, asked.question],
  );
  session.asked = list.slice(-ASKED_KEPT);
  ctx.session = session;
}

/** Remembers the bot's messages that answered a user message, for when that message is edited. */
async function rememberReplies(ctx: BotContext, userMessageId: number, sent: number[]): Promise<void> {
  const session = await ctx.session;
  const now = Date.now();
  const list = (session.answers ?? []).filter(
    ([id, , at]) => id !== userMessageId && now - at < ANSWERS_TTL_MS,
  );
  list.push([userMessageId, sent, now]);
  session.answers = list.slice(-ANSWERS_KEPT);
  ctx.session = session;
}

/** The bot's messages that answered a user message, if it is remembered and recent. */
export async function repliesTo(ctx: BotContext, userMessageId: number): Promise<number[] | undefined> {
  const session = await ctx.session;
  const hit = session.answers?.find(([id]) => id === userMessageId);
  return hit && Date.now() - hit[2] < ANSWERS_TTL_MS ? hit[1] : undefined;
}

/** The question behind one of the bot's messages: from the session, else from the message's own header. */
export async function recall(
  ctx: BotContext,
  message: { message_id: number; text?: string },
): Promise<Asked | undefined> {
  const session = await ctx.session;
  const hit = session.asked?.find(([id]) => id === message.message_id);
  if (hit) return hit[2]?.length ? { question: hit[1], previous: hit[2] } : { question: hit[1] };
  const first = message.text?.split('\n', 1)[0] ?? '';
  const m = /^❓ (.+)$/.exec(first);
  return m && !m[1].endsWith('…') ? { question: m[1] } : undefined;
}

// ---- answering ----

/** "typing…" while the answer is prepared; it is a courtesy, so a failure is only logged. */
export function showTyping(ctx: BotContext): void {
  if (!ctx.chat) return;
  ctx.replyWithChatAction('typing').catch((err: unknown) => {
    ctx.desk.log.debug({ error: err instanceof Error ? err.message : String(err) }, 'chat action failed');
  });
}

export interface AnswerOptions extends SendOptions {
  /** The questions this one follows up (a reply to an earlier answer). */
  previous?: string[];
  /** The user message being answered: remembered, so an edit of it edits the answer. */
  asking?: number;
  /** The bot's earlier answer to that message (it was edited): edited in place where possible. */
  replacing?: number[];
}

/**
 * Shows `messages` in place of the bot's earlier ones: edits them pairwise, sends what does not fit
 * and deletes what is left over. Returns undefined when the earlier answer is gone (deleted, too old
 * to edit), so the caller answers anew.
 */
async function replaceAll(
  ctx: BotContext,
  old: number[],
  messages: Outgoing[],
  opts: SendOptions,
): Promise<number[] | undefined> {
  const chatId = ctx.chat!.id;
  const ids: number[] = [];
  for (const [k, m] of messages.entries()) {
    const id = old[k];
    if (id === undefined) {
      ids.push(...(await sendAll(ctx, [m], opts)).map((s) => s.message_id));
      continue;
    }
    try {
      await ctx.api.editMessageText(chatId, id, m.text, {
        entities: m.entities,
        reply_markup: m.reply_markup ?? { inline_keyboard: [] },
        link_preview_options: { is_disabled: true },
      });
    } catch (err) {
      if (!isNotModified(err)) {
        if (k === 0 && isGone(err)) return undefined;
        throw err;
      }
    }
    ids.push(id);
  }
  for (const id of old.slice(messages.length)) {
    await ctx.api.deleteMessage(chatId, id).catch((err: unknown) => {
      ctx.desk.log.debug({ error: err instanceof Error ? err.message : String(err) }, 'could not delete');
    });
  }
  return ids;
}

/** Answers a question with everything around it: typing, the reply, buttons, remembering it. */
export async function replyWithAnswer(
  ctx: BotContext,
  question: string,
  opts: AnswerOptions = {},
): Promise<void> {
  // "@bot question" in a private chat, or "/ask @bot question": the bot's own name is not part of it.
  question = withoutMention(question, ctx.me.username);
  const problem = questionProblem(question, ctx.words);
  let composed: Composed | undefined;
  let messages: Outgoing[];
  if (problem) {
    messages = [{ text: problem, entities: [] }];
  } else {
    showTyping(ctx);
    const asked: Asked = { question: cleanUserText(question) };
    const previous = opts.previous?.map(cleanUserText).filter(Boolean).slice(-CONTEXT_KEPT);
    if (previous?.length) asked.previous = previous;
    composed = composeAnswer(ctx.desk, asked, undefined, ctx.words);
    messages = composed.messages;
    ctx.desk.log.info(
      {
        chatId: ctx.chat?.id,
        answered: composed.answered,
        chars: asked.question.length,
        followUp: !!previous?.length,
      },
      'question answered',
    );
  }
  let ids = opts.replacing?.length ? await replaceAll(ctx, opts.replacing, messages, opts) : undefined;
  if (!ids) {
    const sent = problem ? [await replyPlain(ctx, problem, opts)] : await sendAll(ctx, messages, opts);
    ids = sent.map((m: Message) => m.message_id);
  }
  if (opts.asking !== undefined) await rememberReplies(ctx, opts.asking, ids);
  if (composed?.answered && ids.length) await rememberAsked(ctx, ids[ids.length - 1], composed.asked);
}

/**
 * Whether a message replies to one of this bot's own messages. A reply whose original comes without
 * a sender (some clients and emulators leave it out) counts when the bot remembers answering it.
 */
export async function repliesToBot(ctx: BotContext, msg: Message): Promise<boolean> {
  const replied = msg.reply_to_message;
  if (!replied) return false;
  if (replied.from) return replied.from.id === ctx.me.id;
  return (await recall(ctx, replied)) !== undefined;
}

/**
 * Answers a message's text; when it replies to one of the bot's answers, as a follow-up of that
 * answer's question (and of the questions that one followed up).
 */
export async function answerMessage(
  ctx: BotContext,
  msg: Message,
  text: string,
  opts: { replyTo?: number; replacing?: number[] } = {},
): Promise<void> {
  const replied = msg.reply_to_message;
  let previous: string[] | undefined;
  if (replied && !questionProblem(text) && (await repliesToBot(ctx, msg))) {
    const before = await recall(ctx, replied);
    if (before) previous = [...(before.previous ?? []), before.question];
  }
  return replyWithAnswer(ctx, text, { ...opts, previous, asking: msg.message_id });
}

/** In a group, whether a message is for the bot: a mention, or a reply to one of its messages. */
export async function addressedInGroup(ctx: BotContext, msg: Message): Promise<string | undefined> {
  const text = msg.text ?? '';
  const username = ctx.me.username;
  if (mentionsBot(text, msg.entities, username)) return withoutMention(text, username);
  if (await repliesToBot(ctx, msg)) return text;
  return undefined;
}
