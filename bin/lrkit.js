#!/usr/bin/env node
// In the repository, run the TypeScript sources through tsx so the CLI never lags behind them;
// in an installed package (no src/), run the compiled dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const src = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
if (existsSync(src)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(src).href);
} else {
  await import('../dist/cli/main.js');
}
