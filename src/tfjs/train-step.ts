// One training step of findLearningRate, and the evaluation it may record instead of the
// training loss: separate from the range-test loop so each reads on its own.
import * as tf from '@tensorflow/tfjs';
import { forEachBatch, type Batch, type BatchStream, type FinderData } from './data.js';
import { setLearningRate } from './optimizers.js';
import { disposeTapeOnThrow } from './tape.js';

/** A compiled model's loss function: per-example losses of a batch. */
export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** What one step needs: the model, its loss, the range test's own optimizer and the batches. */
export interface StepParts {
  model: tf.LayersModel;
  lossFn: LossFn;
  optimizer: tf.Optimizer;
  variables: tf.Variable[];
  stream: BatchStream;
  /** Mini-batches whose gradients are averaged into one update. */
  accumulationSteps: number;
  /** Record accuracy (of the batch, or of `validation`) rather than the loss. */
  measureAccuracy: boolean;
  /** Record the loss (or accuracy) of this set after each update instead of the batch's. */
  validation?: FinderData;
  validationBatchSize: number;
}

/**
 * The range test's step: set the rate, train one update (over `accumulationSteps` batches), and
 * resolve to the scalar to record — the batch loss, its accuracy, or the validation set's —
 * owned by the caller. Nothing else is left allocated, also when a step throws.
 *
 * @example
 * const step = makeTrainStep({ model, lossFn, optimizer, variables, stream, accumulationSteps: 1, measureAccuracy: false, validationBatchSize: 64 });
 * const loss = await step(1e-3); // a tf.Scalar
 */
export function makeTrainStep(p: StepParts): (lr: number) => Promise<tf.Scalar> {
  const { model: m, lossFn, optimizer, variables, stream, accumulationSteps, measureAccuracy, validation, validationBatchSize } = p;
  const trainAccuracy = measureAccuracy && validation === undefined;
  const trainLoss = (batch: Batch, keepAccuracy: tf.Scalar[]): tf.Scalar => {
    const out = m.apply(batch.xs, { training: true }) as tf.Tensor;
    if (trainAccuracy) keepAccuracy.push(tf.keep(accuracy(batch.ys, out)));
    let loss = tf.mean(lossFn(batch.ys, out)) as tf.Scalar;
    for (const reg of m.calculateLosses()) loss = tf.add(loss, reg);
    return loss;
  };

  const trainStep = async (lr: number): Promise<tf.Scalar> => {
    setLearningRate(optimizer, lr);
    const accs: tf.Scalar[] = [];
    let lossSum: tf.Scalar | undefined;
    let gradSum: tf.NamedTensorMap | undefined;
    try {
      if (accumulationSteps === 1) {
        const batch = await stream.next();
        try {
          lossSum = disposeTapeOnThrow(() =>
            tf.tidy(() => optimizer.minimize(() => trainLoss(batch, accs), true, variables)!));
        } finally {
          tf.dispose([batch.xs, batch.ys]);
        }
      } else {
        for (let j = 0; j < accumulationSteps; j++) {
          const batch = await stream.next();
          try {
            const { value, grads } = disposeTapeOnThrow(() => tf.variableGrads(() => trainLoss(batch, accs), variables));
            const prevLoss = lossSum;
            const prevGrads = gradSum;
            lossSum = prevLoss ? tf.tidy(() => tf.add<tf.Scalar>(prevLoss, value)) : value;
            gradSum = prevGrads
              ? tf.tidy(() => Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.add(prevGrads[k], g)])))
              : grads;
            if (prevLoss) tf.dispose([prevLoss, value, ...Object.values(prevGrads!), ...Object.values(grads)]);
          } finally {
            tf.dispose([batch.xs, batch.ys]);
          }
        }
        const sums = gradSum!;
        tf.tidy(() => {
          optimizer.applyGradients(
            Object.fromEntries(Object.entries(sums).map(([k, g]) => [k, tf.div(g, accumulationSteps)])),
          );
        });
        const total = lossSum!;
        lossSum = tf.tidy(() => tf.div<tf.Scalar>(total, accumulationSteps));
        total.dispose();
      }
      if (validation) return await evaluate(validation);
      if (trainAccuracy) return tf.tidy(() => tf.div<tf.Scalar>(tf.addN(accs), accs.length));
      const result = lossSum!;
      lossSum = undefined;
      return result;
    } finally {
      tf.dispose([...accs, ...(lossSum ? [lossSum] : []), ...(gradSum ? Object.values(gradSum) : [])]);
    }
  };

  const evaluate = (set: FinderData) => evaluateOn({ model: m, lossFn, measureAccuracy, batchSize: validationBatchSize }, set);

  return trainStep;
}

/**
 * Mean loss (or accuracy) of the model over a whole set, weighted by batch size, in inference
 * mode; a scalar owned by the caller.
 *
 * @example
 * const loss = await evaluateOn({ model, lossFn, measureAccuracy: false, batchSize: 256 }, { xs, ys });
 */
export async function evaluateOn(
  p: { model: tf.LayersModel; lossFn: LossFn; measureAccuracy: boolean; batchSize: number },
  set: FinderData,
): Promise<tf.Scalar> {
  let total = tf.scalar(0);
  let count = 0;
  try {
    await forEachBatch('validationData', set, p.batchSize, (batch) => {
      const n = batch.xs.shape[0];
      const prev = total;
      total = tf.tidy(() => {
        const out = p.model.apply(batch.xs, { training: false }) as tf.Tensor;
        const value = p.measureAccuracy ? accuracy(batch.ys, out) : tf.mean(p.lossFn(batch.ys, out));
        return tf.add<tf.Scalar>(prev, tf.mul(value, n));
      });
      prev.dispose();
      count += n;
    });
    const sum = total;
    return tf.tidy(() => tf.div<tf.Scalar>(sum, count));
  } finally {
    total.dispose();
  }
}

/** Accuracy the way Keras picks it: categorical for one-hot targets, sparse for class ids, binary for one output. */
export function accuracy(ys: tf.Tensor, out: tf.Tensor): tf.Scalar {
  const classes = out.shape[out.rank - 1];
  let acc: tf.Tensor;
  if (out.rank >= 2 && classes > 1) {
    acc = ys.rank === out.rank && ys.shape[ys.rank - 1] === classes
      ? tf.metrics.categoricalAccuracy(ys, out)
      : tf.metrics.sparseCategoricalAccuracy(ys.reshape([...out.shape.slice(0, -1), 1]), out);
  } else {
    acc = tf.metrics.binaryAccuracy(ys.reshape(out.shape), out);
  }
  return tf.mean(acc);
}

