import * as tf from '@tensorflow/tfjs';
import { integer, positiveInteger } from '../check/index.js';
import { shuffledIndices } from '../data/random.js';
import { exampleSize, type ClassificationData } from '../data/types.js';
import type { Schedule } from '../schedules/index.js';
import { createScheduler } from '../tfjs/schedule.js';
import { scheduleFreeMode } from '../tfjs/schedule-free-callback.js';
import { yieldToEventLoop } from '../tfjs/yield.js';

/**
 * Whole-data-set tensors: `xs` shaped `[count, ...shape]`, `ys` one-hot `[count, numClasses]`.
 * The caller disposes them.
 *
 * @example
 * const { xs, ys } = toTensors(await loadMnist({ limit: 500 }));
 * await findLearningRate(model, { xs, ys });
 * tf.dispose([xs, ys]);
 */
export function toTensors(data: ClassificationData): { xs: tf.Tensor; ys: tf.Tensor } {
  return tf.tidy(() => ({
    xs: tf.tensor(data.features, [data.count, ...data.shape]),
    ys: tf.oneHot(tf.tensor1d(data.labels, 'int32'), data.numClasses).toFloat(),
  }));
}

export { yieldToEventLoop } from '../tfjs/yield.js';

/**
 * A tf.data dataset of shuffled one-hot mini-batches `{ xs, ys }` built from the typed arrays
 * batch by batch (no whole-set tensor), reshuffled with `seed + pass` on every pass, and yielding
 * to the event loop before each batch so signals and timers stay responsive. The last partial
 * batch of a pass is dropped.
 *
 * @example
 * const ds = batchDataset(train, { batchSize: 64, seed: 0 });
 * await findLearningRate(model, ds, { numIter: 100 });
 */
export function batchDataset(
  data: ClassificationData,
  opts: { batchSize: number; seed?: number },
): tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }> {
  const batchSize = integer('batchDataset', 'batchSize', opts.batchSize, 1, data.count, `an integer from 1 to ${data.count} (the number of examples)`);
  const size = exampleSize(data);
  let pass = 0;
  return tf.data.generator(async function* () {
    const order = shuffledIndices(data.count, (opts.seed ?? 0) + pass++);
    const x = new Float32Array(batchSize * size);
    const y = new Int32Array(batchSize);
    for (let b = 0; b + batchSize <= data.count; b += batchSize) {
      await yieldToEventLoop();
      for (let k = 0; k < batchSize; k++) {
        const i = order[b + k];
        x.set(data.features.subarray(i * size, (i + 1) * size), k * size);
        y[k] = data.labels[i];
      }
      yield tf.tidy(() => ({
        xs: tf.tensor(x, [batchSize, ...data.shape]),
        ys: tf.oneHot(tf.tensor1d(y, 'int32'), data.numClasses).toFloat(),
      }));
    }
  } as unknown as () => Generator<{ xs: tf.Tensor; ys: tf.Tensor }>);
}

/**
 * Loss and accuracy of a compiled model on a data set (batched; nothing leaks).
 *
 * @example
 * const { loss, accuracy } = await evaluate(model, testData);
 */
export async function evaluate(
  model: tf.LayersModel,
  data: ClassificationData,
  batchSize = 500,
): Promise<{ loss: number; accuracy: number }> {
  const { xs, ys } = toTensors(data);
  try {
    const out = model.evaluate(xs, ys, { batchSize }) as tf.Scalar[];
    const [loss, accuracy] = await Promise.all(out.map((t) => t.data()));
    tf.dispose(out);
    return { loss: loss[0], accuracy: accuracy[0] };
  } finally {
    tf.dispose([xs, ys]);
  }
}

/**
 * Options of {@link trainWithSchedule}.
 *
 * @example
 * const opts: TrainOptions = { model, train, test, epochs: 2, batchSize: 64, lr: (s) => 0.05 };
 */
export interface TrainOptions {
  /** A compiled model (categorical cross-entropy with an accuracy metric, as createMlp makes). */
  model: tf.LayersModel;
  train: ClassificationData;
  /** Evaluated after every epoch and every `evalEvery` steps. */
  test?: ClassificationData;
  epochs: number;
  /** Mini-batch size (default 64); the last, smaller batch of an epoch is dropped. */
  batchSize?: number;
  /** Learning rate for each global optimizer step. */
  lr: Schedule;
  /** Momentum (beta1 for Adam) for each step; the optimizer must have momentum. */
  momentum?: Schedule;
  /** Also evaluate on `test` every this many steps (default: only after each epoch). */
  evalEvery?: number;
  /** Evaluate on at most this many test examples (default: all). */
  evalLimit?: number;
  /** Shuffle seed (default 0): epoch e uses seed + e. */
  seed?: number;
  /** Stops after the current batch; the result so far is returned with `aborted: true`. */
  signal?: AbortSignal;
  /** Called after every step. */
  onStep?: (info: { step: number; epoch: number; lr: number; loss: number; accuracy: number; totalSteps: number }) => void;
  /** Called after every evaluation. */
  onEvaluate?: (point: EvalPoint) => void;
}

/**
 * One evaluation of the test set during training.
 *
 * @example
 * const p: EvalPoint = { step: 100, epoch: 1, loss: 0.3, accuracy: 0.91 };
 */
export interface EvalPoint {
  /** Optimizer steps done when evaluated. */
  step: number;
  /** Fractional epoch when evaluated. */
  epoch: number;
  loss: number;
  accuracy: number;
}

/**
 * Per-epoch summary in a {@link TrainResult}.
 *
 * @example
 * result.epochs[0].trainAccuracy;
 */
export interface EpochSummary {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss?: number;
  testAccuracy?: number;
  /** Learning rate of the epoch's last step. */
  lr: number;
  seconds: number;
}

/**
 * What {@link trainWithSchedule} returns.
 *
 * @example
 * console.log(result.finalAccuracy, result.evaluations.length);
 */
export interface TrainResult {
  steps: number;
  stepsPerEpoch: number;
  epochs: EpochSummary[];
  evaluations: EvalPoint[];
  /** Learning rate and training loss of every step. */
  lrs: number[];
  losses: number[];
  /** Test accuracy of the last evaluation (NaN without test data). */
  finalAccuracy: number;
  seconds: number;
  aborted: boolean;
}

const posInt = (name: string, v: unknown, fallback?: number): number => positiveInteger('trainWithSchedule', name, v ?? fallback);

/**
 * Train a compiled classifier for some epochs with a learning-rate (and momentum) schedule
 * applied before every step; reports per-epoch train/test loss and accuracy and test accuracy vs
 * step. Used by `lrkit train`, `lrkit compare` and the benchmarks.
 *
 * @example
 * const model = createMlp({ inputShape: [28, 28, 1], classes: 10, optimizer: 'momentum' });
 * const { lr } = policySchedules('triangular2', { baseLr: 0.01, maxLr: 0.1, epochs: 4, itersPerEpoch: 100 });
 * const result = await trainWithSchedule({ model, train, test, epochs: 4, batchSize: 64, lr });
 */
export async function trainWithSchedule(opts: TrainOptions): Promise<TrainResult> {
  const { model, train, test } = opts;
  const epochs = posInt('epochs', opts.epochs);
  const batchSize = posInt('batchSize', opts.batchSize, 64);
  const evalEvery = opts.evalEvery === undefined ? undefined : posInt('evalEvery', opts.evalEvery);
  const seed = opts.seed ?? 0;
  integer('trainWithSchedule', 'seed', seed);
  if (batchSize > train.count) {
    throw new RangeError(`batchSize ${batchSize} is larger than the ${train.count} training examples`);
  }
  const evalData = test && opts.evalLimit !== undefined && opts.evalLimit < test.count
    ? { ...test, count: opts.evalLimit, features: test.features.subarray(0, opts.evalLimit * exampleSize(test)), labels: test.labels.subarray(0, opts.evalLimit) }
    : test;
  const scheduler = createScheduler(model.optimizer, { lr: opts.lr, ...(opts.momentum ? { momentum: opts.momentum } : {}) });
  const size = exampleSize(train);
  const stepsPerEpoch = Math.floor(train.count / batchSize);
  const totalSteps = epochs * stepsPerEpoch;
  const xBuf = new Float32Array(batchSize * size);
  const yBuf = new Int32Array(batchSize);
  const result: TrainResult = {
    steps: 0, stepsPerEpoch, epochs: [], evaluations: [], lrs: [], losses: [], finalAccuracy: NaN, seconds: 0, aborted: false,
  };
  const t0 = performance.now();
  const runEval = async (step: number) => {
    if (!evalData) return undefined;
    scheduleFreeMode(model, 'eval'); // Schedule-Free is evaluated at x (no-op for other optimizers)
    const r = await evaluate(model, evalData);
    const point = { step, epoch: step / stepsPerEpoch, ...r };
    result.evaluations.push(point);
    result.finalAccuracy = r.accuracy;
    opts.onEvaluate?.(point);
    return r;
  };

  outer: for (let e = 0; e < epochs; e++) {
    const te = performance.now();
    const order = shuffledIndices(train.count, seed + e);
    let lossSum = 0;
    let accSum = 0;
    let n = 0;
    for (let b = 0; b < stepsPerEpoch; b++) {
      if (opts.signal?.aborted) {
        result.aborted = true;
        break outer;
      }
      for (let k = 0; k < batchSize; k++) {
        const i = order[b * batchSize + k];
        xBuf.set(train.features.subarray(i * size, (i + 1) * size), k * size);
        yBuf[k] = train.labels[i];
      }
      const applied = scheduler.step();
      const [xs, ys] = tf.tidy(() => [
        tf.tensor(xBuf, [batchSize, ...train.shape]),
        tf.oneHot(tf.tensor1d(yBuf, 'int32'), train.numClasses).toFloat(),
      ]);
      let out: number | number[];
      try {
        scheduleFreeMode(model, 'train'); // gradients at y; gives back y exactly after an evaluation
        out = await model.trainOnBatch(xs, ys);
      } finally {
        tf.dispose([xs, ys]);
      }
      const [loss, acc] = Array.isArray(out) ? out : [out, NaN];
      await yieldToEventLoop();
      result.steps++;
      result.lrs.push(applied.lr!);
      result.losses.push(loss);
      lossSum += loss;
      accSum += acc;
      n++;
      opts.onStep?.({ step: result.steps, epoch: e, lr: applied.lr!, loss, accuracy: acc, totalSteps });
      if (evalEvery && result.steps % evalEvery === 0 && b !== stepsPerEpoch - 1) await runEval(result.steps);
    }
    const r = await runEval(result.steps);
    result.epochs.push({
      epoch: e + 1,
      trainLoss: lossSum / n,
      trainAccuracy: accSum / n,
      ...(r ? { testLoss: r.loss, testAccuracy: r.accuracy } : {}),
      lr: result.lrs[result.lrs.length - 1],
      seconds: (performance.now() - te) / 1000,
    });
  }
  result.seconds = (performance.now() - t0) / 1000;
  scheduleFreeMode(model, 'eval'); // the model leaves holding x, the weights to use and save
  return result;
}
