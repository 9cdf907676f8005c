// An edited question edits the bot's answer to it, in place (or answers anew when that answer is gone,
// e.g. deleted). Which bot messages answered which user message is kept in the session. An edit of a
// message the bot never answered is treated like a new message in a private chat (the user may have
// fixed a typo in a question that got a refusal long ago) and, in a group, only when it is addressed to
// the bot; edited commands other than /ask are left alone.
import { Composer } from 'grammy';
import { addressedInGroup, answerMessage, repliesTo } from '../answering.js';
import type { BotContext } from '../context.js';
import { mentionsBot, withoutMention } from '../mentions.js';

export const editsFeature = new Composer<BotContext>();

const ASK = /^\/ask(?:@(\w+))?(?:\s+|$)/i;

editsFeature.on('edited_message:text', async (ctx) => {
  const msg = ctx.editedMessage;
  const group = ctx.chat.type !== 'private';
  let text = msg.text;
  if (text.startsWith('/')) {
    const m = ASK.exec(text);
    // Another bot's /ask is not ours to answer.
    if (!m || (m[1] && m[1].toLowerCase() !== ctx.me.username.toLowerCase())) return;
    text = text.slice(m[0].length);
    if (group && mentionsBot(text, msg.entities, ctx.me.username))
      text = withoutMention(text, ctx.me.username);
  } else if (group) {
    const addressed = await addressedInGroup(ctx, msg);
    if (addressed === undefined) return;
    text = addressed;
  }
  const replacing = await repliesTo(ctx, msg.message_id);
  if (!replacing && group && !text.trim()) return;
  await answerMessage(ctx, msg, text, { replyTo: group ? msg.message_id : undefined, replacing });
});
