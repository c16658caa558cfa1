// Suggestions for cyclical schedules (Smith, "Cyclical Learning Rates for Training Neural
// Networks", 2017) and the one-cycle policy (Smith, "Super-Convergence", 2018).
import { numberIn, knownOptions } from '../check/index.js';
import { argmin, checkCurve, nearestIndex, type Curve, type MetricOption, type Suggestion } from './curve.js';

/** Options of {@link cyclicBounds}. */
export interface CyclicBoundsOptions extends MetricOption {
  /** baseLr = maxLr / divisor (default 4; Smith suggests 3 to 4). */
  divisor?: number;
  /**
   * maxLr = (lr at the best smoothed point) / maxDivisor. Default 3 for a loss curve (the moving
   * average's lag over an exponential sweep), 1 with `metric: 'higher-is-better'` (Smith's accuracy
   * test: a linear sweep, where a ratio would overshoot). 1 takes the best point itself.
   */
  maxDivisor?: number;
}

/** A cyclical-schedule suggestion: `lr` is `maxLr`; `baseIndex` marks `baseLr` on the curve. */
export interface CyclicBoundsSuggestion extends Suggestion {
  maxLr: number;
  baseLr: number;
  baseIndex: number;
}

/** Options of {@link oneCycle}. */
export interface OneCycleSuggestOptions extends MetricOption {
  /** max_lr = (lr at the best point) / divisor (default 3). */
  divisor?: number;
}

function checkDivisor(fn: string, options: object, defaultValue: number, extraKeys: readonly string[] = []): number {
  const o = knownOptions(fn, options, ['metric', 'divisor', ...extraKeys], true);
  return numberIn(fn, 'divisor', o.divisor ?? defaultValue, { min: 1, minOpen: true });
}

/**
 * Bounds for a triangular cyclical schedule by Smith's rule: `maxLr` where the loss stops falling
 * (with `metric: 'higher-is-better'`: where accuracy stops rising), `baseLr = maxLr / divisor`.
 * Give it a smoothed curve: the lowest raw point is mostly noise. On a loss curve the smoothed
 * minimum lies past the rate where the loss really stops falling, because the moving average lags
 * the raw loss, so `maxLr` is that point's rate / `maxDivisor` (default 3, as {@link oneCycle}).
 * An accuracy curve (`metric: 'higher-is-better'`, Smith's linear sweep) is taken at its best
 * point (default `maxDivisor` 1): on a linear sweep the lag is a few steps of equal size, which a
 * ratio of 3 would overshoot.
 *
 *     maxLr = lrs[argbest(losses)] / maxDivisor,   baseLr = maxLr / divisor
 *
 * Measured (docs/bench.md, policies): with the uncorrected best point as maxLr (`maxDivisor: 1`),
 * triangular on Fashion-MNIST ended at 64 % mean accuracy (25 % on one seed of three) against
 * 84 % for a tuned fixed rate; with the default it ended at 85 %. `index` and `baseIndex` are the
 * curve points nearest to `maxLr` and `baseLr`.
 *
 * @example
 * cyclicBounds({ lrs: [0.001, 0.01, 0.1, 1], losses: [2, 1, 0.5, 3] });
 * // { name: 'cyclicBounds', lr: 0.0333, maxLr: 0.0333, baseLr: 0.00833, index: 2, baseIndex: 1, loss: 0.5 }
 * cyclicBounds(curve, { maxDivisor: 1 }); // maxLr = the smoothed best point's rate itself
 */
export function cyclicBounds(curve: Curve, options: CyclicBoundsOptions = {}): CyclicBoundsSuggestion {
  const divisor = checkDivisor('cyclicBounds', options, 4, ['maxDivisor']);
  const maxDivisor = numberIn('cyclicBounds', 'maxDivisor', options.maxDivisor ?? (options.metric === 'higher-is-better' ? 1 : 3), { min: 1 });
  const { lrs, losses, y } = checkCurve('cyclicBounds', curve, 2, options);
  const { lr: maxLr, index } = stepBackFromBest(lrs, y, maxDivisor);
  const baseLr = maxLr / divisor;
  return { name: 'cyclicBounds', lr: maxLr, index, loss: losses[index], maxLr, baseLr, baseIndex: nearestIndex(lrs, baseLr) };
}

/** The rate at the best point (lowest `y`) / `divisor`, and the curve point nearest to it. */
function stepBackFromBest(lrs: readonly number[], y: readonly number[], divisor: number): { lr: number; index: number } {
  const lr = lrs[argmin(y)] / divisor;
  return { lr, index: nearestIndex(lrs, lr) };
}

/**
 * max_lr for a one-cycle schedule: the learning rate at the lowest (smoothed) loss divided by
 * `divisor` (default 3, about half a decade). One-cycle warms up from max_lr/25 and spends only the
 * middle of training near its peak, so it tolerates a peak close to the largest rate that still
 * trains (Smith 2018); the smoothed minimum lies slightly past that rate because the moving
 * average lags the raw loss, hence the step back. `index` is the curve point nearest to `lr`.
 *
 * @example
 * oneCycle({ lrs: [0.001, 0.01, 0.1, 1], losses: [2, 1, 0.5, 3] }); // lr ≈ 0.0333, index 2
 */
export function oneCycle(curve: Curve, options: OneCycleSuggestOptions = {}): Suggestion {
  const divisor = checkDivisor('oneCycle', options, 3);
  const { lrs, losses, y } = checkCurve('oneCycle', curve, 2, options);
  const { lr, index } = stepBackFromBest(lrs, y, divisor);
  return { name: 'oneCycle', lr, index, loss: losses[index] };
}
