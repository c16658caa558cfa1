import * as tf from '@tensorflow/tfjs';
import { fail, integer, nonNegativeInteger, object } from '../check/index.js';
import { registerWasmConv2DGradient } from '../tfjs/conv2d-gradient.js';
import { createOptimizer, type OptimizerOptions } from './optimizer.js';
import { compileClassifier } from './fit-check.js';

/**
 * Options shared by the embedded models.
 *
 * @example
 * const opts: ModelOptions = { inputShape: [28, 28, 1], classes: 10, seed: 1, optimizer: 'adam', lr: 1e-3 };
 */
export interface ModelOptions {
  /** Shape of one example, e.g. `[28, 28, 1]` or `[4]`. */
  inputShape: number[];
  /** Number of classes (softmax outputs). */
  classes: number;
  /** Seed of the weight initializers (default 0): the same seed gives the same weights. */
  seed?: number;
  /** Optimizer: a name for {@link createOptimizer} or a tf.train optimizer (default `sgd`). */
  optimizer?: string | tf.Optimizer;
  /** Learning rate when `optimizer` is a name (default 0.01). */
  lr?: number;
  /** Extra optimizer settings when `optimizer` is a name. */
  optimizerOptions?: OptimizerOptions;
}

/**
 * Options of {@link createMlp}.
 *
 * @example
 * const opts: MlpOptions = { inputShape: [784], classes: 10, hidden: [256, 128] };
 */
export interface MlpOptions extends ModelOptions {
  /** Units of each hidden layer (default `[128]`). */
  hidden?: number[];
  /** Activation of the hidden layers (default `relu`). */
  activation?: 'relu' | 'tanh' | 'sigmoid' | 'elu';
}

/**
 * Options of {@link createCnn}.
 *
 * @example
 * const opts: CnnOptions = { inputShape: [28, 28, 1], classes: 10, filters: [8, 16] };
 */
export interface CnnOptions extends ModelOptions {
  /** Filters of each 3x3 conv + 2x2 max-pool block (default `[8, 16]`). */
  filters?: number[];
  /** Units of the dense layer before the output (default 64; 0 for none). */
  dense?: number;
}

function check(fn: string, opts: ModelOptions): { seed: number } {
  object(fn, 'options', opts);
  const { inputShape, classes } = opts;
  if (!Array.isArray(inputShape) || inputShape.length === 0 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    fail(fn, 'inputShape', 'a non-empty array of positive integers', inputShape);
  }
  integer(fn, 'classes', classes, 2);
  return { seed: integer(fn, 'seed', opts.seed ?? 0) };
}

function units(fn: string, name: string, v: number[]): number[] {
  if (!Array.isArray(v) || !v.every((u) => Number.isInteger(u) && u > 0)) fail(fn, name, 'an array of positive integers', v);
  return v;
}

function compile(model: tf.LayersModel, opts: ModelOptions): tf.LayersModel {
  const optimizer = typeof opts.optimizer === 'object' && opts.optimizer !== null
    ? opts.optimizer
    : createOptimizer(opts.optimizer ?? 'sgd', opts.lr ?? 0.01, opts.optimizerOptions);
  // A fixed-epsilon loss (softmax output): tfjs-layers' own caches the epsilon of whichever backend ran first.
  return compileClassifier(model, optimizer);
}

/**
 * A compiled multi-layer perceptron: flatten, dense hidden layers, softmax output; loss
 * categorical cross-entropy (one-hot labels), metric accuracy.
 *
 * @example
 * const model = createMlp({ inputShape: [28, 28, 1], classes: 10, hidden: [128], seed: 0 });
 * model.summary();
 */
export function createMlp(opts: MlpOptions): tf.LayersModel {
  const { seed } = check('createMlp', opts);
  const hidden = units('createMlp', 'hidden', opts.hidden ?? [128]);
  const model = tf.sequential({ name: 'mlp' });
  // Flatten needs rank >= 3 input ([batch, a, b]); vectors go straight into the first dense layer.
  const flat = opts.inputShape.length > 1;
  if (flat) model.add(tf.layers.flatten({ inputShape: opts.inputShape }));
  const first = (i: number) => (!flat && i === 0 ? { inputShape: opts.inputShape } : {});
  hidden.forEach((u, i) =>
    model.add(tf.layers.dense({
      ...first(i),
      units: u,
      activation: opts.activation ?? 'relu',
      kernelInitializer: tf.initializers.heNormal({ seed: initSeed(seed * 101 + i) }),
    })),
  );
  model.add(tf.layers.dense({
    ...first(hidden.length),
    units: opts.classes,
    activation: 'softmax',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 101 + hidden.length }),
  }));
  return compile(model, opts);
}

// tfjs's normal and truncated-normal generators treat seed 0 as "no seed" (`seed ? seed :
// Math.random()`), so seed 0 gave different weights on every call. 0.5 is no integer seed's value.
function initSeed(s: number): number {
  return s === 0 ? 0.5 : s;
}

let convGradientRegistered = false;

/**
 * A small compiled CNN for images: per entry of `filters` a 3x3 'same' conv (relu) and a 2x2
 * max-pool, then a dense layer and the softmax output. Registers lrkit's Conv2D filter gradient
 * so it also trains on the wasm backend (a no-op on backends with their own kernel).
 *
 * @example
 * const cnn = createCnn({ inputShape: [28, 28, 1], classes: 10, filters: [8, 16], optimizer: 'adam', lr: 1e-3 });
 */
export function createCnn(opts: CnnOptions): tf.LayersModel {
  const { seed } = check('createCnn', opts);
  if (opts.inputShape.length !== 3) fail('createCnn', 'inputShape', '[height, width, channels] for a CNN', opts.inputShape);
  const filters = units('createCnn', 'filters', opts.filters ?? [8, 16]);
  const dense = nonNegativeInteger('createCnn', 'dense', opts.dense ?? 64);
  if (!convGradientRegistered) {
    registerWasmConv2DGradient();
    convGradientRegistered = true;
  }
  const model = tf.sequential({ name: 'cnn' });
  filters.forEach((f, i) => {
    model.add(tf.layers.conv2d({
      ...(i === 0 ? { inputShape: opts.inputShape } : {}),
      filters: f,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tf.initializers.heNormal({ seed: initSeed(seed * 101 + i) }),
    }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  });
  model.add(tf.layers.flatten());
  if (dense > 0) {
    model.add(tf.layers.dense({
      units: dense,
      activation: 'relu',
      kernelInitializer: tf.initializers.heNormal({ seed: initSeed(seed * 101 + 50) }),
    }));
  }
  model.add(tf.layers.dense({
    units: opts.classes,
    activation: 'softmax',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 101 + 51 }),
  }));
  return compile(model, opts);
}
