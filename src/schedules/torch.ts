// PyTorch's torch.optim.lr_scheduler family (1.13), as lrkit Schedules: value at step t =
// param_groups[0]['lr'] read before the t-th optimizer.step(), with scheduler.step() after each.
// Option names are the camelCase of PyTorch's (step_size -> stepSize, T_max -> tMax, T_0 -> t0);
// the initial rate is `lr` (the optimizer's lr). PyTorch computes these recursively ("chainable");
// lrkit uses the closed forms, which are the same numbers in exact arithmetic and match PyTorch's
// recorded output to 1e-12 relative (test/schedules.torch-parity.test.ts).
import { cosineWithRestarts } from './basic.js';
import { cyclic } from './cyclic.js';
import { join } from './join.js';
import { oneCycle } from './one-cycle.js';
import { makeSchedule, specThunk } from './registry.js';
import type { Schedule, ScheduleSpec } from './types.js';
import { nonNegativeInteger, knownOptions, finite, inRange, nonNegative, positive, positiveInteger, show, fail } from '../check/index.js';

/** Options of {@link stepLR}. */
export interface StepLROptions { lr: number; stepSize: number; gamma?: number }
/** Options of {@link multiStepLR}. */
export interface MultiStepLROptions { lr: number; milestones: number[]; gamma?: number }
/** Options of {@link constantLR}. */
export interface ConstantLROptions { lr: number; factor?: number; totalIters?: number }
/** Options of {@link linearLR}. */
export interface LinearLROptions { lr: number; startFactor?: number; endFactor?: number; totalIters?: number }
/** Options of {@link exponentialLR}. */
export interface ExponentialLROptions { lr: number; gamma: number }
/** Options of {@link polynomialLR}. */
export interface PolynomialLROptions { lr: number; totalIters?: number; power?: number }
/** Options of {@link cosineAnnealingLR}. */
export interface CosineAnnealingLROptions { lr: number; tMax: number; etaMin?: number }
/** Options of {@link cosineAnnealingWarmRestarts}. */
export interface CosineAnnealingWarmRestartsOptions { lr: number; t0: number; tMult?: number; etaMin?: number }
/** A child of {@link sequentialLR}: a schedule, or a torch spec without `lr` (it takes the parent's). */
export type SequentialChild = Schedule | ({ type: string } & Record<string, unknown>);
/** Options of {@link sequentialLR}. */
export interface SequentialLROptions { lr: number; schedulers: SequentialChild[]; milestones: number[] }


/**
 * `StepLR`: the rate times `gamma` every `stepSize` steps.
 *
 *     v(t) = lr * gamma^floor(t / stepSize)
 *
 * @example
 * torch.stepLR({ lr: 0.1, stepSize: 30 })(65); // ≈ 0.001 (two decays of 0.1)
 */
export function stepLR(options: StepLROptions): Schedule {
  const fn = 'torch.stepLR()';
  const o = knownOptions(fn, options, ['lr', 'stepSize', 'gamma']);
  const lr = finite(fn, 'lr', o.lr);
  const stepSize = positiveInteger(fn, 'stepSize', o.stepSize);
  const gamma = finite(fn, 'gamma', o.gamma ?? 0.1);
  return makeSchedule((t) => lr * gamma ** Math.floor(t / stepSize), () => ({ type: 'torch.stepLR', lr, stepSize, gamma }));
}

/**
 * `MultiStepLR`: the rate times `gamma` at each milestone reached (a milestone listed twice
 * counts twice, as PyTorch's Counter does; order does not matter).
 *
 *     v(t) = lr * gamma^(number of milestones <= t)
 *
 * @example
 * torch.multiStepLR({ lr: 0.1, milestones: [30, 80] })(50); // ≈ 0.01
 */
export function multiStepLR(options: MultiStepLROptions): Schedule {
  const fn = 'torch.multiStepLR()';
  const o = knownOptions(fn, options, ['lr', 'milestones', 'gamma']);
  const lr = finite(fn, 'lr', o.lr);
  if (!Array.isArray(o.milestones)) fail(fn, 'milestones', 'an array of integers >= 0', o.milestones, TypeError);
  const milestones = (o.milestones as unknown[]).map((m, i) => nonNegativeInteger(fn, `milestones[${i}]`, m));
  const sorted = [...milestones].sort((a, b) => a - b);
  const gamma = finite(fn, 'gamma', o.gamma ?? 0.1);
  return makeSchedule(
    (t) => {
      let k = 0;
      while (k < sorted.length && sorted[k] <= t) k++;
      return lr * gamma ** k;
    },
    () => ({ type: 'torch.multiStepLR', lr, milestones: [...milestones], gamma }),
  );
}

/**
 * `ConstantLR`: `lr * factor` for the first `totalIters` steps, then `lr`. `factor` is in (0, 1]
 * (PyTorch accepts 0 and then divides by it at totalIters) and `totalIters` >= 1 (with 0 PyTorch
 * keeps `lr * factor` for ever, unlike its own closed form).
 *
 * @example
 * torch.constantLR({ lr: 0.1, factor: 0.5, totalIters: 4 })(3); // 0.05
 */
export function constantLR(options: ConstantLROptions): Schedule {
  const fn = 'torch.constantLR()';
  const o = knownOptions(fn, options, ['lr', 'factor', 'totalIters']);
  const lr = finite(fn, 'lr', o.lr);
  const factor = inRange(fn, 'factor', o.factor ?? 1 / 3, 0, 1, { lo: true });
  const totalIters = positiveInteger(fn, 'totalIters', o.totalIters ?? 5);
  return makeSchedule((t) => (t < totalIters ? lr * factor : lr), () => ({ type: 'torch.constantLR', lr, factor, totalIters }));
}

/**
 * `LinearLR`: the factor goes linearly from `startFactor` (in (0, 1]) to `endFactor` (in [0, 1])
 * over `totalIters` steps, then stays.
 *
 *     v(t) = lr * (startFactor + (endFactor - startFactor) * min(t, totalIters) / totalIters)
 *
 * @example
 * torch.linearLR({ lr: 0.1, startFactor: 0.1, totalIters: 10 })(5); // ≈ 0.055
 */
export function linearLR(options: LinearLROptions): Schedule {
  const fn = 'torch.linearLR()';
  const o = knownOptions(fn, options, ['lr', 'startFactor', 'endFactor', 'totalIters']);
  const lr = finite(fn, 'lr', o.lr);
  const startFactor = inRange(fn, 'startFactor', o.startFactor ?? 1 / 3, 0, 1, { lo: true });
  const endFactor = inRange(fn, 'endFactor', o.endFactor ?? 1, 0, 1);
  const totalIters = positiveInteger(fn, 'totalIters', o.totalIters ?? 5);
  return makeSchedule(
    // From totalIters on, exactly lr * endFactor (as PyTorch's recursion lands on it): the formula
    // can round to a hair below 0 when endFactor is 0.
    (t) => (t >= totalIters ? lr * endFactor : lr * (startFactor + ((endFactor - startFactor) * t) / totalIters)),
    () => ({ type: 'torch.linearLR', lr, startFactor, endFactor, totalIters }),
  );
}

/**
 * `ExponentialLR`: `v(t) = lr * gamma^t`.
 *
 * @example
 * torch.exponentialLR({ lr: 0.1, gamma: 0.9 })(2); // ≈ 0.081
 */
export function exponentialLR(options: ExponentialLROptions): Schedule {
  const fn = 'torch.exponentialLR()';
  const o = knownOptions(fn, options, ['lr', 'gamma']);
  const lr = finite(fn, 'lr', o.lr);
  const gamma = positive(fn, 'gamma', o.gamma);
  return makeSchedule((t) => lr * gamma ** t, () => ({ type: 'torch.exponentialLR', lr, gamma }));
}

/**
 * `PolynomialLR`: `v(t) = lr * (1 - min(t, totalIters) / totalIters)^power` (0 from totalIters on).
 *
 * @example
 * torch.polynomialLR({ lr: 0.1, totalIters: 4, power: 2 })(2); // 0.025
 */
export function polynomialLR(options: PolynomialLROptions): Schedule {
  const fn = 'torch.polynomialLR()';
  const o = knownOptions(fn, options, ['lr', 'totalIters', 'power']);
  const lr = finite(fn, 'lr', o.lr);
  const totalIters = positiveInteger(fn, 'totalIters', o.totalIters ?? 5);
  const power = nonNegative(fn, 'power', o.power ?? 1);
  return makeSchedule(
    (t) => lr * (1 - Math.min(t, totalIters) / totalIters) ** power,
    () => ({ type: 'torch.polynomialLR', lr, totalIters, power }),
  );
}

/**
 * `CosineAnnealingLR`: from `lr` down to `etaMin` over `tMax` steps — and, as PyTorch really does
 * past `tMax`, back up again: the cosine continues with period `2 * tMax` (lrkit's `cosine` holds
 * the floor instead).
 *
 *     v(t) = etaMin + (lr - etaMin) * (1 + cos(pi * t / tMax)) / 2
 *
 * @example
 * torch.cosineAnnealingLR({ lr: 0.1, tMax: 10 })(10); // 0
 * torch.cosineAnnealingLR({ lr: 0.1, tMax: 10 })(20); // 0.1 (back at the top)
 */
export function cosineAnnealingLR(options: CosineAnnealingLROptions): Schedule {
  const fn = 'torch.cosineAnnealingLR()';
  const o = knownOptions(fn, options, ['lr', 'tMax', 'etaMin']);
  const lr = finite(fn, 'lr', o.lr);
  const tMax = positiveInteger(fn, 'tMax', o.tMax);
  const etaMin = finite(fn, 'etaMin', o.etaMin ?? 0);
  return makeSchedule(
    (t) => etaMin + ((lr - etaMin) * (1 + Math.cos((Math.PI * t) / tMax))) / 2,
    () => ({ type: 'torch.cosineAnnealingLR', lr, tMax, etaMin }),
  );
}

/**
 * `CosineAnnealingWarmRestarts` (SGDR): cosine from `lr` to `etaMin` over `t0` steps, then a
 * restart; each cycle `tMult` (an integer >= 1) times longer. Same numbers as lrkit's `warmRestarts`.
 *
 * @example
 * torch.cosineAnnealingWarmRestarts({ lr: 0.1, t0: 10, tMult: 2 })(10); // 0.1 (restart)
 */
export function cosineAnnealingWarmRestarts(options: CosineAnnealingWarmRestartsOptions): Schedule {
  const fn = 'torch.cosineAnnealingWarmRestarts()';
  const o = knownOptions(fn, options, ['lr', 't0', 'tMult', 'etaMin']);
  const lr = finite(fn, 'lr', o.lr);
  const t0 = positiveInteger(fn, 't0', o.t0);
  const tMult = positiveInteger(fn, 'tMult', o.tMult ?? 1);
  const etaMin = finite(fn, 'etaMin', o.etaMin ?? 0);
  return makeSchedule(
    cosineWithRestarts(etaMin, lr, t0, tMult),
    () => ({ type: 'torch.cosineAnnealingWarmRestarts', lr, t0, tMult, etaMin }),
  );
}

/** The torch factories a spec can name, keyed by spec type. */
export const TORCH_FACTORIES: Record<string, (o: never) => Schedule> = {
  'torch.stepLR': stepLR,
  'torch.multiStepLR': multiStepLR,
  'torch.constantLR': constantLR,
  'torch.linearLR': linearLR,
  'torch.exponentialLR': exponentialLR,
  'torch.polynomialLR': polynomialLR,
  'torch.cosineAnnealingLR': cosineAnnealingLR,
  'torch.cosineAnnealingWarmRestarts': cosineAnnealingWarmRestarts,
  'torch.sequentialLR': sequentialLR,
};

function child(fn: string, lr: number, c: SequentialChild, i: number): Schedule {
  if (typeof c === 'function') return c;
  if (c === null || typeof c !== 'object' || typeof c.type !== 'string') {
    fail(fn, `schedulers[${i}]`, 'a schedule or a spec { type, ...options }', c, TypeError);
  }
  const { type, ...rest } = c;
  const name = type.startsWith('torch.') ? type : `torch.${type}`;
  const make = TORCH_FACTORIES[name];
  if (!make) {
    throw new RangeError(`${fn}: schedulers[${i}].type ${show(type)} is not a torch scheduler that takes lr; expected one of ${Object.keys(TORCH_FACTORIES).join(', ')} (or pass a schedule)`);
  }
  if ('lr' in rest) throw new TypeError(`${fn}: schedulers[${i}] must not set lr: every child takes the parent's lr (${lr})`);
  return make({ ...rest, lr } as never);
}

/**
 * `SequentialLR`: `schedulers[0]` until `milestones[0]`, then `schedulers[1]` from its own step 0,
 * and so on, as PyTorch 1.13 runs them (each child restarts at the milestone from the initial
 * `lr`). Children are torch specs without `lr` (`{ type: 'linearLR', startFactor: 0.1 }`), which
 * take the parent's, or any schedules.
 *
 *     v(t) = child_k(t - milestones[k - 1])   where milestones[k - 1] <= t < milestones[k]
 *
 * @example
 * const lr = torch.sequentialLR({ lr: 0.1, milestones: [5],
 *   schedulers: [{ type: 'linearLR', startFactor: 0.1, totalIters: 5 }, { type: 'cosineAnnealingLR', tMax: 45 }] });
 * lr(5); // 0.1 (the cosine's step 0)
 */
export function sequentialLR(options: SequentialLROptions): Schedule {
  const fn = 'torch.sequentialLR()';
  const o = knownOptions(fn, options, ['lr', 'schedulers', 'milestones']);
  const lr = finite(fn, 'lr', o.lr);
  if (!Array.isArray(o.schedulers) || o.schedulers.length === 0) {
    fail(fn, 'schedulers', 'a non-empty array of schedules or specs', o.schedulers, TypeError);
  }
  const children = (o.schedulers as SequentialChild[]).map((c, i) => child(fn, lr, c, i));
  if (!Array.isArray(o.milestones) || o.milestones.length !== children.length - 1) {
    fail(fn, 'milestones', `an array of ${children.length - 1} step(s) (one fewer than schedulers)`, o.milestones);
  }
  const milestones = (o.milestones as unknown[]).map((m, i) => nonNegativeInteger(fn, `milestones[${i}]`, m));
  const joined = join(children, milestones);
  return makeSchedule(joined, () => ({
    type: 'torch.sequentialLR',
    lr,
    schedulers: children.map((c, i): ScheduleSpec => {
      const thunk = specThunk(c);
      if (!thunk) throw new TypeError(`toSpec(): torch.sequentialLR schedulers[${i}] is a plain function, not made by an lrkit factory`);
      return thunk();
    }),
    milestones,
  }));
}

/** `CyclicLR`: lrkit's {@link cyclic} (its options are already PyTorch's names, camelCased). */
export const cyclicLR = cyclic;
/** `OneCycleLR`: lrkit's {@link oneCycle}. */
export const oneCycleLR = oneCycle;

/** JSON forms of the torch factories (each also accepted by `fromSpec`). */
export type TorchSpec =
  | ({ type: 'torch.stepLR' } & Required<StepLROptions>)
  | ({ type: 'torch.multiStepLR' } & Required<MultiStepLROptions>)
  | ({ type: 'torch.constantLR' } & Required<ConstantLROptions>)
  | ({ type: 'torch.linearLR' } & Required<LinearLROptions>)
  | ({ type: 'torch.exponentialLR' } & ExponentialLROptions)
  | ({ type: 'torch.polynomialLR' } & Required<PolynomialLROptions>)
  | ({ type: 'torch.cosineAnnealingLR' } & Required<CosineAnnealingLROptions>)
  | ({ type: 'torch.cosineAnnealingWarmRestarts' } & Required<CosineAnnealingWarmRestartsOptions>)
  | { type: 'torch.sequentialLR'; lr: number; schedulers: ScheduleSpec[]; milestones: number[] };
