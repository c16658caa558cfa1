// Reading and changing the learning rate and momentum of every tf.train optimizer between steps
// (copies and disposal: optimizer-clone.ts).
import * as tf from '@tensorflow/tfjs';
import { fail } from '../check/index.js';

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
export function optimizerKind(optimizer: tf.Optimizer, fn = 'optimizerKind'): OptimizerKind {
  const o = optimizer as unknown as { getClassName?: () => string; applyGradients?: unknown } | null;
  if (o == null || typeof o.getClassName !== 'function' || typeof o.applyGradients !== 'function') {
    fail(fn, 'optimizer', 'a tf.train optimizer', optimizer, TypeError);
  }
  const className = o.getClassName();
  const kind = KIND_BY_CLASS[className];
  if (kind === undefined && LR_FREE_CLASSES.includes(className)) {
    throw new TypeError(`${fn}: optimizer "${className}" sets its own step size (an LR-free optimizer): it needs no LR range test, and only its rate can be read or set (getLearningRate / setLearningRate)`);
  }
  if (kind === undefined) {
    throw new TypeError(
      `${fn}: unknown optimizer type "${className}"; expected one of ${Object.keys(KIND_BY_CLASS).join(', ')} (tf.train.*)`,
    );
  }
  return kind;
}

// lrkit's Prodigy (lr is a multiplier of its own step size) and Schedule-Free AdamW keep the rate
// as a plain `learningRate` read on every step; they are no tf.train family, so optimizerKind
// (and the range test) does not know them.
const LR_FREE_CLASSES = ['Prodigy', 'ScheduleFreeAdamW'];

/**
 * Whether this is one of lrkit's LR-free optimizers (prodigy, scheduleFreeAdamW): its rate can be
 * read and set, but it is no tf.train family (no range test, no momentum).
 *
 * @example
 * isLrFreeOptimizer(prodigy()); // true
 */
export function isLrFreeOptimizer(optimizer: tf.Optimizer): boolean {
  return isLrFree(optimizer);
}

function isLrFree(optimizer: tf.Optimizer): boolean {
  const o = optimizer as unknown as { getClassName?: () => string } | null;
  return o != null && typeof o.getClassName === 'function' && LR_FREE_CLASSES.includes(o.getClassName());
}

function internals(optimizer: tf.Optimizer): OptimizerInternals {
  return optimizer as unknown as OptimizerInternals;
}

// Both throw RangeError for a non-number too, as they always have.
function checkRate(fn: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(fn, name, 'a finite number >= 0', value);
}

function checkMomentum(fn: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) fail(fn, 'momentum', 'a number in [0, 1)', value);
}

/**
 * The learning rate the optimizer will use on its next step.
 *
 * @example
 * getLearningRate(tf.train.sgd(0.1)); // 0.1
 */
export function getLearningRate(optimizer: tf.Optimizer): number {
  if (isLrFree(optimizer)) return internals(optimizer).learningRate;
  optimizerKind(optimizer, 'getLearningRate');
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
  const kind = isLrFree(optimizer) ? 'lr-free' : optimizerKind(optimizer, 'setLearningRate');
  checkRate('setLearningRate', 'learningRate', lr);
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
  return MOMENTUM_KINDS.includes(optimizerKind(optimizer, 'supportsMomentum'));
}

function requireMomentum(optimizer: tf.Optimizer, fn: string): OptimizerKind {
  const kind = optimizerKind(optimizer, fn);
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
  checkMomentum('setMomentum', momentum);
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
