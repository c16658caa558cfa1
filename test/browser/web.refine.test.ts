// `lrkit find --refine` records its candidates in curve.json; the page, opening that file, shows
// them under the answer: each rate, where it came from, its validation loss per round, the best.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { pageForSuite, ROOT, SKIP_WITHOUT_CHROMIUM, type WebPage } from '../helpers/webPage.js';

const FIXTURE = `${ROOT}test/fixtures/refine/curve.json`;

describe('web page: the refine stage of an opened curve.json', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let web: WebPage;
  let page: Page;
  pageForSuite({ width: 1280, height: 900 }, (w) => {
    web = w;
    page = w.page;
  });

  async function open(name: string, buffer: Buffer): Promise<void> {
    await page.locator('[data-testid="curve-file"]').setInputFiles({ name, mimeType: 'application/json', buffer });
    await page.waitForFunction((n) => document.getElementById('status')?.textContent?.startsWith(`Opened ${n}`), name, { timeout: 15_000 });
  }

  it('shows every candidate in the order tried, its rounds, and the best; hides the table for a file without one', async () => {
    const text = await readFile(FIXTURE, 'utf8');
    const saved = JSON.parse(text) as { refine: { winner: { lr: number; source: string }; candidates: { lr: number; source: string; rounds: { steps: number; score: number }[] }[]; steps: number } };
    assert.equal(await page.isHidden('[data-testid="refine"]'), true, 'a refine table before any file');
    await open('curve.json', Buffer.from(text));
    assert.equal(await page.isVisible('[data-testid="refine"]'), true);
    const rows = await page.$$eval('[data-testid="refine"] tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
    const want = saved.refine.candidates;
    assert.equal(rows.length, want.length);
    rows.forEach((cells, i) => {
      const c = want[i];
      assert.ok(cells[0].startsWith(c.lr.toExponential(2).replace('e+', 'e')), `${cells[0]} for ${c.lr}`);
      assert.equal(cells[1], c.source);
      c.rounds.forEach((r, k) => assert.equal(cells[2 + k], `${r.score.toPrecision(4)} after ${r.steps} steps`));
      assert.equal(cells[0].endsWith('(best)'), c.lr === saved.refine.winner.lr, cells[0]);
    });
    const heading = (await page.textContent('[data-testid="refine"] h3')) ?? '';
    assert.match(heading, new RegExp(`${want.length} rates tried by short trainings \\(${saved.refine.steps} steps in all\\)`));
    const note = (await page.textContent('[data-testid="refine"] p')) ?? '';
    assert.match(note, new RegExp(`Best for a short run: .* \\(${saved.refine.winner.source}\\)\\. short runs judge early progress \\(short-horizon bias\\)`));
    // Below the answer box and above the chart, in reading order.
    const y = async (sel: string) => (await page.locator(sel).boundingBox())!.y;
    assert.ok((await y('#recommendation')) < (await y('[data-testid="refine"]')));
    assert.ok((await y('[data-testid="refine"]')) < (await y('#finder-chart')));
    // Another file, without a refine stage: the table goes.
    const { refine: _drop, ...plain } = JSON.parse(text) as Record<string, unknown>;
    await open('plain.json', Buffer.from(JSON.stringify(plain)));
    assert.equal(await page.isHidden('[data-testid="refine"]'), true);
  });
});
