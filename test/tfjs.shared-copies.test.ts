// registerWasmSharedCopies (part of registerFastWasmKernels): on wasm a clone, an Identity and a
// float32→float32 cast share their input's buffer; each outlives the other's disposal with its
// values intact; a real cast still converts; training through saved tensors gives the cpu
// backend's gradients; buffers and tensors stay level.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { registerFastWasmKernels, setBackend } from '../src/tfjs/index.js';

let restore: () => void = () => {};
before(async () => {
  await setBackend('wasm');
  restore = registerFastWasmKernels();
});
after(() => restore());

const buffers = () => (tf.backend() as unknown as { dataIdMap: { numDataIds(): number } }).dataIdMap.numDataIds();

test('a clone shares the buffer, and either side survives the other\'s disposal with its values', async () => {
  await tf.setBackend('wasm');
  const before = buffers();
  const x = tf.tensor([1, 2, 3, 4], [2, 2]);
  const y = x.clone();
  const z = tf.cast(x, 'float32');
  assert.equal(buffers(), before + 1, 'one buffer for three tensors');
  x.dispose();
  assert.deepEqual(Array.from(y.dataSync()), [1, 2, 3, 4]);
  y.dispose();
  assert.deepEqual(Array.from(z.dataSync()), [1, 2, 3, 4]);
  z.dispose();
  assert.equal(buffers(), before);
});

test('a cast to another dtype still converts, and a variable\'s clone keeps the old value after assign', async () => {
  await tf.setBackend('wasm');
  const i = tf.cast(tf.tensor([1.7, -2.2, 3.5]), 'int32');
  assert.equal(i.dtype, 'int32');
  assert.deepEqual(Array.from(i.dataSync()), [1, -2, 3]);
  const b = tf.cast(tf.tensor([0, 2, 5], undefined, 'int32'), 'float32');
  assert.equal(b.dtype, 'float32');
  assert.deepEqual(Array.from(b.dataSync()), [0, 2, 5]);
  const v = tf.variable(tf.tensor([1, 2]));
  const snapshot = v.clone();
  v.assign(tf.tensor([5, 6]));
  assert.deepEqual(Array.from(snapshot.dataSync()), [1, 2]);
  assert.deepEqual(Array.from(v.dataSync()), [5, 6]);
  tf.dispose([i, b, v, snapshot]);
});

test('gradients through saved activations (conv, relu, pooling, dense) equal the cpu backend\'s, and nothing leaks', async () => {
  const xv = Array.from({ length: 2 * 8 * 8 * 2 }, (_, k) => Math.sin(k * 1.3));
  const wv = Array.from({ length: 3 * 3 * 2 * 4 }, (_, k) => Math.cos(k * 0.7) / 3);
  const dv = Array.from({ length: 4 * 4 * 4 * 3 }, (_, k) => Math.sin(k * 0.31) / 5);
  const grads = () => tf.tidy(() => {
    const f = (x: tf.Tensor, w: tf.Tensor, d: tf.Tensor) => {
      const h = tf.maxPool(tf.relu(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same')), 2, 2, 'valid');
      return tf.sum(tf.relu(tf.matMul(tf.reshape(h, [2, 64]), d)));
    };
    return tf.grads(f)([tf.tensor4d(xv, [2, 8, 8, 2]), tf.tensor4d(wv, [3, 3, 2, 4]), tf.tensor2d(dv, [64, 3])]).map((g) => Array.from(g.dataSync()));
  });
  await tf.setBackend('cpu');
  const cpu = grads();
  await tf.setBackend('wasm');
  grads();
  const [tensors, bufs] = [tf.memory().numTensors, buffers()];
  const wasm = grads();
  assert.equal(tf.memory().numTensors, tensors);
  assert.equal(buffers(), bufs);
  cpu.forEach((g, k) => g.forEach((v, i) => assert.ok(Math.abs(v - wasm[k][i]) <= 1e-5 * Math.max(1, Math.abs(v)), `grad ${k}[${i}]: ${wasm[k][i]} vs ${v}`)));
});
