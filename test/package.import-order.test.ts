// The module map of docs/architecture.md, enforced: each area of src/ imports only the areas the
// map lists below it, and nothing in src/ imports scripts/ or bench/.
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
