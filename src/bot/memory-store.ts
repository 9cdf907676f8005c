// Sessions and conversation state kept in this process (no REDIS_URL): bounded, so memory does not
// grow with every chat that ever wrote. An entry expires `ttlMs` after it was last written or read,
// and past `maxEntries` the least recently used one is evicted; a chat that comes back after that
// simply starts afresh, as it would after a restart.
import type { StorageAdapter } from 'grammy';

export interface MemoryStoreOptions {
  ttlMs: number;
  maxEntries: number;
  /** The clock (tests move it). */
  now?: () => number;
}

export class BoundedMemoryStore<T> implements StorageAdapter<T> {
  // A Map iterates in insertion order: re-inserting on every use keeps the least recent first.
  private readonly entries = new Map<string, { value: T; expires: number }>();
  private readonly now: () => number;

  constructor(private readonly opts: MemoryStoreOptions) {
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  read(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    if (e.expires <= this.now()) return undefined;
    e.expires = this.now() + this.opts.ttlMs;
    this.entries.set(key, e);
    return e.value;
  }

  write(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.opts.ttlMs });
    this.evict();
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  has(key: string): boolean {
    const e = this.entries.get(key);
    return !!e && e.expires > this.now();
  }

  private evict() {
    // Oldest first: expired ones go (a few per write, so the sweep costs O(1) amortised), then
    // whatever is over the bound.
    const now = this.now();
    for (const [k, e] of this.entries) {
      if (this.entries.size > this.opts.maxEntries || e.expires <= now) this.entries.delete(k);
      else break;
    }
  }
}
