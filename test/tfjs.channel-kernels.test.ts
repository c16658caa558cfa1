// The per-channel wasm kernels of registerFastWasmKernels: a [C] vector added to, subtracted
// from, multiplied into or divided into every row gives exactly the cpu backend's numbers on
// random shapes (either operand order); shapes it leaves alone keep tfjs's broadcasting; the sum
// over the leading axes matches to float32 rounding; the gradients of a bias add are the same;
// nothing leaks.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { registerFastWasmKernels, setBackend } from '../src/tfjs/index.js';
import { onCpuAndWasm, randomValues } from './helpers/backends.js';
import { rowsPerLine } from '../src/tfjs/channel-kernels.js';

let restore: () => void = () => {};
before(async () => {
  await setBackend('wasm');
  restore = registerFastWasmKernels();
});
after(() => restore());

const OPS = { add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div } as const;

test('rowsPerLine: the largest divisor of the row count that keeps a line near 256 values', () => {
  assert.equal(rowsPerLine(50176, 8), 32);
  assert.equal(rowsPerLine(12544, 16), 16);
  assert.equal(rowsPerLine(97, 8), 1); // a prime: nothing to regroup
  assert.equal(rowsPerLine(100, 300), 1);
});

test('x op bias per channel (add, sub, mul, div; the vector first or second): exactly the cpu backend\'s numbers', async () => {
  await fc.assert(fc.asyncProperty(
    fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 2, max: 40 }), fc.integer({ min: 0, max: 2 }),
    fc.boolean(), fc.constantFrom(...(Object.keys(OPS) as (keyof typeof OPS)[])), fc.integer({ min: 1, max: 1e5 }),
    async (lead, c, vecRank, vecFirst, op, seed) => {
      const shape = [...lead, c];
      const vecShape = [...Array.from({ length: Math.min(vecRank, lead.length) }, () => 1), c];
      const [xv, bv] = [randomValues(shape, seed), randomValues([c], seed + 1)];
      const f = OPS[op];
      const r = await onCpuAndWasm(() => (vecFirst ? f(tf.tensor(bv, vecShape), tf.tensor(xv, shape)) : f(tf.tensor(xv, shape), tf.tensor(bv, vecShape))));
      assert.deepEqual(r.shape, shape);
      assert.deepEqual(r.wasm, r.cpu, `${op} ${shape} ${vecShape} ${vecFirst}`);
    },
  ), { numRuns: 60 });
});

test('a conv-sized bias add (regrouped) and shapes left to tfjs give the cpu backend\'s numbers', async () => {
  for (const [a, b] of [[[64, 28, 28, 8], [8]], [[8, 14, 14, 16], [1, 1, 1, 16]], [[3, 1, 4], [2, 4]], [[2, 4], [1, 1, 4]], [[4096, 1], [1]], [[4], [4]], [[97, 8], [8]]]) {
    const [av, bv] = [randomValues(a, 1), randomValues(b, 2)];
    const r = await onCpuAndWasm(() => tf.add(tf.tensor(av, a), tf.tensor(bv, b)));
    assert.deepEqual(r.wasm, r.cpu, `${a} + ${b}`);
  }
});

test('sum over every axis but the last (a bias\'s gradient): the cpu backend\'s sums to float32 rounding, keepDims and negative axes too', async () => {
  await fc.assert(fc.asyncProperty(
    fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 20 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 1e5 }),
    async (lead, c, keepDims, negative, seed) => {
      const shape = [...lead, c];
      const xv = randomValues(shape, seed);
      const axes = lead.map((_, i) => (negative ? i - shape.length : i));
      const r = await onCpuAndWasm(() => tf.sum(tf.tensor(xv, shape), axes, keepDims));
      assert.deepEqual(r.shape, keepDims ? [...lead.map(() => 1), c] : [c]);
      // float32 accumulation (XNNPACK) against the cpu backend's float64: within 1e-6 of the sum of |x|.
      const absSum = Array.from({ length: c }, (_, j) => xv.reduce((t, v, i) => (i % c === j ? t + Math.abs(v) : t), 0));
      r.cpu.forEach((v, j) => assert.ok(Math.abs(v - r.wasm[j]) <= 1e-6 * absSum[j] + 1e-6, `${shape} [${j}]: ${r.wasm[j]} vs ${v}`));
    },
  ), { numRuns: 40 });
});

test('the gradients of a bias add (the input\'s and the bias\'s) are the cpu backend\'s', async () => {
  const shape = [8, 16, 16, 4];
  const [xv, bv, dyv] = [randomValues(shape, 3), randomValues([4], 4), randomValues(shape, 5)];
  for (const which of [0, 1]) {
    const r = await onCpuAndWasm(() => tf.grads((x: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.relu(tf.add(x, b)), tf.tensor(dyv, shape))))([tf.tensor(xv, shape), tf.tensor1d(bv)])[which]);
    r.cpu.forEach((v, i) => assert.ok(Math.abs(v - r.wasm[i]) <= 1e-5 * Math.max(1, Math.abs(v)), `grad ${which} [${i}]: ${r.wasm[i]} vs ${v}`));
  }
});

test('no leaks: engine tensors and the wasm backend\'s buffers stay level', async () => {
  await tf.setBackend('wasm');
  const backend = tf.backend() as unknown as { dataIdMap: { numDataIds(): number } };
  const x = tf.randomNormal([32, 16, 16, 8]);
  const b = tf.randomNormal([8]);
  const run = () => tf.tidy(() => {
    tf.div(b, tf.sub(tf.mul(tf.add(x, b), b), b)).dataSync();
    tf.sum(x, [0, 1, 2]).dataSync();
  });
  run();
  const [tensors, buffers] = [tf.memory().numTensors, backend.dataIdMap.numDataIds()];
  for (let i = 0; i < 20; i++) run();
  assert.equal(tf.memory().numTensors, tensors);
  assert.equal(backend.dataIdMap.numDataIds(), buffers);
  tf.dispose([x, b]);
});
