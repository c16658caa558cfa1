// Frees what tfjs's gradient tape kept when a forward pass throws.
import * as tf from '@tensorflow/tfjs';

interface TapeState {
  activeTape: Array<{ saved?: tf.Tensor[] }> | null;
  gradientDepth: number;
}

/**
 * Runs `fn` (which calls optimizer.minimize / tf.variableGrads) and, if it throws, disposes the
 * tensors the gradient tape saved for backprop. tfjs keeps those tensors (`tf.keep`) and frees
 * them only at the end of a successful backward pass, so a loss function or layer that throws
 * during the forward pass (or a gradient that throws during backprop) leaks them, and no
 * surrounding tf.tidy can reclaim kept tensors.
 *
 * Only the tape started inside `fn` is touched: a tape that already existed before the call (an
 * enclosing gradient computation, or one left over by somebody else) is left alone, except for
 * the nodes `fn` appended to an enclosing tape.
 *
 * @example
 * const loss = disposeTapeOnThrow(() => tf.tidy(() => optimizer.minimize(f, true)!));
 */
export function disposeTapeOnThrow<T>(fn: () => T): T {
  const state = tf.engine().state as unknown as TapeState;
  const before = state.activeTape;
  const nested = state.gradientDepth > 0;
  const start = nested && before ? before.length : 0;
  try {
    return fn();
  } catch (error) {
    const tape = state.activeTape;
    // Not nested: startTape() replaced the tape with a fresh one; an unchanged tape is not ours.
    if (tape != null && (nested ? tape === before : tape !== before)) {
      const ours = tape.slice(start);
      for (const node of ours) tf.dispose(node.saved ?? []);
      if (nested) tape.length = start;
      else if (state.gradientDepth === 0) state.activeTape = null;
    }
    throw error;
  }
}
