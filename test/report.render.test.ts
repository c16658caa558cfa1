import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { PNG } from 'pngjs';
import { DEFAULT_FONT_FILES, checkFontFiles, lrFinderPlot, renderPng, renderSvg } from '../src/report/index.js';
import { synthCurve } from './helpers/curves.js';

// The PNG tests need the DejaVu fonts. They fail, never skip, when the fonts are missing, so a
// machine without them cannot pass the suite with the text-rendering checks silently not run.
const missingFonts = DEFAULT_FONT_FILES.filter((f) => !existsSync(f));
const FONT_HELP = `DejaVu fonts missing: ${missingFonts.join(', ')}. The PNG render tests need them: ` +
  'install fonts-dejavu-core (apt-get install fonts-dejavu-core; CI installs it in .ci/run).';

function requireFonts(): void {
  assert.deepEqual(missingFonts, [], FONT_HELP);
}

test('the DejaVu fonts the PNG renderer draws text with are installed', () => {
  requireFonts();
  assert.doesNotThrow(() => checkFontFiles(DEFAULT_FONT_FILES));
});

const spec = lrFinderPlot({ runs: [synthCurve()], suggestions: [{ name: 'valley', lr: 2e-3 }], width: 400, height: 250 });

/** Pixels darker than a mid grey inside a rectangle. */
function darkPixels(png: PNG, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      if (png.data[i] < 110 && png.data[i + 1] < 110 && png.data[i + 2] < 110) n++;
    }
  }
  return n;
}

test('renderSvg gives an SVG with DejaVu text and is deterministic', async () => {
  const a = await renderSvg(spec);
  const b = await renderSvg(spec);
  assert.match(a, /^<svg[^>]*width="\d+"/);
  assert.match(a, /font-family="DejaVu Sans"/);
  assert.ok(a === b, "same spec, same SVG");
});

test('renderPng decodes to the requested size, identical bytes each time', async () => {
  requireFonts();
  const svg = await renderSvg(spec);
  const natural = Number(/width="(\d+)"/.exec(svg)![1]);
  const naturalH = Number(/height="(\d+)"/.exec(svg)![1]);
  const buf = await renderPng(svg, { width: 800 });
  assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const png = PNG.sync.read(buf);
  assert.equal(png.width, 800);
  assert.equal(png.height, Math.round((naturalH * 800) / natural));
  assert.deepEqual(await renderPng(svg, { width: 800 }), buf);
  // a spec is rendered through renderSvg; default width is the SVG's own
  const fromSpec = PNG.sync.read(await renderPng(spec));
  assert.deepEqual([fromSpec.width, fromSpec.height], [natural, naturalH]);
});

test('text is really drawn: labels add dark pixels, notably in the x-axis title area', async () => {
  requireFonts();
  const svg = await renderSvg(spec);
  const noText = svg.replace(/<text[^>]*>[^<]*<\/text>/g, '');
  assert.ok(noText.length < svg.length);
  const withText = PNG.sync.read(await renderPng(svg));
  const without = PNG.sync.read(await renderPng(noText));
  const { width: w, height: h } = withText;
  const all = darkPixels(withText, 0, 0, w, h);
  const allNo = darkPixels(without, 0, 0, w, h);
  assert.ok(all > allNo + 1500, `text adds dark pixels: ${all} vs ${allNo}`);
  // "learning rate (log scale)" sits centred under the plot, above the legend: some 22-pixel strip
  // of the middle columns holds its text and nothing else.
  const [x0, x1] = [Math.round(w * 0.3), Math.round(w * 0.75)];
  let best = { title: 0, titleNo: -1 };
  for (let y = 0; y + 22 <= h; y += 2) {
    const title = darkPixels(withText, x0, y, x1, y + 22);
    const titleNo = darkPixels(without, x0, y, x1, y + 22);
    if (titleNo === 0 && title > best.title) best = { title, titleNo };
  }
  assert.ok(best.title > 150, `axis title pixels ${best.title} in a strip without any other ink`);
});

test('missing fonts and bad input give clear errors', async () => {
  await assert.rejects(renderPng('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', { fontFiles: ['/nope/DejaVuSans.ttf'] }),
    /font file not found: \/nope\/DejaVuSans\.ttf; .*fontFiles/);
  assert.throws(() => checkFontFiles([]), /checkFontFiles: fontFiles must be a non-empty array of font file paths, got \[\]$/);
  await assert.rejects(renderPng('<html></html>'), (e: Error) => e instanceof TypeError && /^renderPng: input must be an SVG string \(starting with <svg\) or a vega-lite spec object, got "<html><\/html>"$/.test(e.message));
  await assert.rejects(renderPng(spec, { width: 0 }), (e: Error) => e instanceof RangeError && /^renderPng: width must be an integer from 1 to 16384, got 0$/.test(e.message));
  await assert.rejects(renderSvg(null as never), (e: Error) => e instanceof TypeError && /^renderSvg: spec must be a vega-lite spec object, got null$/.test(e.message));
  await assert.rejects(renderSvg({ mark: 'nonsense-mark' }), (e: Error) => e instanceof RangeError && /invalid vega-lite spec/.test(e.message));
});
