// Benchmark: `lrkit find --runs 4` (four range tests in worker threads, median suggestions) with 1
// worker against 2 workers on the 2-core machine, alternating, from a cold process each time:
// the throughput gain of the second worker, on the default MLP 784-128-10 (where each worker's
// start — tfjs, wasm, the data — outweighs its 100 steps) and on 784-512-256-10 (where training does).
//
// Run: node --import tsx bench/runs.ts [--reps 3] [--runs 4]   (after npm run build)
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intArg, machineInfo, round, stats, wallSeconds, writeJson } from './lib/common.js';

const REPS = intArg('reps', 3);
const RUNS = intArg('runs', 4);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
// [extra flags, runs]: the default job as users run it, and a larger MLP over more runs, where
// training outweighs each worker's start-up.
const configs: Record<string, [string[], number]> = {
  'mlp 784-128-10 (default), --runs 4': [['--hidden', '128'], RUNS],
  'mlp 784-512-256-10, --runs 4': [['--hidden', '512,256'], RUNS],
  'mlp 784-512-256-10, --runs 8': [['--hidden', '512,256'], 2 * RUNS],
};
const results: Record<string, { seconds: Record<'1' | '2', number[]>; medianSeconds: Record<'1' | '2', number>; throughputGain: number }> = {};
for (const [name, [extra, runs]] of Object.entries(configs)) {
  const seconds: Record<'1' | '2', number[]> = { 1: [], 2: [] };
  for (let r = 0; r < REPS; r++) {
    for (const w of (r % 2 === 0 ? ['1', '2'] : ['2', '1']) as ('1' | '2')[]) {
      const out = mkdtempSync(join(tmpdir(), 'lrkit-runs-'));
      const t0 = performance.now();
      const res = spawnSync(process.execPath, [join(ROOT, 'bin/lrkit.js'), 'find', '--runs', String(runs), '--workers', w, ...extra, '--no-progress', '--out', out], { cwd: ROOT, encoding: 'utf8' });
      const s = (performance.now() - t0) / 1000;
      if (res.status !== 0) throw new Error(`--workers ${w}: exit ${res.status}: ${res.stderr}`);
      seconds[w].push(s);
      console.log(`${name} --workers ${w}: ${s.toFixed(2)} s`);
    }
  }
  const gain = stats(seconds[1]).median / stats(seconds[2]).median;
  console.log(`${name}: 2 workers give ${gain.toFixed(2)}x the throughput of 1`);
  results[name] = { seconds, medianSeconds: { 1: round(stats(seconds[1]).median), 2: round(stats(seconds[2]).median) }, throughputGain: round(gain) };
}

// The ceiling: steady-state wasm training (MLP 784-128-10, batch 64, trainOnBatch) in one worker
// thread, and in two at once. No start-up and no per-run work: only how two trainings share the CPU.
const workerCode = `
const { parentPort } = require('node:worker_threads');
(async () => {
  const tf = await import('@tensorflow/tfjs');
  const { setBackend } = await import(${JSON.stringify(join(ROOT, 'dist/tfjs/backend.js'))});
  const { createMlp } = await import(${JSON.stringify(join(ROOT, 'dist/models/index.js'))});
  await setBackend('wasm');
  const m = createMlp({ inputShape: [784], classes: 10, hidden: [128], seed: 1, optimizer: 'momentum', lr: 0.01 });
  const x = tf.randomNormal([64, 784], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: 64 }, (_, i) => i % 10), 'int32'), 10).toFloat();
  for (let i = 0; i < 30; i++) await m.trainOnBatch(x, y);
  parentPort.postMessage('ready');
  parentPort.once('message', async () => {
    const t = performance.now();
    for (let i = 0; i < 300; i++) await m.trainOnBatch(x, y);
    parentPort.postMessage((performance.now() - t) / 300);
  });
})();`;
async function concurrentSteps(n: number): Promise<number[]> {
  const ws = Array.from({ length: n }, () => new Worker(workerCode, { eval: true }));
  await Promise.all(ws.map((w) => new Promise((r) => w.once('message', r))));
  const ms = await Promise.all(ws.map((w) => new Promise<number>((r) => { w.once('message', r); w.postMessage('go'); })));
  await Promise.all(ws.map((w) => w.terminate()));
  return ms;
}
const steady = { one: [] as number[], two: [] as number[] };
for (let r = 0; r < REPS; r++) {
  steady.one.push(...(await concurrentSteps(1)));
  steady.two.push(...(await concurrentSteps(2)));
}
const steadyGain = (2 / stats(steady.two).median) / (1 / stats(steady.one).median);
console.log(`steady state: ${stats(steady.one).median.toFixed(2)} ms/step alone, ${stats(steady.two).median.toFixed(2)} ms/step with two at once: ${steadyGain.toFixed(2)}x the throughput`);
console.log(writeJson('runs', {
  benchmark: 'runs', machine: machineInfo('wasm'), command: 'lrkit find --runs N --workers 1|2 --no-progress (MNIST 10k, 100 steps per run)', reps: REPS, results,
  steadyState: { msPerStepAlone: steady.one.map((v) => round(v)), msPerStepTwoAtOnce: steady.two.map((v) => round(v)), throughputGain: round(steadyGain) },
  wallSeconds: wallSeconds(),
}));
