import { z } from 'zod';

/**
 * Bad command-line usage: the CLI prints the message and exits with code 2.
 *
 * @example
 * throw new UsageError('--batch-size must be a positive integer, got "abc"');
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes of the `lrkit` command. @example process.exitCode = EXIT.usage; */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

function flag(key: PropertyKey): string {
  return `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Validate commander's parsed options with a zod schema; every problem becomes a UsageError that
 * names the flag, the value given and what is expected.
 *
 * @example
 * const opts = parseOptions(z.object({ batchSize: z.coerce.number().int().positive() }), { batchSize: 'abc' });
 * // throws UsageError: invalid --batch-size "abc": expected an integer > 0 ...
 */
export function parseOptions<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const lines = r.error.issues.map((issue) => {
    const key = issue.path[0];
    if (key === undefined) return issue.message;
    const given = raw[key as string];
    return `invalid ${flag(key)} ${JSON.stringify(given)}: ${issue.message}`;
  });
  throw new UsageError(lines.join('\n'));
}

/** A decimal number as people type it: 3, -2.5, .5, 1e-3, 1.5E+2 (no hex, binary, octal or '_'). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A zod number read from a command-line string: rejects '', 'abc', '1e', '0x10' (z.coerce would
 * turn '' into 0, Number() '0x10' into 16) and explains the expectation in the message.
 *
 * @example
 * const lr = cliNumber('a number > 0').pipe(z.number().positive());
 */
export function cliNumber(expected: string) {
  return z
    .union([z.string(), z.number()])
    .transform((v, ctx) => {
      // Decimal only: Number() would also read '0x10' as 16, '0b11' as 3 and '0o7' as 7.
      const n = typeof v === 'number' ? v : DECIMAL.test(v.trim()) ? Number(v) : NaN;
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: `expected ${expected}` });
        return z.NEVER;
      }
      return n;
    });
}

/**
 * Number schemas with messages that say what is expected.
 *
 * @example
 * z.object({ epochs: num.posInt, lr: num.positive });
 */
export const num = {
  posInt: cliNumber('a positive integer').refine((n) => Number.isInteger(n) && n > 0, 'expected a positive integer'),
  nonNegInt: cliNumber('an integer >= 0').refine((n) => Number.isInteger(n) && n >= 0, 'expected an integer >= 0'),
  int: cliNumber('an integer').refine((n) => Number.isInteger(n), 'expected an integer'),
  positive: cliNumber('a number > 0').refine((n) => n > 0, 'expected a number > 0'),
  unit: cliNumber('a number in [0, 1)').refine((n) => n >= 0 && n < 1, 'expected a number in [0, 1)'),
};

/**
 * A zod enum whose error lists the allowed values.
 *
 * @example
 * oneOf(['exp', 'linear']).parse('exp');
 */
export function oneOf<T extends string>(values: readonly T[]) {
  return z.string().refine((v): v is T => (values as readonly string[]).includes(v), {
    message: `expected one of ${values.join(', ')}`,
  }) as unknown as z.ZodType<T, string>;
}
