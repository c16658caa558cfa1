// The CLI's renderers, loaded when a plot is written: vega, vega-lite and resvg take about half a
// second to import, which would otherwise come before the first training step.
import type { TopLevelSpec } from 'vega-lite';
import type { RenderPngOptions } from '../report/render.js';

/** {@link import('../report/render.js').renderSvg}, imported on first use. */
export async function renderSvg(spec: TopLevelSpec | Record<string, unknown>): Promise<string> {
  return (await import('../report/render.js')).renderSvg(spec as TopLevelSpec);
}

/** {@link import('../report/render.js').renderPng}, imported on first use. */
export async function renderPng(svg: string, options?: RenderPngOptions): Promise<Buffer> {
  return (await import('../report/render.js')).renderPng(svg, options);
}
