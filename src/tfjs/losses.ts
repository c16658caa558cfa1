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
 *
 * @example
 * model.compile({ optimizer: tf.train.sgd(0.1), loss: categoricalCrossentropy });
 */
export function categoricalCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const axis = yPred.rank - 1;
    const p = tf.clipByValue(tf.div(yPred, tf.sum(yPred, axis, true)), KERAS_EPSILON, 1 - KERAS_EPSILON);
    return tf.neg(tf.sum(tf.mul(tf.cast(yTrue, 'float32'), tf.log(p)), axis));
  });
}
