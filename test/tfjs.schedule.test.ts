import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import {
  createScheduler,
  getLearningRate,
  getMomentum,
  scheduleCallback,
  setBackend,
} from '../src/tfjs/index.js';
import { oneCycle, oneCycleMomentum, sample } from '../src/schedules/index.js';

before(async () => {
  await setBackend('wasm');
});

// A triangular cyclical schedule (Smith 2017), written inline so these tests need nothing else.
const triangle = (base: number, max: number, half: number) => (step: number): number => {
  const cycle = Math.floor(1 + step / (2 * half));
  const x = Math.abs(step / half - 2 * cycle + 1);
  return base + (max - base) * Math.max(0, 1 - x);
};
const lrSchedule = triangle(0.001, 0.01, 4);
const momentumSchedule = (step: number): number => 0.95 - (0.1 * (step % 8)) / 8;

function tinyModel(optimizer: tf.Optimizer): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
  model.compile({ optimizer, loss: 'meanSquaredError' });
  return model;
}

function tinyData(n: number): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  return tf.tidy(() => {
    const xs = tf.randomNormal([n, 3], 0, 1, 'float32', 7) as tf.Tensor2D;
    return { xs, ys: tf.sum(xs, 1, true) as tf.Tensor2D };
  });
}

describe('scheduleCallback', () => {
  test('applies the schedules before every batch, counting global steps over 3 epochs', async () => {
    const opt = tf.train.momentum(0.5, 0.5);
    const model = tinyModel(opt);
    const { xs, ys } = tinyData(20);
    const cb = scheduleCallback({ lr: lrSchedule, momentum: momentumSchedule });
    // Record what the optimizer really holds while each batch trains.
    const seen: Array<{ lr: number; momentum: number }> = [];
    const probe = new tf.CustomCallback({
      onBatchEnd: async () => {
        seen.push({ lr: getLearningRate(opt), momentum: getMomentum(opt) });
      },
    });
    // One plain batch first: the optimizer creates its slot variables on its first step.
    await model.fit(xs, ys, { epochs: 1, batchSize: 20, verbose: 0 });
    const n0 = tf.memory().numTensors;
    await model.fit(xs, ys, { epochs: 3, batchSize: 8, shuffle: false, callbacks: [cb, probe], verbose: 0 });
    const steps = 3 * Math.ceil(20 / 8);
    assert.equal(cb.history.length, steps);
    assert.equal(cb.currentStep, steps);
    for (let s = 0; s < steps; s++) {
      assert.deepEqual(cb.history[s], { step: s, lr: lrSchedule(s), momentum: momentumSchedule(s) });
      assert.deepEqual(seen[s], { lr: lrSchedule(s), momentum: momentumSchedule(s) });
    }
    // Per-batch changes do not leak (fit's own history tensors are disposed by fit).
    assert.equal(tf.memory().numTensors, n0);
    model.dispose();
    tf.dispose([xs, ys]);
  });

  test("lrkit's oneCycle + oneCycleMomentum over 3 epochs: history and optimizer equal sample(schedule, 3 * stepsPerEpoch)", async () => {
    const opt = tf.train.momentum(0.01, 0.9);
    const model = tinyModel(opt);
    const { xs, ys } = tinyData(40);
    const batchSize = 8;
    const stepsPerEpoch = Math.ceil(40 / batchSize);
    const spec = { maxLr: 0.05, epochs: 3, stepsPerEpoch };
    const lr = oneCycle(spec);
    const momentum = oneCycleMomentum(spec);
    const cb = scheduleCallback({ lr, momentum });
    const seen: Array<{ lr: number; momentum: number }> = [];
    const probe = new tf.CustomCallback({
      onBatchEnd: async () => {
        seen.push({ lr: getLearningRate(opt), momentum: getMomentum(opt) });
      },
    });
    await model.fit(xs, ys, { epochs: 3, batchSize, shuffle: false, callbacks: [cb, probe], verbose: 0 });
    const n = 3 * stepsPerEpoch;
    const lrs = sample(lr, n);
    const moms = sample(momentum, n);
    assert.deepEqual(cb.history.map((h) => h.step), Array.from({ length: n }, (_, i) => i));
    assert.deepEqual(cb.history.map((h) => h.lr), lrs);
    assert.deepEqual(cb.history.map((h) => h.momentum), moms);
    assert.deepEqual(seen.map((v) => v.lr), lrs);
    assert.deepEqual(seen.map((v) => v.momentum), moms);
    // The schedule really is a one-cycle: lr rises from maxLr/25 to near maxLr (the peak falls
    // between two steps) and falls again, momentum moving the other way.
    const peak = lrs.indexOf(Math.max(...lrs));
    assert.ok(peak > 0 && peak < n - 1 && lrs[peak] > 0.049 && lrs[peak] <= 0.05, `peak ${lrs[peak]} at ${peak}`);
    assert.equal(moms.indexOf(Math.min(...moms)), peak);
    assert.equal(moms[0], 0.95);
    assert.ok(Math.abs(lrs[0] - 0.05 / 25) < 1e-15, `lr(0) = ${lrs[0]}`);
    model.dispose();
    tf.dispose([xs, ys]);
  });

  test("cycling Adam's beta1 from a fresh optimizer: the bias correction starts at the schedule's beta1", async () => {
    const spec = { maxLr: 0.05, epochs: 2, stepsPerEpoch: 3 };
    const { xs, ys } = tinyData(24);
    const train = async (beta1: number) => {
      const model = tf.sequential({
        layers: [tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) })],
      });
      model.compile({ optimizer: tf.train.adam(0.01, beta1), loss: 'meanSquaredError' });
      const w0 = model.getWeights().map((w) => Array.from(w.dataSync()));
      let firstStep: number[] = [];
      const probe = new tf.CustomCallback({
        onBatchEnd: async (batch) => {
          if (firstStep.length === 0 && batch === 0) {
            firstStep = model.getWeights().flatMap((w, i) => Array.from(w.dataSync()).map((v, j) => v - w0[i][j]));
          }
        },
      });
      const cb = scheduleCallback({ lr: oneCycle(spec), momentum: oneCycleMomentum(spec) });
      await model.fit(xs, ys, { epochs: 2, batchSize: 8, shuffle: false, callbacks: [cb, probe], verbose: 0 });
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return { weights, firstStep };
    };
    // Built with tfjs's default beta1 0.9 while the schedule starts at 0.95: the same training as
    // an Adam built with 0.95 ...
    const fromDefault = await train(0.9);
    const fromFirst = await train(0.95);
    assert.deepEqual(fromDefault.weights, fromFirst.weights);
    // ... whose first, bias-corrected step moves every weight by lr(0) (Adam's |m/sqrt(v)| = 1 on
    // the first step); with the accumulator left at 0.9 it would be (1 - 0.95) / (1 - 0.9) = half.
    const lr0 = oneCycle(spec)(0);
    assert.equal(fromDefault.firstStep.length, 4);
    for (const d of fromDefault.firstStep) assert.ok(Math.abs(Math.abs(d) - lr0) < 1e-3 * lr0, `first step ${d} vs ${lr0}`);
    tf.dispose([xs, ys]);
  });

  test('startStep resumes the schedule, and a second fit continues counting', async () => {
    const model = tinyModel(tf.train.sgd(0.1));
    const { xs, ys } = tinyData(16);
    const cb = scheduleCallback({ lr: lrSchedule, startStep: 10 });
    await model.fit(xs, ys, { epochs: 1, batchSize: 8, callbacks: [cb], verbose: 0 });
    await model.fit(xs, ys, { epochs: 1, batchSize: 8, callbacks: [cb], verbose: 0 });
    assert.deepEqual(cb.history.map((h) => h.step), [10, 11, 12, 13]);
    assert.deepEqual(cb.history.map((h) => h.lr), [10, 11, 12, 13].map(lrSchedule));
    assert.equal(getLearningRate(model.optimizer), lrSchedule(13));
    model.dispose();
    tf.dispose([xs, ys]);
  });

  test('works with fitDataset', async () => {
    const model = tinyModel(tf.train.adam(0.1));
    const { xs, ys } = tinyData(12);
    const ds = tf.data.zip({ xs: tf.data.array(tf.unstack(xs)), ys: tf.data.array(tf.unstack(ys)) }).batch(4);
    const cb = scheduleCallback({ lr: lrSchedule, momentum: momentumSchedule });
    await model.fitDataset(ds as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>, { epochs: 2, callbacks: [cb], verbose: 0 });
    assert.deepEqual(cb.history.map((h) => h.step), [0, 1, 2, 3, 4, 5]);
    assert.equal(getMomentum(model.optimizer), momentumSchedule(5));
    model.dispose();
    tf.dispose([xs, ys]);
  });

  test('a momentum schedule on an optimizer without momentum fails at the start of fit', async () => {
    const model = tinyModel(tf.train.sgd(0.1));
    const { xs, ys } = tinyData(8);
    const cb = scheduleCallback({ momentum: momentumSchedule });
    await assert.rejects(model.fit(xs, ys, { epochs: 1, callbacks: [cb], verbose: 0 }), {
      name: 'TypeError',
      message: /optimizer "sgd" has no momentum/,
    });
    assert.equal(cb.history.length, 0);
    model.dispose();
    tf.dispose([xs, ys]);
  });

  test('rejects bad options, naming them', () => {
    assert.throws(() => scheduleCallback({}), { name: 'TypeError', message: /must have at least one of lr or momentum .*got keys \[\]/ });
    assert.throws(() => scheduleCallback({ lr: 0.1 as unknown as (s: number) => number }), {
      name: 'TypeError',
      message: /scheduleCallback: lr must be a \(step: number\) => number function, got 0\.1; for a fixed value/,
    });
    assert.throws(() => scheduleCallback({ lr: lrSchedule, startStep: -1 }), { name: 'RangeError', message: /startStep.*got -1/ });
    assert.throws(() => scheduleCallback({ lr: lrSchedule, startStep: 1.5 }), { name: 'RangeError', message: /got 1\.5/ });
  });
});

describe('createScheduler', () => {
  test('step() before each minimize applies the schedule step for step', () => {
    const opt = tf.train.rmsprop(0.1, 0.9, 0.5);
    const scheduler = createScheduler(opt, { lr: lrSchedule, momentum: momentumSchedule });
    const w = tf.variable(tf.tensor1d([1, 2]));
    for (let s = 0; s < 12; s++) {
      const applied = scheduler.step();
      assert.deepEqual(applied, { step: s, lr: lrSchedule(s), momentum: momentumSchedule(s) });
      assert.equal(getLearningRate(opt), lrSchedule(s));
      assert.equal(getMomentum(opt), momentumSchedule(s));
      opt.minimize(() => tf.sum(tf.square(w)) as tf.Scalar, false, [w]);
    }
    assert.equal(scheduler.currentStep, 12);
    assert.equal(scheduler.history.length, 12);
    // apply() sets a given step without moving the counter.
    assert.deepEqual(scheduler.apply(3), { step: 3, lr: lrSchedule(3), momentum: momentumSchedule(3) });
    assert.equal(scheduler.currentStep, 12);
    w.dispose();
    opt.dispose();
  });

  test('schedule values are validated against the optimizer', () => {
    const opt = tf.train.sgd(0.1);
    const bad = createScheduler(opt, { lr: () => Number.NaN });
    assert.throws(() => bad.step(), { name: 'RangeError', message: /lr schedule returned NaN at step 0/ });
    const negative = createScheduler(opt, { lr: () => -1 });
    assert.throws(() => negative.step(), { name: 'RangeError', message: /learningRate must be a finite number >= 0, got -1/ });
    assert.throws(() => createScheduler(opt, { momentum: () => 0.9 }), { name: 'TypeError', message: /has no momentum/ });
    opt.dispose();
  });
});
