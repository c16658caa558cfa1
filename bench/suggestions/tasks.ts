// The tasks of the suggestion validation suite: each a data set, a model built from plain
// tf.layers with seeded initializers (the same seed gives the same initial weights), an optimizer,
// a batch size and a fixed budget of optimizer steps. Kinds: convolutional (with and without batch
// norm), recurrent, text-like (token embedding + Conv1D), batch-normalised and plain dense, an
// autoencoder; classification, regression and reconstruction; SGD, momentum, Adam, RMSProp,
// Adagrad; batches from 16 to 512.
import * as tf from '@tensorflow/tfjs';
import { loadFashionMnist, loadMnist } from '../../src/node/index.js';
import { gaussian, seededRandom } from '../../src/data/random.js';
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
const init = (seed: number, k: number) => ({ seed: seed * 1009 + k + 1 });
const glorot = (seed: number, k: number) => tf.initializers.glorotUniform(init(seed, k));
const he = (seed: number, k: number) => tf.initializers.heNormal(init(seed, k));

function compile(model: tf.LayersModel, optimizer: string, metric: 'accuracy' | 'mse'): tf.LayersModel {
  model.compile({
    optimizer: createOptimizer(optimizer, 0.01),
    loss: metric === 'accuracy' ? 'categoricalCrossentropy' : 'meanSquaredError',
    ...(metric === 'accuracy' ? { metrics: ['accuracy'] } : {}),
  });
  return model;
}

function oneHot(labels: ArrayLike<number>, classes: number): Float32Array {
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) out[i * classes + labels[i]] = 1;
  return out;
}

async function images(load: typeof loadMnist, trainLimit: number, testLimit: number) {
  const [train, test] = [await load({ split: 'train', limit: trainLimit, seed: 0 }), await load({ split: 'test', limit: testLimit, seed: 0 })];
  const wrap = (d: typeof train): TaskData => ({ xs: d.features, ys: oneHot(d.labels, 10), count: d.count, xShape: d.shape, yWidth: 10 });
  return { train: wrap(train), test: wrap(test) };
}

/** Rows `[0, n)` of a generator `row(rand, x, y)` that fills one example's features and target. */
function generate(n: number, xWidth: number, yWidth: number, seed: number, row: (rand: () => number, x: Float32Array, y: Float32Array) => void): TaskData {
  const rand = seededRandom(seed);
  const xs = new Float32Array(n * xWidth);
  const ys = new Float32Array(n * yWidth);
  for (let i = 0; i < n; i++) row(rand, xs.subarray(i * xWidth, (i + 1) * xWidth), ys.subarray(i * yWidth, (i + 1) * yWidth));
  return { xs, ys, count: n, xShape: [xWidth], yWidth };
}

/** Friedman #1 (Friedman 1991): y = 10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5 + noise, 10 features (5 unused), y scaled by 1/10. */
function friedman(n: number, seed: number): TaskData {
  return generate(n, 10, 1, seed, (rand, x, y) => {
    for (let j = 0; j < 10; j++) x[j] = rand();
    y[0] = (10 * Math.sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) ** 2 + 10 * x[3] + 5 * x[4] + gaussian(rand)) / 10;
    for (let j = 0; j < 10; j++) x[j] = (x[j] - 0.5) * Math.sqrt(12); // unit variance
  });
}

/**
 * A tabular classification set in the manner of scikit-learn's make_classification: 3 classes,
 * each a mixture of two Gaussian clusters on 6 informative features, 6 redundant features (random
 * linear mixtures of the informative ones), 8 noise features, 5 % of labels flipped.
 */
function tabular(n: number, seed: number): TaskData {
  const setup = seededRandom(12345); // the same problem for every split; `seed` draws the rows
  const centres = Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => (setup() < 0.5 ? -1 : 1) * 1.2));
  const mix = Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => gaussian(setup) / 2));
  return generate(n, 20, 3, seed, (rand, x, y) => {
    const cluster = Math.floor(rand() * 6);
    let label = cluster % 3;
    for (let j = 0; j < 6; j++) x[j] = centres[cluster][j] + gaussian(rand);
    for (let j = 0; j < 6; j++) x[6 + j] = mix[j].reduce((a, m, k) => a + m * x[k], 0);
    for (let j = 12; j < 20; j++) x[j] = gaussian(rand);
    if (rand() < 0.05) label = Math.floor(rand() * 3);
    y[label] = 1;
  });
}

/**
 * Sequences of 16 steps x 4 channels of noisy values; the label is the channel whose values sum
 * highest over the second half of the sequence (the first half is a distractor), so the model must
 * count along time.
 */
function sequences(n: number, seed: number): TaskData {
  const T = 16, C = 4;
  const d = generate(n, T * C, C, seed, (rand, x, y) => {
    const sums = new Array<number>(C).fill(0);
    const bias = Array.from({ length: C }, () => gaussian(rand) * 0.35);
    for (let t = 0; t < T; t++) {
      for (let c = 0; c < C; c++) {
        const v = gaussian(rand) + (t >= T / 2 ? bias[c] : -bias[c]);
        x[t * C + c] = v;
        if (t >= T / 2) sums[c] += v;
      }
    }
    y[sums.indexOf(Math.max(...sums))] = 1;
  });
  return { ...d, xShape: [T, C] };
}

/**
 * Text-like sequences: 32 tokens from a vocabulary of 24, with 0 to 3 planted bigram motifs, each
 * from a "positive" or a "negative" set of 4 bigrams; the label (2 classes) says which set occurs
 * more often (a tie, or no motif, is a coin flip), so the model must find bigrams anywhere in the
 * sequence. Tokens are one-hot (the model embeds them with a bias-free time-distributed dense layer:
 * wasm has no UnsortedSegmentSum kernel, which tf.layers.embedding's gradient needs).
 */
function tokens(n: number, seed: number): TaskData {
  const T = 32, V = 24;
  const setup = seededRandom(777); // the same motifs for every split
  const pick = () => [Math.floor(setup() * V), Math.floor(setup() * V)] as const;
  const motifs = [Array.from({ length: 4 }, pick), Array.from({ length: 4 }, pick)];
  const d = generate(n, T * V, 2, seed, (rand, x, y) => {
    const seq = Array.from({ length: T }, () => Math.floor(rand() * V));
    const counts = [0, 0];
    const planted = Math.floor(rand() * 4);
    for (let k = 0; k < planted; k++) {
      const side = rand() < 0.5 ? 0 : 1;
      const [a, b] = motifs[side][Math.floor(rand() * 4)];
      const at = Math.floor(rand() * (T - 1));
      seq[at] = a;
      seq[at + 1] = b;
    }
    // Count after planting: later motifs may overwrite earlier ones, and chance bigrams count too.
    for (let t = 0; t + 1 < T; t++) {
      for (let side = 0; side < 2; side++) if (motifs[side].some(([a, b]) => seq[t] === a && seq[t + 1] === b)) counts[side]++;
    }
    for (let t = 0; t < T; t++) x[t * V + seq[t]] = 1;
    y[counts[0] === counts[1] ? (rand() < 0.5 ? 0 : 1) : counts[0] > counts[1] ? 0 : 1] = 1;
  });
  return { ...d, xShape: [T, V] };
}

/** MNIST images as their own targets (784 values in [0, 1]): a reconstruction task. */
async function reconstruction(trainLimit: number, testLimit: number) {
  const [train, test] = [await loadMnist({ split: 'train', limit: trainLimit, seed: 0 }), await loadMnist({ split: 'test', limit: testLimit, seed: 0 })];
  const wrap = (d: typeof train): TaskData => ({ xs: d.features, ys: d.features, count: d.count, xShape: d.shape, yWidth: 784 });
  return { train: wrap(train), test: wrap(test) };
}

const synthetic = (make: (n: number, seed: number) => TaskData, nTrain: number, nTest: number) => async () => ({
  train: make(nTrain, 1), test: make(nTest, 2),
});

let convRegistered = false;

export const TASKS: SuiteTask[] = [
  {
    name: 'cnn-mnist', kind: 'CNN (2 conv + max-pool, dense), MNIST', optimizer: 'momentum', batchSize: 32, steps: 400, metric: 'accuracy',
    load: () => images(loadMnist, 8000, 2000),
    build(seed) {
      if (!convRegistered) { registerWasmConv2DGradient(); convRegistered = true; }
      const m = tf.sequential();
      m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: he(seed, 0) }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      m.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: he(seed, 1) }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: he(seed, 2) }));
      m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: glorot(seed, 3) }));
      return compile(m, 'momentum', 'accuracy');
    },
  },
  {
    name: 'bn-fashion', kind: 'MLP with batch norm + dropout, Fashion-MNIST', optimizer: 'adam', batchSize: 128, steps: 300, metric: 'accuracy',
    load: () => images(loadFashionMnist, 10000, 2000),
    build(seed) {
      const m = tf.sequential();
      m.add(tf.layers.flatten({ inputShape: [28, 28, 1] }));
      m.add(tf.layers.dense({ units: 128, useBias: false, kernelInitializer: he(seed, 0) }));
      m.add(tf.layers.batchNormalization());
      m.add(tf.layers.activation({ activation: 'relu' }));
      m.add(tf.layers.dropout({ rate: 0.2, seed: seed + 7 }));
      m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: glorot(seed, 1) }));
      return compile(m, 'adam', 'accuracy');
    },
  },
  {
    name: 'gru-sequences', kind: 'GRU, sequence classification (16 steps x 4)', optimizer: 'rmsprop', batchSize: 64, steps: 400, metric: 'accuracy',
    load: synthetic(sequences, 8000, 2000),
    build(seed) {
      const m = tf.sequential();
      m.add(tf.layers.gru({ inputShape: [16, 4], units: 24, kernelInitializer: glorot(seed, 0), recurrentInitializer: tf.initializers.orthogonal(init(seed, 1)) }));
      m.add(tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: glorot(seed, 2) }));
      return compile(m, 'rmsprop', 'accuracy');
    },
  },
  {
    name: 'friedman-regression', kind: 'MLP regression (Friedman #1), MSE', optimizer: 'sgd', batchSize: 16, steps: 600, metric: 'mse',
    load: synthetic(friedman, 4000, 2000),
    build(seed) {
      const m = tf.sequential();
      m.add(tf.layers.dense({ inputShape: [10], units: 64, activation: 'tanh', kernelInitializer: glorot(seed, 0) }));
      m.add(tf.layers.dense({ units: 64, activation: 'tanh', kernelInitializer: glorot(seed, 1) }));
      m.add(tf.layers.dense({ units: 1, kernelInitializer: glorot(seed, 2) }));
      return compile(m, 'sgd', 'mse');
    },
  },
  {
    name: 'tabular-adagrad', kind: 'MLP, tabular classification (20 features, 3 classes)', optimizer: 'adagrad', batchSize: 256, steps: 300, metric: 'accuracy',
    load: synthetic(tabular, 10000, 3000),
    build(seed) {
      const m = tf.sequential();
      m.add(tf.layers.dense({ inputShape: [20], units: 64, activation: 'relu', kernelInitializer: he(seed, 0) }));
      m.add(tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: he(seed, 1) }));
      m.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(seed, 2) }));
      return compile(m, 'adagrad', 'accuracy');
    },
  },
  {
    name: 'mlp-mnist-sgd512', kind: 'MLP with dropout, MNIST, plain SGD, batch 512', optimizer: 'sgd', batchSize: 512, steps: 150, metric: 'accuracy',
    load: () => images(loadMnist, 20000, 2000),
    build(seed) {
      const m = tf.sequential();
      m.add(tf.layers.flatten({ inputShape: [28, 28, 1] }));
      m.add(tf.layers.dense({ units: 96, activation: 'relu', kernelInitializer: he(seed, 0) }));
      m.add(tf.layers.dropout({ rate: 0.25, seed: seed + 7 }));
      m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: glorot(seed, 1) }));
      return compile(m, 'sgd', 'accuracy');
    },
  },
  {
    name: 'bn-cnn-fashion', kind: 'CNN with batch norm (2 x conv-relu-BN-max-pool), Fashion-MNIST', optimizer: 'momentum', batchSize: 32, steps: 300, metric: 'accuracy',
    load: () => images(loadFashionMnist, 10000, 2000),
    build(seed) {
      // conv, relu, then BN (written when a linear conv2d could not train on wasm: its fused
      // gradient needs Conv2DBackpropFilter, which registerWasmConv2DGradient now also registers).
      if (!convRegistered) { registerWasmConv2DGradient(); convRegistered = true; }
      const m = tf.sequential();
      m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: he(seed, 0) }));
      m.add(tf.layers.batchNormalization());
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      m.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: he(seed, 1) }));
      m.add(tf.layers.batchNormalization());
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: glorot(seed, 2) }));
      return compile(m, 'momentum', 'accuracy');
    },
  },
  {
    name: 'text-conv1d', kind: 'token embedding + Conv1D + global max-pool, text-like bigram motifs', optimizer: 'adam', batchSize: 64, steps: 400, metric: 'accuracy',
    load: synthetic(tokens, 8000, 2000),
    build(seed) {
      if (!convRegistered) { registerWasmConv2DGradient(); convRegistered = true; }
      const m = tf.sequential();
      m.add(tf.layers.dense({ inputShape: [32, 24], units: 16, useBias: false, kernelInitializer: tf.initializers.randomNormal({ stddev: 0.05, ...init(seed, 0) }) })); // the embedding
      m.add(tf.layers.conv1d({ filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: he(seed, 1) }));
      m.add(tf.layers.globalMaxPooling1d());
      m.add(tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: glorot(seed, 2) }));
      return compile(m, 'adam', 'accuracy');
    },
  },
  {
    name: 'autoencoder-mnist', kind: 'dense autoencoder (784-64-784), MNIST, reconstruction MSE', optimizer: 'adam', batchSize: 64, steps: 400, metric: 'mse',
    load: () => reconstruction(10000, 2000),
    build(seed) {
      const m = tf.sequential();
      m.add(tf.layers.flatten({ inputShape: [28, 28, 1] }));
      m.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: he(seed, 0) }));
      m.add(tf.layers.dense({ units: 784, activation: 'sigmoid', kernelInitializer: glorot(seed, 1) }));
      return compile(m, 'adam', 'mse');
    },
  },
];

/** The task named `name`, or a RangeError listing the names. */
export function taskByName(name: string): SuiteTask {
  const t = TASKS.find((x) => x.name === name);
  if (!t) throw new RangeError(`unknown task ${JSON.stringify(name)}; expected one of ${TASKS.map((x) => x.name).join(', ')}`);
  return t;
}
