import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { backendOf, findLearningRate, setBackend, type BackendChoice } from '../src/tfjs/index.js';

const nodeInstalled = (() => {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

test('wasm and cpu start offline and report the backend in use', async () => {
  assert.equal(await setBackend('wasm'), 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  // The backend really computes.
  assert.deepEqual(Array.from(tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1).dataSync())), [2, 3]);
  assert.equal(await setBackend('cpu'), 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
});

test("'auto' picks tfjs-node when installed, else wasm", async () => {
  assert.equal(await setBackend('auto'), nodeInstalled ? 'tensorflow' : 'wasm');
  assert.equal(await setBackend(), nodeInstalled ? 'tensorflow' : 'wasm');
});

test("'node' without tfjs-node says how to get it", { skip: nodeInstalled && 'tfjs-node is installed' }, async () => {
  await setBackend('cpu');
  await assert.rejects(setBackend('node'), { message: /@tensorflow\/tfjs-node is not installed.*npm i @tensorflow\/tfjs-node/ });
  assert.equal(tf.getBackend(), 'cpu'); // unchanged after the failure
});

test("'webgl' outside a browser fails clearly", async () => {
  await setBackend('cpu');
  await assert.rejects(setBackend('webgl'), { message: /backend "webgl" is not available here/ });
  assert.equal(tf.getBackend(), 'cpu');
});

test('rejects unknown backend names, listing the valid ones', async () => {
  await assert.rejects(setBackend('gpu' as BackendChoice), {
    name: 'RangeError',
    message: /setBackend: backend must be one of "auto", "node", "wasm", "cpu", "webgl", got "gpu"/,
  });
});

// The backend trap: a model and data made on one backend, then trained under another. tfjs can
// compute garbage there (losses of 1.4e-45): setBackend moves variables, findLearningRate refuses
// weights or data left on another backend, naming both and the fix.
function regression(): { model: tf.Sequential; xs: tf.Tensor; ys: tf.Tensor } {
  const xs = tf.tidy(() => tf.randomNormal([128, 4], 0, 1, 'float32', 1));
  const ys = tf.tidy(() => xs.sum(1, true));
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [4], activation: 'relu' }), tf.layers.dense({ units: 1 })] });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  return { model, xs, ys };
}

function disposeAll(r: { model: tf.LayersModel; xs: tf.Tensor; ys: tf.Tensor }): void {
  r.model.optimizer.dispose(); // SGD keeps a scalar of its own; model.dispose leaves the optimizer
  r.model.dispose();
  tf.dispose([r.xs, r.ys]);
}

test('backendOf names the backend that holds a tensor', async () => {
  await setBackend('cpu');
  const a = tf.zeros([2]);
  await setBackend('cpu'); // same backend: nothing to refuse
  assert.equal(backendOf(a), 'cpu');
  a.dispose();
  assert.equal(backendOf(a), undefined);
  await setBackend('wasm');
  const b = tf.zeros([2]);
  assert.equal(backendOf(b), 'wasm');
  b.dispose();
});

test('setBackend moves the variables (a model\'s weights) made under another backend, values intact', async () => {
  await setBackend('cpu');
  const r = regression();
  await r.model.fit(r.xs, r.ys, { epochs: 1, batchSize: 64, verbose: 0, shuffle: false }); // momentum-free SGD: weights change
  const before = r.model.weights.map((w) => Array.from(w.read().dataSync()));
  const n = tf.memory().numTensors;
  assert.equal(await setBackend('wasm'), 'wasm');
  assert.deepEqual(r.model.weights.map((w) => backendOf(w.read())), r.model.weights.map(() => 'wasm'));
  assert.deepEqual(r.model.weights.map((w) => Array.from(w.read().dataSync())), before);
  assert.equal(tf.memory().numTensors, n, 'moved, not copied');
  // Data tensors cannot be listed: they stay where they were made, and findLearningRate says so.
  assert.equal(backendOf(r.xs), 'cpu');
  await assert.rejects(findLearningRate(r.model, { xs: r.xs, ys: r.ys }, { numIter: 5 }), {
    message: /^data\.xs lives on the "cpu" backend but the active backend is "wasm".*Call setBackend before making the model and the data/,
  });
  disposeAll(r);
});

test('findLearningRate refuses weights or data on another backend than the active one', async () => {
  await setBackend('cpu');
  const r = regression();
  await tf.setBackend('wasm'); // tfjs's own switch, which does not check
  await assert.rejects(findLearningRate(r.model, { xs: r.xs, ys: r.ys }, { numIter: 5 }), {
    message: /model weight ".*" lives on the "cpu" backend but the active backend is "wasm".*Call setBackend before making the model/,
  });
  await tf.setBackend('cpu');
  disposeAll(r);
  // Weights on the active backend, data on the other one: the data is named.
  await setBackend('wasm');
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4] })] });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  await tf.setBackend('cpu');
  const xs = tf.zeros([8, 4]);
  const ys = tf.zeros([8, 1]);
  await tf.setBackend('wasm');
  await assert.rejects(findLearningRate(model, { xs, ys }, { numIter: 5 }), {
    message: /^data\.xs lives on the "cpu" backend but the active backend is "wasm"/,
  });
  model.optimizer.dispose();
  model.dispose();
  await tf.setBackend('cpu');
  tf.dispose([xs, ys]);
});

test('both orders train alike: backend first, or model first and setBackend after (weights moved, data made after)', async () => {
  const data = () => regression(); // xs, ys from a fixed seed on the active backend
  // Model first, on cpu; then the backend: the weights move with it.
  await setBackend('cpu');
  const late = regression();
  const init = late.model.getWeights().map((w) => ({ shape: w.shape, values: Array.from(w.dataSync()) }));
  tf.dispose([late.xs, late.ys]);
  await setBackend('wasm');
  // Backend first, the same initial weights.
  const early = data();
  early.model.setWeights(init.map((w) => tf.tensor(w.values, w.shape)));
  const { xs, ys } = data(); // data made after the switch serves both
  const opts = { numIter: 30, startLr: 1e-4, endLr: 1, seed: 3 };
  const a = await findLearningRate(early.model, { xs, ys }, opts);
  const b = await findLearningRate(late.model, { xs, ys }, opts);
  assert.deepEqual(b.losses, a.losses, 'the same curve in both orders');
  assert.equal(b.recommendation.constant?.lr, a.recommendation.constant?.lr);
  assert.ok(a.losses.every((l) => Number.isFinite(l) && l > 1e-6), `no garbage losses: ${a.losses.slice(0, 5)}`);
  const fit = async (m: tf.LayersModel) => (await m.fit(xs, ys, { epochs: 3, batchSize: 32, verbose: 0, shuffle: false })).history.loss as number[];
  const la = await fit(early.model);
  const lb = await fit(late.model);
  assert.deepEqual(lb, la);
  assert.ok(la[2] < la[0] && la.every((l) => l > 1e-6), `training lowers the loss: ${la}`);
  for (const m of [early.model, late.model]) {
    m.optimizer.dispose();
    m.dispose();
  }
  tf.dispose([early.xs, early.ys, xs, ys]);
});
