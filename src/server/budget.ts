// How much work the bot may hold that Telegram already considers delivered. Long polling confirms a batch
// with its next getUpdates and the webhook confirms an update with its 200, so both ask this budget
// first: the work admitted must drain within the shutdown grace period under Telegram's send limits
// (about 30 messages a second overall, 20 a minute in a group, short bursts in a private chat).
// Anything past the budget stays with Telegram (not fetched, or answered 429) for a later delivery.
import type { Update } from 'grammy/types';

export interface SendRates {
  /** Messages a second the bot may send overall (Telegram: about 30). */
  globalPerSecond: number;
  /** Average time between two messages in one group (Telegram: 20 a minute). */
  groupIntervalMs: number;
  /** Time between two messages in one private chat (the deployed throttle's `out.minTime`). */
  privateIntervalMs: number;
  /** Messages an answer takes on average (a long answer is split). */
  messagesPerUpdate: number;
}

/** The deployed throttle's limits (src/bot/bot.ts DEFAULT_THROTTLE); answers average under 1.5 messages. */
export const TELEGRAM_RATES: SendRates = {
  globalPerSecond: 30,
  groupIntervalMs: 3000,
  privateIntervalMs: 100,
  messagesPerUpdate: 1.5,
};

export interface BudgetLimits {
  /** Updates in flight at once, all chats together. */
  total: number;
  /** Updates in flight at once for one group chat. */
  perGroup: number;
  /** Updates in flight at once for one private chat (or one user, for updates without a chat). */
  perPrivate: number;
}

/**
 * Limits whose work drains within `drainMs` under `rates`, with half of it kept as a margin for
 * answering itself, retries and the slower-than-average message.
 */
export function limitsFor(drainMs: number, rates: SendRates = TELEGRAM_RATES): BudgetLimits {
  const ms = Math.max(0, drainMs) / 2;
  const per = (interval: number) => Math.max(1, Math.floor(ms / (interval * rates.messagesPerUpdate)));
  return {
    total: Math.max(1, Math.floor(((ms / 1000) * rates.globalPerSecond) / rates.messagesPerUpdate)),
    perGroup: per(rates.groupIntervalMs),
    perPrivate: per(rates.privateIntervalMs),
  };
}

/** The chat an update is about, and whether it is a group: what decides its per-chat limit. */
export function chatOf(update: Update): { key: string; group: boolean } | undefined {
  const u = update as unknown as Record<string, { chat?: { id?: unknown }; from?: { id?: unknown } }>;
  for (const kind of Object.keys(u)) {
    const part = u[kind];
    if (!part || typeof part !== 'object') continue;
    const chatId = part.chat?.id ?? (part as { message?: { chat?: { id?: unknown } } }).message?.chat?.id;
    if (typeof chatId === 'number') return { key: String(chatId), group: chatId < 0 };
    if (typeof part.from?.id === 'number') return { key: String(part.from.id), group: false };
  }
  return undefined;
}

/** Counts updates in flight, in total and per chat; tells whether one more fits. */
export class DrainBudget {
  private readonly perChat = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  private total = 0;

  constructor(readonly limits: BudgetLimits) {}

  get size(): number {
    return this.total;
  }

  /** Room for `n` more updates, all chats together (what a getUpdates `limit` may ask for). */
  room(): number {
    return Math.max(0, this.limits.total - this.total);
  }

  /** Whether every chat is within its limit and there is room for at least one more update. */
  open(): boolean {
    if (this.total >= this.limits.total) return false;
    for (const [key, n] of this.perChat) if (n > this.capOf(key)) return false;
    return true;
  }

  /** Whether `update` fits now (the webhook's admission test); does not take it. */
  fits(update: Update): boolean {
    if (this.total >= this.limits.total) return false;
    const chat = chatOf(update);
    return !chat || (this.perChat.get(chat.key) ?? 0) < this.capOf(chat.key);
  }

  /** Counts `update` in; returns the function that counts it out again (call it exactly once). */
  take(update: Update): () => void {
    const chat = chatOf(update);
    this.total++;
    if (chat) this.perChat.set(chat.key, (this.perChat.get(chat.key) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.total--;
      if (chat) {
        const n = (this.perChat.get(chat.key) ?? 1) - 1;
        if (n > 0) this.perChat.set(chat.key, n);
        else this.perChat.delete(chat.key);
      }
      for (const w of [...this.waiters]) w();
    };
  }

  /** Resolves when `open()` holds, or when `signal` aborts (then `open()` may still be false). */
  whenOpen(signal?: { aborted: boolean; addEventListener(t: 'abort', f: () => void): void }): Promise<void> {
    if (this.open() || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!this.open() && !signal?.aborted) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
      signal?.addEventListener('abort', check);
    });
  }

  /** Resolves when nothing is in flight, or after `ms`. */
  whenEmpty(ms: number): Promise<void> {
    if (this.total === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(t);
        this.waiters.delete(onChange);
        resolve();
      };
      const onChange = () => {
        if (this.total === 0) finish();
      };
      const t = setTimeout(finish, Math.max(0, ms));
      this.waiters.add(onChange);
    });
  }

  private capOf(key: string): number {
    return key.startsWith('-') ? this.limits.perGroup : this.limits.perPrivate;
  }
}
