// Per-user rate limit (@grammyjs/ratelimiter), so one user cannot starve a group or the bot.
// Only what is addressed to the bot counts (group chatter the bot ignores costs nothing); a user over
// the limit gets ONE polite notice per window, further excess is dropped silently (button presses are
// still acknowledged so the spinner stops). Counters live in Redis when there is one (the limit holds
// across instances), else in memory.
//
// Budgets, per user and window: `perWindow` (RATE_LIMIT_PER_MINUTE) in groups, where a flood costs
// everyone else the bot's attention and Telegram's 20-messages-a-minute group limit; a larger one in
// private chats, where a flood only slows the flooder's own replies (a person reading the answers
// never comes near it, a runaway script does); and another for inline queries, sent per keystroke.
import { limit } from '@grammyjs/ratelimiter';
import { Composer, type Context } from 'grammy';
import type { RateCounter } from './storage.js';
import { ignoreHarmless, isAddressedToBot } from './errors.js';
import { localeOfCode, wordsFor } from './i18n.js';

/** The notice in the sender's Telegram language (the limit runs before the session is read). */
function limitText(ctx: Context): string {
  const locale = localeOfCode(ctx.from?.language_code);
  return locale && locale !== 'en' ? wordsFor(locale).t('rate-limited') : RATE_LIMIT_TEXT;
}

export const RATE_LIMIT_TEXT =
  'You are sending questions faster than I can answer them. Please wait a minute, then ask again.';

export interface RateLimitOptions {
  /** Questions, commands and button presses a user may send per window. */
  perWindow: number;
  counter: RateCounter;
  /** Length of the window, 1 minute unless a test wants it shorter. */
  windowMs?: number;
  /** Budget in private chats; 30 × `perWindow` unless given (a person reading answers, or a client that
   *  waits for each reply, never reaches it; a runaway script sending many a second does). */
  privatePerWindow?: number;
  /** Inline queries arrive on each keystroke, so they get their own, larger budget (3 × `perWindow`). */
  inlinePerWindow?: number;
}

export function rateLimit<C extends Context>(opts: RateLimitOptions): Composer<C> {
  const windowMs = opts.windowMs ?? 60_000;
  const composer = new Composer<C>();

  const notify = async (ctx: C) => {
    const first = await opts.counter.claim(`notice:${ctx.from!.id}`, windowMs);
    if (ctx.callbackQuery) {
      await ignoreHarmless(ctx.answerCallbackQuery(first ? { text: limitText(ctx) } : undefined));
    } else if (first && ctx.chat && (ctx.message ?? ctx.editedMessage)) {
      const msg = (ctx.message ?? ctx.editedMessage)!;
      await ignoreHarmless(
        ctx.reply(limitText(ctx), {
          reply_parameters:
            ctx.chat.type === 'private'
              ? undefined
              : { message_id: msg.message_id, allow_sending_without_reply: true },
        }),
      );
    }
  };
  const counted = (ctx: C, inPrivate: boolean) =>
    ctx.from && !ctx.inlineQuery && (ctx.chat?.type === 'private') === inPrivate && isAddressedToBot(ctx)
      ? String(ctx.from.id)
      : undefined;

  for (const inPrivate of [false, true]) {
    composer.use(
      limit<C, RateCounter>({
        timeFrame: windowMs,
        limit: inPrivate ? (opts.privatePerWindow ?? opts.perWindow * 30) : opts.perWindow,
        storageClient: opts.counter,
        keyPrefix: inPrivate ? 'pm:' : 'msg:',
        keyGenerator: (ctx) => counted(ctx, inPrivate),
        alwaysReply: true,
        onLimitExceeded: notify,
      }),
    );
  }

  composer.use(
    limit<C, RateCounter>({
      timeFrame: windowMs,
      limit: opts.inlinePerWindow ?? opts.perWindow * 3,
      storageClient: opts.counter,
      keyPrefix: 'inline:',
      keyGenerator: (ctx) => (ctx.inlineQuery ? String(ctx.inlineQuery.from.id) : undefined),
    }),
  );

  return composer;
}
