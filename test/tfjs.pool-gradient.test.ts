// lrkit's MaxPool gradient on wasm (registerFastWasmKernels): the same dL/dx as the cpu backend's
// own kernel, ties included (after a ReLU whole windows are 0, and only the first takes the
// gradient), on random shapes; pooling it does not handle keeps tfjs's gradient; nothing leaks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { registerFastWasmKernels, setBackend } from '../src/tfjs/index.js';
import { maxPoolGradient } from '../src/tfjs/pool-gradient.js';
import { maxAbsDiff, randomValues, trainedWeights } from './helpers/backends.js';

/** dL/dx of sum(maxPool(relu(x)) * dy) on the current backend, as plain numbers. */
function poolGrad(xv: number[], shape: [number, number, number, number], size: number, stride: number, pad: 'valid' | 'same', dyv?: number[]) {
  return tf.tidy(() => {
    const x = tf.relu(tf.tensor4d(xv, shape)); // zeros: ties in many windows
    const y = tf.maxPool(x as tf.Tensor4D, size, stride, pad);
    const dy = dyv ? tf.tensor(dyv, y.shape) : tf.randomNormal(y.shape, 0, 1, 'float32', 5);
    const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, size, stride, pad), dy)))(x);
    return { dx: Array.from(dx.dataSync()), dy: Array.from(dy.dataSync()) };
  });
}

test('MaxPool gradient on wasm equals the cpu kernel\'s, ties and odd sizes included', async () => {
  registerFastWasmKernels();
  await fc.assert(
    fc.asyncProperty(
      fc.record({ n: fc.integer({ min: 1, max: 3 }), h: fc.integer({ min: 2, max: 13 }), w: fc.integer({ min: 2, max: 13 }), c: fc.integer({ min: 1, max: 5 }), s: fc.integer({ min: 2, max: 4 }), seed: fc.integer({ min: 1, max: 1000 }) }),
      fc.constantFrom<'valid' | 'same'>('valid', 'same'),
      async ({ n, h, w, c, s, seed }, pad) => {
        // 'same' on sizes s does not divide pads, which lrkit leaves to tfjs (next test).
        if (h < s || w < s || (pad === 'same' && (h % s !== 0 || w % s !== 0))) return;
        const shape: [number, number, number, number] = [n, h, w, c];
        const xv = tf.tidy(() => Array.from(tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync()));
        await setBackend('cpu');
        const ref = poolGrad(xv, shape, s, s, pad);
        await setBackend('wasm');
        const before = tf.memory().numTensors;
        const got = poolGrad(xv, shape, s, s, pad, ref.dy);
        assert.equal(tf.memory().numTensors, before, 'no tensors leak');
        // Exactly equal numbers; a zero may come out as -0 (0 times a negative dy), which is the same gradient.
        assert.deepEqual(got.dx.map((v) => v + 0), ref.dx.map((v) => v + 0), `${JSON.stringify({ n, h, w, c, s, pad })}`);
      },
    ),
    { numRuns: 40 },
  );
});

test('pooling lrkit does not handle keeps tfjs\'s own wasm gradient (which differs from cpu\'s there: tfjs\'s, left alone)', async () => {
  const restore = registerFastWasmKernels();
  for (const [shape, size, stride, pad] of [[[2, 9, 9, 3], 3, 2, 'valid'], [[1, 5, 3, 2], 2, 2, 'same']] as const) {
    const xv = tf.tidy(() => Array.from(tf.randomNormal([...shape], 0, 1, 'float32', 9).dataSync()));
    await setBackend('wasm');
    const fast = poolGrad(xv, [...shape], size, stride, pad);
    restore();
    const own = poolGrad(xv, [...shape], size, stride, pad, fast.dy);
    registerFastWasmKernels();
    assert.deepEqual(fast.dx, own.dx, `${shape} ${size}/${stride} ${pad}`);
  }
});

test('maxPoolGradient sends each window\'s gradient to its first maximum only', () => {
  const got = tf.tidy(() => {
    const x = tf.tensor4d([0, 0, 0, 0, 1, 3, 3, 2], [1, 2, 4, 1]);
    const y = tf.maxPool(x, 2, 2, 'valid') as tf.Tensor4D; // windows [0 0; 1 3] and [0 0; 3 2]
    return Array.from(maxPoolGradient(tf.tensor4d([10, 20], [1, 1, 2, 1]), x, y, 2).dataSync());
  });
  assert.deepEqual(got, [0, 0, 0, 0, 0, 10, 20, 0]);
});

test('a CNN with conv (stride 1) and 2x2 max pooling trains on wasm as on cpu, leaking nothing', async () => {
  registerFastWasmKernels();
  const data = { xs: randomValues([16, 8, 8, 1], 8), xShape: [16, 8, 8, 1], ys: Array.from({ length: 16 }, (_, i) => (i % 2 ? [0, 1] : [1, 0])).flat(), yShape: [16, 2] };
  const build = () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [8, 8, 1], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
    return model;
  };
  const cpu = await trainedWeights('cpu', build, data, { epochs: 3, batchSize: 8 });
  const wasm = await trainedWeights('wasm', build, data, { epochs: 3, batchSize: 8 });
  const diff = maxAbsDiff(cpu, wasm);
  assert.ok(diff < 1e-4, `weights differ by ${diff}`);
});
