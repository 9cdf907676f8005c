// `/timeline` with no filter: offer periods and countries as buttons, then show the one picked. A press
// by someone else, or after the wait, is served by the stateless button handler (features/buttons.ts).
import type { Conversation } from '@grammyjs/conversations';
import { decodeAction } from '../callback-data.js';
import type { BotContext, ConversationContext } from '../context.js';
import { pickerText, showPickedTimeline, timelinePicker } from '../features/timeline.js';
import { WAIT_MS } from './ask.js';

export async function timeline(
  conversation: Conversation<BotContext, ConversationContext>,
  _ctx: ConversationContext,
) {
  const offered = await conversation.external(async (octx: BotContext) => {
    const kb = timelinePicker(octx.desk.engine, octx.desk.keys);
    if (!kb) {
      await octx.reply('The library has no dated events yet.');
      return false;
    }
    await octx.reply(pickerText(octx.desk.engine.timeline()), {
      reply_markup: kb,
      reply_parameters:
        octx.chat?.type !== 'private' && octx.msg
          ? { message_id: octx.msg.message_id, allow_sending_without_reply: true }
          : undefined,
    });
    return true;
  });
  if (!offered) return;
  // Anything but a timeline button (a question, another command) goes on to the rest of the bot.
  await conversation.waitForCallbackQuery(/^t[=#]/, { maxMilliseconds: WAIT_MS, next: true });
  await conversation.external(async (octx: BotContext) => {
    const action = decodeAction(octx.callbackQuery?.data, octx.desk.keys);
    if (action.kind === 'timeline') await showPickedTimeline(octx, action.filter);
    else await octx.answerCallbackQuery({ text: 'This button has expired. Send /timeline again.' });
  });
}
