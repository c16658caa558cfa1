import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { optimizerState, regression, weights } from './helpers/tfjs-state.js';
import { findLearningRate, setBackend, snapshotModel, type FindLearningRateOptions, type FinderData, type OptimizerKind } from '../src/tfjs/index.js';

before(async () => {
  await setBackend('wasm');
});

type Batch = { xs: tf.Tensor; ys: tf.Tensor };

function optimizer(kind: OptimizerKind): tf.Optimizer {
  switch (kind) {
    case 'sgd': return tf.train.sgd(0.01);
    case 'momentum': return tf.train.momentum(0.01, 0.9);
    case 'adam': return tf.train.adam(0.01);
    case 'adamax': return tf.train.adamax(0.01);
    case 'rmsprop': return tf.train.rmsprop(0.01, 0.9, 0.5);
    case 'adagrad': return tf.train.adagrad(0.01);
    case 'adadelta': return tf.train.adadelta(0.01);
  }
}
const KINDS: OptimizerKind[] = ['sgd', 'momentum', 'adam', 'adamax', 'rmsprop', 'adagrad', 'adadelta'];

function mlp(opt: tf.Optimizer, batchNorm = true): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 6, activation: 'tanh', inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      // Batch norm adds non-trainable weights (moving statistics) that must be restored too.
      ...(batchNorm ? [tf.layers.batchNormalization()] : []),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: opt, loss: 'meanSquaredError' });
  return model;
}

/** A dataset of 8-sample batches whose i-th batch is built by `make(i)` (may throw). */
function batches(make: (i: number, xs: tf.Tensor, ys: tf.Tensor) => Batch, count = 100): tf.data.Dataset<Batch> {
  return tf.data.generator(function* () {
    for (let i = 0; i < count; i++) {
      yield tf.tidy(() => {
        const { xs, ys } = regression(8, 100 + i);
        return make(i, xs, ys);
      });
    }
  }) as unknown as tf.data.Dataset<Batch>;
}

async function predictions(model: tf.LayersModel, xs: tf.Tensor): Promise<Float32Array> {
  const p = model.predict(xs) as tf.Tensor;
  const v = (await p.data()) as Float32Array;
  p.dispose();
  return v;
}

interface ExitPath {
  name: string;
  data: () => FinderData;
  options: () => FindLearningRateOptions;
  reason?: string;
  throws?: RegExp;
}

function exitPaths(train: { xs: tf.Tensor; ys: tf.Tensor }): ExitPath[] {
  return [
    { name: 'completed', data: () => train, options: () => ({ startLr: 1e-4, endLr: 1e-2, numIter: 6, batchSize: 16 }), reason: 'completed' },
    {
      name: 'diverged',
      // Targets 10x larger every batch: the loss explodes whatever the optimizer does.
      data: () => batches((i, xs, ys) => ({ xs, ys: tf.mul(ys, 10 ** i) })),
      options: () => ({ startLr: 1e-4, endLr: 1e-2, numIter: 30 }),
      reason: 'diverged',
    },
    {
      name: 'non-finite',
      data: () => batches((i, xs, ys) => ({ xs, ys: i === 3 ? tf.fill(ys.shape, NaN) : ys })),
      options: () => ({ startLr: 1e-4, endLr: 1e-2, numIter: 30 }),
      reason: 'non-finite',
    },
    {
      name: 'thrown inside training',
      data: () =>
        batches((i, xs, ys) => {
          if (i === 3) throw new Error('data source failed at batch 3');
          return { xs, ys };
        }),
      options: () => ({ startLr: 1e-4, endLr: 1e-2, numIter: 30 }),
      throws: /data source failed at batch 3/,
    },
    {
      name: 'aborted',
      data: () => train,
      options: () => {
        const controller = new AbortController();
        return {
          startLr: 1e-4, endLr: 1e-2, numIter: 30, batchSize: 8, signal: controller.signal,
          onIteration: (it) => { if (it.iteration === 2) controller.abort(); },
        };
      },
      reason: 'aborted',
    },
    {
      name: 'aborted while a step waits for data',
      // Slow async batches: the abort lands mid-step; the step must finish before the restore.
      data: () =>
        tf.data.generator(async function* () {
          for (let i = 0; i < 100; i++) {
            await new Promise((r) => setTimeout(r, 5));
            yield tf.tidy(() => regression(8, 200 + i));
          }
        } as unknown as () => Iterator<Batch>) as unknown as tf.data.Dataset<Batch>,
      options: () => {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 40);
        return { startLr: 1e-4, endLr: 1e-2, numIter: 30, accumulationSteps: 3, signal: controller.signal };
      },
      reason: 'aborted',
    },
    {
      name: 'thrown by onIteration (pipelined)',
      data: () => train,
      options: () => ({
        startLr: 1e-4, endLr: 1e-2, numIter: 30, batchSize: 8, pipeline: true,
        onIteration: (it) => { if (it.iteration === 4) throw new Error('listener failed'); },
      }),
      throws: /listener failed/,
    },
  ];
}

describe('findLearningRate restores the model and leaves the optimizer untouched', () => {
  for (const kind of KINDS) {
    test(`${kind}: every exit path`, async () => {
      const train = regression(40, 1);
      const model = mlp(optimizer(kind));
      // Give the optimizer state (slot variables, iteration counts) that must survive.
      await model.fit(train.xs, train.ys, { epochs: 1, batchSize: 20, verbose: 0 });
      for (const path of exitPaths(train)) {
        const w0 = await weights(model);
        const p0 = await predictions(model, train.xs);
        const s0 = await optimizerState(model.optimizer);
        const lr0 = (model.optimizer.getConfig() as { learningRate: number }).learningRate;
        const n0 = tf.memory().numTensors;
        const run = findLearningRate(model, path.data(), path.options());
        if (path.throws) {
          await assert.rejects(run, path.throws, `${kind} ${path.name}`);
        } else {
          const result = await run;
          assert.equal(result.stopReason, path.reason, `${kind} ${path.name}`);
        }
        assert.equal(tf.memory().numTensors, n0, `${kind} ${path.name}: tensors`);
        assert.deepEqual(await weights(model), w0, `${kind} ${path.name}: weights`);
        assert.deepEqual(await predictions(model, train.xs), p0, `${kind} ${path.name}: predictions`);
        assert.deepEqual(await optimizerState(model.optimizer), s0, `${kind} ${path.name}: optimizer state`);
        assert.equal((model.optimizer.getConfig() as { learningRate: number }).learningRate, lr0);
      }
      model.dispose();
      tf.dispose(train);
    });
  }

  test('an optimizer that never stepped still has no slot variables afterwards', async () => {
    for (const kind of KINDS) {
      const train = regression(24, 2);
      const model = mlp(optimizer(kind));
      const s0 = await optimizerState(model.optimizer);
      const n0 = tf.memory().numTensors;
      const result = await findLearningRate(model, train, { startLr: 1e-4, endLr: 1, numIter: 5, batchSize: 8 });
      assert.equal(result.iterations, 5);
      assert.equal(tf.memory().numTensors, n0, kind);
      assert.deepEqual(await optimizerState(model.optimizer), s0, kind);
      model.dispose();
      tf.dispose(train);
    }
  });
});

describe('findLearningRate curve', () => {
  test('suggestion on least squares lands near the best SGD rate', async () => {
    // Full-batch least squares, loss (1/n)|Xw - y|^2 with X ~ N(0, I): the Hessian (2/n) X^T X has
    // eigenvalues near 2 (within about [1.5, 2.5] for n = 256, d = 4), so the best constant SGD rate
    // 2 / (lmin + lmax) is about 0.5 and rates above 2 / lmax (about 0.8) diverge.
    const train = regression(256, 3);
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4], useBias: false, kernelInitializer: 'zeros' })] });
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    const result = await findLearningRate(model, train, { startLr: 1e-4, endLr: 10, numIter: 100, batchSize: 256 });
    const s = result.suggestions!;
    for (const [name, sug] of Object.entries(s)) {
      const lr = (sug as { lr: number }).lr;
      assert.ok(Number.isFinite(lr) && lr >= 1e-4 && lr <= 10, `${name}: ${lr}`);
    }
    assert.ok(result.stopReason === 'diverged' || result.stopReason === 'non-finite', result.stopReason);
    const best = 0.5;
    const within = (lr: number, below: number, above: number): boolean => lr >= best / below && lr <= best * above;
    // The raw curve bottoms out at the best rate, just below where GD starts to diverge.
    const rawMin = result.lrs[result.losses.indexOf(Math.min(...result.losses))];
    assert.ok(within(rawMin, 3, 3), `raw minimum at ${rawMin}`);
    // fastai's minimum rule (lr at the smoothed minimum / 10), the steepest point, and the
    // one-cycle max_lr all land within a factor of 10 of it.
    assert.ok(within(s.minimum.lr, 10, 3), `minimum ${s.minimum.lr}`);
    assert.ok(within(s.steep.lr, 10, 3), `steep ${s.steep.lr}`);
    assert.ok(within(s.oneCycle.lr, 3, 3), `oneCycle ${s.oneCycle.lr}`);
    // valley is conservative on this convex problem (about best / 20, see docs/tfjs.md), but
    // always below the divergence point.
    assert.ok(s.valley.lr < 1, `valley ${s.valley.lr}`);
    model.dispose();
    tf.dispose(train);
  });

  test('validation mode records the loss of the whole validation set after each step', async () => {
    const train = regression(32, 4);
    const val = tf.tidy(() => {
      const v = regression(20, 5);
      return { xs: v.xs, ys: tf.add(v.ys, 1) }; // shifted: differs from the training loss
    });
    const model = mlp(tf.train.sgd(0.01));
    const expected: number[] = [];
    const onIteration = (): void => {
      // Called right after the step is recorded, while the model holds the trained weights.
      expected.push(tf.tidy(() => tf.losses.meanSquaredError(val.ys, model.predict(val.xs) as tf.Tensor).dataSync()[0]));
    };
    const withVal = await findLearningRate(model, train, {
      startLr: 1e-3, endLr: 0.1, numIter: 12, batchSize: 8, validationData: val, validationBatchSize: 6, onIteration,
    });
    assert.equal(withVal.losses.length, 12);
    withVal.losses.forEach((l, i) => assert.ok(Math.abs(l - expected[i]) <= 1e-5 * Math.max(1, expected[i]), `${i}: ${l} vs ${expected[i]}`));
    const plain = await findLearningRate(model, train, { startLr: 1e-3, endLr: 0.1, numIter: 12, batchSize: 8 });
    assert.ok(withVal.losses.some((l, i) => Math.abs(l - plain.losses[i]) > 0.1), 'validation curve equals the training curve');
    model.dispose();
    tf.dispose([train, val]);
  });

  test('validation data may be a dataset', async () => {
    const train = regression(32, 4);
    const val = regression(16, 5);
    const model = mlp(tf.train.sgd(0.01));
    const asTensors = await findLearningRate(model, train, { startLr: 1e-3, endLr: 0.1, numIter: 5, batchSize: 8, validationData: val });
    const ds = tf.data.zip({ xs: tf.data.array(tf.unstack(val.xs)), ys: tf.data.array(tf.unstack(val.ys)) }).batch(5);
    const asDataset = await findLearningRate(model, train, {
      startLr: 1e-3, endLr: 0.1, numIter: 5, batchSize: 8, validationData: ds as unknown as tf.data.Dataset<Batch>,
    });
    asDataset.losses.forEach((l, i) => assert.ok(Math.abs(l - asTensors.losses[i]) < 1e-5 * Math.max(1, l), `${l} vs ${asTensors.losses[i]}`));
    model.dispose();
    tf.dispose([train, val]);
  });

  test('gradient accumulation: 4 batches of 8 make the same steps as 1 batch of 32', async () => {
    const train = regression(32, 6);
    // No batch norm here: its batch statistics would differ between 8- and 32-sample batches.
    const model = mlp(tf.train.sgd(0.01), false);
    const common = { startLr: 1e-3, endLr: 0.3, numIter: 8, shuffle: false } as const;
    const accumulated = await findLearningRate(model, train, { ...common, batchSize: 8, accumulationSteps: 4 });
    const big = await findLearningRate(model, train, { ...common, batchSize: 32 });
    const small = await findLearningRate(model, train, { ...common, batchSize: 8 });
    accumulated.losses.forEach((l, i) => assert.ok(Math.abs(l - big.losses[i]) <= 1e-4 * Math.max(1, l), `${i}: ${l} vs ${big.losses[i]}`));
    assert.ok(small.losses.some((l, i) => Math.abs(l - big.losses[i]) > 1e-3), 'batch size made no difference');
    model.dispose();
    tf.dispose(train);
  });

  test('pipelined mode gives the same curve; a seed fixes the shuffle', async () => {
    const train = regression(40, 7);
    const model = mlp(tf.train.adam(0.01));
    const opts = { startLr: 1e-4, endLr: 1, numIter: 15, batchSize: 8, seed: 3 };
    const a = await findLearningRate(model, train, opts);
    const b = await findLearningRate(model, train, { ...opts, pipeline: true });
    const c = await findLearningRate(model, train, { ...opts, seed: 4 });
    assert.deepEqual(b.losses, a.losses);
    assert.notDeepEqual(c.losses, a.losses);
    model.dispose();
    tf.dispose(train);
  });

  test('a short dataset (3 batches) is restarted as often as numIter needs', async () => {
    const seen: number[] = [];
    let starts = 0;
    const ds = tf.data.generator(function* () {
      starts += 1;
      for (let i = 0; i < 3; i++) {
        seen.push(i);
        yield tf.tidy(() => regression(8, 200 + i));
      }
    }) as unknown as tf.data.Dataset<Batch>;
    const model = mlp(tf.train.sgd(0.01), false);
    // At a tiny learning rate the weights barely move, so each batch gives the same loss every pass.
    const result = await findLearningRate(model, ds, { startLr: 1e-10, endLr: 1e-9, numIter: 10, beta: 0 });
    assert.equal(result.stopReason, 'completed');
    assert.deepEqual(seen, [0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
    assert.equal(starts, 4);
    const l = result.losses;
    for (let i = 0; i + 3 < l.length; i++) assert.ok(Math.abs(l[i + 3] - l[i]) <= 1e-6 * Math.max(1, l[i]), `${i}: ${l[i]} vs ${l[i + 3]}`);
    // ...and the three batches really differ, so the period is not trivial.
    assert.ok(Math.abs(l[0] - l[1]) > 1e-3 && Math.abs(l[1] - l[2]) > 1e-3 && Math.abs(l[0] - l[2]) > 1e-3, JSON.stringify(l.slice(0, 3)));
    model.dispose();
  });

  test('metric "accuracy" records accuracy (higher is better, linear by default)', async () => {
    const data = tf.tidy(() => {
      const xs = tf.randomNormal([64, 4], 0, 1, 'float32', 8);
      const ys = tf.cast(tf.greater(tf.sum(xs, 1, true), 0), 'float32');
      return { xs, ys };
    });
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [4] })] });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'binaryCrossentropy' });
    const result = await findLearningRate(model, data, { metric: 'accuracy', startLr: 0.01, endLr: 2, numIter: 20, batchSize: 16 });
    assert.equal(result.metric, 'higher-is-better');
    assert.equal(result.mode, 'linear');
    for (const a of result.losses) assert.ok(a >= 0 && a <= 1 && Number.isInteger(a * 16), String(a));
    // Learning works: accuracy rises well above chance.
    assert.ok(Math.max(...result.losses) >= 0.8, JSON.stringify(result.losses));
    // The core's name for the metric is an alias: the same sweep records the same accuracies.
    const alias = await findLearningRate(model, data, { metric: 'higher-is-better', startLr: 0.01, endLr: 2, numIter: 20, batchSize: 16 });
    assert.equal(alias.metric, 'higher-is-better');
    assert.equal(alias.mode, 'linear');
    assert.deepEqual(alias.losses, result.losses);
    model.dispose();
    tf.dispose(data);
  });
});

describe('findLearningRate input checks', () => {
  test('clear errors naming the bad value', async () => {
    const train = regression(16, 9);
    const model = mlp(tf.train.sgd(0.1));
    const uncompiled = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4] })] });
    class HomeMade extends tf.Optimizer {
      static get className() {
        return 'HomeMade';
      }
      applyGradients(): void {}
      getConfig() {
        return {};
      }
    }
    const custom = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4] })] });
    custom.compile({ optimizer: new HomeMade(), loss: 'meanSquaredError' });
    const n0 = tf.memory().numTensors;
    await assert.rejects(findLearningRate(uncompiled, train), { name: 'TypeError', message: /is not compiled: call model\.compile/ });
    await assert.rejects(findLearningRate({} as tf.LayersModel, train), { name: 'TypeError', message: /model must be a compiled tf\.LayersModel/ });
    const ys5 = tf.zeros([5, 1]);
    await assert.rejects(findLearningRate(model, { xs: train.xs, ys: ys5 }), {
      name: 'RangeError',
      message: /batch size mismatch, xs has 16 samples but ys has 5/,
    });
    const empty = { xs: tf.zeros([0, 4]), ys: tf.zeros([0, 1]) };
    await assert.rejects(findLearningRate(model, empty), { name: 'RangeError', message: /data is empty/ });
    const emptyDs = tf.data.array([]) as unknown as tf.data.Dataset<Batch>;
    await assert.rejects(findLearningRate(model, emptyDs, { numIter: 3 }), { name: 'RangeError', message: /data is empty: the dataset yielded no batches/ });
    await assert.rejects(findLearningRate(model, train, { batchSize: 0 }), { name: 'RangeError', message: /batchSize must be an integer >= 1, got 0/ });
    await assert.rejects(findLearningRate(model, train, { accumulationSteps: 1.5 }), { name: 'RangeError', message: /accumulationSteps .* got 1\.5/ });
    await assert.rejects(findLearningRate(model, train, { metric: 'auc' as 'loss' }), { name: 'RangeError', message: /metric must be "loss" or "higher-is-better" \("accuracy" is an alias of "higher-is-better"\), got "auc"/ });
    await assert.rejects(findLearningRate(model, train, { numIters: 5 } as FindLearningRateOptions), { name: 'TypeError', message: /unknown option "numIters"/ });
    await assert.rejects(findLearningRate(model, train, { optimizerState: 'copied' as 'copy' }), { name: 'RangeError', message: /optimizerState must be "fresh" or "copy", got "copied"/ });
    await assert.rejects(findLearningRate(model, train, { startLr: -1 }), /startLr/);
    await assert.rejects(findLearningRate(custom, train), { name: 'TypeError', message: /unknown optimizer type "HomeMade"/ });
    tf.dispose([ys5, empty.xs, empty.ys]);
    assert.equal(tf.memory().numTensors, n0);
    tf.dispose(train);
    [model, uncompiled, custom].forEach((m) => m.dispose());
  });

  test('snapshotModel rejects a missing or wrong model, naming the argument', () => {
    for (const [bad, shown] of [[null, 'null'], [undefined, 'undefined'], [{}, 'an object'], [42, '42']] as const) {
      assert.throws(() => snapshotModel(bad as unknown as tf.LayersModel), {
        name: 'TypeError',
        message: `snapshotModel: model must be a tf.LayersModel, got ${shown}`,
      });
    }
  });
});
