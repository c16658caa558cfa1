// Copies of a model's weights that can be written back bit for bit.
import * as tf from '@tensorflow/tfjs';
import { fail } from '../check/index.js';

/** A saved copy of a model's weights; see snapshotModel. */
export interface ModelSnapshot {
  /** Writes the saved values back into the model's variables (can be called repeatedly). */
  restore(): void;
  /** Frees the saved copies; the snapshot cannot be restored afterwards. */
  dispose(): void;
}

/**
 * Copies every weight of the model, trainable or not (e.g. batch-norm moving statistics), so it
 * can be restored exactly. Values are written straight into the variables, bypassing layer
 * constraints, which would otherwise be re-applied and could change the bits.
 *
 * @example
 * const snap = snapshotModel(model);
 * try { await model.fit(xs, ys, { epochs: 1 }); } finally { snap.restore(); snap.dispose(); }
 */
export function snapshotModel(model: tf.LayersModel): ModelSnapshot {
  const weights = (model as { weights?: unknown } | null)?.weights;
  if (model == null || typeof model !== 'object' || !Array.isArray(weights)) {
    fail('snapshotModel', 'model', 'a tf.LayersModel', model, TypeError);
  }
  // Shared layers list the same variable more than once.
  const variables = [...new Set(model.weights.map((w) => w.read() as tf.Variable))];
  const saved = variables.map((v) => tf.keep(v.clone()));
  let disposed = false;
  return {
    restore() {
      if (disposed) throw new Error('snapshotModel: restore() after dispose()');
      variables.forEach((v, i) => {
        // assign() shares the saved buffer (refcounted), so dispose() below stays safe.
        v.assign(saved[i]);
      });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      tf.dispose(saved);
    },
  };
}
