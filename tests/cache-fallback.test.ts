// Where the second thread cannot start, a large cache is read and checked all the same: the main thread
// reads what that thread would have fetched and runs the same checks itself.
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
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

const { CacheFile, readHeader, readSections, writeContainer } = await import(
  '../src/library/cache/container.js'
);

const root = mkdtempSync(join(tmpdir(), 'dd-fallback-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(availableParallelism() < 2)('a cache read without a second thread', () => {
  it('has every section, fetched and left on disk included, and sees one damaged byte in each', () => {
    const file = join(root, 'c.cache');
    const big = randomBytes(17 << 20);
    const postings = randomBytes((1 << 20) + 5);
    const blocks = randomBytes(2 << 20);
    writeContainer(file, { kind: 'test' }, [
      { name: 'small', data: Buffer.from('small section') },
      { name: 'big', data: big },
      { name: 'postings', data: postings },
      { name: 'store.blocks', data: blocks },
    ]);
    const original = readFileSync(file);
    const read = () => {
      const cacheFile = new CacheFile(openSync(file, 'r'));
      const { header, size, bodyAt } = readHeader(cacheFile.fd);
      const r = readSections(cacheFile, header, bodyAt, size, () => {}, ['store.blocks'], ['postings']);
      return { cacheFile, ...r };
    };
    const ok = read();
    expect(() => ok.verified()).not.toThrow();
    expect(refused.workers).toBe(1);
    expect(ok.sections.get('big')!.equals(big)).toBe(true);
    expect(ok.sections.get('postings')!.equals(postings)).toBe(true);
    expect(ok.onDisk.get('store.blocks')!.subarray(0, 64).equals(blocks.subarray(0, 64))).toBe(true);
    ok.cacheFile.close();
    for (const part of [big, postings, blocks]) {
      const damaged = Buffer.from(original);
      damaged[damaged.indexOf(part.subarray(0, 64)) + 1000] ^= 1;
      writeFileSync(file, damaged);
      const r = read();
      expect(() => r.verified()).toThrow(/checksum mismatch/);
      r.cacheFile.close();
    }
  });
});
