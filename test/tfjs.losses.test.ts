// categoricalCrossentropy: tfjs-layers' formula with Keras's fixed epsilon (1e-7), not the
// epsilon of whichever backend tfjs-layers saw first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { categoricalCrossentropy, KERAS_EPSILON } from '../src/tfjs/losses.js';
import { createMlp } from '../src/models/architectures.js';
import fc from 'fast-check';
import { setBackend } from '../src/tfjs/backend.js';

test('categoricalCrossentropy equals -sum(y log p) per example, clipped at 1e-7', async () => {
  const yTrue = tf.tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  // The last row's true class has probability 0: the clip makes it -log(1e-7), not Infinity.
  const yPred = tf.tensor2d([[0.7, 0.2, 0.1], [0.25, 0.5, 0.25], [0.5, 0.5, 0]]);
  const before = tf.memory().numTensors;
  const loss = categoricalCrossentropy(yTrue, yPred);
  const got = Array.from(await loss.data());
  loss.dispose();
  assert.equal(tf.memory().numTensors, before, 'no tensors leak');
  const want = [-Math.log(0.7), -Math.log(0.5), -Math.log(KERAS_EPSILON)];
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) < 1e-5 * Math.max(1, want[i]), `row ${i}: ${g} vs ${want[i]}`));
  tf.dispose([yTrue, yPred]);
});

test('categoricalCrossentropy normalises predictions that do not sum to 1, as tfjs-layers does', async () => {
  const yTrue = tf.tensor2d([[0, 1]]);
  const yPred = tf.tensor2d([[1, 3]]); // normalised: [0.25, 0.75]
  const loss = categoricalCrossentropy(yTrue, yPred);
  assert.ok(Math.abs((await loss.data())[0] + Math.log(0.75)) < 1e-6);
  tf.dispose([yTrue, yPred, loss]);
});

test('the embedded models train with the fixed-epsilon loss and still report accuracy', async () => {
  const model = createMlp({ inputShape: [4], classes: 3, hidden: [8], optimizer: 'sgd', lr: 0.1, seed: 1 });
  const xs = tf.randomUniform([16, 4], 0, 1, 'float32', 3);
  const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 'int32'), 3).toFloat();
  const h = await model.fit(xs, ys, { epochs: 1, batchSize: 8, verbose: 0 });
  assert.ok(Number.isFinite(h.history.loss[0] as number));
  assert.ok(typeof h.history.acc?.[0] === 'number', `accuracy metric present: ${Object.keys(h.history)}`);
  model.optimizer.dispose();
  model.dispose();
  tf.dispose([xs, ys]);
});

/** The loss as plain tfjs ops, differentiated by tfjs's autodiff: what the written-out gradient must match. */
function autodiffLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const axis = yPred.rank - 1;
  const p = tf.clipByValue(tf.div(yPred, tf.sum(yPred, axis, true)), KERAS_EPSILON, 1 - KERAS_EPSILON);
  return tf.neg(tf.sum(tf.mul(tf.cast(yTrue, 'float32'), tf.log(p)), axis));
}

test('the written-out gradient equals tfjs\'s autodiff of the formula: clipped entries, unnormalised predictions, soft labels, every backend', async () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    await setBackend(backend);
    await fc.assert(fc.property(
      fc.integer({ min: 1, max: 6 }), fc.integer({ min: 2, max: 7 }), fc.integer({ min: 1, max: 1e5 }), fc.boolean(),
      (n, k, seed, soft) => {
        // Some predictions far below 1e-7 or within 1e-7 of 1, where the clip takes over.
        const raw = tf.tidy(() => {
          const logits = tf.mul(tf.randomNormal([n, k], 0, 1, 'float32', seed), tf.scalar(seed % 3 === 0 ? 30 : 2));
          return tf.mul(tf.softmax(logits), seed % 2 === 0 ? 1 : 3); // unnormalised half the time
        });
        const yTrue = tf.tidy(() => (soft
          ? tf.softmax(tf.randomNormal([n, k], 0, 1, 'float32', seed + 1))
          : tf.oneHot(tf.tensor1d(Array.from({ length: n }, (_, i) => (i * 7 + seed) % k), 'int32'), k)));
        const weights = tf.randomUniform([n], 0, 2, 'float32', seed + 2);
        const grads = (f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor) => tf.tidy(() =>
          tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), weights)))([yTrue, raw]).map((g) => Array.from(g.dataSync())));
        const [mine, reference] = [grads(categoricalCrossentropy), grads(autodiffLoss)];
        const values = tf.tidy(() => [categoricalCrossentropy(yTrue, raw), autodiffLoss(yTrue, raw)].map((t) => Array.from(t.dataSync())));
        tf.dispose([raw, yTrue, weights]);
        assert.deepEqual(values[0], values[1], 'the same value');
        mine.forEach((g, which) => g.forEach((v, i) => {
          const r = reference[which][i];
          assert.ok(Math.abs(v - r) <= 1e-5 * Math.max(1, Math.abs(r)), `${backend} d/d${which ? 'yPred' : 'yTrue'}[${i}] = ${v}, autodiff ${r}`);
        }));
      },
    ), { numRuns: 40 });
  }
});

test('no tensors leak through the loss and its gradient', async () => {
  await setBackend('wasm');
  const p = tf.softmax(tf.randomNormal([5, 4]));
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0], 'int32'), 4);
  const run = () => tf.tidy(() => tf.grad((q: tf.Tensor) => tf.mean(categoricalCrossentropy(y, q)))(p).dataSync());
  run();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 10; i++) run();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([p, y]);
});
