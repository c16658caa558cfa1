import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { conv2dFilterGradient, registerFastWasmKernels, registerWasmConv2DGradient, setBackend } from '../src/tfjs/index.js';
import { trainedWeights } from './helpers/backends.js';

type Pad = 'same' | 'valid' | number;
interface Case { x: [number, number, number, number]; f: [number, number, number, number]; strides: number | [number, number]; pad: Pad }

const CASES: Case[] = [
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { x: [1, 6, 5, 2], f: [2, 4, 2, 3], strides: 1, pad: 'same' }, // even, non-square filter
  { x: [2, 6, 6, 1], f: [5, 5, 1, 2], strides: 1, pad: 2 }, // explicit numeric padding
  { x: [2, 8, 8, 3], f: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { x: [2, 9, 8, 3], f: [3, 2, 3, 4], strides: 2, pad: 'valid' }, // stride does not divide evenly
  { x: [1, 10, 10, 2], f: [5, 5, 2, 3], strides: [2, 3], pad: 'same' },
];

/** Random inputs plus dL/dx and dL/dfilter of L = sum(conv2d(x, f) * dy), on the current backend. */
function gradients(c: Case, values: { x: number[]; f: number[]; dy?: number[] }) {
  return tf.tidy(() => {
    const x = tf.tensor4d(values.x, c.x);
    const f = tf.tensor4d(values.f, c.f);
    const y = tf.conv2d(x, f, c.strides, c.pad);
    const dy = values.dy ? tf.tensor(values.dy, y.shape) : tf.randomNormal(y.shape, 0, 1, 'float32', 3);
    const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), dy)))([x, f]);
    return { dx: Array.from(dx.dataSync()), df: Array.from(df.dataSync()), dy: Array.from(dy.dataSync()) };
  });
}

function maxDiff(a: number[], b: number[]): number {
  assert.equal(a.length, b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

function random(shape: number[], seed: number): number[] {
  return tf.tidy(() => Array.from(tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync()));
}

describe('registerWasmConv2DGradient', () => {
  test('wasm has no Conv2DBackpropFilter kernel, so conv layers cannot train there without it', async () => {
    await setBackend('wasm');
    // lrkit's setBackend registers the gradient with its fast kernels: take them away to see tfjs alone
    const restore = registerFastWasmKernels();
    restore();
    try {
      assert.equal(tf.getKernel('Conv2DBackpropFilter', 'wasm'), undefined);
      const c = CASES[0];
      assert.throws(() => gradients(c, { x: random(c.x, 1), f: random(c.f, 2) }), /Conv2DBackpropFilter/);
    } finally {
      registerFastWasmKernels();
    }
  });

  test('matches the cpu kernel gradient (to 1e-4) for stride 1/2, same/valid/explicit padding', async () => {
    const unregister = registerWasmConv2DGradient();
    try {
      for (const c of CASES) {
        const values = { x: random(c.x, 1), f: random(c.f, 2) };
        await setBackend('cpu'); // the cpu backend keeps its own kernel: the reference
        const ref = gradients(c, values);
        await setBackend('wasm');
        const got = gradients(c, { ...values, dy: ref.dy });
        const scale = Math.max(1, ...ref.df.map(Math.abs));
        assert.ok(maxDiff(got.df, ref.df) <= 1e-4 * scale, `${JSON.stringify(c)}: filter grad off by ${maxDiff(got.df, ref.df)}`);
        assert.ok(maxDiff(got.dx, ref.dx) <= 1e-4 * scale, `${JSON.stringify(c)}: input grad`);
      }
    } finally {
      unregister();
    }
  });

  test('always: true uses the forward-conv path on cpu too, with the same numbers', async () => {
    await setBackend('cpu');
    const c = CASES[4];
    const values = { x: random(c.x, 4), f: random(c.f, 5) };
    const ref = gradients(c, values);
    const unregister = registerWasmConv2DGradient({ always: true });
    try {
      const got = gradients(c, { ...values, dy: ref.dy });
      assert.ok(maxDiff(got.df, ref.df) <= 1e-4 * Math.max(1, ...ref.df.map(Math.abs)));
    } finally {
      unregister();
    }
  });

  test('NCHW data format gives the NHWC gradient', async () => {
    await setBackend('cpu');
    const { nhwc, nchw } = tf.tidy(() => {
      const x = tf.randomNormal([2, 6, 6, 3], 0, 1, 'float32', 6) as tf.Tensor4D;
      const dy = tf.randomNormal([2, 3, 3, 4], 0, 1, 'float32', 7) as tf.Tensor4D;
      const a = conv2dFilterGradient(x, dy, [3, 3, 3, 4], 2, 'same');
      const b = conv2dFilterGradient(tf.transpose(x, [0, 3, 1, 2]), tf.transpose(dy, [0, 3, 1, 2]), [3, 3, 3, 4], 2, 'same', 'NCHW');
      return { nhwc: Array.from(a.dataSync()), nchw: Array.from(b.dataSync()) };
    });
    assert.ok(maxDiff(nhwc, nchw) < 1e-5);
  });

  // A conv2d layer with a linear activation (as before batch norm) takes tfjs's fused conv2d, whose
  // gradient calls the Conv2DBackpropFilter kernel directly: registerWasmConv2DGradient registers one.
  for (const activation of ['relu', 'linear'] as const) test(`a small CNN (conv2d ${activation}) trains on wasm, matching cpu, and leaks nothing`, async () => {
    const build = () => {
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation, inputShape: [8, 8, 1], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        ],
      });
      model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
      return model;
    };
    const data = { xs: random([16, 8, 8, 1], 8), xShape: [16, 8, 8, 1], ys: Array.from({ length: 16 }, (_, i) => (i % 2 ? [0, 1] : [1, 0])).flat(), yShape: [16, 2] };
    const unregister = registerWasmConv2DGradient();
    try {
      const cpu = await trainedWeights('cpu', build, data, { epochs: 2, batchSize: 8 });
      const wasm = await trainedWeights('wasm', build, data, { epochs: 2, batchSize: 8 });
      assert.ok(maxDiff(wasm, cpu) < 1e-4, `weights differ by ${maxDiff(wasm, cpu)}`);
    } finally {
      unregister();
    }
  });

  test('the filter kernel comes and goes with the gradient: registered again it is replaced, restored it is gone', async () => {
    await setBackend('wasm');
    const restore = registerFastWasmKernels();
    restore(); // tfjs alone: no kernel
    try {
      registerWasmConv2DGradient();
      const b = registerWasmConv2DGradient();
      assert.ok(tf.getKernel('Conv2DBackpropFilter', 'wasm'));
      b();
      assert.equal(tf.getKernel('Conv2DBackpropFilter', 'wasm'), undefined);
    } finally {
      registerFastWasmKernels();
    }
  });

  test('dilations > 1 and bad options are refused', async () => {
    await setBackend('wasm');
    const unregister = registerWasmConv2DGradient();
    try {
      assert.throws(
        () => tf.tidy(() => {
          const x = tf.ones([1, 7, 7, 1]) as tf.Tensor4D;
          const f = tf.ones([3, 3, 1, 1]) as tf.Tensor4D;
          tf.grad((b: tf.Tensor) => tf.sum(tf.conv2d(x, b as tf.Tensor4D, 1, 'same', 'NHWC', 2)))(f);
        }),
        /dilation/,
      );
    } finally {
      unregister();
    }
    assert.throws(() => registerWasmConv2DGradient({ always: 'yes' as unknown as boolean }), {
      name: 'TypeError',
      message: /registerWasmConv2DGradient: always must be a boolean, got "yes"/,
    });
    assert.throws(() => registerWasmConv2DGradient({ fastInput: 1 as unknown as boolean }), { name: 'TypeError', message: /fastInput must be a boolean, got 1/ });
  });

  test('fastInput: false keeps tfjs\'s input gradient on wasm, with the same numbers to 1e-4', async () => {
    const c = CASES[0];
    const values = { x: random(c.x, 11), f: random(c.f, 12) };
    await setBackend('wasm');
    const unregister = registerWasmConv2DGradient({ fastInput: false });
    let own: ReturnType<typeof gradients>;
    try {
      own = gradients(c, values);
    } finally {
      unregister();
    }
    const restore = registerWasmConv2DGradient();
    try {
      const fast = gradients(c, { ...values, dy: own.dy });
      assert.ok(maxDiff(fast.dx, own.dx) <= 1e-4 * Math.max(1, ...own.dx.map(Math.abs)));
    } finally {
      restore();
    }
  });

  test('unregister restores tfjs gradient (wasm fails again)', async () => {
    await setBackend('wasm');
    registerWasmConv2DGradient()();
    const c = CASES[1];
    assert.throws(() => gradients(c, { x: random(c.x, 1), f: random(c.f, 2) }), /Conv2DBackpropFilter/);
  });
});
