// Option checks shared by the factories. Every message names the factory, the option, the value
// received and what is expected, so a bad config is fixable from the error alone.

/** Formats a received value for an error message (strings quoted, NaN kept readable). */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Throws a TypeError when `options` is not a plain object or has keys outside `allowed`. */
export function checkKeys(fn: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${fn}: options must be an object, got ${show(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      // Typos such as `stepsizeUp` would otherwise fall back to a default silently.
      throw new TypeError(`${fn}: unknown option '${key}'; expected one of ${allowed.join(', ')}`);
    }
  }
  return options as Record<string, unknown>;
}

/** A finite number, else TypeError (not a number) / RangeError (NaN, ±Infinity). */
export function finite(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${fn}: ${name} must be a finite number, got ${show(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`${fn}: ${name} must be a finite number, got ${show(value)}`);
  }
  // JSON has no -0; folding it into 0 keeps fromSpec(toSpec(s)) bit-identical to s.
  return value === 0 ? 0 : value;
}

/** A finite number > 0. */
export function positive(fn: string, name: string, value: unknown): number {
  const v = finite(fn, name, value);
  if (!(v > 0)) throw new RangeError(`${fn}: ${name} must be > 0, got ${show(v)}`);
  return v;
}

/** A finite number >= 0. */
export function nonNegative(fn: string, name: string, value: unknown): number {
  const v = finite(fn, name, value);
  if (!(v >= 0)) throw new RangeError(`${fn}: ${name} must be >= 0, got ${show(v)}`);
  return v;
}

/** An integer >= 1. */
export function positiveInteger(fn: string, name: string, value: unknown): number {
  const v = finite(fn, name, value);
  if (!Number.isInteger(v) || v < 1) {
    throw new RangeError(`${fn}: ${name} must be a positive integer, got ${show(v)}`);
  }
  return v;
}

/** A finite number in [lo, hi] (bounds exclusive where `open` says so). */
export function inRange(
  fn: string,
  name: string,
  value: unknown,
  lo: number,
  hi: number,
  open: { lo?: boolean; hi?: boolean } = {},
): number {
  const v = finite(fn, name, value);
  const okLo = open.lo ? v > lo : v >= lo;
  const okHi = open.hi ? v < hi : v <= hi;
  if (!okLo || !okHi) {
    const range = `${open.lo ? '(' : '['}${lo}, ${hi}${open.hi ? ')' : ']'}`;
    throw new RangeError(`${fn}: ${name} must be in ${range}, got ${show(v)}`);
  }
  return v;
}

/** One of the listed strings. */
export function oneOf<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    const list = allowed.map((a) => `'${a}'`).join(' | ');
    const Err = typeof value === 'string' ? RangeError : TypeError;
    throw new Err(`${fn}: ${name} must be ${list}, got ${show(value)}`);
  }
  return value as T;
}

/** A boolean. */
export function bool(fn: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${fn}: ${name} must be a boolean, got ${show(value)}`);
  return value;
}

/** `low` <= `high`, naming `lowName` when it is not. */
export function ordered(fn: string, lowName: string, low: number, highName: string, high: number): void {
  if (low > high) {
    throw new RangeError(`${fn}: ${lowName} (${low}) must be <= ${highName} (${high})`);
  }
}

/** The step a schedule is called with: a finite number >= 0 (fractions allowed, for plots). */
export function checkStep(step: number): void {
  if (typeof step !== 'number' || !(step >= 0) || step === Infinity) {
    const Err = typeof step === 'number' ? RangeError : TypeError;
    throw new Err(`schedule: step must be a finite number >= 0, got ${show(step)}`);
  }
}
