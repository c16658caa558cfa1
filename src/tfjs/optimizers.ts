// Reading and changing the learning rate and momentum of every tf.train optimizer between steps.
import * as tf from '@tensorflow/tfjs';
import { describe } from './checks.js';

/** The tf.train optimizer families lrkit knows how to drive. */
export type OptimizerKind = 'sgd' | 'momentum' | 'adam' | 'adamax' | 'rmsprop' | 'adagrad' | 'adadelta';

// Keyed by the static `className` each tfjs optimizer registers for serialization: unlike
// `instanceof` it survives duplicated tfjs copies and keeps MomentumOptimizer (a subclass of
// SGDOptimizer) apart from SGD.
const KIND_BY_CLASS: Record<string, OptimizerKind> = {
  SGD: 'sgd',
  Momentum: 'momentum',
  Adam: 'adam',
  Adamax: 'adamax',
  RMSProp: 'rmsprop',
  Adagrad: 'adagrad',
  Adadelta: 'adadelta',
};

const MOMENTUM_KINDS: readonly OptimizerKind[] = ['momentum', 'adam', 'adamax', 'rmsprop'];

// The fields below are `protected`/`private` in tfjs's .d.ts but are plain properties read on
// every applyGradients call (checked against tfjs 4.22 sources), so one narrow cast reaches them.
interface OptimizerInternals {
  learningRate: number;
  momentum?: number;
  beta1?: number;
  m?: tf.Scalar;
  setLearningRate?: (lr: number) => void;
  // Adam/Adamax: running product of beta1 for the bias correction, and the lazily created moments.
  accBeta1?: tf.Variable;
  accumulatedFirstMoment?: unknown[];
}

/**
 * Names the optimizer family of a tf.train optimizer, or throws a TypeError for anything else.
 *
 * @example
 * optimizerKind(tf.train.adam(1e-3)); // 'adam'
 */
export function optimizerKind(optimizer: tf.Optimizer): OptimizerKind {
  const o = optimizer as unknown as { getClassName?: () => string; applyGradients?: unknown } | null;
  if (o == null || typeof o.getClassName !== 'function' || typeof o.applyGradients !== 'function') {
    throw new TypeError(`optimizer must be a tf.train optimizer, got ${describe(optimizer)}`);
  }
  const className = o.getClassName();
  const kind = KIND_BY_CLASS[className];
  if (kind === undefined) {
    throw new TypeError(
      `optimizer: unknown optimizer type "${className}"; expected one of ${Object.keys(KIND_BY_CLASS).join(', ')} (tf.train.*)`,
    );
  }
  return kind;
}

function internals(optimizer: tf.Optimizer): OptimizerInternals {
  return optimizer as unknown as OptimizerInternals;
}

function checkRate(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${describe(value)}`);
  }
}

function checkMomentum(value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new RangeError(`momentum must be a number in [0, 1), got ${describe(value)}`);
  }
}

/**
 * The learning rate the optimizer will use on its next step.
 *
 * @example
 * getLearningRate(tf.train.sgd(0.1)); // 0.1
 */
export function getLearningRate(optimizer: tf.Optimizer): number {
  optimizerKind(optimizer);
  return internals(optimizer).learningRate;
}

/**
 * Sets the learning rate used from the next step on, for every tf.train optimizer.
 * SGD/Momentum keep the rate as a scalar tensor (replaced without leaking); the others read a
 * plain number on every step.
 *
 * @example
 * const opt = tf.train.adam(1e-3);
 * setLearningRate(opt, 3e-4);
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const kind = optimizerKind(optimizer);
  checkRate('learningRate', lr);
  const o = internals(optimizer);
  if (o.learningRate === lr) return;
  if (kind === 'sgd' || kind === 'momentum') {
    // Keeps the negated-rate scalar `c` in sync; it disposes the old tensor and keep()s the new one.
    o.setLearningRate!(lr);
  } else {
    o.learningRate = lr;
  }
}

/**
 * Whether setMomentum/getMomentum work on this optimizer: true for momentum, adam and adamax
 * (beta1) and rmsprop; false for sgd, adagrad and adadelta.
 *
 * @example
 * supportsMomentum(tf.train.sgd(0.1)); // false
 */
export function supportsMomentum(optimizer: tf.Optimizer): boolean {
  return MOMENTUM_KINDS.includes(optimizerKind(optimizer));
}

function requireMomentum(optimizer: tf.Optimizer, fn: string): OptimizerKind {
  const kind = optimizerKind(optimizer);
  if (!MOMENTUM_KINDS.includes(kind)) {
    throw new TypeError(
      `${fn}: optimizer "${kind}" has no momentum; momentum is supported for ${MOMENTUM_KINDS.join(', ')} (check supportsMomentum(optimizer) first)`,
    );
  }
  return kind;
}

/**
 * The momentum the optimizer will use on its next step (beta1 for Adam and Adamax).
 * Throws a TypeError for optimizers without momentum (see supportsMomentum).
 *
 * @example
 * getMomentum(tf.train.momentum(0.1, 0.9)); // 0.9
 */
export function getMomentum(optimizer: tf.Optimizer): number {
  const kind = requireMomentum(optimizer, 'getMomentum');
  const o = internals(optimizer);
  return (kind === 'adam' || kind === 'adamax' ? o.beta1 : o.momentum) as number;
}

/**
 * Sets the momentum used from the next step on: MomentumOptimizer's momentum, Adam/Adamax's
 * beta1, RMSProp's momentum. Value in [0, 1). Throws a TypeError for sgd, adagrad, adadelta.
 *
 * Works around a tfjs 4.22 bug: `MomentumOptimizer.setMomentum()` only stores the number while
 * the update keeps using the scalar tensor made in the constructor; this replaces that tensor.
 *
 * On an Adam/Adamax that has not stepped yet, it also restarts the bias-correction accumulator
 * (tfjs starts it at the constructor's beta1) at the new beta1, so the optimizer behaves exactly
 * as if it had been built with it; once it has stepped, the accumulator is left alone.
 *
 * @example
 * const opt = tf.train.momentum(0.1, 0.9);
 * setMomentum(opt, 0.85);
 */
export function setMomentum(optimizer: tf.Optimizer, momentum: number): void {
  const kind = requireMomentum(optimizer, 'setMomentum');
  checkMomentum(momentum);
  const o = internals(optimizer);
  if (kind === 'adam' || kind === 'adamax') {
    o.beta1 = momentum;
    // Without this, a fresh Adam(beta1 = 0.9) whose first step runs at beta1 = 0.95 divides the
    // first moment (0.05 g) by 1 - 0.9: a first step half the size of Adam(0.95)'s.
    if (o.accumulatedFirstMoment?.length === 0 && o.accBeta1 != null) {
      const acc = o.accBeta1;
      tf.tidy(() => acc.assign(tf.scalar(momentum)));
    }
  } else if (kind === 'rmsprop') {
    o.momentum = momentum;
  } else {
    if (o.momentum === momentum) return;
    o.momentum = momentum;
    o.m?.dispose();
    // keep(): the optimizer owns this scalar even if we are called inside a user's tf.tidy.
    o.m = tf.keep(tf.scalar(momentum));
  }
}

/**
 * Disposes an optimizer and every tensor it holds. Works around a tfjs 4.22 leak:
 * `MomentumOptimizer.dispose()` forgets the learning-rate scalar its SGD base class keeps.
 *
 * @example
 * const opt = tf.train.momentum(0.1, 0.9);
 * disposeOptimizer(opt);
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  const kind = optimizerKind(optimizer);
  optimizer.dispose();
  if (kind === 'momentum') {
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
