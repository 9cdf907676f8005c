// Updates Telegram would never send: they break the Bot API's own types (a text that is a number, a
// button press with neither message nor inline message id). The error boundary skips them, so no
// handler has to guard against them and none throws on them.

/**
 * Why Telegram would never send this update (it breaks the Bot API's own types), or undefined.
 * Only the fields handlers rely on are checked.
 */
export function malformed(update: unknown): string | undefined {
  if (typeof update !== 'object' || update === null) return 'not an object';
  // biome-ignore lint/suspicious/noExplicitAny: an untrusted update, walked field by field
  const u = update as Record<string, any>;
  if (typeof u.update_id !== 'number') return 'no update_id';
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null;
  const badUser = (v: unknown) => v !== undefined && !(isObj(v) && typeof v.id === 'number');
  const badString = (v: unknown) => v !== undefined && typeof v !== 'string';
  const badMessage = (m: unknown): string | undefined => {
    if (!isObj(m)) return 'message is not an object';
    if (typeof m.message_id !== 'number') return 'message without message_id';
    if (!isObj(m.chat) || typeof m.chat.id !== 'number') return 'message without chat id';
    if (badString(m.text)) return 'text is not a string';
    if (badString(m.caption)) return 'caption is not a string';
    if (m.entities !== undefined && !Array.isArray(m.entities)) return 'entities is not a list';
    if (badUser(m.from)) return 'sender without id';
    if (m.reply_to_message !== undefined) return badMessage(m.reply_to_message);
    return undefined;
  };
  for (const kind of ['message', 'edited_message', 'channel_post', 'edited_channel_post']) {
    if (u[kind] !== undefined) return badMessage(u[kind]);
  }
  const cq = u.callback_query;
  if (cq !== undefined) {
    if (!isObj(cq) || typeof cq.id !== 'string' || badUser(cq.from) || !cq.from) return 'bad callback query';
    if (badString(cq.data)) return 'callback data is not a string';
    if (cq.message === undefined && cq.inline_message_id === undefined)
      return 'callback query with neither message nor inline message id';
    if (cq.message !== undefined && !isObj(cq.message)) return 'callback message is not an object';
    if (cq.message?.chat !== undefined && !(isObj(cq.message.chat) && typeof cq.message.chat.id === 'number'))
      return 'callback message without chat id';
  }
  const iq = u.inline_query;
  if (
    iq !== undefined &&
    (!isObj(iq) || typeof iq.id !== 'string' || badString(iq.query) || !iq.from || badUser(iq.from))
  )
    return 'bad inline query';
  const ci = u.chosen_inline_result;
  if (ci !== undefined && (!isObj(ci) || badString(ci.query) || !ci.from || badUser(ci.from)))
    return 'bad chosen inline result';
  return undefined;
}
