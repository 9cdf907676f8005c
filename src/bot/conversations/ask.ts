// `/ask` with no question: ask for it, then answer. In a group the prompt asks for a reply (force_reply,
// selective), and only the asker's reply (or a message addressed to the bot) is taken as the question;
// everything else passes on to the rest of the bot. Any command ends the wait and runs as usual.
import type { Conversation } from '@grammyjs/conversations';
import { replyWithAnswer } from '../answering.js';
import type { BotContext, ConversationContext } from '../context.js';
import { cancelKeyboard } from '../keyboards.js';
import { replyTo } from '../reply.js';
import { textsOf } from '../texts.js';

export const WAIT_MS = 15 * 60_000;

export async function ask(
  conversation: Conversation<BotContext, ConversationContext>,
  ctx: ConversationContext,
) {
  const group = ctx.chat?.type !== 'private';
  const prompt = await conversation.external(async (octx: BotContext) => {
    const TEXT = textsOf(octx.words);
    const sent = group
      ? await octx.reply(TEXT.askPromptGroup, {
          reply_markup: { force_reply: true, selective: true, input_field_placeholder: TEXT.askPlaceholder },
          reply_parameters: replyTo(octx.msg?.message_id),
        })
      : await octx.reply(TEXT.askPromptPrivate, { reply_markup: cancelKeyboard(octx.desk.keys, octx.words) });
    return { id: sent.message_id, me: octx.me.id, username: octx.me.username };
  });

  for (;;) {
    const next = await conversation.wait({ maxMilliseconds: WAIT_MS });
    const msg = next.message;
    if (!msg) await conversation.skip({ next: true });
    const text = msg!.text ?? '';
    if (text.startsWith('/')) await conversation.halt({ next: true });
    if (group) {
      const replied = msg!.reply_to_message;
      const addressed =
        replied?.message_id === prompt.id ||
        replied?.from?.id === prompt.me ||
        text.toLowerCase().includes(`@${prompt.username.toLowerCase()}`);
      if (!addressed) await conversation.skip({ next: true });
    }
    if (!text.trim()) {
      await conversation.external((octx: BotContext) =>
        octx.reply(textsOf(octx.words).askAsText, {
          reply_parameters: group ? replyTo(msg!.message_id) : undefined,
        }),
      );
      continue;
    }
    const question = group ? text.replace(new RegExp(`@${prompt.username}\\b`, 'gi'), ' ') : text;
    await conversation.external((octx: BotContext) =>
      replyWithAnswer(octx, question, {
        replyTo: group ? msg!.message_id : undefined,
        asking: msg!.message_id,
      }),
    );
    return;
  }
}
