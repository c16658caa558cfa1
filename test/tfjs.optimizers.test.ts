import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import {
  cloneOptimizer,
  getLearningRate,
  getMomentum,
  optimizerKind,
  setBackend,
  setLearningRate,
  setMomentum,
  supportsMomentum,
  type OptimizerKind,
} from '../src/tfjs/index.js';

before(async () => {
  await setBackend('wasm');
});

const TARGET = [1, -2, 0.5];
const START = [3, 1, -1];

/** Optimizers of every kind, with a given learning rate and (where it exists) momentum. */
function make(kind: OptimizerKind, lr: number, momentum = 0.9): tf.Optimizer {
  switch (kind) {
    case 'sgd': return tf.train.sgd(lr);
    case 'momentum': return tf.train.momentum(lr, momentum);
    case 'adam': return tf.train.adam(lr, momentum, 0.999);
    case 'adamax': return tf.train.adamax(lr, momentum, 0.999);
    case 'rmsprop': return tf.train.rmsprop(lr, 0.9, momentum);
    case 'adagrad': return tf.train.adagrad(lr);
    case 'adadelta': return tf.train.adadelta(lr);
  }
}

const KINDS: OptimizerKind[] = ['sgd', 'momentum', 'adam', 'adamax', 'rmsprop', 'adagrad', 'adadelta'];
const WITH_MOMENTUM: OptimizerKind[] = ['momentum', 'adam', 'adamax', 'rmsprop'];

/**
 * Minimises 0.5 * |w - TARGET|^2 (gradient w - TARGET) from START; `between(i)` runs before step i.
 * Returns the weight change of every step.
 */
function run(opt: tf.Optimizer, steps: number, between: (i: number) => void = () => {}): number[][] {
  const w = tf.variable(tf.tensor1d(START));
  const target = tf.tensor1d(TARGET);
  const deltas: number[][] = [];
  try {
    for (let i = 0; i < steps; i++) {
      between(i);
      const before = Array.from(w.dataSync());
      opt.minimize(() => tf.mul(0.5, tf.sum(tf.square(tf.sub(w, target)))) as tf.Scalar, false, [w]);
      const after = Array.from(w.dataSync());
      deltas.push(after.map((a, j) => a - before[j]));
    }
  } finally {
    tf.dispose([w, target]);
    opt.dispose();
  }
  return deltas;
}

function close(a: number[][], b: number[][], tol = 1e-6): boolean {
  return a.every((row, i) => row.every((v, j) => Math.abs(v - b[i][j]) <= tol * Math.max(1, Math.abs(b[i][j]))));
}

describe('optimizerKind / supportsMomentum', () => {
  test('names every tf.train optimizer', () => {
    for (const kind of KINDS) {
      const opt = make(kind, 0.1);
      assert.equal(optimizerKind(opt), kind);
      assert.equal(supportsMomentum(opt), WITH_MOMENTUM.includes(kind));
      opt.dispose();
    }
  });

  test('rejects non-optimizers and unknown optimizer classes, naming them', () => {
    assert.throws(() => optimizerKind({} as tf.Optimizer), { name: 'TypeError', message: /tf\.train optimizer.*an object/ });
    assert.throws(() => optimizerKind(null as unknown as tf.Optimizer), { name: 'TypeError', message: /got null/ });
    class HomeMade extends tf.Optimizer {
      static get className() {
        return 'HomeMade';
      }
      applyGradients(): void {}
      getConfig() {
        return {};
      }
    }
    assert.throws(() => setLearningRate(new HomeMade(), 0.1), {
      name: 'TypeError',
      message: /unknown optimizer type "HomeMade"; expected one of SGD, Momentum/,
    });
  });
});

describe('setLearningRate / getLearningRate', () => {
  for (const kind of KINDS) {
    test(`${kind}: the new rate drives the very next update`, () => {
      const lr0 = 0.01;
      const lr1 = 0.03;
      const changed = make(kind, lr0);
      assert.equal(getLearningRate(changed), lr0);
      setLearningRate(changed, lr1);
      assert.equal(getLearningRate(changed), lr1);
      const withChange = run(changed, 3);
      const built = run(make(kind, lr1), 3);
      const old = run(make(kind, lr0), 3);
      assert.ok(close(withChange, built), `${kind}: ${JSON.stringify(withChange)} vs ${JSON.stringify(built)}`);
      // The first update is proportional to the rate for every one of these optimizers.
      const ratio = withChange[0][0] / old[0][0];
      assert.ok(Math.abs(ratio - lr1 / lr0) < 1e-3 * (lr1 / lr0), `${kind}: ratio ${ratio}`);
    });
  }

  test('changing the rate every step leaks no tensors', () => {
    for (const kind of KINDS) {
      const opt = make(kind, 0.1);
      const n = tf.memory().numTensors;
      for (let i = 0; i < 20; i++) setLearningRate(opt, 0.1 / (i + 1));
      assert.equal(tf.memory().numTensors, n, kind);
      opt.dispose();
    }
  });

  test('rejects bad rates with the value in the message', () => {
    const opt = tf.train.sgd(0.1);
    assert.throws(() => setLearningRate(opt, -1), { name: 'RangeError', message: /learningRate must be a finite number >= 0, got -1/ });
    assert.throws(() => setLearningRate(opt, NaN), { name: 'RangeError', message: /got NaN/ });
    assert.throws(() => setLearningRate(opt, '0.1' as unknown as number), { name: 'RangeError', message: /got "0\.1"/ });
    assert.equal(getLearningRate(opt), 0.1);
    opt.dispose();
  });
});

describe('setMomentum / getMomentum', () => {
  test('momentum: works around the tfjs 4.22 setMomentum bug (update uses the new value)', () => {
    const lr = 0.1;
    const opt = tf.train.momentum(lr, 0.9);
    setMomentum(opt, 0.5);
    assert.equal(getMomentum(opt), 0.5);
    const d = run(opt, 2);
    // accumulation a1 = g1, a2 = m*g1 + g2; step = -lr * a. g = w - target.
    const g1 = START.map((s, j) => s - TARGET[j]);
    const w1 = START.map((s, j) => s - lr * g1[j]);
    const g2 = w1.map((w, j) => w - TARGET[j]);
    const expected = [g1.map((g) => -lr * g), g1.map((g, j) => -lr * (0.5 * g + g2[j]))];
    assert.ok(close(d, expected, 1e-5), `${JSON.stringify(d)} vs ${JSON.stringify(expected)}`);
  });

  for (const kind of ['momentum', 'rmsprop'] as const) {
    test(`${kind}: setting momentum equals building with it, and changes the update`, () => {
      const changed = make(kind, 0.05, 0.9);
      setMomentum(changed, 0.3);
      const a = run(changed, 3);
      const b = run(make(kind, 0.05, 0.3), 3);
      const c = run(make(kind, 0.05, 0.9), 3);
      assert.ok(close(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      assert.ok(!close(a, c, 1e-3), 'momentum had no effect');
    });
  }

  for (const kind of ['adam', 'adamax'] as const) {
    test(`${kind}: beta1 set before the first step equals building with it (bias correction included)`, () => {
      const changed = make(kind, 0.05, 0.9);
      setMomentum(changed, 0.3);
      const a = run(changed, 3);
      const b = run(make(kind, 0.05, 0.3), 3);
      assert.ok(close(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      // A bias-corrected first step is lr * sign(g) (up to epsilon). Had the accumulator kept the
      // constructor's 0.9, it would be (1 - 0.3) / (1 - 0.9) = 7 times that.
      for (const d of a[0]) assert.ok(Math.abs(Math.abs(d) - 0.05) < 1e-4, `first step ${d}`);
    });
  }

  for (const kind of ['adam', 'adamax'] as const) {
    test(`${kind}: beta1 set mid-training changes the next update`, () => {
      const same = run(make(kind, 0.05, 0.9), 3);
      const changedOpt = make(kind, 0.05, 0.9);
      const changed = run(changedOpt, 3, (i) => {
        if (i === 1) setMomentum(changedOpt, 0.2);
      });
      assert.equal(changed[0][0], same[0][0]);
      assert.ok(Math.abs(changed[1][0] - same[1][0]) > 1e-4, `${changed[1][0]} vs ${same[1][0]}`);
    });
  }

  test('adam: the update follows the Adam formula with the beta1 in force at each step', () => {
    const lr = 0.05;
    const betas = [0.9, 0.5, 0.7];
    const opt = tf.train.adam(lr, 0.9, 0.999, 1e-7);
    const d = run(opt, 3, (i) => setMomentum(opt, betas[i]));
    // tfjs Adam: accBeta1 starts at the constructor's beta1 and is multiplied by the current beta1
    // after each step; bias corrections use 1 - accBeta.
    let w = START.slice();
    let m = [0, 0, 0];
    let v = [0, 0, 0];
    let acc1 = 0.9;
    let acc2 = 0.999;
    const expected: number[][] = [];
    for (const b1 of betas) {
      const g = w.map((x, j) => x - TARGET[j]);
      m = m.map((mi, j) => b1 * mi + (1 - b1) * g[j]);
      v = v.map((vi, j) => 0.999 * vi + 0.001 * g[j] * g[j]);
      const step = m.map((mi, j) => (-lr * (mi / (1 - acc1))) / (Math.sqrt(v[j] / (1 - acc2)) + 1e-7));
      expected.push(step);
      w = w.map((x, j) => x + step[j]);
      acc1 *= b1;
      acc2 *= 0.999;
    }
    assert.ok(close(d, expected, 1e-4), `${JSON.stringify(d)} vs ${JSON.stringify(expected)}`);
  });

  test('changing momentum every step leaks no tensors', () => {
    for (const kind of WITH_MOMENTUM) {
      const opt = make(kind, 0.1);
      const n = tf.memory().numTensors;
      for (let i = 0; i < 20; i++) setMomentum(opt, 0.95 - i * 0.01);
      assert.equal(tf.memory().numTensors, n, kind);
      opt.dispose();
    }
  });

  test('optimizers without momentum throw a clear TypeError', () => {
    for (const kind of ['sgd', 'adagrad', 'adadelta'] as const) {
      const opt = make(kind, 0.1);
      assert.throws(() => setMomentum(opt, 0.9), { name: 'TypeError', message: new RegExp(`optimizer "${kind}" has no momentum`) });
      assert.throws(() => getMomentum(opt), { name: 'TypeError', message: /supportsMomentum/ });
      opt.dispose();
    }
  });

  test('rejects momentum outside [0, 1)', () => {
    const opt = tf.train.adam(0.1);
    assert.throws(() => setMomentum(opt, 1), { name: 'RangeError', message: /momentum must be a number in \[0, 1\), got 1/ });
    assert.throws(() => setMomentum(opt, -0.1), { name: 'RangeError', message: /got -0\.1/ });
    assert.equal(getMomentum(opt), 0.9);
    opt.dispose();
  });
});

describe('cloneOptimizer', () => {
  test('same class and configuration, separate state', () => {
    for (const kind of KINDS) {
      const keep = make(kind, 0.02);
      if (supportsMomentum(keep)) setMomentum(keep, 0.8);
      const copy = cloneOptimizer(keep);
      assert.notEqual(copy, keep);
      assert.equal(copy.getClassName(), keep.getClassName());
      assert.deepEqual(copy.getConfig(), keep.getConfig());
      // Updates of the copy match a fresh optimizer with the same settings.
      const fresh = make(kind, 0.02, 0.8);
      assert.ok(close(run(copy, 2), run(fresh, 2)), kind);
      keep.dispose();
    }
  });
});
