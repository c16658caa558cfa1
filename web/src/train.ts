// The page's range-test run: the library's embedded MLP (createMlp) and optimizer
// (createOptimizer), tested by the library's TensorFlow.js adapter (findLearningRate). The page
// only adds a batch generator that hands the browser a turn between steps.
import * as tf from '@tensorflow/tfjs';
import { shuffledIndices } from '../../src/data/random.js';
import type { ClassificationData } from '../../src/data/types.js';
import type { IterationInfo } from '../../src/finder/index.js';
import { createMlp } from '../../src/models/architectures.js';
import { OPTIMIZER_NAMES, type OptimizerName } from '../../src/models/optimizer.js';
import { toTensors } from '../../src/models/train.js';
import { findLearningRate, type FindLearningRateResult } from '../../src/tfjs/find.js';
import { yieldToEventLoop } from '../../src/tfjs/yield.js';

export { OPTIMIZER_NAMES, type OptimizerName };

/** Everything a Run needs, read from the form. */
export interface RunSettings {
  hidden: number[];
  optimizer: OptimizerName;
  batchSize: number;
  startLr: number;
  endLr: number;
  numIter: number;
  mode: 'exp' | 'linear';
  /** Smoothing factor of the moving average, in [0, 1). */
  beta: number;
}

/**
 * Mini-batches of `xs`/`ys` in a new seeded order every pass, as a tf.data.Dataset whose
 * iterator yields to the browser before each batch: on wasm and cpu the adapter's awaits are all
 * microtasks, so without this the chart would not repaint and Stop could not be clicked.
 *
 * @example
 * const batches = browserBatches(xs, ys, 64);
 * await findLearningRate(model, batches, { numIter: 100 });
 */
export function browserBatches(xs: tf.Tensor, ys: tf.Tensor, batchSize: number): tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }> {
  const count = xs.shape[0];
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${String(batchSize)}`);
  }
  const size = Math.min(batchSize, count);
  let pass = 0;
  return tf.data.generator(async function* () {
    const order = shuffledIndices(count, pass++);
    for (let start = 0; start + size <= count; start += size) {
      await yieldToEventLoop();
      // Built inside tidy so the index tensor does not leak; the adapter disposes the batch.
      yield tf.tidy(() => {
        const idx = tf.tensor1d(Int32Array.from(order.subarray(start, start + size)), 'int32');
        return { xs: tf.gather(xs, idx), ys: tf.gather(ys, idx) };
      });
    }
  });
}

/**
 * Runs one LR range test in the page on a fresh MLP and disposes every tensor it made.
 *
 * @example
 * const result = await runRangeTest(data, settings, { signal, onIteration: (it) => chart.push(it.lr, it.loss, it.smoothed) });
 * result.suggestions?.valley.lr;
 */
export async function runRangeTest(
  data: ClassificationData,
  settings: RunSettings,
  hooks: { signal?: AbortSignal; onIteration?: (it: IterationInfo) => void } = {},
): Promise<FindLearningRateResult> {
  const { xs, ys } = toTensors(data);
  const model = createMlp({
    inputShape: data.shape,
    classes: data.numClasses,
    hidden: settings.hidden,
    optimizer: settings.optimizer,
    lr: settings.startLr,
  });
  try {
    return await findLearningRate(model, browserBatches(xs, ys, settings.batchSize), {
      startLr: settings.startLr,
      endLr: settings.endLr,
      numIter: settings.numIter,
      mode: settings.mode,
      beta: settings.beta,
      // No `pipeline` option: the adapter pipelines the loss reads on webgl by default.
      signal: hooks.signal,
      onIteration: hooks.onIteration,
    });
  } finally {
    model.optimizer.dispose();
    model.dispose();
    tf.dispose([xs, ys]);
  }
}
