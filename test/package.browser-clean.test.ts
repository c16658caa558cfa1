import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// The core entry ('lrkit': schedules, range test, suggestions, curve files) must bundle for a
// browser: follow its relative imports and make sure none of them reaches a Node built-in.
test("'lrkit' (src/index.ts) imports no Node built-in anywhere in its module graph", () => {
  const seen = new Set<string>();
  const builtins: string[] = [];
  const visit = (url: URL) => {
    const file = fileURLToPath(url).replace(/\.js$/, '.ts');
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)) {
      if (spec.startsWith('node:')) builtins.push(`${file}: ${spec}`);
      else if (spec.startsWith('.')) visit(new URL(spec, url));
    }
  };
  visit(new URL('../src/index.js', import.meta.url));
  assert.ok(seen.size > 10, `only ${seen.size} modules visited: the import scan is broken`);
  assert.deepEqual(builtins, []);
});
