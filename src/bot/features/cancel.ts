// A cancel always works: /cancel and the ✖ Cancel button end whatever conversation is waiting. This
// composer sits before the conversations, so a waiting conversation never swallows the cancel.
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

export const cancelFeature = new Composer<BotContext>();

cancelFeature.command('cancel', async (ctx) => {
  const active = Object.keys(ctx.conversation.active()).length;
  await ctx.conversation.exitAll();
  await ctx.reply(active ? 'Cancelled.' : 'Nothing to cancel.', {
    reply_parameters:
      ctx.chat.type === 'private'
        ? undefined
        : { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
  });
});

cancelFeature.callbackQuery('x', async (ctx) => {
  await ctx.conversation.exitAll();
  await ctx.answerCallbackQuery({ text: 'Cancelled.' });
  // The buttons of the prompt go; its text stays, so the chat still reads sensibly.
  await ctx.editMessageReplyMarkup().catch(() => undefined);
});
