import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
