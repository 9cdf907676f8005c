// Mentions of the bot (`@username`) in a message: found by entity, or by the text when a client sends
// no entities, and taken out of a question before it is asked.
import type { MessageEntity } from 'grammy/types';

/** Whether the text mentions the bot: by a mention entity, or (clients that send none) by the text. */
export function mentionsBot(text: string, entities: MessageEntity[] | undefined, username: string): boolean {
  const handle = `@${username.toLowerCase()}`;
  if (
    entities?.some(
      (e) => e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === handle,
    )
  ) {
    return true;
  }
  return new RegExp(`(^|[^\\w@])${escapeRegExp(handle)}(?![\\w])`, 'i').test(text);
}

export function withoutMention(text: string, username: string): string {
  return text.replace(new RegExp(`(^|[^\\w@])@${escapeRegExp(username)}(?![\\w])`, 'gi'), '$1').trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
