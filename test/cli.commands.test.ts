import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { cyclic, fromSpec } from '../src/schedules/index.js';
import { cli } from './helpers/cli.js';


/** A PyTorch-style lr_find log: loss falls from 2.3, bottoms out near lr=0.03, then blows up. */
function torchLikeCsv(): string {
  const rows = ['lr,loss'];
  for (let i = 0; i < 100; i++) {
    const lr = 1e-6 * Math.pow(1e7, i / 99);
    const x = Math.log10(lr);
    const loss = 2.3 - 1.6 / (1 + Math.exp(-(x + 2.5) * 3)) + Math.exp((x + 1) * 3) + 0.02 * Math.sin(i * 7);
    rows.push(`${lr},${i > 95 ? 'nan' : loss}`);
  }
  return rows.join('\n') + '\n';
}

test('analyze a CSV logged elsewhere: smooths, suggests inside the curve, plots and reports', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-an-'));
  const csv = join(dir, 'torch.csv');
  writeFileSync(csv, torchLikeCsv());
  const r = await cli(['analyze', csv, '--out', join(dir, 'out'), '--json']);
  assert.equal(r.code, 0, r.err);
  const s = JSON.parse(r.out);
  assert.equal(s.points, 100);
  assert.equal(s.smoothed, true);
  // The loss falls fastest around lr = 10^-2.5 and is lowest around 10^-1.5: fastai's valley is in that region.
  assert.ok(s.fastai.valley.lr > 1e-4 && s.fastai.valley.lr < 0.1, `valley ${s.fastai.valley.lr}`);
  assert.equal(s.suggestions, undefined, 'the retired rules are not written');
  // No length given: the schedules are built for 10 x 100 steps and say so.
  assert.deepEqual(s.length, { totalSteps: 1000, itersPerEpoch: 100, epochs: 10, assumed: ['epochs', 'itersPerEpoch'] });
  assert.match(s.recommended.oneCycle.note, /over 10 epochs x 100 steps = 1000 steps \(assumed epochs and itersPerEpoch: give your run's\)/);
  // The recommendation leads, with exactly these fields; the written specs are built from it.
  assert.deepEqual(Object.keys(s.recommendation).sort(), ['confidence', 'constant', 'cyclic', 'oneCycle', 'warnings']);
  assert.deepEqual(Object.keys(s.recommendation.cyclic).sort(), ['baseLr', 'confidence', 'maxLr', 'rule', 'stepSizeUp']);
  assert.deepEqual(Object.keys(s.recommendation.constant).sort(), ['caveat', 'confidence', 'lr', 'rule']);
  assert.equal(s.recommendation.oneCycle.confidence, s.recommendation.confidence);
  assert.equal(s.recommendation.constant.confidence, 'medium');
  assert.equal(s.recommendation.confidence, 'high', JSON.stringify(s.recommendation.warnings));
  assert.ok(s.recommendation.constant.lr > 1e-4 && s.recommendation.constant.lr < 0.1, `constant ${s.recommendation.constant.lr}`);
  assert.equal(fromSpec(s.recommended.cyclic.spec)(0), s.recommendation.cyclic.baseLr);
  assert.equal(fromSpec(s.recommended.cyclic.spec)(s.recommendation.cyclic.stepSizeUp), s.recommendation.cyclic.maxLr);
  assert.equal(fromSpec(s.recommended.constant.spec)(1234), s.recommendation.constant.lr);
  for (const f of ['analysis.json', 'analysis.svg', 'analysis.png', 'analysis.html']) assert.ok(existsSync(join(dir, 'out', f)), f);
  assert.equal(PNG.sync.read(readFileSync(join(dir, 'out', 'analysis.png'))).width, 1200);
  const saved = JSON.parse(readFileSync(join(dir, 'out', 'analysis.json'), 'utf8'));
  assert.equal(saved.smoothed.length, 100);
  assert.equal(saved.smoothed[99], null); // NaN tail kept as null
  // Human output: chart, suggestions, files.
  const h = await cli(['analyze', csv, '--out', join(dir, 'out2'), '--no-smooth']);
  assert.equal(h.code, 0, h.err);
  assert.match(h.out, /┤/);
  assert.doesNotMatch(h.out, /valley/, "fastai's rules only with --all-rules");
  assert.equal(h.out.split('\n')[0], JSON.parse(readFileSync(join(dir, 'out2', 'analysis.json'), 'utf8')).headline);
  assert.match(h.out, /columns lr=lr, loss=loss/);
  // Column names are configurable.
  writeFileSync(join(dir, 'k.csv'), torchLikeCsv().replace('lr,loss', 'rate,batch_loss'));
  const k = await cli(['analyze', join(dir, 'k.csv'), '--lr-column', 'rate', '--loss-column', 'batch_loss', '--out', join(dir, 'out3')]);
  assert.equal(k.code, 0, k.err);
  const bad = await cli(['analyze', join(dir, 'k.csv'), '--lr-column', 'nope', '--out', join(dir, 'out4')]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /nope/);
});

test('schedule prints a table and chart matching the schedule, writes spec/CSV/plots, and reads a spec back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-sch-'));
  const out = join(dir, 'o');
  const r = await cli(['schedule', 'triangular2', '--base-lr', '0.001', '--max-lr', '0.006', '--epochs', '10', '--iters-per-epoch', '50', '--step-size', '2', '--rows', '6', '--out', out]);
  assert.equal(r.code, 0, r.err);
  const ref = cyclic({ baseLr: 0.001, maxLr: 0.006, stepSizeUp: 100, mode: 'triangular2' });
  // Rows at round steps 0, 100, ..., 400 and the last (499), so the peaks at 100 and 300 read exactly.
  for (const step of [0, 100, 200, 300, 400, 499]) {
    const line = r.out.split('\n').find((l) => l.trim().startsWith(`${step} `));
    assert.ok(line, `row for step ${step}`);
    assert.ok(line!.includes(ref(step).toExponential(4)), `${line} vs ${ref(step)}`);
    if (step === 100) assert.match(line!, /6\.0000e-3/);
  }
  assert.match(r.out, /min 1\.00e-3, max 6\.00e-3/);
  assert.match(r.out, /╭/);
  const saved = JSON.parse(readFileSync(join(out, 'schedule.json'), 'utf8'));
  assert.equal(saved.spec.type, 'cyclic');
  assert.equal(saved.spec.mode, 'triangular2');
  assert.equal(readFileSync(join(out, 'schedule.csv'), 'utf8').trim().split('\n').length, 501);
  assert.ok(PNG.sync.read(readFileSync(join(out, 'schedule.png'))).height > 100);
  // The written spec reads back through --spec with the same values.
  const again = await cli(['schedule', '--spec', join(out, 'schedule.json'), '--epochs', '10', '--iters-per-epoch', '50', '--json', '--no-plot']);
  assert.equal(again.code, 0, again.err);
  const j = JSON.parse(again.out);
  assert.equal(j.lr.length, 500);
  j.lr.forEach((v: number, i: number) => assert.equal(v, ref(i)));
  const one = await cli(['schedule', 'one-cycle', '--max-lr', '0.1', '--epochs', '2', '--iters-per-epoch', '20', '--cycle-momentum', '--json', '--no-plot']);
  const oj = JSON.parse(one.out);
  assert.ok(Math.abs(oj.lr[0] - 0.004) < 1e-12);
  assert.equal(oj.momentum.length, 40);
  writeFileSync(join(dir, 'bad.json'), '{"type":"cyclic","baseLr":-1}');
  const bad = await cli(['schedule', '--spec', join(dir, 'bad.json'), '--no-plot']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--spec .*bad\.json/);
});

test('train and compare on a tiny MNIST slice report accuracy per epoch and plot it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-tr-'));
  const common = ['--limit', '640', '--val-limit', '200', '--epochs', '2', '--batch-size', '32', '--backend', 'wasm', '--json'];
  const t = await cli(['train', '--policy', 'triangular2', '--base-lr', '0.02', '--max-lr', '0.2', '--step-size', '0.5', ...common, '--out', join(dir, 't')]);
  assert.equal(t.code, 0, t.err);
  const ts = JSON.parse(t.out);
  assert.equal(ts.stepsPerEpoch, 20);
  assert.equal(ts.perEpoch.length, 2);
  assert.ok(ts.finalAccuracy > 0.5, `accuracy ${ts.finalAccuracy}`);
  assert.equal(ts.spec.mode, 'triangular2');
  const saved = JSON.parse(readFileSync(join(dir, 't', 'train.json'), 'utf8'));
  const ref = fromSpec(saved.spec);
  saved.lrs.forEach((v: number, i: number) => assert.equal(v, ref(i)));
  assert.ok(PNG.sync.read(readFileSync(join(dir, 't', 'accuracy.png'))).width === 1200);
  // Without --max-lr a short range test picks the bounds.
  const auto = await cli(['train', '--policy', 'one-cycle', ...common, '--epochs', '1', '--out', join(dir, 'ta')]);
  assert.equal(auto.code, 0, auto.err);
  const as = JSON.parse(auto.out);
  assert.equal(as.bounds.source, 'range test');
  assert.ok(as.bounds.maxLr > 1e-7 && as.bounds.maxLr < 10);
  // the range test it ran is written beside train.json, and it trained at that curve's answer
  const rangeTest = JSON.parse(readFileSync(join(dir, 'ta', 'curve.json'), 'utf8'));
  assert.equal(as.bounds.maxLr, rangeTest.recommendation.oneCycle.maxLr);
  assert.equal(rangeTest.lrs.length, rangeTest.iterations);
  assert.equal(rangeTest.length.totalSteps, as.stepsPerEpoch, 'its schedules are for this 1-epoch training');
  assert.ok(as.files.some((f: string) => f.endsWith('curve.json')));
  // ...and a constant rate is find's recommended constant for the same model, data and seed.
  const fixed = await cli(['train', '--policy', 'fixed', ...common, '--epochs', '1', '--out', join(dir, 'tf')]);
  assert.equal(fixed.code, 0, fixed.err);
  const found = await cli(['find', '--limit', '640', '--batch-size', '32', '--backend', 'wasm', '--json', '--out', join(dir, 'f')]);
  assert.equal(found.code, 0, found.err);
  assert.equal(JSON.parse(fixed.out).bounds.baseLr, JSON.parse(found.out).recommendation.constant.lr);

  const c = await cli(['compare', '--policies', 'fixed,one-cycle', '--base-lr', '0.05', '--max-lr', '0.3', ...common, '--out', join(dir, 'c')]);
  assert.equal(c.code, 0, c.err);
  const cs = JSON.parse(c.out);
  assert.deepEqual(cs.runs.map((r: { policy: string }) => r.policy), ['fixed', 'one-cycle']);
  for (const r of cs.runs) assert.ok(r.finalAccuracy > 0.3 && r.finalAccuracy <= 1);
  const csv = readFileSync(join(dir, 'c', 'compare.csv'), 'utf8').trim().split('\n');
  assert.equal(csv[0], 'policy,step,epoch,test_loss,test_accuracy');
  assert.ok(csv.some((l) => l.startsWith('fixed,')) && csv.some((l) => l.startsWith('one-cycle,')));
  assert.ok(existsSync(join(dir, 'c', 'compare.png')));
  const human = await cli(['compare', '--policies', 'fixed,triangular', '--base-lr', '0.05', '--max-lr', '0.3', ...common.filter((a) => a !== '--json'), '--out', join(dir, 'c2')]);
  assert.equal(human.code, 0, human.err);
  assert.match(human.out, /fixed\s+0\.\d{4}/);
  assert.match(human.out, /triangular\s+0\.\d{4}/);
  // Without --max-lr, compare's fixed rate is the recommended constant (as train's), and a run
  // within the first cycle says that triangular and triangular2 are the same schedule there.
  const cmp = await cli(['compare', '--policies', 'fixed,triangular,triangular2', '--limit', '640', '--val-limit', '200', '--epochs', '1', '--batch-size', '32', '--backend', 'wasm', '--json', '--out', join(dir, 'c3')]);
  assert.equal(cmp.code, 0, cmp.err);
  const runs = JSON.parse(cmp.out).runs as { policy: string; spec: { type: string; value?: number; maxLr?: number } }[];
  assert.deepEqual(runs[0].spec, { type: 'constant', value: JSON.parse(found.out).recommendation.constant.lr });
  assert.equal(runs[1].spec.maxLr, JSON.parse(found.out).recommendation.cyclic.maxLr);
  assert.match(cmp.err, /triangular and triangular2 are the same schedule/);
});

test('find loads a saved TF.js model.json (file IO handler) and checks its shape against the data', async () => {
  const { createMlp } = await import('../src/models/index.js');
  const { fileSystem } = await import('../src/node/index.js');
  const { setBackend } = await import('../src/tfjs/backend.js');
  await setBackend('wasm');
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-saved-'));
  const model = createMlp({ inputShape: [28, 28, 1], classes: 10, hidden: [16], seed: 2 });
  await model.save(fileSystem(join(dir, 'mnist-mlp')));
  model.dispose();
  const r = await cli(['find', '--model', join(dir, 'mnist-mlp', 'model.json'), '--limit', '300', '--num-iter', '20', '--backend', 'wasm', '--out', join(dir, 'o'), '--json']);
  assert.equal(r.code, 0, r.err);
  const s = JSON.parse(r.out);
  assert.match(s.model, /mnist-mlp\/model\.json$/);
  assert.equal(s.iterations, 20);
  // A model for 3 classes does not fit MNIST's 10: exit 2 naming --model.
  const small = createMlp({ inputShape: [28, 28, 1], classes: 3, hidden: [4] });
  await small.save(fileSystem(join(dir, 'three')));
  small.dispose();
  const bad = await cli(['find', '--model', join(dir, 'three', 'model.json'), '--limit', '100', '--num-iter', '5', '--out', join(dir, 'o2')]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--model .*three\/model\.json.*output shape \[3\] does not match 10 classes/);
});

test('find feeds MNIST images to a saved model with a flat [784] input (same size, other layout)', async () => {
  const { createMlp } = await import('../src/models/index.js');
  const { fileSystem } = await import('../src/node/index.js');
  const { setBackend } = await import('../src/tfjs/backend.js');
  await setBackend('wasm');
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-flat-'));
  const model = createMlp({ inputShape: [784], classes: 10, hidden: [16], seed: 1 });
  await model.save(fileSystem(join(dir, 'flat')));
  model.dispose();
  const r = await cli(['find', '--model', join(dir, 'flat', 'model.json'), '--limit', '300', '--num-iter', '20', '--batch-size', '32', '--backend', 'wasm', '--out', join(dir, 'o'), '--json']);
  assert.equal(r.code, 0, r.err);
  const s = JSON.parse(r.out);
  assert.equal(s.iterations, 20);
  const curve = JSON.parse(readFileSync(join(dir, 'o', 'curve.json'), 'utf8'));
  assert.ok(curve.losses.every((l: number) => Number.isFinite(l)));
  // A size that does not match stays an error naming both shapes.
  const odd = createMlp({ inputShape: [783], classes: 10, hidden: [4] });
  await odd.save(fileSystem(join(dir, 'odd')));
  odd.dispose();
  const bad = await cli(['find', '--model', join(dir, 'odd', 'model.json'), '--limit', '100', '--num-iter', '5', '--out', join(dir, 'o2')]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /input shape \[783\] does not fit the data's \[28,28,1\]/);
});

test("analyze keeps a file's smoothed column unless --beta is given, then re-smooths the raw losses", async () => {
  const { smoothUntilNonFinite } = await import('../src/finder/smooth.js');
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-beta-'));
  const rows = ['iteration,lr,loss,smoothed'];
  const losses: number[] = [];
  for (let i = 0; i < 60; i++) {
    const loss = 2 - 1.5 * Math.sin((Math.PI * i) / 80) + 0.1 * Math.cos(i * 3);
    losses.push(loss);
    rows.push(`${i},${1e-5 * 1.25 ** i},${loss},${7}`); // a constant smoothed column: easy to tell apart
  }
  writeFileSync(join(dir, 'c.csv'), rows.join('\n') + '\n');
  const kept = await cli(['analyze', join(dir, 'c.csv'), '--out', join(dir, 'a'), '--json']);
  assert.equal(kept.code, 0, kept.err);
  assert.equal(JSON.parse(kept.out).smoothing, 'from file');
  assert.ok(JSON.parse(readFileSync(join(dir, 'a', 'analysis.json'), 'utf8')).smoothed.every((v: number) => v === 7));
  const re = await cli(['analyze', join(dir, 'c.csv'), '--beta', '0.5', '--out', join(dir, 'b'), '--json']);
  assert.equal(re.code, 0, re.err);
  assert.equal(JSON.parse(re.out).smoothing, 'beta 0.5');
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'b', 'analysis.json'), 'utf8')).smoothed, smoothUntilNonFinite(losses, 0.5));
});

test('train prints the lr range the schedule really spans (one-cycle: maxLr/25 up to maxLr, then far below)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-range-'));
  const r = await cli(['train', '--policy', 'one-cycle', '--max-lr', '0.3', '--limit', '320', '--val-limit', '100', '--epochs', '1', '--batch-size', '32', '--backend', 'wasm', '--no-progress', '--out', join(dir, 't')]);
  assert.equal(r.code, 0, r.err);
  const saved = JSON.parse(readFileSync(join(dir, 't', 'train.json'), 'utf8'));
  assert.ok(Math.abs(saved.lrs[0] - 0.3 / 25) < 1e-12, `first lr ${saved.lrs[0]}`);
  // The final annealing goes below the start (maxLr / 25 / 1e4), so that is the minimum printed.
  const lo = Math.min(...saved.lrs);
  assert.ok(lo < 0.3 / 25 / 100, `min lr ${lo}`);
  const { formatLr } = await import('../src/report/scales.js');
  assert.match(r.out, new RegExp(`one-cycle: lr ${formatLr(lo, 2).replace(/\./g, '\\.')} \\.\\. 3\\.00e-1 \\(bounds from flags\\)`));
});

test('schedule exp_range accepts gamma > 1 as PyTorch does (the amplitude grows) and matches the library', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-gamma-'));
  const args = ['schedule', 'exp_range', '--gamma', '1.001', '--base-lr', '0.001', '--max-lr', '0.006', '--epochs', '2', '--iters-per-epoch', '500', '--step-size', '2', '--json', '--out', dir];
  const r = await cli(args);
  assert.equal(r.code, 0, r.err);
  const out = JSON.parse(r.out) as { lr: number[] };
  const expected = cyclic({ baseLr: 0.001, maxLr: 0.006, stepSizeUp: 1000, mode: 'exp_range', gamma: 1.001 });
  assert.equal(out.lr.length, 1000);
  out.lr.forEach((v, i) => assert.ok(Math.abs(v - expected(i)) <= 1e-12 * expected(i), `step ${i}: ${v} vs ${expected(i)}`));
  assert.ok(Math.max(...out.lr) > 0.006, 'a growing amplitude passes maxLr');
});
