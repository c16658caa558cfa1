import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { findLearningRate, setBackend } from '../src/tfjs/index.js';

before(async () => {
  await setBackend('wasm');
});

// On wasm every await in a training loop is a microtask; unless the adapter yields a macrotask
// between steps, a timer (or Ctrl-C, or a click on Stop) only runs after the whole test.
test('findLearningRate on tensors lets timers run between steps, so an abort from a timer lands mid-test', async () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  const xs = tf.randomNormal([64, 3], 0, 1, 'float32', 1);
  const ys = tf.randomNormal([64, 1], 0, 1, 'float32', 2);
  const before = tf.memory().numTensors;
  const controller = new AbortController();
  let stepsWhenTimerRan = -1;
  let seen = 0;
  setTimeout(() => {
    stepsWhenTimerRan = seen;
    controller.abort();
  }, 0);
  const result = await findLearningRate(model, { xs, ys }, {
    numIter: 500,
    batchSize: 8,
    divergeThreshold: 1e9,
    signal: controller.signal,
    onIteration: () => {
      seen++;
    },
  });
  assert.equal(result.stopReason, 'aborted');
  assert.ok(stepsWhenTimerRan >= 0 && stepsWhenTimerRan < 50, `timer ran after ${stepsWhenTimerRan} steps`);
  assert.ok(result.iterations < 50, `stopped after ${result.iterations} iterations`);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([xs, ys]);
  model.dispose();
});
