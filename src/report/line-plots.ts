// Line charts: several named series against a shared x (linesPlot), and a schedule's value per
// step (schedulePlot).
import type { TopLevelSpec } from 'vega-lite';
import { downsampleIndices, logTicks } from './scales.js';
import { checkSeries } from './series.js';
import { checkOptions, checkSize, LOG_LABEL, SCHEMA } from './plot-common.js';

/**
 * One line of {@link linesPlot}: `y` values, against `x` (default 0, 1, 2, ...).
 *
 * @example
 * const s: LineSeries = { name: 'one-cycle', y: accuracies };
 */
export interface LineSeries {
  name: string;
  x?: readonly number[];
  y: readonly number[];
}

/**
 * Options of {@link linesPlot}.
 *
 * @example
 * linesPlot({ series, xTitle: 'iteration', yTitle: 'accuracy', yScale: 'linear' });
 */
export interface LinesPlotOptions {
  series: readonly LineSeries[];
  title?: string;
  xTitle?: string;
  yTitle?: string;
  xScale?: 'linear' | 'log';
  yScale?: 'linear' | 'log';
  width?: number;
  height?: number;
  /** Longer series are reduced (keeping each bucket's min and max) to about this many points. Default 2000. */
  maxPoints?: number;
  /** A dash pattern per series as well as a colour, so a line that lies on another stays visible. Default false. */
  dashes?: boolean;
}

/**
 * A generic multi-line chart (e.g. accuracy vs iteration for several schedules) as a vega-lite
 * spec, with linear or log axes. Non-finite y values are skipped; on a log axis values must be > 0.
 *
 * @example
 * const spec = linesPlot({
 *   series: [{ name: 'constant', y: accA }, { name: 'one-cycle', y: accB }],
 *   xTitle: 'iteration', yTitle: 'test accuracy',
 * });
 */
export function linesPlot(options: LinesPlotOptions): TopLevelSpec {
  checkOptions(options, 'linesPlot');
  const { series, title, xTitle = 'x', yTitle = 'y', xScale = 'linear', yScale = 'linear', maxPoints = 2000 } = options;
  if (!Array.isArray(series) || series.length === 0) throw new TypeError(`series must be a non-empty array of { name, y, x? }, got ${Array.isArray(series) ? 'an empty array' : typeof series}`);
  for (const [k, v] of [['xScale', xScale], ['yScale', yScale]] as const) {
    if (v !== 'linear' && v !== 'log') throw new RangeError(`${k} must be 'linear' or 'log', got ${JSON.stringify(v)}`);
  }
  for (const [k, v] of [['title', title], ['xTitle', xTitle], ['yTitle', yTitle]] as const) {
    if (v !== undefined && typeof v !== 'string') throw new TypeError(`${k} must be a string, got ${typeof v}`);
  }
  if (!Number.isInteger(maxPoints) || maxPoints < 8) throw new RangeError(`maxPoints must be an integer >= 8, got ${String(maxPoints)}`);
  const width = checkSize('width', options.width, 560);
  const height = checkSize('height', options.height, 300);

  const rows: { series: string; x: number; y: number }[] = [];
  const seen = new Set<string>();
  series.forEach((s, si) => {
    const { xs, ys: yv } = checkSeries(s, si, seen);
    const keep: number[] = [];
    yv.forEach((v, i) => {
      if (typeof v !== 'number') throw new TypeError(`series "${s.name}": y[${i}] must be a number, got ${typeof v}`);
      const xv = xs[i];
      if (typeof xv !== 'number' || !Number.isFinite(xv)) throw new TypeError(`series "${s.name}": x[${i}] must be a finite number, got ${String(xv)}`);
      if (!Number.isFinite(v)) return;
      if (xScale === 'log' && xv <= 0) throw new RangeError(`series "${s.name}": x[${i}] = ${xv} cannot be drawn on a log x axis (needs > 0)`);
      if (yScale === 'log' && v <= 0) throw new RangeError(`series "${s.name}": y[${i}] = ${v} cannot be drawn on a log y axis (needs > 0)`);
      keep.push(i);
    });
    const ys = keep.map((i) => yv[i]);
    for (const j of downsampleIndices(ys, maxPoints)) rows.push({ series: s.name, x: xs[keep[j]], y: ys[j] });
  });
  if (rows.length === 0) throw new RangeError('series hold no finite values to plot');

  const axisFor = (kind: 'linear' | 'log', vals: number[], t: string) => {
    if (kind === 'linear') return { scale: { zero: false }, axis: { title: t, grid: true } };
    const lo = Math.min(...vals);
    const hi = Math.max(...vals);
    return {
      scale: { type: 'log', domain: [lo, hi], nice: false },
      axis: { title: `${t} (log scale)`, values: logTicks(lo, hi), labelExpr: LOG_LABEL, grid: true },
    };
  };
  return {
    $schema: SCHEMA,
    ...(title !== undefined ? { title: { text: title, anchor: 'start' } } : {}),
    width,
    height,
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 2, clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', ...axisFor(xScale, rows.map((r) => r.x), xTitle) },
      y: { field: 'y', type: 'quantitative', ...axisFor(yScale, rows.map((r) => r.y), yTitle) },
      color: { field: 'series', type: 'nominal', scale: { scheme: 'tableau10' }, legend: series.length > 1 ? { title: null } : null },
      ...(options.dashes ? { strokeDash: { field: 'series', type: 'nominal', legend: series.length > 1 ? { title: null } : null } } : {}),
    },
    config: { view: { stroke: '#888888' } },
  } as TopLevelSpec;
}

/**
 * Options of {@link schedulePlot}: one or more named schedules sampled per step.
 *
 * @example
 * schedulePlot({ series: [{ name: 'lr', values: sample(oneCycle({ maxLr: 0.1, totalSteps: 1000 }), 1000) }] });
 */
export interface SchedulePlotOptions {
  series: readonly { name: string; values: readonly number[] }[];
  title?: string;
  xTitle?: string;
  yTitle?: string;
  yScale?: 'linear' | 'log';
  width?: number;
  height?: number;
}

/**
 * Learning-rate or momentum schedules against the optimizer step, as a vega-lite spec.
 * Peaks of cyclic schedules are kept when long series are thinned out.
 *
 * @example
 * const spec = schedulePlot({
 *   series: [{ name: 'lr', values: lrValues }, { name: 'momentum', values: momValues }],
 *   yTitle: 'value',
 * });
 */
export function schedulePlot(options: SchedulePlotOptions): TopLevelSpec {
  checkOptions(options, 'schedulePlot');
  const { series } = options;
  if (!Array.isArray(series) || series.length === 0) throw new TypeError(`series must be a non-empty array of { name, values }, got ${Array.isArray(series) ? 'an empty array' : typeof series}`);
  return linesPlot({
    series: series.map((s, i) => {
      if (s === null || typeof s !== 'object' || !Array.isArray(s.values)) {
        throw new TypeError(`series[${i}] must be { name, values: number[] }, got ${s === null ? 'null' : typeof s}`);
      }
      return { name: s.name, y: s.values };
    }),
    title: options.title,
    xTitle: options.xTitle ?? 'iteration',
    yTitle: options.yTitle ?? 'learning rate',
    yScale: options.yScale ?? 'linear',
    width: options.width,
    height: options.height,
  });
}
