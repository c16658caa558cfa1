// The range-test chart as DRAWN, in Chromium at 1280 x 900: its canvas is read back and decoded
// (test/helpers/webPage.ts chartImage), and the tests count pixels of each line's colour in the plot
// and look for each marker's colour at the x of the rate the recommendation box gives. An opened,
// a run's and a restored curve; the EMA and fastai's rules on request; earlier curves as removable
// overlays; a dropped curve; the plot as PNG and SVG; the box above the chart, above the fold.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { chartImage, type ChartImage, pageForSuite, pixelsOf, rgb, runToDone, SKIP_WITHOUT_CHROMIUM, type WebPage, xOf } from '../helpers/webPage.js';

// The chart's colours (web/src/finderChart.ts COLORS, OVERLAY_COLORS).
const CENTRED = rgb('#1f4fa0');
const CONSTANT = rgb('#d62728');
const ONE_CYCLE = rgb('#2ca02c');
const EMA = rgb('#e07b00');
const FIRST_OVERLAY = rgb('#9aa0aa');

/** A range test as another tool logs it: the loss falls over three decades, then blows up; `shift` moves it along lr. */
function curveFile(name: string, shift = 1): { name: string; mimeType: string; buffer: Buffer } {
  const lrs = Array.from({ length: 100 }, (_, i) => shift * 1e-6 * 10 ** ((7 * i) / 99));
  const losses = lrs.map((lr, i) => 2.3 - 2 / (1 + Math.exp(-3 * (Math.log10(lr / shift) + 3))) + (lr > 0.3 * shift ? (20 * (lr - 0.3 * shift)) / shift : 0) + 0.01 * Math.sin(i));
  return { name, mimeType: 'application/octet-stream', buffer: Buffer.from(JSON.stringify({ lr: lrs, loss: losses })) };
}

async function open(page: Page, file: ReturnType<typeof curveFile>): Promise<void> {
  await page.locator('[data-testid="curve-file"]').setInputFiles(file);
  await page.waitForFunction((n) => document.getElementById('status')?.textContent?.startsWith(`Opened ${n}`), file.name, { timeout: 15_000 });
}

/** The box's rates. */
async function boxRates(page: Page): Promise<{ constant: number; oneCycle: number }> {
  const d = await page.locator('#recommendation').evaluate((el) => ({ ...(el as HTMLElement).dataset }));
  return { constant: Number(d.constant), oneCycle: Number(d.oneCycle) };
}

/** Asserts the colour is drawn as a marker centred at lr's x, on the centred curve. */
function assertMarkerAt(img: ChartImage, color: [number, number, number], lr: number, what: string): void {
  const px = pixelsOf(img, color, 30);
  assert.ok(px.length >= 20, `${what}: only ${px.length} pixels of its colour on the chart`);
  const x = px.reduce((s, p) => s + p.x, 0) / px.length;
  const y = px.reduce((s, p) => s + p.y, 0) / px.length;
  const want = xOf(img, lr);
  assert.ok(Math.abs(x - want) <= 3, `${what} (${lr}) is drawn at x ${x.toFixed(1)}, not at ${want.toFixed(1)}`);
  // On the bold line: its colour is drawn right around the marker.
  const near = pixelsOf(img, CENTRED, 30).filter((p) => Math.abs(p.x - x) <= 14 && Math.abs(p.y - y) <= 14);
  assert.ok(near.length > 0, `${what} at (${x.toFixed(0)}, ${y.toFixed(0)}) is not on the centred curve`);
}

describe('the range-test chart, as drawn', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let web: WebPage;
  let page: Page;

  pageForSuite({ width: 1280, height: 900 }, (w) => {
    web = w;
    page = w.page;
  });

  it('the first screen says what to do: an empty state, no bare table, no plot to download', async () => {
    assert.match((await page.textContent('#finder-chart .empty-state')) ?? '', /Press Run/);
    assert.equal(await page.isHidden('#suggestions'), true);
    assert.equal(await page.isHidden('#recommendation'), true);
    assert.equal(await page.isDisabled('#download-plot-png'), true);
    // Menus show their choices whole ("MNIST (5,000 training digits)", not "MNIST (5,000 training digit").
    const cut = await page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      return Array.from(document.querySelectorAll('select')).flatMap((s) => {
        if (s.offsetParent === null) return []; // hidden with its field
        ctx.font = getComputedStyle(s).font;
        const widest = Math.max(...Array.from(s.options).map((o) => ctx.measureText(o.text).width));
        // The arrow and padding take 20 px of a select's width (Chromium sizes an unstyled one so).
        return widest + 20 > s.clientWidth ? [`${s.id}: ${Math.ceil(widest)} px of text in ${s.clientWidth} px`] : [];
      });
    });
    assert.deepEqual(cut, []);
  });

  it('draws an opened curve file: the centred curve bold, a marker at each of the box\'s rates', async () => {
    await open(page, curveFile('history.json'));
    const img = await chartImage(page);
    const line = pixelsOf(img, CENTRED);
    assert.ok(line.length > 1000, `only ${line.length} pixels of the centred curve in the plot`);
    // It spans the plot, not a corner of it.
    const xs = line.map((p) => p.x);
    assert.ok(Math.max(...xs) - Math.min(...xs) > 0.6 * (img.plot.right - img.plot.left), 'the curve does not span the plot');
    const rates = await boxRates(page);
    assertMarkerAt(img, CONSTANT, rates.constant, 'the constant rate');
    assertMarkerAt(img, ONE_CYCLE, rates.oneCycle, 'the one-cycle peak');
    assert.equal(pixelsOf(img, EMA).length, 0, 'the EMA is drawn without being asked for');
    // The headline says the same numbers, in the box above the chart, above the fold.
    const headline = (await page.textContent('[data-testid="headline"]')) ?? '';
    assert.ok(headline.includes(rates.constant.toExponential(2).replace('e+', 'e')), headline);
    assert.ok(headline.includes(rates.oneCycle.toExponential(2).replace('e+', 'e')), headline);
    const box = (await page.locator('#recommendation').boundingBox())!;
    const chart = (await page.locator('#finder-chart').boundingBox())!;
    assert.ok(box.y + box.height <= chart.y, 'the box is above the chart');
    assert.ok(box.y + box.height <= 900, `the box ends at ${box.y + box.height}, below the fold`);
    // What the reader noticed about the file is on the page.
    assert.match((await page.textContent('[data-testid="curve-notes"]')) ?? '', /pytorch-lr-finder/);
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });

  it('draws the EMA and fastai\'s rules only on request, and never the older rules', async () => {
    await page.check('#show-ema');
    assert.ok(pixelsOf(await chartImage(page), EMA).length > 300, 'the EMA is not drawn when asked for');
    await page.uncheck('#show-ema');
    assert.equal(await page.isHidden('#suggestions'), true);
    await page.check('#show-fastai');
    const rows = await page.locator('#suggestions tbody tr[data-name]').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.name));
    assert.deepEqual(rows, ['valley', 'steep', 'minimum', 'slide']);
    assert.match((await page.textContent('#suggestions')) ?? '', /fastai valley/);
    const text = await page.locator('#finder').innerText();
    assert.doesNotMatch(text, /cyclicBounds|oneCycle\b/, 'an older rule is shown');
    await page.uncheck('#show-fastai');
    assert.equal(await page.isHidden('#suggestions'), true);
  });

  it('draws a curve dropped on the range-test section', async () => {
    const file = curveFile('dropped.json', 3);
    // A drop as the browser delivers it: a DataTransfer holding the file, on the section.
    await page.evaluate(({ name, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name));
      document.getElementById('finder')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, { name: file.name, text: file.buffer.toString() });
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Opened dropped.json'), undefined, { timeout: 15_000 });
    const img = await chartImage(page);
    assert.ok(pixelsOf(img, CENTRED).length > 1000, 'the dropped curve is not drawn');
    assertMarkerAt(img, CONSTANT, (await boxRates(page)).constant, 'the dropped curve\'s constant rate');
    // Back to the first curve for the tests below (the dropped one stays as an overlay until removed).
    await open(page, curveFile('history.json'));
    await page.locator('[data-testid="overlays"] li[data-label]').getByRole('button').first().click();
    await page.locator('[data-testid="overlays"] li[data-label]').getByRole('button').first().click();
    assert.equal(await page.isHidden('[data-testid="overlays"]'), true);
  });

  it('says what the reader noticed in a log: rows skipped or merged', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${1e-5 * 1.5 ** i},${2 - i / 40}`);
    rows.splice(5, 0, `${1e-5 * 1.5 ** 4},1.9`); // the lr of the row before: merged
    await open(page, { name: 'gaps.csv', mimeType: 'text/csv', buffer: Buffer.from(`lr,loss\n${rows.join('\n')}\n0.5,\n`) });
    const notes = (await page.textContent('[data-testid="curve-notes"]')) ?? '';
    assert.match(notes, /missing-values: 1 row\(s\) with an empty "lr" or "loss" cell were skipped/);
    assert.match(notes, /duplicate-lrs: 1 point\(s\) repeat the learning rate/);
    assert.ok(pixelsOf(await chartImage(page), CENTRED).length > 300, 'the curve is not drawn');
    // Back to the first curve, the comparison emptied, for the tests below.
    await open(page, curveFile('history.json'));
    for (let n = 0; n < 2; n++) await page.locator('[data-testid="overlays"] li[data-label]').getByRole('button').first().click();
    assert.equal(await page.isHidden('[data-testid="overlays"]'), true);
  });

  it('keeps the last curves as faint overlays, each removable', async () => {
    await open(page, curveFile('second.json', 10));
    const list = page.locator('[data-testid="overlays"] li[data-label]');
    assert.deepEqual(await list.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.label)), ['history.json']);
    assert.ok(pixelsOf(await chartImage(page), FIRST_OVERLAY, 12).length > 200, 'the earlier curve is not drawn');
    // At most four stay.
    for (const n of [3, 4, 5, 6]) await open(page, curveFile(`curve-${n}.json`, n));
    assert.equal(await list.count(), 4);
    assert.equal(await list.first().getAttribute('data-label'), 'second.json');
    for (let n = 4; n > 0; n--) {
      await list.first().getByRole('button', { name: /^remove / }).click();
      assert.equal(await list.count(), n - 1);
    }
    assert.equal(await page.isHidden('[data-testid="overlays"]'), true);
    assert.equal(pixelsOf(await chartImage(page), FIRST_OVERLAY, 12).length, 0, 'a removed curve is still drawn');
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });

  it('downloads the plot as PNG and SVG, with the recommendation and the legend', async () => {
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#download-plot-png')]);
    assert.match(png.suggestedFilename(), /^lrkit-range-test-curve-6\.json\.png$/, 'the plot of the curve shown (the last opened)');
    const image = PNG.sync.read(await readFile(await png.path()));
    assert.ok(image.width >= 1200 && image.height >= 600, `PNG ${image.width} x ${image.height}`);
    let bold = 0;
    for (let i = 0; i < image.data.length; i += 4) if (Math.abs(image.data[i] - CENTRED[0]) < 24 && Math.abs(image.data[i + 1] - CENTRED[1]) < 24 && Math.abs(image.data[i + 2] - CENTRED[2]) < 24) bold++;
    assert.ok(bold > 1000, `only ${bold} pixels of the centred curve in the PNG`);
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#download-plot-svg')]);
    const text = await readFile(await svg.path(), 'utf8');
    assert.match(text, /^<svg[\s\S]*<\/svg>\s*$/);
    const rates = await boxRates(page);
    for (const want of ['lrkit range test: curve-6.json', `constant ${rates.constant.toExponential(2).replace('e+', 'e')}`, 'one-cycle peak', 'loss, centred']) assert.ok(text.includes(want), `the SVG lacks "${want}"`);
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });

  it('marks a run\'s recommendation at the box\'s numbers, and draws the restored curve after a reload', async () => {
    await runToDone(page, { select: { '#data': 'spirals', '#backend': 'wasm', '#mode': 'exp' }, fill: { '#start-lr': '1e-5', '#end-lr': '10', '#num-iter': '100' } });
    const rates = await boxRates(page);
    assert.ok(rates.constant > 0 && rates.oneCycle > 0, `the run gave no rates: ${JSON.stringify(rates)}`);
    const img = await chartImage(page);
    assert.ok(pixelsOf(img, CENTRED).length > 1000, 'the run\'s centred curve is not drawn');
    assertMarkerAt(img, CONSTANT, rates.constant, 'the run\'s constant rate');
    assertMarkerAt(img, ONE_CYCLE, rates.oneCycle, 'the run\'s one-cycle peak');

    await page.reload();
    await page.locator('#status[data-stop-reason="restored"]').waitFor({ timeout: 15_000 });
    assert.deepEqual(await boxRates(page), rates);
    const restored = await chartImage(page);
    assert.ok(pixelsOf(restored, CENTRED).length > 1000, 'the restored curve is not drawn');
    assertMarkerAt(restored, CONSTANT, rates.constant, 'the restored constant rate');
    assertMarkerAt(restored, ONE_CYCLE, rates.oneCycle, 'the restored one-cycle peak');
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });
});
