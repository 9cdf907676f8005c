// A cache container laid out as a large library's is (container.ts): a small section, one large enough
// to be checked on the second thread, postings that thread reads itself, and text blocks left in the
// file. For the tests of reading and checking it, with and without that thread.
import { randomBytes } from 'node:crypto';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { CacheFile, readHeader, readSections, writeContainer } from '../../src/library/cache/container.js';

export function writeLargeContainer(file: string) {
  const big = randomBytes(17 << 20);
  const postings = randomBytes((2 << 20) + 3);
  const blocks = randomBytes(3 << 20);
  writeContainer(file, { kind: 'test' }, [
    { name: 'small', data: Buffer.from('small section') },
    { name: 'big', data: big },
    { name: 'postings', data: postings },
    { name: 'store.blocks', data: blocks },
  ]);
  /** The sections as loadCachedState reads them: the blocks left on disk, the postings by the thread. */
  const read = () => {
    const cacheFile = new CacheFile(openSync(file, 'r'));
    const { header, size, bodyAt } = readHeader(cacheFile.fd);
    return {
      cacheFile,
      ...readSections(cacheFile, header, bodyAt, size, () => {}, ['store.blocks'], ['postings']),
    };
  };
  return { big, postings, blocks, read };
}

/** One bit of the file flipped at the position `at` picks in its bytes. */
export function flipBit(file: string, at: (bytes: Buffer) => number): void {
  const bytes = readFileSync(file);
  bytes[at(bytes)] ^= 1;
  writeFileSync(file, bytes);
}
