// The page's range-test run: a fresh MLP and optimizer for the picked data, driven by the
// library's rangeTest. Keeps the page responsive by yielding to the browser after every step.
import * as tf from '@tensorflow/tfjs';
import type { ClassificationData } from '../../src/data/types.js';
import { rangeTest, type IterationInfo, type RangeTestResult } from '../../src/finder/index.js';
import { setLearningRate } from '../../src/tfjs/optimizers.js';
import { yieldToBrowser } from './yield.js';

/** Optimizers offered by the page. */
export type PageOptimizer = 'sgd' | 'momentum' | 'adam' | 'rmsprop';

/** Everything a Run needs, read from the form. */
export interface RunSettings {
  hidden: number[];
  optimizer: PageOptimizer;
  batchSize: number;
  startLr: number;
  endLr: number;
  numIter: number;
  mode: 'exp' | 'linear';
  /** Smoothing factor of the moving average, in [0, 1). */
  beta: number;
}

/**
 * Builds the optimizer picked in the form at learning rate `lr`.
 *
 * @example
 * const opt = makeOptimizer('momentum', 1e-3); // SGD with momentum 0.9
 */
export function makeOptimizer(kind: PageOptimizer, lr: number): tf.Optimizer {
  switch (kind) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, 0.9);
    case 'adam':
      return tf.train.adam(lr);
    case 'rmsprop':
      return tf.train.rmsprop(lr);
    default:
      throw new RangeError(`optimizer must be sgd, momentum, adam or rmsprop, got ${JSON.stringify(kind)}`);
  }
}

/**
 * A multi-layer perceptron with ReLU hidden layers and a linear (logit) output.
 *
 * @example
 * const model = buildMlp(784, [128], 10);
 */
export function buildMlp(inputSize: number, hidden: number[], numClasses: number): tf.Sequential {
  const model = tf.sequential();
  hidden.forEach((units, i) =>
    model.add(tf.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [inputSize] } : {}) })),
  );
  model.add(tf.layers.dense({ units: numClasses, ...(hidden.length === 0 ? { inputShape: [inputSize] } : {}) }));
  return model;
}

/**
 * Runs one LR range test in the page: builds the model, sweeps the learning rate with
 * `rangeTest` from the library, and disposes every tensor it made.
 *
 * @example
 * const result = await runRangeTest(data, settings, { signal, onIteration: (it) => chart.push(it.lr, it.loss, it.smoothed) });
 */
export async function runRangeTest(
  data: ClassificationData,
  settings: RunSettings,
  hooks: { signal?: AbortSignal; onIteration?: (it: IterationInfo) => void } = {},
): Promise<RangeTestResult> {
  const size = data.shape.reduce((a, b) => a * b, 1);
  const batchSize = Math.min(settings.batchSize, data.count);
  const xs = tf.tensor2d(data.features, [data.count, size]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(data.labels, 'int32'), data.numClasses).toFloat());
  const model = buildMlp(size, settings.hidden, data.numClasses);
  const optimizer = makeOptimizer(settings.optimizer, settings.startLr);
  // A new random order every pass over the data, as model.fit would do.
  let order = tf.util.createShuffledIndices(data.count);
  let cursor = 0;
  const nextBatch = (): Int32Array => {
    if (cursor + batchSize > data.count) {
      order = tf.util.createShuffledIndices(data.count);
      cursor = 0;
    }
    const idx = Int32Array.from(order.subarray(cursor, cursor + batchSize));
    cursor += batchSize;
    return idx;
  };
  try {
    return await rangeTest({
      startLr: settings.startLr,
      endLr: settings.endLr,
      numIter: settings.numIter,
      mode: settings.mode,
      beta: settings.beta,
      // On WebGL, reading each loss back stalls the GPU: let the next step start first.
      pipeline: tf.getBackend() === 'webgl',
      signal: hooks.signal,
      onIteration: hooks.onIteration,
      step: async (lr) => {
        setLearningRate(optimizer, lr);
        const idx = nextBatch();
        const loss = tf.tidy(() => {
          const i = tf.tensor1d(idx, 'int32');
          const xb = tf.gather(xs, i);
          const yb = tf.gather(ys, i);
          return optimizer.minimize(
            () => tf.losses.softmaxCrossEntropy(yb, model.apply(xb, { training: true }) as tf.Tensor) as tf.Scalar,
            true,
          ) as tf.Scalar;
        });
        const value = (await loss.data())[0];
        loss.dispose();
        await yieldToBrowser();
        return value;
      },
    });
  } finally {
    xs.dispose();
    ys.dispose();
    model.dispose();
    optimizer.dispose();
  }
}
