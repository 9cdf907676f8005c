// A tiny Bot API on loopback that records every call and answers it sensibly: for the methods the
// emulator lacks (answerInlineQuery, setMyCommands, sendChatAction). Updates are fed to the bot with
// `bot.handleUpdate`, so there is no polling here. (The fault-injecting fake is tests/helpers/fake-bot-api.ts.)
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UserFromGetMe } from 'grammy/types';
import { terminalBotInfo } from '../../src/cli/chat.js';

export const FAKE_TOKEN = '1122334455:AAFakeTokenForTheRecordingBotApi_0123';

export const FAKE_BOT: UserFromGetMe = { ...terminalBotInfo('desk_test_bot'), id: 1122334455 };

export interface RecordedCall {
  method: string;
  payload: Record<string, any>;
  /** What the fake answered (a sent message carries its message_id), once it has answered. */
  result?: any;
}

export class RecordingBotApi {
  readonly calls: RecordedCall[] = [];
  /** Methods answered with a 400 error, as Telegram does for a call it rejects. */
  readonly failing = new Set<string>();
  /** Methods answered with a 400 error of this description (e.g. Telegram's "query is too old"). */
  readonly failWith = new Map<string, string>();
  /** Methods whose calls get no answer until released: a send stuck behind flood limits. */
  private readonly held = new Map<string, (() => void)[]>();
  private nextMessageId = 500;

  private constructor(
    private readonly server: Server,
    readonly apiRoot: string,
  ) {}

  static async start(): Promise<RecordingBotApi> {
    let api!: RecordingBotApi;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const method = (req.url ?? '').split('/').pop() ?? '';
        const payload = body ? JSON.parse(body) : {};
        const call: RecordedCall = { method, payload };
        api.calls.push(call);
        res.setHeader('content-type', 'application/json');
        const queue = api.held.get(method);
        if (queue) {
          queue.push(() => api.respond(res, call));
          return;
        }
        api.respond(res, call);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    api = new RecordingBotApi(server, `http://127.0.0.1:${port}`);
    return api;
  }

  /** Holds every call of `method` from now on; the returned function answers them and stops holding. */
  hold(method: string): () => void {
    this.held.set(method, []);
    return () => {
      const queue = this.held.get(method) ?? [];
      this.held.delete(method);
      for (const answer of queue) answer();
    };
  }

  private respond(res: ServerResponse, call: RecordedCall) {
    const { method, payload } = call;
    const described =
      this.failWith.get(method) ??
      (this.failing.has(method) ? `Bad Request: ${method} refused by the test` : undefined);
    if (described !== undefined) {
      res.statusCode = 400;
      res.end(JSON.stringify({ ok: false, error_code: 400, description: described }));
      return;
    }
    call.result = this.resultFor(method, payload);
    res.end(JSON.stringify({ ok: true, result: call.result }));
  }

  private resultFor(method: string, payload: Record<string, any>): unknown {
    switch (method) {
      case 'getMe':
        return FAKE_BOT;
      case 'sendMessage':
        return {
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: payload.chat_id, type: Number(payload.chat_id) < 0 ? 'supergroup' : 'private' },
          text: payload.text,
          entities: payload.entities,
          reply_markup: payload.reply_markup,
        };
      case 'getUpdates':
        return [];
      default:
        return true;
    }
  }

  /** The message ids the fake gave the bot's sent messages, in order. */
  sentIds(): number[] {
    return this.calls.filter((c) => c.method === 'sendMessage').map((c) => c.result?.message_id);
  }

  of(method: string): Record<string, any>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.payload);
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

let updateId = 1;
let messageId = 1;

export interface Person {
  id: number;
  first_name: string;
}

export function textUpdate(
  chat: { id: number; type: string },
  from: Person,
  text: string,
  extra: Record<string, unknown> = {},
) {
  const entities = /^\/\w+/.test(text)
    ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0].length }]
    : undefined;
  return {
    update_id: updateId++,
    message: {
      message_id: messageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: { ...from, is_bot: false },
      text,
      entities,
      ...extra,
    },
  } as any;
}

export function callbackUpdate(
  message: { message_id: number; chat: { id: number; type: string } },
  from: Person,
  data: string,
) {
  return {
    update_id: updateId++,
    callback_query: {
      id: String(updateId),
      from: { ...from, is_bot: false },
      chat_instance: 'c1',
      message: { ...message, date: 0 },
      data,
    },
  } as any;
}

export function inlineUpdate(from: Person, query: string) {
  return {
    update_id: updateId++,
    inline_query: { id: String(updateId), from: { ...from, is_bot: false }, query, offset: '' },
  } as any;
}
