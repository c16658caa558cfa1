#!/usr/bin/env node
// Runs the compiled dist/ (fast start: `npm install` builds it in the repository, through the
// `prepare` script, and a published package ships it). In the repository, when a source file is
// newer than the build (an edit since the last `npm run build`), the TypeScript sources run
// through tsx instead, so the CLI never lags behind them.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distIsFresh } from './fresh.js';

const root = fileURLToPath(new URL('..', import.meta.url));
if (distIsFresh(root)) {
  await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
}
