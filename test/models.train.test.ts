import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { spirals, splitData } from '../src/data/index.js';
import { loadMnist } from '../src/node/index.js';
import { comparePolicies, createMlp, evaluate, policySchedules, trainWithSchedule, POLICY_NAMES } from '../src/models/index.js';
import { setBackend } from '../src/tfjs/backend.js';

before(async () => {
  await setBackend('wasm');
});

test('policySchedules: each policy has its textbook shape', () => {
  const base = { baseLr: 0.01, maxLr: 0.1, epochs: 4, itersPerEpoch: 10, stepSizeEpochs: 1 };
  const tri = policySchedules('triangular', base).lr;
  assert.ok(Math.abs(tri(0) - 0.01) < 1e-12);
  assert.ok(Math.abs(tri(10) - 0.1) < 1e-12);
  assert.ok(Math.abs(tri(30) - 0.1) < 1e-12); // second cycle peaks as high
  const tri2 = policySchedules('triangular2', base).lr;
  assert.ok(Math.abs(tri2(30) - 0.055) < 1e-12); // half amplitude in cycle 2
  const exp = policySchedules('exp_range', base).lr;
  assert.ok(exp(30) < exp(10) && exp(30) > 0.01);
  const fixed = policySchedules('fixed', base).lr;
  assert.equal(fixed(0), 0.01);
  assert.equal(fixed(39), 0.01);
  const one = policySchedules('one-cycle', { ...base, cycleMomentum: true });
  assert.ok(Math.abs(one.lr(0) - 0.1 / 25) < 1e-12);
  assert.ok(one.momentum !== undefined && one.momentum(0) > one.momentum(12));
  assert.equal(one.spec.type, 'oneCycle');
  assert.equal(POLICY_NAMES.length, 5);
  assert.throws(() => policySchedules('cosine', base), /policy must be one of .* got "cosine"/);
  assert.throws(() => policySchedules('triangular', { ...base, baseLr: 0.2 }), /baseLr \(0\.2\) must be below maxLr/);
  assert.throws(() => policySchedules('triangular', { ...base, epochs: 0 }), /epochs must be a positive integer, got 0/);
});

test('trainWithSchedule learns MNIST from 2,000 images and applies the schedule to every step', async () => {
  const train = await loadMnist({ limit: 2000, seed: 1 });
  const testSet = await loadMnist({ split: 'test', limit: 500, seed: 1 });
  const model = createMlp({ inputShape: train.shape, classes: 10, hidden: [64], optimizer: 'momentum', lr: 0.05, seed: 0 });
  const before = await evaluate(model, testSet);
  const { lr } = policySchedules('triangular2', { baseLr: 0.02, maxLr: 0.2, epochs: 2, itersPerEpoch: 31, stepSizeEpochs: 0.5 });
  const counts: number[] = [];
  const result = await trainWithSchedule({
    model, train, test: testSet, epochs: 2, batchSize: 64, lr, evalEvery: 10,
    onStep: () => counts.push(tf.memory().numTensors),
  });
  // The optimizer makes its slots on step 1; after that nothing leaks per step or evaluation.
  assert.ok(counts.every((c) => c === counts[0]), `tensor counts ${[...new Set(counts)]}`);
  assert.equal(result.stepsPerEpoch, 31);
  assert.equal(result.steps, 62);
  result.lrs.forEach((v, i) => assert.equal(v, lr(i)));
  assert.equal(result.epochs.length, 2);
  assert.ok(result.finalAccuracy > 0.75, `accuracy ${result.finalAccuracy} (before ${before.accuracy})`);
  assert.ok(result.epochs[1].trainLoss < result.epochs[0].trainLoss);
  // Evaluations every 10 steps plus one per epoch end.
  assert.deepEqual(result.evaluations.map((p) => p.step), [10, 20, 30, 31, 40, 50, 60, 62]);
  model.dispose();
});

test('comparePolicies runs every policy from the same initial weights; abort stops early', async () => {
  const { train, test: testSet } = splitData(spirals({ count: 400, classes: 3, seed: 2 }), { testFraction: 0.25, seed: 0 });
  const makeModel = () => createMlp({ inputShape: [2], classes: 3, hidden: [16], optimizer: 'sgd', lr: 0.1, seed: 5 });
  const seen: string[] = [];
  const runs = await comparePolicies({
    policies: ['fixed', 'triangular', 'one-cycle'],
    makeModel, train, test: testSet, epochs: 2, batchSize: 30,
    bounds: { baseLr: 0.05, maxLr: 0.5, stepSizeEpochs: 1 },
    onPolicy: (p) => seen.push(p),
  });
  assert.deepEqual(seen, ['fixed', 'triangular', 'one-cycle']);
  assert.deepEqual(runs.map((r) => r.policy), seen);
  for (const r of runs) {
    assert.equal(r.result.steps, 20);
    assert.ok(r.result.finalAccuracy >= 0 && r.result.finalAccuracy <= 1);
  }
  // Same initial weights and batches: the first step's loss is identical across policies.
  assert.equal(runs[0].result.losses[0], runs[1].result.losses[0]);
  assert.notDeepEqual(runs[0].result.lrs, runs[1].result.lrs);
  const ctl = new AbortController();
  const partial = await trainWithSchedule({
    model: makeModel(), train, epochs: 3, batchSize: 30, lr: () => 0.1,
    signal: ctl.signal, onStep: (s) => { if (s.step === 5) ctl.abort(); },
  });
  assert.equal(partial.aborted, true);
  assert.equal(partial.steps, 5);
  await assert.rejects(
    comparePolicies({ policies: ['fixed', 'warp'], makeModel, train, test: testSet, epochs: 1, bounds: { maxLr: 0.1 } }),
    /policy must be one of .* got "warp"/,
  );
});
