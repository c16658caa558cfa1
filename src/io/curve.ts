// Shared shape of a loss-vs-lr curve as read from and written to files.
// Structural on purpose: a finder RangeTestResult satisfies CurveLike without importing src/finder.

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

/** Throws a TypeError / RangeError naming `what` when `c` is not a usable curve (shared by writers and plots). */
export function assertCurve(c: unknown, what = 'curve'): asserts c is CurveLike {
  if (c === null || typeof c !== 'object') {
    throw new TypeError(`${what} must be an object with lrs and losses arrays, got ${c === null ? 'null' : typeof c}`);
  }
  const { lrs, losses, smoothed } = c as Record<string, unknown>;
  if (!Array.isArray(lrs)) throw new TypeError(`${what}.lrs must be an array of numbers, got ${typeof lrs}`);
  if (!Array.isArray(losses)) throw new TypeError(`${what}.losses must be an array of numbers, got ${typeof losses}`);
  if (lrs.length !== losses.length) {
    throw new RangeError(`${what}.lrs (length ${lrs.length}) and ${what}.losses (length ${losses.length}) must have the same length`);
  }
  if (smoothed !== undefined) {
    if (!Array.isArray(smoothed)) throw new TypeError(`${what}.smoothed must be an array of numbers when given, got ${typeof smoothed}`);
    if (smoothed.length !== lrs.length) {
      throw new RangeError(`${what}.smoothed (length ${smoothed.length}) must have the same length as ${what}.lrs (${lrs.length})`);
    }
  }
  lrs.forEach((lr, i) => {
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
      throw new RangeError(`${what}.lrs[${i}] must be a finite number > 0, got ${String(lr)}`);
    }
  });
  const checkNumbers = (arr: unknown[], name: string) =>
    arr.forEach((v, i) => {
      if (typeof v !== 'number') throw new TypeError(`${what}.${name}[${i}] must be a number, got ${typeof v}`);
    });
  checkNumbers(losses, 'losses');
  if (Array.isArray(smoothed)) checkNumbers(smoothed, 'smoothed');
}
