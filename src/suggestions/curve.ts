import { fail, integer, object, oneOf, knownOptions } from '../check/index.js';

/** A range-test curve: learning rates (strictly increasing, > 0) and the loss (or metric) at each. */
export interface Curve {
  lrs: readonly number[];
  losses: readonly number[];
}

/** One suggested learning rate. `index` points into the curve given, so plots can mark it. */
export interface Suggestion {
  name: string;
  lr: number;
  index: number;
  loss?: number;
}

/** `'loss'` (lower is better, the default) or `'higher-is-better'` (accuracy and the like). */
export type CurveMetric = 'loss' | 'higher-is-better';

/** Options every suggestion function takes. */
export interface MetricOption {
  /** `'higher-is-better'` makes each rule look at the negated values (default `'loss'`). */
  metric?: CurveMetric;
}

interface CheckedCurve {
  lrs: number[];
  /** Original values, for reporting `loss`. */
  losses: number[];
  /** Values to minimise: the losses, or the negated metric. */
  y: number[];
}

/** An array (or typed array) of numbers as a plain array; a TypeError naming `fn` and `name` otherwise. */
export function toNumbers(fn: string, name: string, value: unknown): number[] {
  if (Array.isArray(value)) return value as number[];
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  fail(fn, name, 'an array of numbers', value, TypeError);
}

/**
 * Validates a curve for the suggestion `fn` (needs at least `minPoints` points) and returns plain
 * arrays plus the values to minimise. Throws TypeError/RangeError naming the problem.
 */
export function checkCurve(fn: string, curve: unknown, minPoints: number, options: MetricOption = {}): CheckedCurve {
  const c = object(fn, 'curve', curve);
  const lrs = toNumbers(fn, 'curve.lrs', c.lrs);
  const losses = toNumbers(fn, 'curve.losses', c.losses);
  if (lrs.length !== losses.length) {
    throw new RangeError(`${fn}: curve.lrs and curve.losses must have the same length; got ${lrs.length} and ${losses.length}`);
  }
  if (lrs.length < minPoints) {
    throw new RangeError(`${fn}: the curve must have at least ${minPoints} points; got ${lrs.length}`);
  }
  const metric = oneOf(fn, 'metric', options.metric ?? 'loss', ['loss', 'higher-is-better'] as const);
  for (let i = 0; i < lrs.length; i++) {
    const lr = lrs[i];
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
      fail(fn, `curve.lrs[${i}]`, 'a finite number > 0', lr);
    }
    if (i > 0 && !(lr > lrs[i - 1])) {
      throw new RangeError(`${fn}: curve.lrs must be strictly increasing; lrs[${i - 1}]=${lrs[i - 1]} and lrs[${i}]=${lr}`);
    }
    const loss = losses[i];
    if (typeof loss !== 'number' || !Number.isFinite(loss)) {
      fail(fn, `curve.losses[${i}]`, 'a finite number (trimCurve() cuts a curve at its first NaN)', loss);
    }
  }
  return { lrs, losses, y: metric === 'loss' ? losses : losses.map((v) => -v) };
}

/** Index of the first smallest value. */
export function argmin(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
  return best;
}

/** Index of the point whose learning rate is closest to `lr` on a log scale (first on ties). */
export function nearestIndex(lrs: readonly number[], lr: number): number {
  const target = Math.log(lr);
  let best = 0;
  for (let i = 1; i < lrs.length; i++) {
    if (Math.abs(Math.log(lrs[i]) - target) < Math.abs(Math.log(lrs[best]) - target)) best = i;
  }
  return best;
}

/** Options of {@link trimCurve}. */
export interface TrimOptions {
  /** Points dropped at the start (default `floor(numIter / 10)`, as fastai's `lr_find`). */
  skipStart?: number;
  /** Points dropped at the end (default 5, as fastai's `lr_find`). */
  skipEnd?: number;
  /** Iterations the test was asked for; sets the default skipStart (default: the curve's numIter or length). */
  numIter?: number;
}

/** A trimmed curve; `offset` maps its indices back: original index = index + offset. */
export interface TrimmedCurve {
  lrs: number[];
  losses: number[];
  offset: number;
}

/**
 * Trims a curve the way fastai's `lr_find` does before suggesting: drops the first
 * `floor(numIter/10)` and the last 5 points (`[num_it//10:-5]`), then cuts at the first value that
 * is not finite (fastai cuts at the first NaN). Lengths that leave nothing give an empty curve.
 *
 * @example
 * const t = trimCurve({ lrs, losses, numIter: 100 }); // 100 points -> lrs[10..94]
 * t.offset; // 10
 */
export function trimCurve(curve: Curve & { numIter?: number }, options: TrimOptions = {}): TrimmedCurve {
  const c = object('trimCurve', 'curve', curve);
  const lrs = toNumbers('trimCurve', 'curve.lrs', c.lrs);
  const losses = toNumbers('trimCurve', 'curve.losses', c.losses);
  if (lrs.length !== losses.length) {
    throw new RangeError(`trimCurve: curve.lrs and curve.losses must have the same length; got ${lrs.length} and ${losses.length}`);
  }
  const o = knownOptions('trimCurve', options, ['skipStart', 'skipEnd', 'numIter'], true);
  const numIter = integer('trimCurve', 'numIter', o.numIter ?? (typeof c.numIter === 'number' ? c.numIter : lrs.length), 0);
  const skipStart = integer('trimCurve', 'skipStart', o.skipStart ?? Math.floor(numIter / 10), 0);
  const skipEnd = integer('trimCurve', 'skipEnd', o.skipEnd ?? 5, 0);
  const end = Math.max(skipStart, lrs.length - skipEnd);
  let cut = end;
  for (let i = skipStart; i < end; i++) {
    if (!Number.isFinite(losses[i])) {
      cut = i;
      break;
    }
  }
  return { lrs: lrs.slice(skipStart, cut), losses: losses.slice(skipStart, cut), offset: Math.min(skipStart, lrs.length) };
}
