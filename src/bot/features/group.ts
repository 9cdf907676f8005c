// Groups and supergroups (privacy mode on): the bot answers a mention (`@bot question`) and a reply to
// one of its own messages (a follow-up), always as a reply to the asking message and inside its forum
// topic; every other message is left alone. Commands are served by their own features before this.
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { mentionsBot, withoutMention } from '../mentions.js';
import { answerMessage, repliesToBot } from './ask.js';

export const groupFeature = new Composer<BotContext>();

const groups = groupFeature.chatType(['group', 'supergroup']);

groups.on('message:text', async (ctx) => {
  const msg = ctx.msg;
  const text = msg.text;
  if (text.startsWith('/')) return; // a command for another bot, or one we do not have
  const username = ctx.me.username;
  if (mentionsBot(text, msg.entities, username)) {
    const question = withoutMention(text, username);
    if (!question) {
      await ctx.reply(`Ask me after the mention, e.g. “@${username} when did the dialogue start?”`, {
        reply_parameters: { message_id: msg.message_id, allow_sending_without_reply: true },
      });
      return;
    }
    return answerMessage(ctx, question, msg.message_id);
  }
  if (await repliesToBot(ctx, msg)) return answerMessage(ctx, text, msg.message_id);
  // Ordinary chatter: not for us.
});
