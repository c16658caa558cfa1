// Reliability: every way a range test can end — completed, diverged, non-finite loss, an exception
// (the data source, the onIteration callback, the compiled loss function or a layer's forward pass
// throws), abort — leaves the
// model's weights, its optimizer's state and tf.memory() exactly as they were, for every
// tf.train optimizer type (on wasm; two of them on the cpu backend too).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { optimizerState, weights } from './helpers/tfjs-state.js';
import { rangeTest } from '../src/finder/index.js';
import { findLearningRate, setBackend, type FindLearningRateOptions } from '../src/tfjs/index.js';
import { OPTIMIZER_NAMES, createOptimizer } from '../src/models/index.js';

before(async () => {
  await setBackend('wasm');
});

type Batch = { xs: tf.Tensor; ys: tf.Tensor };

// Armed by a path: the loss function or the Trap layer throws on its `at`-th call. By then tfjs's
// gradient tape already holds tensors saved for backprop (dense, tanh, batch-norm), which is what
// leaked before findLearningRate freed the tape of a failed step.
const trap = { where: 'off' as 'off' | 'loss' | 'layer', calls: 0, at: 6 };
function arm(where: 'loss' | 'layer'): void {
  Object.assign(trap, { where, calls: 0 });
}
function tripped(where: 'loss' | 'layer'): void {
  if (trap.where === where && ++trap.calls === trap.at) {
    trap.where = 'off';
    throw new Error(`${where} failed on call ${trap.at}`);
  }
}

/** Identity layer that throws when the trap is armed for it. */
class Trap extends tf.layers.Layer {
  static className = 'Trap';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    tripped('layer');
    return tf.clone(Array.isArray(inputs) ? inputs[0] : inputs);
  }
}

function model(optimizer: string): tf.LayersModel {
  const m = tf.sequential({
    layers: [
      tf.layers.dense({ units: 5, activation: 'tanh', inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }),
      tf.layers.batchNormalization(),
      new Trap({}),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }) }),
    ],
  });
  // Keras's per-sample mean squared error, the same as loss 'meanSquaredError', with a trap.
  const loss = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => {
    tripped('loss');
    return tf.metrics.meanSquaredError(yTrue, yPred);
  };
  m.compile({ optimizer: createOptimizer(optimizer, 0.01), loss });
  return m;
}

/** Batches of 8 samples; `tweak(i, batch)` may change batch i or throw. */
function dataset(tweak: (i: number, b: Batch) => Batch): tf.data.Dataset<Batch> {
  return tf.data.generator(function* () {
    for (let i = 0; i < 1000; i++) {
      yield tf.tidy(() => {
        const xs = tf.randomUniform([8, 3], -1, 1, 'float32', 11 + i);
        const ys = tf.sum(xs, 1, true);
        return tweak(i, { xs, ys });
      });
    }
  }) as unknown as tf.data.Dataset<Batch>;
}

const probe = tf.tidy(() => tf.randomUniform([4, 3], -1, 1, 'float32', 99));
async function predict(m: tf.LayersModel): Promise<number[]> {
  const out = m.predict(probe) as tf.Tensor;
  const v = Array.from(await out.data());
  out.dispose();
  return v;
}

interface ExitPath {
  name: string;
  /** The stopReason expected, or 'throws' with the error expected. */
  expect: 'completed' | 'diverged' | 'non-finite' | 'aborted' | RegExp;
  run: (m: tf.LayersModel) => Promise<unknown>;
}

// The pre-trained model's loss is tiny, so batch-to-batch noise alone can pass 4x the best: every
// path except 'diverged' switches the divergence stop off, so it ends the way it is meant to.
const base: FindLearningRateOptions = { startLr: 1e-5, endLr: 1e-3, numIter: 12, beta: 0, divergeThreshold: Infinity };
const PATHS: ExitPath[] = [
  { name: 'completed', expect: 'completed', run: (m) => findLearningRate(m, dataset((_, b) => b), base) },
  {
    name: 'diverged (loss x4)',
    expect: 'diverged',
    // From batch 6 on the targets are 100x larger: the loss jumps far past 4x the best.
    run: (m) => findLearningRate(m, dataset((i, b) => (i < 6 ? b : { xs: b.xs, ys: tf.mul(b.ys, 100) })), { ...base, divergeThreshold: 4 }),
  },
  {
    name: 'non-finite loss',
    expect: 'non-finite',
    run: (m) => findLearningRate(m, dataset((i, b) => (i < 6 ? b : { xs: b.xs, ys: tf.fill(b.ys.shape, NaN) })), base),
  },
  {
    name: 'exception while producing a batch',
    expect: /batch 6 is broken/,
    run: (m) => findLearningRate(m, dataset((i, b) => { if (i === 6) throw new Error('batch 6 is broken'); return b; }), base),
  },
  {
    name: 'exception in onIteration',
    expect: /callback failed/,
    run: (m) => findLearningRate(m, dataset((_, b) => b), { ...base, onIteration: (it) => { if (it.iteration === 5) throw new Error('callback failed'); } }),
  },
  {
    name: 'exception in the loss/forward pass',
    expect: /loss failed on call 6/,
    run: (m) => { arm('loss'); return findLearningRate(m, dataset((_, b) => b), base); },
  },
  {
    name: 'exception in a layer of the forward pass',
    expect: /layer failed on call 6/,
    run: (m) => { arm('layer'); return findLearningRate(m, dataset((_, b) => b), base); },
  },
  {
    name: 'exception in the loss, pipelined, with gradient accumulation',
    expect: /loss failed on call 6/,
    run: (m) => { arm('loss'); return findLearningRate(m, dataset((_, b) => b), { ...base, pipeline: true, accumulationSteps: 2 }); },
  },
  {
    name: 'abort via AbortSignal',
    expect: 'aborted',
    run: (m) => {
      const ctl = new AbortController();
      return findLearningRate(m, dataset((_, b) => b), { ...base, signal: ctl.signal, onIteration: (it) => { if (it.iteration === 5) ctl.abort(); } });
    },
  },
  {
    name: 'abort, pipelined',
    expect: 'aborted',
    run: (m) => {
      const ctl = new AbortController();
      return findLearningRate(m, dataset((_, b) => b), { ...base, pipeline: true, signal: ctl.signal, onIteration: (it) => { if (it.iteration === 5) ctl.abort(); } });
    },
  },
];

/** Runs every path on a model trained with `kind`, checking what each path must leave unchanged. */
async function checkAllPaths(kind: string): Promise<void> {
  const m = model(kind);
  // Train first so the optimizer has slot variables and counters worth protecting.
  const xs = tf.randomUniform([32, 3], -1, 1, 'float32', 5);
  const ys = tf.sum(xs, 1, true);
  await m.fit(xs, ys, { epochs: 2, batchSize: 8, verbose: 0, shuffle: false }); // fit's shuffle is unseeded
  tf.dispose([xs, ys]);
  const w0 = await weights(m);
  const p0 = await predict(m);
  const s0 = await optimizerState(m.optimizer);
  const n0 = tf.memory().numTensors;
  const b0 = tf.memory().numBytes;
  for (const path of PATHS) {
    let result: { stopReason: string; iterations: number } | undefined;
    let error: unknown;
    try {
      result = (await path.run(m)) as typeof result;
    } catch (e) {
      error = e;
    }
    assert.equal(trap.where, 'off', `${kind} ${path.name}: an armed trap never fired`);
    if (path.expect instanceof RegExp) {
      assert.ok(error instanceof Error && path.expect.test(error.message), `${kind} ${path.name}: ${String(error)}`);
    } else {
      assert.equal(error, undefined, `${kind} ${path.name}: ${String(error)}`);
      assert.equal(result!.stopReason, path.expect, `${kind} ${path.name}`);
      if (path.expect !== 'completed') assert.ok(result!.iterations < 12, `${kind} ${path.name} stopped early`);
    }
    assert.deepEqual(await weights(m), w0, `${kind} ${path.name}: weights`);
    assert.deepEqual(await predict(m), p0, `${kind} ${path.name}: predictions`);
    assert.deepEqual(await optimizerState(m.optimizer), s0, `${kind} ${path.name}: optimizer state`);
    assert.equal(tf.memory().numTensors, n0, `${kind} ${path.name}: numTensors`);
    assert.equal(tf.memory().numBytes, b0, `${kind} ${path.name}: numBytes`);
  }
  m.dispose();
}

describe('every exit path restores weights, optimizer state and tensor count', () => {
  const kinds = OPTIMIZER_NAMES.filter((n) => n !== 'nesterov');
  test('the optimizer list covers the seven tf.train types', () => {
    assert.deepEqual([...kinds].sort(), ['adadelta', 'adagrad', 'adam', 'adamax', 'momentum', 'rmsprop', 'sgd']);
  });
  for (const kind of kinds) {
    test(kind, () => checkAllPaths(kind));
  }
  // The cleanup must not depend on the backend: wasm above, the pure-JS cpu backend here.
  test('adam and momentum on the cpu backend', async () => {
    assert.equal(await setBackend('cpu'), 'cpu');
    try {
      await checkAllPaths('adam');
      await checkAllPaths('momentum');
    } finally {
      await setBackend('wasm');
    }
  });
});

describe('the framework-agnostic core stops on each path too', () => {
  test('completed / diverged / non-finite / throw / abort', async () => {
    const steps = (values: number[]) => (_lr: number, i: number) => values[i];
    const ok = [3, 2.5, 2, 1.8, 1.7, 1.6];
    assert.equal((await rangeTest({ numIter: 6, beta: 0, step: steps(ok) })).stopReason, 'completed');
    const div = await rangeTest({ numIter: 6, beta: 0, step: steps([2, 1, 1, 5, 1, 1]) });
    assert.deepEqual([div.stopReason, div.iterations], ['diverged', 3]);
    const nan = await rangeTest({ numIter: 6, beta: 0, step: steps([2, 1, NaN, 1, 1, 1]) });
    assert.deepEqual([nan.stopReason, nan.iterations], ['non-finite', 2]);
    const inf = await rangeTest({ numIter: 6, beta: 0, step: steps([2, 1, -Infinity, 1, 1, 1]) });
    assert.deepEqual([inf.stopReason, inf.iterations], ['non-finite', 2]);
    await assert.rejects(rangeTest({ numIter: 6, step: (_lr, i) => { if (i === 3) throw new TypeError('user step'); return 1; } }), /user step/);
    const ctl = new AbortController();
    const ab = await rangeTest({ numIter: 6, signal: ctl.signal, step: async (_lr, i) => { if (i === 2) ctl.abort(); return 1; } });
    assert.deepEqual([ab.stopReason, ab.iterations], ['aborted', 2]);
  });
});
