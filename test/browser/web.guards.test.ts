// The page's guard rails in Chromium (issue 24, items 3 and 4 of "What to build"): the designer
// refuses nonsense at its field with the exports disabled, shows what the policy builder noticed,
// and warns when a design peaks above where the range test blew up; the run form says what is wrong
// with a value in the words of its label (never the browser's bubble alone), and a message goes as
// soon as the value is fixed; stale text about a replaced file, model, design or link is cleared;
// and the run form says how many passes over a small table it makes, and refuses a batch larger
// than the data. Each assertion is on what is shown: text, marked fields, disabled buttons.
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { analyzeCurve, fmtRate, parseCurveLog, smoothUntilNonFinite } from '../../src/index.js';
import { pageForSuite, SKIP_WITHOUT_CHROMIUM, type WebPage } from '../helpers/webPage.js';

/** A 100-point range test from 1e-6 to 10: the loss falls over three decades, then rises by `rise` per unit of lr past 0.3. */
function curveCsv(rise: number): string {
  const lrs = Array.from({ length: 100 }, (_, i) => 1e-6 * 10 ** ((7 * i) / 99));
  const losses = lrs.map((lr, i) => 2.3 - 2 / (1 + Math.exp(-3 * (Math.log10(lr) + 3))) + (lr > 0.3 ? rise * (lr - 0.3) : 0) + 0.01 * Math.sin(i));
  return 'lr,loss\n' + lrs.map((lr, i) => `${lr},${losses[i]}`).join('\n') + '\n';
}

/** The analysis the page makes of `csv` (read as the page reads it), and the rate where its centred curve blew up. */
function expectedBlowUp(csv: string): { blowUp: number | undefined; oneCycle: number } {
  const c = parseCurveLog('curve.csv', new Uint8Array(Buffer.from(csv))).curve;
  const a = analyzeCurve({ lrs: c.lrs, losses: c.losses, smoothed: smoothUntilNonFinite(c.losses, 0.98) });
  const { lrs, centred } = a.curves[0];
  let low = 0;
  for (let i = 1; i < centred.length; i++) if (centred[i] < centred[low]) low = i;
  let blowUp: number | undefined;
  for (let i = low + 1; i < centred.length && blowUp === undefined; i++) if (centred[i] > centred[0]) blowUp = lrs[i - 1];
  return { blowUp, oneCycle: a.recommendation.oneCycle!.maxLr };
}

/** A table of `rows` rows: two numeric features and a label. */
function tableCsv(rows: number): string {
  return 'x,y,label\n' + Array.from({ length: rows }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 3}`).join('\n') + '\n';
}

const EXPORTS = ['#copy-json', '#copy-ts', '#copy-engine', '#download-csv', '#download-png', '#download-svg'];
/** An id or internal name in a message (what the page must not show a user). */
const INTERNAL = /\((?:start|end|num|batch|max|min|half|family|pct|div|final|steps)-[a-z-]+\)|policySpec|recommend:|input\.lrs|\w+\(\):/;

/** Pixels of the limit line's red (#c62828) on the schedule chart's canvas. */
async function limitPixels(page: Page): Promise<number> {
  const url = await page.locator('#schedule-chart canvas').evaluate((c) => (c as HTMLCanvasElement).toDataURL('image/png'));
  const png = PNG.sync.read(Buffer.from(url.split(',')[1], 'base64'));
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (Math.abs(png.data[i] - 0xc6) < 20 && Math.abs(png.data[i + 1] - 0x28) < 20 && Math.abs(png.data[i + 2] - 0x28) < 20) n++;
  }
  return n;
}

describe('web page guard rails in Chromium', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let web: WebPage;
  let page: Page;

  pageForSuite({ width: 1280, height: 900 }, async (w) => {
    web = w;
    page = w.page;
    page.setDefaultTimeout(10_000); // a missing message fails in seconds, not 30
    await web.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(web.url).origin });
  });

  const text = async (selector: string) => (await page.textContent(selector)) ?? '';
  const exportsDisabled = async () => Promise.all(EXPORTS.map((b) => page.isDisabled(b)));
  /** The designer refuses `value` in `field`: the message at the field and above the chart, every export disabled. */
  async function refused(field: string, value: string, expected: RegExp): Promise<string> {
    await page.fill(field, value);
    const message = await text(`${field}-error`);
    assert.match(message, expected);
    assert.doesNotMatch(message, INTERNAL);
    assert.equal(await page.isVisible(`${field}-error`), true);
    assert.equal(await text('#designer-error'), message);
    assert.equal(await page.getAttribute(field, 'aria-invalid'), 'true');
    assert.deepEqual(await exportsDisabled(), EXPORTS.map(() => true), `exports still enabled with ${field} = ${value}`);
    return message;
  }
  async function accepted(field: string, value: string): Promise<void> {
    await page.fill(field, value);
    assert.equal(await page.isHidden('#designer-error'), true, await text('#designer-error'));
    assert.equal(await page.getAttribute(field, 'aria-invalid'), null);
    assert.equal(await page.locator(`${field}-error`).count(), 0);
    assert.equal(await page.isEnabled('#download-csv'), true);
  }

  it('designer: refuses a growing exp_range, a Max LR above 10, a negative factory rate and a half cycle longer than the run, at their fields', async () => {
    await page.fill('#epochs', '10');
    await page.fill('#steps-per-epoch', '79');
    await page.selectOption('#policy', 'exp_range');
    await page.fill('#max-lr', '0.1');
    await page.fill('#min-lr', '0.01');
    await refused('#gamma', '2', /^Gamma must be a number > 0 and at most 1, got "2": above 1 the amplitude grows every step, the rate shoots up past Max LR and the chart's y ticks vanish$/);
    await accepted('#gamma', '0.999');
    await refused('#gamma', '0', /^Gamma must be .*got "0"$/);
    await accepted('#gamma', '1');

    await refused('#max-lr', '1e300', /^Max LR must be a number > 0 and at most 10, got "1e300": no range test reaches a rate that trains above 10/);
    await refused('#max-lr', '1e400', /^Max LR must be .*got "1e400"/); // Infinity
    await refused('#max-lr', '-1', /^Max LR must be a number > 0 and at most 10, got "-1"$/);
    await accepted('#max-lr', '5');
    await accepted('#max-lr', '0.1');

    // A half cycle longer than the run is refused; one longer than half the run is built, with policySpec's note.
    await page.selectOption('#policy', 'triangular');
    await refused('#half-cycle', '1e9', /^Half cycle \(epochs\) must be a number > 0 and at most 10, got "1e9": a half cycle longer than the run's 10 epochs never comes back down$/);
    await accepted('#half-cycle', '8');
    assert.match(await text('#designer-notes'), /^Half cycle: the 790-step run ends within the first cycle \(1264 steps\)\.$/);
    assert.equal(await page.isVisible('#designer-notes'), true);
    await accepted('#half-cycle', '4');
    assert.equal(await page.isHidden('#designer-notes'), true);

    // A factory's options: its own checks, and a rate no optimizer takes, at the options field.
    await page.selectOption('#policy', 'family');
    await page.selectOption('#family', 'torch.stepLR');
    const options = JSON.parse(await page.inputValue('#family-options'));
    await refused('#family-options', JSON.stringify({ ...options, lr: -1 }), /^Options for torch\.stepLR: the rate at step 0 is -1; a learning rate must be a finite number >= 0/);
    await refused('#family-options', '{"lr": -1}', /^Options for torch\.stepLR: stepSize must be a positive integer, got undefined$/);
    await refused('#family-options', JSON.stringify({ ...options, lr: 50 }), /^Options for torch\.stepLR: the rate at step 0 is 50, above 10/);
    await accepted('#family-options', JSON.stringify(options));
    await page.selectOption('#policy', 'one-cycle');
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });

  it('designer: warns beside Max LR when the design peaks above where the range test blew up, saying how that rate was read', async () => {
    const open = async (name: string, csv: string) => {
      await page.locator('[data-testid="curve-file"]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.locator(`#status[data-state="done"]`).filter({ hasText: name }).waitFor({ timeout: 15_000 });
    };
    const warning = page.locator('#max-lr-warning');
    const blew = curveCsv(20);
    const { blowUp } = expectedBlowUp(blew);
    assert.ok(blowUp && blowUp > 0.2 && blowUp < 0.4, String(blowUp));
    await open('blew-up.csv', blew);
    await page.selectOption('#policy', 'one-cycle');
    await page.fill('#max-lr', '0.1');
    assert.equal(await warning.isHidden(), true, await warning.textContent() ?? '');
    await page.fill('#max-lr', '5');
    await warning.waitFor();
    assert.equal(await warning.textContent(), `This design peaks at ${fmtRate(5)}, above ${fmtRate(blowUp)}, where the range test's loss blew up (the last rate before its centred curve rose above its starting loss): expect training to diverge.`);
    // Beside Max LR: in its label, right under the field.
    assert.equal(await page.locator('label:has(#max-lr) #max-lr-warning').count(), 1);
    const [field, box] = await Promise.all([page.locator('#max-lr').boundingBox(), warning.boundingBox()]);
    assert.ok(field && box && box.y >= field.y + field.height - 1 && box.y - (field.y + field.height) < 20 && Math.abs(box.x - field.x) < 4, JSON.stringify({ field, box }));
    // On the chart too: a dashed red line at the rate where the test blew up, across the plot.
    assert.equal(await page.getAttribute('#schedule-chart', 'data-limit'), String(blowUp));
    assert.ok((await limitPixels(page)) > 150, 'the limit line is drawn on the schedule chart');
    // A warning, not a refusal: the design is still exported.
    assert.equal(await page.isEnabled('#download-csv'), true);
    await page.fill('#max-lr', '0.1');
    assert.equal(await warning.isHidden(), true);
    assert.equal(await limitPixels(page), 0, 'no line once the design stays below it');

    // A curve that never rose above its start: 3 x its one-cycle peak, and the warning says so.
    const mild = curveCsv(0.3);
    const expected = expectedBlowUp(mild);
    assert.equal(expected.blowUp, undefined);
    await open('mild.csv', mild);
    await page.selectOption('#policy', 'triangular');
    await page.fill('#min-lr', '0.01');
    await page.fill('#max-lr', '2');
    await warning.waitFor();
    assert.match((await warning.textContent()) ?? '', new RegExp(`^This design peaks at ${fmtRate(2)}, above ${fmtRate(3 * expected.oneCycle)}, 3 x the range test's one-cycle peak \\(its curve did not blow up`));
    await page.fill('#max-lr', '0.1');
    await page.selectOption('#policy', 'one-cycle');
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });

  it('run form: Iterations and Batch size of 0, -5 or 2.5 get the page\'s message at the field, named by its label, gone as soon as it is fixed', async () => {
    for (const [field, label, good, expected] of [
      ['#num-iter', 'Iterations', '100', 'a whole number from 2 to 100,000'],
      ['#batch-size', 'Batch size', '64', 'a whole number from 1 to 4,096'],
    ] as const) {
      for (const bad of ['0', '-5', '2.5']) {
        await page.fill(field, bad);
        await page.click('#run');
        const message = `${label} must be ${expected}, got "${bad}"`;
        await page.locator(`${field}-error`).filter({ hasText: message }).waitFor({ timeout: 5_000 });
        assert.equal(await text(`${field}-error`), message);
        assert.equal(await text('#status'), message);
        assert.equal(await page.evaluate(() => document.activeElement?.id), field.slice(1));
        assert.equal(await page.getAttribute(field, 'aria-invalid'), 'true');
        // The browser's own validation does not stand in the way (the page checks the value).
        assert.equal(await page.locator('#finder-form').evaluate((f) => (f as HTMLFormElement).noValidate), true);
      }
      // Fixed: the message goes on input, before any Run, and the status no longer reports it.
      await page.fill(field, good);
      assert.equal(await page.locator(`${field}-error`).count(), 0);
      assert.equal(await page.getAttribute(field, 'aria-invalid'), null);
      assert.notEqual(await page.getAttribute('#status', 'data-state'), 'error', await text('#status'));
    }
    // Start LR is named by its label, not its id.
    await page.fill('#start-lr', '-1');
    await page.click('#run');
    assert.match(await text('#start-lr-error'), /^Start LR must be a number from 1e-12 to 1,000, got "-1"$/);
    assert.doesNotMatch(await text('#status'), INTERNAL);
    await page.fill('#start-lr', '1e-5');
    assert.equal(await page.locator('#start-lr-error').count(), 0);

    // A curve whose lr falls: said in the page's words, not the library's function and field names.
    await page.locator('[data-testid="curve-file"]').setInputFiles({ name: 'falls.csv', mimeType: 'text/csv', buffer: Buffer.from('lr,loss\n0.1,2\n0.01,1.5\n0.2,1\n0.3,1\n0.4,2\n') });
    await page.locator('#status[data-state="error"]').filter({ hasText: 'falls.csv' }).waitFor({ timeout: 15_000 });
    assert.equal(await text('#status'), 'falls.csv: the learning rates must increase from point to point: point 2 (lr 0.01) is not above point 1 (lr 0.1)');
    // A repeated lr is merged by the reader, which says so; the curve is opened, not refused.
    await page.locator('[data-testid="curve-file"]').setInputFiles({ name: 'repeat.csv', mimeType: 'text/csv', buffer: Buffer.from(curveCsv(20).replace(/\n([^\n]+)\n/, '\n$1\n$1\n')) });
    await page.locator('#status[data-state="done"]').filter({ hasText: 'repeat.csv' }).waitFor({ timeout: 15_000 });
    assert.match(await text('[data-testid="curve-notes"]'), /duplicate-lrs: 1 point\(s\) repeat the learning rate/);
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });

  it('data: says how many passes over a small table a run makes, and refuses a batch larger than the data, naming both numbers', async () => {
    await page.locator('[data-testid="data-file"]').setInputFiles({ name: 'rows.csv', mimeType: 'text/csv', buffer: Buffer.from(tableCsv(300)) });
    await page.locator('#own-status').filter({ hasText: 'rows.csv: 300 rows' }).waitFor({ timeout: 15_000 });
    await page.fill('#num-iter', '100');
    await page.fill('#batch-size', '64');
    assert.match(await text('[data-testid="data-note"]'), /^100 iterations of 64 on a 300-row table \(rows\.csv\) is 21 passes over it: /);
    assert.equal(await page.isVisible('[data-testid="data-note"]'), true);
    await page.fill('#num-iter', '4');
    assert.equal(await page.isHidden('[data-testid="data-note"]'), true, 'under two passes: no note');
    await page.fill('#num-iter', '100');

    await page.fill('#batch-size', '400');
    const message = 'Batch size 400 is more than the 300 rows of rows.csv: a batch cannot hold more examples than the data has';
    await page.locator('#batch-size-error').filter({ hasText: message }).waitFor();
    await page.click('#run');
    await page.locator('#status[data-state="error"]').waitFor();
    assert.equal(await text('#status'), message);
    await page.fill('#batch-size', '64');
    assert.equal(await page.locator('#batch-size-error').count(), 0);

    // Spirals has 1,500 rows: batch 4096 is refused when the data menu changes, naming both.
    await page.fill('#batch-size', '4096');
    await page.selectOption('#data', 'spirals');
    await page.locator('#batch-size-error').filter({ hasText: 'Batch size 4096 is more than the 1,500 rows of Spirals' }).waitFor();
    await page.fill('#batch-size', '64');
    assert.match(await text('[data-testid="data-note"]'), /^100 iterations of 64 on a 1,500-row table \(Spirals\) is 4\.3 passes over it/);
    await page.selectOption('#data', 'mnist');
    assert.equal(await page.isHidden('[data-testid="data-note"]'), true, '6,400 of 5,000 rows: under two passes');
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });

  it('stale text: a failed data file drops the table read before; "Copied." goes with the design it was about', async () => {
    await page.locator('[data-testid="data-file"]').setInputFiles({ name: 'rows.csv', mimeType: 'text/csv', buffer: Buffer.from(tableCsv(300)) });
    await page.locator('#own-status').filter({ hasText: 'rows.csv: 300 rows' }).waitFor({ timeout: 15_000 });
    assert.equal(await page.inputValue('#data'), 'file');
    await page.locator('[data-testid="data-file"]').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y,label\n1,2,0\nabc,3,1\n') });
    await page.waitForFunction(() => document.getElementById('data-file')?.getAttribute('aria-invalid') === 'true');
    const fileError = await text('#data-file-error');
    assert.match(fileError, /broken\.csv/);
    assert.doesNotMatch(await text('#own-status'), /rows\.csv/, 'the old table is still announced');
    assert.match((await page.locator('#data option[value="file"]').textContent()) ?? '', /not read: broken\.csv/);
    assert.equal(await page.isHidden('[data-testid="data-note"]'), true, 'passes over a table no longer in use');
    await page.click('#run');
    await page.locator('#status[data-state="error"]').waitFor();
    assert.equal(await text('#status'), fileError, 'Run uses the old table behind the new name');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'data-file');
    await page.selectOption('#data', 'mnist');

    await page.click('#copy-json');
    await page.locator('#copy-status').filter({ hasText: /^Cop/ }).waitFor();
    assert.equal(await text('#copy-status'), 'Copied.');
    await page.selectOption('#policy', 'cosine');
    assert.equal(await text('#copy-status'), '');
    await page.click('#copy-ts');
    await page.locator('#copy-status').filter({ hasText: 'Copied.' }).waitFor();
    await page.fill('#max-lr', '0.2');
    assert.equal(await text('#copy-status'), '');
    await page.fill('#max-lr', '0.1');
    await page.selectOption('#policy', 'one-cycle');
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });

  it('a link\'s values are checked as typed ones: -5 and abc are not put into their fields, and a note says so (at 390 px too)', async () => {
    const p = await web.newPage();
    await p.setViewportSize({ width: 390, height: 844 });
    await p.evaluate(() => localStorage.clear()); // no kept curve to prefill the designer: the defaults stay
    await p.goto(`${web.url}?numIter=-5&maxLr=abc&batchSize=2.5&gamma=2&epochs=12&backend=nonsense`);
    await p.locator('#spec-json').filter({ hasText: '"type"' }).waitFor({ timeout: 15_000 });
    const note = p.locator('[data-testid="link-note"]');
    await note.waitFor();
    const said = (await note.textContent()) ?? '';
    assert.match(said, /^Ignored from the link: /);
    assert.match(said, /numIter=-5 \(Iterations must be a whole number from 2 to 100,000, got "-5"\)/);
    assert.match(said, /maxLr=abc \(Max LR must be a number > 0 and at most 10, got "abc"\)/);
    assert.match(said, /batchSize=2\.5 \(Batch size must be/);
    assert.match(said, /gamma=2 \(Gamma must be/);
    assert.match(said, /backend=nonsense \(not a choice of the menu\)/);
    assert.doesNotMatch(said, /epochs/);
    assert.equal(await p.inputValue('#num-iter'), '100');
    assert.equal(await p.inputValue('#max-lr'), '0.1');
    assert.equal(await p.inputValue('#batch-size'), '64');
    assert.equal(await p.inputValue('#gamma'), '0.999');
    assert.equal(await p.inputValue('#epochs'), '12', 'a good value in the same link is taken');
    // The link says what it does not carry: the curve, and how to share one instead.
    const share = p.locator('[data-testid="share-note"]');
    assert.ok(await share.isVisible());
    assert.match((await share.textContent()) ?? '', /keeps your settings, not the curve: to share a curve, download it/);
    const shareBox = await share.boundingBox();
    assert.ok(shareBox && shareBox.x >= 0 && shareBox.x + shareBox.width <= 390, JSON.stringify(shareBox));
    // Readable on a phone: inside the window, no sideways scrolling.
    const box = await note.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box));
    assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= 390));
    // A refused value's message at 390 px: under its field, inside the window, the exports disabled.
    await p.selectOption('#policy', 'exp_range');
    await p.fill('#gamma', '2');
    const error = p.locator('#gamma-error');
    await error.waitFor();
    const [field, at] = await Promise.all([p.locator('#gamma').boundingBox(), error.boundingBox()]);
    assert.ok(field && at && at.y >= field.y + field.height - 1 && at.x >= 0 && at.x + at.width <= 390, JSON.stringify({ field, at }));
    assert.equal(await p.isDisabled('#copy-json'), true);
    assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= 390));
    await p.close();
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });
});
