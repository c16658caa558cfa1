// Shared shape of a loss-vs-lr curve as read from and written to files.
// Structural on purpose: a finder RangeTestResult satisfies CurveLike without importing src/finder.
import { fail, positive } from '../check/index.js';

/**
 * Anything that carries a loss-vs-learning-rate curve: a `RangeTestResult`, a parsed CSV, a plain object.
 *
 * @example
 * const c: CurveLike = { lrs: [1e-4, 1e-3], losses: [2.3, 1.9] };
 */
export interface CurveLike {
  lrs: readonly number[];
  losses: readonly number[];
  smoothed?: readonly number[];
}

/**
 * A curve read from a file. Losses may be NaN / ±Infinity (a diverged range test ends that way);
 * learning rates are always finite and > 0.
 *
 * @example
 * const curve: CurveData = { lrs: [1e-4, 1e-3], losses: [2.3, 1.9], smoothed: [2.3, 2.1] };
 */
export interface CurveData {
  lrs: number[];
  losses: number[];
  smoothed?: number[];
}

/**
 * Throws a TypeError / RangeError when `c` is not a usable curve (shared by writers and plots); the
 * message names `fn` (the function the user called) and `what` (the argument), e.g.
 * `curveToCsv: result.lrs[2] must be a finite number > 0, got 0`.
 *
 * @example
 * assertCurve({ lrs: [1e-4, 1e-3], losses: [2.3, 1.9] }, 'curve', 'myPlot');
 */
export function assertCurve(c: unknown, what = 'curve', fn = 'assertCurve'): asserts c is CurveLike {
  if (c === null || typeof c !== 'object') fail(fn, what, 'an object with lrs and losses arrays', c, TypeError);
  const { lrs, losses, smoothed } = c as Record<string, unknown>;
  if (!Array.isArray(lrs)) fail(fn, `${what}.lrs`, 'an array of numbers', lrs, TypeError);
  if (!Array.isArray(losses)) fail(fn, `${what}.losses`, 'an array of numbers', losses, TypeError);
  if (lrs.length !== losses.length) fail(fn, `${what}.losses`, `an array as long as ${what}.lrs (${lrs.length})`, losses);
  if (smoothed !== undefined) {
    if (!Array.isArray(smoothed)) fail(fn, `${what}.smoothed`, 'an array of numbers or undefined', smoothed, TypeError);
    if (smoothed.length !== lrs.length) fail(fn, `${what}.smoothed`, `an array as long as ${what}.lrs (${lrs.length})`, smoothed);
  }
  lrs.forEach((lr, i) => positive(fn, `${what}.lrs[${i}]`, lr));
  const numbers = (arr: unknown[], name: string) =>
    arr.forEach((v, i) => {
      if (typeof v !== 'number') fail(fn, `${what}.${name}[${i}]`, 'a number', v, TypeError);
    });
  numbers(losses, 'losses');
  if (Array.isArray(smoothed)) numbers(smoothed, 'smoothed');
}
