// The four suggestion rules of fastai's `lr_find` (fastai/callback/schedule.py), rewritten from
// their published description so that the same curve gives the same learning rate. fastai runs
// them on its recorded (smoothed) losses after trimming `[num_it//10:-5]`; see trimCurve().
import { integer, nonNegative, knownOptions, positive } from '../check/index.js';
import { argmin, checkCurve, type Curve, type MetricOption, type Suggestion } from './curve.js';
import { argsort } from './sort.js';

/**
 * fastai's `minimum`: one tenth of the learning rate at the lowest loss. `index` and `loss` mark
 * the lowest point itself (as fastai's plot does), so `lr === lrs[index] / 10`.
 *
 * @example
 * minimum({ lrs: [0.001, 0.01, 0.1, 1], losses: [2, 1, 0.5, 3] }); // { name: 'minimum', lr: 0.01, index: 2, loss: 0.5 }
 */
export function minimum(curve: Curve, options: MetricOption = {}): Suggestion {
  const { lrs, losses, y } = checkCurve('minimum', curve, 2, options);
  const index = argmin(y);
  return { name: 'minimum', lr: lrs[index] / 10, index, loss: losses[index] };
}

/**
 * fastai's `steep`: the learning rate where the loss falls fastest against log(lr), i.e. the left
 * end of the segment with the most negative `(loss[i+1]-loss[i]) / (ln lr[i+1] - ln lr[i])`.
 *
 * @example
 * steep({ lrs: [0.001, 0.01, 0.1, 1], losses: [2, 1.8, 0.5, 3] }); // { name: 'steep', lr: 0.01, index: 1, loss: 1.8 }
 */
export function steep(curve: Curve, options: MetricOption = {}): Suggestion {
  const { lrs, losses, y } = checkCurve('steep', curve, 2, options);
  const grads = new Array<number>(lrs.length - 1);
  for (let i = 0; i < grads.length; i++) grads[i] = (y[i + 1] - y[i]) / (Math.log(lrs[i + 1]) - Math.log(lrs[i]));
  const index = argmin(grads);
  return { name: 'steep', lr: lrs[index], index, loss: losses[index] };
}

/**
 * fastai's `valley` (the default of `lr_find` since fastai 2.5): finds the longest strictly
 * decreasing run of losses (a longest decreasing subsequence) and returns the learning rate about
 * half-way into it (start + ⌊len/3⌋ + ⌊len/6⌋). Exactly fastai's answer, including where it puts
 * the start and Python's negative-index wrap-around, in O(n log n) instead of fastai's O(n²).
 *
 * @example
 * valley({ lrs: [1e-3, 1e-2, 1e-1, 1, 10], losses: [3, 2, 1, 0.5, 4] }); // index 0, lr 0.001 (run start -1)
 */
export function valley(curve: Curve, options: MetricOption = {}): Suggestion {
  const { lrs, losses, y } = checkCurve('valley', curve, 2, options);
  const n = y.length;
  // fastai: lds[i] = 1 + max lds[j] over j < i with y[j] > y[i], and inside its j loop
  // `if lds[max_end] < lds[i]: max_end = i; max_start = max_end - lds[max_end]`. lds[i] only
  // exceeds the record R (the largest lds so far) by reaching R + 1, its final value, so that is
  // the same as: a new record at i sets max_start = i - lds[i].
  const q = descendingRanks(y); // y[j] > y[i]  <=>  q[j] < q[i]
  const tree = new Int32Array(n + 1); // Fenwick tree of prefix maxima of lds by q
  let record = 0;
  let maxStart = 0;
  let maxEnd = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let p = q[i]; p > 0; p -= p & -p) if (tree[p] > best) best = tree[p];
    const lds = best + 1;
    for (let p = q[i] + 1; p <= n; p += p & -p) if (tree[p] < lds) tree[p] = lds;
    if (i === 0) record = lds;
    else if (lds > record) {
      record = lds;
      maxEnd = i;
      maxStart = i - lds;
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  let index = maxStart + Math.trunc(sections) + Math.trunc(sections / 2);
  if (index < 0) index += n; // Python's lrs[-1] is the last element
  return { name: 'valley', lr: lrs[index], index, loss: losses[index] };
}

/** 0-based rank of each value counted from the largest; equal values (-0 and 0 too) share a rank. */
function descendingRanks(y: readonly number[]): Int32Array {
  const order = argsort(y);
  const dense = new Int32Array(y.length);
  let r = 0;
  for (let k = 0; k < order.length; k++) {
    if (k > 0 && y[order[k]] !== y[order[k - 1]]) r++;
    dense[order[k]] = r;
  }
  for (let i = 0; i < dense.length; i++) dense[i] = r - dense[i];
  return dense;
}

/** Options of {@link slide}; the defaults are fastai's. */
export interface SlideOptions extends MetricOption {
  /** Distance in points between the two compared gradients (default 15). */
  lrDiff?: number;
  /** The slide stops when the two gradients differ by at most this (default 0.005). */
  thresh?: number;
  /** Multiplies the learning rate found (default 1). */
  adjustValue?: number;
}

/** Linear interpolation of `fp` at `x` over increasing `xp`, clamped at the ends (like np.interp). */
function interp(x: number, xp: readonly number[], fp: readonly number[]): number {
  if (x <= xp[0]) return fp[0];
  const last = xp.length - 1;
  if (x >= xp[last]) return fp[last];
  let k = 0;
  while (xp[k + 1] < x) k++;
  return fp[k] + ((fp[k + 1] - fp[k]) * (x - xp[k])) / (xp[k + 1] - xp[k]);
}

/**
 * fastai's `slide` ("interval slide rule"): with the loss gradient `g` (np.gradient, per point),
 * start with r at the last point and l = r - lrDiff, and move both left while
 * `|g[r] - g[l]| > thresh`; the suggestion is `lrs[l_last] * adjustValue`, where `l_last` is the
 * last l that still differed (or the first l when none did). Needs at least lrDiff + 1 points.
 * `loss` is the loss interpolated at the suggestion on a log10 lr axis.
 *
 * @example
 * const lrs = Array.from({ length: 60 }, (_, i) => 1e-5 * 10 ** (i / 10));
 * slide({ lrs, losses: lrs.map((lr) => 2 / (1 + 100 * lr) + lr * lr) }); // { name: 'slide', lr, index, loss }
 */
export function slide(curve: Curve, options: SlideOptions = {}): Suggestion {
  const o = knownOptions('slide', options, ['metric', 'lrDiff', 'thresh', 'adjustValue'], true);
  const lrDiff = integer('slide', 'lrDiff', o.lrDiff ?? 15, 1);
  const thresh = nonNegative('slide', 'thresh', o.thresh ?? 0.005);
  const adjustValue = positive('slide', 'adjustValue', o.adjustValue ?? 1);
  const { lrs, losses, y } = checkCurve(`slide (lrDiff ${lrDiff})`, curve, lrDiff + 1, options);
  const n = y.length;
  // np.gradient with unit spacing: one-sided at the ends, central inside.
  const g = y.map((_, i) => (i === 0 ? y[1] - y[0] : i === n - 1 ? y[n - 1] - y[n - 2] : (y[i + 1] - y[i - 1]) / 2));
  let r = n - 1;
  let l = r - lrDiff;
  let index = l;
  while (l >= 0 && Math.abs(g[r] - g[l]) > thresh) {
    index = l;
    r -= 1;
    l -= 1;
  }
  const lr = lrs[index] * adjustValue;
  const loss = interp(Math.log10(lr), lrs.map((v) => Math.log10(v)), losses);
  return { name: 'slide', lr, index, loss };
}
