import { checkLrRange, lrAtUnchecked, type RangeMode } from './schedule.js';
import { checkBeta, Smoother } from './smooth.js';
import { bool, fail, func, number, oneOf, knownOptions } from '../check/index.js';

/** Why a range test ended. */
export type StopReason = 'completed' | 'diverged' | 'non-finite' | 'aborted';

/** What the step function returns: `'loss'` (lower is better) or a metric such as accuracy. */
export type RangeMetric = 'loss' | 'higher-is-better';

/** The metric names people type (CLI flags, older options) -> lrkit's core vocabulary ({@link RangeMetric}). */
const METRIC_ALIASES: Readonly<Record<string, RangeMetric>> = { loss: 'loss', 'higher-is-better': 'higher-is-better', accuracy: 'higher-is-better' };

/**
 * The one translation of a metric name into the core vocabulary: `'loss'` stays, `'accuracy'`
 * (the CLI's `--metric accuracy`; a deprecated alias where a library option still takes it) and
 * `'higher-is-better'` give `'higher-is-better'`. `undefined` gives `'loss'`. Anything else throws
 * a RangeError in the words of `fn` (the function that was given the name).
 *
 * @example
 * coreMetric('accuracy'); // 'higher-is-better'
 * coreMetric(undefined);  // 'loss'
 */
export function coreMetric(name: unknown, fn = 'coreMetric'): RangeMetric {
  if (name === undefined) return 'loss';
  const m = typeof name === 'string' && Object.hasOwn(METRIC_ALIASES, name) ? METRIC_ALIASES[name] : undefined;
  return m ?? fail(fn, 'metric', '"loss" or "higher-is-better" ("accuracy" is an alias of "higher-is-better")', name);
}

/** Passed to `onIteration` after each recorded iteration. */
export interface IterationInfo {
  iteration: number;
  lr: number;
  /** Raw value returned by `step` (a loss, or the metric when `metric: 'higher-is-better'`). */
  loss: number;
  smoothed: number;
  /** Best smoothed value so far (lowest loss, or highest metric). */
  best: number;
  numIter: number;
}

/** Options of {@link rangeTest}. Only `step` is required. */
export interface RangeTestOptions {
  /** Trains one mini-batch at learning rate `lr` and returns its loss (or metric). */
  step: (lr: number, iteration: number) => number | PromiseLike<number>;
  /** First learning rate (default 1e-7). */
  startLr?: number;
  /** Last learning rate, reached at iteration numIter-1 (default 10). */
  endLr?: number;
  /** Number of iterations (default 100, at least 2). */
  numIter?: number;
  /** `'exp'` (default for losses) or `'linear'` (default for `metric: 'higher-is-better'`). */
  mode?: RangeMode;
  /** Smoothing factor of the bias-corrected moving average, in [0, 1) (default 0.98). */
  beta?: number;
  /** Stop when the smoothed loss exceeds this many times the best (default 4; > 1; Infinity disables). */
  divergeThreshold?: number;
  /** `'loss'` (default) or `'higher-is-better'` for a metric such as accuracy. */
  metric?: RangeMetric;
  /** Stops the test promptly; the result then has stopReason `'aborted'` and the partial curve. */
  signal?: AbortSignal;
  /** Called after each recorded iteration (in order, also in pipelined mode). */
  onIteration?: (it: IterationInfo) => void;
  /**
   * Call step(i+1) before the value of step i has resolved, so a GPU backend is not stalled by
   * reading each loss back. At most one extra step runs after the stop decision (default false).
   */
  pipeline?: boolean;
}

/** Result of {@link rangeTest}: the recorded curve plus the options that produced it. JSON-serialisable. */
export interface RangeTestResult {
  lrs: number[];
  /**
   * Raw values returned by `step`. With `metric: 'higher-is-better'` these are the metric's values
   * (accuracies), not losses: the field keeps its name so curve.json / saved results stay readable.
   */
  losses: number[];
  /** Bias-corrected moving average of `losses` (see {@link smooth}). */
  smoothed: number[];
  stopReason: StopReason;
  /** Number of recorded iterations (= lrs.length). */
  iterations: number;
  metric: RangeMetric;
  startLr: number;
  endLr: number;
  mode: RangeMode;
  numIter: number;
  beta: number;
}

const KNOWN_OPTIONS = [
  'step', 'startLr', 'endLr', 'numIter', 'mode', 'beta', 'divergeThreshold', 'metric', 'signal', 'onIteration', 'pipeline',
] as const;

interface Checked {
  step: RangeTestOptions['step'];
  startLr: number;
  endLr: number;
  numIter: number;
  mode: RangeMode;
  beta: number;
  divergeThreshold: number;
  metric: RangeMetric;
  signal: AbortSignal | undefined;
  onIteration: RangeTestOptions['onIteration'];
  pipeline: boolean;
}

function checkOptions(fn: string, options: unknown): Checked {
  const o = knownOptions(fn, options, KNOWN_OPTIONS);
  func(fn, 'step', o.step, 'a function (lr, iteration) => loss');
  const metric = oneOf(fn, 'metric', o.metric ?? 'loss', ['loss', 'higher-is-better'] as const);
  const range = checkLrRange({
    startLr: (o.startLr ?? 1e-7) as number,
    endLr: (o.endLr ?? 10) as number,
    numIter: (o.numIter ?? 100) as number,
    mode: (o.mode ?? (metric === 'loss' ? 'exp' : 'linear')) as RangeMode,
  }, fn);
  const beta = checkBeta(o.beta ?? 0.98, 'beta', fn);
  const threshold = 'a number > 1 (Infinity disables the stop)';
  const divergeThreshold = number(fn, 'divergeThreshold', o.divergeThreshold ?? 4, threshold);
  if (!(divergeThreshold > 1)) fail(fn, 'divergeThreshold', threshold, divergeThreshold);
  const signal = o.signal as AbortSignal | undefined;
  if (signal !== undefined && !(signal instanceof AbortSignal)) fail(fn, 'signal', 'an AbortSignal', signal, TypeError);
  if (o.onIteration !== undefined) func(fn, 'onIteration', o.onIteration);
  if (o.pipeline !== undefined) bool(fn, 'pipeline', o.pipeline);
  return {
    ...range,
    step: o.step as RangeTestOptions['step'],
    beta,
    divergeThreshold,
    metric,
    signal,
    onIteration: o.onIteration as RangeTestOptions['onIteration'],
    pipeline: o.pipeline === true,
  };
}

/**
 * Decides when a curve has diverged.
 * - loss: stop when smoothed - best > (threshold - 1) * |best|, i.e. smoothed > threshold * best
 *   for positive losses (fastai's rule), extended so that negative losses do not stop at once.
 * - higher-is-better: `base` is the lowest smoothed value seen before the best one. Once the metric
 *   has risen — best - base above 10% of |best| and above 4x the noise (a moving average of
 *   |raw_i - smoothed_(i-1)|), so that early wobbles at chance level do not count — stop when it has given
 *   back more than (1 - 1/threshold) of that rise, i.e. fallen below base + (best - base) / threshold.
 */
class StopRule {
  best = NaN;
  private low = Infinity;
  private base = NaN;
  private noise = NaN;
  private prev = NaN;
  private readonly noiseAvg: Smoother;
  constructor(private readonly metric: RangeMetric, private readonly threshold: number, beta: number) {
    this.noiseAvg = new Smoother(beta);
  }

  diverged(smoothed: number): boolean {
    if (Number.isNaN(this.best)) return false;
    if (this.metric === 'loss') return smoothed - this.best > (this.threshold - 1) * Math.abs(this.best);
    const rise = this.best - this.base;
    if (!(rise > 0.1 * Math.abs(this.best) && rise > 4 * this.noise)) return false;
    return this.best - smoothed > (1 - 1 / this.threshold) * rise;
  }

  record(smoothed: number, raw: number): void {
    if (this.metric === 'loss') {
      if (!(smoothed >= this.best)) this.best = smoothed;
      return;
    }
    // Noise = how far each raw value lands from the smoothed value before it (none for the first).
    if (!Number.isNaN(this.prev)) this.noise = this.noiseAvg.next(Math.abs(raw - this.prev));
    this.prev = smoothed;
    this.low = Math.min(this.low, smoothed);
    if (!(smoothed <= this.best)) {
      this.best = smoothed;
      this.base = this.low;
    }
  }
}

const ABORTED: unique symbol = Symbol('aborted');
const noop = (): void => {};

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as PromiseLike<unknown>).then === 'function';
}

/** Waits for a step's value, or returns ABORTED as soon as the signal fires. */
function settle(value: unknown, signal: AbortSignal | undefined): unknown | Promise<unknown> {
  if (!isThenable(value)) return value;
  if (signal === undefined) return value;
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(ABORTED);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    value.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * Runs an LR range test: calls `step(lr_i, i)` for i = 0..numIter-1 with the learning rate
 * growing from `startLr` to `endLr` (see {@link lrAt}), records the raw and smoothed loss and stops
 * early when the smoothed loss diverges (`divergeThreshold` x the best), when `step` returns NaN or
 * ±Infinity (that value is not recorded), or when `signal` aborts. Exceptions from `step` and
 * `onIteration` propagate. No TensorFlow.js inside: `step` can train anything.
 *
 * @example
 * let w = 5; // gradient descent on f(w) = w^2
 * const result = await rangeTest({
 *   startLr: 1e-4, endLr: 10, numIter: 50,
 *   step: (lr) => { w -= lr * 2 * w; return w * w; },
 * });
 * result.stopReason; // 'diverged' (the loss explodes once lr > 1)
 */
export async function rangeTest(options: RangeTestOptions): Promise<RangeTestResult> {
  return rangeTestAs('rangeTest', options);
}

/** {@link rangeTest} with errors that start with `fn` (an adapter's name, e.g. findLearningRate). */
export async function rangeTestAs(fn: string, options: RangeTestOptions): Promise<RangeTestResult> {
  const o = checkOptions(fn, options);
  const { step, startLr, endLr, numIter, mode, metric, signal, onIteration } = o;
  const lrs: number[] = [];
  const losses: number[] = [];
  const smoothed: number[] = [];
  const smoother = new Smoother(o.beta);
  const rule = new StopRule(metric, o.divergeThreshold, o.beta);

  const finish = (stopReason: StopReason): RangeTestResult => ({
    lrs, losses, smoothed, stopReason, iterations: lrs.length, metric, startLr, endLr, mode, numIter, beta: o.beta,
  });

  const lrOf = (i: number): number => lrAtUnchecked(i, startLr, endLr, numIter, mode);

  // Starts step i. A returned promise is marked handled at once: if the test stops (abort) before
  // awaiting it, a later rejection must not crash the process as an unhandled rejection.
  const invoke = (i: number): unknown => {
    const r: unknown = step(lrOf(i), i);
    if (isThenable(r)) {
      const p = Promise.resolve(r);
      p.catch(noop);
      return p;
    }
    return r;
  };

  // Records iteration i; returns a stop reason when the test must end before recording it.
  const record = (i: number, value: unknown): StopReason | undefined => {
    if (typeof value !== 'number') {
      fail(fn, `step's result at iteration ${i}`, 'a number or a Promise of one', value, TypeError);
    }
    if (!Number.isFinite(value)) return 'non-finite';
    value += 0; // -0 -> 0: JSON has no -0, and the result must round-trip
    const s = smoother.next(value);
    if (i > 0 && rule.diverged(s)) return 'diverged';
    rule.record(s, value);
    const lr = lrOf(i);
    lrs.push(lr);
    losses.push(value);
    smoothed.push(s);
    onIteration?.({ iteration: i, lr, loss: value, smoothed: s, best: rule.best, numIter });
    return undefined;
  };

  if (!o.pipeline) {
    for (let i = 0; i < numIter; i++) {
      if (signal?.aborted) return finish('aborted');
      const value = await settle(invoke(i), signal);
      if (value === ABORTED) return finish('aborted');
      const stop = record(i, value);
      if (stop) return finish(stop);
    }
    return finish('completed');
  }

  if (signal?.aborted) return finish('aborted');
  let pending: unknown = invoke(0);
  for (let i = 0; i < numIter; i++) {
    if (signal?.aborted) return finish('aborted');
    // Start the next step before reading this one's value: that read is what stalls a GPU.
    const next: unknown = i + 1 < numIter ? invoke(i + 1) : undefined;
    const value = await settle(pending, signal);
    if (value === ABORTED) return finish('aborted');
    const stop = record(i, value);
    if (stop) {
      // Let the one step already started finish, so the caller can restore its model safely.
      if (i + 1 < numIter) await settle(next, signal);
      return finish(stop);
    }
    pending = next;
  }
  return finish('completed');
}
