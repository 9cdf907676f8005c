// What a button carries. Telegram allows 64 bytes of callback data, so a payload (a question, a passage
// id, a timeline filter) travels inline when it fits and otherwise as a short key into the bot's
// session storage (Redis when configured), where it lives for KEY_TTL_MS. Every instance reads the same
// storage, so any instance, and one restarted since, serves any button. A key that is unknown (expired,
// or never issued) decodes to "stale", and the bot answers the press politely instead of guessing.
//
// Layout: one letter for the action, an optional number, then `=payload` (inline) or `#key`.
//   m<offset>  a page of an answer: 0 = the answer itself, n = further passages from n
//   s          the sources of an answer            p<n>  the full passage behind citation n
//   t<page>    a timeline for a filter ('' = all)  f<page>  figures for a filter
//   e<n>       example question n of /start        x  cancel whatever is waiting
// A question's payload is the question after the earlier questions it follows up, one per line
// (user text never holds a line break: cleanUserText folds them); a passage's is its chunk id, then
// the quoted snippet on the next line.
import { createHash } from 'node:crypto';
import { MemorySessionStorage, type StorageAdapter } from 'grammy';

export const CALLBACK_LIMIT = 64;

/** How long a button's stored payload is kept after it was last issued. */
export const KEY_TTL_MS = 30 * 24 * 3600 * 1000;

export type Action =
  | { kind: 'page'; question: string; previous?: string[]; offset: number }
  | { kind: 'sources'; question: string; previous?: string[] }
  | { kind: 'passage'; chunkId: string; n?: number; snippet?: string }
  | { kind: 'timeline'; filter: string; page?: number }
  | { kind: 'figures'; filter: string; page?: number }
  | { kind: 'example'; index: number }
  | { kind: 'cancel' };

/** A stored payload and when it stops being served (ms since the epoch). */
export interface KeyRecord {
  v: string;
  exp: number;
}

/** Storage keys of buttons: apart from sessions (keyed by chat id) when both share one adapter. */
const STORE_PREFIX = 'btn:';

/**
 * Keys for payloads too long to travel inline. A key is a hash of its payload, so every instance
 * issues the same key for the same payload and a stored entry is never someone else's. Issuing is
 * synchronous (keyboards are built in plain code); the write to storage is queued, and `flush` (run by
 * the bot before any API call goes out) makes sure a key is stored before a message carrying it is sent.
 */
export class CallbackKeys {
  private readonly storage: StorageAdapter<KeyRecord>;
  private readonly ttlMs: number;
  /** Recently issued or resolved payloads, so this instance rarely reads or rewrites storage. */
  private readonly local = new Map<string, KeyRecord>();
  /** Writes under way; each leaves the set when done, so a bot that never flushes holds none for long. */
  private readonly pending = new Set<Promise<unknown>>();
  private readonly capacity: number;
  private readonly onWriteError: (err: unknown) => void;

  constructor(
    opts: {
      storage?: StorageAdapter<KeyRecord>;
      ttlMs?: number;
      capacity?: number;
      onWriteError?: (err: unknown) => void;
    } = {},
  ) {
    this.ttlMs = opts.ttlMs ?? KEY_TTL_MS;
    this.storage = opts.storage ?? new MemorySessionStorage<KeyRecord>(this.ttlMs);
    this.capacity = opts.capacity ?? 5000;
    this.onWriteError = opts.onWriteError ?? (() => undefined);
  }

  issue(value: string): string {
    const key = createHash('sha256').update(value).digest('base64url').slice(0, 12);
    const now = Date.now();
    const known = this.local.get(key);
    // Rewritten once half its life has passed, so a button still being shown does not expire.
    if (known && known.v === value && known.exp - now > this.ttlMs / 2) return key;
    const record = { v: value, exp: now + this.ttlMs };
    this.remember(key, record);
    const write: Promise<unknown> = Promise.resolve()
      .then(() => this.storage.write(STORE_PREFIX + key, record))
      .catch(this.onWriteError)
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
    return key;
  }

  /** Resolves once every key issued so far is in storage (or its write has failed and been reported). */
  async flush(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  async resolve(key: string): Promise<string | undefined> {
    if (!/^[\w-]{1,32}$/.test(key)) return undefined;
    const now = Date.now();
    let record = this.local.get(key);
    if (!record) {
      record = await this.storage.read(STORE_PREFIX + key);
      if (record && typeof record.v === 'string' && typeof record.exp === 'number')
        this.remember(key, record);
      else record = undefined;
    }
    return record && record.exp > now ? record.v : undefined;
  }

  private remember(key: string, record: KeyRecord) {
    this.local.delete(key);
    this.local.set(key, record);
    while (this.local.size > this.capacity) this.local.delete(this.local.keys().next().value as string);
  }
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function withPayload(head: string, payload: string, keys: CallbackKeys): string {
  const inline = `${head}=${payload}`;
  return bytes(inline) <= CALLBACK_LIMIT ? inline : `${head}#${keys.issue(payload)}`;
}

const questionPayload = (question: string, previous: string[] = []) => [...previous, question].join('\n');

export function encodeAction(action: Action, keys: CallbackKeys): string {
  switch (action.kind) {
    case 'page':
      return withPayload(`m${action.offset}`, questionPayload(action.question, action.previous), keys);
    case 'sources':
      return withPayload('s', questionPayload(action.question, action.previous), keys);
    case 'passage':
      return withPayload(
        `p${action.n ?? ''}`,
        action.snippet ? `${action.chunkId}\n${action.snippet}` : action.chunkId,
        keys,
      );
    case 'timeline':
      return withPayload(`t${action.page || ''}`, action.filter, keys);
    case 'figures':
      return withPayload(`f${action.page || ''}`, action.filter, keys);
    case 'example':
      return `e${action.index}`;
    case 'cancel':
      return 'x';
  }
}

export type Decoded = Action | { kind: 'stale' } | { kind: 'unknown' };

const SHAPE = /^([mspfte])(\d{0,4})(?:([=#])([\s\S]*))?$/;

function question(payload: string): { question: string; previous?: string[] } | undefined {
  const lines = payload.split('\n');
  const last = lines.pop();
  if (!last) return undefined;
  return lines.length ? { question: last, previous: lines } : { question: last };
}

/** Reads callback data; never throws on what a client sends (a storage outage does reject). */
export async function decodeAction(data: string | undefined, keys: CallbackKeys): Promise<Decoded> {
  if (data === undefined || bytes(data) > CALLBACK_LIMIT) return { kind: 'unknown' };
  if (data === 'x') return { kind: 'cancel' };
  const m = SHAPE.exec(data);
  if (!m) return { kind: 'unknown' };
  const [, letter, num, mark, raw = ''] = m;
  const n = num ? Number(num) : undefined;
  if (letter === 'e') return n === undefined || mark ? { kind: 'unknown' } : { kind: 'example', index: n };
  if (!mark) return { kind: 'unknown' };
  const payload = mark === '=' ? raw : await keys.resolve(raw);
  if (payload === undefined) return { kind: 'stale' };
  switch (letter) {
    case 'm': {
      const q = question(payload);
      return q ? { kind: 'page', ...q, offset: n ?? 0 } : { kind: 'unknown' };
    }
    case 's': {
      const q = question(payload);
      return q ? { kind: 'sources', ...q } : { kind: 'unknown' };
    }
    case 'p': {
      const [chunkId, ...snippet] = payload.split('\n');
      if (!chunkId) return { kind: 'unknown' };
      const action: Action = { kind: 'passage', chunkId, n };
      if (snippet.length) action.snippet = snippet.join('\n');
      return action;
    }
    case 't':
      return n ? { kind: 'timeline', filter: payload, page: n } : { kind: 'timeline', filter: payload };
    case 'f':
      return n ? { kind: 'figures', filter: payload, page: n } : { kind: 'figures', filter: payload };
    default:
      return { kind: 'unknown' };
  }
}
