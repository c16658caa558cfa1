// lrkit's Schedule-Free AdamW against a PyTorch transcription of the reference
// (facebookresearch/schedule_free@b3be06f; scripts/lr-free-fixtures.py): y after every step and x
// after eval(); train()/eval(); model.fit with the eval callback; save and load.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { getLearningRate, scheduleFreeAdamW, ScheduleFreeAdamWOptimizer, scheduleFreeEvalCallback, scheduleFreeMode, setLearningRate } from '../src/tfjs/index.js';
import { createMlp, evaluate, trainWithSchedule } from '../src/models/index.js';
import { spirals } from '../src/data/synthetic.js';
import { fixtureModel, initVariables, loadFixture, maxError, modelWeights, replay } from './helpers/lr-free.js';

await tf.setBackend('cpu');
const fixture = loadFixture('schedule-free');
const TOL = 1e-4; // float32 noise measured below 2e-5 of |w| + 1e-3 after 30 steps
const same = (a: tf.Tensor[], b: tf.Tensor[]) => a.forEach((t, i) => assert.deepEqual(t.dataSync(), b[i].dataSync()));
const snapshot = (ts: tf.Tensor[]) => ts.map((t) => tf.clone(t));

describe('scheduleFreeAdamW against the reference trajectories', () => {
  it('fixture names the reference commit and covers warm-up, decay, r, weight_lr_power, betas', () => {
    assert.equal(fixture.reference, 'facebookresearch/schedule_free@b3be06f3df5670edfa9af00b8d52413b1f00b7ec');
    const keys = new Set(Object.values(fixture.cases).flatMap((c) => Object.keys(c.options)));
    for (const k of ['lr', 'warmupSteps', 'weightDecay', 'r', 'weightLrPower', 'betas', 'eps']) assert.ok(keys.has(k), k);
  });

  for (const [name, c] of Object.entries(fixture.cases)) {
    it(`y after every step and x after eval() match the reference: ${name} ${JSON.stringify(c.options)}`, () => {
      const before = tf.memory().numTensors;
      const vars = initVariables(c);
      const opt = scheduleFreeAdamW(c.options);
      opt.train();
      const errors = replay(opt, c, vars);
      assert.ok(Math.max(...errors) < TOL, `worst ${Math.max(...errors)} (per step: ${errors.map((e) => e.toExponential(1)).join(' ')})`);
      opt.eval();
      assert.ok(maxError(vars, c.x!) < TOL, 'x');
      assert.ok(maxError(vars, c.weights.at(-1)!) > 10 * TOL, 'x differs from y: eval() moved the weights');
      opt.dispose();
      tf.dispose(vars);
      assert.equal(tf.memory().numTensors, before);
    });
  }

  it('a wrong variant does not pass: warm-up left out is far off', () => {
    const c = fixture.cases['warmup-decay'];
    const vars = initVariables(c);
    const opt = scheduleFreeAdamW({ ...c.options, warmupSteps: 0 });
    opt.train();
    assert.ok(Math.max(...replay(opt, c, vars)) > 100 * TOL);
    opt.dispose();
    tf.dispose(vars);
  });

  it('setLearningRate changes the base rate: set from 0.05 to 0.02 follows the lr 0.02 reference', () => {
    const c = fixture.cases['decay-no-warmup'];
    const vars = initVariables(c);
    const opt = scheduleFreeAdamW({ ...c.options, lr: 0.05 });
    setLearningRate(opt, 0.02);
    assert.equal(getLearningRate(opt), 0.02);
    opt.train();
    assert.ok(Math.max(...replay(opt, c, vars)) < TOL);
    opt.dispose();
    tf.dispose(vars);
  });
});

describe('scheduleFreeAdamW train() and eval()', () => {
  it('starts in eval mode and refuses to step there, as the reference does', () => {
    const w = tf.variable(tf.ones([2]));
    const opt = scheduleFreeAdamW();
    assert.equal(opt.trainMode, false);
    assert.throws(() => opt.minimize(() => tf.sum(tf.square(w)) as tf.Scalar), /scheduleFreeAdamW: the optimizer is in eval mode; call optimizer.train\(\)/);
    opt.dispose();
    w.dispose();
  });

  it('eval() then train() gives y back bit for bit; weights set in between are interpolated instead', () => {
    const c = fixture.cases['warmup-decay'];
    const vars = initVariables(c);
    const opt = scheduleFreeAdamW(c.options);
    opt.train();
    replay(opt, { ...c, grads: c.grads.slice(0, 5) }, vars);
    const y = snapshot(vars);
    opt.eval();
    const x = snapshot(vars);
    opt.train();
    same(vars, y);
    opt.eval();
    same(vars, x);
    vars[0].assign(tf.tidy(() => tf.add(x[0], 0))); // the same values written anew (e.g. setWeights)
    opt.train();
    assert.ok(maxError([vars[0]], [y[0].arraySync() as number[][]], 1) < 1e-6, 'interpolated back to y');
    tf.dispose([...y, ...x, ...vars]);
    opt.dispose();
  });
});

describe('scheduleFreeAdamW in model.fit, saved and loaded', () => {
  it('gradients at y, validation and the weights after fit at x: fit equals a train()/eval() loop bit for bit', async () => {
    const before = tf.memory().numTensors;
    const c = fixture.cases['r-power-betas'];
    const xs = tf.tensor2d(fixture.xs);
    const ys = tf.tensor2d(fixture.ys);
    const epochs = 7; // 28 of the fixture's 30 steps (4 batches of 8 per epoch, in order)
    const a = fixtureModel(c);
    a.compile({ optimizer: scheduleFreeAdamW(c.options), loss: 'meanSquaredError' });
    const h = await a.fit(xs, ys, { epochs, batchSize: 8, shuffle: false, verbose: 0, validationData: [xs, ys], callbacks: [scheduleFreeEvalCallback()] });

    const b = fixtureModel(c);
    const opt = scheduleFreeAdamW(c.options);
    b.compile({ optimizer: opt, loss: 'meanSquaredError' });
    const valAtX: number[] = [];
    const valAtY: number[] = [];
    for (let e = 0; e < epochs; e++) {
      opt.train();
      for (let i = 0; i < 4; i++) {
        const [xb, yb] = [xs.slice(8 * i, 8), ys.slice(8 * i, 8)];
        await b.trainOnBatch(xb, yb);
        tf.dispose([xb, yb]);
      }
      const ly = b.evaluate(xs, ys, { batchSize: 8 }) as tf.Scalar; // as fit validates: in batches of 8
      valAtY.push(ly.dataSync()[0]);
      opt.eval();
      const lx = b.evaluate(xs, ys, { batchSize: 8 }) as tf.Scalar;
      valAtX.push(lx.dataSync()[0]);
      tf.dispose([lx, ly]);
    }
    const y = snapshotY(b, opt);
    assert.ok(maxError(y, c.weights[27]) < TOL, 'y after 28 steps is the reference y');
    tf.dispose(y);
    same(modelWeights(a), modelWeights(b)); // after fit: x
    assert.deepEqual(h.history.val_loss, valAtX);
    assert.notDeepEqual(h.history.val_loss, valAtY);
    assert.equal((a.optimizer as ScheduleFreeAdamWOptimizer).trainMode, false);

    let saved: tf.io.ModelArtifacts | undefined;
    await a.save(tf.io.withSaveHandler(async (art) => ((saved = art), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })), { includeOptimizer: true });
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const lo = loaded.optimizer as ScheduleFreeAdamWOptimizer;
    assert.equal(Object.getPrototypeOf(lo), ScheduleFreeAdamWOptimizer.prototype);
    assert.deepEqual(lo.getConfig(), a.optimizer.getConfig());
    assert.deepEqual([lo.weightSum, lo.lrMax, lo.iterations, lo.trainMode], [opt.weightSum, opt.lrMax, 28, false]);
    same(modelWeights(loaded), modelWeights(a)); // x was saved
    // One more epoch on both: the loaded one recovers y by interpolation (float32 rounding only).
    await a.fit(xs, ys, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0, callbacks: [scheduleFreeEvalCallback()] });
    await loaded.fit(xs, ys, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0, callbacks: [scheduleFreeEvalCallback()] });
    const ref = modelWeights(a).map((w) => w.arraySync() as number[]);
    assert.ok(maxError(modelWeights(loaded), ref) < 1e-5);

    tf.dispose([xs, ys]);
    for (const m of [a, b, loaded]) {
      m.optimizer.dispose();
      m.dispose();
    }
    assert.equal(tf.memory().numTensors, before);
  });

  it('the callback refuses another optimizer by name', async () => {
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
    m.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const [x, y] = [tf.ones([4, 2]), tf.ones([4, 1])];
    await assert.rejects(m.fit(x, y, { epochs: 1, verbose: 0, callbacks: [scheduleFreeEvalCallback()] }), /scheduleFreeEvalCallback: the model's optimizer must be scheduleFreeAdamW\(\), got Adam/);
    tf.dispose([x, y]);
    m.optimizer.dispose();
    m.dispose();
  });
});

describe('scheduleFreeAdamW in lrkit\'s own training loop (trainWithSchedule, lrkit train)', () => {
  it('steps at y, evaluates at x and leaves the model at x', async () => {
    const before = tf.memory().numTensors;
    const train = spirals({ count: 256, seed: 1 });
    const test = spirals({ count: 64, seed: 2 });
    const model = createMlp({ inputShape: [2], classes: train.numClasses, hidden: [16], seed: 0, optimizer: 'schedule-free-adamw', lr: 0.01 });
    const opt = model.optimizer as ScheduleFreeAdamWOptimizer;
    const r = await trainWithSchedule({ model, train, test, epochs: 2, batchSize: 32, lr: () => 0.01, evalEvery: 3 });
    assert.equal(opt.trainMode, false);
    assert.equal(opt.iterations, 16);
    const now = await evaluate(model, test);
    assert.equal(r.evaluations.at(-1)!.loss, now.loss); // the last evaluation saw the weights the model keeps: x
    scheduleFreeMode(model, 'train');
    const atY = await evaluate(model, test);
    assert.notEqual(atY.loss, now.loss);
    scheduleFreeMode(model, 'eval');
    opt.dispose();
    model.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});

// y of a model whose optimizer sits in eval mode, without disturbing it.
function snapshotY(model: tf.LayersModel, opt: ScheduleFreeAdamWOptimizer): tf.Tensor[] {
  opt.train();
  const y = modelWeights(model).map((w) => w.arraySync() as number[]);
  opt.eval();
  return y.map((v) => tf.tensor(v));
}

describe('scheduleFreeAdamW options', () => {
  it('defaults are the reference defaults', () => {
    assert.deepEqual(scheduleFreeAdamW().getConfig(), { lr: 0.0025, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, warmupSteps: 0, r: 0, weightLrPower: 2, foreach: true });
  });

  it('errors name the option and the bad value', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ lr: -1 }, /RangeError: scheduleFreeAdamW: lr must be a finite number >= 0, got -1$/],
      [{ warmupSteps: 2.5 }, /scheduleFreeAdamW: warmupSteps must be an integer >= 0, got 2.5/],
      [{ betas: [1, 0.9] }, /scheduleFreeAdamW: betas\[0\] must be a number in \[0, 1\), got 1/],
      [{ eps: 0 }, /scheduleFreeAdamW: eps must be a finite number > 0, got 0/],
      [{ r: Infinity }, /scheduleFreeAdamW: r must be a finite number >= 0, got Infinity/],
      [{ weightLrPower: '2' }, /TypeError: scheduleFreeAdamW: weightLrPower must be a finite number >= 0, got "2"/],
      [{ warmup_steps: 5 }, /scheduleFreeAdamW: unknown option "warmup_steps"; expected one of lr, betas/],
    ];
    for (const [opts, re] of bad) assert.throws(() => scheduleFreeAdamW(opts as never), re, JSON.stringify(opts));
  });
});
