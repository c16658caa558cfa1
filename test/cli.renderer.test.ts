// The plot of a long log is drawn in a worker thread (cli/renderer.ts): it must be the same SVG and
// PNG as on the main thread, and a renderer's error must come back as it was thrown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeCurve } from '../src/index.js';
import { DEFAULT_FONT_FILES, lrFinderPlot } from '../src/report/index.js';
import { inlineRenderer, workerRenderer } from '../src/cli/renderer.js';
import { existsSync } from 'node:fs';

test('the worker renderer draws the same SVG and PNG as the main thread, and passes errors back', async () => {
  const lrs = Array.from({ length: 200 }, (_, i) => 1e-6 * 10 ** ((6 * i) / 199));
  const losses = lrs.map((lr, i) => 2.3 - 1.5 / (1 + (1e-3 / lr) ** 1.5) + (lr > 0.1 ? 20 * (lr - 0.1) : 0) + 0.01 * Math.sin(i));
  const spec = lrFinderPlot({ analysis: analyzeCurve({ lrs, losses }), title: 'worker' }) as unknown as Record<string, unknown>;
  const fonts = DEFAULT_FONT_FILES.filter((f) => existsSync(f));
  const png = fonts.length ? { width: 600, fontFiles: [...fonts] } : undefined;
  const worker = workerRenderer();
  try {
    const [here, there] = await Promise.all([inlineRenderer.render(spec, png), worker.render(spec, png)]);
    assert.match(there.svg, /^<svg/);
    assert.equal(there.svg, here.svg);
    if (png) {
      assert.ok(there.png && here.png);
      assert.deepEqual(Buffer.from(there.png), Buffer.from(here.png));
    }
    const bad = { mark: 'nonsense' };
    const inline = await inlineRenderer.render(bad).then(() => undefined, (e: Error) => e);
    assert.ok(inline instanceof RangeError, String(inline));
    await assert.rejects(worker.render(bad), (e: Error) => e instanceof RangeError && e.message === inline.message);
  } finally {
    worker.close();
  }
});

test('a process waiting only for the plot worker stays alive until the plot is drawn', async () => {
  const { spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const renderer = fileURLToPath(new URL('../src/cli/renderer.ts', import.meta.url));
  // Nothing else keeps this child's event loop busy: an unref'd worker would let it exit silently.
  const script = `const { workerRenderer } = await import(${JSON.stringify(renderer)});
const r = workerRenderer();
const { svg } = await r.render({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } });
console.log('drawn', svg.startsWith('<svg'));
r.close();`;
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(res.status, 0, res.stderr);
  assert.equal(res.stdout.trim(), 'drawn true', res.stderr);
});
