import * as tf from '@tensorflow/tfjs';
import { inRange, oneOf, positive } from '../check/index.js';
import { adadelta } from '../tfjs/adadelta.js';
import { prodigy } from '../tfjs/prodigy.js';
import { scheduleFreeAdamW } from '../tfjs/schedule-free.js';

/**
 * Optimizer names accepted by {@link createOptimizer} (and the CLI's `--optimizer`).
 *
 * @example
 * OPTIMIZER_NAMES.includes('adam'); // true
 */
export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'nesterov', 'adam', 'adamax', 'rmsprop', 'adagrad', 'adadelta'] as const;

/** One of {@link OPTIMIZER_NAMES}. */
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/**
 * Optimizers that set their own step size (lrkit/tfjs's prodigy and scheduleFreeAdamW): accepted by
 * {@link createOptimizer} and `lrkit train`, not by the range test (they need none), so they are
 * kept apart from {@link OPTIMIZER_NAMES}.
 *
 * @example
 * LR_FREE_OPTIMIZER_NAMES.includes('prodigy'); // true
 */
export const LR_FREE_OPTIMIZER_NAMES = ['prodigy', 'schedule-free-adamw'] as const;

/** One of {@link LR_FREE_OPTIMIZER_NAMES}. */
export type LrFreeOptimizerName = (typeof LR_FREE_OPTIMIZER_NAMES)[number];

/**
 * The reference's default rate of each LR-free optimizer: Prodigy's multiplier of its own step size
 * (1), Schedule-Free AdamW's lr (0.0025).
 *
 * @example
 * LR_FREE_DEFAULT_LR.prodigy; // 1
 */
export const LR_FREE_DEFAULT_LR: Readonly<Record<LrFreeOptimizerName, number>> = { prodigy: 1, 'schedule-free-adamw': 0.0025 };

/**
 * Whether `name` is one of {@link LR_FREE_OPTIMIZER_NAMES}.
 *
 * @example
 * isLrFreeOptimizerName('adam'); // false
 */
export function isLrFreeOptimizerName(name: string): name is LrFreeOptimizerName {
  return (LR_FREE_OPTIMIZER_NAMES as readonly string[]).includes(name);
}

/**
 * Extra settings of {@link createOptimizer}; each applies only where the optimizer has it.
 *
 * @example
 * const opts: OptimizerOptions = { momentum: 0.95 };
 */
export interface OptimizerOptions {
  /** Momentum for momentum / nesterov / rmsprop (default 0.9; 0 for rmsprop). */
  momentum?: number;
  /** Adam / Adamax beta1 (default 0.9). */
  beta1?: number;
  /** Adam / Adamax beta2 (default 0.999). */
  beta2?: number;
  /** Numerical epsilon (tfjs's default when omitted). */
  epsilon?: number;
}

const FN = 'createOptimizer';
const unit = (name: string, v: number | undefined, fallback: number): number => inRange(FN, name, v ?? fallback, 0, 1, { hi: true });

/**
 * A tf.train optimizer by name, or an LR-free one ({@link LR_FREE_OPTIMIZER_NAMES}; `lr` is then
 * Prodigy's multiplier or Schedule-Free's lr, and beta1/beta2/epsilon map to betas/eps).
 *
 * @example
 * const opt = createOptimizer('momentum', 0.01, { momentum: 0.9 });
 * model.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
 */
export function createOptimizer(name: string, lr: number, opts: OptimizerOptions = {}): tf.Optimizer {
  oneOf(FN, 'optimizer', name, [...OPTIMIZER_NAMES, ...LR_FREE_OPTIMIZER_NAMES]);
  positive(FN, 'learning rate', lr);
  const eps = opts.epsilon;
  if (eps !== undefined) positive(FN, 'epsilon', eps);
  if (isLrFreeOptimizerName(name)) {
    const betas: [number, number] = [unit('beta1', opts.beta1, 0.9), unit('beta2', opts.beta2, 0.999)];
    const common = { lr, betas, ...(eps !== undefined ? { eps } : {}) };
    return name === 'prodigy' ? prodigy(common) : scheduleFreeAdamW(common);
  }
  switch (name as OptimizerName) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, unit('momentum', opts.momentum, 0.9));
    case 'nesterov':
      return tf.train.momentum(lr, unit('momentum', opts.momentum, 0.9), true);
    case 'adam':
      return tf.train.adam(lr, unit('beta1', opts.beta1, 0.9), unit('beta2', opts.beta2, 0.999), eps);
    case 'adamax':
      return tf.train.adamax(lr, unit('beta1', opts.beta1, 0.9), unit('beta2', opts.beta2, 0.999), eps);
    case 'rmsprop':
      return tf.train.rmsprop(lr, 0.9, unit('momentum', opts.momentum, 0), eps);
    case 'adagrad':
      return tf.train.adagrad(lr);
    case 'adadelta':
      return adadelta(lr, 0.95, eps); // tf.train.adadelta trains exactly like SGD in tfjs 4.22
  }
}
