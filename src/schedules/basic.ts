// Small building blocks, one idea each (like optax's schedules); combine them with join().
import { makeSchedule } from './registry.js';
import type { CosineOptions, ExponentialOptions, LinearOptions, Schedule, WarmRestartsOptions } from './types.js';
import { knownOptions, finite, ordered, positive, show, numberIn } from '../check/index.js';

/**
 * The same value at every step: `v(t) = value`.
 *
 * @example
 * const lr = constant(0.01);
 * lr(0) === lr(1e6); // true
 */
export function constant(value: number): Schedule {
  const v = finite('constant()', 'value', value);
  return makeSchedule(() => v, () => ({ type: 'constant', value: v }));
}

/**
 * Straight line from `start` to `end` over `steps`, then `end` held (PyTorch `LinearLR` with
 * start = lr * start_factor, end = lr * end_factor):
 *
 *     v(t) = start + (end - start) * min(t, steps) / steps
 *
 * @example
 * const warmup = linear({ start: 0.001, end: 0.1, steps: 10 });
 * warmup(5); // 0.0505
 * warmup(50); // 0.1
 */
export function linear(options: LinearOptions): Schedule {
  const fn = 'linear()';
  const o = knownOptions(fn, options, ['start', 'end', 'steps']) as unknown as LinearOptions;
  const start = finite(fn, 'start', o.start);
  const end = finite(fn, 'end', o.end);
  const steps = positive(fn, 'steps', o.steps);
  return makeSchedule(
    (t) => (t >= steps ? end : start + (end - start) * (t / steps)),
    () => ({ type: 'linear', start, end, steps }),
  );
}

/**
 * Exponential curve, in one of two forms:
 * - `{ start, gamma, end? }`: `v(t) = start * gamma^t` (PyTorch `ExponentialLR`), never past
 *   `end` when given (a floor when gamma < 1, a ceiling when gamma > 1);
 * - `{ start, end, steps }`: geometric interpolation `start * (end / start)^(min(t, steps) / steps)`,
 *   the shape of an exponential LR range test.
 *
 * @example
 * exponential({ start: 0.1, gamma: 0.5 })(3); // 0.0125
 * exponential({ start: 1e-6, end: 1, steps: 6 })(3); // ≈ 0.001
 */
export function exponential(options: ExponentialOptions): Schedule {
  const fn = 'exponential()';
  const o = knownOptions(fn, options, ['start', 'gamma', 'end', 'steps']) as unknown as ExponentialOptions;
  if (o.gamma !== undefined) {
    if (o.steps !== undefined) {
      throw new TypeError(`${fn}: give gamma, or end and steps, not both gamma and steps (got steps ${show(o.steps)})`);
    }
    const start = finite(fn, 'start', o.start);
    const gamma = positive(fn, 'gamma', o.gamma);
    if (o.end === undefined) {
      return makeSchedule((t) => start * gamma ** t, () => ({ type: 'exponential', start, gamma }));
    }
    const end = finite(fn, 'end', o.end);
    if (gamma < 1) ordered(fn, 'end', end, 'start', start);
    else ordered(fn, 'start', start, 'end', end);
    const bound = gamma < 1 ? Math.max : Math.min;
    return makeSchedule((t) => bound(start * gamma ** t, end), () => ({ type: 'exponential', start, gamma, end }));
  }
  if (o.end === undefined || o.steps === undefined) {
    throw new TypeError(`${fn}: give gamma, or both end and steps (got end ${show(o.end)}, steps ${show(o.steps)})`);
  }
  // The ratio end/start must be positive for a real power: both bounds > 0.
  const start = positive(fn, 'start', o.start);
  const end = positive(fn, 'end', o.end);
  const steps = positive(fn, 'steps', o.steps);
  const ratio = end / start;
  return makeSchedule(
    (t) => (t >= steps ? end : start * ratio ** (t / steps)),
    () => ({ type: 'exponential', start, end, steps }),
  );
}

/**
 * Cosine annealing from `start` down (or up) to the floor `end` over `steps`, then `end` held
 * (PyTorch `CosineAnnealingLR` with eta_min = end, T_max = steps, up to T_max; PyTorch keeps
 * following the cosine back up past T_max):
 *
 *     v(t) = end + (start - end) * (1 + cos(pi * min(t, steps) / steps)) / 2
 *
 * @example
 * const lr = cosine({ start: 0.1, end: 0.001, steps: 100 });
 * lr(50); // 0.0505
 * lr(100); // 0.001
 */
export function cosine(options: CosineOptions): Schedule {
  const fn = 'cosine()';
  const o = knownOptions(fn, options, ['start', 'end', 'steps']) as unknown as CosineOptions;
  const start = finite(fn, 'start', o.start);
  const end = finite(fn, 'end', o.end ?? 0);
  const steps = positive(fn, 'steps', o.steps);
  return makeSchedule(
    (t) => end + ((start - end) * (1 + Math.cos((Math.PI * Math.min(t, steps)) / steps))) / 2,
    () => ({ type: 'cosine', start, end, steps }),
  );
}

/**
 * SGDR cosine annealing with warm restarts (Loshchilov & Hutter 2017; PyTorch
 * `CosineAnnealingWarmRestarts` with T_0 = period, T_mult = multiplier, eta_min = min, lr = max):
 * cycle i lasts `period * multiplier^i` steps; within it, after `tc` steps,
 *
 *     v = min + (max - min) * (1 + cos(pi * tc / Ti)) / 2
 *
 * @example
 * const lr = warmRestarts({ max: 0.1, period: 10, multiplier: 2 });
 * lr(0); // 0.1
 * lr(5); // 0.05
 * lr(10); // 0.1 (restart; the next cycle lasts 20 steps)
 */
export function warmRestarts(options: WarmRestartsOptions): Schedule {
  const fn = 'warmRestarts()';
  const o = knownOptions(fn, options, ['max', 'min', 'period', 'multiplier']) as unknown as WarmRestartsOptions;
  const max = finite(fn, 'max', o.max);
  const min = finite(fn, 'min', o.min ?? 0);
  ordered(fn, 'min', min, 'max', max);
  const period = positive(fn, 'period', o.period);
  const multiplier = numberIn(fn, 'multiplier', o.multiplier ?? 1, { min: 1 });
  return makeSchedule(cosineWithRestarts(min, max, period, multiplier), () => ({ type: 'warmRestarts', max, min, period, multiplier }));
}

/**
 * The SGDR formula behind {@link warmRestarts} and `torch.cosineAnnealingWarmRestarts` (their
 * options checked by each): cosine from `max` to `min` over `period` steps, restarting with each
 * period `multiplier` times the last.
 *
 * @example
 * cosineWithRestarts(0, 0.1, 10, 2)(10); // 0.1 (a restart)
 */
export function cosineWithRestarts(min: number, max: number, period: number, multiplier: number): (t: number) => number {
  return (t) => {
    let tc: number;
    let ti = period;
    if (multiplier === 1) {
      tc = t % period;
    } else {
      // Subtract whole cycles (as PyTorch's incremental step() does) rather than use a log,
      // which can land on the wrong side of a restart through rounding. Cycles grow
      // geometrically, so this loop runs O(log t) times.
      tc = t;
      while (tc >= ti) {
        tc -= ti;
        ti *= multiplier;
      }
    }
    return min + ((max - min) * (1 + Math.cos((Math.PI * tc) / ti))) / 2;
  };
}
