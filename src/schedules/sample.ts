import type { Schedule } from './types.js';
import { checkKeys, nonNegative, positive, show } from './validate.js';

/** Where {@link sample} starts and how far apart its steps are. @example const o: SampleOptions = { start: 100, stride: 10 }; */
export interface SampleOptions {
  /** First step (default 0). */
  start?: number;
  /** Distance between sampled steps (default 1). */
  stride?: number;
}

/**
 * Values of `schedule` at `n` steps `start, start + stride, ...` (for plots and tables).
 *
 * @example
 * sample(linear({ start: 0, end: 1, steps: 4 }), 5); // [0, 0.25, 0.5, 0.75, 1]
 * sample(lr, 10, { start: 0, stride: 100 }); // every 100th step
 */
export function sample(schedule: Schedule, n: number, options: SampleOptions = {}): number[] {
  const fn = 'sample()';
  if (typeof schedule !== 'function') {
    throw new TypeError(`${fn}: schedule must be a function (step) => number, got ${show(schedule)}`);
  }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    const Err = typeof n === 'number' ? RangeError : TypeError;
    throw new Err(`${fn}: n must be an integer >= 0, got ${show(n)}`);
  }
  checkKeys(fn, options, ['start', 'stride']);
  const start = nonNegative(fn, 'start', options.start ?? 0);
  const stride = positive(fn, 'stride', options.stride ?? 1);
  return Array.from({ length: n }, (_, i) => schedule(start + i * stride));
}
