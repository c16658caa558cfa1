// "Written by" on the page: a log a tool already smoothed is read back to its raw losses, as
// `lrkit analyze --source` does, and choosing another tool reads the same file again.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { analyzeCurve, lrFreeLine, parseCurveLog } from '../../src/index.js';
import { pageForSuite, ROOT, SKIP_WITHOUT_CHROMIUM, type WebPage } from '../helpers/webPage.js';

const FIXTURE = join(ROOT, 'test/fixtures/logs/pytorch-lr-finder/history.json');

async function boxConstant(page: Page): Promise<number> {
  return Number(await page.locator('#recommendation').getAttribute('data-constant'));
}

describe('web: the curve opener\'s "Written by"', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let web: WebPage;
  pageForSuite(undefined, (w) => {
    web = w;
  });

  it('reads pytorch-lr-finder\'s smoothed history as its raw losses, and as raw when told so', async () => {
    const page = web.page;
    const bytes = readFileSync(FIXTURE);
    const expect = (source: 'auto' | 'raw') => analyzeCurve(parseCurveLog('history.json', new Uint8Array(bytes), { source }).curve).recommendation.constant!.lr;
    await page.locator('[data-testid="curve-file"]').setInputFiles({ name: 'history.json', mimeType: 'application/json', buffer: bytes });
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Opened history.json'));
    assert.equal(await boxConstant(page), expect('auto'));
    // Under the answer, as in the CLI: the LR-free alternative with the suite's numbers.
    assert.equal(await page.textContent('[data-testid="lr-free"]'), lrFreeLine('prodigy() from lrkit/tfjs, or lrkit train --optimizer prodigy'));
    // what was assumed is said in the page's words, not the CLI's flag
    const notes = (await page.textContent('#curve-notes')) ?? '';
    assert.match(notes, /pytorch-lr-finder/);
    assert.match(notes, /"Written by"/);
    assert.doesNotMatch(notes, /--source/);
    // choosing "raw" reads the same file again, as never smoothed: another answer
    await page.selectOption('#curve-source', 'raw');
    await page.waitForFunction((want) => Number(document.getElementById('recommendation')?.dataset.constant) === want, expect('raw'));
    assert.notEqual(expect('raw'), expect('auto'));
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });

  it('lists the LR-free optimizers in the optimizer menu as the alternative, not as a choice for a range test', async () => {
    const page = web.page;
    const group = page.locator('#optimizer optgroup');
    assert.match((await group.getAttribute('label')) ?? '', /^LR-free: no range test needed/);
    const options = await group.locator('option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, disabled: (o as HTMLOptionElement).disabled })));
    assert.deepEqual(options, [{ value: 'prodigy', disabled: true }, { value: 'schedule-free-adamw', disabled: true }]);
  });
});
