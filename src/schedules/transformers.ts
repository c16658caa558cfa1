// Hugging Face transformers' get_*_schedule* functions (src/transformers/optimization.py, read at
// huggingface/transformers@005edacb6b5dabbf0843e92c6623de9e07ca6241), as lrkit Schedules. Each
// is a LambdaLR, so value at step t = lr * lr_lambda(t). Names drop `get_` and are camelCased
// (get_linear_schedule_with_warmup -> linearScheduleWithWarmup); options too
// (num_warmup_steps -> numWarmupSteps); `lr` is the optimizer's rate.
import { makeSchedule } from './registry.js';
import type { Schedule } from './types.js';
import { nonNegativeInteger, knownOptions, finite, inRange, nonNegative, oneOf, positive, show } from '../check/index.js';

interface Warmup { lr: number; numWarmupSteps: number }
interface Training extends Warmup { numTrainingSteps: number }
/** Options of {@link constantScheduleWithWarmup}. */
export type ConstantWarmupOptions = Warmup;
/** Options of {@link linearScheduleWithWarmup}. */
export type LinearWarmupOptions = Training;
/** Options of {@link cosineScheduleWithWarmup}. */
export interface CosineWarmupOptions extends Training { numCycles?: number }
/** Options of {@link cosineWithHardRestartsScheduleWithWarmup}. */
export interface HardRestartsWarmupOptions extends Training { numCycles?: number }
/** Options of {@link polynomialDecayScheduleWithWarmup}. */
export interface PolynomialWarmupOptions extends Training { lrEnd?: number; power?: number }
/** Options of {@link inverseSqrtSchedule}. */
export interface InverseSqrtOptions extends Warmup { timescale?: number }
/** Options of {@link cosineWithMinLrScheduleWithWarmup}: exactly one of `minLr`, `minLrRate`. */
export interface CosineMinLrWarmupOptions extends Training { numCycles?: number; minLr?: number; minLrRate?: number }
/** The shapes of {@link wsdSchedule}'s warm-up and decay. */
export type WsdShape = 'linear' | 'cosine' | '1-sqrt';
/** Options of {@link wsdSchedule}: `numStableSteps`, or `numTrainingSteps` to derive it. */
export interface WsdOptions extends Warmup {
  numDecaySteps: number;
  numTrainingSteps?: number;
  numStableSteps?: number;
  warmupType?: WsdShape;
  decayType?: WsdShape;
  minLrRatio?: number;
  numCycles?: number;
}

/** The linear warm-up every transformers schedule shares: t / max(1, W). */
const warmup = (t: number, w: number) => t / Math.max(1, w);
/** How far past the warm-up the decay is: (t - W) / max(1, N - W). */
const progress = (t: number, w: number, n: number) => (t - w) / Math.max(1, n - w);

function training(fn: string, o: Record<string, unknown>) {
  const lr = finite(fn, 'lr', o.lr);
  const numWarmupSteps = nonNegativeInteger(fn, 'numWarmupSteps', o.numWarmupSteps);
  const numTrainingSteps = nonNegativeInteger(fn, 'numTrainingSteps', o.numTrainingSteps);
  if (numTrainingSteps < numWarmupSteps) {
    throw new RangeError(`${fn}: numTrainingSteps (${numTrainingSteps}) must be >= numWarmupSteps (${numWarmupSteps})`);
  }
  return { lr, numWarmupSteps, numTrainingSteps };
}

/**
 * `get_constant_schedule`: `v(t) = lr`.
 *
 * @example
 * transformers.constantSchedule({ lr: 3e-4 })(1000); // 0.0003
 */
export function constantSchedule(options: { lr: number }): Schedule {
  const fn = 'transformers.constantSchedule()';
  const lr = finite(fn, 'lr', knownOptions(fn, options, ['lr']).lr);
  return makeSchedule(() => lr, () => ({ type: 'transformers.constantSchedule', lr }));
}

/**
 * `get_constant_schedule_with_warmup`: linear from 0 over `numWarmupSteps`, then `lr`.
 *
 * @example
 * transformers.constantScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 10 })(5); // 0.05
 */
export function constantScheduleWithWarmup(options: ConstantWarmupOptions): Schedule {
  const fn = 'transformers.constantScheduleWithWarmup()';
  const o = knownOptions(fn, options, ['lr', 'numWarmupSteps']);
  const lr = finite(fn, 'lr', o.lr);
  const numWarmupSteps = nonNegativeInteger(fn, 'numWarmupSteps', o.numWarmupSteps);
  return makeSchedule((t) => lr * (t < numWarmupSteps ? warmup(t, numWarmupSteps) : 1), () => ({ type: 'transformers.constantScheduleWithWarmup', lr, numWarmupSteps }));
}

/**
 * `get_linear_schedule_with_warmup`: linear warm-up, then linear to 0 at `numTrainingSteps`.
 *
 *     v(t) = lr * max(0, (N - t) / max(1, N - W))   for t >= W
 *
 * @example
 * transformers.linearScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 10, numTrainingSteps: 110 })(60); // 0.05
 */
export function linearScheduleWithWarmup(options: LinearWarmupOptions): Schedule {
  const fn = 'transformers.linearScheduleWithWarmup()';
  const { lr, numWarmupSteps: w, numTrainingSteps: n } = training(fn, knownOptions(fn, options, ['lr', 'numWarmupSteps', 'numTrainingSteps']));
  return makeSchedule(
    (t) => lr * (t < w ? warmup(t, w) : Math.max(0, (n - t) / Math.max(1, n - w))),
    () => ({ type: 'transformers.linearScheduleWithWarmup', lr, numWarmupSteps: w, numTrainingSteps: n }),
  );
}

/**
 * `get_cosine_schedule_with_warmup`: linear warm-up, then `numCycles` waves of a cosine (0.5: a
 * half cosine from lr to 0), floored at 0.
 *
 * @example
 * transformers.cosineScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 10, numTrainingSteps: 110 })(60); // ≈ 0.05
 */
export function cosineScheduleWithWarmup(options: CosineWarmupOptions): Schedule {
  const fn = 'transformers.cosineScheduleWithWarmup()';
  const o = knownOptions(fn, options, ['lr', 'numWarmupSteps', 'numTrainingSteps', 'numCycles']);
  const { lr, numWarmupSteps: w, numTrainingSteps: n } = training(fn, o);
  const numCycles = nonNegative(fn, 'numCycles', o.numCycles ?? 0.5);
  return makeSchedule(
    (t) => {
      if (t < w) return lr * warmup(t, w);
      return lr * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * numCycles * 2 * progress(t, w, n))));
    },
    () => ({ type: 'transformers.cosineScheduleWithWarmup', lr, numWarmupSteps: w, numTrainingSteps: n, numCycles }),
  );
}

/**
 * `get_cosine_with_hard_restarts_schedule_with_warmup`: linear warm-up, then `numCycles` half
 * cosines from lr to 0, each restarting at lr; 0 from `numTrainingSteps` on.
 *
 * @example
 * transformers.cosineWithHardRestartsScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 0, numTrainingSteps: 100, numCycles: 2 })(50); // 0.1
 */
export function cosineWithHardRestartsScheduleWithWarmup(options: HardRestartsWarmupOptions): Schedule {
  const fn = 'transformers.cosineWithHardRestartsScheduleWithWarmup()';
  const o = knownOptions(fn, options, ['lr', 'numWarmupSteps', 'numTrainingSteps', 'numCycles']);
  const { lr, numWarmupSteps: w, numTrainingSteps: n } = training(fn, o);
  const numCycles = positive(fn, 'numCycles', o.numCycles ?? 1);
  return makeSchedule(
    (t) => {
      if (t < w) return lr * warmup(t, w);
      const p = progress(t, w, n);
      if (p >= 1) return 0;
      return lr * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * ((numCycles * p) % 1))));
    },
    () => ({ type: 'transformers.cosineWithHardRestartsScheduleWithWarmup', lr, numWarmupSteps: w, numTrainingSteps: n, numCycles }),
  );
}

/**
 * `get_polynomial_decay_schedule_with_warmup`: linear warm-up, then from lr to `lrEnd` (< lr) as
 * `(1 - progress)^power`, `lrEnd` after `numTrainingSteps` (which must exceed the warm-up).
 *
 * @example
 * transformers.polynomialDecayScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 0, numTrainingSteps: 100, lrEnd: 0, power: 2 })(50); // 0.025
 */
export function polynomialDecayScheduleWithWarmup(options: PolynomialWarmupOptions): Schedule {
  const fn = 'transformers.polynomialDecayScheduleWithWarmup()';
  const o = knownOptions(fn, options, ['lr', 'numWarmupSteps', 'numTrainingSteps', 'lrEnd', 'power']);
  const { lr, numWarmupSteps: w, numTrainingSteps: n } = training(fn, o);
  if (n === w) throw new RangeError(`${fn}: numTrainingSteps (${n}) must be > numWarmupSteps (${w}): there is nothing to decay over`);
  const lrEnd = finite(fn, 'lrEnd', o.lrEnd ?? 1e-7);
  if (!(lr > lrEnd)) throw new RangeError(`${fn}: lrEnd (${lrEnd}) must be smaller than lr (${lr})`);
  const power = nonNegative(fn, 'power', o.power ?? 1);
  return makeSchedule(
    (t) => {
      if (t < w) return lr * warmup(t, w);
      if (t > n) return lr * (lrEnd / lr);
      const remaining = 1 - (t - w) / (n - w);
      return lr * (((lr - lrEnd) * remaining ** power + lrEnd) / lr);
    },
    () => ({ type: 'transformers.polynomialDecayScheduleWithWarmup', lr, numWarmupSteps: w, numTrainingSteps: n, lrEnd, power }),
  );
}

/**
 * `get_inverse_sqrt_schedule`: linear warm-up, then `lr / sqrt((t + timescale - W) / timescale)`
 * (`timescale` defaults to the warm-up length, or 10,000 without one).
 *
 * @example
 * transformers.inverseSqrtSchedule({ lr: 0.1, numWarmupSteps: 100 })(400); // 0.05
 */
export function inverseSqrtSchedule(options: InverseSqrtOptions): Schedule {
  const fn = 'transformers.inverseSqrtSchedule()';
  const o = knownOptions(fn, options, ['lr', 'numWarmupSteps', 'timescale']);
  const lr = finite(fn, 'lr', o.lr);
  const w = nonNegativeInteger(fn, 'numWarmupSteps', o.numWarmupSteps);
  const timescale = positive(fn, 'timescale', o.timescale ?? (w || 10_000));
  return makeSchedule(
    (t) => lr * (t < w ? warmup(t, w) : 1 / Math.sqrt((t + timescale - w) / timescale)),
    () => ({ type: 'transformers.inverseSqrtSchedule', lr, numWarmupSteps: w, timescale }),
  );
}

/**
 * `get_cosine_with_min_lr_schedule_with_warmup`: as {@link cosineScheduleWithWarmup}, towards a
 * floor: `minLrRate` times lr, or `minLr` (give exactly one).
 *
 * @example
 * transformers.cosineWithMinLrScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 0, numTrainingSteps: 100, minLr: 0.01 })(100); // ≈ 0.01
 */
export function cosineWithMinLrScheduleWithWarmup(options: CosineMinLrWarmupOptions): Schedule {
  const fn = 'transformers.cosineWithMinLrScheduleWithWarmup()';
  const o = knownOptions(fn, options, ['lr', 'numWarmupSteps', 'numTrainingSteps', 'numCycles', 'minLr', 'minLrRate']);
  const { lr, numWarmupSteps: w, numTrainingSteps: n } = training(fn, o);
  const numCycles = nonNegative(fn, 'numCycles', o.numCycles ?? 0.5);
  if ((o.minLr === undefined) === (o.minLrRate === undefined)) {
    throw new TypeError(`${fn}: give exactly one of minLr and minLrRate; got minLr ${show(o.minLr)}, minLrRate ${show(o.minLrRate)}`);
  }
  const minLr = o.minLr === undefined ? undefined : finite(fn, 'minLr', o.minLr);
  const rate = minLr === undefined ? finite(fn, 'minLrRate', o.minLrRate) : minLr / lr;
  return makeSchedule(
    (t) => {
      if (t < w) return lr * warmup(t, w);
      const factor = 0.5 * (1 + Math.cos(Math.PI * numCycles * 2 * progress(t, w, n)));
      return lr * Math.max(0, factor * (1 - rate) + rate);
    },
    () => ({ type: 'transformers.cosineWithMinLrScheduleWithWarmup', lr, numWarmupSteps: w, numTrainingSteps: n, numCycles, ...(minLr === undefined ? { minLrRate: rate } : { minLr }) }),
  );
}

const shape = (kind: WsdShape, progress: number, cycles: number, rising: boolean): number => {
  if (kind === 'linear') return rising ? progress : 1 - progress;
  if (kind === 'cosine') return rising ? 0.5 * (1 - Math.cos(Math.PI * progress)) : 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * progress));
  return rising ? 1 - Math.sqrt(1 - progress) : 1 - Math.sqrt(progress);
};

/**
 * `get_wsd_schedule` (warm-up, stable, decay): from `minLrRatio * lr` up to `lr` over
 * `numWarmupSteps` (`warmupType`: linear, cosine or 1-sqrt), `lr` for `numStableSteps`, down to
 * `minLrRatio * lr` over `numDecaySteps` (`decayType`), then held there.
 *
 * @example
 * const lr = transformers.wsdSchedule({ lr: 0.1, numWarmupSteps: 10, numStableSteps: 80, numDecaySteps: 10, decayType: 'linear' });
 * lr(50); // 0.1
 * lr(95); // ≈ 0.05
 */
export function wsdSchedule(options: WsdOptions): Schedule {
  const fn = 'transformers.wsdSchedule()';
  const o = knownOptions(fn, options, ['lr', 'numWarmupSteps', 'numDecaySteps', 'numTrainingSteps', 'numStableSteps', 'warmupType', 'decayType', 'minLrRatio', 'numCycles']);
  const lr = finite(fn, 'lr', o.lr);
  const w = nonNegativeInteger(fn, 'numWarmupSteps', o.numWarmupSteps);
  const d = nonNegativeInteger(fn, 'numDecaySteps', o.numDecaySteps);
  if (o.numStableSteps === undefined && o.numTrainingSteps === undefined) {
    throw new TypeError(`${fn}: give numStableSteps, or numTrainingSteps to derive it (numTrainingSteps - numWarmupSteps - numDecaySteps)`);
  }
  if (o.numStableSteps !== undefined && o.numTrainingSteps !== undefined) {
    throw new TypeError(`${fn}: give numStableSteps or numTrainingSteps, not both (transformers warns and uses numStableSteps)`);
  }
  const s = o.numStableSteps !== undefined ? nonNegativeInteger(fn, 'numStableSteps', o.numStableSteps) : nonNegativeInteger(fn, 'numTrainingSteps', o.numTrainingSteps) - w - d;
  if (s < 0) throw new RangeError(`${fn}: numTrainingSteps (${show(o.numTrainingSteps)}) must be >= numWarmupSteps + numDecaySteps (${w + d})`);
  const warmupType = oneOf(fn, 'warmupType', o.warmupType ?? 'linear', ['linear', 'cosine', '1-sqrt'] as const);
  const decayType = oneOf(fn, 'decayType', o.decayType ?? 'cosine', ['linear', 'cosine', '1-sqrt'] as const);
  const minLrRatio = inRange(fn, 'minLrRatio', o.minLrRatio ?? 0, 0, 1);
  const numCycles = nonNegative(fn, 'numCycles', o.numCycles ?? 0.5);
  const floor = (f: number) => Math.max(0, f * (1 - minLrRatio) + minLrRatio);
  return makeSchedule(
    (t) => {
      if (t < w) return lr * floor(shape(warmupType, t / Math.max(1, w), numCycles, true));
      if (t < w + s) return lr;
      if (t < w + s + d) return lr * floor(shape(decayType, (t - w - s) / Math.max(1, d), numCycles, false));
      return lr * minLrRatio;
    },
    () => ({ type: 'transformers.wsdSchedule', lr, numWarmupSteps: w, numStableSteps: s, numDecaySteps: d, warmupType, decayType, minLrRatio, numCycles }),
  );
}

/** The transformers factories a spec can name, keyed by spec type. */
export const TRANSFORMERS_FACTORIES: Record<string, (o: never) => Schedule> = {
  'transformers.constantSchedule': constantSchedule,
  'transformers.constantScheduleWithWarmup': constantScheduleWithWarmup,
  'transformers.linearScheduleWithWarmup': linearScheduleWithWarmup,
  'transformers.cosineScheduleWithWarmup': cosineScheduleWithWarmup,
  'transformers.cosineWithHardRestartsScheduleWithWarmup': cosineWithHardRestartsScheduleWithWarmup,
  'transformers.polynomialDecayScheduleWithWarmup': polynomialDecayScheduleWithWarmup,
  'transformers.inverseSqrtSchedule': inverseSqrtSchedule,
  'transformers.cosineWithMinLrScheduleWithWarmup': cosineWithMinLrScheduleWithWarmup,
  'transformers.wsdSchedule': wsdSchedule,
};

/** JSON forms of the transformers factories (options with defaults filled in). */
export type TransformersSpec = { type: `transformers.${string}`; lr: number } & Record<string, number | string | undefined>;
