// Small vega-lite specs the generic linesPlot cannot express (lines with points, extra markers).
import type { TopLevelSpec } from 'vega-lite';

/** One row of a layered chart: series name, x, y. */
export interface Row {
  series: string;
  x: number;
  y: number;
  /** For markers: the line series whose colour they take. */
  group?: string;
}

/**
 * Lines with point markers per series, plus optional standalone markers (e.g. suggested LRs)
 * drawn as large diamonds; optional log x axis.
 *
 * @example
 * linePointChart({ lines: rows, markers: [{ series: 'valley', x: 3e-3, y: 0.95 }], xTitle: 'lr', yTitle: 'acc', xLog: true });
 */
export function linePointChart(o: {
  lines: Row[];
  markers?: Row[];
  title: string;
  xTitle: string;
  yTitle: string;
  xLog?: boolean;
  yDomain?: [number, number];
  width?: number;
  height?: number;
  /** Draw point markers on the lines (default true). */
  points?: boolean;
}): TopLevelSpec {
  const x = { field: 'x', type: 'quantitative', title: o.xTitle, ...(o.xLog ? { scale: { type: 'log' }, axis: { format: '~e' } } : {}) };
  const y = { field: 'y', type: 'quantitative', title: o.yTitle, scale: { zero: false, ...(o.yDomain ? { domain: o.yDomain } : {}) } };
  const layers: unknown[] = [
    {
      data: { values: o.lines },
      mark: { type: 'line', point: o.points ?? true, strokeWidth: 2, clip: true },
      encoding: { x, y, color: { field: 'series', type: 'nominal', title: null, scale: { scheme: 'tableau10' }, legend: { labelLimit: 420, orient: 'bottom', direction: 'vertical' } } },
    },
  ];
  if (o.markers && o.markers.length > 0) {
    layers.push({
      data: { values: o.markers },
      mark: { type: 'point', size: 200, filled: true, opacity: 0.85, stroke: 'black', strokeWidth: 1, clip: true },
      encoding: {
        x, y,
        shape: { field: 'series', type: 'nominal', title: null, scale: { range: ['diamond', 'square', 'triangle-up', 'cross'] }, legend: { labelLimit: 420, orient: 'bottom', direction: 'vertical' } },
        color: { field: 'group', type: 'nominal', legend: null },
      },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: o.title, anchor: 'start' },
    width: o.width ?? 640,
    height: o.height ?? 340,
    layer: layers,
    resolve: { scale: { color: 'shared' }, legend: { color: 'independent', shape: 'independent' } },
  } as TopLevelSpec;
}
