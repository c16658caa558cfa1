// Copies of a tf.train optimizer for the range test (its class and configuration, with empty or
// copied state) and disposing one with all its slot variables.
import * as tf from '@tensorflow/tfjs';
import { fail } from '../check/index.js';
import { optimizerKind, type OptimizerKind } from './optimizers.js';

/**
 * Disposes an optimizer and every tensor it holds. Works around a tfjs 4.22 leak:
 * `MomentumOptimizer.dispose()` forgets the learning-rate scalar its SGD base class keeps.
 *
 * @example
 * const opt = tf.train.momentum(0.1, 0.9);
 * disposeOptimizer(opt);
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  const o = optimizer as unknown as { getClassName?: () => string; dispose?: () => void } | null;
  if (o == null || typeof o.getClassName !== 'function' || typeof o.dispose !== 'function') {
    fail('disposeOptimizer', 'optimizer', 'a tf.Optimizer', optimizer, TypeError);
  }
  // Any optimizer (lrkit's LR-free ones too) is disposed; only Momentum needs the extra scalar freed.
  const momentum = o.getClassName() === 'Momentum';
  optimizer.dispose();
  if (momentum) {
    const c = (optimizer as unknown as { c?: tf.Tensor }).c;
    if (c != null && !c.isDisposed) c.dispose();
  }
}

/**
 * A new optimizer of the same class and configuration (learning rate, momentum, betas, epsilon,
 * ...) with fresh, empty state. The original is not touched.
 *
 * @example
 * const probe = cloneOptimizer(model.optimizer);
 * // ... use probe, then:
 * probe.dispose();
 */
export function cloneOptimizer<T extends tf.Optimizer>(optimizer: T): T {
  optimizerKind(optimizer);
  const cls = optimizer.constructor as unknown as tf.serialization.SerializableConstructor<T>;
  return cls.fromConfig(cls, optimizer.getConfig());
}

/** A slot variable as tfjs optimizers keep it: the variable and the name of the weight it belongs to. */
interface SlotVariable {
  originalName: string;
  variable: tf.Variable;
}

// Where each tf.train optimizer of tfjs 4.22 keeps its per-weight slot variables (arrays of
// SlotVariable, private fields matched to the weights BY INDEX in applyGradients, created lazily
// on the first step), with the suffix it appends to the weight's name in `originalName`.
const SLOT_FIELDS: Record<OptimizerKind, readonly (readonly [field: string, suffix: string])[]> = {
  sgd: [],
  momentum: [['accumulations', 'momentum']],
  adam: [['accumulatedFirstMoment', 'm'], ['accumulatedSecondMoment', 'v']],
  adamax: [['accumulatedFirstMoment', 'm'], ['accumulatedWeightedInfNorm', 'v']],
  // accumulatedMeanGrads stays empty unless the optimizer is centered.
  rmsprop: [['accumulatedMeanSquares', 'rms'], ['accumulatedMoments', 'momentum'], ['accumulatedMeanGrads', 'mg']],
  adagrad: [['accumulatedGrads', 'accumulator']],
  adadelta: [['accumulatedGrads', 'accum_grad'], ['accumulatedUpdates', 'accum_var']],
};

// Scalar variables updated on every step: Adam's beta1^t / beta2^t bias-correction products,
// Adamax's beta1^t and its step counter (which scales the learning-rate decay). setWeights()
// recomputes Adam's with pow(beta, t + 1), which is neither bit-identical to the running product
// nor right once beta1 was changed mid-training (one-cycle momentum), so they are copied as they are.
const SCALAR_FIELDS: Record<OptimizerKind, readonly string[]> = {
  sgd: [],
  momentum: [],
  adam: ['accBeta1', 'accBeta2'],
  adamax: ['accBeta1', 'iteration'],
  rmsprop: [],
  adagrad: [],
  adadelta: [],
};

/**
 * Like cloneOptimizer, but the new optimizer starts from an exact copy of the original's state:
 * its slot variables (moments, momentum buffers, accumulators), its step count and, for
 * Adam/Adamax, the bias-correction products. Its next step on `variables` is bit-identical to the
 * one the original would make with the same gradients and learning rate; the original is not
 * touched. The copies share the original's buffers until a step replaces them (tfjs variables are
 * rebound on assign, never written in place), so copying allocates no slot memory (tf.memory()'s
 * numBytes, which counts per tensor, still grows by their size while the copy lives).
 *
 * `variables` are the weights the copy will train, in the order they will be passed to
 * `minimize`/`applyGradients` (tfjs matches slots to variables by index). Slots are matched to
 * them by name (`originalName` is `<variable name>/<suffix>`); an Error names the mismatch when
 * the original's state belongs to other variables (another model, other trainable weights). An
 * optimizer that never stepped gives the same result as cloneOptimizer.
 *
 * Reads tfjs 4.22 internals (not public API): the slot arrays listed per class in SLOT_FIELDS,
 * `accBeta1`/`accBeta2` (Adam), `accBeta1`/`iteration` (Adamax, which has no getWeights), the
 * step counter `iterations_`, and Momentum's momentum scalar `m` (the value its step really uses).
 *
 * @example
 * await model.fit(xs, ys, { epochs: 1 });
 * const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
 * const probe = cloneOptimizerWithState(model.optimizer, vars);
 * // ... probe.minimize(loss, false, vars), then:
 * disposeOptimizer(probe);
 */
export function cloneOptimizerWithState<T extends tf.Optimizer>(optimizer: T, variables: readonly tf.Variable[]): T {
  const kind = optimizerKind(optimizer);
  const source = optimizer as unknown as Record<string, unknown>;
  const className = optimizer.getClassName();

  // Match every slot to its variable first, so a mismatch throws before anything is allocated.
  const plan: { field: string; slots: SlotVariable[] }[] = [];
  for (const [field, suffix] of SLOT_FIELDS[kind]) {
    const slots = source[field] as SlotVariable[] | undefined;
    if (!Array.isArray(slots) || slots.length === 0) continue; // never stepped: created lazily, as a fresh one would
    const byName = new Map(slots.map((s) => [s.originalName, s]));
    const ordered = variables.map((v) => byName.get(`${v.name}/${suffix}`));
    const missing = variables.filter((_, i) => ordered[i] === undefined || !tf.util.arraysEqual(ordered[i]!.variable.shape, variables[i].shape));
    if (missing.length > 0 || slots.length !== variables.length) {
      throw new Error(
        `optimizerState "copy": the ${className} optimizer's state does not belong to the weights being trained; ` +
          `it holds ${JSON.stringify(slots.map((s) => s.originalName))} but the weights need ` +
          `${JSON.stringify(variables.map((v) => `${v.name}/${suffix}`))}` +
          (missing.length > 0 ? ` (no matching slot for ${missing.map((v) => JSON.stringify(v.name)).join(', ')})` : '') +
          `. Use optimizerState "fresh", or the optimizer the model was trained with.`,
      );
    }
    plan.push({ field, slots: ordered as SlotVariable[] });
  }

  const copy = cloneOptimizer(optimizer);
  const target = copy as unknown as Record<string, unknown>;
  try {
    for (const { field, slots } of plan) {
      target[field] = slots.map((s) => ({ originalName: s.originalName, variable: tf.variable(s.variable, false) }));
    }
    for (const field of SCALAR_FIELDS[kind]) {
      (target[field] as tf.Variable).assign(source[field] as tf.Variable);
    }
    // Read the field, not the `iterations` getter: the getter would write 0 into the original.
    if (source.iterations_ != null) target.iterations_ = source.iterations_;
    if (kind === 'momentum') {
      // tfjs's own setMomentum() leaves `m` stale; the step uses `m`, so copy its value too.
      (target.m as tf.Tensor).dispose();
      target.m = tf.keep(tf.clone(source.m as tf.Tensor));
    }
  } catch (e) {
    disposeOptimizer(copy);
    throw e;
  }
  return copy;
}
