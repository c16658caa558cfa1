// Line charts: several named series against a shared x (linesPlot), and a schedule's value per
// step (schedulePlot).
import type { TopLevelSpec } from 'vega-lite';
import { downsampleIndices, logTicks } from './scales.js';
import { checkSeries } from './series.js';
import { LOG_LABEL, SCHEMA } from './plot-common.js';
import { fail, finite, integer, object, oneOf, optional, string } from '../check/index.js';

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
  return lines('linesPlot', options);
}

/** {@link linesPlot}, its errors naming `fn` (the function the user called). */
function lines(fn: string, options: LinesPlotOptions): TopLevelSpec {
  object(fn, 'options', options);
  const { series, title } = options;
  if (!Array.isArray(series) || series.length === 0) fail(fn, 'series', 'a non-empty array of { name, y, x? }', series, TypeError);
  const scale = (k: string, v: unknown) => optional(v, 'linear' as const, (s) => oneOf(fn, k, s, ['linear', 'log'] as const));
  const xScale = scale('xScale', options.xScale);
  const yScale = scale('yScale', options.yScale);
  const text = (k: string, v: unknown, dflt: string) => optional(v, dflt, (s) => string(fn, k, s, true));
  text('title', title, '');
  const xTitle = text('xTitle', options.xTitle, 'x');
  const yTitle = text('yTitle', options.yTitle, 'y');
  const maxPoints = optional(options.maxPoints, 2000, (v) => integer(fn, 'maxPoints', v, 8));
  const width = optional(options.width, 560, (v) => integer(fn, 'width', v, 50, 4000));
  const height = optional(options.height, 300, (v) => integer(fn, 'height', v, 50, 4000));

  const rows: { series: string; x: number; y: number }[] = [];
  const seen = new Set<string>();
  series.forEach((s, si) => {
    const { name, xs, ys: yv } = checkSeries(fn, s, si, seen);
    const keep: number[] = [];
    yv.forEach((v, i) => {
      if (typeof v !== 'number') fail(fn, `series[${si}].y[${i}]`, 'a number', v, TypeError);
      const xv = finite(fn, `series[${si}].x[${i}]`, xs[i]);
      if (!Number.isFinite(v)) return;
      if (xScale === 'log' && xv <= 0) fail(fn, `series[${si}].x[${i}]`, 'a number > 0 on a log x axis', xv);
      if (yScale === 'log' && v <= 0) fail(fn, `series[${si}].y[${i}]`, 'a number > 0 on a log y axis', v);
      keep.push(i);
    });
    const ys = keep.map((i) => yv[i]);
    for (const j of downsampleIndices(ys, maxPoints)) rows.push({ series: name, x: xs[keep[j]], y: ys[j] });
  });
  if (rows.length === 0) fail(fn, 'series', 'series with at least one finite value to plot', series);

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
  const fn = 'schedulePlot';
  object(fn, 'options', options);
  const { series } = options;
  if (!Array.isArray(series) || series.length === 0) fail(fn, 'series', 'a non-empty array of { name, values }', series, TypeError);
  return lines(fn, {
    series: series.map((s, i) => {
      if (s === null || typeof s !== 'object' || !Array.isArray(s.values)) fail(fn, `series[${i}]`, 'an object { name, values: number[] }', s, TypeError);
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
