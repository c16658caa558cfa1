// `lrkit schedule <family factory> --options <json>`: every torch / keras / transformers step
// schedule by its library name, values equal to the library's, usage errors exit 2 naming the flag.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FAMILY_SCHEDULES } from '../src/cli/schedule.js';
import { keras, sample, torch, transformers } from '../src/schedules/index.js';
import { cli } from './helpers/cli.js';

test('every family factory is offered under its library name', () => {
  const names = Object.keys(FAMILY_SCHEDULES);
  for (const k of Object.keys(torch).filter((n) => n !== 'reduceLROnPlateau')) assert.ok(names.includes(`torch.${k}`), k);
  for (const k of Object.keys(keras)) assert.ok(names.includes(`keras.${k}`), k);
  for (const k of Object.keys(transformers)) assert.ok(names.includes(`transformers.${k}`), k);
});

test('schedule torch.stepLR / keras.cosineDecay / transformers.wsdSchedule print the library\'s values and spec', async () => {
  const cases = [
    ['torch.stepLR', { lr: 0.1, stepSize: 30 }, torch.stepLR({ lr: 0.1, stepSize: 30 })],
    ['keras.cosineDecay', { initialLearningRate: 0.1, decaySteps: 80, warmupTarget: 0.2, warmupSteps: 20 }, keras.cosineDecay({ initialLearningRate: 0.1, decaySteps: 80, warmupTarget: 0.2, warmupSteps: 20 })],
    ['transformers.wsdSchedule', { lr: 0.1, numWarmupSteps: 10, numDecaySteps: 30, numTrainingSteps: 100 }, transformers.wsdSchedule({ lr: 0.1, numWarmupSteps: 10, numDecaySteps: 30, numTrainingSteps: 100 })],
  ] as const;
  for (const [name, options, schedule] of cases) {
    const r = await cli(['schedule', name, '--options', JSON.stringify(options), '--epochs', '1', '--iters-per-epoch', '100', '--no-plot', '--json']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.deepEqual(out.lr, sample(schedule, 100));
    assert.equal(out.spec.type, name);
  }
});

test('family usage errors exit 2 and name the flag', async () => {
  const bad = [
    [['schedule', 'torch.stepLR', '--no-plot'], /torch\.stepLR needs --options <json>/],
    [['schedule', 'torch.stepLR', '--options', '{lr: 1}', '--no-plot'], /invalid --options "\{lr: 1\}": not valid JSON/],
    [['schedule', 'torch.stepLR', '--options', '{"lr": 0.1, "stepSize": 0}', '--no-plot'], /invalid --options for torch\.stepLR: torch\.stepLR\(\): stepSize must be a positive integer, got 0/],
    [['schedule', 'keras.cosine', '--options', '{}', '--no-plot'], /invalid policy "keras\.cosine": .*keras\.cosineDecay, keras\.cosineDecayRestarts/],
    [['schedule', 'triangular', '--options', '{}', '--no-plot'], /--options goes with a family factory/],
  ] as const;
  for (const [argv, message] of bad) {
    const r = await cli([...argv]);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err, message);
  }
});

test('--export writes schedule.py (pytorch) or ds_config.scheduler.json (deepspeed) and prints it; what an engine cannot express exits 2', async () => {
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { oneCycle, toEngine } = await import('../src/schedules/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-export-'));
  const r = await cli(['schedule', 'one-cycle', '--max-lr', '0.1', '--epochs', '2', '--iters-per-epoch', '50', '--export', 'pytorch', '--out', dir]);
  assert.equal(r.code, 0, r.err);
  const code = readFileSync(join(dir, 'schedule.py'), 'utf8');
  assert.equal(code, toEngine(oneCycle({ maxLr: 0.1, totalSteps: 100 }), 'pytorch'));
  assert.match(code, /lr_scheduler\.OneCycleLR\(optimizer, max_lr=0\.1, total_steps=100/);
  assert.ok(r.out.includes(code.trim().split('\n').at(-1)!), 'the code is printed too');
  // What DeepSpeed cannot express exactly exits 2, saying what to do instead; what it can goes to ds_config.scheduler.json.
  const bad = await cli(['schedule', 'keras.cosineDecay', '--options', '{"initialLearningRate": 0.1, "decaySteps": 10}', '--export', 'deepspeed', '--no-plot']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /invalid --export deepspeed: DeepSpeed has no scheduler that is keras\.cosineDecay exactly .*deepspeed\.initialize\(lr_scheduler=/);
  const ds = mkdtempSync(join(tmpdir(), 'lrkit-export-'));
  const tri = await cli(['schedule', 'triangular', '--base-lr', '0.01', '--max-lr', '0.1', '--epochs', '2', '--iters-per-epoch', '50', '--step-size', '1', '--export', 'deepspeed', '--out', ds]);
  assert.equal(tri.code, 0, tri.err);
  const block = JSON.parse(readFileSync(join(ds, 'ds_config.scheduler.json'), 'utf8'));
  assert.deepEqual(block.scheduler.type, 'OneCycle');
  assert.equal(block.scheduler.params.cycle_first_step_size, 50);
  // --cycle-momentum: PyTorch cycles it in OneCycleLR; Keras takes the rate alone and says so.
  const mom = await cli(['schedule', 'one-cycle', '--max-lr', '0.1', '--epochs', '2', '--iters-per-epoch', '50', '--cycle-momentum', '--export', 'pytorch', '--no-plot', '--json']);
  assert.equal(mom.code, 0, mom.err);
  assert.match(JSON.parse(mom.out).export.code, /cycle_momentum=True, base_momentum=0\.85, max_momentum=0\.95/);
  const kmom = await cli(['schedule', 'one-cycle', '--max-lr', '0.1', '--epochs', '2', '--iters-per-epoch', '50', '--cycle-momentum', '--export', 'keras', '--no-plot', '--json']);
  assert.equal(kmom.code, 0, kmom.err);
  assert.match(kmom.err, /--export keras writes the learning rate only; keras cannot schedule momentum/);
  // Keras tabulates a schedule it has no class for, over the run's length.
  const k = await cli(['schedule', 'torch.stepLR', '--options', '{"lr": 0.1, "stepSize": 30}', '--epochs', '1', '--iters-per-epoch', '90', '--export', 'keras', '--no-plot', '--json']);
  assert.equal(k.code, 0, k.err);
  assert.match(JSON.parse(k.out).export.code, /for s in range\(90\)/);
});
