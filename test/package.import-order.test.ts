// The module map of docs/architecture.md, enforced: each area of src/ imports only the areas the
// map lists below it, and nothing in src/ imports scripts/ or bench/. The CLI is a user of the
// package: it imports the other areas only through the package's entry points (issue #25, item 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');

/** The `import-order` block of docs/architecture.md: area -> the areas it may import. */
function documentedOrder(): Map<string, Set<string>> {
  const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const block = /```text import-order\n([\s\S]*?)```/.exec(doc);
  assert.ok(block, 'docs/architecture.md has a ```text import-order block');
  const order = new Map<string, Set<string>>();
  for (const line of block[1].split('\n').filter((l) => l.trim())) {
    const m = /^(\S+)\s*->\s*(.*)$/.exec(line.trim());
    assert.ok(m, `a line of the import-order block reads "area -> areas": ${JSON.stringify(line)}`);
    order.set(m[1], new Set(m[2].split(/\s+/).filter(Boolean)));
  }
  return order;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every relative specifier a file imports or re-exports (static and dynamic). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
}

/** The area (first folder under src/) a path lies in, or where outside src/ it points. */
function areaOf(path: string): string {
  const rel = relative(SRC, path);
  return rel.startsWith('..') ? `outside src: ${relative(ROOT, path)}` : rel.split(/[\\/]/)[0];
}

/** The areas src/index.ts (the 'lrkit' entry) re-exports: importing it imports each of them. */
function coreAreas(): string[] {
  return specifiers(join(SRC, 'index.ts')).map((spec) => areaOf(join(SRC, spec)));
}

/** The imports of src/ that run against `order`: one line each, naming the file, the import and the rule. */
function violations(order: Map<string, Set<string>>): string[] {
  const bad: string[] = [];
  for (const file of tsFiles(SRC)) {
    const from = areaOf(file);
    if (!from.includes('/') && from.endsWith('.ts')) continue; // src/index.ts: the package's entry
    const allowed = order.get(from);
    for (const spec of specifiers(file)) {
      const to = areaOf(join(file, '..', spec));
      if (to === from) continue;
      if (to === 'index.js' || to === 'index.ts') {
        // the 'lrkit' entry: allowed where every area it re-exports is
        const missing = coreAreas().filter((a) => !allowed?.has(a));
        if (missing.length > 0) bad.push(`${relative(ROOT, file)} imports '${spec}' (the 'lrkit' entry, which re-exports ${missing.join(', ')}); ${from} may import only: ${[...(allowed ?? [])].join(', ') || 'nothing'}`);
        continue;
      }
      if (to.startsWith('outside src') || !allowed?.has(to)) {
        bad.push(`${relative(ROOT, file)} imports '${spec}' (${to}); ${from} may import only: ${[...(allowed ?? [])].join(', ') || 'nothing'}`);
      }
    }
  }
  return bad;
}

test('docs/architecture.md lists every area of src/ in its import order', () => {
  const order = documentedOrder();
  const areas = readdirSync(SRC).filter((f) => statSync(join(SRC, f)).isDirectory()).sort();
  assert.deepEqual([...order.keys()].sort(), areas);
  // one way: no area may import one that imports it back (directly or through others)
  const reaches = (a: string, b: string, seen = new Set<string>()): boolean =>
    [...(order.get(a) ?? [])].some((x) => x === b || (!seen.has(x) && (seen.add(x), reaches(x, b, seen))));
  for (const a of areas) assert.ok(!reaches(a, a), `${a} reaches itself through the documented order`);
});

test('every import in src/ follows the documented order, and none reaches scripts/ or bench/', () => {
  assert.deepEqual(violations(documentedOrder()), []);
});

test('the check catches an import against the order', () => {
  // the same tree read against an order where report may not import analysis
  const order = documentedOrder();
  order.set('report', new Set([...order.get('report')!].filter((a) => a !== 'analysis')));
  assert.ok(violations(order).some((v) => /^src\/report\/\S+ imports '\.\.\/analysis\/index\.js' \(analysis\); report may import only:/.test(v)));
});

/** The source files of the package's entry points ("exports" in package.json: dist/X.js -> src/X.ts). */
function entryFiles(): Set<string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string | { import?: string }> };
  const files = new Set<string>();
  for (const target of Object.values(pkg.exports)) {
    const js = typeof target === 'string' ? target : target.import;
    if (js?.startsWith('./dist/')) files.add(join(SRC, js.slice('./dist/'.length).replace(/\.js$/, '.ts')));
  }
  return files;
}

/** cli/ imports that reach another area's file other than a package entry point: one line each. */
function cliEntryViolations(files: string[], entries: Set<string>): string[] {
  const bad: string[] = [];
  for (const file of files) {
    for (const spec of specifiers(file)) {
      const target = join(file, '..', spec).replace(/\.js$/, '.ts');
      if (areaOf(target) === 'cli' || entries.has(target)) continue;
      bad.push(`${relative(ROOT, file)} imports '${spec}', not an entry point of the package; import ${[...entries].map((e) => relative(join(SRC, 'cli'), e).replace(/\.ts$/, '.js')).join(', ')} instead`);
    }
  }
  return bad;
}

test('cli/ imports the other areas only through the package entry points (lrkit, lrkit/tfjs, ...)', () => {
  const entries = entryFiles();
  assert.ok(entries.has(join(SRC, 'index.ts')) && entries.has(join(SRC, 'node', 'index.ts')), [...entries].join(', '));
  const files = tsFiles(join(SRC, 'cli'));
  assert.ok(files.length > 5, `only ${files.length} files in src/cli: the scan is broken`);
  assert.deepEqual(cliEntryViolations(files, entries), []);
});

test('the cli/ check catches an import of an internal file', () => {
  // the same files read as if report/index.ts were not an entry point
  const entries = entryFiles();
  entries.delete(join(SRC, 'report', 'index.ts'));
  const bad = cliEntryViolations(tsFiles(join(SRC, 'cli')), entries);
  assert.ok(bad.some((v) => /^src\/cli\/\S+ imports '\.\.\/report\/index\.js', not an entry point/.test(v)), bad.join('\n'));
  // and the 'lrkit' entry counts as the core areas it re-exports
  assert.deepEqual(coreAreas().sort(), ['analysis', 'finder', 'io', 'schedules', 'suggestions']);
});
