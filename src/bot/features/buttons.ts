// Button presses under the bot's messages, already acknowledged (src/bot/presses.ts). Paging, sources
// and list filters edit the message in place; a passage arrives as a new message under the answer;
// stale or unknown buttons got their notice with the acknowledgement and need nothing more.
import { Composer } from 'grammy';
import { renderPassage, toMessages } from '../../render/telegram.js';
import { composePage, composeSources, replyWithAnswer } from '../answering.js';
import { decodeAction } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { composeList } from '../lists.js';
import { editInPlace, sendAll } from '../reply.js';

export const buttonsFeature = new Composer<BotContext>();

buttonsFeature.on('callback_query:data', async (ctx) => {
  const { desk } = ctx;
  const action = ctx.pressed ?? (await decodeAction(ctx.callbackQuery.data, desk.keys));
  switch (action.kind) {
    case 'page':
      return editInPlace(ctx, composePage(desk, action, action.offset, ctx.words));
    case 'sources':
      return editInPlace(ctx, composeSources(desk, action, ctx.words));
    case 'passage': {
      const passage = desk.engine.passage(action.chunkId);
      if (!passage || !ctx.chat) return;
      const meta = desk.engine.articles().find((a) => a.id === passage.articleId);
      await sendAll(ctx, toMessages(renderPassage(passage, meta, action.snippet, ctx.words)), {
        replyTo: ctx.callbackQuery.message?.message_id,
      });
      return;
    }
    case 'timeline':
    case 'figures':
      return editInPlace(ctx, composeList(desk, action.kind, action.filter, action.page, ctx.words));
    case 'example': {
      const question = desk.examples[action.index];
      if (!question || !ctx.chat) return;
      return replyWithAnswer(ctx, question);
    }
    case 'cancel':
      await ctx.conversation.exitAll();
      await ctx.editMessageReplyMarkup().catch(() => undefined);
      return;
    case 'stale':
    case 'unknown':
      return;
  }
});
