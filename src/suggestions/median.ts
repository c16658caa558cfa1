// Learning rates are compared by ratio, so their median is taken on a log scale.

import { fail } from '../check/index.js';

/**
 * Median of positive numbers on a log scale: the middle value, or the geometric mean of the two
 * middle values for an even count (learning rates are compared by ratio, not difference).
 *
 * @example
 * logMedian([1e-3, 1e-2, 1e-1]); // 0.01
 * logMedian([1e-3, 1e-1]);       // 0.01
 */
export function logMedian(values: readonly number[]): number {
  if (!Array.isArray(values) || values.length === 0) {
    fail('logMedian', 'values', 'a non-empty array of numbers > 0', values);
  }
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) fail('logMedian', `values[${i}]`, 'a finite number > 0', v);
  });
  const s = Float64Array.from(values).sort(); // numeric sort without a comparator call per pair
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : Math.sqrt(s[mid - 1] * s[mid]);
}
