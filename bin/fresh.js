// Is the compiled dist/ at least as new as every TypeScript source? Used by bin/lrkit.js (run
// dist/ when it is, the sources through tsx when not) and by the package test (pack without a
// rebuild when it is, so no test ever sees dist/ half-written).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time of the .ts files under `dir`. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/**
 * True when `root`/dist/cli/main.js exists and no file under `root`/src is newer (an installed
 * package has no src/: its dist/ is what there is).
 *
 * @example
 * distIsFresh(fileURLToPath(new URL('..', import.meta.url))); // true after npm run build
 */
export function distIsFresh(root) {
  const built = join(root, 'dist', 'cli', 'main.js');
  const src = join(root, 'src');
  return existsSync(built) && (!existsSync(src) || statSync(built).mtimeMs >= newest(src));
}
