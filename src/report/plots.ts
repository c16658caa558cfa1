// vega-lite spec of the lr_find picture (line charts and schedules: line-plots.ts).
// Pure functions returning specs: render them with renderSvg / renderPng.
import type { TopLevelSpec } from 'vega-lite';
import { coreMetric, type RangeMetric } from '../finder/index.js';
import { assertCurve } from '../io/curve.js';
import { analyzeCurve, fmtRate, valueAt, type Analysis } from '../analysis/index.js';
import { logTicks } from './scales.js';
import { suggestionList, type SuggestionsInput } from './suggestions.js';
import { LOG_LABEL, SCHEMA } from './plot-common.js';
import { bool, fail, integer, object, optional, string } from '../check/index.js';
import { plotData } from './plot-data.js';

export type { PlotSuggestion, SuggestionsInput, SuggestionSetLike } from './suggestions.js';


/**
 * One range-test curve to draw (a RangeTestResult fits); `name` labels it when several are drawn.
 *
 * @example
 * const run: PlotRun = { lrs: result.lrs, losses: result.losses, smoothed: result.smoothed, name: 'seed 1' };
 */
export interface PlotRun {
  lrs: readonly number[];
  losses: readonly number[];
  smoothed?: readonly number[];
  name?: string;
}

/**
 * Options of {@link lrFinderPlot}.
 *
 * @example
 * lrFinderPlot({ runs: [result], suggestions, title: 'MNIST MLP, SGD' });
 */
export interface LrFinderPlotOptions {
  /** The analysis to draw (`analyzeCurve(...)`, or a `findLearningRate` result's `analysis`): its curves and its markers. */
  analysis?: Analysis;
  /** Curves to analyse and draw when no `analysis` is given: the same as `analysis: analyzeCurve(runs)`. */
  runs?: readonly PlotRun[];
  /**
   * More rates to mark, drawn dashed beside the recommendation (e.g. fastai's rules, on request):
   * a list of `{ name, lr }`, or `suggest.all(result)` / `analysis.fastai` (valley, steep, minimum, slide).
   */
  suggestions?: SuggestionsInput;
  /** Also draw the range test's moving average (the EMA, which lags the raw loss). Default false. */
  showEma?: boolean;
  title?: string;
  /** 'loss' (default) or 'higher-is-better' (an accuracy): sets the y title and clipping side. 'accuracy' is a deprecated alias ({@link coreMetric}). */
  metric?: RangeMetric | 'accuracy';
  yTitle?: string;
  width?: number;
  height?: number;
  /** Clip the y axis so the final blow-up of the loss does not flatten the interesting part. Default true. */
  clipY?: boolean;
}

// The recommendation's markers and the extra ones, in the order of the legend.
const MARKER_COLORS: Record<string, string> = { constant: '#d62728', oneCycle: '#2ca02c' };
const EXTRA_COLORS = ['#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
const RUN_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#bab0ac', '#e15759'];
const CENTRED = '#1f77b4';
const FASTAI_RULES = ['valley', 'steep', 'minimum', 'slide'];

/** The runs given without an analysis, checked and analysed (the answer comes from analyzeCurve, as everywhere). */
function analysisOf(fn: string, runs: readonly PlotRun[], m: RangeMetric): Analysis {
  runs.forEach((r, i) => {
    assertCurve(r, `runs[${i}]`, fn);
    if (!r.losses.some(Number.isFinite)) fail(fn, `runs[${i}].losses`, 'an array with at least one finite value to plot', r.losses);
  });
  const names = runs.map((r, i) => r.name ?? `run ${i + 1}`);
  if (new Set(names).size !== names.length) fail(fn, 'the names of runs', 'distinct', names);
  const list = runs.map((r, i) => ({ lrs: r.lrs, losses: r.losses, ...(r.smoothed ? { smoothed: r.smoothed } : {}), name: names[i], metric: m } as const));
  return analyzeCurve(list.length === 1 ? list[0] : list, { metric: m });
}

/**
 * The fastai `lr_find` picture, as clear as fastai's one red dot: loss (or accuracy) against the
 * learning rate on a log x axis; bold, the lag-free centred curve the recommendation reads; faint,
 * the raw values; the range test's EMA only with `showEma`. One marker per recommended use
 * (constant rate, one-cycle peak) sits on the bold curve, named in the legend below the plot, so no
 * label crosses a line. With several runs each run is faint and the median is bold. Rates in
 * `suggestions` (fastai's rules, on request) are drawn dashed. The y range comes from the curve up
 * to its blow-up (`clipY`); values beyond it are drawn at the edge and the subtitle says how many;
 * a line ends where it first leaves the range on the blow-up side.
 *
 * @example
 * const spec = lrFinderPlot({ analysis: result.analysis, title: 'MNIST MLP, SGD' });
 * fs.writeFileSync('lr-finder.png', await renderPng(spec, { width: 1200 }));
 */
export function lrFinderPlot(options: LrFinderPlotOptions): TopLevelSpec {
  return finderPlot('lrFinderPlot', options);
}

/** {@link lrFinderPlot}, its errors naming `fn` (the function the user called: lrFinderPlot, runsPlot). */
export function finderPlot(fn: string, options: LrFinderPlotOptions): TopLevelSpec {
  object(fn, 'options', options);
  const { runs, analysis } = options;
  if (analysis === undefined && (!Array.isArray(runs) || runs.length === 0)) {
    fail(fn, 'runs', 'a non-empty array of curves ({ lrs, losses, smoothed? })', runs, TypeError);
  }
  if (analysis !== undefined && (analysis === null || typeof analysis !== 'object' || !Array.isArray(analysis.curves))) {
    fail(fn, 'analysis', 'what analyzeCurve() returns', analysis, TypeError);
  }
  const metric = coreMetric(options.metric, fn);
  const title = optional(options.title, undefined, (v) => string(fn, 'title', v, true));
  const yTitle = optional(options.yTitle, undefined, (v) => string(fn, 'yTitle', v, true));
  const clipY = optional(options.clipY, true, (v) => bool(fn, 'clipY', v));
  const showEma = optional(options.showEma, false, (v) => bool(fn, 'showEma', v));
  const width = optional(options.width, 560, (v) => integer(fn, 'width', v, 50, 4000));
  const height = optional(options.height, 340, (v) => integer(fn, 'height', v, 50, 4000));
  const extra = suggestionList(options.suggestions, { fn });
  const a = analysis ?? analysisOf(fn, runs!, metric);
  const higherIsBetter = a.metric === 'higher-is-better' || metric !== 'loss';
  const yName = yTitle ?? (higherIsBetter ? 'accuracy' : 'loss');
  const { rows, domain, xDomain, clipped } = plotData(a, { clip: clipY, ema: showEma });
  const multi = a.curves.length > 1;
  const lead = a.median ?? a.curves[0];
  const xs = [xDomain[0], xDomain[1], ...extra.map((s) => s.lr)];
  const xMin = xs.reduce((m, v) => Math.min(m, v), Infinity);
  const xMax = xs.reduce((m, v) => Math.max(m, v), -Infinity);

  // One legend for lines and markers: each entry's name and colour.
  const keys: string[] = [];
  const colors: string[] = [];
  const key = (name: string, color: string) => {
    if (!keys.includes(name)) {
      keys.push(name);
      colors.push(color);
    }
    return name;
  };
  const centredName = multi ? `median of ${a.curves.length} runs (centred)` : `${yName}, centred: what the rules read`;
  const roleName = (r: (typeof rows)[number]): string => {
    if (r.role === 'centred') return key(centredName, CENTRED);
    if (r.role === 'raw') return key(`${yName}, raw`, '#9ecae1');
    if (r.role === 'ema') return key(`${yName}, EMA (the range test's smoothing)`, '#ff7f0e');
    const i = a.curves.findIndex((c) => c.name === r.series);
    return key(r.series, RUN_COLORS[i % RUN_COLORS.length]);
  };
  const lineRows = rows.map((r) => ({ ...r, key: roleName(r) }));
  const at = (lr: number) => {
    const v = valueAt(lead.lrs, lead.centred, lr) ?? (lr < lead.lrs[0] ? lead.centred[0] : lead.centred[lead.centred.length - 1]);
    return Math.min(domain[1], Math.max(domain[0], v));
  };
  const marks = [
    ...a.markers.map((m) => ({ key: key(m.label, MARKER_COLORS[m.use]), lr: m.lr, v: at(m.lr), recommended: true })),
    ...extra.map((s, i) => ({ key: key(`${FASTAI_RULES.includes(s.name) ? 'fastai ' : ''}${s.name} ${fmtRate(s.lr)}`, EXTRA_COLORS[i % EXTRA_COLORS.length]), lr: s.lr, v: at(s.lr), recommended: s.recommended === true })),
  ];

  const x = {
    field: 'lr', type: 'quantitative' as const,
    scale: { type: 'log' as const, domain: [xMin, xMax], nice: false },
    axis: { title: 'learning rate (log scale)', values: logTicks(xMin, xMax), labelExpr: LOG_LABEL, grid: true },
  };
  const y = { field: 'v', type: 'quantitative' as const, scale: { domain, nice: false, zero: false }, axis: { title: yName, grid: true } };
  const color = {
    field: 'key', type: 'nominal' as const, scale: { domain: keys, range: colors },
    legend: { title: null, orient: 'bottom', direction: 'vertical', columns: 2, labelLimit: 300, symbolStrokeWidth: 3 },
  };
  const line = (role: string, mark: Record<string, unknown>) => ({
    data: { values: lineRows.filter((r) => r.role === role) },
    mark: { type: 'line', clip: true, ...mark },
    encoding: { x, y, color, detail: { field: 'series' } },
  });
  const layers: Record<string, unknown>[] = [
    line('raw', { strokeWidth: 1, strokeOpacity: 0.55 }),
    line('run', { strokeWidth: 1.2, strokeOpacity: 0.45 }),
    line('ema', { strokeWidth: 1.2, strokeDash: [2, 2] }),
    line('centred', { strokeWidth: 2.5 }),
  ].filter((l) => (l.data.values as unknown[]).length > 0);
  for (const m of marks) {
    const data = { values: [m] };
    const rule = m.recommended ? { strokeWidth: 1.5, strokeOpacity: 0.7 } : { strokeDash: [5, 3], strokeWidth: 1.2, strokeOpacity: 0.8 };
    layers.push({ data, mark: { type: 'rule', ...rule }, encoding: { x, color } });
  }
  for (const m of marks) {
    layers.push({
      data: { values: [m] },
      mark: { type: 'point', filled: true, size: m.recommended ? 170 : 90, shape: m.recommended ? 'diamond' : 'circle', opacity: 1, stroke: 'white', strokeWidth: 1 },
      encoding: { x, y, color },
    });
  }
  const note = clipped > 0 ? `${clipped} point(s) beyond the ${higherIsBetter ? 'bottom' : 'top'} of the range: the lines end at its edge` : undefined;
  const subtitle = note ? [a.headline, note] : a.headline;
  return {
    $schema: SCHEMA,
    title: { text: title ?? 'Learning-rate range test', subtitle, anchor: 'start' },
    width,
    height,
    layer: layers,
    config: { view: { stroke: '#888888' } },
  } as unknown as TopLevelSpec;
}

export { linesPlot, schedulePlot } from './line-plots.js';
export type { LineSeries, LinesPlotOptions, SchedulePlotOptions } from './line-plots.js';
