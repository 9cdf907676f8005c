// Sending the bot's messages where they belong: in a group as a reply to the message that asked, in a
// forum inside its topic; long replies as several messages in order; edits in place when a button or an
// edited question changes what a message shows. Shared by every feature (features never import each
// other).
import { GrammyError } from 'grammy';
import type { InlineKeyboardMarkup, Message, ReplyParameters } from 'grammy/types';
import type { RenderedText } from '../render/telegram.js';
import type { BotContext } from './context.js';

export interface Outgoing extends RenderedText {
  reply_markup?: InlineKeyboardMarkup;
}

/** In a group, a reply answers the message that asked for it; in a private chat it needs no quote. */
export function replyTarget(ctx: BotContext): number | undefined {
  const msg = ctx.message ?? ctx.editedMessage;
  return ctx.chat?.type !== 'private' && msg ? msg.message_id : undefined;
}

export function replyTo(messageId: number | undefined): ReplyParameters | undefined {
  return messageId === undefined ? undefined : { message_id: messageId, allow_sending_without_reply: true };
}

/** In a forum, the topic the asking message was in: replies stay there. */
export function topicOf(ctx: BotContext): number | undefined {
  const msg = ctx.msg;
  if (!msg?.message_thread_id) return undefined;
  return msg.is_topic_message || (ctx.chat && 'is_forum' in ctx.chat && ctx.chat.is_forum)
    ? msg.message_thread_id
    : undefined;
}

export interface SendOptions {
  /** Reply to this message (groups: the asking message). */
  replyTo?: number;
}

/** Sends the messages in order; returns every message sent. */
export async function sendAll(
  ctx: BotContext,
  messages: Outgoing[],
  opts: SendOptions = {},
): Promise<Message[]> {
  const sent: Message[] = [];
  const thread = topicOf(ctx);
  for (const [k, m] of messages.entries()) {
    sent.push(
      await ctx.reply(m.text, {
        ...(thread !== undefined ? { message_thread_id: thread } : {}),
        entities: m.entities,
        reply_markup: m.reply_markup,
        link_preview_options: { is_disabled: true },
        reply_parameters: k === 0 ? replyTo(opts.replyTo) : undefined,
      }),
    );
  }
  return sent;
}

/** A short plain reply (a notice, a prompt), quoting the asking message in groups. */
export function replyPlain(ctx: BotContext, text: string, opts: SendOptions = {}): Promise<Message> {
  const thread = topicOf(ctx);
  return ctx.reply(text, {
    ...(thread !== undefined ? { message_thread_id: thread } : {}),
    link_preview_options: { is_disabled: true },
    reply_parameters: replyTo(opts.replyTo),
  });
}

export const isNotModified = (err: unknown) =>
  err instanceof GrammyError && /not modified/i.test(err.description);

/** Telegram's ways of saying a message can no longer be edited: it is gone, or too old. */
export const isGone = (err: unknown) =>
  err instanceof GrammyError &&
  /message to edit not found|message can't be edited|message_id_invalid|message not found/i.test(
    err.description,
  );

/**
 * Shows `page` in place of the message a button was pressed on. A press that comes without its message
 * (an old client, a hand-made update) gets the page as a new message.
 */
export async function editInPlace(ctx: BotContext, page: Outgoing): Promise<void> {
  const cq = ctx.callbackQuery;
  if (cq?.message?.message_id === undefined && cq?.inline_message_id === undefined) {
    if (ctx.chat) await sendAll(ctx, [page]);
    return;
  }
  try {
    await ctx.editMessageText(page.text, {
      entities: page.entities,
      reply_markup: page.reply_markup,
      link_preview_options: { is_disabled: true },
    });
  } catch (err) {
    // A double press shows the same page again: nothing to change, nothing to report.
    if (isNotModified(err)) return;
    throw err;
  }
}
