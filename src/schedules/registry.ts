// Schedules stay plain functions; their JSON form lives beside them in a WeakMap so that
// `toSpec` works without wrapping objects and without keeping dead schedules alive.
import type { Schedule, ScheduleSpec } from './types.js';
import { fail } from '../check/index.js';

/** The step a schedule is called with: a finite number >= 0 (fractions allowed, for plots). */
function checkStep(step: number): void {
  if (typeof step !== 'number' || !(step >= 0) || step === Infinity) {
    fail('schedule', 'step', 'a finite number >= 0', step, typeof step === 'number' ? RangeError : TypeError);
  }
}

const specs = new WeakMap<Schedule, () => ScheduleSpec>();

/**
 * Wraps a formula as a Schedule (checking the step) and records how to serialise it.
 * `spec` is a thunk so that unserialisable pieces (custom scaleFn) fail only in toSpec.
 */
export function makeSchedule(formula: (step: number) => number, spec: () => ScheduleSpec): Schedule {
  const schedule: Schedule = (step: number) => {
    checkStep(step);
    return formula(step);
  };
  specs.set(schedule, spec);
  return schedule;
}

/** The spec thunk recorded for `schedule`, or undefined for a plain function. */
export function specThunk(schedule: Schedule): (() => ScheduleSpec) | undefined {
  return specs.get(schedule);
}
