// Benchmark: one training step on wasm with tfjs's own kernels against lrkit's
// registerFastWasmKernels (matmuls off the scalar transposed path and packing the smaller operand,
// conv and pooling gradients, per-channel bias kernels, shared copies), and batch
// assembly by tf.gather against the JS-side row copy findLearningRate now uses. Models: the MNIST
// MLPs 784-128-10 and 784-512-256-10 (batch 64, SGD momentum, trainOnBatch) and the small CNN
// (8 + 16 filters, batch 64), and a GRU (24 units, 16 steps: many small matmuls). Variants alternate within every round (rotating order), so load
// from other processes hits both sides of a ratio alike; ratios are paired per round.
//
// Run: node --import tsx bench/kernels.ts [--rounds 12] [--steps 20] [--warmup 2]
import * as tf from '@tensorflow/tfjs';
import { linePointChart, type Row } from './lib/charts.js';
import { intArg, machineInfo, round, stats, wallSeconds, writeJson, writePng } from './lib/common.js';
import { loadMnist } from '../src/node/index.js';
import { createCnn, createMlp, toTensors } from '../src/models/index.js';
import { setBackend } from '../src/tfjs/backend.js';
import { tensorStream } from '../src/tfjs/data.js';
import { registerFastWasmKernels } from '../src/tfjs/fast-kernels.js';

const ROUNDS = intArg('rounds', 12);
const STEPS = intArg('steps', 20);
const WARMUP = intArg('warmup', 2);
const BATCH = 64;

const backend = await setBackend('wasm'); // registers the fast kernels; `restore` takes them away
const restore = registerFastWasmKernels();
const data = await loadMnist({ split: 'train', limit: 2048, seed: 0 });
const { xs, ys } = toTensors(data);
const batchX = xs.slice([0, 0, 0, 0], [BATCH, 28, 28, 1]);
const batchY = ys.slice([0, 0], [BATCH, 10]);

const seqX = tf.randomNormal([BATCH, 16, 4], 0, 1, 'float32', 1);
const seqY = tf.oneHot(tf.tensor1d(Array.from({ length: BATCH }, (_, i) => i % 4), 'int32'), 4).toFloat();
/** A GRU on 16 steps x 4 features (the suggestion suite's recurrent task): many small matmuls. */
function gru(): tf.LayersModel {
  const m = tf.sequential({ layers: [tf.layers.gru({ inputShape: [16, 4], units: 24 }), tf.layers.dense({ units: 4, activation: 'softmax' })] });
  m.compile({ optimizer: tf.train.rmsprop(0.003), loss: 'categoricalCrossentropy' });
  return m;
}

const MODELS: Record<string, { build: () => tf.LayersModel; x: tf.Tensor; y: tf.Tensor }> = {
  'mlp 784-128-10': { build: () => createMlp({ inputShape: [28, 28, 1], classes: 10, hidden: [128], seed: 1, optimizer: 'momentum', lr: 0.01 }), x: batchX, y: batchY },
  'mlp 784-512-256-10': { build: () => createMlp({ inputShape: [28, 28, 1], classes: 10, hidden: [512, 256], seed: 1, optimizer: 'momentum', lr: 0.01 }), x: batchX, y: batchY },
  'cnn 8-16': { build: () => createCnn({ inputShape: [28, 28, 1], classes: 10, filters: [8, 16], seed: 1, optimizer: 'momentum', lr: 0.01 }), x: batchX, y: batchY },
  'gru 24, 16 steps': { build: gru, x: seqX, y: seqY },
};

/** Milliseconds per training step over STEPS steps. */
async function stepMs(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < STEPS; i++) await model.trainOnBatch(x, y);
  return (performance.now() - t0) / STEPS;
}

const perModel: Record<string, { tfjs: number[]; lrkit: number[]; ratio: number[] }> = {};
for (const [name, { build, x, y }] of Object.entries(MODELS)) {
  const model = build();
  const rec = { tfjs: [] as number[], lrkit: [] as number[], ratio: [] as number[] };
  for (let r = 0; r < WARMUP + ROUNDS; r++) {
    const order = r % 2 === 0 ? ['tfjs', 'lrkit'] : ['lrkit', 'tfjs'];
    const t: Record<string, number> = {};
    for (const v of order) {
      if (v === 'tfjs') restore();
      else registerFastWasmKernels();
      // The CNN needs lrkit's conv2d filter gradient on wasm with either matmul kernels.
      if (name.startsWith('cnn') && v === 'tfjs') (await import('../src/tfjs/conv2d-gradient.js')).registerWasmConv2DGradient({ fastInput: false });
      t[v] = await stepMs(model, x, y);
    }
    if (r < WARMUP) continue;
    rec.tfjs.push(t.tfjs);
    rec.lrkit.push(t.lrkit);
    rec.ratio.push(t.tfjs / t.lrkit);
  }
  registerFastWasmKernels();
  model.dispose();
  perModel[name] = rec;
  const s = stats(rec.ratio);
  console.log(`${name}: tfjs ${stats(rec.tfjs).median.toFixed(2)} ms, lrkit ${stats(rec.lrkit).median.toFixed(2)} ms per step: ${s.median.toFixed(2)}x faster [${s.min.toFixed(2)} .. ${s.max.toFixed(2)}]`);
}

// Batch assembly: tf.gather of 64 shuffled rows against findLearningRate's row copy.
const gatherMs: number[] = [];
const copyMs: number[] = [];
const stream = tensorStream({ xs, ys }, BATCH, true, 0);
const rows = tf.tensor1d(Array.from({ length: BATCH }, (_, i) => (i * 37) % 2048), 'int32');
for (let r = 0; r < WARMUP + ROUNDS; r++) {
  let t0 = performance.now();
  for (let i = 0; i < STEPS; i++) tf.dispose(tf.tidy(() => [tf.gather(xs, rows), tf.gather(ys, rows)]).map((t) => (t.dataSync(), t)));
  const g = (performance.now() - t0) / STEPS;
  t0 = performance.now();
  for (let i = 0; i < STEPS; i++) {
    const b = await stream.next();
    b.xs.dataSync();
    tf.dispose([b.xs, b.ys]);
  }
  const c = (performance.now() - t0) / STEPS;
  if (r >= WARMUP) {
    gatherMs.push(g);
    copyMs.push(c);
  }
}
console.log(`batch of 64: tf.gather ${stats(gatherMs).median.toFixed(2)} ms, row copy ${stats(copyMs).median.toFixed(2)} ms`);
tf.dispose([xs, ys, batchX, batchY, rows, seqX, seqY]);

const summary = Object.fromEntries(Object.entries(perModel).map(([name, r]) => [name, {
  tfjsMs: round(stats(r.tfjs).median, 4), lrkitMs: round(stats(r.lrkit).median, 4),
  speedup: { median: round(stats(r.ratio).median, 4), min: round(stats(r.ratio).min, 4), max: round(stats(r.ratio).max, 4) },
}]));
writeJson('kernels', {
  benchmark: 'kernels',
  machine: machineInfo(backend),
  setup: { rounds: ROUNDS, warmupRounds: WARMUP, stepsPerRound: STEPS, batchSize: BATCH, optimizer: 'SGD momentum 0.9 (trainOnBatch)', data: 'MNIST, one fixed batch' },
  steps: summary,
  batchAssembly: { gatherMs: round(stats(gatherMs).median, 4), rowCopyMs: round(stats(copyMs).median, 4) },
  rounds: perModel,
  wallSeconds: wallSeconds(),
});
const lines: Row[] = Object.entries(perModel).flatMap(([name, r]) => r.ratio.map((y, i) => ({ series: name, x: i + 1, y })));
await writePng('kernels', linePointChart({ lines, title: 'wasm training step: tfjs kernels / lrkit fast kernels (per round)', xTitle: 'round', yTitle: 'speed-up (x)' }));
