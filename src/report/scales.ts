import { valueAt } from '../analysis/index.js';
import { ordered, positive } from '../check/index.js';
// Small numeric helpers shared by the vega-lite and terminal charts.

/**
 * Where a curve starts: the median of its first few points (a tenth of them, 1 to 5), robust to
 * one noisy first batch. The charts clip the final blow-up relative to this level.
 *
 * @example
 * startLevel([2.3, 2.31, 2.29, 2.3, 2.2, 1.5, 0.9, 0.7, 3, 9]); // 2.3
 */
export function startLevel(values: readonly number[]): number {
  const head = values.slice(0, Math.max(1, Math.min(5, Math.ceil(values.length / 10)))).sort((a, b) => a - b);
  return head[head.length >> 1];
}

/**
 * Tick values for a log axis from `min` to `max`: powers of ten, or 1-2-5 / 1..9 multiples when
 * the range spans less than a few decades (vega's own log ticks skip labels on short ranges).
 *
 * @example
 * logTicks(1e-5, 1); // [1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1]
 */
export function logTicks(min: number, max: number): number[] {
  positive('logTicks', 'min', min);
  positive('logTicks', 'max', max);
  ordered('logTicks', 'min', min, 'max', max);
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const eps = 1e-9;
  for (const mults of [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    const ticks: number[] = [];
    for (let e = lo; e <= hi; e++) {
      for (const m of mults) {
        // Build from the decimal string so 3e-5 is exactly the double the user would type.
        const v = Number(`${m}e${e}`);
        if (v >= min * (1 - eps) && v <= max * (1 + eps)) ticks.push(v);
      }
    }
    if (ticks.length >= 3 || mults.length === 9) {
      // Too many decades for a readable axis: keep every k-th power of ten.
      if (ticks.length > 10 && mults.length === 1) {
        const k = Math.ceil(ticks.length / 8);
        return ticks.filter((_, i) => i % k === 0);
      }
      return ticks;
    }
  }
  return [];
}

/**
 * Linear interpolation of `ys` at `x`, where xs are compared in log10 space (lr axes).
 * Returns undefined outside [min(xs), max(xs)]. xs must be sorted ascending.
 *
 * @example
 * interpLog([1e-3, 1e-1], [2, 1], 1e-2); // 1.5
 */
export function interpLog(xs: readonly number[], ys: readonly number[], x: number): number | undefined {
  return valueAt(xs, ys, x);
}

/**
 * Reduces a long series to at most ~`maxPoints` indices, keeping each bucket's first, min, max and
 * last point so the peaks of cyclic schedules survive (plain striding would cut them off).
 *
 * @example
 * downsampleIndices([0, 5, 0, 5, 0, 5], 4); // indices whose values still include the 5s
 */
export function downsampleIndices(values: readonly number[], maxPoints: number): number[] {
  const n = values.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor(maxPoints / 4));
  const out = new Set<number>();
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    let iMin = start;
    let iMax = start;
    for (let i = start; i < end; i++) {
      if (values[i] < values[iMin]) iMin = i;
      if (values[i] > values[iMax]) iMax = i;
    }
    for (const i of [start, iMin, iMax, end - 1]) out.add(i);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Formats a learning rate as short scientific notation with `digits` after the point (default 1):
 * 0.0032 -> "3.2e-3". Non-finite values print as `NaN` / `Infinity`.
 *
 * @example
 * formatLr(0.00316); // '3.2e-3'
 * formatLr(0.00316, 2); // '3.16e-3'
 */
export function formatLr(lr: number, digits = 1): string {
  return lr.toExponential(digits).replace('e+', 'e');
}
