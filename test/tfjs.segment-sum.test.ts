// Embeddings train on wasm: lrkit registers the UnsortedSegmentSum kernel that tf.gather's
// gradient needs and tfjs-backend-wasm lacks; it sums as the cpu kernel does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { registerFastWasmKernels, registerWasmSegmentSum, setBackend } from '../src/tfjs/index.js';
import { maxAbsDiff, trainedWeights } from './helpers/backends.js';

const sums = (x: number[], shape: number[], ids: number[], n: number) =>
  tf.tidy(() => Array.from(tf.unsortedSegmentSum(tf.tensor(x, shape), tf.tensor1d(ids, 'int32'), n).dataSync()));

test('wasm: tfjs alone has no UnsortedSegmentSum; lrkit\'s sums like the cpu kernel, ids out of range dropped', async () => {
  await setBackend('wasm');
  const restore = registerFastWasmKernels();
  restore(); // tfjs alone
  try {
    assert.equal(tf.getKernel('UnsortedSegmentSum', 'wasm'), undefined);
    assert.throws(() => sums([1, 2], [2], [0, 1], 2), /UnsortedSegmentSum/);
  } finally {
    registerFastWasmKernels();
  }
  const x = Array.from({ length: 24 }, (_, i) => (i * 7) % 11 - 5);
  const cases = [
    { shape: [6, 4], ids: [2, 0, 2, -1, 5, 1], n: 4 }, // -1 and 5 are out of range
    { shape: [3, 2, 4], ids: [1, 0, 1], n: 3 }, // rows of rank 2; segment 2 stays zero
    { shape: [24], ids: Array.from({ length: 24 }, (_, i) => i % 5), n: 5 },
  ];
  for (const c of cases) {
    await setBackend('cpu');
    const want = sums(x, c.shape, c.ids, c.n);
    await setBackend('wasm');
    assert.deepEqual(sums(x, c.shape, c.ids, c.n), want, JSON.stringify(c));
  }
});

test('a model with tf.layers.embedding trains on wasm to the cpu backend\'s weights, leaking nothing', async () => {
  const data = {
    xs: Array.from({ length: 32 * 6 }, (_, i) => (i * 13) % 20), xShape: [32, 6],
    ys: Array.from({ length: 32 }, (_, i) => (i % 3 ? [0, 1] : [1, 0])).flat(), yShape: [32, 2],
  };
  const build = () => {
    const model = tf.sequential({ layers: [
      tf.layers.embedding({ inputDim: 20, outputDim: 4, inputLength: 6, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: 1 }) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ] });
    model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });
    return model;
  };
  const cpu = await trainedWeights('cpu', build, data, { epochs: 3, batchSize: 8 });
  const wasm = await trainedWeights('wasm', build, data, { epochs: 3, batchSize: 8 });
  const diff = maxAbsDiff(wasm, cpu);
  assert.ok(diff < 1e-5, `weights differ by ${diff}`);
  assert.ok(cpu.slice(0, 80).some((v) => Math.abs(v) > 0.1), 'the embedding moved');
});

test('registerWasmSegmentSum: a no-op where the kernel exists, and its restore removes only its own', async () => {
  await setBackend('wasm');
  assert.ok(tf.getKernel('UnsortedSegmentSum', 'wasm'), 'setBackend(\'wasm\') registers it');
  const noop = registerWasmSegmentSum();
  noop();
  assert.ok(tf.getKernel('UnsortedSegmentSum', 'wasm'), 'still there');
});
