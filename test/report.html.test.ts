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
  assert.match(html, /<h3>cyclic<\/h3>\n<pre>\{\n  &quot;type&quot;: &quot;cyclic&quot;/);
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
  assert.throws(() => htmlReport({ result, svg: ok, suggestions: [{ name: 1 } as never] }), /suggestions\[0\] must be/);
  assert.match(htmlReport({ result, svg: ok }), /No suggestion could be made/);
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});
