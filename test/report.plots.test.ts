import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLr, linesPlot, logTicks, lrFinderPlot, renderSvg, schedulePlot } from '../src/report/index.js';
import { downsampleIndices, interpLog } from '../src/report/scales.js';
import { synthCurve } from './helpers/curves.js';


/** Text content of every <text> element in an SVG. */
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

/** The layers of a spec, as the tests read them. */
type Layers = { layer: { mark: Record<string, unknown>; encoding: Record<string, { value?: unknown; scale?: { domain: unknown[]; range?: string[] } }>; data: { values: Record<string, unknown>[] } }[] };

test('lr finder SVG: the centred curve bold, raw faint, one diamond per recommended use on the bold curve, named in a legend', async () => {
  const { analyzeCurve } = await import('../src/analysis/index.js');
  const c = synthCurve(0);
  const a = analyzeCurve(c);
  const spec = lrFinderPlot({ analysis: a, title: 'MNIST <MLP>' }) as unknown as Layers;
  const svg = await renderSvg(spec as never);
  const t = texts(svg);
  const labels = a.markers.map((m) => m.label);
  assert.equal(labels.length, 2);
  for (const label of [...labels, 'learning rate (log scale)', 'loss', 'MNIST &lt;MLP&gt;', 'loss, centred: what the rules read', 'loss, raw']) {
    assert.ok(t.includes(label), `missing text ${label}`);
  }
  assert.ok(svg.includes(a.headline), 'the headline is the subtitle');
  for (const tick of ['1e-6', '1e-5', '1e-4', '1e-3', '1e-2', '1e-1', '1e0']) assert.ok(t.includes(tick), `missing tick ${tick}`);
  // the bold line is exactly the centred curve (not the EMA, which is not drawn unless asked)
  const bold = spec.layer.find((l) => l.mark.type === 'line' && l.mark.strokeWidth === 2.5)!;
  const [lo, hi] = bold.encoding.y.scale!.domain as number[];
  // up to where it blows up past the top (that point at the edge), then the line ends
  const end = a.curves[0].centred.findIndex((v) => v > hi);
  assert.ok(end > 0, 'this curve blows up');
  assert.deepEqual(bold.data.values.map((r) => r.v), a.curves[0].centred.slice(0, end + 1).map((v) => Math.min(hi, Math.max(lo, v))));
  assert.deepEqual(bold.data.values.map((r) => r.lr), a.curves[0].lrs.slice(0, end + 1));
  assert.ok(!spec.layer.some((l) => l.data.values.some((r) => r.role === 'ema')), 'no EMA by default');
  assert.match(svg, /stroke-opacity="0\.55" stroke-width="1"/);
  // each marker is a diamond at the centred curve's value at its rate
  const diamonds = spec.layer.filter((l) => l.mark.type === 'point' && l.mark.shape === 'diamond');
  assert.equal(diamonds.length, 2);
  for (const d of diamonds) {
    const m = a.markers.find((x) => x.label === d.data.values[0].key)!;
    assert.ok(m, `diamond ${String(d.data.values[0].key)} is a marker`);
    assert.equal(d.data.values[0].lr, m.lr);
    assert.ok(Math.abs((d.data.values[0].v as number) - m.value) < 1e-12);
  }
  // labels live in the legend, not over the plot: no text mark layers at all
  assert.ok(!spec.layer.some((l) => l.mark.type === 'text'));
  // with showEma, the EMA is drawn too
  const withEma = lrFinderPlot({ analysis: a, showEma: true }) as unknown as Layers;
  assert.ok(withEma.layer.some((l) => l.data.values.some((r) => r.role === 'ema')));
});

test('extra rates (fastai rules on request) are dashed circles labelled as fastai\'s; the recommendation stays solid diamonds', async () => {
  const { suggest } = await import('../src/suggestions/index.js');
  const result = { ...synthCurve(0), metric: 'loss' as const };
  const set = suggest.all(result);
  const spec = lrFinderPlot({ runs: [result], suggestions: set }) as unknown as Layers;
  const svg = await renderSvg(spec as never);
  for (const s of [set.valley, set.steep, set.minimum, set.slide!]) assert.ok(texts(svg).some((t) => t.startsWith(`fastai ${s.name} `)), `fastai ${s.name} in the legend`);
  assert.ok(!texts(svg).some((t) => /^(oneCycle|cyclicBounds)/.test(t)), 'the retired schedule rules are not marked');
  const rules = spec.layer.filter((l) => l.mark.type === 'rule');
  const dashed = rules.filter((l) => Array.isArray(l.mark.strokeDash));
  assert.equal(dashed.length, 4);
  assert.equal(rules.length - dashed.length, 2, 'two solid rules: the constant rate and the one-cycle peak');
  assert.equal(spec.layer.filter((l) => l.mark.type === 'point' && l.mark.shape === 'circle').length, 4);
  assert.throws(() => lrFinderPlot({ runs: [result], suggestions: { ...set, valley: { name: 'valley', lr: NaN } } }),
    (e: Error) => e instanceof RangeError && /^lrFinderPlot: suggestions\.valley\.lr must be a finite number > 0, got NaN$/.test(e.message));
  assert.throws(() => lrFinderPlot({ runs: [result], suggestions: 'valley' as never }), TypeError);
});

test('several runs: each run faint, the median bold with the markers on it, one legend', async () => {
  const runs = [0, 1, 2].map((s) => ({ ...synthCurve(s), name: `seed ${s}` }));
  const spec = lrFinderPlot({ runs }) as unknown as Layers;
  const faint = spec.layer.find((l) => l.mark.type === 'line' && l.mark.strokeOpacity === 0.45)!;
  assert.deepEqual([...new Set(faint.data.values.map((r) => r.series))], ['seed 0', 'seed 1', 'seed 2']);
  const bold = spec.layer.find((l) => l.mark.type === 'line' && l.mark.strokeWidth === 2.5)!;
  assert.deepEqual([...new Set(bold.data.values.map((r) => r.series))], ['median']);
  const svg = await renderSvg(spec as never);
  for (const n of ['seed 0', 'seed 1', 'seed 2', 'median of 3 runs (centred)']) assert.ok(texts(svg).includes(n), `legend ${n}`);
  assert.throws(() => lrFinderPlot({ runs: [runs[0], runs[0]] }), /lrFinderPlot: the names of runs must be distinct, got \["seed 0", "seed 0"\]$/);
});

test('a divergence to 1e20 stays on the canvas: values clamped into the y range, counted in the subtitle', async () => {
  const c = synthCurve(0, 100);
  for (let i = 90; i < 99; i++) c.losses[i] = 10 ** (2 * (i - 88));
  c.losses[99] = NaN;
  const spec = lrFinderPlot({ runs: [{ lrs: c.lrs, losses: c.losses }] }) as unknown as Layers & { title: { subtitle: string[] } };
  const [lo, hi] = spec.layer.find((l) => l.encoding.y)!.encoding.y.scale!.domain as number[];
  assert.ok(hi < 10, `top ${hi}`);
  for (const l of spec.layer) for (const r of l.data.values) if (typeof r.v === 'number') assert.ok(r.v >= lo && r.v <= hi, `${r.v} inside ${lo}..${hi}`);
  assert.match(spec.title.subtitle.join(' '), /point\(s\) beyond the top of the range: the lines end at its edge/);
  const svg = await renderSvg(spec as never);
  const ys = [...svg.matchAll(/<path[^>]* d="M([^"]+)"/g)].flatMap((m) => [...m[1].matchAll(/,(-?[\d.e+-]+)/g)].map((x) => Number(x[1])));
  assert.ok(ys.length > 50 && ys.every((y) => Math.abs(y) < 2000), 'every path coordinate is on the canvas');
});

test('y axis is clipped above the divergence for loss, below for accuracy; non-finite points dropped', () => {
  const c = synthCurve(0);
  c.losses[c.losses.length - 1] = NaN;
  c.smoothed[c.smoothed.length - 1] = Infinity;
  const domain = (spec: unknown) => ((spec as { layer: { encoding: { y?: { scale: { domain: number[] } } } }[] }).layer.find((l) => l.encoding.y)!.encoding.y!.scale.domain);
  const [lo, hi] = domain(lrFinderPlot({ runs: [c] }));
  const finite = c.losses.filter(Number.isFinite);
  assert.ok(hi < Math.max(...finite) / 2, `clipped top ${hi}`);
  assert.ok(lo <= Math.min(...finite));
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
  assert.throws(() => lrFinderPlot({ runs: [] }), (e: Error) => e instanceof TypeError && /^lrFinderPlot: runs must be a non-empty array of curves \(\{ lrs, losses, smoothed\? \}\), got \[\]$/.test(e.message));
  assert.throws(() => lrFinderPlot({ runs: [{ lrs: [1, 2], losses: [1] }] }), /lrFinderPlot: runs\[0\]\.losses must be an array as long as runs\[0\]\.lrs \(2\), got \[1\]$/);
  assert.throws(() => lrFinderPlot({ runs: [c], suggestions: [{ name: 'v', lr: -1 }] }), (e: Error) => e instanceof RangeError && /^lrFinderPlot: suggestions\[0\]\.lr must be a finite number > 0, got -1$/.test(e.message));
  assert.throws(() => lrFinderPlot({ runs: [c], metric: 'f1' as never }), /metric must be "loss" or "higher-is-better" \("accuracy" is an alias of "higher-is-better"\), got "f1"/);
  assert.throws(() => lrFinderPlot({ runs: [c], width: 10 }), /lrFinderPlot: width must be an integer from 50 to 4000, got 10$/);
  assert.throws(() => lrFinderPlot({ runs: [{ lrs: [1, 2], losses: [NaN, NaN] }] }), /lrFinderPlot: runs\[0\]\.losses must be an array with at least one finite value to plot, got \[NaN, NaN\]$/);
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
  assert.throws(() => linesPlot({ series: [{ name: 'a', x: [0, 1], y: [1, 2] }], xScale: 'log' }), /linesPlot: series\[0\]\.x\[0\] must be a number > 0 on a log x axis, got 0$/);
  assert.throws(() => linesPlot({ series: [{ name: 'a', y: [1, 2] }, { name: 'a', y: [1] }] }), /linesPlot: series\[1\]\.name must be distinct from the other series' names, got "a"$/);
  assert.throws(() => linesPlot({ series: [{ name: 'a', x: [1], y: [1, 2] }] }), /linesPlot: series\[0\]\.x must be an array as long as y \(2\) or undefined, got \[1\]$/);
  assert.throws(() => linesPlot({ series: [{ name: 'a', y: [1, 2] }], yScale: 'sqrt' as never }), /linesPlot: yScale must be "linear" or "log", got "sqrt"$/);
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

test('linesPlot dashes: each series gets a dash pattern too, so identical lines stay distinguishable', () => {
  const series = [{ name: 'triangular', y: [0.1, 0.5, 0.8] }, { name: 'triangular2', y: [0.1, 0.5, 0.8] }];
  const plain = linesPlot({ series }) as unknown as { encoding: Record<string, unknown> };
  const dashed = linesPlot({ series, dashes: true }) as unknown as { encoding: Record<string, { field?: string }> };
  assert.equal(plain.encoding.strokeDash, undefined);
  assert.equal(dashed.encoding.strokeDash.field, 'series');
});
