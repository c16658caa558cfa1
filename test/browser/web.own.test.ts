// The web page with the user's own things, in Chromium: a TF.js model saved as model.json +
// weights.bin and a CSV table, chosen in their fields; a model that does not fit the data, and a
// model chosen without its weights, each named at the field; and the same curve whichever backend
// ran first in the tab (tfjs-layers caches the first backend's epsilon: src/tfjs/losses.ts).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import { gaussian, seededRandom } from '../../src/data/random.js';
import { fileSystem } from '../../src/node/index.js';
import { pageForSuite, runToDone, SKIP_WITHOUT_CHROMIUM, type WebPage } from '../helpers/webPage.js';

/** 240 rows of three Gaussian blobs in 4-D, labelled by name (the page numbers them). */
function blobsCsv(): string {
  const rand = seededRandom(7);
  const species = ['setosa', 'versicolor', 'virginica'];
  const rows = ['a,b,c,d,species'];
  for (let i = 0; i < 240; i++) {
    const k = i % 3;
    const x = [0, 1, 2, 3].map((j) => (j === k ? 2 : 0) + gaussian(rand));
    rows.push(`${x.map((v) => v.toFixed(4)).join(',')},${species[k]}`);
  }
  return rows.join('\n') + '\n';
}

/** A small classifier for `inputs` features (softmax output unless told), saved as model.json + weights.bin in `dir`. */
async function saveModel(dir: string, inputs: number, activation: 'softmax' | 'sigmoid' = 'softmax'): Promise<void> {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [inputs], units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: 3, activation, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  await model.save(fileSystem(dir));
  model.dispose();
}

describe('web page with your own model and data', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let web: WebPage;
  let page: Page;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lrkit-own-'));
    await writeFile(join(dir, 'blobs.csv'), blobsCsv());
    await saveModel(join(dir, 'fits'), 4);
    await saveModel(join(dir, 'wide'), 5);
    await saveModel(join(dir, 'sigmoid'), 4, 'sigmoid');
  });
  pageForSuite(undefined, (w) => {
    web = w;
    page = w.page;
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Drops files from disk on the label of `input`, as a file manager would. */
  async function dropFiles(input: string, paths: string[]): Promise<void> {
    const files = await Promise.all(paths.map(async (p) => ({ name: p.split('/').pop()!, bytes: [...(await readFile(p))] })));
    const transfer = await page.evaluateHandle((fs) => {
      const dt = new DataTransfer();
      for (const f of fs) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
      return dt;
    }, files);
    const zone = page.locator(input).locator('xpath=ancestor::label');
    await zone.dispatchEvent('dragover', { dataTransfer: transfer });
    await zone.dispatchEvent('drop', { dataTransfer: transfer });
  }

  const fieldError = async (id: string) => (await page.locator(`#${id}-error`).count()) === 0 ? '' : (await page.textContent(`#${id}-error`)) ?? '';

  it('runs the range test on a model.json + weights and a CSV chosen in their fields', async () => {
    await page.fill('#label-column', 'species');
    await page.setInputFiles('[data-testid="data-file"]', join(dir, 'blobs.csv'));
    await page.locator('#own-status').filter({ hasText: 'blobs.csv: 240 rows, 4 features, 3 classes' }).waitFor();
    assert.equal(await page.inputValue('#data'), 'file');

    await page.setInputFiles('[data-testid="model-files"]', [join(dir, 'fits/model.json'), join(dir, 'fits/weights.bin')]);
    await page.locator('#own-status').filter({ hasText: /model\.json: input \[4\], 3 outputs, 131 weights/ }).waitFor();
    assert.equal(await page.inputValue('#model'), 'file');
    assert.equal(await page.isDisabled('#hidden'), true, 'the built-in MLP\'s layers do not apply');
    assert.equal(await page.getAttribute('#model-files', 'aria-invalid'), null);

    await runToDone(page, { select: { '#backend': 'wasm' }, fill: { '#batch-size': '16', '#num-iter': '80' } });
    const iterations = Number(await page.getAttribute('#status', 'data-iterations'));
    assert.ok(iterations >= 10, `${iterations} iterations`);
    assert.equal(await page.getAttribute('#finder-chart', 'data-points'), String(iterations));
    const rec = await page.locator('[data-testid="recommendation"]').evaluate((el) => ({ ...(el as HTMLElement).dataset }));
    assert.ok(['high', 'medium', 'low'].includes(rec.confidence ?? ''), JSON.stringify(rec));
    // Steps per epoch follow the user's table: 240 rows at batch 16.
    assert.equal(await page.inputValue('#steps-per-epoch'), '15');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-curve-csv')]);
    assert.equal(download.suggestedFilename(), 'lrkit-range-test-blobs-model-momentum.csv');
    const csv = await readFile(await download.path(), 'utf8');
    assert.equal(csv.trim().split('\n').length, iterations + 1);
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });

  it('says at the field when the model does not fit the data, or its weights are missing, and keeps the result', async () => {
    const points = await page.getAttribute('#finder-chart', 'data-points');
    await page.setInputFiles('#model-files', [join(dir, 'wide/model.json'), join(dir, 'wide/weights.bin')]);
    await page.waitForFunction(() => document.getElementById('model-files')?.getAttribute('aria-invalid') === 'true');
    assert.match(await fieldError('model-files'), /model\.json does not fit blobs\.csv: its input shape \[5\] does not fit the data's \[4\]/);
    await page.click('#run');
    await page.locator('#status[data-state="error"]').waitFor();
    assert.match((await page.textContent('#status')) ?? '', /input shape \[5\]/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'model-files');
    assert.equal(await page.getAttribute('#finder-chart', 'data-points'), points, 'the last curve is kept');
    // Switching to another model clears the message about this one; switching back brings it back.
    await page.selectOption('#model', 'mlp');
    await page.waitForFunction(() => document.getElementById('model-files')?.getAttribute('aria-invalid') === null);
    assert.equal(await fieldError('model-files'), '');
    await page.selectOption('#model', 'file');
    await page.locator('#model-files-error').filter({ hasText: /input shape \[5\]/ }).waitFor();

    await page.setInputFiles('#model-files', [join(dir, 'fits/model.json')]);
    await page.locator('#model-files-error').filter({ hasText: 'model.json needs weights.bin' }).waitFor();
    // A sigmoid output cannot take the classifier's cross-entropy: said at the field when chosen.
    await page.setInputFiles('#model-files', [join(dir, 'sigmoid/model.json'), join(dir, 'sigmoid/weights.bin')]);
    await page.locator('#model-files-error').filter({ hasText: /has activation "sigmoid"; a classifier's range test needs softmax or linear/ }).waitFor();

    // Dropped on the field (not chosen): the same as choosing them.
    await dropFiles('#model-files', [join(dir, 'fits/model.json'), join(dir, 'fits/weights.bin')]);
    await page.waitForFunction(() => document.getElementById('model-files')?.getAttribute('aria-invalid') === null);
    assert.equal(await fieldError('model-files'), '');
    // A built-in data set with the wrong shape for the model is named too, from what was read
    // when the model was chosen: changing the data menu reads no file again.
    await page.evaluate(() => {
      const w = window as unknown as { fileReads: number };
      w.fileReads = 0;
      for (const m of ['readAsText', 'readAsArrayBuffer'] as const) {
        const original = FileReader.prototype[m];
        FileReader.prototype[m] = function (this: FileReader, ...args: [Blob]) {
          w.fileReads++;
          return original.apply(this, args);
        };
      }
    });
    await page.selectOption('#data', 'spirals');
    await page.locator('#model-files-error').filter({ hasText: /does not fit spirals: its input shape \[4\] does not fit the data's \[2\]/ }).waitFor();
    await page.selectOption('#data', 'file');
    await page.waitForFunction(() => document.getElementById('model-files')?.getAttribute('aria-invalid') === null);
    assert.equal(await page.evaluate(() => (window as unknown as { fileReads: number }).fileReads), 0, 'no model file is read again');
    await page.selectOption('#model', 'mlp');
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });

  /** The curve CSV of a 60-step MNIST run on `backend`, in `p`. */
  async function curveOn(p: Page, backend: string): Promise<string> {
    await runToDone(p, {
      select: { '#data': 'mnist', '#model': 'mlp', '#backend': backend },
      fill: { '#num-iter': '60', '#batch-size': '64', '#start-lr': '1e-5', '#end-lr': '10' },
    });
    assert.equal(await p.textContent('#backend-used'), backend);
    const [download] = await Promise.all([p.waitForEvent('download'), p.click('#download-curve-csv')]);
    return readFile(await download.path(), 'utf8');
  }

  it('gives the same curve on wasm whether webgl ran first in the tab or not', async () => {
    const fresh = await web.newPage();
    const wasmFirst = await curveOn(fresh, 'wasm');
    await fresh.close();
    const other = await web.newPage();
    await curveOn(other, 'webgl'); // SwiftShader: epsilon 1e-4, which tfjs-layers would keep
    const wasmAfterWebgl = await curveOn(other, 'wasm');
    await other.close();
    assert.ok(wasmFirst.split('\n').length > 20);
    assert.equal(wasmAfterWebgl, wasmFirst);
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });
});
