// Input checks shared by linesPlot (vega-lite) and asciiLines (terminal).

/**
 * Checks one `{ name, y, x? }` series and returns its y values and x values (default 0, 1, 2, ...).
 * `seen` collects the names so far, to refuse a name given twice.
 *
 * @example
 * const { xs, ys } = checkSeries({ name: 'fixed', y: [0.1, 0.5] }, 0, new Set());
 */
export function checkSeries(s: unknown, si: number, seen: Set<string>): { name: string; xs: readonly number[]; ys: readonly number[] } {
  if (s === null || typeof s !== 'object') throw new TypeError(`series[${si}] must be an object { name, y, x? }, got ${String(s)}`);
  const { name, x, y } = s as { name: unknown; x?: unknown; y: unknown };
  if (typeof name !== 'string' || name === '') throw new TypeError(`series[${si}].name must be a non-empty string, got ${JSON.stringify(name)}`);
  if (seen.has(name)) throw new RangeError(`series names must be distinct, "${name}" appears twice`);
  seen.add(name);
  if (!Array.isArray(y)) throw new TypeError(`series "${name}": y must be an array of numbers, got ${typeof y}`);
  if (x !== undefined && (!Array.isArray(x) || x.length !== y.length)) {
    throw new RangeError(`series "${name}": x must be an array with the same length as y (${y.length}), got ${Array.isArray(x) ? `length ${x.length}` : typeof x}`);
  }
  const ys = y as readonly number[];
  return { name, ys, xs: (x as readonly number[] | undefined) ?? ys.map((_, i) => i) };
}
