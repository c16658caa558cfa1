import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setBackend } from '../src/tfjs/backend.js';
import { getLearningRate, getMomentum, optimizerKind } from '../src/tfjs/optimizers.js';
import { createCnn, createMlp, createOptimizer, OPTIMIZER_NAMES } from '../src/models/index.js';
import { fileSystem, loadLayersModelFromFile, registerFileRouter } from '../src/node/index.js';

before(async () => {
  await setBackend('wasm');
});

test('createOptimizer builds every named optimizer with the given rate and momentum', () => {
  const kinds: Record<string, string> = {
    sgd: 'sgd', momentum: 'momentum', nesterov: 'momentum', adam: 'adam', adamax: 'adamax',
    rmsprop: 'rmsprop', adagrad: 'adagrad', adadelta: 'adadelta',
  };
  for (const name of OPTIMIZER_NAMES) {
    const opt = createOptimizer(name, 0.03, { momentum: 0.8, beta1: 0.7 });
    assert.equal(optimizerKind(opt), kinds[name]);
    assert.equal(getLearningRate(opt), 0.03);
    opt.dispose();
  }
  assert.equal(getMomentum(createOptimizer('momentum', 0.1, { momentum: 0.8 })), 0.8);
  assert.equal(getMomentum(createOptimizer('adam', 0.1, { beta1: 0.7 })), 0.7);
  assert.throws(() => createOptimizer('lion', 0.1), (e: unknown) => e instanceof RangeError && /optimizer must be one of .* got "lion"/.test(e.message));
  assert.throws(() => createOptimizer('sgd', -1), /learning rate must be a finite number > 0, got -1/);
  assert.throws(() => createOptimizer('momentum', 0.1, { momentum: 1 }), /momentum must be a number in \[0, 1\), got 1/);
});

test('createMlp: seeded, compiled, right shapes; bad options are named', () => {
  const a = createMlp({ inputShape: [28, 28, 1], classes: 10, hidden: [32, 16], seed: 3 });
  const b = createMlp({ inputShape: [28, 28, 1], classes: 10, hidden: [32, 16], seed: 3 });
  const c = createMlp({ inputShape: [28, 28, 1], classes: 10, hidden: [32, 16], seed: 4 });
  assert.deepEqual(a.outputs[0].shape, [null, 10]);
  assert.equal(a.layers.length, 4); // flatten, 2 hidden, output
  const w = (m: tf.LayersModel) => m.getWeights()[0].dataSync();
  assert.deepEqual(w(a), w(b));
  assert.notDeepEqual(w(a), w(c));
  assert.ok(a.optimizer);
  const p = a.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor;
  const sums = tf.sum(p, 1).dataSync();
  assert.ok(Math.abs(sums[0] - 1) < 1e-5); // softmax output
  tf.dispose([p]);
  for (const m of [a, b, c]) m.dispose();
  assert.throws(() => createMlp({ inputShape: [], classes: 10 }), /inputShape must be a non-empty array .* got \[\]/);
  assert.throws(() => createMlp({ inputShape: [4], classes: 1 }), /classes must be an integer >= 2, got 1/);
  assert.throws(() => createMlp({ inputShape: [4], classes: 3, hidden: [0] }), /hidden must be an array of positive integers, got \[0\]/);
});

test('createCnn trains on wasm (conv2d gradient registered) and lowers the loss on a fixed batch', async () => {
  const cnn = createCnn({ inputShape: [12, 12, 1], classes: 3, filters: [4], dense: 8, optimizer: 'adam', lr: 0.01, seed: 1 });
  assert.equal(tf.getBackend(), 'wasm');
  const xs = tf.randomUniform([16, 12, 12, 1], 0, 1, 'float32', 5);
  const ys = tf.oneHot(tf.tensor1d([...Array(16).keys()].map((i) => i % 3), 'int32'), 3).toFloat();
  const first = (await cnn.trainOnBatch(xs, ys)) as number[];
  let last = first;
  for (let i = 0; i < 15; i++) last = (await cnn.trainOnBatch(xs, ys)) as number[];
  assert.ok(last[0] < first[0] * 0.9, `loss ${first[0]} -> ${last[0]}`);
  tf.dispose([xs, ys]);
  cnn.dispose();
  assert.throws(() => createCnn({ inputShape: [784], classes: 10 }), /inputShape must be \[height, width, channels\] for a CNN, got \[784\]/);
});

test('fileSystem handler and file:// router save and load a LayersModel with identical predictions', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-model-'));
  const model = createMlp({ inputShape: [5], classes: 3, hidden: [7], seed: 9 });
  await model.save(fileSystem(join(dir, 'm1')));
  assert.deepEqual(readdirSync(join(dir, 'm1')).sort(), ['model.json', 'weights.bin']);
  const loaded = await loadLayersModelFromFile(join(dir, 'm1', 'model.json'));
  const x = tf.randomNormal([4, 5], 0, 1, 'float32', 2);
  const p1 = (model.predict(x) as tf.Tensor).dataSync();
  const p2 = (loaded.predict(x) as tf.Tensor).dataSync();
  assert.deepEqual(p2, p1);
  registerFileRouter();
  registerFileRouter(); // idempotent
  await model.save(pathToFileURL(join(dir, 'm2')).href);
  const viaUrl = await tf.loadLayersModel(pathToFileURL(join(dir, 'm2', 'model.json')).href);
  assert.deepEqual((viaUrl.predict(x) as tf.Tensor).dataSync(), p1);
  const fromDir = await loadLayersModelFromFile(join(dir, 'm2'));
  assert.equal(fromDir.layers.length, model.layers.length);
  await assert.rejects(loadLayersModelFromFile(join(dir, 'missing.json')), /cannot read model file .*missing\.json/);
  tf.dispose([x]);
  for (const m of [model, loaded, viaUrl, fromDir]) m.dispose();
});
