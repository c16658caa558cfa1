// vega-lite spec of the lr_find picture (line charts and schedules: line-plots.ts).
// Pure functions returning specs: render them with renderSvg / renderPng.
import type { TopLevelSpec } from 'vega-lite';
import { assertCurve } from '../io/curve.js';
import { formatLr, interpLog, logTicks, startLevel } from './scales.js';
import { suggestionList, type SuggestionsInput } from './suggestions.js';
import { checkOptions, checkSize, LOG_LABEL, SCHEMA } from './plot-common.js';

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
  runs: readonly PlotRun[];
  /** A list of `{ name, lr }`, or `suggest.all(result)` itself (its valley, steep, minimum and slide are marked). */
  suggestions?: SuggestionsInput;
  title?: string;
  /** 'loss' (default) or an accuracy-like metric ('accuracy' / 'higher-is-better'): sets the y title and clipping side. */
  metric?: 'loss' | 'accuracy' | 'higher-is-better';
  yTitle?: string;
  width?: number;
  height?: number;
  /** Clip the y axis so the final blow-up of the loss does not flatten the interesting part. Default true. */
  clipY?: boolean;
}

// Fixed colours per suggestion name so the same method looks the same in every chart.
const SUGGESTION_COLORS: Record<string, string> = {
  valley: '#d62728', steep: '#2ca02c', minimum: '#9467bd', slide: '#ff7f0e',
  recommended: '#000000', 'one-cycle max': '#444444',
};
const EXTRA_COLORS = ['#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
const RUN_COLOR = '#1f77b4';
interface PreparedRun {
  name: string;
  /** finite points of the raw loss, sorted by lr */
  raw: { lr: number; v: number }[];
  /** finite points of the smoothed loss (or raw when no smoothing), sorted by lr */
  main: { lr: number; v: number }[];
  hasSmoothed: boolean;
}

function prepareRun(run: PlotRun, i: number): PreparedRun {
  assertCurve(run, `runs[${i}]`);
  const order = run.lrs.map((_, j) => j).sort((a, b) => run.lrs[a] - run.lrs[b]);
  const pick = (vals: readonly number[]) =>
    order.filter((j) => Number.isFinite(vals[j])).map((j) => ({ lr: run.lrs[j], v: vals[j] }));
  const raw = pick(run.losses);
  const main = run.smoothed ? pick(run.smoothed) : raw;
  if (main.length === 0) throw new RangeError(`runs[${i}] has no finite loss values to plot`);
  return { name: run.name ?? `run ${i + 1}`, raw, main, hasSmoothed: run.smoothed !== undefined };
}

/** min..max of the main curves over the lrs where at least two runs overlap. */
function bandRows(runs: PreparedRun[]): { lr: number; lo: number; hi: number }[] {
  let grid = [...new Set(runs.flatMap((r) => r.main.map((p) => p.lr)))].sort((a, b) => a - b);
  if (grid.length > 400) grid = Array.from({ length: 400 }, (_, k) => grid[Math.round((k * (grid.length - 1)) / 399)]);
  const series = runs.map((r) => ({ xs: r.main.map((p) => p.lr), ys: r.main.map((p) => p.v) }));
  const rows: { lr: number; lo: number; hi: number }[] = [];
  for (const lr of grid) {
    const vals = series.map((s) => interpLog(s.xs, s.ys, lr)).filter((v): v is number => v !== undefined);
    if (vals.length >= 2) rows.push({ lr, lo: Math.min(...vals), hi: Math.max(...vals) });
  }
  return rows;
}

/** y domain that keeps the start, the dip and the beginning of the blow-up visible. */
function yDomain(runs: PreparedRun[], higherIsBetter: boolean, clip: boolean): [number, number] {
  const all = runs.flatMap((r) => [...r.raw, ...r.main].map((p) => p.v));
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (clip) {
    // Reference: where the curves start (median of the first few smoothed points of each run).
    const starts = runs.map((r) => startLevel(r.main.map((p) => p.v)));
    const mains = runs.flatMap((r) => r.main.map((p) => p.v));
    if (!higherIsBetter) {
      const ref = Math.max(...starts);
      const span = ref - Math.min(...mains);
      if (span > 0) hi = Math.min(hi, ref + 0.75 * span);
    } else {
      const ref = Math.min(...starts);
      const span = Math.max(...mains) - ref;
      if (span > 0) lo = Math.max(lo, ref - 0.75 * span);
    }
  }
  if (hi === lo) {
    const d = Math.abs(hi) * 0.05 || 1;
    return [lo - d, hi + d];
  }
  const pad = (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
}

/**
 * The fastai `lr_find` picture as a vega-lite spec: loss (or accuracy) against the learning rate
 * on a log x axis, the raw loss faint and the smoothed loss bold, each suggestion marked with a
 * point, a dashed rule and a label such as "valley 3.2e-3". Several runs are drawn together with
 * their min..max band. The y axis is clipped (`clipY`) so the final divergence does not squash the curve.
 *
 * @example
 * const spec = lrFinderPlot({ runs: [result], suggestions: suggest.all(result) });
 * fs.writeFileSync('lr-finder.png', await renderPng(spec, { width: 1200 }));
 */
export function lrFinderPlot(options: LrFinderPlotOptions): TopLevelSpec {
  checkOptions(options, 'lrFinderPlot');
  const { runs, title, metric = 'loss', yTitle, clipY = true } = options;
  if (!Array.isArray(runs) || runs.length === 0) {
    throw new TypeError(`runs must be a non-empty array of curves ({ lrs, losses, smoothed? }), got ${Array.isArray(runs) ? 'an empty array' : typeof runs}`);
  }
  if (!['loss', 'accuracy', 'higher-is-better'].includes(metric)) {
    throw new RangeError(`metric must be 'loss', 'accuracy' or 'higher-is-better', got ${JSON.stringify(metric)}`);
  }
  if (title !== undefined && typeof title !== 'string') throw new TypeError(`title must be a string, got ${typeof title}`);
  if (yTitle !== undefined && typeof yTitle !== 'string') throw new TypeError(`yTitle must be a string, got ${typeof yTitle}`);
  if (typeof clipY !== 'boolean') throw new TypeError(`clipY must be a boolean, got ${JSON.stringify(clipY)}`);
  const width = checkSize('width', options.width, 560);
  const height = checkSize('height', options.height, 340);
  const suggestions = suggestionList(options.suggestions);
  const higherIsBetter = metric !== 'loss';
  const yName = yTitle ?? (higherIsBetter ? 'accuracy' : 'loss');

  const prepared = runs.map(prepareRun);
  const names = new Set(prepared.map((r) => r.name));
  if (names.size !== prepared.length) throw new RangeError(`runs must have distinct names, got ${JSON.stringify(prepared.map((r) => r.name))}`);
  const multi = prepared.length > 1;
  const anySmoothed = prepared.some((r) => r.hasSmoothed);
  const allLrs = prepared.flatMap((r) => r.raw.concat(r.main).map((p) => p.lr)).concat(suggestions.map((s) => s.lr));
  const xMin = Math.min(...allLrs);
  const xMax = Math.max(...allLrs);
  const [yLo, yHi] = yDomain(prepared, higherIsBetter, clipY);

  const x = {
    field: 'lr', type: 'quantitative' as const,
    scale: { type: 'log' as const, domain: [xMin, xMax], nice: false },
    axis: { title: 'learning rate (log scale)', values: logTicks(xMin, xMax), labelExpr: LOG_LABEL, grid: true },
  };
  const y = (field: string) => ({
    field, type: 'quantitative' as const,
    scale: { domain: [yLo, yHi], nice: false, zero: false },
    axis: { title: yName, grid: true },
  });
  const color = multi
    ? { field: 'run', type: 'nominal' as const, scale: { scheme: 'tableau10' }, legend: { title: 'run' } }
    : { value: RUN_COLOR };

  const layers: Record<string, unknown>[] = [];
  if (multi) {
    const band = bandRows(prepared);
    if (band.length > 0) {
      layers.push({
        data: { values: band },
        mark: { type: 'area', fillOpacity: 0.18, color: '#555555', clip: true },
        encoding: { x, y: y('lo'), y2: { field: 'hi' } },
      });
    }
  }
  if (anySmoothed) {
    layers.push({
      data: { values: prepared.flatMap((r) => r.raw.map((p) => ({ run: r.name, lr: p.lr, v: p.v }))) },
      mark: { type: 'line', strokeWidth: 1, strokeOpacity: 0.4, clip: true },
      encoding: { x, y: y('v'), color, detail: { field: 'run' } },
    });
  }
  layers.push({
    data: { values: prepared.flatMap((r) => r.main.map((p) => ({ run: r.name, lr: p.lr, v: p.v }))) },
    mark: { type: 'line', strokeWidth: 2.5, clip: true },
    encoding: { x, y: y('v'), color, detail: { field: 'run' } },
  });

  // Suggestions: colour by name, label rows assigned greedily so labels never overlap.
  const sorted = [...suggestions].sort((a, b) => a.lr - b.lr);
  const rowsRight: number[] = [];
  const ref = prepared[0];
  const logSpan = Math.log10(xMax) - Math.log10(xMin) || 1;
  let extra = 0;
  // Drawn in this order so halos and labels sit on top of every rule and point.
  const rules: Record<string, unknown>[] = [];
  const points: Record<string, unknown>[] = [];
  const texts: Record<string, unknown>[] = [];
  const colorOf = new Map<string, string>();
  for (const s of sorted) {
    const label = `${s.name} ${formatLr(s.lr)}`;
    if (!colorOf.has(s.name)) colorOf.set(s.name, SUGGESTION_COLORS[s.name] ?? EXTRA_COLORS[extra++ % EXTRA_COLORS.length]);
    const c = colorOf.get(s.name)!;
    const px = ((Math.log10(s.lr) - Math.log10(xMin)) / logSpan) * width;
    const textW = label.length * 6.6 + 6; // ~11px DejaVu Sans
    const alignRight = px + textW > width;
    const [left, right] = alignRight ? [px - textW, px] : [px, px + textW];
    let row = rowsRight.findIndex((end) => end < left);
    if (row < 0) row = rowsRight.length;
    rowsRight[row] = right;
    const py = higherIsBetter ? height - 8 - row * 15 : 12 + row * 15;

    // On the drawn curve at s.lr, not s.loss: fastai's "minimum" is lr_min/10 with the loss of lr_min,
    // which would float the marker off the line.
    let v = interpLog(ref.main.map((p) => p.lr), ref.main.map((p) => p.v), s.lr);
    if (v === undefined) v = s.lr < ref.main[0].lr ? ref.main[0].v : ref.main[ref.main.length - 1].v;
    v = Math.min(yHi, Math.max(yLo, v));
    const data = { values: [{ lr: s.lr, v, label }] };
    const textMark = { type: 'text', align: alignRight ? 'right' : 'left', dx: alignRight ? -4 : 4, fontSize: 11, fontWeight: 'bold', baseline: 'middle' };
    // The recommendation is drawn solid and bold; the rules dashed.
    const line = s.recommended ? { strokeWidth: 2.6, strokeOpacity: 0.9 } : { strokeDash: [5, 3], strokeWidth: 1.2, strokeOpacity: 0.8 };
    rules.push({ data, mark: { type: 'rule', color: c, ...line }, encoding: { x } });
    points.push({ data, mark: { type: 'point', filled: true, size: s.recommended ? 160 : 90, shape: s.recommended ? 'diamond' : 'circle', color: c, opacity: 1, stroke: 'white', strokeWidth: 1 }, encoding: { x, y: y('v') } });
    texts.push(
      // white halo first so a label stays readable where it crosses another rule or the curve
      {
        data,
        mark: { ...textMark, color: 'white', stroke: 'white', strokeWidth: 3, strokeJoin: 'round' },
        encoding: { x, y: { value: py }, text: { field: 'label' } },
      },
      { data, mark: { ...textMark, color: c }, encoding: { x, y: { value: py }, text: { field: 'label' } } },
    );
  }
  layers.push(...rules, ...points, ...texts);

  const subtitle = anySmoothed ? `thin: raw ${yName}, bold: smoothed${multi ? `, band: min..max of ${prepared.length} runs` : ''}` : undefined;
  return {
    $schema: SCHEMA,
    title: { text: title ?? 'Learning-rate range test', ...(subtitle ? { subtitle } : {}), anchor: 'start' },
    width,
    height,
    layer: layers,
    config: { view: { stroke: '#888888' } },
  } as unknown as TopLevelSpec;
}

export { linesPlot, schedulePlot } from './line-plots.js';
export type { LineSeries, LinesPlotOptions, SchedulePlotOptions } from './line-plots.js';
