// SVG export of the schedule curve. uPlot draws on a canvas only, so the SVG is rendered by
// vega-lite + vega (headless View, renderer 'none'); loaded on demand to keep the page light.
import { compile, type TopLevelSpec } from 'vega-lite';
import { View, parse } from 'vega';
import type { ScheduleCurve } from './scheduleChart.js';

/**
 * The schedule curve (and momentum, on its own right axis) as an SVG document.
 *
 * @example
 * const svg = await scheduleSvg({ steps: [0, 1], lrs: [0.1, 0.01] }, 1, 'cosine');
 */
export async function scheduleSvg(curve: ScheduleCurve, stepsPerEpoch: number, title: string): Promise<string> {
  const values = curve.steps.map((s, i) => ({
    epoch: s / stepsPerEpoch,
    lr: curve.lrs[i],
    ...(curve.momentum ? { momentum: curve.momentum[i] } : {}),
  }));
  const x = { field: 'epoch', type: 'quantitative', title: 'epoch' } as const;
  const lrLayer = {
    mark: { type: 'line', color: '#1f4fa0', strokeWidth: 2 },
    encoding: { x, y: { field: 'lr', type: 'quantitative', title: 'learning rate', axis: { titleColor: '#1f4fa0' } } },
  } as const;
  const momentumLayer = {
    mark: { type: 'line', color: '#e07b00', strokeWidth: 2, strokeDash: [6, 4] },
    encoding: {
      x,
      y: { field: 'momentum', type: 'quantitative', title: 'momentum', scale: { zero: false }, axis: { titleColor: '#e07b00' } },
    },
  } as const;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `lrkit schedule: ${title}`,
    width: 640,
    height: 260,
    background: 'white',
    data: { values },
    layer: curve.momentum ? [lrLayer, momentumLayer] : [lrLayer],
    ...(curve.momentum ? { resolve: { scale: { y: 'independent' } } } : {}),
  } as TopLevelSpec;
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
