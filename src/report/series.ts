// Input checks shared by linesPlot (vega-lite) and asciiLines (terminal).
import { fail, string } from '../check/index.js';

/**
 * Checks one `{ name, y, x? }` series (argument `series[si]` of `fn`) and returns its y values and x
 * values (default 0, 1, 2, ...). `seen` collects the names so far, to refuse a name given twice.
 *
 * @example
 * const { xs, ys } = checkSeries('linesPlot', { name: 'fixed', y: [0.1, 0.5] }, 0, new Set());
 */
export function checkSeries(fn: string, s: unknown, si: number, seen: Set<string>): { name: string; xs: readonly number[]; ys: readonly number[] } {
  const where = `series[${si}]`;
  if (s === null || typeof s !== 'object') fail(fn, where, 'an object { name, y, x? }', s, TypeError);
  const { x, y } = s as { x?: unknown; y: unknown };
  const name = string(fn, `${where}.name`, (s as { name: unknown }).name);
  if (seen.has(name)) fail(fn, `${where}.name`, 'distinct from the other series\' names', name);
  seen.add(name);
  if (!Array.isArray(y)) fail(fn, `${where}.y`, 'an array of numbers', y, TypeError);
  if (x !== undefined && (!Array.isArray(x) || x.length !== y.length)) fail(fn, `${where}.x`, `an array as long as y (${y.length}) or undefined`, x);
  const ys = y as readonly number[];
  return { name, ys, xs: (x as readonly number[] | undefined) ?? ys.map((_, i) => i) };
}
