// Questions: `/ask <question>` anywhere; in a private chat any text at all; a reply to one of the
// bot's answers is a follow-up read in the context of the question before it.
import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import { recall, replyWithAnswer, resolveFollowUp, questionProblem } from '../answering.js';
import type { BotContext } from '../context.js';

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

/** Answers `text`; when it replies to one of the bot's answers, as a follow-up of that answer's question. */
export async function answerMessage(ctx: BotContext, text: string, replyTo?: number): Promise<void> {
  const msg = ctx.message!;
  const replied = msg.reply_to_message;
  if (replied && !questionProblem(text) && (await repliesToBot(ctx, msg))) {
    const previous = await recall(ctx, replied);
    if (previous) {
      const { question, answer } = resolveFollowUp(ctx.desk.engine, previous, text);
      return replyWithAnswer(ctx, question, { replyTo, answer, shown: text });
    }
  }
  return replyWithAnswer(ctx, text, { replyTo });
}

export const askFeature = new Composer<BotContext>();

askFeature.command('ask', async (ctx) => {
  const question = ctx.match;
  if (question.trim()) {
    return replyWithAnswer(ctx, question, {
      replyTo: ctx.chat.type === 'private' ? undefined : ctx.msg.message_id,
    });
  }
  await ctx.conversation.exitAll();
  await ctx.conversation.enter('ask');
});
