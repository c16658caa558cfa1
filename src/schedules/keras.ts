// Keras 3's keras.optimizers.schedules (keras/src/optimizers/schedules/learning_rate_schedule.py,
// read at keras-team/keras@2534b643145262fc2c9ee638065ee14fdb623984), as lrkit Schedules: value at
// step t = the schedule's value at optimizer.iterations = t. Option names are Keras's camelCased,
// the initial rate keeps its Keras name `initialLearningRate`. Keras evaluates in float32; these
// are the same formulas in float64 (test/schedules.keras-parity.test.ts says where float32 differs).
import { makeSchedule } from './registry.js';
import type { Schedule } from './types.js';
import { bool, knownOptions, finite, nonNegative, positive, show } from '../check/index.js';

/** Options of {@link exponentialDecay}. */
export interface ExponentialDecayOptions { initialLearningRate: number; decaySteps: number; decayRate: number; staircase?: boolean }
/** Options of {@link piecewiseConstantDecay}. */
export interface PiecewiseConstantDecayOptions { boundaries: number[]; values: number[] }
/** Options of {@link polynomialDecay}. */
export interface PolynomialDecayOptions { initialLearningRate: number; decaySteps: number; endLearningRate?: number; power?: number; cycle?: boolean }
/** Options of {@link inverseTimeDecay}. */
export interface InverseTimeDecayOptions { initialLearningRate: number; decaySteps: number; decayRate: number; staircase?: boolean }
/** Options of {@link cosineDecay}. */
export interface CosineDecayOptions { initialLearningRate: number; decaySteps: number; alpha?: number; warmupTarget?: number | null; warmupSteps?: number }
/** Options of {@link cosineDecayRestarts}. */
export interface CosineDecayRestartsOptions { initialLearningRate: number; firstDecaySteps: number; tMul?: number; mMul?: number; alpha?: number }

/** The options ExponentialDecay and InverseTimeDecay share; `rate` checks decayRate. */
function decayOptions(fn: string, options: unknown, rate: (fn: string, name: string, v: unknown) => number) {
  const o = knownOptions(fn, options, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase']);
  return {
    initialLearningRate: finite(fn, 'initialLearningRate', o.initialLearningRate),
    decaySteps: positive(fn, 'decaySteps', o.decaySteps),
    decayRate: rate(fn, 'decayRate', o.decayRate),
    staircase: bool(fn, 'staircase', o.staircase ?? false),
  };
}

/**
 * `ExponentialDecay`: `v(t) = initialLearningRate * decayRate^(t / decaySteps)`, with
 * `floor(t / decaySteps)` when `staircase`.
 *
 * @example
 * keras.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 })(200); // 0.025
 */
export function exponentialDecay(options: ExponentialDecayOptions): Schedule {
  const fn = 'keras.exponentialDecay()';
  const { initialLearningRate, decaySteps, decayRate, staircase } = decayOptions(fn, options, finite);
  return makeSchedule(
    (t) => initialLearningRate * decayRate ** (staircase ? Math.floor(t / decaySteps) : t / decaySteps),
    () => ({ type: 'keras.exponentialDecay', initialLearningRate, decaySteps, decayRate, staircase }),
  );
}

/**
 * `PiecewiseConstantDecay`: `values[0]` while `t <= boundaries[0]`, `values[i]` while
 * `boundaries[i-1] < t <= boundaries[i]`, the last value after the last boundary (boundaries
 * strictly increasing, one fewer than values; note the `<=`: Keras switches one step later than
 * PyTorch's MultiStepLR).
 *
 * @example
 * keras.piecewiseConstantDecay({ boundaries: [100, 200], values: [1, 0.5, 0.1] })(100); // 1
 * keras.piecewiseConstantDecay({ boundaries: [100, 200], values: [1, 0.5, 0.1] })(101); // 0.5
 */
export function piecewiseConstantDecay(options: PiecewiseConstantDecayOptions): Schedule {
  const fn = 'keras.piecewiseConstantDecay()';
  const o = knownOptions(fn, options, ['boundaries', 'values']);
  if (!Array.isArray(o.boundaries) || !Array.isArray(o.values)) {
    throw new TypeError(`${fn}: boundaries and values must be arrays of numbers, got ${show(o.boundaries)} and ${show(o.values)}`);
  }
  const boundaries = (o.boundaries as unknown[]).map((b, i) => finite(fn, `boundaries[${i}]`, b));
  const values = (o.values as unknown[]).map((v, i) => finite(fn, `values[${i}]`, v));
  if (boundaries.length !== values.length - 1) {
    throw new RangeError(`${fn}: values must have one more element than boundaries; got ${values.length} values and ${boundaries.length} boundaries`);
  }
  boundaries.forEach((b, i) => {
    if (i > 0 && !(b > boundaries[i - 1])) throw new RangeError(`${fn}: boundaries must be strictly increasing; boundaries[${i}] = ${b} is not above ${boundaries[i - 1]}`);
  });
  return makeSchedule(
    (t) => {
      let i = 0;
      while (i < boundaries.length && t > boundaries[i]) i++;
      return values[i];
    },
    () => ({ type: 'keras.piecewiseConstantDecay', boundaries: [...boundaries], values: [...values] }),
  );
}

/**
 * `PolynomialDecay`: from `initialLearningRate` to `endLearningRate` over `decaySteps`:
 *
 *     v(t) = (initial - end) * (1 - min(t, decaySteps) / decaySteps)^power + end
 *
 * With `cycle`, the decay restarts: `decaySteps` becomes its first multiple >= t (1 at t = 0).
 *
 * @example
 * keras.polynomialDecay({ initialLearningRate: 0.1, decaySteps: 100, endLearningRate: 0.01 })(50); // 0.055
 */
export function polynomialDecay(options: PolynomialDecayOptions): Schedule {
  const fn = 'keras.polynomialDecay()';
  const o = knownOptions(fn, options, ['initialLearningRate', 'decaySteps', 'endLearningRate', 'power', 'cycle']);
  const initialLearningRate = finite(fn, 'initialLearningRate', o.initialLearningRate);
  const decaySteps = positive(fn, 'decaySteps', o.decaySteps);
  const endLearningRate = finite(fn, 'endLearningRate', o.endLearningRate ?? 1e-4);
  const power = nonNegative(fn, 'power', o.power ?? 1);
  const cycle = bool(fn, 'cycle', o.cycle ?? false);
  return makeSchedule(
    (t) => {
      const steps = cycle ? decaySteps * (t === 0 ? 1 : Math.ceil(t / decaySteps)) : decaySteps;
      const p = (cycle ? t : Math.min(t, decaySteps)) / steps;
      return (initialLearningRate - endLearningRate) * (1 - p) ** power + endLearningRate;
    },
    () => ({ type: 'keras.polynomialDecay', initialLearningRate, decaySteps, endLearningRate, power, cycle }),
  );
}

/**
 * `InverseTimeDecay`: `v(t) = initialLearningRate / (1 + decayRate * t / decaySteps)`, with
 * `floor(t / decaySteps)` when `staircase`.
 *
 * @example
 * keras.inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 })(2); // 0.05
 */
export function inverseTimeDecay(options: InverseTimeDecayOptions): Schedule {
  const fn = 'keras.inverseTimeDecay()';
  const { initialLearningRate, decaySteps, decayRate, staircase } = decayOptions(fn, options, nonNegative);
  return makeSchedule(
    (t) => initialLearningRate / (1 + decayRate * (staircase ? Math.floor(t / decaySteps) : t / decaySteps)),
    () => ({ type: 'keras.inverseTimeDecay', initialLearningRate, decaySteps, decayRate, staircase }),
  );
}

const cosineFactor = (fraction: number, alpha: number) => (1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * fraction)) + alpha;

/**
 * `CosineDecay`, with Keras's optional linear warm-up: without `warmupTarget`, a cosine from
 * `initialLearningRate` to `alpha` times it over `decaySteps`, then held; with it, a line from
 * `initialLearningRate` to `warmupTarget` over `warmupSteps`, then the cosine from `warmupTarget`.
 *
 *     warm-up: v(t) = initial + (target - initial) * t / warmupSteps
 *     decay:   v(t) = from * ((1 - alpha) * (1 + cos(pi * min(t', decaySteps) / decaySteps)) / 2 + alpha)
 *
 * @example
 * keras.cosineDecay({ initialLearningRate: 0, decaySteps: 90, warmupTarget: 0.1, warmupSteps: 10 })(5); // 0.05
 */
export function cosineDecay(options: CosineDecayOptions): Schedule {
  const fn = 'keras.cosineDecay()';
  const o = knownOptions(fn, options, ['initialLearningRate', 'decaySteps', 'alpha', 'warmupTarget', 'warmupSteps']);
  const initialLearningRate = finite(fn, 'initialLearningRate', o.initialLearningRate);
  const decaySteps = positive(fn, 'decaySteps', o.decaySteps);
  const alpha = finite(fn, 'alpha', o.alpha ?? 0);
  const warmupTarget = o.warmupTarget === undefined || o.warmupTarget === null ? null : finite(fn, 'warmupTarget', o.warmupTarget);
  const warmupSteps = nonNegative(fn, 'warmupSteps', o.warmupSteps ?? 0);
  return makeSchedule(
    (t) => {
      if (warmupTarget === null) return initialLearningRate * cosineFactor(Math.min(t, decaySteps) / decaySteps, alpha);
      const s = Math.min(t, decaySteps + warmupSteps);
      if (s < warmupSteps) return (warmupTarget - initialLearningRate) * (s / warmupSteps) + initialLearningRate;
      return warmupTarget * cosineFactor((s - warmupSteps) / decaySteps, alpha);
    },
    () => ({ type: 'keras.cosineDecay', initialLearningRate, decaySteps, alpha, warmupTarget, warmupSteps }),
  );
}

/**
 * `CosineDecayRestarts` (SGDR): a cosine over `firstDecaySteps`, then restarts; period i is
 * `tMul^i` times the first and peaks at `mMul^i` times the initial rate. As in Keras, the floor
 * `alpha * initialLearningRate` is not scaled by `mMul`, and the restart index comes from a
 * logarithm (so at an exact restart float rounding decides the side, as in Keras).
 *
 * @example
 * keras.cosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 10 })(10); // 0.1 (restart; the next period lasts 20)
 */
export function cosineDecayRestarts(options: CosineDecayRestartsOptions): Schedule {
  const fn = 'keras.cosineDecayRestarts()';
  const o = knownOptions(fn, options, ['initialLearningRate', 'firstDecaySteps', 'tMul', 'mMul', 'alpha']);
  const initialLearningRate = finite(fn, 'initialLearningRate', o.initialLearningRate);
  const firstDecaySteps = positive(fn, 'firstDecaySteps', o.firstDecaySteps);
  const tMul = positive(fn, 'tMul', o.tMul ?? 2);
  const mMul = nonNegative(fn, 'mMul', o.mMul ?? 1);
  const alpha = finite(fn, 'alpha', o.alpha ?? 0);
  return makeSchedule(
    (t) => {
      let fraction = t / firstDecaySteps;
      let restart: number;
      if (tMul === 1) {
        restart = Math.floor(fraction);
        fraction -= restart;
      } else {
        restart = Math.floor(Math.log(1 - fraction * (1 - tMul)) / Math.log(tMul));
        const sumR = (1 - tMul ** restart) / (1 - tMul);
        fraction = (fraction - sumR) / tMul ** restart;
      }
      const decayed = 0.5 * mMul ** restart * (1 + Math.cos(Math.PI * fraction));
      return initialLearningRate * ((1 - alpha) * decayed + alpha);
    },
    () => ({ type: 'keras.cosineDecayRestarts', initialLearningRate, firstDecaySteps, tMul, mMul, alpha }),
  );
}

/** The Keras factories a spec can name, keyed by spec type. */
export const KERAS_FACTORIES: Record<string, (o: never) => Schedule> = {
  'keras.exponentialDecay': exponentialDecay,
  'keras.piecewiseConstantDecay': piecewiseConstantDecay,
  'keras.polynomialDecay': polynomialDecay,
  'keras.inverseTimeDecay': inverseTimeDecay,
  'keras.cosineDecay': cosineDecay,
  'keras.cosineDecayRestarts': cosineDecayRestarts,
};

/** JSON forms of the Keras factories. */
export type KerasSpec =
  | ({ type: 'keras.exponentialDecay' } & Required<ExponentialDecayOptions>)
  | ({ type: 'keras.piecewiseConstantDecay' } & PiecewiseConstantDecayOptions)
  | ({ type: 'keras.polynomialDecay' } & Required<PolynomialDecayOptions>)
  | ({ type: 'keras.inverseTimeDecay' } & Required<InverseTimeDecayOptions>)
  | ({ type: 'keras.cosineDecay' } & Required<CosineDecayOptions>)
  | ({ type: 'keras.cosineDecayRestarts' } & Required<CosineDecayRestartsOptions>);
