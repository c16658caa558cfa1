// The tasks of the suggestion validation suite: each a data set, a model built from plain
// tf.layers with seeded initializers (the same seed gives the same initial weights), an optimizer,
// a batch size and a fixed budget of optimizer steps. Kinds: convolutional (with and without batch
// norm), recurrent, text-like (token embedding + Conv1D), batch-normalised and plain dense, an
// autoencoder; classification, regression and reconstruction; SGD, momentum, Adam, RMSProp,
// Adagrad; batches from 16 to 512. Tasks of the held-out check live in held-out.ts.
import * as tf from '@tensorflow/tfjs';
import { loadFashionMnist, loadMnist } from '../../src/node/index.js';
import { friedman, reconstruction, sequences, tabular, tokens } from './task-data.js';
import { HELD_OUT } from './held-out.js';
import { compile, glorot, he, images, init, synthetic, withConvGradient, type SuiteTask } from './task-kit.js';

export { EVALS, EVALS_AVERAGED, type SuiteTask, type TaskData } from './task-kit.js';


export const TASKS: SuiteTask[] = [
  {
    name: 'cnn-mnist', kind: 'CNN (2 conv + max-pool, dense), MNIST', optimizer: 'momentum', batchSize: 32, steps: 400, metric: 'accuracy',
    load: () => images(loadMnist, 8000, 2000),
    build(seed) {
      withConvGradient();
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
      withConvGradient();
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
      withConvGradient();
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
  const all = [...TASKS, ...HELD_OUT];
  const t = all.find((x) => x.name === name);
  if (!t) throw new RangeError(`unknown task ${JSON.stringify(name)}; expected one of ${all.map((x) => x.name).join(', ')}`);
  return t;
}
