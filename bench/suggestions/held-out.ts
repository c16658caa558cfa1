// The held-out check of the suggestion suite (npm run bench:suggestions -- --held-out): tasks of
// kinds the suite's rules were never chosen or tuned on, run by the same protocol, so that the
// calibration measured on the suite (bench:calibration) can be checked where it was not fitted.
// Added after the rules and the cliff diagnostic were fixed; never used to choose anything.
import * as tf from '@tensorflow/tfjs';
import { loadFashionMnist } from '../../src/node/index.js';
import { gaussian } from '../../src/data/random.js';
import { compile, generate, glorot, he, images, init, synthetic, type SuiteTask, type TaskData } from './task-kit.js';

/** y = sin(3 x1) x2 + cos(2 x3 + x4) / 2 + x5^2 - x6 + noise (0.1), 8 features uniform in [-1, 1] (x7, x8 unused). */
function waves(n: number, seed: number): TaskData {
  return generate(n, 8, 1, seed, (rand, x, y) => {
    for (let j = 0; j < 8; j++) x[j] = 2 * rand() - 1;
    y[0] = Math.sin(3 * x[0]) * x[1] + Math.cos(2 * x[2] + x[3]) / 2 + x[4] ** 2 - x[5] + 0.1 * gaussian(rand);
  });
}

/**
 * Sequences of 12 steps x 4 channels: three noisy value channels and a marker channel that is 1 at
 * one random step; the label (3 classes) is the value channel that is largest at the marked step,
 * so the model must remember what it saw when the marker fired.
 */
function marked(n: number, seed: number): TaskData {
  const T = 12, C = 4;
  const d = generate(n, T * C, 3, seed, (rand, x, y) => {
    const at = Math.floor(rand() * T);
    for (let t = 0; t < T; t++) {
      for (let c = 0; c < 3; c++) x[t * C + c] = gaussian(rand);
      x[t * C + 3] = t === at ? 1 : 0;
    }
    const v = [0, 1, 2].map((c) => x[at * C + c]);
    y[v.indexOf(Math.max(...v))] = 1;
  });
  return { ...d, xShape: [T, C] };
}

export const HELD_OUT: SuiteTask[] = [
  {
    name: 'deep-mlp-fashion-nesterov', kind: 'MLP 784-256-128-64-10, Fashion-MNIST, Nesterov momentum', optimizer: 'nesterov', batchSize: 64, steps: 300, metric: 'accuracy',
    load: () => images(loadFashionMnist, 10000, 2000),
    build(seed) {
      const m = tf.sequential();
      m.add(tf.layers.flatten({ inputShape: [28, 28, 1] }));
      for (const [k, units] of [256, 128, 64].entries()) m.add(tf.layers.dense({ units, activation: 'relu', kernelInitializer: he(seed, k) }));
      m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: glorot(seed, 3) }));
      return compile(m, 'nesterov', 'accuracy');
    },
  },
  {
    name: 'waves-regression-adam', kind: 'MLP regression (sines and a square, 8 features), MSE, Adam', optimizer: 'adam', batchSize: 32, steps: 500, metric: 'mse',
    load: synthetic(waves, 4000, 2000),
    build(seed) {
      const m = tf.sequential();
      m.add(tf.layers.dense({ inputShape: [8], units: 64, activation: 'relu', kernelInitializer: he(seed, 0) }));
      m.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: he(seed, 1) }));
      m.add(tf.layers.dense({ units: 1, kernelInitializer: glorot(seed, 2) }));
      return compile(m, 'adam', 'mse');
    },
  },
  {
    name: 'lstm-marked-adam', kind: 'LSTM, remember the value at a marked step (12 steps x 4)', optimizer: 'adam', batchSize: 64, steps: 300, metric: 'accuracy',
    load: synthetic(marked, 8000, 2000),
    build(seed) {
      const m = tf.sequential();
      m.add(tf.layers.lstm({ inputShape: [12, 4], units: 24, kernelInitializer: glorot(seed, 0), recurrentInitializer: tf.initializers.orthogonal(init(seed, 1)) }));
      m.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: glorot(seed, 2) }));
      return compile(m, 'adam', 'accuracy');
    },
  },
];
