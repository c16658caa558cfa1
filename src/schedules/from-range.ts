// Smith's rules (2017, section 3.3) for turning an LR range test into a cyclical schedule.
import { cyclic } from './cyclic.js';
import type { CycleOptions, CyclicOptions, Schedule } from './types.js';
import { knownOptions, inRange, positive, positiveInteger } from '../check/index.js';
import { SMITH } from './policy.js';

/**
 * Options of {@link cyclicFromRange}.
 *
 * @example
 * const o: CyclicFromRangeOptions = { maxLr: 0.04, itersPerEpoch: 469, divisor: 3 };
 */
export interface CyclicFromRangeOptions extends Omit<CycleOptions, 'stepSizeUp' | 'stepSizeDown'> {
  /** Upper bound read off the range test (where the loss stops falling / accuracy stops rising). */
  maxLr: number;
  /** Optimizer steps per epoch. */
  itersPerEpoch: number;
  /**
   * baseLr = maxLr / divisor, default 4, range [3, 10]: Smith's rule of thumb is 3-4; 10 is the
   * cautious choice when the test's lower end is unclear. Outside that, pass baseLr to cyclic().
   */
  divisor?: number;
  /** Half-cycle length in epochs, 2-10 (default 4). */
  stepSizeEpochs?: number;
}

/**
 * The {@link CyclicOptions} Smith's rules give: baseLr = maxLr / divisor (Smith 2017, 3.3:
 * "1/3 or 1/4 of max_lr"; 10 is the safer choice when the test's lower bound is unclear; below 3
 * a cycle is nearly a constant rate, above 10 its low end sits where the test showed little
 * learning) and
 * stepSizeUp = round(stepSizeEpochs * itersPerEpoch) with 2-10 epochs per half cycle (longer
 * half cycles trade a slower cycle for a smoother one; 4 is the middle ground the paper's
 * experiments use most).
 *
 * @example
 * cyclicOptionsFromRange({ maxLr: 0.04, itersPerEpoch: 100 });
 * // { baseLr: 0.01, maxLr: 0.04, stepSizeUp: 400 }
 */
export function cyclicOptionsFromRange(options: CyclicFromRangeOptions): CyclicOptions {
  const fn = 'cyclicFromRange()';
  const o = knownOptions(fn, options, [
    'maxLr',
    'itersPerEpoch',
    'divisor',
    'stepSizeEpochs',
    'mode',
    'gamma',
    'scaleFn',
    'scaleMode',
  ]) as unknown as CyclicFromRangeOptions;
  const maxLr = positive(fn, 'maxLr', o.maxLr);
  const itersPerEpoch = positiveInteger(fn, 'itersPerEpoch', o.itersPerEpoch);
  const divisor = inRange(fn, 'divisor', o.divisor ?? SMITH.baseDivisor, 3, 10);
  const stepSizeEpochs = inRange(fn, 'stepSizeEpochs', o.stepSizeEpochs ?? SMITH.halfCycleEpochs, 2, 10);
  const { maxLr: _m, itersPerEpoch: _i, divisor: _d, stepSizeEpochs: _s, ...cycle } = o;
  return {
    ...cycle,
    baseLr: maxLr / divisor,
    maxLr,
    // Whole steps, so each cycle starts and peaks exactly on an optimizer step.
    stepSizeUp: Math.max(1, Math.round(stepSizeEpochs * itersPerEpoch)),
  };
}

/**
 * A {@link cyclic} schedule from a range test's upper bound, by Smith's rules (see
 * {@link cyclicOptionsFromRange}). Its `toSpec` is the plain 'cyclic' spec it resolved to.
 *
 * @example
 * const lr = cyclicFromRange({ maxLr: 0.04, itersPerEpoch: 100, mode: 'triangular2' });
 * lr(0); // 0.01
 * lr(400); // 0.04
 */
export function cyclicFromRange(options: CyclicFromRangeOptions): Schedule {
  return cyclic(cyclicOptionsFromRange(options));
}
