// A fake Telegram Bot API on loopback (node:http) that can misbehave on purpose: 429 with retry_after,
// 500, no answer at all (timeout) and dropped connections, for chosen calls. A faulty call is decided
// before the call takes effect, as when Telegram rejects or never receives a request, so "delivered"
// means exactly the calls Telegram would have carried out.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Update } from 'grammy/types';

export type Fault = '429' | '500' | 'timeout' | 'drop' | 'blocked' | 'not-modified';

export interface ApiCall {
  method: string;
  payload: Record<string, any>;
  /** How many earlier calls had the same method and chat (0 for the first). */
  attempt: number;
  outcome: Fault | 'ok';
}

export interface Delivered {
  method: string;
  payload: Record<string, any>;
  result: unknown;
}

export type FaultPolicy = (call: Omit<ApiCall, 'outcome'>) => Fault | undefined;

export const TOKEN = '123456789:AAHfakeFAKEfakeFAKEfakeFAKEfake12345';
export const BOT_USER = {
  id: 123456789,
  is_bot: true,
  first_name: 'Dialogue Desk',
  username: 'dialogue_desk_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
};

export class FakeBotApi {
  readonly calls: ApiCall[] = [];
  readonly delivered: Delivered[] = [];
  private policy: FaultPolicy = () => undefined;
  private readonly attempts = new Map<string, number>();
  private readonly pending: Update[] = [];
  private confirmed = 0;
  private highestOffset = 0;
  private readonly waiters = new Set<() => void>();
  private readonly sockets = new Set<Socket>();
  private nextMessageId = 1000;
  /** What a '429' fault asks the bot to wait. */
  retryAfterSeconds = 1;
  /** Delay before answering a successful call (to keep updates in flight). */
  delayMs = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<FakeBotApi> {
    let api!: FakeBotApi;
    const server = createServer((req, res) => void api.onRequest(req, res));
    server.on('connection', (s) => {
      api.sockets.add(s);
      s.on('close', () => api.sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    api = new FakeBotApi(server, (server.address() as AddressInfo).port);
    return api;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Chooses which calls fail and how; the default lets every call through. */
  setFaults(policy: FaultPolicy): void {
    this.policy = policy;
  }

  /** Queues updates for getUpdates (honouring `offset`, as Telegram does). */
  pushUpdates(...updates: Update[]): void {
    this.pending.push(...updates);
    for (const w of this.waiters) w();
  }

  /** The highest offset the bot has asked for: every update below it is confirmed. */
  get confirmedOffset(): number {
    return this.highestOffset;
  }

  /** Updates the bot has confirmed by asking for a later offset. */
  get confirmedUpdates(): number {
    return this.confirmed;
  }

  deliveredOf(method: string): Delivered[] {
    return this.delivered.filter((d) => d.method === method);
  }

  async close(): Promise<void> {
    for (const w of this.waiters) w();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse) {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (!m || m[1] !== TOKEN) {
      return json(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    }
    const method = m[2];
    let payload: Record<string, any> = {};
    const raw = Buffer.concat(chunks).toString('utf8');
    if (raw) {
      try {
        payload = JSON.parse(raw);
      } catch {
        return json(res, 400, {
          ok: false,
          error_code: 400,
          description: 'Bad Request: multipart not supported here',
        });
      }
    }
    const key = `${method}:${payload.chat_id ?? payload.callback_query_id ?? ''}`;
    const attempt = this.attempts.get(key) ?? 0;
    this.attempts.set(key, attempt + 1);
    const fault = method === 'getMe' ? undefined : this.policy({ method, payload, attempt });
    this.calls.push({ method, payload, attempt, outcome: fault ?? 'ok' });
    switch (fault) {
      case '429':
        return json(res, 429, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${this.retryAfterSeconds}`,
          parameters: { retry_after: this.retryAfterSeconds },
        });
      case '500':
        return json(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
      case 'timeout':
        return; // never answered; the client gives up, the socket is destroyed on close()
      case 'drop':
        req.socket.destroy();
        return;
      case 'blocked':
        return json(res, 403, {
          ok: false,
          error_code: 403,
          description: 'Forbidden: bot was blocked by the user',
        });
      case 'not-modified':
        return json(res, 400, {
          ok: false,
          error_code: 400,
          description:
            'Bad Request: message is not modified: specified new message content and reply markup are exactly the same',
        });
    }
    if (method === 'getUpdates') return this.getUpdates(payload, res);
    const result = this.perform(method, payload);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if ('error' in result) return json(res, 400, { ok: false, error_code: 400, description: result.error });
    this.delivered.push({ method, payload, result: result.ok });
    return json(res, 200, { ok: true, result: result.ok });
  }

  private perform(method: string, p: Record<string, any>): { ok: unknown } | { error: string } {
    const message = () => ({
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: p.chat_id, type: Number(p.chat_id) < 0 ? 'supergroup' : 'private' },
      from: BOT_USER,
      text: p.text ?? p.caption,
      entities: p.entities,
    });
    switch (method) {
      case 'getMe':
        return { ok: BOT_USER };
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument':
        return p.text !== undefined && String(p.text).trim() === ''
          ? { error: 'Bad Request: message text is empty' }
          : { ok: message() };
      case 'editMessageText':
        return { ok: { ...message(), message_id: p.message_id } };
      case 'getWebhookInfo':
        return { ok: { url: '', has_custom_certificate: false, pending_update_count: 0 } };
      default:
        return { ok: true };
    }
  }

  private async getUpdates(p: Record<string, any>, res: ServerResponse) {
    const offset = Number(p.offset ?? 0);
    this.highestOffset = Math.max(this.highestOffset, offset);
    const before = this.pending.length;
    // Confirm (drop) everything below the requested offset, as Telegram does.
    while (this.pending.length && this.pending[0].update_id < offset) this.pending.shift();
    this.confirmed += before - this.pending.length;
    if (!this.pending.length && Number(p.timeout ?? 0) > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          this.waiters.delete(done);
          resolve();
        };
        const t = setTimeout(done, Math.min(Number(p.timeout), 1) * 1000);
        this.waiters.add(done);
      });
    }
    if (res.destroyed) return;
    const limit = Number(p.limit ?? 100);
    json(res, 200, { ok: true, result: this.pending.slice(0, limit) });
  }
}

function json(res: ServerResponse, status: number, body: unknown) {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

// ---- update builders ----

let nextUpdateId = 1;
let nextIncomingMessageId = 1;
const now = () => Math.floor(Date.now() / 1000);

export function user(id: number, extra: Record<string, unknown> = {}) {
  return { id, is_bot: false, first_name: `User${id}`, ...extra };
}

export function textUpdate(
  chatId: number,
  text: string,
  opts: {
    fromId?: number;
    chatType?: 'private' | 'group' | 'supergroup';
    edited?: boolean;
    extra?: Record<string, unknown>;
  } = {},
): Update {
  const chatType = opts.chatType ?? (chatId < 0 ? 'supergroup' : 'private');
  const fromId = opts.fromId ?? (chatId > 0 ? chatId : 1);
  const message: any = {
    message_id: nextIncomingMessageId++,
    date: now(),
    chat:
      chatType === 'private'
        ? { id: chatId, type: 'private', first_name: `User${fromId}` }
        : { id: chatId, type: chatType, title: 'Group' },
    from: user(fromId),
    text,
    ...(opts.extra ?? {}),
  };
  if (text.startsWith('/')) {
    const cmd = /^\/\S+/.exec(text)![0];
    message.entities = [{ type: 'bot_command', offset: 0, length: cmd.length }];
  }
  if (opts.edited) message.edit_date = now();
  return {
    update_id: nextUpdateId++,
    ...(opts.edited ? { edited_message: message } : { message }),
  } as Update;
}

export function callbackUpdate(chatId: number, data: string, fromId = chatId > 0 ? chatId : 1): Update {
  return {
    update_id: nextUpdateId++,
    callback_query: {
      id: `cq${nextUpdateId}`,
      from: user(fromId),
      chat_instance: 'ci',
      data,
      message: {
        message_id: 999,
        date: now(),
        chat:
          chatId > 0
            ? { id: chatId, type: 'private', first_name: 'U' }
            : { id: chatId, type: 'supergroup', title: 'G' },
        from: BOT_USER,
        text: 'an earlier answer',
      },
    },
  } as Update;
}

export function inlineUpdate(fromId: number, query: string): Update {
  return {
    update_id: nextUpdateId++,
    inline_query: { id: `iq${nextUpdateId}`, from: user(fromId), query, offset: '' },
  } as Update;
}

export function rawUpdate(body: Record<string, unknown>): Update {
  return { update_id: nextUpdateId++, ...body } as Update;
}
