// Small argument checks shared by the finder and the suggestions. Each error names the option,
// shows the bad value and says what is expected, so a caller can fix it without reading code.

/** Formats a value for an error message (strings quoted, arrays summarised, objects by class). */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  // Class instances by their class ("a Map", "an AbortController"); plain objects as "an object".
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  if (!name || name === 'Object') return 'an object';
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}

/** Throws TypeError unless `value` is a number, RangeError if it is NaN. */
export function requireNumber(name: string, value: unknown, expected: string): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be ${expected}; got ${show(value)}`);
  if (Number.isNaN(value)) throw new RangeError(`${name} must be ${expected}; got NaN`);
  return value;
}

/** A finite number > 0. */
export function requirePositive(name: string, value: unknown): number {
  const v = requireNumber(name, value, 'a finite number > 0');
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be a finite number > 0; got ${show(v)}`);
  return v;
}

/** An integer >= min. */
export function requireInteger(name: string, value: unknown, min: number): number {
  const v = requireNumber(name, value, `an integer >= ${min}`);
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer >= ${min}; got ${show(v)}`);
  return v;
}

/** One of a fixed set of strings. */
export function requireOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    const list = allowed.map((a) => JSON.stringify(a)).join(' or ');
    const err = typeof value === 'string' ? RangeError : TypeError;
    throw new err(`${name} must be ${list}; got ${show(value)}`);
  }
  return value as T;
}

/** Rejects keys that are not in `known`, which catches typos such as `numIters`. */
export function rejectUnknownKeys(what: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(`${what}: unknown option ${JSON.stringify(key)}; expected one of ${known.join(', ')}`);
    }
  }
}

/** A plain object (or undefined when `optional`). */
export function requireObject(name: string, value: unknown, optional: boolean): Record<string, unknown> {
  if (value === undefined && optional) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object${optional ? ' or undefined' : ''}; got ${show(value)}`);
  }
  return value as Record<string, unknown>;
}
