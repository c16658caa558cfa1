import * as tf from '@tensorflow/tfjs';
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

function check(opts: ModelOptions): { seed: number } {
  if (opts == null || typeof opts !== 'object') throw new TypeError(`options must be an object, got ${String(opts)}`);
  const { inputShape, classes } = opts;
  if (!Array.isArray(inputShape) || inputShape.length === 0 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new RangeError(`inputShape must be a non-empty array of positive integers, got ${JSON.stringify(inputShape)}`);
  }
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`classes must be an integer >= 2, got ${String(classes)}`);
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${String(opts.seed)}`);
  return { seed };
}

function units(name: string, v: number[]): number[] {
  if (!Array.isArray(v) || !v.every((u) => Number.isInteger(u) && u > 0)) {
    throw new RangeError(`${name} must be an array of positive integers, got ${JSON.stringify(v)}`);
  }
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
  const { seed } = check(opts);
  const hidden = units('hidden', opts.hidden ?? [128]);
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
  const { seed } = check(opts);
  if (opts.inputShape.length !== 3) {
    throw new RangeError(`inputShape must be [height, width, channels] for a CNN, got ${JSON.stringify(opts.inputShape)}`);
  }
  const filters = units('filters', opts.filters ?? [8, 16]);
  const dense = opts.dense ?? 64;
  if (!Number.isInteger(dense) || dense < 0) throw new RangeError(`dense must be an integer >= 0, got ${String(opts.dense)}`);
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
