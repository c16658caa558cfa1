import type { Schedule } from './types.js';
import { knownOptions, nonNegative, positive, show, func, nonNegativeInteger } from '../check/index.js';

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
  func(fn, 'schedule', schedule, 'a function (step) => number');
  nonNegativeInteger(fn, 'n', n);
  knownOptions(fn, options, ['start', 'stride']);
  const start = nonNegative(fn, 'start', options.start ?? 0);
  const stride = positive(fn, 'stride', options.stride ?? 1);
  return Array.from({ length: n }, (_, i) => schedule(start + i * stride));
}
