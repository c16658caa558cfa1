// How every surface writes a rate: three significant digits, compact exponent ("9.55e-2").

/**
 * A learning rate with three significant digits: `9.55e-2`, `1e-3`, `NaN`.
 *
 * @example
 * fmtRate(0.0955); // '9.55e-2'
 */
export function fmtRate(lr: number): string {
  return lr.toExponential(2).replace('e+', 'e'); // NaN and Infinity print as themselves
}
