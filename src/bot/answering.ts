// Turning a question into the messages of a reply, and sending them. Composition is pure (plain data
// out), so conversations can run it inside `conversation.external` and replay the result.
import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardMarkup, Message } from 'grammy/types';
import {
  cleanUserText,
  renderAnswer,
  renderMore,
  renderSources,
  toMessages,
  toSingleMessage,
  type RenderedText,
} from '../render/telegram.js';
import type { Answer, Citation, Engine } from '../types.js';
import { encodeAction, type CallbackKeys } from './callback-data.js';
import type { BotContext, Desk } from './context.js';
import { withoutMention } from './mentions.js';

/** Passages per "more" page. */
export const PAGE = 3;
/** Longest text read as a question; anything longer gets a polite request to shorten it. */
export const MAX_QUESTION = 1000;

export interface Outgoing extends RenderedText {
  reply_markup?: InlineKeyboardMarkup;
}

export interface Composed {
  messages: Outgoing[];
  answered: boolean;
  /** The question the engine was asked (a follow-up carries its context). */
  question: string;
}

/** Why a text is not taken as a question, or undefined when it is fine. */
export function questionProblem(text: string): string | undefined {
  const q = cleanUserText(text);
  if (!q) return 'Send me a question in words, e.g. “When was the Central Asia + Japan dialogue launched?”';
  if (q.length > MAX_QUESTION) {
    return `That is a long message (${q.length} characters). Please ask one question, in under ${MAX_QUESTION} characters.`;
  }
  if (!/[\p{L}\p{N}]/u.test(q))
    return 'Send me a question in words, e.g. “Who chaired the first leaders’ summit?”';
  return undefined;
}

function passageButtons(kb: InlineKeyboard, citations: Citation[], keys: CallbackKeys) {
  for (const c of citations)
    kb.text(`📄 [${c.n}]`, encodeAction({ kind: 'passage', chunkId: c.chunkId, n: c.n }, keys));
  return kb;
}

export function answerKeyboard(
  engine: Engine,
  question: string,
  answer: Answer,
  keys: CallbackKeys,
): InlineKeyboardMarkup | undefined {
  if (!answer.answered || !answer.citations.length) return undefined;
  const kb = passageButtons(new InlineKeyboard(), answer.citations, keys).row();
  if (engine.more(question, answer.citations.length, 1).length) {
    kb.text(
      '➕ More passages',
      encodeAction({ kind: 'page', question, offset: answer.citations.length }, keys),
    );
  }
  kb.text('📚 Sources', encodeAction({ kind: 'sources', question }, keys));
  return kb;
}

/** The reply to a question: the rendered answer split into messages, buttons under the last one. */
export function composeAnswer(
  desk: Pick<Desk, 'engine' | 'keys'>,
  question: string,
  answer?: Answer,
  shown?: string,
): Composed {
  const a = answer ?? desk.engine.answer(question);
  const messages: Outgoing[] = toMessages(renderAnswer(a, { question: shown ?? question }));
  const markup = answerKeyboard(desk.engine, question, a, desk.keys);
  if (markup && messages.length) messages[messages.length - 1].reply_markup = markup;
  return { messages, answered: a.answered, question };
}

/** A page of an answer, for editing its message in place: offset 0 is the answer itself. */
export function composePage(desk: Pick<Desk, 'engine' | 'keys'>, question: string, offset: number): Outgoing {
  const { engine, keys } = desk;
  const answer = engine.answer(question);
  if (offset <= 0) {
    const body = toSingleMessage(renderAnswer(answer, { question }));
    return { ...body, reply_markup: answerKeyboard(engine, question, answer, keys) };
  }
  const first = answer.citations.length;
  const citations = engine.more(question, offset, PAGE);
  const body = toSingleMessage(renderMore(question, citations, offset));
  const kb = passageButtons(new InlineKeyboard(), citations, keys).row();
  const back = offset - PAGE >= first && offset - PAGE > 0 ? offset - PAGE : 0;
  kb.text(back ? '◀ Back' : '◀ Answer', encodeAction({ kind: 'page', question, offset: back }, keys));
  if (engine.more(question, offset + citations.length, 1).length && citations.length) {
    kb.text('More ▶', encodeAction({ kind: 'page', question, offset: offset + citations.length }, keys));
  }
  return { ...body, reply_markup: kb };
}

export function composeSources(desk: Pick<Desk, 'engine' | 'keys'>, question: string): Outgoing {
  const answer = desk.engine.answer(question);
  const body = toSingleMessage(renderSources(question, answer.citations, desk.engine.articles()));
  const kb = new InlineKeyboard().text(
    '◀ Answer',
    encodeAction({ kind: 'page', question, offset: 0 }, desk.keys),
  );
  return { ...body, reply_markup: kb };
}

// ---- follow-ups ----

const LEANS_ON_CONTEXT =
  /^(and|but|also|so|then|what about|how about|and what|why)\b|\b(it|its|they|them|their|this|that|these|those|he|she|his|her|there)\b/i;

/**
 * A reply to one of the bot's answers, read in the context of the question before it. A short or
 * pronoun-laden follow-up ("and who proposed it?") is asked together with the earlier question; a
 * self-contained one is asked alone, with the combination as the fallback.
 */
export function resolveFollowUp(
  engine: Engine,
  previous: string | undefined,
  text: string,
): { question: string; answer: Answer } {
  const alone = cleanUserText(text);
  if (!previous) return { question: alone, answer: engine.answer(alone) };
  const combined = `${alone} ${cleanUserText(previous)}`;
  const words = alone.split(/\s+/).filter(Boolean).length;
  const order = words <= 5 || LEANS_ON_CONTEXT.test(alone) ? [combined, alone] : [alone, combined];
  let first: { question: string; answer: Answer } | undefined;
  for (const q of order) {
    const answer = engine.answer(q);
    if (answer.answered) return { question: q, answer };
    first ??= { question: q, answer };
  }
  return first!;
}

// ---- sending ----

export interface SendOptions {
  /** Reply to this message (groups: the asking message). */
  replyTo?: number;
}

/** Sends the messages in order; returns the last one sent. */
/** In a forum, the topic the asking message was in: replies stay there. */
export function topicOf(ctx: BotContext): number | undefined {
  const msg = ctx.msg;
  if (!msg?.message_thread_id) return undefined;
  return msg.is_topic_message || (ctx.chat && 'is_forum' in ctx.chat && ctx.chat.is_forum)
    ? msg.message_thread_id
    : undefined;
}

export async function sendAll(
  ctx: BotContext,
  messages: Outgoing[],
  opts: SendOptions = {},
): Promise<Message | undefined> {
  let last: Message | undefined;
  const thread = topicOf(ctx);
  for (const [k, m] of messages.entries()) {
    last = await ctx.reply(m.text, {
      ...(thread !== undefined ? { message_thread_id: thread } : {}),
      entities: m.entities,
      reply_markup: m.reply_markup,
      link_preview_options: { is_disabled: true },
      reply_parameters:
        k === 0 && opts.replyTo !== undefined
          ? { message_id: opts.replyTo, allow_sending_without_reply: true }
          : undefined,
    });
  }
  return last;
}

/** "typing…" while the answer is prepared; it is a courtesy, so a failure is only logged. */
export function showTyping(ctx: BotContext): void {
  if (!ctx.chat) return;
  ctx.replyWithChatAction('typing').catch((err: unknown) => {
    ctx.desk.log.debug({ error: err instanceof Error ? err.message : String(err) }, 'chat action failed');
  });
}

const ASKED_KEPT = 30;

/** Remembers which question a sent answer answers, so a reply to it can be read as a follow-up. */
export async function remember(
  ctx: BotContext,
  messageId: number | undefined,
  question: string,
): Promise<void> {
  if (messageId === undefined || !ctx.chat) return;
  const session = await ctx.session;
  const asked = (session.asked ?? []).filter(([id]) => id !== messageId);
  asked.push([messageId, question]);
  session.asked = asked.slice(-ASKED_KEPT);
  ctx.session = session;
}

/** The question behind one of the bot's messages: from the session, else from the message's own header. */
export async function recall(
  ctx: BotContext,
  message: { message_id: number; text?: string },
): Promise<string | undefined> {
  const session = await ctx.session;
  const hit = session.asked?.find(([id]) => id === message.message_id);
  if (hit) return hit[1];
  const first = message.text?.split('\n', 1)[0] ?? '';
  const m = /^❓ (.+)$/.exec(first);
  return m && !m[1].endsWith('…') ? m[1] : undefined;
}

/** Answers a question with everything around it: typing, the reply, buttons, remembering it. */
export async function replyWithAnswer(
  ctx: BotContext,
  question: string,
  opts: SendOptions & { answer?: Answer; shown?: string } = {},
): Promise<void> {
  // "@bot question" in a private chat, or "/ask @bot question": the bot's own name is not part of it.
  question = withoutMention(question, ctx.me.username);
  const problem = questionProblem(question);
  if (problem) {
    await ctx.reply(problem, {
      link_preview_options: { is_disabled: true },
      reply_parameters:
        opts.replyTo !== undefined
          ? { message_id: opts.replyTo, allow_sending_without_reply: true }
          : undefined,
    });
    return;
  }
  showTyping(ctx);
  const q = cleanUserText(question);
  const composed = composeAnswer(ctx.desk, q, opts.answer, opts.shown);
  ctx.desk.log.info(
    { chatId: ctx.chat?.id, answered: composed.answered, chars: q.length },
    'question answered',
  );
  const last = await sendAll(ctx, composed.messages, opts);
  if (composed.answered) await remember(ctx, last?.message_id, q);
}
