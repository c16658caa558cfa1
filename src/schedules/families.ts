// The schedule families named after the library they mirror: `torch.stepLR` (PyTorch 1.13's
// torch.optim.lr_scheduler), `keras.cosineDecay` (keras.optimizers.schedules),
// `transformers.linearScheduleWithWarmup` (Hugging Face's get_*_schedule*). Option names are the
// source's camelCased.
import {
  cosineDecay, cosineDecayRestarts, exponentialDecay, inverseTimeDecay, piecewiseConstantDecay, polynomialDecay,
} from './keras.js';
import { reduceLROnPlateau } from './plateau.js';
import type { Schedule } from './types.js';
import {
  constantSchedule, constantScheduleWithWarmup, cosineScheduleWithWarmup, cosineWithHardRestartsScheduleWithWarmup,
  cosineWithMinLrScheduleWithWarmup, inverseSqrtSchedule, linearScheduleWithWarmup, polynomialDecayScheduleWithWarmup,
  wsdSchedule,
} from './transformers.js';
import {
  constantLR, cosineAnnealingLR, cosineAnnealingWarmRestarts, cyclicLR, exponentialLR, linearLR, multiStepLR, oneCycleLR,
  polynomialLR, sequentialLR, stepLR,
} from './torch.js';

/**
 * PyTorch's learning-rate schedulers as lrkit schedules (value at step t = PyTorch's lr before the
 * t-th optimizer.step(), scheduler.step() after each), plus the stateful `reduceLROnPlateau`.
 *
 * @example
 * const lr = torch.stepLR({ lr: 0.1, stepSize: 30, gamma: 0.1 });
 * lr(29); // 0.1
 * lr(30); // ≈ 0.01
 */
export const torch = {
  stepLR, multiStepLR, constantLR, linearLR, exponentialLR, polynomialLR, cosineAnnealingLR, cosineAnnealingWarmRestarts,
  sequentialLR, cyclicLR, oneCycleLR, reduceLROnPlateau,
} as const;

/**
 * Keras 3's `keras.optimizers.schedules` as lrkit schedules (value at step t = the schedule at
 * optimizer.iterations = t), in float64.
 *
 * @example
 * const lr = keras.cosineDecay({ initialLearningRate: 0.1, decaySteps: 1000, alpha: 0.01 });
 * lr(1000); // ≈ 0.001
 */
export const keras = { exponentialDecay, piecewiseConstantDecay, polynomialDecay, inverseTimeDecay, cosineDecay, cosineDecayRestarts } as const;

/**
 * Hugging Face transformers' schedules (`get_linear_schedule_with_warmup` ->
 * `linearScheduleWithWarmup`, ...): value at step t = lr * lr_lambda(t).
 *
 * @example
 * const lr = transformers.linearScheduleWithWarmup({ lr: 5e-5, numWarmupSteps: 500, numTrainingSteps: 10000 });
 * lr(500); // 0.00005
 */
export const transformers = {
  constantSchedule, constantScheduleWithWarmup, linearScheduleWithWarmup, cosineScheduleWithWarmup,
  cosineWithHardRestartsScheduleWithWarmup, polynomialDecayScheduleWithWarmup, inverseSqrtSchedule,
  cosineWithMinLrScheduleWithWarmup, wsdSchedule,
} as const;

/**
 * Every step-function factory of the three families by its full name (`torch.stepLR`, ...,
 * `transformers.wsdSchedule`): what `lrkit schedule <name>` and the web designer offer.
 * `torch.reduceLROnPlateau` is left out: it follows a metric, not the step.
 *
 * @example
 * FAMILY_FACTORIES['keras.cosineDecay']({ initialLearningRate: 0.1, decaySteps: 100 } as never)(50);
 */
export const FAMILY_FACTORIES: Readonly<Record<string, (options: never) => Schedule>> = Object.fromEntries(
  ([['torch', torch], ['keras', keras], ['transformers', transformers]] as const).flatMap(([ns, family]) =>
    Object.entries(family)
      .filter(([name]) => name !== 'reduceLROnPlateau')
      .map(([name, make]) => [`${ns}.${name}`, make as (options: never) => Schedule])),
);
