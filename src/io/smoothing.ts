// The smoothing other tools apply before they hand out a range test's losses, and its exact
// inverse: an exponential moving average is invertible given its beta and its bias correction, a
// running mean given where it restarts. Read from the tools' sources:
// - pytorch-lr-finder (davidtvs/pytorch-lr-finder, torch_lr_finder/lr_finder.py at commit
//   00abb9079101da04867e49fa67b16396f45d9179): loss = smooth_f * loss + (1 - smooth_f) * previous,
//   smooth_f 0.05, the first loss as it is (no bias correction); stops after appending a loss above
//   diverge_th (5) x the best.
// - Lightning (Lightning-AI/pytorch-lightning, src/lightning/pytorch/tuner/lr_finder.py at commit
//   001278272e8e91c85a74dd17449e4eafc489e25f, _LRCallback): avg = beta * avg + (1 - beta) * loss from
//   avg 0, smoothed = avg / (1 - beta ** (global_step + 1)) with beta 0.98, where global_step already
//   counts the step just taken (1 at the first point): point k (0-based) is divided by
//   1 - beta^(k + 2). A step without a loss is recorded as NaN and leaves avg alone. Stops after a
//   smoothed loss above 4x the best (from the third point on).
// - fastai (Recorder + AvgSmoothLoss, beta 0.98): the same EMA, point k divided by 1 - beta^(k + 1).
// - Keras (tf.keras >= 2.2, Keras 3): the `loss` in on_train_batch_end's logs is the mean of the
//   epoch's batches so far, restarting each epoch.

import { inRange } from '../check/index.js';

/** How a tool smoothed the losses it wrote. */
export type Smoothing =
  | { kind: 'ema'; beta: number; debias: false }
  | { kind: 'ema'; beta: number; debias: true; offset: number }
  | { kind: 'running-mean' };

/** The smoothing of each tool lrkit reads (see the sources named at the top of smoothing.ts). */
export const TOOL_SMOOTHING = {
  'pytorch-lr-finder': { kind: 'ema', beta: 0.95, debias: false },
  lightning: { kind: 'ema', beta: 0.98, debias: true, offset: 2 },
  fastai: { kind: 'ema', beta: 0.98, debias: true, offset: 1 },
  keras: { kind: 'running-mean' },
} as const satisfies Record<string, Smoothing>;

function checkBeta(fn: string, s: Smoothing): void {
  if (s.kind === 'ema') inRange(fn, 'smoothing.beta', s.beta, 0, 1, { hi: true });
}

/**
 * Smooths raw losses as the tool does (the forward direction, for tests and fixtures). `epochs`
 * (one per point) restarts a running mean where it changes. Non-finite losses: an EMA without bias
 * correction carries them on (pytorch-lr-finder); a debiased one records them and keeps its average
 * (Lightning).
 *
 * @example
 * smoothLosses([2, 1], TOOL_SMOOTHING['pytorch-lr-finder']); // [2, 1.95]
 */
export function smoothLosses(raw: readonly number[], s: Smoothing, epochs?: readonly number[]): number[] {
  checkBeta('smoothLosses', s);
  const out: number[] = [];
  if (s.kind === 'running-mean') {
    let sum = 0;
    let count = 0;
    raw.forEach((x, k) => {
      if (k > 0 && epochs && epochs[k] !== epochs[k - 1]) sum = count = 0;
      sum += x;
      count += 1;
      out.push(sum / count);
    });
    return out;
  }
  const b = s.beta;
  if (!s.debias) {
    raw.forEach((x, k) => out.push(k === 0 ? x : b * out[k - 1] + (1 - b) * x));
    return out;
  }
  let avg = 0;
  let c = 0;
  for (const x of raw) {
    if (!Number.isFinite(x)) {
      out.push(x);
      continue;
    }
    avg = b * avg + (1 - b) * x;
    out.push(avg / (1 - b ** (c + s.offset)));
    c += 1;
  }
  return out;
}

/**
 * The raw losses behind values a tool smoothed with `s` (the exact inverse of {@link smoothLosses}
 * on finite values). A non-finite value stays as it is; after one, an undebiased EMA has nothing
 * left to invert (every later value is NaN in the tool's own output).
 *
 * @example
 * unsmoothLosses([2, 1.95], TOOL_SMOOTHING['pytorch-lr-finder']); // [2, 1] (to rounding)
 */
export function unsmoothLosses(values: readonly number[], s: Smoothing, epochs?: readonly number[]): number[] {
  checkBeta('unsmoothLosses', s);
  const out: number[] = [];
  if (s.kind === 'running-mean') {
    let count = 0;
    values.forEach((m, k) => {
      if (k > 0 && epochs && epochs[k] !== epochs[k - 1]) count = 0;
      out.push(count === 0 ? m : (count + 1) * m - count * values[k - 1]);
      count += 1;
    });
    return out;
  }
  const b = s.beta;
  if (!s.debias) {
    let broken = false;
    values.forEach((v, k) => {
      broken ||= !Number.isFinite(v);
      out.push(broken ? (Number.isFinite(v) ? NaN : v) : k === 0 ? v : (v - b * values[k - 1]) / (1 - b));
    });
    return out;
  }
  let prev = 0;
  let c = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) {
      out.push(v);
      continue;
    }
    const avg = v * (1 - b ** (c + s.offset));
    out.push((avg - b * prev) / (1 - b));
    prev = avg;
    c += 1;
  }
  return out;
}
