// The web designer's library families and engine exports, in Chromium: a Keras, a PyTorch and a
// Hugging Face factory by name with JSON options; the spec, the TypeScript and the CSV agree with
// the library; the engine box shows toEngine's code (or why an engine cannot run the design).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { fromSpec, policySpec, SMITH, toEngine } from '../../src/schedules/index.js';
import { pageForSuite, SKIP_WITHOUT_CHROMIUM, type WebPage } from '../helpers/webPage.js';

describe('web designer: library families and engines', { skip: SKIP_WITHOUT_CHROMIUM }, () => {
  let web: WebPage;
  let page: Page;

  pageForSuite(undefined, (w) => {
    web = w;
    page = w.page;
  });

  const spec = async () => JSON.parse((await page.textContent('#spec-json')) ?? '{}');

  it('designs with keras.cosineDecay by name, and its CSV, spec and snippet are the library\'s', async () => {
    await page.fill('#max-lr', '0.2');
    await page.fill('#epochs', '5');
    await page.fill('#steps-per-epoch', '40');
    await page.selectOption('#policy', 'family');
    await page.selectOption('#family', 'keras.cosineDecay');
    const options = JSON.parse(await page.inputValue('#family-options'));
    assert.deepEqual(options, { initialLearningRate: 0, decaySteps: 180, alpha: 0, warmupTarget: 0.2, warmupSteps: 20 });
    await page.locator('#schedule-chart[data-policy="family"]').waitFor();
    // Untouched options follow the max LR; edited ones stay as typed.
    await page.fill('#max-lr', '0.3');
    assert.equal(JSON.parse(await page.inputValue('#family-options')).warmupTarget, 0.3);
    await page.fill('#max-lr', '0.2');
    assert.equal(JSON.parse(await page.inputValue('#family-options')).warmupTarget, 0.2);
    const s = await spec();
    assert.equal(s.lr.type, 'keras.cosineDecay');
    assert.equal(s.momentum, undefined);
    const ts = (await page.textContent('#spec-ts')) ?? '';
    assert.match(ts, /^import \{ keras \} from 'lrkit';/);
    assert.match(ts, /const lr = keras\.cosineDecay\(\{/);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const lrs = (await readFile(await csv.path(), 'utf8')).trim().split('\n').slice(1).map((l) => Number(l.split(',')[2]));
    const lib = fromSpec(s.lr);
    assert.equal(lrs.length, 200);
    // Chromium's V8 and Node's may round Math.cos differently in the last bit.
    lrs.forEach((v, t) => assert.ok(Math.abs(v - lib(t)) <= 1e-12 * Math.abs(lib(t)) + 1e-18, `step ${t}: page ${v}, library ${lib(t)}`));

    // Keras gets its own class; PyTorch a LambdaLR over the formula; DeepSpeed says why not.
    await page.selectOption('#engine', 'keras');
    assert.equal(await page.textContent('#spec-engine'), toEngine(s.lr, 'keras', { steps: 200 }));
    assert.match((await page.textContent('#spec-engine')) ?? '', /keras\.optimizers\.schedules\.CosineDecay\(initial_learning_rate=0, decay_steps=180/);
    await page.selectOption('#engine', 'pytorch');
    assert.match((await page.textContent('#spec-engine')) ?? '', /LambdaLR\(optimizer, lrkit_lr\)/);
    await page.selectOption('#engine', 'deepspeed');
    assert.match((await page.textContent('#spec-engine')) ?? '', /^Not written: DeepSpeed has no scheduler that is keras\.cosineDecay exactly/);
    assert.equal(await page.isDisabled('#copy-engine'), true);
    await page.selectOption('#engine', 'pytorch');
    assert.equal(await page.isEnabled('#copy-engine'), true);
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });

  it('takes torch and transformers factories, and names bad options at their field', async () => {
    await page.selectOption('#family', 'torch.multiStepLR');
    assert.equal((await spec()).lr.type, 'torch.multiStepLR');
    assert.match((await page.textContent('#spec-engine')) ?? '', /lr_scheduler\.MultiStepLR\(optimizer, milestones=\[100, 150\], gamma=0\.1\)/);
    await page.selectOption('#family', 'transformers.wsdSchedule');
    assert.equal((await spec()).lr.type, 'transformers.wsdSchedule');
    await page.fill('#family-options', '{"lr": 0.05, "numWarmupSteps": 10, "numStableSteps": 100, "numDecaySteps": 50}');
    await page.fill('#max-lr', '0.4');
    assert.equal(JSON.parse(await page.inputValue('#family-options')).lr, 0.05, 'edited options are kept');
    assert.equal((await spec()).lr.lr, 0.05);

    await page.fill('#family-options', '{"lr": 0.1, "numWarmupSteps": -5, "numStableSteps": 10, "numDecaySteps": 5}');
    assert.match((await page.textContent('#designer-error')) ?? '', /^Options for transformers\.wsdSchedule: numWarmupSteps/);
    assert.match((await page.textContent('#family-options-error')) ?? '', /numWarmupSteps/);
    assert.equal(await page.getAttribute('#family-options', 'aria-invalid'), 'true');
    assert.equal(await page.isDisabled('#download-csv'), true);
    await page.fill('#family-options', 'not json');
    assert.match((await page.textContent('#designer-error')) ?? '', /must be JSON/);
    await page.selectOption('#family', 'torch.stepLR'); // a new factory brings good options back
    assert.equal(await page.isHidden('#designer-error'), true);
    assert.equal(await page.getAttribute('#family-options', 'aria-invalid'), null);
    // The factory and its options are in the link, like every other field.
    assert.match(decodeURIComponent(page.url()), /family=torch\.stepLR/);
    // One-cycle with momentum: PyTorch cycles both in OneCycleLR; Keras gets the rate and a note.
    await page.selectOption('#policy', 'one-cycle');
    await page.check('#cycle-momentum');
    await page.selectOption('#engine', 'pytorch');
    assert.match((await page.textContent('#spec-engine')) ?? '', /OneCycleLR\(.*cycle_momentum=True, base_momentum=0\.85, max_momentum=0\.95\)/);
    assert.equal(await page.textContent('#engine-note'), '');
    await page.selectOption('#engine', 'keras');
    assert.match((await page.textContent('#engine-note')) ?? '', /The learning rate only: Keras cannot schedule momentum/);
    await page.selectOption('#engine', 'pytorch');
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });

  it('builds the cyclic policies with the one policy builder: Smith\'s half cycle by default, the same spec as policySpec', async () => {
    await page.selectOption('#policy', 'triangular');
    await page.fill('#max-lr', '0.2');
    await page.fill('#min-lr', '0.05');
    await page.fill('#epochs', '10');
    await page.fill('#steps-per-epoch', '40');
    assert.equal(await page.inputValue('#half-cycle'), String(SMITH.halfCycleEpochs));
    await page.locator('#schedule-chart[data-policy="triangular"]').waitFor();
    const want = policySpec('triangular', { baseLr: 0.05, maxLr: 0.2, totalSteps: 400, itersPerEpoch: 40, stepSizeEpochs: SMITH.halfCycleEpochs });
    assert.deepEqual((await spec()).lr, want.lr);
    assert.equal(want.stepSizeUp, 160);
    assert.deepEqual(web.problems, [], web.problems.join('\n'));
  });
});
