// Benchmark: milliseconds per training step of the embedded models on every backend available in
// Node (wasm, cpu, and tfjs-node's 'tensorflow' when installed), interleaved per repetition.
// Confirms (or not) the default order of setBackend('auto').
//
// Run: node --import tsx bench/backends.ts [--steps 40] [--reps 5] [--batch 64]
// (the defaults are the settings of the committed bench/results/backends.json)
import { intArg, machineInfo, round, stats, wallSeconds, writeJson, writePng } from './lib/common.js';
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '../src/node/index.js';
import { createCnn, createMlp, toTensors } from '../src/models/index.js';
import { linesPlot } from '../src/report/plots.js';
import { setBackend, type BackendChoice } from '../src/tfjs/backend.js';

const STEPS = intArg('steps', 40);
const REPS = intArg('reps', 5);
const BATCH = intArg('batch', 64);

const auto = await setBackend('auto');
const candidates: BackendChoice[] = ['node', 'wasm', 'cpu'];
const available: string[] = [];
const unavailable: Record<string, string> = {};
for (const c of candidates) {
  try {
    available.push(await setBackend(c));
  } catch (e) {
    unavailable[c] = e instanceof Error ? e.message : String(e);
  }
}

const data = await loadMnist({ split: 'train', limit: BATCH * 8, seed: 0 });
const models = {
  // The CNN's filter gradient on wasm is lrkit's registered kernel (registerWasmConv2DGradient).
  'MLP 784-128-10': { make: () => createMlp({ inputShape: [28, 28, 1], classes: 10, seed: 0, optimizer: 'momentum' }), steps: STEPS },
  'CNN conv8-conv16-dense64': { make: () => createCnn({ inputShape: [28, 28, 1], classes: 10, seed: 0, optimizer: 'momentum' }), steps: Math.max(3, Math.round(STEPS / 8)) },
} as const;
type ModelName = keyof typeof models;

const ms: Record<string, Record<string, number[]>> = {};
for (const m of Object.keys(models)) ms[m] = Object.fromEntries(available.map((b) => [b, []]));

for (let rep = -1; rep < REPS; rep++) {
  const order = available.map((_, i) => available[(i + Math.max(rep, 0)) % available.length]);
  for (const b of order) {
    await tf.setBackend(b);
    await tf.ready();
    const { xs, ys } = toTensors(data);
    for (const [name, spec] of Object.entries(models) as [ModelName, (typeof models)[ModelName]][]) {
      const model = spec.make();
      const batches = Array.from({ length: 8 }, (_, k) => tf.tidy(() => [xs.slice(k * BATCH, BATCH), ys.slice(k * BATCH, BATCH)]));
      await model.trainOnBatch(batches[0][0], batches[0][1]); // first call builds the training function
      const t0 = performance.now();
      for (let s = 0; s < spec.steps; s++) {
        const [bx, by] = batches[s % batches.length];
        await model.trainOnBatch(bx, by); // returns numbers: the loss is read back every step
      }
      const dt = (performance.now() - t0) / spec.steps;
      if (rep >= 0) ms[name][b].push(dt);
      tf.dispose(batches.flat());
      model.optimizer.dispose();
      model.dispose();
    }
    tf.dispose([xs, ys]);
  }
  if (rep >= 0) {
    console.log(`rep ${rep + 1}/${REPS}: ` + Object.keys(models).map((m) => `${m}: ` + available.map((b) => `${b} ${ms[m][b][rep].toFixed(1)}`).join(' ')).join(' | '));
  }
}

const summary = Object.fromEntries(Object.keys(models).map((m) => [m, Object.fromEntries(available.map((b) => {
  const s = stats(ms[m][b]);
  return [b, { min: round(s.min), median: round(s.median), max: round(s.max) }];
}))]));
const fastest = Object.fromEntries(Object.keys(models).map((m) => [m, available.reduce((a, b) => (stats(ms[m][a]).median <= stats(ms[m][b]).median ? a : b))]));
const speedupOverCpu = Object.fromEntries(Object.keys(models).map((m) => [m, Object.fromEntries(available.filter((b) => b !== 'cpu').map((b) => [
  b, round(stats(ms[m].cpu.map((c, i) => c / ms[m][b][i])).median, 3),
]))]));

const result = {
  benchmark: 'backends',
  machine: machineInfo(available.join(', ')),
  setup: { batchSize: BATCH, repetitions: REPS, stepsPerRepetition: Object.fromEntries(Object.entries(models).map(([k, v]) => [k, v.steps])), optimizer: 'SGD momentum 0.9', note: 'trainOnBatch on pre-sliced batches, loss read back each step; backends interleaved in rotating order; one warm-up round' },
  autoPicks: auto,
  available,
  unavailable,
  msPerStep: summary,
  msPerStepEachRepetition: Object.fromEntries(Object.entries(ms).map(([m, v]) => [m, Object.fromEntries(Object.entries(v).map(([b, xs]) => [b, xs.map((x) => round(x))]))])),
  fastest,
  speedupOverCpuMedianPaired: speedupOverCpu,
  autoIsFastest: Object.values(fastest).every((f) => f === auto),
  wallSeconds: wallSeconds(),
};
writeJson('backends', result);
const series = Object.keys(models).flatMap((m) => available.map((b) => ({ name: `${m.split(' ')[0]} / ${b}`, x: ms[m][b].map((_, i) => i + 1), y: ms[m][b] })));
await writePng('backends', linesPlot({
  title: `ms per training step by backend (batch ${BATCH}; setBackend('auto') picks ${auto})`,
  xTitle: 'repetition', yTitle: 'ms per step', yScale: 'log', series,
}));
console.log(JSON.stringify({ autoPicks: auto, unavailable, msPerStep: summary, speedupOverCpu }, null, 1));
