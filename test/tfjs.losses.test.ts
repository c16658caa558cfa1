// categoricalCrossentropy: tfjs-layers' formula with Keras's fixed epsilon (1e-7), not the
// epsilon of whichever backend tfjs-layers saw first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { categoricalCrossentropy, KERAS_EPSILON } from '../src/tfjs/losses.js';
import { createMlp } from '../src/models/architectures.js';

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
