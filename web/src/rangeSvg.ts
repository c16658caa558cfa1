// The range-test plot as a file (SVG, PNG): what the chart shows, drawn by vega-lite through the
// designer's export path (svg.ts), with the recommendation in the title and a legend for every line
// and marker. Loaded on demand, like the schedule's export.
import type { TopLevelSpec } from 'vega-lite';
import { COLORS } from './finderChart.js';
import { chartMarkers, type ResultView } from './resultView.js';
import { specSvg, svgPng } from './svg.js';

type PlotState = ResultView['shown'];

/** Log-axis labels at whole decades only, written as the chart writes them (`1e-3`, not `1e-03` or `1e+0`). */
const DECADES = "abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) < 1e-6 ? replace(format(datum.value, '.0e'), 'e+', 'e') : ''";

/** The vega-lite spec of the plot: lines (compared curves, raw, EMA when shown, centred), then the markers. */
export function rangeTestSpec(state: PlotState): TopLevelSpec {
  const cur = state.current;
  if (!cur) throw new Error('no range-test curve to export yet: run a test or open a curve file');
  const c = cur.curve.analysis.curves[0];
  const lines: { name: string; color: string; width: number; lrs: number[]; values: number[] }[] = [
    ...state.earlier.map((e) => ({ name: `earlier: ${e.label}`, color: e.color, width: 1.5, lrs: e.curve.analysis.curves[0].lrs, values: e.curve.analysis.curves[0].centred })),
    { name: 'raw loss', color: COLORS.raw, width: 1, lrs: c.lrs, values: c.raw },
    ...(state.ema && c.ema ? [{ name: 'EMA', color: COLORS.ema, width: 1.5, lrs: c.lrs, values: c.ema }] : []),
    { name: 'loss, centred (what the recommendation reads)', color: COLORS.centred, width: 2.5, lrs: c.lrs, values: c.centred },
  ];
  const values = lines.flatMap((l, order) => l.lrs.map((lr, i) => ({ lr, loss: l.values[i], series: l.name, order, w: l.width })).filter((p) => Number.isFinite(p.loss)));
  const markers = chartMarkers(cur.curve, state.fastai);
  // As on the page: the top is capped at 1.5x the curve's first value, so the divergence does not flatten the rest.
  const shownValues = [...c.centred, ...c.raw].filter(Number.isFinite);
  const lo = Math.min(...shownValues);
  const hi = Math.min(Math.max(...shownValues), 1.5 * (c.centred[0] ?? c.raw[0]));
  const x = { field: 'lr', type: 'quantitative', title: 'learning rate', scale: { type: cur.mode === 'exp' ? 'log' : 'linear' }, axis: cur.mode === 'exp' ? { labelExpr: DECADES } : {} } as const;
  const y = { field: 'loss', type: 'quantitative', title: 'loss', scale: { domain: [lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)] as number[], zero: false } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `lrkit range test: ${cur.label}`, subtitle: cur.curve.analysis.headline },
    width: 640,
    height: 300,
    background: 'white',
    layer: [
      {
        data: { values },
        mark: { type: 'line', clip: true },
        encoding: {
          x,
          y,
          detail: { field: 'series' },
          order: { field: 'lr' },
          strokeWidth: { field: 'w', type: 'quantitative', scale: null, legend: null },
          color: { field: 'series', type: 'nominal', sort: lines.map((l) => l.name), scale: { domain: lines.map((l) => l.name), range: lines.map((l) => l.color) }, legend: { title: null, orient: 'bottom', columns: 2, symbolType: 'stroke', labelLimit: 360 } },
        },
      },
      {
        data: { values: markers.map((m) => ({ lr: m.lr, loss: m.value, marker: m.label })) },
        mark: { type: 'point', filled: true, size: 110, stroke: 'white', strokeWidth: 1.5, clip: true },
        encoding: {
          x,
          y,
          shape: { field: 'marker', type: 'nominal', scale: { domain: markers.map((m) => m.label), range: markers.map((m) => (m.shape === 'dot' ? 'circle' : 'diamond')) }, legend: null },
          color: { field: 'marker', type: 'nominal', sort: markers.map((m) => m.label), scale: { domain: markers.map((m) => m.label), range: markers.map((m) => m.color) }, legend: { title: 'marked', orient: 'right', symbolType: 'circle', labelLimit: 360 } },
        },
      },
    ],
    resolve: { scale: { color: 'independent', shape: 'independent' } },
  } as TopLevelSpec;
}

/** The plot as an SVG document. */
export function rangeTestSvg(state: PlotState): Promise<string> {
  return specSvg(rangeTestSpec(state));
}

/** The plot as a PNG, 2x the SVG's size. */
export async function rangeTestPng(state: PlotState): Promise<Blob> {
  return svgPng(await rangeTestSvg(state));
}
