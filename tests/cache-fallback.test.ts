// Where the second thread cannot start, a large cache is read and checked all the same: the main thread
// reads what that thread would have fetched and runs the same checks itself.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const refused = vi.hoisted(() => ({ workers: 0 }));
vi.mock('node:worker_threads', async (original) => ({
  ...(await original<typeof import('node:worker_threads')>()),
  Worker: class {
    constructor() {
      refused.workers++;
      throw new Error('no threads here');
    }
  },
}));

const { flipBit, writeLargeContainer } = await import('./helpers/large-container.js');

const root = mkdtempSync(join(tmpdir(), 'dd-fallback-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(availableParallelism() < 2)('a cache read without a second thread', () => {
  it('has every section, fetched and left on disk included, and sees one damaged byte in each', () => {
    const file = join(root, 'c.cache');
    const { big, postings, blocks, read } = writeLargeContainer(file);
    const original = readFileSync(file);
    const ok = read();
    expect(() => ok.verified()).not.toThrow();
    expect(refused.workers).toBe(1);
    expect(ok.sections.get('big')!.equals(big)).toBe(true);
    expect(ok.sections.get('postings')!.equals(postings)).toBe(true);
    expect(ok.onDisk.get('store.blocks')!.subarray(0, 64).equals(blocks.subarray(0, 64))).toBe(true);
    ok.cacheFile.close();
    for (const part of [big, postings, blocks]) {
      writeFileSync(file, original);
      flipBit(file, (all) => all.indexOf(part.subarray(0, 64)) + 1000);
      const r = read();
      expect(() => r.verified()).toThrow(/checksum mismatch/);
      r.cacheFile.close();
    }
  });
});
