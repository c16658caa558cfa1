// The page's range-test run: the library's embedded MLP (createMlp) and optimizer
// (createOptimizer), tested by the library's TensorFlow.js adapter (findLearningRate), which
// batches the tensors itself and yields a task between steps so the chart repaints and Stop works.
import * as tf from '@tensorflow/tfjs';
import type { ClassificationData } from 'lrkit/data';
import type { IterationInfo } from 'lrkit';
import { compileClassifier, createMlp, createOptimizer, OPTIMIZER_NAMES, toTensors, type OptimizerName } from 'lrkit/models';
import { findLearningRate, type FindLearningRateResult } from 'lrkit/tfjs';

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
 * Runs one LR range test in the page on a fresh MLP, or on the user's own `model` (loaded fresh
 * for this run and compiled here with the form's optimizer), and disposes every tensor it made.
 *
 * @example
 * const result = await runRangeTest(data, settings, { signal, onIteration: (it) => chart.push(it.lr, it.loss, it.smoothed) });
 * result.suggestions?.valley.lr;
 */
export async function runRangeTest(
  data: ClassificationData,
  settings: RunSettings,
  hooks: { signal?: AbortSignal; onIteration?: (it: IterationInfo) => void; model?: tf.LayersModel } = {},
): Promise<FindLearningRateResult> {
  const model = hooks.model ?? createMlp({
    inputShape: data.shape,
    classes: data.numClasses,
    hidden: settings.hidden,
    optimizer: settings.optimizer,
    lr: settings.startLr,
  });
  if (hooks.model) {
    try {
      compileClassifier(model, createOptimizer(settings.optimizer, settings.startLr));
    } catch (e) {
      model.dispose();
      throw e;
    }
  }
  const { xs, ys } = toTensors(data);
  try {
    return await findLearningRate(model, { xs, ys }, {
      batchSize: settings.batchSize,
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
