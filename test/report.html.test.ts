import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, htmlReport, lrFinderPlot, renderSvg } from '../src/report/index.js';

const result = { lrs: [1e-5, 1e-4, 1e-3, 1e-2], losses: [2.3, 2.0, 1.2, NaN], smoothed: [2.3, 2.2, 1.8, 1.8], stopReason: 'non-finite' };

test('htmlReport is one self-contained page with inline SVG, suggestions, schedules and escaped text', async () => {
  const suggestions = [{ name: 'valley', lr: 3.2e-4, index: 1, loss: 2.0 }];
  const svg = await renderSvg(lrFinderPlot({ runs: [result], suggestions }));
  const html = htmlReport({
    result, suggestions, svg,
    recommended: { cyclic: { type: 'cyclic', baseLr: 3.2e-5, maxLr: 3.2e-4, note: '</script><b>x</b>' }, oneCycle: { type: 'oneCycle', maxLr: 3.2e-4 } },
    meta: { model: '<img src=x onerror=alert(1)>', seed: 7, skipped: undefined },
    title: 'Run "A" & B',
  });
  assert.match(html, /^<!DOCTYPE html>/);
  assert.doesNotMatch(html, /<(link|img|iframe)\b|\ssrc="|href="http/i, 'no external resources or injected tags');
  assert.match(html, /<title>Run &quot;A&quot; &amp; B<\/title>/);
  assert.match(html, /<td>&lt;img src=x onerror=alert\(1\)&gt;<\/td>/);
  assert.doesNotMatch(html, /skipped/);
  assert.ok(html.includes('<figure>\n<svg'), 'SVG inlined');
  assert.match(html, /valley 3\.2e-4/); // label inside the SVG
  assert.match(html, /<td>valley<\/td><td class="num">3\.2e-4<\/td>/);
  // JSON specs stay readable (quotes need no escaping in element text) while tags are escaped
  assert.match(html, /<h3>cyclic<\/h3>\n<pre>\{\n  "type": "cyclic"/);
  assert.match(html, /"note": "&lt;\/script&gt;&lt;b&gt;x&lt;\/b&gt;"/);
  assert.match(html, /<h3>oneCycle<\/h3>/);
  assert.match(html, /stop reason<\/th><td>non-finite/);
  // exactly one script block (the data), and its JSON parses back with '<' escaped
  const scripts = [...html.matchAll(/<script type="application\/json" id="lrkit-curve">([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  const data = JSON.parse(scripts[0][1]);
  assert.deepEqual(data.lrs, result.lrs);
  assert.equal(data.losses[3], null);
});

test('htmlReport refuses unsafe or missing SVG and bad inputs', () => {
  const ok = '<svg xmlns="http://www.w3.org/2000/svg"></svg>';
  assert.throws(() => htmlReport({ result, svg: '<div>' }), (e: Error) => e instanceof TypeError && /svg must be an SVG document string/.test(e.message));
  assert.throws(() => htmlReport({ result, svg: '<svg><script>alert(1)</script></svg>' }), (e: Error) => e instanceof RangeError && /scripts/.test(e.message));
  assert.throws(() => htmlReport({ result, svg: '<svg onload="x()"></svg>' }), RangeError);
  assert.throws(() => htmlReport({ result: { lrs: [1], losses: [] }, svg: ok }), /result\.lrs \(length 1\)/);
  assert.throws(() => htmlReport({ result, svg: ok, suggestions: [{ name: 1 } as never] }), /suggestions\[0\]\.name must be a non-empty string, got 1/);
  assert.match(htmlReport({ result, svg: ok }), /No suggestion could be made/);
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('htmlReport takes suggest.all() output, notes per schedule, and no SVG for a curve too short to plot', async () => {
  const { suggest } = await import('../src/suggestions/index.js');
  const lrs = Array.from({ length: 40 }, (_, i) => 1e-5 * 10 ** (i / 8));
  const losses = lrs.map((lr) => 2 - Math.log10(lr) / 10 + (lr > 0.1 ? lr * 5 : 0));
  const set = suggest.all({ lrs, losses });
  const html = htmlReport({ result: { lrs, losses }, suggestions: set, recommended: { cyclic: { type: 'cyclic' } }, notes: { cyclic: 'half cycle 4 "epochs"' } });
  for (const name of ['valley', 'steep', 'minimum', 'slide', 'oneCycle', 'cyclicBounds']) assert.match(html, new RegExp(`<td>${name}</td>`), name);
  const b = set.cyclicBounds;
  assert.ok(html.includes(`<td class="num">${b.baseLr.toExponential(1).replace('e+', 'e')} … ${b.maxLr.toExponential(1).replace('e+', 'e')}</td>`), 'cyclic bounds as a range');
  assert.match(html, /<h3>cyclic<\/h3>\n<p>half cycle 4 &quot;epochs&quot;<\/p>\n<pre>/);
  assert.match(html, /<p>Too few points to plot\.<\/p>/);
  assert.doesNotMatch(html, /<figure>/);
  assert.throws(() => htmlReport({ result, notes: { cyclic: 3 } as never }), (e: Error) => e instanceof TypeError && /notes must be an object of strings/.test(e.message));
  assert.throws(() => htmlReport({ result, suggestions: 'valley' as never }), (e: Error) => e instanceof TypeError && /suggestions must be an array or the object suggest\.all\(\) returns, got string/.test(e.message));
});

test('htmlReport leads with the recommendation: confidence, one row per use, and warnings first when it is low', () => {
  const rec = {
    constant: { lr: 3e-3, rule: 'the knee' }, oneCycle: { maxLr: 0.1, rule: 'lowest point', options: { maxLr: 0.1 } },
    cyclic: { baseLr: 0.025, maxLr: 0.1, stepSizeUp: 400, rule: 'bounds' },
    confidence: 'high' as const, warnings: [],
  };
  const html = htmlReport({ result, recommendation: rec, suggestions: [{ name: 'valley', lr: 3.2e-4 }] });
  assert.match(html, /<h2>Recommendation \(confidence: high\)<\/h2>/);
  assert.match(html, /<td>constant rate<\/td><td class="num">3\.0e-3<\/td><td>the knee<\/td>/);
  assert.match(html, /<td>cyclic bounds<\/td><td class="num">2\.5e-2 … 1\.0e-1<\/td><td>bounds; stepSizeUp 400<\/td>/);
  assert.ok(html.indexOf('Recommendation (') < html.indexOf('<h2>Other rules</h2>'), 'the recommendation comes before the other rules');
  const low = htmlReport({
    result, recommendation: { ...rec, constant: null, oneCycle: null, cyclic: null, confidence: 'low', warnings: [{ code: 'flat', message: 'no <descent>' }] },
  });
  assert.match(low, /class="recommendation confidence-low"/);
  assert.match(low, /<li class="warning"><b>flat<\/b>: no &lt;descent&gt;<\/li>/);
  assert.ok(low.indexOf('class="warnings"') < low.indexOf('No rate can be recommended'), 'what is wrong comes first when confidence is low');
});
