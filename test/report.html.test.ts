import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, htmlReport, lrFinderPlot, renderSvg } from '../src/report/index.js';
import { analyzeCurve } from '../src/analysis/index.js';
import { synthCurve } from './helpers/curves.js';

const result = { lrs: [1e-5, 1e-4, 1e-3, 1e-2], losses: [2.3, 2.0, 1.2, NaN], smoothed: [2.3, 2.2, 1.8, 1.8], stopReason: 'non-finite' };

test('htmlReport is one self-contained page: inline SVG, escaped text, the curve and the answer as JSON', async () => {
  const svg = await renderSvg(lrFinderPlot({ runs: [result] }));
  const html = htmlReport({
    result, svg, next: ['lrkit train --max-lr "1e-3" <x>'],
    meta: { model: '<img src=x onerror=alert(1)>', seed: 7, skipped: undefined },
    title: 'Run "A" & B',
  });
  assert.match(html, /^<!DOCTYPE html>/);
  assert.doesNotMatch(html, /<(link|img|iframe)\b|\ssrc="|href="http/i, 'no external resources or injected tags');
  assert.match(html, /<title>Run &quot;A&quot; &amp; B<\/title>/);
  assert.match(html, /<td>&lt;img src=x onerror=alert\(1\)&gt;<\/td>/);
  assert.doesNotMatch(html, /skipped/);
  assert.ok(html.includes('<figure>\n<svg'), 'SVG inlined');
  assert.match(html, /<pre class="next">lrkit train --max-lr "1e-3" &lt;x&gt;<\/pre>/);
  assert.match(html, /stop reason<\/th><td>non-finite/);
  // two data blocks, and their JSON parses back with '<' escaped
  assert.equal((html.match(/<script/g) ?? []).length, 2);
  const curve = JSON.parse(html.match(/<script type="application\/json" id="lrkit-curve">([\s\S]*?)<\/script>/)![1]);
  assert.deepEqual(curve.lrs, result.lrs);
  assert.equal(curve.losses[3], null);
  const numbers = JSON.parse(html.match(/<script type="application\/json" id="lrkit-analysis">([\s\S]*?)<\/script>/)![1]);
  assert.equal(numbers.confidence, 'low');
  assert.deepEqual(numbers.warnings, ['too-short']);
});

test('htmlReport refuses unsafe or missing SVG and bad inputs', () => {
  const ok = '<svg xmlns="http://www.w3.org/2000/svg"></svg>';
  assert.throws(() => htmlReport({ result, svg: '<div>' }), (e: Error) => e instanceof TypeError && /^htmlReport: svg must be an SVG document string starting with <svg \(e\.g\. from renderSvg\), got "<div>"$/.test(e.message));
  assert.throws(() => htmlReport({ result, svg: '<svg><script>alert(1)</script></svg>' }), (e: Error) => e instanceof RangeError && /^htmlReport: svg must be free of scripts, foreignObject, event handlers and javascript: URLs, got "\.\.\.<script\.\.\."$/.test(e.message));
  assert.throws(() => htmlReport({ result, svg: '<svg onload="x()"></svg>' }), RangeError);
  assert.throws(() => htmlReport({ result: { lrs: [1], losses: [] }, svg: ok }), /htmlReport: result\.losses must be an array as long as result\.lrs \(1\), got \[\]$/);
  assert.throws(() => htmlReport({ result, svg: ok, suggestions: [{ name: 1 } as never] }), /htmlReport: suggestions\[0\]\.name must be a non-empty string, got 1$/);
  assert.throws(() => htmlReport({} as never), /htmlReport: input must be an object with an analysis \(analyzeCurve\(\.\.\.\)\) or a result curve, got an object$/);
  assert.throws(() => htmlReport({ result, next: 'lrkit' as never }), /htmlReport: next must be an array of command strings, got "lrkit"$/);
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('htmlReport leads with the answer: headline, one row per use, the schedules, then the plot; run details last', () => {
  const c = synthCurve(0);
  const a = analyzeCurve(c, { itersPerEpoch: 100, epochs: 5 });
  const html = htmlReport({ analysis: a, result: c, svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>', meta: { model: 'mlp' } });
  const r = a.recommendation;
  const at = (s: string) => html.indexOf(s);
  assert.ok(at(`<b>${a.headline}</b>`) > 0, 'the headline');
  assert.ok(html.includes(`<td>constant rate</td><td class="num">${r.constant!.lr.toExponential(2).replace('e+', 'e')}</td>`));
  assert.ok(html.includes(`<td>one-cycle peak</td><td class="num">${r.oneCycle!.maxLr.toExponential(2).replace('e+', 'e')}</td>`));
  assert.ok(at(a.headline) < at('<figure>') && at('<figure>') < at('<h2>Recommended schedules</h2>') && at('<h2>Recommended schedules</h2>') < at('<h2>Run details</h2>'));
  assert.match(html, /<h3>oneCycle<\/h3>\n<p>one-cycle to [^<]+ over 5 epochs x 100 steps = 500 steps/);
  assert.ok(html.includes('"totalSteps": 500'));
  // fastai's rules are not shown unless given; the retired schedule rules never are
  assert.doesNotMatch(html, /fastai|cyclicBounds/);
  const withRules = htmlReport({ analysis: a, suggestions: a.fastai! });
  assert.match(withRules, /<h2>fastai's rules \(shown on request\)<\/h2>/);
  assert.match(withRules, /<td>valley<\/td>/);
});

test('htmlReport puts what is wrong first when confidence is low', () => {
  const flat = { lrs: Array.from({ length: 40 }, (_, i) => 1e-5 * 10 ** (i / 8)), losses: Array.from({ length: 40 }, () => 2.3) };
  const low = htmlReport({ analysis: analyzeCurve(flat) });
  assert.match(low, /class="recommendation confidence-low"/);
  assert.match(low, /<li class="warning"><b>flat<\/b>: /);
  assert.ok(low.indexOf('class="warnings"') < low.indexOf('No rate can be recommended'), 'what is wrong comes first when confidence is low');
});

test('htmlReport embeds a long curve as a reduction that keeps its extremes, and says from how many points', () => {
  const n = 50_000;
  const lrs = Array.from({ length: n }, (_, i) => 1e-6 * 10 ** ((7 * i) / (n - 1)));
  const losses = lrs.map((x, i) => 2 - Math.log10(x) / 10 + (i === 31_337 ? 5 : 0));
  const html = htmlReport({ result: { lrs, losses } });
  const curve = JSON.parse(html.match(/id="lrkit-curve">([\s\S]*?)<\/script>/)![1]);
  assert.equal(curve.reducedFrom, n);
  assert.ok(curve.lrs.length <= 20_000 && curve.lrs.length > 1000);
  assert.ok(curve.losses.includes(losses[31_337]), 'the spike survives');
  assert.equal(curve.lrs[0], lrs[0]);
  assert.equal(curve.lrs.at(-1), lrs[n - 1]);
});
