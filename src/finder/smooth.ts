import { fail, inRange } from '../check/index.js';

/** Checks an EMA factor: a number in [0, 1). `fn` names the function whose option it is. */
export function checkBeta(beta: unknown, name = 'beta', fn = 'smooth'): number {
  return inRange(fn, name, beta, 0, 1, { hi: true });
}

/**
 * Incremental form of the bias-corrected exponential moving average used by the range test.
 * `next(x)` returns the smoothed value after adding `x`.
 *
 * @example
 * const s = new Smoother(0.98);
 * s.next(2); // 2
 * s.next(1); // ≈ 1.495
 */
export class Smoother {
  private count = 0;
  private value = 0;
  constructor(readonly beta: number) {
    checkBeta(beta, 'beta', 'Smoother');
  }

  /** Adds one raw value and returns the smoothed value. */
  next(x: number): number {
    this.count += 1;
    // avg_i = beta*avg_{i-1} + (1-beta)*x_i and s_i = avg_i / (1 - beta^(i+1)) rearrange to
    // s_i = s_{i-1} + (x_i - s_{i-1}) * (1-beta) / (1 - beta^(i+1)): same numbers, but a constant
    // input stays exactly constant and s_i never leaves the range of the inputs.
    const w = (1 - this.beta) / (1 - Math.pow(this.beta, this.count));
    const prev = this.value;
    // w === 1 (first value, or beta 0) takes x as is; the clamp keeps rounding from stepping past x.
    const next = w === 1 ? x : prev + (x - prev) * w;
    this.value = Math.min(Math.max(next, Math.min(prev, x)), Math.max(prev, x)) + 0; // + 0 turns -0 into 0 (JSON has no -0)
    return this.value;
  }
}

/**
 * Smooths any raw curve with the range test's bias-corrected exponential moving average:
 * `avg = beta*avg + (1-beta)*loss; smoothed_i = avg / (1 - beta^(i+1))` (avg starts at 0).
 * `beta = 0` returns a copy of the input. Throws RangeError for non-finite values.
 *
 * @example
 * smooth([4, 2, 2, 2], 0.5); // [4, 2.666…, 2.285…, 2.133…]
 * smooth([3, 3, 3], 0.98);   // [3, 3, 3]
 */
export function smooth(losses: ArrayLike<number>, beta = 0.98): number[] {
  if (!Array.isArray(losses) && !ArrayBuffer.isView(losses)) {
    fail('smooth', 'losses', 'an array of numbers', losses, TypeError);
  }
  const s = new Smoother(checkBeta(beta));
  const out: number[] = new Array(losses.length);
  for (let i = 0; i < losses.length; i++) {
    const x = losses[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      fail('smooth', `losses[${i}]`, 'a finite number', x);
    }
    out[i] = s.next(x);
  }
  return out;
}

/**
 * Smoothed values for a curve that may end in NaN/Infinity (a diverged run): smooth up to the
 * first non-finite value, NaN after it.
 *
 * @example
 * smoothUntilNonFinite([2, 1, NaN], 0.5); // [2, 1.333…, NaN]
 */
export function smoothUntilNonFinite(values: readonly number[], beta: number): number[] {
  let k = values.findIndex((v) => !Number.isFinite(v));
  if (k < 0) k = values.length;
  // One array of the final length: no spreads or copies of a million-point log.
  const s = new Smoother(checkBeta(beta, 'beta', 'smoothUntilNonFinite'));
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = i < k ? s.next(values[i]) : NaN;
  return out;
}
