import { fail, integer, oneOf, positive, show } from '../check/index.js';

/** How the learning rate grows during a range test: geometrically (`'exp'`) or by equal steps. */
export type RangeMode = 'exp' | 'linear';

/** The part of the range-test options that fixes the learning-rate sequence. */
export interface LrRange {
  startLr: number;
  endLr: number;
  numIter: number;
  mode: RangeMode;
}

/**
 * Checks a learning-rate range and throws RangeError/TypeError naming the bad option.
 * Also rejects ranges so narrow that consecutive learning rates would round to the same number.
 *
 * @example
 * checkLrRange({ startLr: 1e-7, endLr: 10, numIter: 100, mode: 'exp' }); // ok
 * checkLrRange({ startLr: 1, endLr: 0.1, numIter: 100, mode: 'exp' });   // RangeError: endLr ...
 */
export function checkLrRange(range: LrRange, fn = 'checkLrRange'): LrRange {
  const startLr = positive(fn, 'startLr', range.startLr);
  const endLr = positive(fn, 'endLr', range.endLr);
  if (endLr <= startLr) fail(fn, 'endLr', `greater than startLr (${show(startLr)})`, endLr);
  const numIter = integer(fn, 'numIter', range.numIter, 2);
  const mode = oneOf(fn, 'mode', range.mode, ['exp', 'linear'] as const);
  // Relative growth per iteration; below ~1e-12 rounding could make two learning rates equal.
  const growth = mode === 'exp'
    ? Math.expm1(Math.log(endLr / startLr) / (numIter - 1))
    : (endLr - startLr) / (numIter - 1) / endLr;
  if (!(growth > 1e-12)) {
    throw new RangeError(
      `${fn}: numIter (${numIter}) is too large for the range startLr=${show(startLr)}..endLr=${show(endLr)}: ` +
        'consecutive learning rates would be equal; widen the range or use fewer iterations',
    );
  }
  return { startLr, endLr, numIter, mode };
}

/**
 * Learning rate of iteration `i` (0-based) of a range test:
 * `startLr * (endLr/startLr)^(i/(numIter-1))` for `'exp'`, `startLr + (endLr-startLr)*i/(numIter-1)`
 * for `'linear'`. Iteration 0 is exactly `startLr` and iteration `numIter-1` exactly `endLr`.
 *
 * @example
 * lrAt(0, { startLr: 1e-4, endLr: 1, numIter: 5, mode: 'exp' });  // 1e-4
 * lrAt(2, { startLr: 1e-4, endLr: 1, numIter: 5, mode: 'exp' });  // 0.01
 * lrAt(4, { startLr: 1e-4, endLr: 1, numIter: 5, mode: 'exp' });  // 1
 */
export function lrAt(i: number, range: LrRange): number {
  const { startLr, endLr, numIter, mode } = checkLrRange(range, 'lrAt');
  integer('lrAt', 'i', i, 0, numIter - 1, `an integer from 0 to ${numIter - 1} (numIter - 1)`);
  return lrAtUnchecked(i, startLr, endLr, numIter, mode);
}

/** lrAt without the checks, for the range test's inner loop (options are checked once up front). */
export function lrAtUnchecked(i: number, startLr: number, endLr: number, numIter: number, mode: RangeMode): number {
  // Pin both ends so callers can rely on exact equality with the options they passed.
  if (i === 0) return startLr;
  if (i === numIter - 1) return endLr;
  const t = i / (numIter - 1);
  return mode === 'exp' ? startLr * Math.pow(endLr / startLr, t) : startLr + (endLr - startLr) * t;
}
