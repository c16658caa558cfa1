// Package smoke test: build the library the way `npm pack` would (tsconfig.build.json -> dist/),
// lay it out as an installed package, and use it from a separate consumer project by its
// package name only -- plain `node` on the compiled JavaScript (no tsx), and `tsc` on the
// .d.ts files -- so a broken "exports" map, a missing file or a .ts-only import shows up here.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { distIsFresh } from '../bin/fresh.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const tmp = mkdtempSync(join(tmpdir(), 'lrkit-package-'));
const pkg = join(tmp, 'node_modules', 'lrkit'); // the "installed" package
const consumer = join(tmp, 'consumer');

before(async () => {
  // The real tarball, as `npm publish` would upload it, unpacked where `npm install lrkit` would
  // put it. npm's prepare script would rebuild dist/ in place while other test files run the CLI
  // from it: build only when the sources are newer (never in CI, where npm ci built it), then
  // pack without scripts.
  if (!distIsFresh(root)) await run(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root });
  const packed = JSON.parse((await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: root })).stdout) as { filename: string; files: { path: string }[] }[];
  packedFiles = packed[0].files.map((f) => f.path);
  mkdirSync(join(tmp, 'node_modules'), { recursive: true });
  await run('tar', ['-xzf', join(tmp, packed[0].filename), '-C', join(tmp, 'node_modules')]);
  renameSync(join(tmp, 'node_modules', 'package'), pkg);
  // The package's own dependencies (and the tfjs peer), as npm would have installed them.
  symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  // The consumer's own install of the tfjs peer (resolving to the same files, so one tfjs instance).
  symlinkSync(join(root, 'node_modules/@tensorflow'), join(tmp, 'node_modules/@tensorflow'), 'dir');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
  // The consumer finds 'lrkit' by walking up to tmp/node_modules/lrkit, as after `npm install lrkit`.
}, { timeout: 300_000 }); // a full build: generous, so a loaded machine does not fail it

let packedFiles: string[] = [];

after(() => rmSync(tmp, { recursive: true, force: true }));

test('every entry point imports by package name from compiled JS and its exports work', async () => {
  const script = `
import assert from 'node:assert/strict';
import { oneCycle, cyclic, toSpec, fromSpec, suggest, rangeTest, recommend, analyzeCurve, policySpec } from 'lrkit';
import { setBackend, setLearningRate, getLearningRate } from 'lrkit/tfjs';
import { schedulePlot, renderSvg } from 'lrkit/report';
import { blobs } from 'lrkit/data';
import { createMlp } from 'lrkit/models';
import { logMedian } from 'lrkit/robust';
import { writeFileAtomic } from 'lrkit/node';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';

const lr = oneCycle({ maxLr: 0.1, totalSteps: 100 });
assert.ok(Math.abs(lr(0) - 0.004) < 1e-12 && Math.abs(lr(29) - 0.1) < 1e-12);
const c = cyclic({ baseLr: 0.001, maxLr: 0.006, stepSizeUp: 5 });
assert.equal(fromSpec(JSON.stringify(toSpec(c)))(7), c(7));

// A synthetic range-test curve: flat, a long fall, then divergence.
const lrs = Array.from({ length: 100 }, (_, i) => 1e-6 * 10 ** (i / 14));
const losses = lrs.map((x) => 2.3 - 1.5 / (1 + Math.exp(-3 * Math.log10(x / 1e-3))) + (x > 0.3 ? 50 * (x - 0.3) : 0));
const all = suggest.all({ lrs, losses });
for (const k of ['minimum', 'steep', 'valley', 'slide']) {
  assert.ok(all[k].lr > 1e-6 && all[k].lr < 1, k + ' ' + all[k].lr);
}
const rec = recommend({ lrs, losses, stopReason: 'diverged' });
// a blow-up within x2 of the lowest point: a cliff, so one-cycle is medium and the constant rate low
assert.deepEqual(rec.warnings.map((w) => w.code), ['cliff']);
assert.equal(rec.oneCycle.confidence, 'medium');
assert.equal(rec.constant.confidence, 'low');
assert.ok(rec.constant.lr > 1e-3 && rec.constant.lr < 0.3, 'recommended constant ' + rec.constant.lr);
const analysis = analyzeCurve({ lrs, losses, stopReason: 'diverged' }, { itersPerEpoch: 100, epochs: 5 });
assert.equal(analysis.recommendation.constant.lr, rec.constant.lr);
assert.equal(analysis.schedules.oneCycle.spec.totalSteps, 500);
assert.equal(policySpec('triangular', { maxLr: 0.1, totalSteps: 2000, itersPerEpoch: 100 }).stepSizeUp, 400);
const r = await rangeTest({ step: (x) => 1 + x, startLr: 1e-3, endLr: 1, numIter: 5 });
assert.equal(r.iterations, 5);

assert.equal(await setBackend('cpu'), 'cpu');
assert.equal(tf.getBackend(), 'cpu');
const opt = tf.train.sgd(0.1);
setLearningRate(opt, 0.05);
assert.equal(getLearningRate(opt), 0.05);

const data = blobs({ count: 20, classes: 2, seed: 1 });
assert.equal(data.count, 20);
const model = createMlp({ inputShape: [2], classes: 2, hidden: [4], seed: 0 });
assert.deepEqual(model.outputs[0].shape, [null, 2]);
assert.ok(Math.abs(logMedian([1e-3, 1e-2, 1e-1]) - 1e-2) < 1e-12);

const svg = await renderSvg(schedulePlot({ series: [{ name: 'lr', values: [0.1, 0.2, 0.3] }] }));
assert.match(svg, /^<svg/);
await writeFileAtomic('atomic.txt', 'ok');
assert.equal(readFileSync('atomic.txt', 'utf8'), 'ok');
console.log('consumer ok');
`;
  writeFileSync(join(consumer, 'main.mjs'), script);
  const { stdout } = await run(process.execPath, ['main.mjs'], { cwd: consumer });
  assert.match(stdout, /consumer ok/);
});

test('the type declarations of every entry point resolve for a NodeNext TypeScript consumer', async () => {
  writeFileSync(
    join(consumer, 'types.ts'),
    `import { oneCycle, type Schedule, type RangeTestResult } from 'lrkit';
import { setBackend, type BackendChoice } from 'lrkit/tfjs';
import { schedulePlot } from 'lrkit/report';
import { blobs } from 'lrkit/data';
import { createMlp } from 'lrkit/models';
import { logMedian } from 'lrkit/robust';
import { prepareOutputDir } from 'lrkit/node';
const s: Schedule = oneCycle({ maxLr: 0.1, totalSteps: 10 });
const b: BackendChoice = 'cpu';
export const used = [s, b, setBackend, schedulePlot, blobs, createMlp, logMedian, prepareOutputDir] as const;
export type R = RangeTestResult;
// @ts-expect-error oneCycle requires maxLr: the declarations carry real types, not any
oneCycle({ totalSteps: 10 });
`,
  );
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, lib: ['ES2022', 'DOM'], types: [] },
      files: ['types.ts'],
    }),
  );
  await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumer }).catch((e: { stdout?: string }) => {
    assert.fail(`tsc failed in the consumer project:\n${e.stdout}`);
  });
});

test('the tarball: LICENSE, README, no source files; every source map carries its sources; require() says the package is ESM', async () => {
  for (const f of ['LICENSE', 'README.md', 'package.json', 'bin/lrkit.js', 'bin/esm-only.cjs', 'dist/index.js', 'dist/tfjs/index.js', 'dist/cli/main.js']) {
    assert.ok(packedFiles.includes(f), `${f} is not in the tarball`);
  }
  assert.ok(!packedFiles.some((f) => f.startsWith('src/') || f.startsWith('test/')), 'sources and tests stay out');
  const maps = packedFiles.filter((f) => f.endsWith('.js.map'));
  assert.ok(maps.length > 50, `${maps.length} source maps`);
  for (const m of maps) {
    const map = JSON.parse(readFileSync(join(pkg, m), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
    assert.ok(map.sourcesContent && map.sourcesContent.length === map.sources.length && map.sourcesContent.every((c) => typeof c === 'string' && c.length > 0), `${m} has no inlined sources`);
  }
  writeFileSync(join(consumer, 'cjs.cjs'), "try { require('lrkit'); } catch (e) { console.log(e.message); }");
  const { stdout } = await run(process.execPath, ['cjs.cjs'], { cwd: consumer });
  assert.match(stdout, /lrkit is an ES module and cannot be require\(\)d: use `import/);
  assert.ok(readdirSync(pkg).includes('LICENSE'));
});

test('the compiled CLI runs: dist/cli/main.js --help and the installed bin', async () => {
  const help = await run(process.execPath, [join(pkg, 'dist/cli/main.js'), '--help'], { cwd: consumer });
  assert.match(help.stdout, /Usage: lrkit/);
  for (const cmd of ['find', 'schedule', 'analyze', 'train']) assert.match(help.stdout, new RegExp(`\\b${cmd}\\b`));
  // bin/lrkit.js finds no src/ in an installed package, so it must run dist/ without tsx.
  const version = await run(process.execPath, [join(pkg, 'bin/lrkit.js'), '--version'], { cwd: consumer });
  assert.equal(version.stdout.trim(), (await import('../package.json', { with: { type: 'json' } })).default.version);
});
