// A lag-free estimate of a range-test curve for the recommendation. The range test's own
// smoothing (a bias-corrected moving average, beta 0.98) averages ~50 past points, so on a
// 100-point sweep its minimum lies decades to the right of the raw curve's; a centred window
// looks as far ahead as behind and has no lag.
//
// The window spans a tenth of the curve, so re-sorting it for every point (as this file first did)
// costs O(n² log n): a 1e5-point log took minutes. Here each value gets its rank once (one sort),
// and a Fenwick tree of the ranks in the window answers "k-th smallest" in O(log n): O(n log n).
import { fail, integer } from '../check/index.js';
import { argsort, median } from './sort.js';

/**
 * Running medians over the clipped windows `[i-h, i+h]` of finite `values`. Equal values get
 * distinct ranks (by position), so the k-th smallest rank is the k-th smallest value: the same
 * numbers as sorting each window (up to the sign of a zero, which the mean afterwards drops).
 */
function runningMedians(values: readonly number[], h: number): Float64Array {
  const n = values.length;
  const order = argsort(values);
  const sorted = new Float64Array(n);
  const rank = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    sorted[k] = values[order[k]];
    rank[order[k]] = k;
  }
  const tree = new Int32Array(n + 1); // Fenwick tree: how many of each rank are in the window
  const add = (r: number, d: number) => {
    for (let p = r + 1; p <= n; p += p & -p) tree[p] += d;
  };
  let top = 1;
  while (top * 2 <= n) top *= 2;
  /** The rank of the k-th smallest (1-based k) value in the window. */
  const kth = (k: number) => {
    let pos = 0;
    for (let step = top; step > 0; step >>= 1) {
      if (pos + step <= n && tree[pos + step] < k) {
        pos += step;
        k -= tree[pos];
      }
    }
    return pos; // 0-based rank = (1-based position pos + 1) - 1
  };
  const med = new Float64Array(n);
  let lo = 0;
  let hi = -1;
  for (let i = 0; i < n; i++) {
    const wantHi = Math.min(n - 1, i + h);
    const wantLo = Math.max(0, i - h);
    while (hi < wantHi) add(rank[++hi], 1);
    while (lo < wantLo) add(rank[lo++], -1);
    const size = hi - lo + 1;
    const m = size >> 1;
    med[i] = size % 2 ? sorted[kth(m + 1)] : (sorted[kth(m)] + sorted[kth(m + 1)]) / 2;
  }
  return med;
}

/**
 * Exact running sum of doubles (Shewchuk / Python's `math.fsum`): the sum is kept as a short
 * list of non-overlapping partials, so adding and removing values loses nothing, and `value()`
 * is the correctly rounded sum of the values present.
 */
class ExactSum {
  private partials: number[] = [];

  add(x: number): void {
    const p = this.partials;
    let i = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j];
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    p.length = i;
    p.push(x);
  }

  /** The correctly rounded (half-even) sum, as math.fsum rounds it. */
  value(): number {
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Round half-even across the remaining partials: fix a double rounding of hi + lo.
    if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi + 0; // no -0: the left-to-right sum from 0 never gives one
  }
}

/**
 * Above this many additions (points x window) the centred mean switches from the plain
 * left-to-right sum per window (O(n·h), what lrkit always computed) to an exact sliding sum
 * (O(n)). Below it the result is bit-for-bit the historical one; above it each mean is the
 * correctly rounded mean of the medians, within a few ulps of the plain sum.
 */
export const CENTRED_EXACT_SUM_WORK = 4e6;

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
 * points are estimated from `h + 1` points on one side. O(n log n); values must be finite.
 *
 *     m_i = median(y[i-h .. i+h]),   c_i = mean(m[i-h .. i+h])   (indices clipped to [0, n-1])
 *
 * @example
 * centredSmooth([1, 1, 9, 1, 1], 1); // [1, 1, 1, 1, 1] (the spike is gone, nothing moved)
 */
export function centredSmooth(values: readonly number[], h = centredHalfWidth(values.length), exactSumWork = CENTRED_EXACT_SUM_WORK): number[] {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    if (typeof values[i] !== 'number' || !Number.isFinite(values[i])) fail('centredSmooth', `values[${i}]`, 'a finite number', values[i]);
  }
  integer('centredSmooth', 'h', h, 0);
  const med = runningMedians(values, h);
  const out = new Array<number>(n);
  if (n * (2 * h + 1) <= exactSumWork) {
    for (let i = 0; i < n; i++) {
      const lo = Math.max(0, i - h);
      const hi = Math.min(n - 1, i + h);
      let sum = 0;
      for (let k = lo; k <= hi; k++) sum += med[k];
      out[i] = sum / (hi - lo + 1);
    }
    return out;
  }
  const sum = new ExactSum();
  let lo = 0;
  let hi = -1;
  for (let i = 0; i < n; i++) {
    const wantHi = Math.min(n - 1, i + h);
    const wantLo = Math.max(0, i - h);
    while (hi < wantHi) sum.add(med[++hi]);
    while (lo < wantLo) sum.add(-med[lo++]);
    out[i] = sum.value() / (hi - lo + 1);
  }
  return out;
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
  const d = new Float64Array(values.length - 1);
  for (let i = 0; i < d.length; i++) d[i] = values[i + 1] - values[i];
  const m = median(d);
  for (let i = 0; i < d.length; i++) d[i] = Math.abs(d[i] - m);
  return (1.4826 * median(d)) / Math.SQRT2;
}
