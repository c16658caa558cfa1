import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLr, linesPlot, logTicks, lrFinderPlot, renderSvg, schedulePlot } from '../src/report/index.js';
import { downsampleIndices, interpLog } from '../src/report/scales.js';
import { synthCurve } from './helpers/curves.js';


/** Text content of every <text> element in an SVG. */
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

test('lr finder SVG: axis titles, log-scale decade ticks, suggestion labels, faint raw + bold smoothed', async () => {
  const suggestions = [
    { name: 'valley', lr: 3.2e-3, index: 50 },
    { name: 'steep', lr: 5e-4, index: 40, loss: 1.9 },
    { name: 'minimum', lr: 2e-2, index: 62 },
  ];
  const svg = await renderSvg(lrFinderPlot({ runs: [synthCurve(0)], suggestions, title: 'MNIST <MLP>' }));
  const t = texts(svg);
  for (const label of ['valley 3.2e-3', 'steep 5.0e-4', 'minimum 2.0e-2', 'learning rate (log scale)', 'loss', 'MNIST &lt;MLP&gt;']) {
    assert.ok(t.includes(label), `missing text ${label}`);
  }
  for (const tick of ['1e-6', '1e-5', '1e-4', '1e-3', '1e-2', '1e-1', '1e0']) assert.ok(t.includes(tick), `missing tick ${tick}`);
  assert.match(svg, /aria-label="X-axis titled 'learning rate \(log scale\)' for a log scale/);
  // raw loss faint (stroke-opacity, not opacity: resvg drops clipped paths with opacity), smoothed bold
  assert.match(svg, /stroke-opacity="0\.4" stroke-width="1"/);
  assert.match(svg, /stroke="#1f77b4" stroke-width="2\.5"/);
  assert.doesNotMatch(svg, /role-mark layer_0_marks"[^>]*>\s*<path[^>]* opacity="0\./);
  // one dashed rule and one point per suggestion
  assert.equal((svg.match(/stroke-dasharray="5,3"/g) ?? []).length, 3);
  assert.equal((svg.match(/aria-roledescription="point"/g) ?? []).length, 3);
});

test('suggestion labels never share a row when they would overlap', () => {
  const close = [1e-3, 1.2e-3, 1.4e-3, 1.6e-3].map((lr, i) => ({ name: `s${i}`, lr }));
  const spec = lrFinderPlot({ runs: [synthCurve(0)], suggestions: close }) as unknown as { layer: { mark: { type: string; color?: string; align: string }; encoding: { y?: { value?: number } }; data: { values: { label: string }[] } }[] };
  const labels = spec.layer.filter((l) => l.mark.type === 'text' && l.mark.color !== 'white');
  assert.equal(labels.length, 4);
  const ys = labels.map((l) => l.encoding.y!.value);
  assert.equal(new Set(ys).size, 4, `distinct rows: ${ys}`);
  // far-apart suggestions share the first row
  const far = lrFinderPlot({ runs: [synthCurve(0)], suggestions: [{ name: 'a', lr: 1e-5 }, { name: 'b', lr: 1e-2 }] }) as unknown as typeof spec;
  const farYs = far.layer.filter((l) => l.mark.type === 'text').map((l) => l.encoding.y!.value);
  assert.equal(new Set(farYs).size, 1);
  // a suggestion near the right edge is right-aligned so its label stays inside the plot
  const edge = lrFinderPlot({ runs: [synthCurve(0)], suggestions: [{ name: 'valley', lr: 0.8 }] }) as unknown as typeof spec;
  assert.ok(edge.layer.filter((l) => l.mark.type === 'text').every((l) => l.mark.align === 'right'));
});

test('several runs: legend per run and a min..max band that contains every run', async () => {
  const runs = [0, 1, 2].map((s) => ({ ...synthCurve(s), name: `seed ${s}` }));
  const spec = lrFinderPlot({ runs, suggestions: [{ name: 'valley', lr: 3e-3 }] }) as unknown as { layer: { mark: { type: string }; data: { values: { lr: number; lo: number; hi: number }[] } }[] };
  const band = spec.layer.find((l) => l.mark.type === 'area')!;
  assert.ok(band, 'band layer');
  for (const row of band.data.values) {
    const at = runs.map((r) => interpLog(r.lrs, r.smoothed, row.lr)!);
    assert.ok(Math.abs(row.lo - Math.min(...at)) < 1e-12 && Math.abs(row.hi - Math.max(...at)) < 1e-12);
  }
  const svg = await renderSvg(spec as never);
  const t = texts(svg);
  for (const n of ['seed 0', 'seed 1', 'seed 2', 'run']) assert.ok(t.includes(n), `legend ${n}`);
  assert.match(svg, /aria-roledescription="area mark"/);
  assert.throws(() => lrFinderPlot({ runs: [runs[0], runs[0]] }), /distinct names/);
});

test('y axis is clipped above the divergence for loss, below for accuracy; non-finite points dropped', () => {
  const c = synthCurve(0);
  c.losses[c.losses.length - 1] = NaN;
  c.smoothed[c.smoothed.length - 1] = Infinity;
  const domain = (spec: unknown) => ((spec as { layer: { encoding: { y?: { scale: { domain: number[] } } } }[] }).layer.find((l) => l.encoding.y)!.encoding.y!.scale.domain);
  const [lo, hi] = domain(lrFinderPlot({ runs: [c] }));
  const finite = c.smoothed.filter(Number.isFinite);
  assert.ok(hi < Math.max(...finite) / 2, `clipped top ${hi}`);
  assert.ok(lo <= Math.min(...c.losses.filter(Number.isFinite)));
  const [, hiNoClip] = domain(lrFinderPlot({ runs: [c], clipY: false }));
  assert.ok(hiNoClip >= Math.max(...finite));
  // higher-is-better: rises from 1 to 5, then collapses to -20: the collapse is clipped below
  const n = c.lrs.length;
  const acc = { lrs: c.lrs, losses: c.lrs.map((_, i) => (i < n - 10 ? 1 + (4 * i) / (n - 10) : 5 - 2.5 * (i - n + 11))) };
  const spec = lrFinderPlot({ runs: [acc], metric: 'accuracy' });
  const [aLo, aHi] = domain(spec);
  assert.ok(aLo > -5 && aLo < 1 && aHi >= 5, `accuracy domain ${aLo}..${aHi}`);
  assert.match(JSON.stringify(spec), /"title":"accuracy"/);
});

test('lrFinderPlot rejects bad options with messages naming them', () => {
  const c = synthCurve(0);
  assert.throws(() => lrFinderPlot({ runs: [] }), (e: Error) => e instanceof TypeError && /runs must be a non-empty array/.test(e.message));
  assert.throws(() => lrFinderPlot({ runs: [{ lrs: [1, 2], losses: [1] }] }), /runs\[0\]\.lrs \(length 2\)/);
  assert.throws(() => lrFinderPlot({ runs: [c], suggestions: [{ name: 'v', lr: -1 }] }), (e: Error) => e instanceof RangeError && /suggestions\[0\]\.lr must be a finite number > 0, got -1/.test(e.message));
  assert.throws(() => lrFinderPlot({ runs: [c], metric: 'f1' as never }), /metric must be 'loss', 'accuracy' or 'higher-is-better', got "f1"/);
  assert.throws(() => lrFinderPlot({ runs: [c], width: 10 }), /width must be an integer from 50 to 4000 pixels, got 10/);
  assert.throws(() => lrFinderPlot({ runs: [{ lrs: [1, 2], losses: [NaN, NaN] }] }), /no finite loss values/);
});

test('linesPlot / schedulePlot: log axes, legend, peaks kept when long series are thinned', async () => {
  const tri = Array.from({ length: 20000 }, (_, i) => 0.01 + 0.09 * (1 - Math.abs((i % 2000) / 1000 - 1)));
  const spec = schedulePlot({ series: [{ name: 'lr', values: tri }, { name: 'momentum', values: tri.map((v) => 1 - v) }], yTitle: 'value' }) as unknown as { data: { values: { series: string; x: number; y: number }[] } };
  const lr = spec.data.values.filter((r) => r.series === 'lr');
  assert.ok(lr.length <= 2100 && lr.length > 100);
  assert.equal(Math.max(...lr.map((r) => r.y)), Math.max(...tri));
  assert.equal(Math.min(...lr.map((r) => r.y)), Math.min(...tri));
  const svg = await renderSvg(spec as never);
  for (const s of ['iteration', 'value', 'lr', 'momentum']) assert.ok(texts(svg).includes(s), s);

  const logSvg = await renderSvg(linesPlot({ series: [{ name: 'a', x: [1e-4, 1e-3, 1e-2], y: [3, 2, 1] }], xScale: 'log', xTitle: 'lr', yTitle: 'loss' }));
  assert.ok(texts(logSvg).includes('lr (log scale)'));
  for (const tick of ['1e-4', '1e-3', '1e-2']) assert.ok(texts(logSvg).includes(tick));
  assert.throws(() => linesPlot({ series: [{ name: 'a', x: [0, 1], y: [1, 2] }], xScale: 'log' }), /x\[0\] = 0 cannot be drawn on a log x axis/);
  assert.throws(() => linesPlot({ series: [{ name: 'a', y: [1, 2] }, { name: 'a', y: [1] }] }), /"a" appears twice/);
  assert.throws(() => linesPlot({ series: [{ name: 'a', x: [1], y: [1, 2] }] }), /x must be an array with the same length as y \(2\), got length 1/);
  assert.throws(() => linesPlot({ series: [{ name: 'a', y: [1, 2] }], yScale: 'sqrt' as never }), /yScale must be 'linear' or 'log', got "sqrt"/);
  assert.throws(() => schedulePlot({ series: [] }), TypeError);
});

test('scale helpers: log ticks, lr format, min/max-preserving downsampling', () => {
  assert.deepEqual(logTicks(1e-5, 1), [1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1]);
  assert.deepEqual(logTicks(1e-3, 8e-3), [1e-3, 2e-3, 5e-3]);
  assert.ok(logTicks(1e-12, 1e6).length <= 10);
  assert.throws(() => logTicks(0, 1), RangeError);
  assert.equal(formatLr(0.00316), '3.2e-3');
  assert.equal(formatLr(1), '1.0e0');
  const v = Array.from({ length: 1000 }, (_, i) => (i === 537 ? 99 : i % 7));
  const idx = downsampleIndices(v, 100);
  assert.ok(idx.length <= 100 && idx.includes(537) && idx[0] === 0 && idx[idx.length - 1] === 999);
  assert.deepEqual(idx, [...idx].sort((a, b) => a - b));
});

test('lrFinderPlot takes suggest.all(result) as it is: its single-rate rules are labelled, same as the array form', async () => {
  const { suggest } = await import('../src/suggestions/index.js');
  const result = { ...synthCurve(0), metric: 'loss' as const };
  const set = suggest.all(result);
  const svg = await renderSvg(lrFinderPlot({ runs: [result], suggestions: set }));
  const labels = texts(svg).filter((t) => /^[a-zA-Z]+ \d\.\de-?\d+$/.test(t));
  const expected = [set.valley, set.steep, set.minimum, set.slide!].map((s) => `${s.name} ${formatLr(s.lr)}`);
  // each label is drawn twice (white halo + coloured text)
  assert.deepEqual([...new Set(labels)].sort(), [...expected].sort());
  assert.ok(!labels.some((l) => l.startsWith('oneCycle') || l.startsWith('cyclicBounds')), 'schedule parameters are not marked');
  const fromArray = lrFinderPlot({ runs: [result], suggestions: [set.valley, set.steep, set.minimum, set.slide!] });
  assert.deepEqual(lrFinderPlot({ runs: [result], suggestions: set }), fromArray);
  // a set without slide (a short curve) still works; a broken entry is named by its key
  const { slide: _s, ...noSlide } = set;
  assert.equal((lrFinderPlot({ runs: [result], suggestions: noSlide }) as { layer: unknown[] }).layer.length, (fromArray as { layer: unknown[] }).layer.length - 4);
  assert.throws(() => lrFinderPlot({ runs: [result], suggestions: { ...set, valley: { name: 'valley', lr: NaN } } }),
    (e: Error) => e instanceof RangeError && /suggestions\.valley\.lr must be a finite number > 0, got NaN/.test(e.message));
  assert.throws(() => lrFinderPlot({ runs: [result], suggestions: 'valley' as never }), TypeError);
  // the CLI prints three significant digits with the same formatter
  assert.equal(formatLr(0.00316, 2), '3.16e-3');
  assert.equal(formatLr(5, 2), '5.00e0');
});

test('the recommendation is marked distinctly: solid, wider rules and diamonds; the rules stay dashed', () => {
  const result = synthCurve(0);
  const spec = lrFinderPlot({ runs: [result], suggestions: [{ name: 'recommended', lr: 1e-3, recommended: true }, { name: 'valley', lr: 1e-4 }] }) as unknown as { layer: { mark: Record<string, unknown> }[] };
  const rules = spec.layer.filter((l) => l.mark.type === 'rule');
  const [rec, valley] = [rules.find((l) => l.mark.color === '#000000')!, rules.find((l) => l.mark.color === '#d62728')!];
  assert.ok(rec && valley);
  assert.equal(rec.mark.strokeDash, undefined);
  assert.ok((rec.mark.strokeWidth as number) > (valley.mark.strokeWidth as number));
  assert.deepEqual(valley.mark.strokeDash, [5, 3]);
  assert.ok(spec.layer.some((l) => l.mark.type === 'point' && l.mark.shape === 'diamond'));
});

test('linesPlot dashes: each series gets a dash pattern too, so identical lines stay distinguishable', () => {
  const series = [{ name: 'triangular', y: [0.1, 0.5, 0.8] }, { name: 'triangular2', y: [0.1, 0.5, 0.8] }];
  const plain = linesPlot({ series }) as unknown as { encoding: Record<string, unknown> };
  const dashed = linesPlot({ series, dashes: true }) as unknown as { encoding: Record<string, { field?: string }> };
  assert.equal(plain.encoding.strokeDash, undefined);
  assert.equal(dashed.encoding.strokeDash.field, 'series');
});
