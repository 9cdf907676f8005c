// Button presses are acknowledged first, before anything that can be slow: this middleware runs ahead
// of the per-chat queue (sequentialize), so a press never waits behind a busy group's throttled sends,
// and answerCallbackQuery is not throttled at all. The acknowledgement carries the notice a press needs
// ("This button has expired"), so the action is decoded here, once, and handed on in `ctx.pressed`.
// A failed acknowledgement (Telegram's "query is too old" after a busy minute) is only logged: the
// action behind the button still runs.
import type { Context, MiddlewareFn } from 'grammy';
import type { Logger } from 'pino';
import type { Engine } from '../types.js';
import { decodeAction, type CallbackKeys, type Decoded } from './callback-data.js';
import { LANGUAGE_CALLBACK, localeOfCode, wordsFor } from './i18n.js';
import { textsOf } from './texts.js';

export interface PressFlavor {
  /** The pressed button's action, decoded before the press was acknowledged. */
  pressed?: Decoded;
}

/** The notice a press gets with its acknowledgement, if any. */
function noticeFor(ctx: Context, action: Decoded, engine: Engine, examples: () => readonly string[]) {
  // Ahead of the session, the notice goes by the user's Telegram language (a /language choice is not
  // read here: reading the session would make every press wait on the store).
  const TEXT = textsOf(wordsFor(localeOfCode(ctx.from?.language_code) ?? 'en'));
  switch (action.kind) {
    case 'stale':
      return { text: TEXT.stale };
    case 'unknown':
      return { text: TEXT.unknownButton };
    case 'cancel':
      return { text: TEXT.cancelled };
    case 'passage':
      if (!engine.passage(action.chunkId)) return { text: TEXT.passageGone };
      // A button on an inline message: there is no chat to send the passage to.
      if (!ctx.chat) return { text: TEXT.passageNeedsChat, show_alert: true };
      return undefined;
    case 'example':
      return action.index < examples().length && ctx.chat ? undefined : { text: TEXT.stale };
    default:
      return undefined;
  }
}

export function acknowledgePresses<C extends Context & PressFlavor>(deps: {
  engine: () => Engine;
  keys: CallbackKeys;
  /** The examples /start offers now (an example button carries only its index). */
  examples: (engine: Engine) => readonly string[];
  log: Logger;
}): MiddlewareFn<C> {
  return async (ctx, next) => {
    const cq = ctx.callbackQuery;
    if (!cq) return next();
    let notice: { text: string; show_alert?: boolean } | undefined;
    const language = cq.data ? LANGUAGE_CALLBACK.exec(cq.data) : null;
    try {
      // A language button is not one of the keyed actions: its notice is the new language's own word.
      if (language) notice = { text: wordsFor(language[1] as 'en' | 'ru' | 'uz').t('language-set') };
      else ctx.pressed = cq.data === undefined ? undefined : await decodeAction(cq.data, deps.keys);
      if (ctx.pressed) {
        const engine = deps.engine();
        notice = noticeFor(ctx, ctx.pressed, engine, () => deps.examples(engine));
      }
    } catch (err) {
      // The key store is unreachable: stop the spinner now; the handler meets the same error and
      // the error handler tells the user.
      deps.log.warn({ error: err instanceof Error ? err.message : String(err) }, 'could not read a button');
    }
    const ack = ctx.answerCallbackQuery(notice).catch((err: unknown) => {
      deps.log.info(
        { error: err instanceof Error ? err.message : String(err) },
        'button press not acknowledged (its action still runs)',
      );
    });
    // The action starts at once; the acknowledgement is awaited only so the update ends after it.
    await Promise.all([ack, next()]);
  };
}
