// registerFastWasmKernels: the wasm matmul kernels that transpose explicitly give the cpu
// backend's results on random shapes (ranks 2-4, every transpose combination, odd sizes, the fused
// form with bias and activation, and through gradients), free their intermediates, and restore.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { registerFastWasmKernels, setBackend } from '../src/tfjs/index.js';
import { onCpuAndWasm, randomValues } from './helpers/backends.js';
import { matMulPlan } from '../src/tfjs/matmul-kernel.js';

let restore: () => void = () => {};
before(async () => {
  await setBackend('wasm');
  restore = registerFastWasmKernels();
});
after(() => restore());

// float32 sums of up to ~60 products of N(0, 1) values: agreement to 1e-4 relative to the largest output.
function close(r: { cpu: ArrayLike<number>; wasm: ArrayLike<number> }, what: string) {
  assert.equal(r.cpu.length, r.wasm.length, what);
  const scale = Math.max(1, ...Array.from(r.cpu, Math.abs));
  let worst = 0;
  for (let i = 0; i < r.cpu.length; i++) worst = Math.max(worst, Math.abs(r.cpu[i] - r.wasm[i]));
  assert.ok(worst <= 1e-4 * scale, `${what}: max |cpu - wasm| = ${worst} (scale ${scale})`);
}

describe('registerFastWasmKernels', () => {
  test('tf.matMul: ranks 2-4, every transpose combination, odd sizes — equal to the cpu backend', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: 2 }), fc.array(fc.integer({ min: 1, max: 37 }), { minLength: 3, maxLength: 3 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 1e6 }),
      async (extraRank, [m, k, n], batch, ta, tb, seed) => {
        const lead = Array.from({ length: extraRank }, () => batch);
        const aShape = [...lead, ...(ta ? [k, m] : [m, k])];
        const bShape = [...lead, ...(tb ? [n, k] : [k, n])];
        const av = randomValues(aShape, seed);
        const bv = randomValues(bShape, seed + 1);
        const r = await onCpuAndWasm(() => tf.matMul(tf.tensor(av, aShape), tf.tensor(bv, bShape), ta, tb));
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
      const av = randomValues(aShape, 11);
      const bv = randomValues(bShape, 12);
      const bias = randomValues([n], 13);
      const r = await onCpuAndWasm(() => tf.fused.matMul({ a: tf.tensor2d(av, aShape as [number, number]), b: tf.tensor2d(bv, bShape as [number, number]), transposeA: ta, transposeB: tb, bias: tf.tensor1d(bias), activation: 'relu' }));
      close(r, `fused matMul (${ta}, ${tb})`);
    }
  });

  test('gradients of a dense layer (fused matmul + bias + relu) equal the cpu backend\'s', async () => {
    const [x, w, b, dy] = [randomValues([9, 31], 1), randomValues([31, 17], 2), randomValues([17], 3), randomValues([9, 17], 4)];
    for (const which of [0, 1, 2]) {
      const r = await onCpuAndWasm(() => {
        const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(tf.fused.matMul({ a: xx as tf.Tensor2D, b: ww as tf.Tensor2D, bias: bb, activation: 'relu' }), tf.tensor2d(dy, [9, 17])));
        return tf.grads(f)([tf.tensor2d(x, [9, 31]), tf.tensor2d(w, [31, 17]), tf.tensor1d(b)])[which];
      });
      close(r, `gradient ${['x', 'w', 'bias'][which]}`);
    }
  });

  test('matMulPlan packs the smaller operand: a dense layer\'s forward and input gradient swap, its weight gradient and stable weights do not', () => {
    const plan = (m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, bPacked = false) => matMulPlan({ m, k, n, transposeA, transposeB, bPacked });
    assert.equal(plan(64, 784, 512, false, false), 'swapped'); // x·W
    assert.equal(plan(64, 256, 512, false, true), 'swapped'); // dx = dy·Wᵀ
    assert.equal(plan(784, 64, 512, true, false), 'direct'); // dW = xᵀ·dy
    assert.equal(plan(64, 784, 512, false, false, true), 'direct'); // W already packed (inference)
    assert.equal(plan(512, 784, 64, false, false), 'direct'); // B is the small one
  });

  test('swapped products (small m, larger k and n), fused with bias and relu or linear and through gradients, equal the cpu backend', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 6 }), fc.integer({ min: 20, max: 70 }), fc.integer({ min: 30, max: 90 }), fc.boolean(), fc.boolean(), fc.constantFrom('none', 'linear', 'relu'), fc.integer({ min: 1, max: 1e6 }),
      async (m, k, n, ta, tb, act, seed) => {
        assert.equal(matMulPlan({ m, k, n, transposeA: ta, transposeB: tb, bPacked: false }), 'swapped', 'the shape takes the swapped path');
        const aShape: [number, number] = ta ? [k, m] : [m, k];
        const bShape: [number, number] = tb ? [n, k] : [k, n];
        const [av, bv, bias, dy] = [randomValues(aShape, seed), randomValues(bShape, seed + 1), randomValues([n], seed + 2), randomValues([m, n], seed + 3)];
        const product = (a: tf.Tensor, b: tf.Tensor) => act === 'none'
          ? tf.matMul(a, b, ta, tb)
          : tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, transposeA: ta, transposeB: tb, bias: tf.tensor1d(bias), activation: act });
        const r = await onCpuAndWasm(() => product(tf.tensor2d(av, aShape), tf.tensor2d(bv, bShape)));
        assert.deepEqual(r.shape, [m, n]);
        close(r, `${act} ${aShape} x ${bShape} (${ta}, ${tb})`);
        for (const which of [0, 1]) {
          const g = await onCpuAndWasm(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(product(a, b), tf.tensor2d(dy, [m, n]))))([tf.tensor2d(av, aShape), tf.tensor2d(bv, bShape)])[which]);
          close(g, `${act} gradient ${which ? 'b' : 'a'} ${aShape} x ${bShape} (${ta}, ${tb})`);
        }
      },
    ), { numRuns: 30 });
  });

  test('the same weights again (direct and packed after the first product) give the same numbers', async () => {
    const [xv, wv] = [randomValues([3, 50], 5), randomValues([50, 60], 6)];
    await tf.setBackend('wasm');
    const x = tf.tensor2d(xv, [3, 50]);
    const w = tf.tensor2d(wv, [50, 60]);
    const runs = [0, 1, 2].map(() => {
      const y = tf.matMul(x, w);
      const v = y.dataSync();
      y.dispose();
      return v;
    });
    const cpu = await onCpuAndWasm(() => tf.matMul(tf.tensor2d(xv, [3, 50]), tf.tensor2d(wv, [50, 60])));
    for (const r of runs) close({ cpu: cpu.cpu, wasm: r }, 'repeated x·W');
    tf.dispose([x, w]);
  });

  test('no leaks: engine tensors and the wasm backend\'s own buffers stay level', async () => {
    const backend = tf.backend() as unknown as { dataIdMap: { numDataIds(): number } };
    const a = tf.randomNormal([33, 21]);
    const b = tf.randomNormal([33, 19]);
    const x = tf.randomNormal([2, 40]);
    const w = tf.randomNormal([40, 50]);
    const bias = tf.randomNormal([50]);
    const run = () => tf.tidy(() => {
      tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.matMul(p, q, true, false)))([a, b]).forEach((g) => g.dataSync());
      // The swapped path, fused with bias and relu, forward and backward.
      tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.fused.matMul({ a: p as tf.Tensor2D, b: q as tf.Tensor2D, bias, activation: 'relu' })))([x, w]).forEach((g) => g.dataSync());
    });
    run();
    const [tensors, buffers] = [tf.memory().numTensors, backend.dataIdMap.numDataIds()];
    for (let i = 0; i < 50; i++) run();
    assert.equal(tf.memory().numTensors, tensors);
    assert.equal(backend.dataIdMap.numDataIds(), buffers);
    tf.dispose([a, b, x, w, bias]);
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
