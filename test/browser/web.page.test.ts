// End-to-end test of the web page in real Chromium (Debian /usr/bin/chromium + playwright-core):
// builds web/ with Vite, serves web/dist on an ephemeral 127.0.0.1 port, runs a range test on
// the wasm backend, drives the schedule designer and the Stop button, and fails on any console
// error or uncaught page error. Leaves test-artifacts/web.png (and docs/img/web-page.png with UPDATE_DOCS_IMG=1).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { fromSpec, sample } from '../../src/schedules/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const configFile = join(root, 'web/vite.config.ts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The flags measured to work for headless Debian chromium (docs: shared tfjs notes).
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('web page in Chromium', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, () => {
  let server: PreviewServer;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const problems: string[] = [];

  before(async () => {
    await build({ configFile, logLevel: 'warn' });
    server = await preview({ configFile, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false } });
    const url = server.resolvedUrls?.local[0];
    assert.ok(url, 'vite preview reports no local URL');
    profile = await mkdtemp(join(tmpdir(), 'lrkit-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      acceptDownloads: true,
      viewport: { width: 1120, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    await page.goto(url);
    // The designer draws its default schedule as soon as the script has run.
    await page.locator('#spec-json').filter({ hasText: '"type"' }).waitFor({ timeout: 15_000 });
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  async function setRange(numIter: number): Promise<void> {
    await page.selectOption('#backend', 'wasm');
    await page.selectOption('#data', 'mnist');
    await page.fill('#start-lr', '1e-5');
    await page.fill('#end-lr', '10');
    await page.fill('#num-iter', String(numIter));
  }

  async function downloadText(button: string): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    const file = await download.path();
    return { name: download.suggestedFilename(), text: await readFile(file, 'utf8') };
  }

  it('runs a range test on wasm and suggests a finite LR inside the range', async () => {
    await setRange(100);
    await page.click('#run');
    await page.locator('#status[data-state="done"]').waitFor({ timeout: 60_000 });
    assert.equal(await page.textContent('#backend-used'), 'wasm');
    const state = await page.locator('#status').evaluate((el) => ({ ...(el as HTMLElement).dataset }));
    assert.ok(['completed', 'diverged'].includes(state.stopReason ?? ''), `stop reason ${state.stopReason}`);
    assert.ok(Number(state.iterations) >= 10, `only ${state.iterations} iterations ran`);

    const rows = page.locator('#suggestions tbody tr[data-lr]');
    assert.ok((await rows.count()) >= 1, 'no suggestion rows');
    for (const lr of await rows.evaluateAll((trs) => trs.map((tr) => Number((tr as HTMLElement).dataset.lr)))) {
      assert.ok(Number.isFinite(lr), `suggestion ${lr} is not finite`);
      assert.ok(lr >= 1e-5 && lr <= 10, `suggestion ${lr} is outside [1e-5, 10]`);
    }
    // The designer was prefilled from the suggestion.
    const maxLr = Number(await page.inputValue('#max-lr'));
    assert.ok(Number.isFinite(maxLr) && maxLr >= 1e-5 && maxLr <= 10, `designer max LR ${maxLr}`);
    assert.deepEqual(problems, [], problems.join('\n'));
  });

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
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#download-png')]);
    const pngBytes = await readFile(await png.path());
    assert.deepEqual([...pngBytes.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  it('saves a screenshot of the page', async () => {
    await page.selectOption('#policy', 'one-cycle');
    const out = join(root, 'test-artifacts/web.png');
    await mkdir(join(root, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: out, fullPage: true });
    assert.ok((await stat(out)).size > 10_000);
    // The README's picture is refreshed on request only, so a test run leaves the tree clean.
    if (process.env.UPDATE_DOCS_IMG === '1') {
      await mkdir(join(root, 'docs/img'), { recursive: true });
      await copyFile(out, join(root, 'docs/img/web-page.png'));
    }
  });

  it('names the bad field and its value instead of running or exporting', async () => {
    await page.fill('#start-lr', '-1');
    await page.click('#run');
    await page.locator('#status[data-state="error"]').waitFor();
    const runError = (await page.textContent('#status')) ?? '';
    assert.match(runError, /start-lr/);
    assert.match(runError, /"-1"/);
    await page.fill('#start-lr', '1e-5');

    const good = await page.inputValue('#max-lr');
    await page.fill('#max-lr', 'abc');
    assert.match((await page.textContent('#designer-error')) ?? '', /max-lr.*"abc"/);
    assert.equal(await page.isDisabled('#download-csv'), true);
    await page.fill('#max-lr', good);
    assert.equal(await page.isHidden('#designer-error'), true);
    assert.equal(await page.isEnabled('#download-csv'), true);
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  it('stops a running test when Stop is pressed', async () => {
    await setRange(5000);
    await page.click('#run');
    await page.waitForFunction(() => Number(document.getElementById('status')?.dataset.iterations) >= 5);
    await page.click('#stop');
    await page.locator('#status[data-state="aborted"]').waitFor({ timeout: 10_000 });
    const done = Number(await page.locator('#status').getAttribute('data-iterations'));
    assert.ok(done >= 5 && done < 5000, `${done} iterations`);
    assert.equal(await page.locator('#status').getAttribute('data-stop-reason'), 'aborted');
    assert.equal(await page.isEnabled('#run'), true);
    assert.equal(await page.isDisabled('#stop'), true);
    // Nothing keeps running in the background.
    await page.waitForTimeout(300);
    assert.equal(Number(await page.locator('#status').getAttribute('data-iterations')), done);
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});
