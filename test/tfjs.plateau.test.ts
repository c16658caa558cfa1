// reduceLROnPlateauCallback inside a real model.fit: the optimizer's rate changes at the epochs
// PyTorch's (or Keras's) rules say, the monitored key is checked, and nothing leaks.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { getLearningRate, reduceLROnPlateauCallback, setBackend } from '../src/tfjs/index.js';

before(async () => {
  await setBackend('wasm');
});

function setup(optimizer: tf.Optimizer) {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) })] });
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const xs = tf.tensor2d(Array.from({ length: 96 }, (_, i) => Math.sin(i)), [32, 3]);
  const ys = tf.tensor2d(Array.from({ length: 32 }, (_, i) => Math.cos(i)), [32, 1]);
  return { model, xs, ys };
}

/** The rate model.optimizer really uses in each epoch, read as the epoch begins. */
function rateRecorder(model: tf.LayersModel, into: number[]) {
  return new tf.CustomCallback({ onEpochBegin: async () => void into.push(getLearningRate(model.optimizer)) });
}

describe('reduceLROnPlateauCallback in model.fit', () => {
  test('PyTorch semantics: a value that never improves after epoch 0, patience 1: cut after epochs 2 and 4', async () => {
    for (const optimizer of [tf.train.sgd(0.1), tf.train.adam(0.1)]) {
      const { model, xs, ys } = setup(optimizer);
      const used: number[] = [];
      // an absolute threshold no real loss change can pass: only the first epoch "improves"
      const cb = reduceLROnPlateauCallback({ monitor: 'loss', patience: 1, factor: 0.5, threshold: 1e9, thresholdMode: 'abs' });
      await model.fit(xs, ys, { epochs: 6, batchSize: 8, verbose: 0, callbacks: [rateRecorder(model, used), cb] });
      assert.deepEqual(used, [0.1, 0.1, 0.1, 0.05, 0.05, 0.025]);
      assert.deepEqual(cb.history.filter((e) => e.reduced).map((e) => e.epoch), [2, 4]);
      assert.equal(getLearningRate(model.optimizer), 0.025);
      assert.ok(cb.history.every((e) => Number.isFinite(e.metric) && e.metric > 0));
      tf.dispose([xs, ys]);
      model.dispose();
    }
  });

  test('Keras semantics reduce when the bad epochs reach patience: patience 2 cuts where PyTorch\'s 1 does; 1 cuts every epoch', async () => {
    const { model, xs, ys } = setup(tf.train.sgd(0.2));
    const used: number[] = [];
    const cb = reduceLROnPlateauCallback({ monitor: 'loss', patience: 2, factor: 0.5, threshold: 1e9, semantics: 'keras' });
    await model.fit(xs, ys, { epochs: 6, batchSize: 8, verbose: 0, callbacks: [rateRecorder(model, used), cb] });
    assert.deepEqual(used, [0.2, 0.2, 0.2, 0.1, 0.1, 0.05]);
    assert.deepEqual(cb.history.filter((e) => e.reduced).map((e) => e.epoch), [2, 4]);
    const every = reduceLROnPlateauCallback({ monitor: 'loss', patience: 1, factor: 0.5, threshold: 1e9, semantics: 'keras' });
    await model.fit(xs, ys, { epochs: 4, batchSize: 8, verbose: 0, callbacks: [every] });
    assert.deepEqual(every.history.filter((e) => e.reduced).map((e) => e.epoch), [1, 2, 3]);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  test('val_loss on real validation data: a loss that keeps falling is never cut; the state carries across fit calls', async () => {
    const { model, xs, ys } = setup(tf.train.sgd(0.05));
    const cb = reduceLROnPlateauCallback({ patience: 0, factor: 0.5, threshold: 0 });
    await model.fit(xs, ys, { epochs: 3, batchSize: 32, verbose: 0, validationData: [xs, ys], callbacks: [cb] });
    assert.equal(cb.monitor, 'val_loss');
    // full-batch gradient descent at a small rate: the loss falls every epoch
    assert.ok(cb.history.every((e, i) => i === 0 || e.metric < cb.history[i - 1].metric), JSON.stringify(cb.history));
    assert.ok(cb.history.every((e) => !e.reduced));
    await model.fit(xs, ys, { epochs: 2, batchSize: 32, verbose: 0, validationData: [xs, ys], callbacks: [cb] });
    assert.equal(cb.plateau!.state().lastEpoch, 5);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  test('a monitor missing from the logs is a clear error; bad options fail at construction; no tensors leak', async () => {
    const { model, xs, ys } = setup(tf.train.sgd(0.1));
    await assert.rejects(
      model.fit(xs, ys, { epochs: 1, verbose: 0, callbacks: [reduceLROnPlateauCallback({ monitor: 'val_loss' })] }),
      /monitor 'val_loss' is not in the epoch logs \(they have: loss\); 'val_\*' keys need validationData/,
    );
    // (tfjs itself keeps one epoch-log scalar when a callback throws, so count from here)
    const before = tf.memory().numTensors;
    await model.fit(xs, ys, { epochs: 3, verbose: 0, callbacks: [reduceLROnPlateauCallback({ monitor: 'loss', patience: 0, threshold: 1e9, thresholdMode: 'abs' })] });
    assert.equal(tf.memory().numTensors, before);
    assert.throws(() => reduceLROnPlateauCallback({ factor: 2 }), /factor must be a number in \[0, 1\), got 2/);
    assert.throws(() => reduceLROnPlateauCallback({ monitor: '' }), /monitor must be a log key/);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
