// The one argument checker of lrkit: every area checks its options with these, so every error
// reads the same way: `fn: name must be <expected>, got <shown value>`, e.g.
// `triangular: stepSizeUp must be a positive integer, got 0`. TypeError when the value has the
// wrong type, RangeError when it has the right type but is out of range. Imports nothing.

/** An error class a check throws: TypeError (wrong type) or RangeError (out of range). */
export type CheckError = TypeErrorConstructor | RangeErrorConstructor;

/**
 * Formats a value for an error message: strings quoted, numbers as JS prints them (NaN,
 * Infinity, -0 as 0), short arrays of plain values listed, longer ones summarised, plain objects as
 * "an object", class instances by their class ("a Map", "an AbortController").
 */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) {
    const plain = value.length <= 8 && value.every((v) => v === null || ['number', 'string', 'boolean', 'undefined'].includes(typeof v));
    return plain ? `[${value.map(show).join(', ')}]` : `an array of length ${value.length}`;
  }
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof name !== 'string' || name === '' || name === 'Object') return 'an object';
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}

/** The one message format: `fn: name must be expected, got show(value)`. */
export function mustBe(fn: string, name: string, expected: string, value: unknown): string {
  return `${fn}: ${name} must be ${expected}, got ${show(value)}`;
}

/** Throws `Err` (RangeError by default) with the one message format. */
export function fail(fn: string, name: string, expected: string, value: unknown, Err: CheckError = RangeError): never {
  throw new Err(mustBe(fn, name, expected, value));
}

/** Where a number may lie: bounds (exclusive where `minOpen`/`maxOpen`), whole or not, ±Infinity or not. */
export interface Bounds {
  min?: number;
  max?: number;
  minOpen?: boolean;
  maxOpen?: boolean;
  /** Allow ±Infinity (within the bounds); default false: finite only. */
  infinite?: boolean;
  integer?: boolean;
}

/** The words for `b`: "a finite number > 0", "a number in [0, 1)", "an integer from 1 to 10". */
export function expectedFor(b: Bounds): string {
  const { min, max } = b;
  const lo = min === undefined ? '' : `${b.minOpen ? '>' : '>='} ${min}`;
  const hi = max === undefined ? '' : `${b.maxOpen ? '<' : '<='} ${max}`;
  if (b.integer) {
    if (min !== undefined && max !== undefined && !b.minOpen && !b.maxOpen) return `an integer from ${min} to ${max}`;
    return ['an integer', lo, hi && lo ? `and ${hi}` : hi].filter(Boolean).join(' ');
  }
  if (min !== undefined && max !== undefined) return `a number in ${b.minOpen ? '(' : '['}${min}, ${max}${b.maxOpen ? ')' : ']'}`;
  return [b.infinite ? 'a number' : 'a finite number', lo || hi].filter(Boolean).join(' ');
}

/**
 * A number within `b` (TypeError for a non-number, RangeError for NaN or a number outside);
 * -0 comes back as 0, so specs round-trip through JSON.
 */
export function numberIn(fn: string, name: string, value: unknown, b: Bounds = {}, expected = expectedFor(b)): number {
  if (typeof value !== 'number') fail(fn, name, expected, value, TypeError);
  const ok =
    !Number.isNaN(value) &&
    (b.infinite === true || Number.isFinite(value)) &&
    (b.min === undefined || (b.minOpen ? value > b.min : value >= b.min)) &&
    (b.max === undefined || (b.maxOpen ? value < b.max : value <= b.max)) &&
    (b.integer !== true || Number.isInteger(value));
  if (!ok) fail(fn, name, expected, value);
  return value + 0;
}

/** A number, NaN refused, ±Infinity allowed. */
export function number(fn: string, name: string, value: unknown, expected = 'a number'): number {
  return numberIn(fn, name, value, { infinite: true }, expected);
}

/** A finite number. */
export function finite(fn: string, name: string, value: unknown, expected = 'a finite number'): number {
  return numberIn(fn, name, value, {}, expected);
}

/** A finite number > 0. */
export function positive(fn: string, name: string, value: unknown): number {
  return numberIn(fn, name, value, { min: 0, minOpen: true });
}

/** A finite number >= 0. */
export function nonNegative(fn: string, name: string, value: unknown): number {
  return numberIn(fn, name, value, { min: 0 });
}

/** An integer in [min, max] (both bounds optional). */
export function integer(fn: string, name: string, value: unknown, min?: number, max?: number, expected?: string): number {
  const b: Bounds = { integer: true, min, max };
  return numberIn(fn, name, value, b, expected ?? expectedFor(b));
}

/** An integer >= 1. */
export function positiveInteger(fn: string, name: string, value: unknown): number {
  return numberIn(fn, name, value, { integer: true, min: 1 }, 'a positive integer');
}

/** An integer >= 0 (a count of steps, epochs, ...). */
export function nonNegativeInteger(fn: string, name: string, value: unknown): number {
  return numberIn(fn, name, value, { integer: true, min: 0 });
}

/** A finite number in [lo, hi] (either bound exclusive where `open` says so). */
export function inRange(fn: string, name: string, value: unknown, lo: number, hi: number, open: { lo?: boolean; hi?: boolean } = {}): number {
  return numberIn(fn, name, value, { min: lo, max: hi, minOpen: open.lo, maxOpen: open.hi });
}

/** The words for a choice: `"a" or "b"`, `one of "a", "b", "c"`. */
export function choices(allowed: readonly unknown[]): string {
  const shown = allowed.map(show);
  return shown.length <= 2 ? shown.join(' or ') : `one of ${shown.join(', ')}`;
}

/** One of the listed values (TypeError for a value of another type, RangeError for another string). */
export function oneOf<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[], expected = choices(allowed)): T {
  if (!(allowed as readonly unknown[]).includes(value)) fail(fn, name, expected, value, typeof value === 'string' ? RangeError : TypeError);
  return value as T;
}

/** A boolean. */
export function bool(fn: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') fail(fn, name, 'a boolean', value, TypeError);
  return value;
}

/** A string, non-empty unless `allowEmpty`. */
export function string(fn: string, name: string, value: unknown, allowEmpty = false): string {
  const expected = allowEmpty ? 'a string' : 'a non-empty string';
  if (typeof value !== 'string') fail(fn, name, expected, value, TypeError);
  if (value === '' && !allowEmpty) fail(fn, name, expected, value, TypeError);
  return value;
}

/** A function; `expected` may spell out its signature. */
export function func<F = (...args: never[]) => unknown>(fn: string, name: string, value: unknown, expected = 'a function'): F {
  if (typeof value !== 'function') fail(fn, name, expected, value, TypeError);
  return value as F;
}

/** A plain object (not null, not an array); undefined gives {} when `optional`. */
export function object(fn: string, name: string, value: unknown, optional = false): Record<string, unknown> {
  if (value === undefined && optional) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(fn, name, optional ? 'an object or undefined' : 'an object', value, TypeError);
  }
  return value as Record<string, unknown>;
}

/** Rejects keys not in `known` (TypeError), which catches typos such as `numIters`. */
export function knownKeys(fn: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(`${fn}: unknown option ${JSON.stringify(key)}; expected one of ${known.join(', ')}`);
    }
  }
}

/** An options object: a plain object (or undefined, giving {}, when `optional`) with only `known` keys. */
export function knownOptions(fn: string, value: unknown, known: readonly string[], optional = false): Record<string, unknown> {
  const o = object(fn, 'options', value, optional);
  knownKeys(fn, o, known);
  return o;
}

/** `low` <= `high` (RangeError naming both when not). */
export function ordered(fn: string, lowName: string, low: number, highName: string, high: number): void {
  if (low > high) fail(fn, lowName, `<= ${highName} (${show(high)})`, low);
}

/** Runs `check` on `value` unless it is undefined, in which case gives `fallback`. */
export function optional<T, F = T>(value: unknown, fallback: F, check: (v: unknown) => T): T | F {
  return value === undefined ? fallback : check(value);
}
