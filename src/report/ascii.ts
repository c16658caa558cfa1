// Terminal charts with asciichart: the lr-finder curve on a log-lr axis, and schedules.
import asciichart from 'asciichart';
import { coreMetric, type RangeMetric } from '../finder/index.js';
import { bool, fail, finite, integer, object, optional, string } from '../check/index.js';
import { assertCurve, type CurveLike } from '../io/curve.js';
import { formatLr, interpLog, startLevel } from './scales.js';
import { checkSeries } from './series.js';
import { suggestionList, type SuggestionsInput } from './suggestions.js';

/**
 * Options of {@link asciiCurve} and {@link asciiSchedule}: chart size in terminal cells.
 *
 * @example
 * asciiCurve(result, suggestions, { width: 72, height: 14 });
 */
export interface AsciiChartOptions {
  /** Data columns (default 60). */
  width?: number;
  /** Rows of the plot area (default 12 for curves, 10 for schedules and lines). */
  height?: number;
}

/**
 * Options of {@link asciiCurve}: the chart size, and which side of the y range to clip.
 *
 * @example
 * asciiCurve(result, suggest.all(result), { metric: 'higher-is-better' });
 */
export interface AsciiCurveOptions extends AsciiChartOptions {
  /** 'loss' (default) clips the final blow-up above; 'higher-is-better' clips the collapse below. 'accuracy' is a deprecated alias ({@link coreMetric}). */
  metric?: RangeMetric | 'accuracy';
}

/** The chart size in terminal cells, checked for `fn`. */
function cells(fn: string, options: AsciiChartOptions, defaultHeight: number): { width: number; height: number } {
  object(fn, 'options', options);
  return {
    width: optional(options.width, 60, (v) => integer(fn, 'width', v, 10, 1000)),
    height: optional(options.height, defaultHeight, (v) => integer(fn, 'height', v, 3, 200)),
  };
}

// Fixed-width y labels keep the data columns at a known offset from the line start.
const yLabel = (x: number) => {
  const a = Math.abs(x);
  const s = a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(2) : x.toFixed(a >= 100 ? 1 : a >= 1 ? 3 : 4);
  return s.padStart(10);
};

interface Chart {
  lines: string[];
  /** string index of the y axis in each line; data column i is at axis + i */
  axis: number;
  rowOf: (v: number) => number;
}

function plot(values: number[] | number[][], height: number, lo: number, hi: number, colors?: string[]): Chart {
  const text = asciichart.plot(values, { height, min: lo, max: hi, format: yLabel, ...(colors ? { colors } : {}) });
  const lines = text.split('\n');
  // Colour codes would shift string indices, so the axis is found on the uncoloured label part.
  const axis = lines[0].search(/[┤┼]/);
  // Same arithmetic as asciichart uses to place a value, so markers land on the drawn line.
  const range = hi - lo;
  const ratio = range !== 0 ? height / range : 1;
  const min2 = Math.round(lo * ratio);
  const rows = Math.abs(Math.round(hi * ratio) - min2);
  return { lines, axis, rowOf: (v) => rows - (Math.round(v * ratio) - min2) };
}

function setChar(line: string, at: number, ch: string): string {
  const padded = line.length <= at ? line.padEnd(at + 1) : line;
  return padded.slice(0, at) + ch + padded.slice(at + 1);
}

/**
 * Draws a range-test curve in the terminal: the smoothed loss (raw when absent) resampled on a
 * log10(lr) axis, the y range clipped like the PNG plot, each suggestion marked with ● on the
 * curve and ^ under the axis, and one label row per suggestion such as `└ valley 3.2e-3`.
 * `suggestions` is a list of `{ name, lr }` or `suggest.all(result)` itself (its valley, steep,
 * minimum and slide are marked).
 *
 * @example
 * console.log(asciiCurve(result, suggest.all(result), { width: 60, height: 12 }));
 */
export function asciiCurve(
  curve: CurveLike,
  suggestionsInput: SuggestionsInput = [],
  options: AsciiCurveOptions = {},
): string {
  assertCurve(curve, 'curve', 'asciiCurve');
  const { width, height } = cells('asciiCurve', options, 12);
  const metric = coreMetric(options.metric, 'asciiCurve');
  const suggestions = suggestionList(suggestionsInput, { fn: 'asciiCurve' });
  const ys = curve.smoothed ?? curve.losses;
  const pts = curve.lrs
    .map((lr, i) => ({ lr, v: ys[i] }))
    .filter((p) => Number.isFinite(p.v))
    .sort((a, b) => a.lr - b.lr);
  if (pts.length < 2) fail('asciiCurve', curve.smoothed ? 'curve.smoothed' : 'curve.losses', 'an array with at least 2 finite values to draw', ys);
  const xs = pts.map((p) => p.lr);
  const vs = pts.map((p) => p.v);
  const lmin = Math.log10(xs[0]);
  const lmax = Math.log10(xs[xs.length - 1]);
  const span = lmax - lmin || 1;
  const grid = Array.from({ length: width }, (_, i) => 10 ** (lmin + (span * i) / (width - 1)));
  const sampled = grid.map((lr, i) => (i === 0 ? vs[0] : i === width - 1 ? vs[vs.length - 1] : interpLog(xs, vs, lr)!));

  // Clip the blow-up at the end (same idea as lrFinderPlot): cap at start + 0.75 * (start - min),
  // or for an accuracy-like metric floor at start - 0.75 * (max - start).
  let lo = Math.min(...sampled);
  const start = startLevel(vs);
  let hi = Math.max(...sampled);
  if (metric === 'loss' && start > lo) hi = Math.min(hi, start + 0.75 * (start - lo));
  if (metric !== 'loss' && hi > start) lo = Math.max(lo, start - 0.75 * (hi - start));
  if (hi === lo) hi = lo + (Math.abs(lo) * 0.1 || 1);
  const clamped = sampled.map((v) => Math.min(hi, Math.max(lo, v)));
  const chart = plot(clamped, height, lo, hi);
  const { axis } = chart;
  const lines = [...chart.lines];

  const colOf = (lr: number) => Math.min(width - 1, Math.max(0, Math.round(((Math.log10(lr) - lmin) / span) * (width - 1))));
  const marks = suggestions.map((s) => ({ s, col: colOf(s.lr) })).sort((a, b) => a.col - b.col);
  for (const { col } of marks) {
    const row = chart.rowOf(clamped[col]);
    if (row >= 0 && row < lines.length) lines[row] = setChar(lines[row], axis + col, '●');
  }
  // The recommendation's marks go last, so they stay visible where a rule shares their column.
  for (const { s, col } of marks) {
    const row = chart.rowOf(clamped[col]);
    if (s.recommended && row >= 0 && row < lines.length) lines[row] = setChar(lines[row], axis + col, '◆');
  }
  const pad = ' '.repeat(axis);
  lines.push(pad + '└' + '─'.repeat(width - 1));
  let markerRow = pad + ' '.repeat(width);
  for (const { col } of marks) markerRow = setChar(markerRow, axis + col, '^');
  for (const { s, col } of marks) if (s.recommended) markerRow = setChar(markerRow, axis + col, '▲');
  const left = formatLr(xs[0]);
  const right = formatLr(xs[xs.length - 1]);
  lines.push(markerRow.trimEnd());
  lines.push(`${pad}${left}${' '.repeat(Math.max(1, width - left.length - right.length))}${right}   (learning rate, log scale)`);
  // One label row per suggestion, rightmost first; │ carries the columns still waiting for a label.
  for (let k = marks.length - 1; k >= 0; k--) {
    let row = pad + ' '.repeat(width);
    for (let j = 0; j < k; j++) row = setChar(row, axis + marks[j].col, '│');
    row = row.slice(0, axis + marks[k].col) + `└ ${marks[k].s.name} ${formatLr(marks[k].s.lr, 2)}`;
    lines.push(row.trimEnd());
  }
  return lines.join('\n');
}

/**
 * Draws a schedule (values per optimizer step) in the terminal, sampled to `width` columns,
 * with the first and last step under the x axis.
 *
 * @example
 * console.log(asciiSchedule(sample(oneCycle({ maxLr: 0.1, totalSteps: 500 }), 500)));
 */
export function asciiSchedule(values: readonly number[], options: AsciiChartOptions = {}): string {
  if (!Array.isArray(values)) fail('asciiSchedule', 'values', 'an array of numbers', values, TypeError);
  if (values.length < 2) fail('asciiSchedule', 'values', 'an array of at least 2 steps', values);
  values.forEach((v, i) => finite('asciiSchedule', `values[${i}]`, v));
  const { width, height } = cells('asciiSchedule', options, 10);
  const n = values.length;
  const cols = Math.min(width, n);
  // Evenly spaced steps, first and last included.
  const sampled = Array.from({ length: cols }, (_, i) => values[Math.round((i * (n - 1)) / (cols - 1))]);
  let lo = Math.min(...sampled);
  let hi = Math.max(...sampled);
  if (hi === lo) {
    const d = Math.abs(lo) * 0.1 || 1;
    lo -= d;
    hi += d;
  }
  const chart = plot(sampled, height, lo, hi);
  const pad = ' '.repeat(chart.axis);
  const last = `step ${n - 1}`;
  return [
    ...chart.lines,
    pad + '└' + '─'.repeat(cols - 1),
    pad + 'step 0' + ' '.repeat(Math.max(1, cols - 6 - last.length)) + last,
  ].join('\n');
}

/**
 * One line of {@link asciiLines}: `y` against `x` (default 0, 1, 2, ...).
 *
 * @example
 * const s: AsciiSeries = { name: 'one-cycle', x: steps, y: accuracies };
 */
export interface AsciiSeries {
  name: string;
  x?: readonly number[];
  y: readonly number[];
}

/**
 * Options of {@link asciiLines}: chart size, ANSI colours, and the x axis title.
 *
 * @example
 * asciiLines(series, { width: 60, height: 10, color: process.stdout.isTTY, xTitle: 'iteration' });
 */
export interface AsciiLinesOptions extends AsciiChartOptions {
  /** Draw each series in its own ANSI colour (default false: plain text, e.g. for logs). */
  color?: boolean;
  /** Text after the x range under the axis (default 'x'). */
  xTitle?: string;
}

const ANSI = [asciichart.blue, asciichart.red, asciichart.green, asciichart.magenta, asciichart.cyan, asciichart.yellow];

/**
 * Draws several series against a shared linear x axis in the terminal (e.g. test accuracy per
 * iteration for each schedule of `lrkit compare`). Each series is resampled to `width` columns by
 * linear interpolation over its finite points and held flat outside its own x range; a legend
 * names the series (numbered, and coloured with `color`).
 *
 * @example
 * console.log(asciiLines([{ name: 'fixed', x: [0, 50, 100], y: [0.1, 0.8, 0.9] }, { name: 'one-cycle', x: [0, 50, 100], y: [0.1, 0.85, 0.95] }]));
 */
export function asciiLines(series: readonly AsciiSeries[], options: AsciiLinesOptions = {}): string {
  const fn = 'asciiLines';
  const { width, height } = cells(fn, options, 10);
  const color = optional(options.color, false, (v) => bool(fn, 'color', v));
  const xTitle = optional(options.xTitle, 'x', (v) => string(fn, 'xTitle', v, true));
  if (!Array.isArray(series) || series.length === 0) fail(fn, 'series', 'a non-empty array of { name, y, x? }', series, TypeError);
  const seen = new Set<string>();
  const pts = series.map((s, si) => {
    const { xs, ys } = checkSeries(fn, s, si, seen);
    const p = xs.map((x, i) => ({ x, y: ys[i] })).filter((q) => Number.isFinite(q.x) && Number.isFinite(q.y)).sort((a, b) => a.x - b.x);
    if (p.length === 0) fail(fn, `series[${si}].y`, 'an array with at least one finite (x, y) point to draw', ys);
    return p;
  });
  const xLo = Math.min(...pts.map((p) => p[0].x));
  const xHi = Math.max(...pts.map((p) => p[p.length - 1].x));
  const grid = Array.from({ length: width }, (_, i) => xLo + ((xHi - xLo) * i) / (width - 1));
  const rows = pts.map((p) =>
    grid.map((g) => {
      const j = p.findIndex((q) => q.x >= g);
      if (j < 0) return p[p.length - 1].y;
      if (j === 0 || p[j].x === g) return p[j].y;
      const a = p[j - 1];
      const b = p[j];
      return a.y + ((b.y - a.y) * (g - a.x)) / (b.x - a.x);
    }),
  );
  let lo = Math.min(...rows.flat());
  let hi = Math.max(...rows.flat());
  if (hi === lo) {
    const d = Math.abs(lo) * 0.1 || 1;
    lo -= d;
    hi += d;
  }
  const chart = plot(rows, height, lo, hi, color ? rows.map((_, i) => ANSI[i % ANSI.length]) : undefined);
  const pad = ' '.repeat(chart.axis);
  const fmt = (x: number) => String(Number(x.toPrecision(4)));
  const left = fmt(xLo);
  const right = fmt(xHi);
  const legend = series.map((s, i) => (color ? `${ANSI[i % ANSI.length]}━━${asciichart.reset} ` : '') + `${i + 1}=${s.name}`);
  return [
    ...chart.lines,
    pad + '└' + '─'.repeat(width - 1),
    `${pad}${left}${' '.repeat(Math.max(1, width - left.length - right.length))}${right}   (${xTitle})`,
    pad + legend.join('  '),
  ].join('\n');
}
