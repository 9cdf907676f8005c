// Run by tests/cache.test.ts through tsx, as `npm start` runs the bot: the cache's worker threads run
// source taken from functions that tsx compiled (with esbuild's keepNames), so they must work from it.
// Prints one JSON line: what each worker reported.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { startVerifier } from '../../src/library/cache/container.js';
import { corpusKey, startCorpusKey } from '../../src/library/cache/corpus-hash.js';

const dir = mkdtempSync(join(tmpdir(), 'dd-tsx-workers-'));
const corpus = join(dir, 'corpus');
const { mkdirSync } = await import('node:fs');
mkdirSync(corpus);
for (let i = 0; i < 3; i++)
  writeFileSync(join(corpus, `a${i}.md`), `---\nid: a${i}\ntitle: A\n---\n\nText ${i}.\n`);
const file = join(dir, 'bytes');
const bytes = randomBytes(1 << 16);
writeFileSync(file, bytes);
const fd = openSync(file, 'r');
const verifier = startVerifier(fd, [[0, 1000, crc32(bytes.subarray(0, 1000))]], {
  position: 1000,
  into: Buffer.from(new SharedArrayBuffer(2000)),
  ranges: [[0, 2000, crc32(bytes.subarray(1000, 3000))]],
});
const body = Buffer.from(new SharedArrayBuffer(16));
verifier.body(body, [[0, 16, crc32(body)]]);
let verified: string;
try {
  verified = verifier.wait();
} catch (err) {
  verified = (err as Error).message;
}
const keying = startCorpusKey(corpus, Number.MAX_SAFE_INTEGER);
const key = keying.join();
process.stdout.write(
  `${JSON.stringify({ verified, keyed: keying.where(), same: key.hash === corpusKey(corpus).hash })}\n`,
);
