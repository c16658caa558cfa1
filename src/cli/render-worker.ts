// A worker thread that turns vega-lite specs into SVG and PNG, so that a long log's plot renders
// while the main thread writes its JSON (vega, vega-lite and resvg load here, in parallel with
// the read). Messages: { id, spec, png?: { width, fontFiles } } -> { id, svg, png? } | { id, error }.
import { parentPort } from 'node:worker_threads';
import { renderPng, renderSvg } from '../report/index.js';

interface Job { id: number; spec: Record<string, unknown>; png?: { width: number; fontFiles: string[] } }

// Loading the renderers is most of the cost: start it before the first job arrives.
void renderSvg({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', data: { values: [{ x: 1 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } }).catch(() => {});

parentPort!.on('message', (job: Job) => {
  void (async () => {
    try {
      const svg = await renderSvg(job.spec);
      const png = job.png ? new Uint8Array(await renderPng(svg, job.png)) : undefined;
      parentPort!.postMessage({ id: job.id, svg, png }, png ? [png.buffer as ArrayBuffer] : []);
    } catch (e) {
      const err = e as Error;
      parentPort!.postMessage({ id: job.id, error: { name: err.name, message: err.message } });
    }
  })();
});
