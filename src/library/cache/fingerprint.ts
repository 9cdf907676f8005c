// A fingerprint of the code that shapes a cached state: a change to the analyzer, the chunker, the index
// or an extractor makes old caches stale without anyone having to remember to bump a version.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minisearchVersion } from '../../search/minisearch-internals.js';

/** Bump when the file layout changes (code changes that shape the state are caught by the fingerprint). */
export const CACHE_VERSION = 3;

// The modules whose code decides what the state holds (not the answering code: it reads the state).
const STATE_CODE_DIRS = ['corpus', 'search', 'facts', 'library', 'lexicon'];

// The source tree: beside this module when run from source (tsx), else beside the bundle's folder (dist/,
// where bin/cli.mjs and npm run build put them) or ./src of the working directory, so all compute the same
// fingerprint.
function sourceRoot(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '..', '..'), resolve(here, '..', 'src'), resolve(process.cwd(), 'src')];
  return candidates.find((dir) => existsSync(join(dir, 'library', 'cache', 'fingerprint.ts')));
}

let memo: string | undefined;
export function codeFingerprint(): string {
  if (memo) return memo;
  const src = sourceRoot();
  const h = createHash('sha256').update(`cache v${CACHE_VERSION}\0minisearch ${minisearchVersion()}\0`);
  if (src) {
    const files: string[] = [join(src, 'types.ts')];
    for (const dir of STATE_CODE_DIRS) {
      try {
        for (const e of readdirSync(join(src, dir), { recursive: true, withFileTypes: true })) {
          if (e.isFile() && /\.[cm]?[jt]s$/.test(e.name)) files.push(join(e.parentPath, e.name));
        }
      } catch {
        // a folder that does not exist (yet) contributes nothing
      }
    }
    for (const file of files.sort()) {
      try {
        h.update(`${file.slice(src.length)}\0`).update(readFileSync(file));
      } catch {
        // vanished meanwhile: it contributes nothing
      }
    }
  }
  // Without the source (a bundle shipped alone) CACHE_VERSION and the MiniSearch version alone guard it.
  memo = h.digest('hex');
  return memo;
}
