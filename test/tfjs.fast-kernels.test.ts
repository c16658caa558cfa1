// registerFastWasmKernels: the wasm matmul kernels that transpose explicitly give the cpu
// backend's results on random shapes (ranks 2-4, every transpose combination, odd sizes, the fused
// form with bias and activation, and through gradients), free their intermediates, and restore.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { registerFastWasmKernels, setBackend } from '../src/tfjs/index.js';

let restore: () => void = () => {};
before(async () => {
  await setBackend('wasm');
  restore = registerFastWasmKernels();
});
after(() => restore());

/** Runs `f` on the cpu backend and on wasm (fast kernels), returning both results as arrays. */
async function both(f: () => tf.Tensor): Promise<{ cpu: Float32Array; wasm: Float32Array; shape: number[] }> {
  await tf.setBackend('cpu');
  const c = tf.tidy(f);
  const cpu = c.dataSync() as Float32Array;
  c.dispose();
  await tf.setBackend('wasm');
  const w = tf.tidy(f);
  const wasm = w.dataSync() as Float32Array;
  const shape = w.shape;
  w.dispose();
  return { cpu, wasm, shape };
}

// float32 sums of up to ~60 products of N(0, 1) values: agreement to 1e-4 relative to the largest output.
function close(r: { cpu: Float32Array; wasm: Float32Array }, what: string) {
  assert.equal(r.cpu.length, r.wasm.length, what);
  const scale = Math.max(1, ...Array.from(r.cpu, Math.abs));
  let worst = 0;
  for (let i = 0; i < r.cpu.length; i++) worst = Math.max(worst, Math.abs(r.cpu[i] - r.wasm[i]));
  assert.ok(worst <= 1e-4 * scale, `${what}: max |cpu - wasm| = ${worst} (scale ${scale})`);
}

const values = (shape: number[], seed: number) => Array.from(tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync()));

describe('registerFastWasmKernels', () => {
  test('tf.matMul: ranks 2-4, every transpose combination, odd sizes — equal to the cpu backend', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: 2 }), fc.array(fc.integer({ min: 1, max: 37 }), { minLength: 3, maxLength: 3 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 1e6 }),
      async (extraRank, [m, k, n], batch, ta, tb, seed) => {
        const lead = Array.from({ length: extraRank }, () => batch);
        const aShape = [...lead, ...(ta ? [k, m] : [m, k])];
        const bShape = [...lead, ...(tb ? [n, k] : [k, n])];
        const av = values(aShape, seed);
        const bv = values(bShape, seed + 1);
        const r = await both(() => tf.matMul(tf.tensor(av, aShape), tf.tensor(bv, bShape), ta, tb));
        assert.deepEqual(r.shape, [...lead, m, n]);
        close(r, `matMul ${aShape} x ${bShape} (${ta}, ${tb})`);
      },
    ), { numRuns: 40 });
  });

  test('tf.fused.matMul with bias and relu, transposed or not — equal to the cpu backend', async () => {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const [m, k, n] = [7, 13, 5];
      const aShape = ta ? [k, m] : [m, k];
      const bShape = tb ? [n, k] : [k, n];
      const av = values(aShape, 11);
      const bv = values(bShape, 12);
      const bias = values([n], 13);
      const r = await both(() => tf.fused.matMul({ a: tf.tensor2d(av, aShape as [number, number]), b: tf.tensor2d(bv, bShape as [number, number]), transposeA: ta, transposeB: tb, bias: tf.tensor1d(bias), activation: 'relu' }));
      close(r, `fused matMul (${ta}, ${tb})`);
    }
  });

  test('gradients of a dense layer (fused matmul + bias + relu) equal the cpu backend\'s', async () => {
    const [x, w, b, dy] = [values([9, 31], 1), values([31, 17], 2), values([17], 3), values([9, 17], 4)];
    for (const which of [0, 1, 2]) {
      const r = await both(() => {
        const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(tf.fused.matMul({ a: xx as tf.Tensor2D, b: ww as tf.Tensor2D, bias: bb, activation: 'relu' }), tf.tensor2d(dy, [9, 17])));
        return tf.grads(f)([tf.tensor2d(x, [9, 31]), tf.tensor2d(w, [31, 17]), tf.tensor1d(b)])[which];
      });
      close(r, `gradient ${['x', 'w', 'bias'][which]}`);
    }
  });

  test('no leaks: engine tensors and the wasm backend\'s own buffers stay level', async () => {
    const backend = tf.backend() as unknown as { dataIdMap: { numDataIds(): number } };
    const a = tf.randomNormal([33, 21]);
    const b = tf.randomNormal([33, 19]);
    const run = () => tf.tidy(() => tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.matMul(p, q, true, false)))([a, b]).forEach((g) => g.dataSync()));
    run();
    const [tensors, buffers] = [tf.memory().numTensors, backend.dataIdMap.numDataIds()];
    for (let i = 0; i < 50; i++) run();
    assert.equal(tf.memory().numTensors, tensors);
    assert.equal(backend.dataIdMap.numDataIds(), buffers);
    tf.dispose([a, b]);
  });

  test('idempotent, and the returned function restores tfjs\'s kernels', () => {
    assert.equal(registerFastWasmKernels(), restore);
    const fast = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
    restore();
    const original = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
    assert.notEqual(original, fast);
    restore = registerFastWasmKernels();
    assert.notEqual(tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc, original);
    assert.notEqual(tf.getKernel('BatchMatMul', 'cpu')!.kernelFunc, tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc);
  });
});
