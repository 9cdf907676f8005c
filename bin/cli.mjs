#!/usr/bin/env node
// `node bin/cli.mjs NAME ARGS…` runs src/cli/NAME.ts from a bundle, dist/cli-NAME.mjs: a bundle starts in
// a fraction of tsx's time (tsx's loader transforms and resolves a hundred modules on every start), and
// `npm run ask` is started once per question by some callers. The bundle is rebuilt (esbuild, about
// half a second) whenever any file of src/ or the package files is newer than it; without esbuild
// (a production install) or should the build fail, the CLI runs from source through tsx as before.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [name] = process.argv.splice(2, 1);
if (!name || !/^[a-z-]+$/.test(name)) {
  process.stderr.write('usage: node bin/cli.mjs NAME [ARGS…] (NAME: a file of src/cli)\n');
  process.exit(2);
}
const entry = join(root, 'src', 'cli', `${name}.ts`);
// In dist/ itself, as dist/main.mjs: data files are found from there (../locales, ../src/lexicon).
const bundle = join(root, 'dist', `cli-${name}.mjs`);

/** The newest modification time among the bundle's inputs. */
function newestInput() {
  let newest = 0;
  const visit = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) visit(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  visit(join(root, 'src'));
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json'])
    if (existsSync(join(root, f))) newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
  return newest;
}

/** Every installed package (and its subpaths) but the ones bundled. */
function external() {
  const bundled = new Set(['zod']);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((n) => !bundled.has(n));
  return names.flatMap((n) => [n, `${n}/*`]);
}

async function freshBundle() {
  const newest = newestInput();
  // Within a millisecond: the stamp set below keeps no finer, and it passes through a float number of
  // seconds on its way to the file system, so 25.790 s can come back as 25.789999 s.
  if (existsSync(bundle) && Math.abs(statSync(bundle).mtimeMs - Math.floor(newest)) < 1) return true;
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return false;
  }
  // Written aside and renamed into place: a concurrent start sees the old bundle or the new, never half.
  const tmp = `${bundle}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(bundle), { recursive: true });
    esbuild.buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      // Packages stay where they are installed, but for zod: loaded as installed it is some fifty modules
      // to resolve, read and compile (about 80 ms of every start), bundled it is part of one file.
      external: external(),
      outfile: tmp,
      logLevel: 'warning',
    });
    // Stamped with the inputs' time it was built from: an input changed during the build is newer.
    utimesSync(tmp, new Date(), new Date(newest));
    renameSync(tmp, bundle);
    return true;
  } catch {
    return false;
  }
}

if (!existsSync(entry)) {
  process.stderr.write(`bin/cli.mjs: no such CLI: src/cli/${name}.ts\n`);
  process.exit(2);
}
if (await freshBundle()) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(entry).href);
}
