import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

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

// The stronger check: bundle 'lrkit' the way a page would (Vite, browser build, no aliases) and run
// it in a bare V8 context, without Node's globals (no Buffer, process, require or timers).
test("'lrkit' bundles with Vite for a browser and works with no Node globals", async () => {
  const { build } = await import('vite');
  const out = (await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: fileURLToPath(new URL('../src/index.ts', import.meta.url)), formats: ['iife'], name: 'lrkit' } },
  })) as { output: { code: string }[] }[];
  // Only the Web APIs every browser has (protobufjs builds its UTF-8 decoders at load); no Node globals.
  const context = vm.createContext({ TextDecoder, TextEncoder });
  vm.runInContext(out[0].output[0].code, context);
  assert.equal(vm.runInContext('typeof Buffer + typeof process', context), 'undefinedundefined');
  const csv = vm.runInContext(`lrkit.curveToCsv({ lrs: [1e-3, 1e-2, 1e-1], losses: [2, 1.5, 3] })`, context) as string;
  const parsed = vm.runInContext(`lrkit.parseCurveCsv(${JSON.stringify(csv)})`, context) as { lrs: number[]; losses: number[] };
  assert.deepEqual([...parsed.lrs], [1e-3, 1e-2, 1e-1]);
  assert.deepEqual([...parsed.losses], [2, 1.5, 3]);
  const result = (await vm.runInContext(
    `lrkit.rangeTest({ numIter: 30, step: (lr) => (lr - 0.01) ** 2 + 1 }).then((r) => ({ n: r.lrs.length, valley: lrkit.suggest.all(r).valley.lr }))`,
    context,
  )) as { n: number; valley: number };
  assert.ok(result.n >= 2 && result.valley > 0, JSON.stringify(result));
  // TensorBoard event files too (protobufjs + the pure-JS CRC32C), and the recommendation.
  const tb = vm.runInContext(`(() => {
    const pts = (f) => Array.from({ length: 30 }, (_, i) => ({ step: i, wallTime: i, value: f(i) }));
    const bytes = lrkit.encodeTensorBoardEvents({ lr: pts((i) => 1e-5 * 1.4 ** i), loss: pts((i) => 2 + Math.sin(i)) }, 'tensor');
    const { curve } = lrkit.curveFromScalars(lrkit.parseTensorBoardEvents(bytes).scalars);
    return { n: curve.lrs.length, confidence: lrkit.recommend(curve).confidence };
  })()`, context) as { n: number; confidence: string };
  assert.equal(tb.n, 30);
  assert.ok(['high', 'medium', 'low'].includes(tb.confidence));
});

// Node-only code lives in src/node/ (issue #25, item 5): outside it, only the CLI and robust/'s
// worker threads may import a Node built-in ('node:fs', or the bare 'fs', 'path', 'worker_threads', ...).
const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const NODE_AREAS = new Set(['node', 'cli', 'robust']);
const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** Whether a module specifier names a Node built-in. */
const isBuiltin = (spec: string) => spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]);

/** `file: spec` for each Node built-in imported (statically, dynamically or for effect) by a file of src/ outside NODE_AREAS. */
function builtinImportsOutsideNode(files: string[], read: (file: string) => string): string[] {
  const bad: string[] = [];
  for (const file of files) {
    const area = relative(SRC, file).split(/[\\/]/)[0];
    if (NODE_AREAS.has(area)) continue;
    const text = read(file);
    for (const re of [/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s*['"]([^'"]+)['"]/gm, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g]) {
      for (const [, spec] of text.matchAll(re)) if (isBuiltin(spec)) bad.push(`${relative(SRC, file)}: ${spec}`);
    }
  }
  return bad;
}

function srcFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? srcFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('no file of src/ outside node/, cli/ and robust/ imports a Node built-in', () => {
  const files = srcFiles(SRC);
  assert.ok(files.length > 50, `only ${files.length} files in src/: the scan is broken`);
  assert.deepEqual(builtinImportsOutsideNode(files, (f) => readFileSync(f, 'utf8')), []);
});

test('the Node built-in check catches what it is for', () => {
  const fake = (area: string) => join(SRC, area, 'x.ts');
  const text: Record<string, string> = {
    [fake('io')]: "import { readFileSync } from 'node:fs';\nimport path from 'path';",
    [fake('data')]: "const { Worker } = await import('worker_threads');\nimport 'node:process';",
    [fake('report')]: "import { createHash } from 'crypto';\nimport { z } from 'zod';\nimport { a } from './fs.js';",
    [fake('node')]: "import { readFileSync } from 'node:fs';",
    [fake('robust')]: "import { Worker } from 'node:worker_threads';",
  };
  assert.deepEqual(builtinImportsOutsideNode(Object.keys(text), (f) => text[f]).sort(), [
    'data/x.ts: node:process', 'data/x.ts: worker_threads', 'io/x.ts: node:fs', 'io/x.ts: path', 'report/x.ts: crypto',
  ]);
});
