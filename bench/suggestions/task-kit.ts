// What every task of the suggestion suite (tasks.ts) and its held-out check (held-out.ts) is
// built from: the task shape, seeded initializers, compiling, data helpers.
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '../../src/node/index.js';
import { seededRandom } from '../../src/data/random.js';
import { createOptimizer } from '../../src/models/optimizer.js';
import { registerWasmConv2DGradient } from '../../src/tfjs/conv2d-gradient.js';

/** Evaluations per training run (every steps / EVALS steps); its score averages the last EVALS_AVERAGED. */
export const EVALS = 10;
export const EVALS_AVERAGED = 3;

/** Features and targets in flat arrays; `ys` is one-hot for classification, one value per row for regression. */
export interface TaskData {
  xs: Float32Array;
  ys: Float32Array;
  count: number;
  xShape: number[];
  yWidth: number;
}

export interface SuiteTask {
  name: string;
  /** What kind of model and problem, for the report. */
  kind: string;
  optimizer: string;
  batchSize: number;
  /** Optimizer steps of every training run (grid and suggestions alike). */
  steps: number;
  /** `accuracy` (higher is better, reported in points) or `mse` (lower is better, relative gap). */
  metric: 'accuracy' | 'mse';
  load(): Promise<{ train: TaskData; test: TaskData }>;
  /** A compiled model whose initial weights depend only on `seed`. */
  build(seed: number): tf.LayersModel;
}

// tfjs's normal generators treat seed 0 as "no seed"; keep every initializer seed away from 0.
export const init = (seed: number, k: number) => ({ seed: seed * 1009 + k + 1 });
export const glorot = (seed: number, k: number) => tf.initializers.glorotUniform(init(seed, k));
export const he = (seed: number, k: number) => tf.initializers.heNormal(init(seed, k));

export function compile(model: tf.LayersModel, optimizer: string, metric: 'accuracy' | 'mse'): tf.LayersModel {
  model.compile({
    optimizer: createOptimizer(optimizer, 0.01),
    loss: metric === 'accuracy' ? 'categoricalCrossentropy' : 'meanSquaredError',
    ...(metric === 'accuracy' ? { metrics: ['accuracy'] } : {}),
  });
  return model;
}

export function oneHot(labels: ArrayLike<number>, classes: number): Float32Array {
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) out[i * classes + labels[i]] = 1;
  return out;
}

export async function images(load: typeof loadMnist, trainLimit: number, testLimit: number) {
  const [train, test] = [await load({ split: 'train', limit: trainLimit, seed: 0 }), await load({ split: 'test', limit: testLimit, seed: 0 })];
  const wrap = (d: typeof train): TaskData => ({ xs: d.features, ys: oneHot(d.labels, 10), count: d.count, xShape: d.shape, yWidth: 10 });
  return { train: wrap(train), test: wrap(test) };
}

/** Rows `[0, n)` of a generator `row(rand, x, y)` that fills one example's features and target. */
export function generate(n: number, xWidth: number, yWidth: number, seed: number, row: (rand: () => number, x: Float32Array, y: Float32Array) => void): TaskData {
  const rand = seededRandom(seed);
  const xs = new Float32Array(n * xWidth);
  const ys = new Float32Array(n * yWidth);
  for (let i = 0; i < n; i++) row(rand, xs.subarray(i * xWidth, (i + 1) * xWidth), ys.subarray(i * yWidth, (i + 1) * yWidth));
  return { xs, ys, count: n, xShape: [xWidth], yWidth };
}


/** A task's `load` for a synthetic generator: training rows from seed 1, test rows from seed 2. */
export const synthetic = (make: (n: number, seed: number) => TaskData, nTrain: number, nTest: number) => async () => ({
  train: make(nTrain, 1), test: make(nTest, 2),
});

let convRegistered = false;
/** lrkit's conv2d gradient on wasm (conv layers train there), registered once per worker. */
export function withConvGradient(): void {
  if (!convRegistered) registerWasmConv2DGradient();
  convRegistered = true;
}
