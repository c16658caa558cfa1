// Adadelta: tfjs 4.22's own optimizer trains exactly like SGD (shown here, so that the day tfjs
// fixes it this test says so); lrkit's follows PyTorch's update step for step.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { adadelta, optimizerKind, setLearningRate } from '../src/tfjs/index.js';
import { createOptimizer } from '../src/models/index.js';

await tf.setBackend('cpu');

// Minimise sum((w - target)²) for a few steps; returns w after each step.
function trajectory(opt: tf.Optimizer, steps: number): number[][] {
  const target = tf.tensor1d([3, -2, 0.5]);
  const w = tf.variable(tf.tensor1d([0.1, 0.2, -0.3]));
  const out: number[][] = [];
  for (let s = 0; s < steps; s++) {
    tf.dispose(opt.minimize(() => tf.sum(tf.square(tf.sub(w, target))) as tf.Scalar, true, [w]) ?? []);
    out.push(Array.from(w.dataSync()));
  }
  tf.dispose([target, w]);
  opt.dispose();
  return out;
}

// torch.optim.Adadelta's update (docs and torch/optim/adadelta.py), in float64.
function reference(lr: number, rho: number, eps: number, steps: number): number[][] {
  const target = [3, -2, 0.5];
  const w = [0.1, 0.2, -0.3];
  const v = [0, 0, 0];
  const u = [0, 0, 0];
  const out: number[][] = [];
  for (let s = 0; s < steps; s++) {
    for (let j = 0; j < 3; j++) {
      const g = 2 * (w[j] - target[j]);
      v[j] = rho * v[j] + (1 - rho) * g * g;
      const dx = (Math.sqrt(u[j] + eps) / Math.sqrt(v[j] + eps)) * g;
      u[j] = rho * u[j] + (1 - rho) * dx * dx;
      w[j] -= lr * dx;
    }
    out.push([...w]);
  }
  return out;
}

describe('Adadelta', () => {
  it("tfjs's tf.train.adadelta trains exactly like SGD (the bug lrkit works around)", () => {
    assert.deepEqual(trajectory(tf.train.adadelta(0.1, 0.95, 1e-6), 20), trajectory(tf.train.sgd(0.1), 20));
  });

  it("lrkit's adadelta follows PyTorch's update for 50 steps, and is not SGD", () => {
    for (const [lr, rho, eps] of [[1.0, 0.9, 1e-6], [0.5, 0.95, 1e-3]] as const) {
      const got = trajectory(adadelta(lr, rho, eps), 50);
      const want = reference(lr, rho, eps, 50);
      got.forEach((w, s) => w.forEach((x, j) => assert.ok(Math.abs(x - want[s][j]) <= 1e-5 * (1 + Math.abs(want[s][j])), `step ${s} w[${j}]: ${x} vs ${want[s][j]}`)));
      assert.notDeepEqual(got, trajectory(tf.train.sgd(lr), 50));
    }
  });

  it("is still an Adadelta to lrkit's setters and to serialisation; createOptimizer uses it; no tensor leaks", () => {
    const before = tf.memory().numTensors;
    const opt = createOptimizer('adadelta', 0.5, { epsilon: 1e-6 });
    assert.equal(optimizerKind(opt), 'adadelta');
    assert.equal(opt.getClassName(), 'Adadelta');
    setLearningRate(opt, 0.25);
    assert.equal((opt as unknown as { learningRate: number }).learningRate, 0.25);
    const w = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
    for (let s = 0; s < 5; s++) tf.dispose(opt.minimize(() => tf.sum(tf.square(w)) as tf.Scalar, true, [w]) ?? []);
    assert.notDeepEqual(Array.from(w.dataSync()), [1 - 5 * 0.25 * 2, 2 - 5 * 0.25 * 4], 'not SGD');
    opt.dispose();
    w.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});
