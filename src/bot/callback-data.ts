// What a button carries. Telegram allows 64 bytes of callback data, so a payload (a question, a passage
// id, a timeline filter) travels inline when it fits and otherwise as a short random key into a small
// LRU of issued keys. A key that is unknown (issued before a restart, evicted, or never issued) decodes
// to "stale", and the bot answers the press politely instead of guessing.
//
// Layout: one letter for the action, an optional number, then `=payload` (inline) or `#key`.
//   m<offset>  a page of an answer: 0 = the answer itself, n = further passages from n
//   s          the sources of an answer            p  the full passage behind a citation (payload: chunk id)
//   t          a timeline for a filter ('' = all)  f  figures for a filter
//   e<n>       example question n of /start        x  cancel whatever is waiting
import { randomBytes } from 'node:crypto';

export const CALLBACK_LIMIT = 64;

export type Action =
  | { kind: 'page'; question: string; offset: number }
  | { kind: 'sources'; question: string }
  | { kind: 'passage'; chunkId: string; n?: number }
  | { kind: 'timeline'; filter: string }
  | { kind: 'figures'; filter: string }
  | { kind: 'example'; index: number }
  | { kind: 'cancel' };

/** Issued keys for payloads too long to travel inline; least recently used ones are forgotten first. */
export class CallbackKeys {
  private readonly byKey = new Map<string, string>();
  private readonly byValue = new Map<string, string>();

  constructor(private readonly capacity = 5000) {}

  /** A key for `value`: the same key again while it is remembered. */
  issue(value: string): string {
    const known = this.byValue.get(value);
    if (known !== undefined) {
      this.touch(known, value);
      return known;
    }
    // 48 random bits: a key from before a restart is unknown, never someone else's question.
    const key = randomBytes(6).toString('base64url');
    this.touch(key, value);
    this.byValue.set(value, key);
    while (this.byKey.size > this.capacity) {
      const [oldKey, oldValue] = this.byKey.entries().next().value as [string, string];
      this.byKey.delete(oldKey);
      this.byValue.delete(oldValue);
    }
    return key;
  }

  resolve(key: string): string | undefined {
    const value = this.byKey.get(key);
    if (value !== undefined) this.touch(key, value);
    return value;
  }

  get size(): number {
    return this.byKey.size;
  }

  private touch(key: string, value: string) {
    this.byKey.delete(key);
    this.byKey.set(key, value);
  }
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function withPayload(head: string, payload: string, keys: CallbackKeys): string {
  const inline = `${head}=${payload}`;
  return bytes(inline) <= CALLBACK_LIMIT ? inline : `${head}#${keys.issue(payload)}`;
}

export function encodeAction(action: Action, keys: CallbackKeys): string {
  switch (action.kind) {
    case 'page':
      return withPayload(`m${action.offset}`, action.question, keys);
    case 'sources':
      return withPayload('s', action.question, keys);
    case 'passage':
      return withPayload(`p${action.n ?? ''}`, action.chunkId, keys);
    case 'timeline':
      return withPayload('t', action.filter, keys);
    case 'figures':
      return withPayload('f', action.filter, keys);
    case 'example':
      return `e${action.index}`;
    case 'cancel':
      return 'x';
  }
}

export type Decoded = Action | { kind: 'stale' } | { kind: 'unknown' };

const SHAPE = /^([mspfte])(\d{0,4})(?:([=#])([\s\S]*))?$/;

/** Reads callback data; never throws, whatever a client sends. */
export function decodeAction(data: string | undefined, keys: CallbackKeys): Decoded {
  if (data === undefined || bytes(data) > CALLBACK_LIMIT) return { kind: 'unknown' };
  if (data === 'x') return { kind: 'cancel' };
  const m = SHAPE.exec(data);
  if (!m) return { kind: 'unknown' };
  const [, letter, num, mark, raw = ''] = m;
  const n = num ? Number(num) : undefined;
  if (letter === 'e') return n === undefined || mark ? { kind: 'unknown' } : { kind: 'example', index: n };
  if (!mark) return { kind: 'unknown' };
  const payload = mark === '=' ? raw : keys.resolve(raw);
  if (payload === undefined) return { kind: 'stale' };
  switch (letter) {
    case 'm':
      return payload ? { kind: 'page', question: payload, offset: n ?? 0 } : { kind: 'unknown' };
    case 's':
      return payload ? { kind: 'sources', question: payload } : { kind: 'unknown' };
    case 'p':
      return payload ? { kind: 'passage', chunkId: payload, n } : { kind: 'unknown' };
    case 't':
      return { kind: 'timeline', filter: payload };
    case 'f':
      return { kind: 'figures', filter: payload };
    default:
      return { kind: 'unknown' };
  }
}
