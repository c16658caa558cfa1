// A lag-free estimate of a range-test curve for the recommendation. The range test's own
// smoothing (a bias-corrected moving average, beta 0.98) averages ~50 past points, so on a
// 100-point sweep its minimum lies decades to the right of the raw curve's; a centred window
// looks as far ahead as behind and has no lag.

/** Median of `values[lo..hi]` (inclusive). */
function medianOf(values: readonly number[], lo: number, hi: number): number {
  const s = values.slice(lo, hi + 1).sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Half-width of the centred window for a curve of `n` points: about 5 % of the points each side
 * (at least 2), so the window spans a tenth of the sweep whatever `numIter` was.
 *
 * @example
 * centredHalfWidth(100); // 5
 */
export function centredHalfWidth(n: number): number {
  return Math.max(2, Math.round(n / 20));
}

/**
 * Centred, robust smoothing: a running median over `2h + 1` points (it ignores single-batch
 * spikes and the explosion at the end of a diverged sweep), then a running mean of those medians
 * over the same window. Windows are clipped at the ends of the curve, so the first and last
 * points are estimated from `h + 1` points on one side.
 *
 *     m_i = median(y[i-h .. i+h]),   c_i = mean(m[i-h .. i+h])   (indices clipped to [0, n-1])
 *
 * @example
 * centredSmooth([1, 1, 9, 1, 1], 1); // [1, 1, 1, 1, 1] (the spike is gone, nothing moved)
 */
export function centredSmooth(values: readonly number[], h = centredHalfWidth(values.length)): number[] {
  const n = values.length;
  const med = values.map((_, i) => medianOf(values, Math.max(0, i - h), Math.min(n - 1, i + h)));
  return med.map((_, i) => {
    const lo = Math.max(0, i - h);
    const hi = Math.min(n - 1, i + h);
    let sum = 0;
    for (let k = lo; k <= hi; k++) sum += med[k];
    return sum / (hi - lo + 1);
  });
}

/**
 * Batch noise of a curve: the robust standard deviation of single points, from the differences of
 * neighbours (1.4826 x their median absolute deviation / sqrt 2). A smooth trend shifts every
 * difference alike, which the median absolute deviation ignores, so a steep descent is not
 * mistaken for noise.
 *
 * @example
 * differenceNoise([0, 1, 2, 3, 4]);       // 0 (a straight line has no noise)
 * differenceNoise([1, 3, 1, 2, 1, 3, 2]); // ≈ 1.573 (median |d - median d| = 1.5, x 1.4826 / sqrt 2)
 */
export function differenceNoise(values: readonly number[]): number {
  if (values.length < 3) return 0;
  const d = values.slice(1).map((v, i) => v - values[i]);
  const m = medianOf(d, 0, d.length - 1);
  return (1.4826 * medianOf(d.map((x) => Math.abs(x - m)), 0, d.length - 1)) / Math.SQRT2;
}
