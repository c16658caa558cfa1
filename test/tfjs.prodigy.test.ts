// lrkit's Prodigy against a PyTorch transcription of the reference (konstmish/prodigy@a1b4f0e;
// scripts/lr-free-fixtures.py): the weights after every step, in model.fit, saved and loaded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { findLearningRate, getLearningRate, prodigy, ProdigyOptimizer, setLearningRate } from '../src/tfjs/index.js';
import { fixtureModel, initVariables, loadFixture, maxError, modelWeights, replay } from './helpers/lr-free.js';

await tf.setBackend('cpu');
const fixture = loadFixture('prodigy');
// Float32 noise, amplified by the Adam-style division over 30 steps, stays below 3e-5 of |w| + 1e-3
// (measured); a wrong formula (decay, bias correction, a beta) is off by 1e-3 or more.
const TOL = 1e-4;

describe('prodigy against the reference trajectories', () => {
  it('fixture names the reference commit and covers every option the issue lists', () => {
    assert.equal(fixture.reference, 'konstmish/prodigy@a1b4f0eff7ef988ac10d6f11f26b0da15d254588');
    const keys = new Set(Object.values(fixture.cases).flatMap((c) => Object.keys(c.options)));
    for (const k of ['weightDecay', 'decouple', 'useBiasCorrection', 'safeguardWarmup', 'dCoef', 'growthRate', 'beta3', 'd0', 'sliceP', 'betas', 'lr', 'eps']) {
      assert.ok(keys.has(k), k);
    }
  });

  for (const [name, c] of Object.entries(fixture.cases)) {
    it(`weights after every step match the reference: ${name} ${JSON.stringify(c.options)}`, () => {
      const before = tf.memory().numTensors;
      const vars = initVariables(c);
      const opt = prodigy(c.options);
      const errors = replay(opt, c, vars);
      assert.ok(Math.max(...errors) < TOL, `worst step error ${Math.max(...errors)} (per step: ${errors.map((e) => e.toExponential(1)).join(' ')})`);
      assert.ok(Math.abs(opt.d - c.d!) / c.d! < 1e-6, `d ${opt.d} vs reference ${c.d}`);
      assert.ok(opt.d > opt.options.d0, 'd grew from d0: the estimate was exercised');
      opt.dispose();
      tf.dispose(vars);
      assert.equal(tf.memory().numTensors, before);
    });
  }

  it('a wrong variant does not pass: coupled decay replayed as decoupled is far off', () => {
    const c = fixture.cases['coupled-decay'];
    const vars = initVariables(c);
    const opt = prodigy({ ...c.options, decouple: true });
    const errors = replay(opt, c, vars);
    assert.ok(Math.max(...errors) > 100 * TOL, `worst ${Math.max(...errors)}`);
    opt.dispose();
    tf.dispose(vars);
  });

  it('setLearningRate sets the multiplier: lr 1 then set to 0.5 follows the lr 0.5 reference', () => {
    const c = fixture.cases['no-first-moment-slice'];
    assert.equal(c.options.lr, 0.5);
    const vars = initVariables(c);
    const opt = prodigy({ ...c.options, lr: 1 });
    assert.equal(getLearningRate(opt), 1);
    setLearningRate(opt, 0.5);
    assert.equal(getLearningRate(opt), 0.5);
    assert.ok(Math.max(...replay(opt, c, vars)) < TOL);
    assert.equal(opt.getConfig().lr, 0.5);
    opt.dispose();
    tf.dispose(vars);
  });

  it('gradients computed by tfjs on the same model and batches give the reference losses and weights', () => {
    const c = fixture.cases.defaults;
    const model = fixtureModel(c);
    const opt = prodigy();
    const b = fixture.batchSize;
    for (let step = 0; step < fixture.steps; step++) {
      const lo = (step * b) % fixture.xs.length;
      const loss = tf.tidy(() => {
        const x = tf.tensor2d(fixture.xs.slice(lo, lo + b));
        const y = tf.tensor2d(fixture.ys.slice(lo, lo + b));
        return opt.minimize(() => tf.losses.meanSquaredError(y, model.predict(x) as tf.Tensor) as tf.Scalar, true)!;
      });
      const value = loss.dataSync()[0];
      loss.dispose();
      assert.ok(Math.abs(value - c.losses[step]) < 1e-5 * c.losses[step], `step ${step}: loss ${value} vs ${c.losses[step]}`);
      const err = maxError(modelWeights(model), c.weights[step]);
      assert.ok(err < TOL, `step ${step}: weights off by ${err}`);
    }
    opt.dispose();
    model.dispose();
  });
});

describe('prodigy in model.fit, saved and loaded', () => {
  it('fits, saves with its state, loads as a Prodigy that steps exactly like the original; no tensor left', async () => {
    const before = tf.memory().numTensors;
    const c = fixture.cases['bias-correction-safeguard'];
    const model = fixtureModel(c);
    model.compile({ optimizer: prodigy(c.options), loss: 'meanSquaredError' });
    const xs = tf.tensor2d(fixture.xs);
    const ys = tf.tensor2d(fixture.ys);
    const h = await model.fit(xs, ys, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0 });
    // model.fit's 12 steps are the fixture's first 12 (same batches in the same order).
    assert.ok(maxError(modelWeights(model), c.weights[11]) < TOL);
    assert.ok((h.history.loss[2] as number) < (h.history.loss[0] as number));

    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })), { includeOptimizer: true });
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const a = model.optimizer as ProdigyOptimizer;
    const b = loaded.optimizer as ProdigyOptimizer;
    assert.equal(Object.getPrototypeOf(b), ProdigyOptimizer.prototype);
    assert.deepEqual(b.getConfig(), a.getConfig());
    assert.deepEqual([b.d, b.dMax, b.dNumerator, b.k], [a.d, a.dMax, a.dNumerator, a.k]); // doubles, bit for bit

    const x8 = xs.slice(0, 8);
    const y8 = ys.slice(0, 8);
    await model.trainOnBatch(x8, y8);
    await loaded.trainOnBatch(x8, y8);
    assert.equal(b.d, a.d);
    modelWeights(model).forEach((w, i) => assert.deepEqual(modelWeights(loaded)[i].dataSync(), w.dataSync()));

    tf.dispose([xs, ys, x8, y8]);
    a.dispose();
    b.dispose();
    model.dispose();
    loaded.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});

describe('prodigy and the range test', () => {
  it('findLearningRate refuses an LR-free optimizer, saying why', async () => {
    const model = fixtureModel(fixture.cases.defaults);
    model.compile({ optimizer: prodigy(), loss: 'meanSquaredError' });
    const [xs, ys] = [tf.tensor2d(fixture.xs), tf.tensor2d(fixture.ys)];
    await assert.rejects(findLearningRate(model, { xs, ys }), /optimizer "Prodigy" sets its own step size \(an LR-free optimizer\): it needs no LR range test/);
    tf.dispose([xs, ys]);
    model.optimizer.dispose();
    model.dispose();
  });
});

describe('prodigy options', () => {
  it('defaults are the reference defaults', () => {
    assert.deepEqual(prodigy().getConfig(), {
      lr: 1, betas: [0.9, 0.999], beta3: null, eps: 1e-8, weightDecay: 0, decouple: true, useBiasCorrection: false,
      safeguardWarmup: false, d0: 1e-6, dCoef: 1, growthRate: null, fsdpInUse: false, sliceP: 1,
    });
    assert.equal(prodigy().options.growthRate, Infinity);
  });

  it('errors name the option and the bad value', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ d0: -1 }, /RangeError: prodigy: d0 must be a finite number > 0, got -1$/],
      [{ lr: 0 }, /prodigy: lr must be a finite number > 0, got 0/],
      [{ eps: Number.NaN }, /prodigy: eps must be a finite number > 0, got NaN/],
      [{ betas: [0.9, 1] }, /prodigy: betas\[1\] must be a number in \[0, 1\), got 1/],
      [{ betas: 0.9 }, /prodigy: betas must be a pair \[beta1, beta2\], got 0.9/],
      [{ beta3: 1.5 }, /prodigy: beta3 must be a number in \[0, 1\), got 1.5/],
      [{ weightDecay: -0.1 }, /prodigy: weightDecay must be a finite number >= 0, got -0.1/],
      [{ growthRate: 0 }, /prodigy: growthRate must be a number > 0, got 0/],
      [{ sliceP: 1.5 }, /prodigy: sliceP must be an integer >= 1, got 1.5/],
      [{ decouple: 'yes' }, /prodigy: decouple must be a boolean, got "yes"/],
      [{ dcoef: 2 }, /prodigy: unknown option "dcoef"; expected one of lr, betas, beta3/],
    ];
    for (const [opts, re] of bad) assert.throws(() => prodigy(opts as never), re, JSON.stringify(opts));
  });
});

it('disposeOptimizer frees an LR-free optimizer and its state like any other', async () => {
  const { disposeOptimizer } = await import('../src/tfjs/index.js');
  const before = tf.memory().numTensors;
  const init = tf.ones([3]);
  const w = tf.variable(init);
  init.dispose();
  const opt = prodigy();
  opt.minimize(() => tf.sum(tf.square(w)) as tf.Scalar, false, [w]);
  disposeOptimizer(opt);
  w.dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => disposeOptimizer(null as never), /disposeOptimizer: optimizer must be a tf.Optimizer, got null/);
});
