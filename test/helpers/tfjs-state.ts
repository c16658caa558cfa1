// Shared by the tfjs tests that check a model and its optimizer come back exactly as they were.
import * as tf from '@tensorflow/tfjs';

/**
 * Every plain value, tensor and slot variable (with its name) an optimizer holds, read out for
 * deepEqual. With `getWeights`, also what its getWeights() returns (Adamax has none); off by
 * default because tfjs's `iterations` getter writes 0 into an optimizer that never stepped.
 */
export async function optimizerState(opt: tf.Optimizer, options: { getWeights?: boolean } = {}): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(opt)) {
    if (value instanceof tf.Tensor) {
      out[key] = value.isDisposed ? 'disposed' : Array.from(await value.data());
    } else if (Array.isArray(value)) {
      out[key] = await Promise.all(
        value.map(async (e: { originalName?: string; variable?: tf.Tensor } | undefined) =>
          e?.variable instanceof tf.Tensor ? { name: e.originalName, value: Array.from(await e.variable.data()) } : e,
        ),
      );
    } else if (typeof value !== 'object' && typeof value !== 'function') {
      out[key] = value;
    }
  }
  if (options.getWeights && opt.getClassName() !== 'Adamax') {
    const named = await opt.getWeights();
    out.getWeights = await Promise.all(named.map(async (w) => ({ name: w.name, value: Array.from(await w.tensor.data()) })));
    named[0].tensor.dispose(); // the iteration count is a new tensor; the rest are the slots themselves
  }
  return out;
}

/** All weights of a model (trainable or not), read out. */
export async function weights(model: tf.LayersModel): Promise<number[][]> {
  return Promise.all(model.getWeights().map(async (w) => Array.from(await w.data())));
}

/** n samples of y = x·[2, -1, 0.5, 3] + N(0, 0.1²) with x ~ N(0, I₄), seeded. */
export function regression(n: number, seed: number): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  return tf.tidy(() => {
    const xs = tf.randomNormal([n, 4], 0, 1, 'float32', seed) as tf.Tensor2D;
    const ys = tf.add(tf.matMul(xs, tf.tensor2d([[2], [-1], [0.5], [3]])), tf.randomNormal([n, 1], 0, 0.1, 'float32', seed + 1));
    return { xs, ys: ys as tf.Tensor2D };
  });
}
