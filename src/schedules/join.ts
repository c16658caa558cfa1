import { makeSchedule, specThunk } from './registry.js';
import type { Schedule, ScheduleSpec } from './types.js';
import { finite, show, fail, func } from '../check/index.js';

/**
 * Runs `schedules[0]` until `boundaries[0]`, then `schedules[1]` until `boundaries[1]`, and so
 * on (optax's `join_schedules`, PyTorch's `SequentialLR`). Each piece sees the steps since its own
 * boundary, so pieces are written as if they started at step 0:
 *
 *     v(t) = schedules[i](t - boundaries[i - 1])   where boundaries[i - 1] <= t < boundaries[i]
 *
 * Pieces may be any `(step) => number` function; only factory-made ones can be serialised.
 *
 * @example
 * // 10 warm-up steps, then cosine decay over 90 steps
 * const lr = join([linear({ start: 0, end: 0.1, steps: 10 }), cosine({ start: 0.1, steps: 90 })], [10]);
 * lr(10); // 0.1 (the cosine's step 0)
 */
export function join(schedules: readonly Schedule[], boundaries: readonly number[]): Schedule {
  const fn = 'join()';
  if (!Array.isArray(schedules) || schedules.length === 0) {
    fail(fn, 'schedules', 'a non-empty array of schedules', schedules, TypeError);
  }
  schedules.forEach((s, i) => {
    func(fn, `schedules[${i}]`, s, 'a function (step) => number');
  });
  if (!Array.isArray(boundaries) || boundaries.length !== schedules.length - 1) {
    fail(fn, 'boundaries', `an array of ${schedules.length - 1} step(s) (one fewer than schedules)`, boundaries);
  }
  boundaries.forEach((b, i) => {
    finite(fn, `boundaries[${i}]`, b);
    const prev = i === 0 ? 0 : boundaries[i - 1];
    if (!(b > prev)) {
      fail(fn, `boundaries[${i}]`, `> ${prev} (boundaries strictly increase from 0)`, b);
    }
  });
  const pieces = [...schedules];
  const bounds = [...boundaries];
  return makeSchedule(
    (t) => {
      let i = 0;
      while (i < bounds.length && t >= bounds[i]) i++;
      return pieces[i](i === 0 ? t : t - bounds[i - 1]);
    },
    () => ({
      type: 'join',
      schedules: pieces.map((piece, i): ScheduleSpec => {
        const thunk = specThunk(piece);
        if (!thunk) {
          throw new TypeError(`toSpec(): join schedules[${i}] is a plain function, not made by an lrkit factory`);
        }
        return thunk();
      }),
      boundaries: bounds,
    }),
  );
}
