// telegram-test-api (a Bot API emulator) on loopback, and users who talk to the bot through it.
//
// How the emulator works (node_modules/telegram-test-api/lib): the bot side speaks the Bot API at
// `<apiURL>/bot<token>/<method>`; `getUpdates` answers at once with every unread user update (it
// ignores offset and timeout); `sendMessage` stores the raw request body as a "bot message" and
// `editMessageText` merges the edit into it. Unknown methods (setMyCommands, sendChatAction,
// answerInlineQuery) answer HTTP 500. The client side posts users' messages, commands and callback
// queries. We read the bot's messages straight from the emulator's storage, which holds the request
// bodies exactly as the bot sent them (text, entities, reply_markup, reply_parameters, …).
import { createServer } from 'node:net';
import TelegramServerModule from 'telegram-test-api';
import type { TelegramServer as TelegramServerClass } from 'telegram-test-api/lib/telegramServer.js';

// The package is CommonJS with `exports.default`; under ESM the class may sit one level deeper.
const TelegramServer = ((TelegramServerModule as unknown as { default?: unknown }).default ??
  TelegramServerModule) as unknown as typeof TelegramServerClass;
type Server = TelegramServerClass;

export const EMULATOR_BOT = { id: 666, username: 'TestNameBot' };
/** Looks like a real token (the bot's settings check the shape), unique enough to grep logs for. */
export const E2E_TOKEN = '7654321098:AAE2eTestTokenNeverPrintedXyZ0123456789';

export interface BotMessage {
  messageId: number;
  chatId: number;
  text: string;
  entities?: { type: string; offset: number; length: number; url?: string }[];
  replyMarkup?: { inline_keyboard?: { text: string; callback_data?: string }[][]; force_reply?: boolean };
  replyTo?: number;
  threadId?: number;
  linkPreviewDisabled: boolean;
  raw: Record<string, any>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function waitUntil<T>(
  probe: () => T | undefined | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export class Emulator {
  private constructor(
    readonly server: Server,
    readonly apiRoot: string,
    readonly token: string,
  ) {}

  static async start(token = E2E_TOKEN): Promise<Emulator> {
    const port = await freePort();
    const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
    await server.start();
    return new Emulator(server, server.config.apiURL, token);
  }

  async stop(): Promise<void> {
    await this.server.stop();
  }

  /** Every message the bot has sent to a chat, oldest first, with edits applied. */
  botMessages(chatId: number): BotMessage[] {
    return this.server.storage.botMessages
      .filter((m: any) => m.botToken === this.token && String(m.message.chat_id) === String(chatId))
      .map((m: any) => toBotMessage(m));
  }

  allBotMessages(): BotMessage[] {
    return this.server.storage.botMessages
      .filter((m: any) => m.botToken === this.token)
      .map((m: any) => toBotMessage(m));
  }

  user(opts: {
    userId: number;
    chatId?: number;
    type?: 'private' | 'group' | 'supergroup';
    firstName?: string;
    title?: string;
  }): TestUser {
    return new TestUser(this, opts);
  }
}

function toBotMessage(m: any): BotMessage {
  const msg = m.message;
  const markup = typeof msg.reply_markup === 'string' ? JSON.parse(msg.reply_markup) : msg.reply_markup;
  const entities = typeof msg.entities === 'string' ? JSON.parse(msg.entities) : msg.entities;
  const replyParams =
    typeof msg.reply_parameters === 'string' ? JSON.parse(msg.reply_parameters) : msg.reply_parameters;
  const preview =
    typeof msg.link_preview_options === 'string'
      ? JSON.parse(msg.link_preview_options)
      : msg.link_preview_options;
  return {
    messageId: m.messageId,
    chatId: Number(msg.chat_id),
    text: String(msg.text ?? ''),
    entities,
    replyMarkup: markup,
    replyTo: replyParams?.message_id !== undefined ? Number(replyParams.message_id) : undefined,
    threadId: msg.message_thread_id !== undefined ? Number(msg.message_thread_id) : undefined,
    linkPreviewDisabled: preview?.is_disabled === true || preview?.is_disabled === 'true',
    raw: msg,
  };
}

/** One person in one chat (a private chat, or a member of a group). */
export class TestUser {
  readonly client: any;
  readonly chatId: number;
  readonly userId: number;
  readonly type: 'private' | 'group' | 'supergroup';

  constructor(
    private readonly emu: Emulator,
    opts: {
      userId: number;
      chatId?: number;
      type?: 'private' | 'group' | 'supergroup';
      firstName?: string;
      title?: string;
    },
  ) {
    this.userId = opts.userId;
    this.chatId = opts.chatId ?? opts.userId;
    this.type = opts.type ?? 'private';
    this.client = emu.server.getClient(emu.token, {
      userId: opts.userId,
      chatId: this.chatId,
      type: this.type,
      firstName: opts.firstName ?? `User${opts.userId}`,
      userName: `user${opts.userId}`,
      chatTitle: opts.title ?? (this.type === 'private' ? undefined : 'Test group'),
    });
  }

  messages(): BotMessage[] {
    return this.emu.botMessages(this.chatId);
  }

  /** The id the emulator gave this user's latest message with this text. */
  private idOf(text: string): number {
    const mine = this.emu.server.storage.userMessages.filter(
      (u: any) => u.message && String(u.message.chat?.id) === String(this.chatId) && u.message.text === text,
    );
    return mine.length ? mine[mine.length - 1].messageId : -1;
  }

  /** Sends a text (a command when it starts with "/", with the entity a real client adds). */
  async send(text: string, extra: Record<string, unknown> = {}): Promise<number> {
    if (text.startsWith('/')) {
      await this.client.sendCommand(this.client.makeCommand(text, extra));
    } else {
      await this.client.sendMessage(this.client.makeMessage(text, extra));
    }
    return this.idOf(text);
  }

  /** Sends a text and waits for the bot's first new message in this chat; returns the new messages. */
  async ask(text: string, extra: Record<string, unknown> = {}): Promise<BotMessage[]> {
    const before = this.messages().length;
    await this.send(text, extra);
    await waitUntil(() => this.messages().length > before, `a reply to “${text.slice(0, 40)}”`);
    return this.messages().slice(before);
  }

  /** Presses an inline button under one of the bot's messages. */
  async press(message: BotMessage, label: string | RegExp): Promise<void> {
    const button = (message.replyMarkup?.inline_keyboard ?? [])
      .flat()
      .find((b) => (typeof label === 'string' ? b.text === label : label.test(b.text)));
    if (!button?.callback_data) throw new Error(`no button ${label} under message ${message.messageId}`);
    await this.pressData(message, button.callback_data);
  }

  async pressData(message: BotMessage, data: string): Promise<void> {
    const chat = {
      id: this.chatId,
      type: this.type,
      title: this.type === 'private' ? undefined : 'Test group',
    };
    const cq = this.client.makeCallbackQuery(data, {
      message: {
        message_id: message.messageId,
        chat,
        date: Math.floor(Date.now() / 1000),
        text: message.text,
      },
    });
    await this.client.sendCallback(cq);
  }
}
