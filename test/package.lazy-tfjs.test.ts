// Commands that train nothing load no TensorFlow.js: nothing their modules import statically, all
// the way down, imports @tensorflow/* (a dynamic import() loads it only when a command needs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Static imports and re-exports of a file: [relative specifiers, package specifiers]. */
function staticImports(file: string): { local: string[]; packages: string[] } {
  // drop comments so an example in a doc comment is not read as an import
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specs = [...text.matchAll(/^\s*(?:import|export)\s(?!type\s)[^'";]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)].map((m) => m[1] ?? m[2]);
  return { local: specs.filter((s) => s.startsWith('.')), packages: specs.filter((s) => !s.startsWith('.')) };
}

/** The chain of files from `entry` to one that imports @tensorflow statically, or undefined. */
function pathToTfjs(entry: string): string[] | undefined {
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): string[] | undefined => {
    if (seen.has(file)) return undefined;
    seen.add(file);
    const { local, packages } = staticImports(file);
    if (packages.some((p) => p.startsWith('@tensorflow/'))) return [...chain, file];
    for (const spec of local) {
      const ts = join(dirname(file), spec).replace(/\.js$/, '.ts');
      if (existsSync(ts)) {
        const found = walk(ts, [...chain, file]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(join(ROOT, entry), []);
}

for (const entry of ['src/cli/schedule.ts', 'src/cli/analyze.ts']) {
  test(`${entry} reaches no TensorFlow.js through static imports`, () => {
    const chain = pathToTfjs(entry);
    assert.equal(chain, undefined, `${chain?.map((f) => relative(ROOT, f)).join(' -> ')}`);
  });
}

test('the walk finds TensorFlow.js where it is (cli/train.ts)', () => {
  assert.ok(pathToTfjs('src/cli/train.ts'));
});
