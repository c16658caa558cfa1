// The web page's forms, files and links in Chromium: the schedule designer's exports, the
// messages for bad input, curves logged by other tools, names for assistive technology, charts
// that follow the window, and the URL and the kept curve across a reload. Split from
// web.page.test.ts (which runs the range tests); fails on any console error or page error.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { encodeTensorBoardEvents } from '../../src/io/tensorboard.js';
import { parseCurveLog } from '../../src/io/logs.js';
import { fromSpec, sample } from '../../src/schedules/index.js';
import { recommend } from '../../src/suggestions/index.js';
import { downloadFile, fastaiRows, pageForSuite, SKIP_WITHOUT_CHROMIUM, type WebPage } from '../helpers/webPage.js';

describe('web page forms, files and links in Chromium', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let web: WebPage;
  let page: Page;
  let problems: string[] = [];

  pageForSuite({ width: 1120, height: 900 }, (w) => {
    web = w;
    page = w.page;
    problems = web.problems;
  });

  const downloadText = (button: string) => downloadFile(page, button);
  const suggestionRows = () => fastaiRows(page);
  const chartData = async (key: 'points') => (await page.locator('#finder-chart').getAttribute(`data-${key}`)) ?? '';

  it('redraws the schedule when the policy changes, and exports it', async () => {
    await page.selectOption('#policy', 'one-cycle');
    const before = await downloadText('#download-csv');
    const chartBefore = await page.locator('#schedule-chart canvas').screenshot();
    assert.match(before.name, /one-cycle\.csv$/);
    assert.match(before.text.split('\n')[0], /^step,epoch,lr,momentum$/);

    await page.selectOption('#policy', 'triangular2');
    await page.locator('#schedule-chart[data-policy="triangular2"]').waitFor();
    const spec = JSON.parse((await page.textContent('#spec-json')) ?? '');
    assert.equal(spec.lr.type, 'cyclic');
    assert.equal(spec.lr.mode, 'triangular2');
    assert.match((await page.textContent('#spec-ts')) ?? '', /cyclic\(/);

    const afterCsv = await downloadText('#download-csv');
    assert.match(afterCsv.name, /triangular2\.csv$/);
    const lrs = (t: string) => t.trim().split('\n').slice(1).map((l) => Number(l.split(',')[2]));
    const a = lrs(before.text);
    const b = lrs(afterCsv.text);
    assert.equal(a.length, b.length, 'same number of steps for both policies');
    assert.ok(a.some((v, i) => Math.abs(v - b[i]) > 1e-12), 'the curve did not change');
    assert.ok(b.every(Number.isFinite));
    // triangular2 starts at the cycle's low end and peaks at max LR in the first cycle.
    const maxLr = Number(await page.inputValue('#max-lr'));
    assert.ok(Math.abs(Math.max(...b) - maxLr) / maxLr < 1e-6, `peak ${Math.max(...b)} != max LR ${maxLr}`);
    // The copied JSON spec rebuilds exactly the curve that was downloaded.
    assert.deepEqual(sample(fromSpec(spec.lr), b.length), b);
    const moms = afterCsv.text.trim().split('\n').slice(1).map((l) => Number(l.split(',')[3]));
    assert.deepEqual(sample(fromSpec(spec.momentum), moms.length), moms);
    const chartAfter = await page.locator('#schedule-chart canvas').screenshot();
    assert.notDeepEqual(chartAfter, chartBefore, 'the chart pixels did not change');

    const svg = await downloadText('#download-svg');
    assert.match(svg.text, /<svg[\s\S]*<\/svg>\s*$/);
    // Title and a legend naming both lines.
    assert.match(svg.text, />lrkit schedule: triangular2</);
    assert.match(svg.text, />learning rate</);
    assert.match(svg.text, />momentum</);
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#download-png')]);
    const pngBytes = await readFile(await png.path());
    assert.deepEqual([...pngBytes.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
    // The PNG is the SVG at 2x: IHDR width and height are twice the SVG's.
    const svgWidth = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg.text)?.[1]);
    const svgHeight = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg.text)?.[1]);
    assert.equal(pngBytes.readUInt32BE(16), Math.round(2 * svgWidth));
    assert.equal(pngBytes.readUInt32BE(20), Math.round(2 * svgHeight));
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  it('names the bad field and its value instead of running or exporting', async () => {
    await page.fill('#start-lr', '-1');
    await page.click('#run');
    await page.locator('#status[data-state="error"]').waitFor();
    const runError = (await page.textContent('#status')) ?? '';
    assert.match(runError, /^Start LR must be /); // named by its label, never by its id
    assert.doesNotMatch(runError, /start-lr/);
    assert.match(runError, /"-1"/);
    // The field is marked and focused; hex and overflowing rates are refused by name, not by the library.
    assert.equal(await page.getAttribute('#start-lr', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'start-lr');
    for (const [field, value, expected] of [['#start-lr', '0x10', /^Start LR must be a number from 1e-12 to 1,000, got "0x10"$/], ['#end-lr', '1e308', /^End LR must be a number > 0\.00001 and at most 1,000,000, got "1e308"$/]] as const) {
      await page.fill(field, value);
      await page.click('#run');
      await page.locator('#status[data-state="error"]').waitFor();
      assert.match((await page.textContent('#status')) ?? '', expected);
      assert.equal(await page.getAttribute(field, 'aria-invalid'), 'true');
      await page.fill(field, field === '#start-lr' ? '1e-5' : '10');
    }
    await page.fill('#start-lr', '1e-5');

    // The message is also next to the field, linked for screen readers.
    await page.fill('#start-lr', '-1');
    await page.click('#run');
    assert.match((await page.textContent('#start-lr-error')) ?? '', /^Start LR must .*"-1"/);
    assert.equal(await page.getAttribute('#start-lr', 'aria-describedby'), 'start-lr-error');
    await page.fill('#start-lr', '1e-5');

    // Designs the library would take but that make no sense are refused at their field.
    const designerRefuses = async (policy: string, field: string, value: string, expected: RegExp) => {
      await page.selectOption('#policy', policy);
      const old = await page.inputValue(field);
      await page.fill(field, value);
      assert.match((await page.textContent('#designer-error')) ?? '', expected);
      assert.match((await page.textContent(`${field}-error`)) ?? '', expected);
      assert.equal(await page.getAttribute(field, 'aria-invalid'), 'true');
      await page.fill(field, old);
      assert.equal(await page.isHidden('#designer-error'), true);
    };
    await designerRefuses('one-cycle', '#div-factor', '1e-9', /^Div factor must be a number >= 1, got "1e-9"$/);
    await designerRefuses('one-cycle', '#pct-start', '1', /^Warm-up fraction must be a number > 0 and < 1, got "1"$/);
    await page.fill('#max-lr', '0.1');
    await designerRefuses('cosine', '#min-lr', '0.5', /^Min LR must be a number >= 0 and < 0\.1, got "0\.5": the rate anneals from Max LR down to it$/);
    await designerRefuses('triangular', '#min-lr', '0.2', /^Min LR must be a number > 0 and < 0\.1, got "0\.2"/);
    await page.selectOption('#policy', 'one-cycle');

    const good = await page.inputValue('#max-lr');
    await page.fill('#max-lr', 'abc');
    assert.match((await page.textContent('#designer-error')) ?? '', /^Max LR must .*"abc"/);
    assert.equal(await page.isDisabled('#download-csv'), true);
    assert.equal(await page.getAttribute('#max-lr', 'aria-invalid'), 'true');
    await page.fill('#max-lr', good);
    assert.equal(await page.isHidden('#designer-error'), true);
    assert.equal(await page.getAttribute('#max-lr', 'aria-invalid'), null);
    assert.equal(await page.isEnabled('#download-csv'), true);
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  it('opens curves logged by other tools (pytorch-lr-finder JSON, a TensorBoard file) and recommends from them', async () => {
    // A range test as another framework logs it: the loss falls over three decades, then blows up.
    const lrs = Array.from({ length: 100 }, (_, i) => 1e-6 * 10 ** ((7 * i) / 99));
    const losses = lrs.map((lr, i) => 2.3 - 2 / (1 + Math.exp(-3 * (Math.log10(lr) + 3))) + (lr > 0.3 ? 20 * (lr - 0.3) : 0) + 0.01 * Math.sin(i));
    // What the page must show is the recommendation for the curve as the reader takes it from the
    // file (pytorch-lr-finder's history holds EMA-smoothed losses: the reader recovers the raw ones).
    const bytes = Buffer.from(JSON.stringify({ lr: lrs, loss: losses }));
    const expected = recommend(parseCurveLog('history.json', new Uint8Array(bytes)).curve);
    assert.ok(expected.constant && expected.oneCycle, 'the synthetic curve has answers');
    const open = async (name: string, buffer: Buffer) => {
      await page.locator('[data-testid="curve-file"]').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
      await page.locator('#status:not([data-state="loading"])').waitFor({ timeout: 15_000 });
    };
    const shown = () => page.locator('#recommendation').evaluate((el) => ({ ...(el as HTMLElement).dataset }));

    await open('history.json', bytes);
    assert.equal(await page.getAttribute('#status', 'data-state'), 'done', await page.textContent('#status') ?? '');
    assert.match((await page.textContent('#status')) ?? '', /Opened history\.json: 100 points \(keys lr, loss \(pytorch-lr-finder/);
    assert.equal(await chartData('points'), '100');
    const fromJson = await shown();
    assert.equal(fromJson.constant, String(expected.constant.lr));
    assert.equal(fromJson.oneCycle, String(expected.oneCycle.maxLr));
    assert.ok((await suggestionRows()).some((r) => r.name === 'valley'), 'the suggestions table is filled');

    // "use as max LR" on a cyclical policy whose min LR is above it still makes a valid design.
    await page.selectOption('#policy', 'triangular');
    await page.fill('#min-lr', '5');
    const valleyLr = (await suggestionRows()).find((r) => r.name === 'valley')!.lr;
    await page.getByRole('button', { name: /^use fastai valley \(/ }).click();
    assert.equal(await page.inputValue('#max-lr'), String(Number(valleyLr.toPrecision(3))));
    assert.equal(Number(await page.inputValue('#min-lr')), Number((Number(valleyLr.toPrecision(3)) / 4).toPrecision(3)));
    assert.equal(await page.isHidden('#designer-error'), true, (await page.textContent('#designer-error')) ?? '');
    assert.match((await page.textContent('#spec-json')) ?? '', /"type": "cyclic"/);
    await page.selectOption('#policy', 'one-cycle');

    // A file that cannot be a range test: the error names the file and the point, and what was shown stays.
    await open('bad.csv', Buffer.from('lr,loss\n0.1,2\n0.01,1.5\n' + lrs.slice(0, 20).map((lr) => `${lr},1`).join('\n')));
    assert.equal(await page.getAttribute('#status', 'data-state'), 'error');
    assert.match((await page.textContent('#status')) ?? '', /^bad\.csv: .*increas/);
    assert.deepEqual(await shown(), fromJson);
    assert.equal(await chartData('points'), '100');

    // Steps per epoch typed by the user survives a new curve; the snippet fits with the batch size it assumed.
    await page.fill('#steps-per-epoch', '123');
    await page.fill('#batch-size', '50');
    // TensorBoard (protobufjs in the browser bundle): float32 values, so compare with the float32 curve.
    const pts = (f: (i: number) => number) => lrs.map((_, i) => ({ step: i, wallTime: 1.7e9 + i, value: f(i) }));
    const tb = encodeTensorBoardEvents({ 'lr-SGD': pts((i) => lrs[i]), train_loss: pts((i) => losses[i]) }, 'tensor');
    await open('events.out.tfevents.1700000000.host', Buffer.from(tb));
    assert.equal(await page.getAttribute('#status', 'data-state'), 'done', await page.textContent('#status') ?? '');
    assert.equal((await shown()).constant, String(recommend(parseCurveLog('events.out.tfevents.1700000000.host', tb).curve).constant?.lr));
    assert.match((await page.textContent('#status')) ?? '', /tags lr=lr-SGD, loss=train_loss/);
    assert.equal(await page.inputValue('#steps-per-epoch'), '123');
    assert.match((await page.textContent('#spec-ts')) ?? '', /batchSize: 50,/);
    await page.fill('#batch-size', '64');
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  it('names its charts, progress bar and buttons for assistive technology', async () => {
    assert.equal(await page.getByRole('figure', { name: 'Loss against learning rate' }).count(), 1);
    assert.equal(await page.getByRole('figure', { name: 'Learning rate and momentum against step' }).count(), 1);
    assert.equal(await page.getByRole('progressbar', { name: 'Range test progress' }).count(), 1);
    assert.equal(await page.locator('#status[role="status"]').count(), 1); // the polite live region (the copy note is another)
    // Every button has a name, and no two share one (the table's six "use as max LR" included).
    const names = await page.locator('button:visible').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label') ?? b.textContent?.trim() ?? ''));
    assert.ok(names.length >= 8 && names.every((n) => n !== ''), JSON.stringify(names));
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), [], 'duplicate button names');
  });

  it('resizes its charts with the window: no sideways scrolling at 700 px, full width again at 1120', async () => {
    const widths = () => page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      charts: ['finder-chart', 'schedule-chart'].map((id) => document.querySelector(`#${id} .uplot`)?.getBoundingClientRect().width ?? -1),
    }));
    const wide = await widths();
    assert.ok(wide.charts.every((w) => w > 700), JSON.stringify(wide));
    await page.setViewportSize({ width: 700, height: 900 });
    // ResizeObserver reports after layout: wait for the charts to have followed (no fixed delay).
    await page.waitForFunction(() => document.documentElement.scrollWidth <= 700 &&
      ['finder-chart', 'schedule-chart'].every((id) => (document.querySelector(`#${id} .uplot`)?.getBoundingClientRect().width ?? 9999) <= 700), undefined, { timeout: 10_000 })
      .catch(async () => assert.fail(`still too wide at 700 px: ${JSON.stringify(await widths())}`));
    await page.setViewportSize({ width: 1120, height: 900 });
    await page.waitForFunction((w) => (document.querySelector('#finder-chart .uplot')?.getBoundingClientRect().width ?? 0) >= w, wide.charts[0], { timeout: 10_000 });
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  it('keeps its settings in the URL and the last curve across a reload; a shared link sets the fields', async () => {
    await page.fill('#num-iter', '77');
    await page.selectOption('#policy', 'triangular2');
    await page.fill('#max-lr', '0.3');
    const before = await page.locator('#recommendation').evaluate((el) => ({ ...(el as HTMLElement).dataset }));
    const points = await chartData('points');
    assert.ok(Number(points) > 0, 'a curve is shown');
    const link = page.url();
    assert.match(link, /numIter=77/);
    assert.match(link, /policy=triangular2/);

    await page.reload();
    await page.locator('#spec-json').filter({ hasText: '"type"' }).waitFor({ timeout: 15_000 });
    assert.equal(await page.inputValue('#num-iter'), '77');
    assert.equal(await page.inputValue('#policy'), 'triangular2');
    assert.equal(await page.inputValue('#max-lr'), '0.3', 'the URL wins over the restored curve\'s prefill');
    assert.equal(await page.getAttribute('#status', 'data-stop-reason'), 'restored');
    assert.equal(await chartData('points'), points);
    assert.deepEqual(await page.locator('#recommendation').evaluate((el) => ({ ...(el as HTMLElement).dataset })), before);

    // A link made elsewhere: its fields are set, impossible choices ignored.
    await page.goto(`${new URL(link).origin}/?numIter=123&policy=cosine&backend=nonsense&cycleMomentum=0`);
    await page.locator('#spec-json').filter({ hasText: '"type"' }).waitFor({ timeout: 15_000 });
    assert.equal(await page.inputValue('#num-iter'), '123');
    assert.equal(await page.inputValue('#policy'), 'cosine');
    assert.equal(await page.inputValue('#backend'), 'wasm');
    assert.equal(await page.isChecked('#cycle-momentum'), false);
    await page.fill('#num-iter', '100');
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});
