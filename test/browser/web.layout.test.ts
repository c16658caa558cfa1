// The web page as people use it on small screens and from the keyboard, in Chromium: a 390 px
// layout with no sideways scrolling and a chart legend whose entries do not overlap (log and linear
// sweeps), Tab order and Enter / Escape, a download cancelled by Stop, elapsed time and ETA, a
// sampled preview of a 1,000,000-step design, and the screenshots in docs/img.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { pageForSuite, ROOT, runToDone, SKIP_WITHOUT_CHROMIUM, type WebPage } from '../helpers/webPage.js';

interface Box { name: string; left: number; right: number; top: number; bottom: number }

/** Saves a full-page screenshot in test-artifacts/ (and docs/img/ with UPDATE_DOCS_IMG=1). */
async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  const out = join(ROOT, 'test-artifacts', name);
  await mkdir(join(ROOT, 'test-artifacts'), { recursive: true });
  await page.screenshot({ path: out, fullPage });
  if (process.env.UPDATE_DOCS_IMG === '1') {
    await mkdir(join(ROOT, 'docs/img'), { recursive: true });
    await copyFile(out, join(ROOT, 'docs/img', name));
  }
}

async function runSpirals(page: Page, mode: 'exp' | 'linear', numIter = 150): Promise<void> {
  await runToDone(page, {
    select: { '#data': 'spirals', '#backend': 'wasm', '#mode': mode },
    fill: { '#start-lr': mode === 'exp' ? '1e-5' : '0.001', '#end-lr': mode === 'exp' ? '10' : '3', '#num-iter': String(numIter) },
  });
}

interface Plot { left: number; top: number; right: number; bottom: number }

/**
 * What names the chart's lines and markers: the legend's entries (boxes relative to the chart
 * element), the plot's box and the markers' centres (from the chart's data attributes).
 */
async function legend(page: Page): Promise<{ boxes: Box[]; plot: Plot; width: number; markers: { label: string; x: number; y: number }[] }> {
  const el = page.locator('#finder-chart');
  const { boxes, width } = await el.evaluate((chart) => {
    const c = chart.getBoundingClientRect();
    const canvas = chart.querySelector('canvas')!.getBoundingClientRect();
    return {
      width: c.width,
      // Relative to the canvas, the frame of data-plot and data-markers.
      boxes: Array.from(chart.querySelectorAll('[data-testid="chart-legend"] li')).map((li) => {
        const r = li.getBoundingClientRect();
        return { name: li.textContent ?? '', left: r.left - canvas.left, right: r.right - canvas.left, top: r.top - canvas.top, bottom: r.bottom - canvas.top };
      }),
    };
  });
  return { boxes, width, plot: JSON.parse((await el.getAttribute('data-plot')) ?? '{}'), markers: JSON.parse((await el.getAttribute('data-markers')) ?? '[]') };
}

/** The legend lies under the plot (no text over a line), within the chart, its entries apart; every marker inside the plot. */
function assertReadable({ boxes, plot, width, markers }: Awaited<ReturnType<typeof legend>>): void {
  assert.ok(markers.length >= 2, `only ${markers.length} markers drawn`);
  for (const m of markers) assert.ok(m.x >= plot.left && m.x <= plot.right && m.y >= plot.top && m.y <= plot.bottom, `${m.label} at (${m.x}, ${m.y}) is outside the plot ${JSON.stringify(plot)}`);
  for (const m of markers) assert.ok(boxes.some((b) => b.name === m.label), `no legend entry for ${m.label}`);
  for (const [i, a] of boxes.entries()) {
    assert.ok(a.top >= plot.bottom, `legend entry ${a.name} (top ${a.top}) overlaps the plot (bottom ${plot.bottom})`);
    assert.ok(a.left >= -0.5 && a.right <= width + 0.5, `legend entry ${a.name} [${a.left}, ${a.right}] is outside the chart (${width} px)`);
    for (const b of boxes.slice(i + 1)) {
      const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      assert.ok(!overlap, `legend entries ${a.name} and ${b.name} overlap: ${JSON.stringify([a, b])}`);
    }
  }
}

describe('web page layout and keyboard', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let web: WebPage;
  let page: Page;

  pageForSuite({ width: 390, height: 844 }, (w) => {
    web = w;
    page = w.page;
  });

  it('the first screen at 1280x900 says what the page does and what to press, with Run above the fold', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.match((await page.textContent('#finder-chart .empty-state')) ?? '', /Press Run/);
    const run = (await page.locator('#run').boundingBox())!;
    assert.ok(run.y + run.height <= 900, `Run ends at ${run.y + run.height} px, below the fold`);
    assert.ok(await page.locator('header p, body > p, main > p').first().isVisible(), 'a line says what the page does');
    await screenshot(page, 'web-first.png', false);
    await page.setViewportSize({ width: 390, height: 844 });
  });

  it('fits a 390 px screen: no sideways scrolling, a legend under the plot, code blocks not broken mid-word', async () => {
    await runSpirals(page, 'exp');
    await page.check('#show-fastai'); // six markers: the legend must still fit
    assertReadable(await legend(page));
    await page.uncheck('#show-fastai');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), `page is ${await page.evaluate(() => document.documentElement.scrollWidth)} px wide`);
    const pre = await page.locator('#spec-ts').evaluate((el) => ({ ws: getComputedStyle(el).whiteSpace, wb: getComputedStyle(el).wordBreak, scrolls: el.scrollWidth > el.clientWidth }));
    assert.deepEqual({ ws: pre.ws, wb: pre.wb }, { ws: 'pre', wb: 'normal' }, 'code scrolls inside its box instead of breaking identifiers');
    await screenshot(page, 'web-390.png');

    await runSpirals(page, 'linear');
    assertReadable(await legend(page));
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });

  it('at 1280 px the charts take the width, the legend stays apart, the box is above the fold', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await runSpirals(page, 'exp');
    const shown = await legend(page);
    assertReadable(shown);
    assert.ok(shown.plot.right - shown.plot.left > 700, JSON.stringify(shown.plot));
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = (await page.locator('#recommendation').boundingBox())!;
    assert.ok(box.y + box.height <= 900, `the recommendation ends at ${box.y + box.height} px, below the fold`);
    await screenshot(page, 'web-1280.png');
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });

  it('is usable from the keyboard: Tab follows the form, Enter runs, Escape stops; the status shows elapsed time and ETA', async () => {
    await page.focus('#data');
    const order: string[] = [];
    for (let i = 0; i < 8; i++) {
      order.push(await page.evaluate(() => document.activeElement?.id ?? ''));
      await page.keyboard.press('Tab');
    }
    // The built-in MLP is selected, so Hidden layers is in the order; the fields follow the page.
    assert.deepEqual(order, ['data', 'model', 'hidden', 'optimizer', 'batch-size', 'start-lr', 'end-lr', 'num-iter']);
    await page.selectOption('#data', 'spirals');
    await page.fill('#num-iter', '20000');
    await page.fill('#end-lr', '1');
    await page.focus('#num-iter');
    await page.keyboard.press('Enter');
    // A long run: wait for the live status to report time, then stop it with Escape.
    await page.locator('#status').filter({ hasText: /Iteration \d+ \/ 20000, .* elapsed, about .* left/ }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await page.locator('#status[data-state="aborted"]').waitFor({ timeout: 30_000 });
    assert.match((await page.textContent('#status')) ?? '', /Stopped: aborted after \d+ iterations in [\d.]+ (ms|s|min)/);
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });

  it('Stop cancels the MNIST download and keeps the last result', async () => {
    const fresh = await web.newPage(); // nothing loaded in this tab yet
    const points = await fresh.getAttribute('#finder-chart', 'data-points'); // restored from the last visit
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await fresh.route('**/mnist-train-5k.bin', async (route) => {
      await held;
      await route.abort().catch(() => undefined);
    });
    await fresh.selectOption('#data', 'mnist');
    await fresh.selectOption('#backend', 'wasm');
    await fresh.click('#run');
    await fresh.locator('#status').filter({ hasText: /Loading mnist/ }).waitFor();
    await fresh.click('#stop');
    await fresh.locator('#status[data-state="aborted"]').waitFor({ timeout: 10_000 });
    assert.match((await fresh.textContent('#status')) ?? '', /while loading.*last result is kept/);
    assert.equal(await fresh.getAttribute('#finder-chart', 'data-points'), points);
    assert.equal(await fresh.isEnabled('#run'), true);
    release();
    await fresh.unroute('**/mnist-train-5k.bin');
    await fresh.close();
    // An aborted fetch is reported by Chromium as a failed load; nothing else may be.
    assert.deepEqual(web.problems.filter((p) => !/mnist-train-5k|ERR_ABORTED|Failed to load resource/.test(p)), []);
    web.problems.length = 0;
  });

  it('previews a 1,000,000-step design from a sample and still downloads every step', async () => {
    await page.selectOption('#policy', 'triangular');
    await page.fill('#epochs', '1000');
    await page.fill('#steps-per-epoch', '1000');
    await page.locator('#schedule-note').filter({ hasText: 'one point every 250 steps of 1,000,000' }).waitFor();
    assert.ok(Number(await page.getAttribute('#schedule-chart', 'data-points')) <= 4001);
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#download-svg')]);
    const svgBytes = (await readFile(await svg.path())).length;
    assert.ok(svgBytes < 1_000_000, `the SVG of the preview is ${svgBytes} bytes`);

    await page.fill('#epochs', '10');
    await page.fill('#steps-per-epoch', '1000');
    await page.locator('#schedule-note').filter({ hasText: 'one point every 3 steps of 10,000' }).waitFor();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const lines = (await readFile(await csv.path(), 'utf8')).trim().split('\n');
    assert.equal(lines.length, 10_001, 'header + every step');
    await page.fill('#epochs', '10');
    await page.fill('#steps-per-epoch', '79');
    await page.waitForFunction(() => document.getElementById('schedule-note')?.textContent === '');
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });
});
