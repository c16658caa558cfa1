// End-to-end test of the web page in real Chromium (Debian /usr/bin/chromium + playwright-core):
// opens the built page (test/helpers/webPage.ts), runs range tests on the wasm and webgl
// (SwiftShader) backends, downloads the curve, drives the Stop button, and fails on any console
// error or uncaught page error (the forms, files and links are in web.forms.test.ts). Without Chromium the suite
// is skipped, except under CI (process.env.CI set), where that is a failure.
// Leaves test-artifacts/web.png.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { fmtRate } from '../../src/index.js';
import { parseCurveCsv } from '../../src/io/csv.js';
import { parseCurveJson } from '../../src/io/json.js';
import { applySettings, downloadFile, fastaiRows, pageForSuite, ROOT, type RunSettings, runToDone, SKIP_WITHOUT_CHROMIUM, type WebPage } from '../helpers/webPage.js';

const root = ROOT;

describe('web page in Chromium', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let web: WebPage;
  let page: Page;
  let problems: string[] = [];

  pageForSuite({ width: 1120, height: 900 }, (w) => {
    web = w;
    page = w.page;
    problems = web.problems;
  });

  /** An MNIST range test on wasm from 1e-5 to 10 in `numIter` steps. */
  const rangeSettings = (numIter: number): RunSettings => ({
    select: { '#backend': 'wasm', '#data': 'mnist' },
    fill: { '#start-lr': '1e-5', '#end-lr': '10', '#num-iter': String(numIter) },
  });

  const downloadText = (button: string) => downloadFile(page, button);
  const suggestionRows = () => fastaiRows(page);

  /**
   * Pixels of the finder chart in the recommendation's marker colours: strongly red (constant
   * #d62728) and strongly green (one-cycle #2ca02c). The loss lines are blue and the axes grey, so
   * both counts are 0 on a chart without markers.
   */
  async function markerPixels(): Promise<{ red: number; green: number }> {
    return page.locator('#finder-chart canvas').evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let red = 0;
      let green = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] === 0) continue;
        if (d[i] - Math.max(d[i + 1], d[i + 2]) > 100) red++;
        if (d[i + 1] - Math.max(d[i], d[i + 2]) > 80) green++;
      }
      return { red, green };
    });
  }

  const chartData = async (key: 'points') => (await page.locator('#finder-chart').getAttribute(`data-${key}`)) ?? '';
  const precision3 = (v: number) => Number(v.toPrecision(3));

  it('runs a range test on wasm and suggests a finite LR inside the range', async () => {
    await runToDone(page, rangeSettings(100));
    assert.equal(await page.textContent('#backend-used'), 'wasm');
    const state = await page.locator('#status').evaluate((el) => ({ ...(el as HTMLElement).dataset }));
    assert.ok(['completed', 'diverged'].includes(state.stopReason ?? ''), `stop reason ${state.stopReason}`);
    assert.ok(Number(state.iterations) >= 10, `only ${state.iterations} iterations ran`);

    const rows = await suggestionRows();
    const names = rows.map((r) => r.name);
    // fastai's rules only: the older cyclicBounds and oneCycle rules are not shown (the recommendation gives those uses).
    for (const name of ['valley', 'steep', 'minimum']) assert.ok(names.includes(name), `no ${name} row in ${names}`);
    for (const name of ['oneCycle', 'cyclicBounds']) assert.ok(!names.includes(name), `an older rule's row (${name}) is shown`);
    for (const r of rows) {
      assert.ok(Number.isFinite(r.lr), `${r.name} suggestion ${r.lr} is not finite`);
      assert.ok(r.lr >= 1e-5 && r.lr <= 10, `${r.name} suggestion ${r.lr} is outside [1e-5, 10]`);
      assert.equal(r.text, r.lr.toExponential(2).replace('e+', 'e'), `${r.name} row shows ${r.text}: not 3 significant digits`);
    }
    // The recommendation's two markers are drawn over the full curve (their colours are on the
    // canvas; 0 red or green pixels while running: see the Stop test), then fastai's behind the toggle.
    assert.equal(await chartData('points'), state.iterations);
    const drawn = JSON.parse((await page.getAttribute('#finder-chart', 'data-markers')) ?? '[]') as { label: string }[];
    const boxed = await page.locator('#recommendation').evaluate((el) => ({ ...(el as HTMLElement).dataset }));
    const uses = [...(boxed.constant ? ['constant'] : []), ...(boxed.oneCycle ? ['one-cycle'] : [])];
    assert.deepEqual(drawn.map((m) => m.label.split(' ')[0]), [...uses, ...names.map(() => 'fastai')]);
    await page.uncheck('#show-fastai');
    const px = await markerPixels();
    if (uses.length === 2) assert.ok(px.red > 30 && px.green > 30, `marker pixels on the chart: ${JSON.stringify(px)}`);

    // The recommendation is shown first and, when sure enough, prefills the designer: one-cycle
    // takes its one-cycle maxLr, the cyclical policies its cyclic bounds.
    const rec = await page.locator('#recommendation').evaluate((el) => ({ ...(el as HTMLElement).dataset }));
    assert.ok(['high', 'medium', 'low'].includes(rec.confidence ?? ''), `confidence ${rec.confidence}`);
    assert.ok(['high', 'medium', 'low'].includes(rec.oneCycleConfidence ?? ''), `one-cycle confidence ${rec.oneCycleConfidence}`);
    assert.equal(rec.constantConfidence === 'high', false, 'a constant rate is never high');
    const headlineText = (await page.textContent('[data-testid="headline"]')) ?? '';
    if (rec.constant && rec.oneCycle) assert.equal(headlineText, `one-cycle peak ${fmtRate(Number(rec.oneCycle))} (confidence ${rec.oneCycleConfidence}) · constant ${fmtRate(Number(rec.constant))} (confidence ${rec.constantConfidence})`);
    for (const v of [rec.constant, rec.oneCycle, rec.baseLr, rec.maxLr]) if (v !== undefined) assert.ok(Number(v) >= 1e-5 && Number(v) <= 10, `recommended ${v}`);
    if (rec.confidence !== 'low') {
      assert.match((await page.textContent('#prefill-note')) ?? '', /filled from the recommendation/);
      assert.equal(await page.inputValue('#policy'), 'one-cycle');
      assert.equal(Number(await page.inputValue('#max-lr')), precision3(Number(rec.oneCycle)));
      await page.selectOption('#policy', 'triangular');
      assert.equal(Number(await page.inputValue('#max-lr')), precision3(Number(rec.maxLr)));
      assert.equal(Number(await page.inputValue('#min-lr')), precision3(Number(rec.baseLr)));
      assert.ok(Number(rec.baseLr) < Number(rec.maxLr));
      await page.selectOption('#policy', 'one-cycle');
      assert.equal(Number(await page.inputValue('#max-lr')), precision3(Number(rec.oneCycle)));
    } else {
      assert.match((await page.textContent('#prefill-note')) ?? '', /not filled: confidence is low/);
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  it('downloads the range-test curve as CSV and JSON in the files lrkit analyze reads', async () => {
    const iterations = Number(await page.locator('#status').getAttribute('data-iterations'));
    const csv = await downloadText('#download-curve-csv');
    assert.match(csv.name, /^lrkit-range-test-mnist-momentum\.csv$/);
    assert.match(csv.text.split('\n')[0], /^iteration,lr,loss,smoothed$/);
    const curve = parseCurveCsv(csv.text);
    assert.equal(curve.lrs.length, iterations);
    assert.deepEqual([curve.columns.lr, curve.columns.loss, curve.columns.smoothed], ['lr', 'loss', 'smoothed']);
    assert.equal(curve.lrs[0], 1e-5);
    assert.ok(curve.lrs.every((lr, i) => i === 0 || lr > curve.lrs[i - 1]), 'lrs increase');
    assert.ok(curve.lrs.at(-1)! <= 10);

    const json = await downloadText('#download-curve-json');
    assert.match(json.name, /^lrkit-range-test-mnist-momentum\.json$/);
    const saved = parseCurveJson(json.text);
    // The same run in both files, with what the page showed.
    assert.deepEqual(saved.lrs, curve.lrs);
    assert.deepEqual(saved.losses, curve.losses);
    assert.deepEqual(saved.smoothed, curve.smoothed);
    assert.equal(saved.iterations, iterations);
    assert.equal(saved.stopReason, await page.locator('#status').getAttribute('data-stop-reason'));
    assert.equal(saved.startLr, 1e-5);
    assert.equal(saved.numIter, 100);
    assert.equal((saved as Record<string, unknown>).backend, 'wasm');
    const shown = new Map((await suggestionRows()).map((r) => [r.name, r.lr]));
    for (const name of ['valley', 'steep', 'minimum']) {
      const s = saved.suggestions?.find((x) => x.name === name);
      assert.ok(s, `no ${name} in the JSON`);
      assert.equal(s.lr, shown.get(name), name);
    }

    // `lrkit analyze` reads the CSV and, from its smoothed column, finds what the page showed.
    const dir = await mkdtemp(join(tmpdir(), 'lrkit-web-curve-'));
    try {
      const file = join(dir, csv.name);
      await writeFile(file, csv.text);
      const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'bin/lrkit.js'), 'analyze', file, '--json', '--out', join(dir, 'out')], { cwd: root });
      const analysis = JSON.parse(stdout) as { points: number; smoothing: string; fastai: Record<string, { lr: number }>; recommendation: { constant: { lr: number } | null } };
      assert.equal(analysis.points, iterations);
      assert.equal(analysis.smoothing, 'from file');
      for (const name of ['valley', 'steep', 'minimum']) assert.equal(analysis.fastai[name].lr, shown.get(name), name);
      // The same answer as the page's box.
      const boxed = await page.getAttribute('#recommendation', 'data-constant');
      assert.equal(analysis.recommendation.constant === null ? null : String(analysis.recommendation.constant.lr), boxed);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  it('saves a screenshot of the page', async () => {
    await page.selectOption('#policy', 'one-cycle');
    const out = join(root, 'test-artifacts/web.png');
    await mkdir(join(root, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: out, fullPage: true });
    assert.ok((await stat(out)).size > 10_000);
    // docs/img's pictures come from web.layout.test.ts (390 and 1280 px).
  });

  it('draws the curve live while running and stops when Stop is pressed', async () => {
    await applySettings(page, rangeSettings(5000));
    const designerBefore = await page.inputValue('#max-lr');
    await page.click('#run');
    assert.equal(await page.isDisabled('#download-curve-csv'), true, 'the previous curve is not downloadable during a new run');
    // Two samples of the plotted points while the run goes on: the chart grows during the run.
    const plotted = (atLeast: number) =>
      page.waitForFunction(
        (n) => document.getElementById('status')?.dataset.state === 'running' && Number(document.getElementById('finder-chart')?.dataset.points) >= n,
        atLeast,
        { timeout: 15_000 },
      );
    await plotted(5);
    const first = Number(await chartData('points'));
    // The x axis spans the whole sweep from the first point: it does not rescale as the run goes.
    const axis = JSON.parse((await page.getAttribute('#finder-chart', 'data-plot')) ?? '{}') as { xMin: number; xMax: number };
    assert.deepEqual([axis.xMin, axis.xMax], [1e-5, 10]);
    assert.deepEqual(await markerPixels(), { red: 0, green: 0 }, 'no markers while running');
    await plotted(first + 10);
    const second = Number(await chartData('points'));
    assert.equal(await page.locator('#status').getAttribute('data-state'), 'running');
    assert.ok(second >= first + 10, `plotted points ${first} -> ${second}`);
    await page.click('#stop');
    await page.locator('#status[data-state="aborted"]').waitFor({ timeout: 10_000 });
    const done = Number(await page.locator('#status').getAttribute('data-iterations'));
    assert.ok(done >= 5 && done < 5000, `${done} iterations`);
    assert.equal(await page.locator('#status').getAttribute('data-stop-reason'), 'aborted');
    assert.equal(await page.isEnabled('#run'), true);
    assert.equal(await page.isDisabled('#stop'), true);
    // A curve stopped long before its valley is no basis for a rate: low confidence, said why,
    // and the designer keeps what it had.
    assert.equal(await page.locator('#recommendation').getAttribute('data-confidence'), 'low');
    const codes = await page.locator('[data-testid="recommendation"] [data-testid="warnings"] li').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.code));
    assert.ok(codes.some((c) => ['partial', 'too-short', 'flat', 'rising', 'min-at-start'].includes(c ?? '')), `warnings ${codes}`);
    assert.match((await page.textContent('#prefill-note')) ?? '', /not filled: confidence is low/);
    assert.equal(await page.inputValue('#max-lr'), designerBefore);
    // Nothing keeps running in the background.
    await page.waitForTimeout(300);
    assert.equal(Number(await page.locator('#status').getAttribute('data-iterations')), done);
    // The partial curve is kept, analysed and downloadable.
    assert.equal(await chartData('points'), String(done));
    assert.equal(await page.isEnabled('#download-curve-csv'), true);
    assert.equal(parseCurveCsv((await downloadText('#download-curve-csv')).text).lrs.length, done);

    // Escape stops a run too, wherever the focus is.
    await page.click('#run');
    await plotted(5);
    await page.focus('#num-iter');
    await page.keyboard.press('Escape');
    await page.locator('#status[data-state="aborted"]').waitFor({ timeout: 10_000 });
    assert.ok(Number(await page.locator('#status').getAttribute('data-iterations')) < 5000);
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  it('runs a short range test on webgl (SwiftShader) to a finite suggestion', async () => {
    await runToDone(page, { select: { '#backend': 'webgl', '#data': 'mnist' }, fill: { '#start-lr': '1e-5', '#end-lr': '10', '#num-iter': '60' } });
    // tfjs falls back to another backend when WebGL cannot start: that must not pass as webgl.
    assert.equal(await page.textContent('#backend-used'), 'webgl');
    const stopReason = await page.locator('#status').getAttribute('data-stop-reason');
    assert.ok(['completed', 'diverged'].includes(stopReason ?? ''), `stop reason ${stopReason}`);
    const iterations = Number(await page.locator('#status').getAttribute('data-iterations'));
    assert.ok(iterations >= 10 && iterations <= 60, `${iterations} iterations`);
    assert.equal(await chartData('points'), String(iterations));
    const rows = await suggestionRows();
    const valley = rows.find((r) => r.name === 'valley');
    assert.ok(valley, 'no valley suggestion');
    for (const r of rows) assert.ok(Number.isFinite(r.lr) && r.lr >= 1e-5 && r.lr <= 10, `${r.name} suggestion ${r.lr}`);
    assert.deepEqual(problems, [], problems.join('\n'));
  });

});
