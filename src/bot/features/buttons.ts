// Button presses under the bot's messages. Paging and sources edit the message in place; a passage
// arrives as a new message under the answer; stale or unknown buttons get a polite notice.
import { Composer, GrammyError } from 'grammy';
import { renderPassage, toMessages } from '../../render/telegram.js';
import { composePage, composeSources, replyWithAnswer, sendAll, type Outgoing } from '../answering.js';
import { decodeAction } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { sendFigures } from './figures.js';
import { showPickedTimeline } from './timeline.js';

export const STALE_TEXT = 'This button has expired. Please ask again.';

async function editInPlace(ctx: BotContext, page: Outgoing): Promise<void> {
  if (
    ctx.callbackQuery?.message?.message_id === undefined &&
    ctx.callbackQuery?.inline_message_id === undefined
  ) {
    // The press came without its message (an old client, a hand-made update): show the page anew.
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
    if (err instanceof GrammyError && /not modified/i.test(err.description)) return;
    throw err;
  }
}

export const buttonsFeature = new Composer<BotContext>();

buttonsFeature.on('callback_query:data', async (ctx) => {
  const { desk } = ctx;
  const action = decodeAction(ctx.callbackQuery.data, desk.keys);
  switch (action.kind) {
    case 'page':
      await ctx.answerCallbackQuery();
      return editInPlace(ctx, composePage(desk, action.question, action.offset));
    case 'sources':
      await ctx.answerCallbackQuery();
      return editInPlace(ctx, composeSources(desk, action.question));
    case 'passage': {
      const passage = desk.engine.passage(action.chunkId);
      if (!passage) return ctx.answerCallbackQuery({ text: 'That passage is no longer in the library.' });
      const meta = desk.engine.articles().find((a) => a.id === passage.articleId);
      if (!ctx.chat) {
        // A button on an inline message: there is no chat to send the passage to.
        return ctx.answerCallbackQuery({
          text: 'Open a chat with me to read whole passages.',
          show_alert: true,
        });
      }
      await ctx.answerCallbackQuery();
      await sendAll(ctx, toMessages(renderPassage(passage, meta)), {
        replyTo: ctx.callbackQuery.message?.message_id,
      });
      return;
    }
    case 'timeline':
      return showPickedTimeline(ctx, action.filter);
    case 'figures':
      await ctx.answerCallbackQuery();
      return sendFigures(ctx, action.filter);
    case 'example': {
      const question = desk.examples[action.index];
      if (!question || !ctx.chat) return ctx.answerCallbackQuery({ text: STALE_TEXT });
      await ctx.answerCallbackQuery();
      return replyWithAnswer(ctx, question);
    }
    case 'cancel':
      await ctx.conversation.exitAll();
      await ctx.answerCallbackQuery({ text: 'Cancelled.' });
      await ctx.editMessageReplyMarkup().catch(() => undefined);
      return;
    case 'stale':
      return ctx.answerCallbackQuery({ text: STALE_TEXT });
    case 'unknown':
      return ctx.answerCallbackQuery({ text: 'Sorry, I do not recognise that button.' });
  }
});

// Buttons without data (games and the like) only need their spinner stopped.
buttonsFeature.on('callback_query', (ctx) => ctx.answerCallbackQuery());
