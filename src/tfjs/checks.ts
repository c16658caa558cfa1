// Argument checks for the tfjs adapter: every error names the option, shows the value and says
// what is expected.

import { show } from '../finder/validate.js';

/** Formats a value for an error message: the core's formatter, under the name the adapter uses. */
export const describe = show;

/** An integer >= min, or the default when undefined. */
export function integerOption(name: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    const err = typeof value === 'number' ? RangeError : TypeError;
    throw new err(`${name} must be an integer >= ${min}, got ${describe(value)}`);
  }
  return value;
}

/** A boolean, or the default when undefined. */
export function booleanOption(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(value)}`);
  return value;
}
