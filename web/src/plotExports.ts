// "Download plot PNG / SVG" of the range test: the chart as a file, with its legend and the
// recommendation in the title. The renderer (vega-lite) loads on first use.
import { download } from './exports.js';
import { byId } from './form.js';
import type { ResultView } from './resultView.js';

type PlotState = ResultView['shown'];

/** File name of the plot: `lrkit-range-test-history.json.png`, `lrkit-range-test-spirals-momentum_on_wasm.svg`. */
function plotName(state: PlotState, ext: string): string {
  return `lrkit-range-test-${(state.current?.label ?? 'plot').replace(/[^\w.-]+/g, '_')}.${ext}`;
}

/** Enables the plot downloads while there is a curve to draw. */
export function setPlotDownloadsEnabled(on: boolean): void {
  for (const id of ['download-plot-png', 'download-plot-svg']) byId<HTMLButtonElement>(id).disabled = !on;
}

/** Wires the two buttons; `state()` is what the chart shows when one is pressed. */
export function wirePlotDownloads(state: () => PlotState, onError: (message: string) => void): void {
  const fail = (e: Error) => onError(`Plot download failed: ${e.message}`);
  byId('download-plot-svg').addEventListener('click', () => {
    const s = state();
    import('./rangeSvg.js')
      .then(({ rangeTestSvg }) => rangeTestSvg(s))
      .then((svg) => download(plotName(s, 'svg'), new Blob([svg], { type: 'image/svg+xml' })), fail);
  });
  byId('download-plot-png').addEventListener('click', () => {
    const s = state();
    import('./rangeSvg.js')
      .then(({ rangeTestPng }) => rangeTestPng(s))
      .then((png) => download(plotName(s, 'png'), png), fail);
  });
}
