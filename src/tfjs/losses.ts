// A categorical cross-entropy whose clipping epsilon does not depend on which backend ran first.
//
// Why: tfjs-layers 4.22 (backend/common.ts) caches `backend().epsilon()` the first time any loss
// asks for it and never reads it again. WebGL without float32 render targets (Chromium's
// SwiftShader, many phones) reports 1e-4, cpu and wasm 1e-7, so in a tab where webgl ran first
// every later 'categoricalCrossentropy' — on any backend — clips at 1e-4, and the curve changes.
// This loss always clips at Keras's default epsilon, 1e-7, whatever backend is active.
import * as tf from '@tensorflow/tfjs';

/** The clipping epsilon of {@link categoricalCrossentropy}: Keras's `backend.epsilon()` default. */
export const KERAS_EPSILON = 1e-7;

/**
 * Categorical cross-entropy for softmax outputs and one-hot targets, per example:
 * `-sum(yTrue * log(clip(yPred / sum(yPred), 1e-7, 1 - 1e-7)), -1)` — tfjs-layers' formula with a
 * fixed epsilon, so its value is the same on every backend and in every order of backends.
 * Its gradient is written out (the same as tfjs's autodiff of that formula, in a third of the
 * kernels: a training step of a small MLP spends ~20 % of its time here).
 *
 * @example
 * model.compile({ optimizer: tf.train.sgd(0.1), loss: categoricalCrossentropy });
 */
export function categoricalCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return crossEntropyWithGradient(yTrue, yPred);
}

const crossEntropyWithGradient = tf.customGrad(((yTrue: tf.Tensor, yPred: tf.Tensor, save: tf.GradSaveFunc) => {
  const axis = yPred.rank - 1;
  const total = tf.sum(yPred, axis, true);
  const q = tf.div(yPred, total);
  const clipped = tf.clipByValue(q, KERAS_EPSILON, 1 - KERAS_EPSILON);
  const logP = tf.log(clipped);
  const y = tf.cast(yTrue, 'float32');
  save([y, q, clipped, logP, total]);
  return {
    value: tf.neg(tf.sum(tf.mul(y, logP), axis)),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [yy, qq, c, lp, sum] = saved;
      const up = tf.expandDims(dy, -1);
      // d/dq of -y·log(clip(q)) is -g with g = y / clip(q) where the clip leaves q as it is (its
      // bounds included: clip(q) == q, as tfjs's clip gradient passes), else 0.
      const g = tf.mul(tf.where(tf.equal(qq, c), tf.div(yy, c), tf.zerosLike(c)), up);
      // Through q = p / sum(p): dp_k = (dq_k - sum_j dq_j q_j) / sum(p), with dq = -g.
      const dp = tf.div(tf.sub(tf.sum(tf.mul(g, qq), axis, true), g), sum);
      return [tf.mul(lp, tf.neg(up)), dp];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);
