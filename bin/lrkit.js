#!/usr/bin/env node
// Runs the compiled dist/ (fast start: `npm install` builds it in the repository, through the
// `prepare` script, and a published package ships it). In the repository, when a source file is
// newer than the build (an edit since the last `npm run build`), the TypeScript sources run
// through tsx instead, so the CLI never lags behind them.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const built = join(root, 'dist', 'cli', 'main.js');

/** Newest modification time of the .ts files under `dir` (a few ms for lrkit's ~150 files). */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const fresh = existsSync(built) && (!existsSync(src) || statSync(built).mtimeMs >= newest(src));
if (fresh) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(src, 'cli', 'main.ts')).href);
}
