// findLearningRate's optimizerState option: 'copy' starts the range test from an exact copy of
// model.optimizer's state (as fastai and pytorch-lr-finder do), 'fresh' (default) from empty state.
// References are independent of the finder: a twin model, trained the same way, whose own
// optimizer really takes the step (trainOnBatch).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { optimizerState as readState, regression, weights } from './helpers/tfjs-state.js';
import {
  adadelta,
  cloneOptimizerWithState, disposeOptimizer, findLearningRate, setBackend, setLearningRate, setMomentum,
  type FindLearningRateOptions, type FinderData,
} from '../src/tfjs/index.js';

before(async () => {
  await setBackend('wasm');
});

type Batch = { xs: tf.Tensor; ys: tf.Tensor };

// Non-default settings where they exercise more state: RMSProp with momentum (and centered, which
// adds a third slot), Adamax with decay (its step counter scales the rate), Nesterov momentum.
const OPTIMIZERS: Record<string, () => tf.Optimizer> = {
  sgd: () => tf.train.sgd(0.05),
  momentum: () => tf.train.momentum(0.05, 0.9, true),
  adam: () => tf.train.adam(0.01),
  adamax: () => tf.train.adamax(0.01, 0.9, 0.999, undefined, 0.05),
  rmsprop: () => tf.train.rmsprop(0.01, 0.9, 0.5),
  'rmsprop (centered)': () => tf.train.rmsprop(0.01, 0.9, 0.5, undefined, true),
  adagrad: () => tf.train.adagrad(0.05),
  adadelta: () => tf.train.adadelta(0.05),
  // lrkit's corrected Adadelta (createOptimizer's): its state matters, so 'copy' must carry it.
  'adadelta (lrkit)': () => adadelta(0.05),
};
const KINDS = Object.keys(OPTIMIZERS);

function mlp(kind: string, batchNorm = false): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 6, activation: 'tanh', inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      // Non-trainable weights (moving statistics) that must come back too.
      ...(batchNorm ? [tf.layers.batchNormalization()] : []),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: OPTIMIZERS[kind](), loss: 'meanSquaredError' });
  return model;
}

/** A model whose optimizer has stepped 8 times (slot variables, counters, bias corrections). */
async function pretrained(kind: string, train: Batch, batchNorm = false): Promise<tf.LayersModel> {
  const model = mlp(kind, batchNorm);
  // shuffle: false, since fit's shuffle is unseeded and twins must train identically.
  await model.fit(train.xs, train.ys, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 });
  return model;
}

const read = (ts: tf.Tensor[]): number[][] => ts.map((t) => Array.from(t.dataSync()));
const trainable = (m: tf.LayersModel): number[][] => read(m.trainableWeights.map((w) => w.read()));

const LR = 0.01;
/** The model's trainable weights right after the range test's first step, taken at LR on all of `batch`. */
async function firstStep(model: tf.LayersModel, batch: Batch, optimizerState?: 'fresh' | 'copy'): Promise<number[][]> {
  let after: number[][] | undefined;
  const n = batch.xs.shape[0];
  await findLearningRate(model, batch, {
    startLr: LR, endLr: 10 * LR, numIter: 2, batchSize: n, shuffle: false, pipeline: false, optimizerState,
    // Not pipelined: the second step has not started when the first iteration is reported.
    onIteration: (it) => { if (it.iteration === 0) after = trainable(model); },
  });
  return after!;
}

/** The step model.optimizer itself makes: same lr, same batch, on the model's own optimizer. */
async function ownStep(model: tf.LayersModel, batch: Batch): Promise<number[][]> {
  setLearningRate(model.optimizer, LR);
  await model.trainOnBatch(batch.xs, batch.ys);
  return trainable(model);
}

describe("optimizerState 'copy': the first step is the one model.optimizer would make", () => {
  for (const kind of KINDS) {
    test(kind, async () => {
      const train = regression(32, 1);
      const batch = regression(16, 50);
      const model = await pretrained(kind, train);
      const twin = await pretrained(kind, train);
      assert.deepEqual(trainable(twin), trainable(model), 'twins trained identically');
      assert.ok(model.optimizer.iterations === 8, `${kind}: the optimizer stepped`);

      const copied = await firstStep(model, batch, 'copy');
      const fresh = await firstStep(model, batch, 'fresh');
      const byDefault = await firstStep(model, batch);
      const reference = await ownStep(twin, batch);

      assert.deepEqual(copied, reference, `${kind}: 'copy' step is bit-identical to model.optimizer's own step`);
      assert.deepEqual(byDefault, fresh, `${kind}: the default is 'fresh'`);
      if (kind === 'sgd' || kind === 'adadelta') {
        // Plain SGD has no state but a counter. tfjs 4.22's Adadelta scales g by
        // sqrt(accUpdate + eps) / sqrt(accGrad + eps) with the *previous* accGrad: from empty state
        // both accumulators stay bitwise equal, so every step is lr * g and its state never matters
        // (its state is still copied exactly: see the cloneOptimizerWithState test).
        assert.deepEqual(fresh, reference, `${kind}: fresh equals copy`);
      } else {
        assert.notDeepEqual(fresh, reference, `${kind}: 'fresh' ignores the accumulated state`);
      }
      model.dispose();
      twin.dispose();
      tf.dispose([train.xs, train.ys, batch.xs, batch.ys]);
    });
  }

  test("adam after beta1 changed mid-training: the bias correction is copied, not recomputed as beta1^(t+1)", async () => {
    const train = regression(32, 1);
    const batch = regression(16, 50);
    const twins = await Promise.all([0, 1].map(async () => {
      const m = await pretrained('adam', train);
      setMomentum(m.optimizer, 0.8); // a one-cycle momentum schedule does this every batch
      await m.fit(train.xs, train.ys, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 });
      return m;
    }));
    const [model, twin] = twins;
    assert.deepEqual(await firstStep(model, batch, 'copy'), await ownStep(twin, batch));

    // setWeights-style reconstruction (pow(beta1, t + 1)) would give a different step here.
    const o = model.optimizer as unknown as { accBeta1: tf.Scalar; iterations: number };
    const rebuilt = 0.8 ** (o.iterations + 1);
    assert.ok(Math.abs(o.accBeta1.dataSync()[0] - rebuilt) > 1e-6, 'the running product differs from beta1^(t+1)');
    twins.forEach((m) => m.dispose());
    tf.dispose([train.xs, train.ys, batch.xs, batch.ys]);
  });

  test("an optimizer that never stepped: 'copy' runs exactly like 'fresh'", async () => {
    for (const kind of KINDS) {
      const batch = regression(24, 3);
      const model = mlp(kind);
      const opts: FindLearningRateOptions = { startLr: 1e-3, endLr: 0.5, numIter: 6, batchSize: 8, seed: 4 };
      const fresh = await findLearningRate(model, batch, { ...opts, optimizerState: 'fresh' });
      const copied = await findLearningRate(model, batch, { ...opts, optimizerState: 'copy' });
      assert.deepEqual(copied.losses, fresh.losses, kind);
      assert.equal(copied.losses.length, 6, kind);
      model.dispose();
      tf.dispose([batch.xs, batch.ys]);
    }
  });

  test('cloneOptimizerWithState copies every number of the state and leaves the original alone', async () => {
    for (const kind of KINDS) {
      const train = regression(32, 1);
      const model = await pretrained(kind, train);
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const s0 = await optimizerState(model.optimizer);
      const n0 = tf.memory().numTensors;
      const b0 = tf.memory().numDataBuffers;
      const copy = cloneOptimizerWithState(model.optimizer, vars);
      // Same slots under the same names, same counters and scalars (Adam's beta powers, Adamax's
      // step, Momentum's m, the learning rate): every field, not only what getWeights() shows.
      assert.deepEqual(await optimizerState(copy), s0, kind);
      assert.equal(copy.iterations, 8, kind);
      // The slot copies share the original's buffers until a step replaces them: the only new
      // buffers are scalars of the constructor (SGD/Momentum's rate, Momentum's m), none per slot.
      const added = tf.memory().numDataBuffers - b0;
      assert.ok(added <= (kind === 'momentum' ? 2 : kind === 'sgd' ? 1 : 0), `${kind}: ${added} new buffers`);
      disposeOptimizer(copy);
      assert.equal(tf.memory().numTensors, n0, kind);
      assert.deepEqual(await optimizerState(model.optimizer), s0, kind);
      model.dispose();
      tf.dispose([train.xs, train.ys]);
    }
  });
});

/** Targets 10x larger every batch: the loss explodes whatever the optimizer does. */
function exploding(): tf.data.Dataset<Batch> {
  return tf.data.generator(function* () {
    for (let i = 0; i < 100; i++) yield tf.tidy(() => {
      const { xs, ys } = regression(8, 100 + i);
      return { xs, ys: tf.mul(ys, 10 ** i) };
    });
  }) as unknown as tf.data.Dataset<Batch>;
}

function failing(at: number): tf.data.Dataset<Batch> {
  return tf.data.generator(function* () {
    for (let i = 0; i < 100; i++) {
      if (i === at) throw new Error(`batch ${at} is broken`);
      yield tf.tidy(() => regression(8, 100 + i));
    }
  }) as unknown as tf.data.Dataset<Batch>;
}

interface ExitPath {
  name: string;
  run: (m: tf.LayersModel, train: FinderData) => Promise<unknown>;
  expect: string | RegExp;
}
const copy = { optimizerState: 'copy' as const, startLr: 1e-4, endLr: 1e-2 };
const PATHS: ExitPath[] = [
  { name: 'completed', expect: 'completed', run: (m, d) => findLearningRate(m, d, { ...copy, numIter: 6, batchSize: 8 }) },
  { name: 'diverged', expect: 'diverged', run: (m) => findLearningRate(m, exploding(), { ...copy, numIter: 30 }) },
  { name: 'thrown by the data', expect: /batch 3 is broken/, run: (m) => findLearningRate(m, failing(3), { ...copy, numIter: 30 }) },
  {
    name: 'thrown by onIteration (pipelined)',
    expect: /listener failed/,
    run: (m, d) => findLearningRate(m, d, {
      ...copy, numIter: 30, batchSize: 8, pipeline: true, onIteration: (it) => { if (it.iteration === 3) throw new Error('listener failed'); },
    }),
  },
  {
    name: 'aborted',
    expect: 'aborted',
    run: (m, d) => {
      const ctl = new AbortController();
      return findLearningRate(m, d, {
        ...copy, numIter: 30, batchSize: 8, accumulationSteps: 2, signal: ctl.signal,
        onIteration: (it) => { if (it.iteration === 2) ctl.abort(); },
      });
    },
  },
];

describe("optimizerState 'copy' leaves model and model.optimizer exactly as they were", () => {
  for (const kind of KINDS) {
    test(`${kind}: every exit path`, async () => {
      const train = regression(32, 1);
      const model = await pretrained(kind, train, true);
      const w0 = await weights(model);
      const s0 = await optimizerState(model.optimizer);
      const it0 = model.optimizer.iterations;
      const n0 = tf.memory().numTensors;
      const b0 = tf.memory().numBytes;
      for (const path of PATHS) {
        let outcome: string;
        try {
          outcome = ((await path.run(model, train)) as { stopReason: string }).stopReason;
        } catch (e) {
          outcome = (e as Error).message;
        }
        if (typeof path.expect === 'string') assert.equal(outcome, path.expect, `${kind} ${path.name}`);
        else assert.match(outcome, path.expect, `${kind} ${path.name}`);
        assert.deepEqual(await weights(model), w0, `${kind} ${path.name}: weights`);
        assert.deepEqual(await optimizerState(model.optimizer), s0, `${kind} ${path.name}: optimizer state`);
        assert.equal(model.optimizer.iterations, it0, `${kind} ${path.name}: iterations`);
        assert.equal(tf.memory().numTensors, n0, `${kind} ${path.name}: numTensors`);
        assert.equal(tf.memory().numBytes, b0, `${kind} ${path.name}: numBytes`);
      }
      model.dispose();
      tf.dispose([train.xs, train.ys]);
    });
  }
});

describe('optimizerState: bad values and mismatched state', () => {
  test('a value other than "fresh" / "copy" is rejected, naming it, before anything runs', async () => {
    const train = regression(16, 1);
    const model = mlp('adam');
    const n0 = tf.memory().numTensors;
    const cases: [unknown, string, string][] = [['copied', 'RangeError', '"copied"'], ['Copy', 'RangeError', '"Copy"'], [1, 'TypeError', '1'], [null, 'TypeError', 'null']];
    for (const [value, name, shown] of cases) {
      await assert.rejects(findLearningRate(model, train, { optimizerState: value as 'copy' }), {
        name,
        message: `findLearningRate: optimizerState must be "fresh" or "copy", got ${shown}`,
      });
    }
    assert.equal(model.optimizer.iterations, 0);
    assert.equal(tf.memory().numTensors, n0);
    model.dispose();
    tf.dispose([train.xs, train.ys]);
  });

  test("state that belongs to other weights is an error with 'copy' (and fine with 'fresh')", async () => {
    const train = regression(32, 1);
    const model = await pretrained('adam', train);
    // The same optimizer compiled into another model: other weight names.
    const other = mlp('sgd');
    other.compile({ optimizer: model.optimizer, loss: 'meanSquaredError' });
    const s0 = await optimizerState(model.optimizer);
    const n0 = tf.memory().numTensors;

    // A frozen layer: the optimizer has slots for 4 weights, the test trains 2.
    model.layers[0].trainable = false;
    await assert.rejects(findLearningRate(model, train, { optimizerState: 'copy', numIter: 3 }), (e: Error) => {
      assert.equal(e.constructor, Error);
      assert.match(e.message, /optimizerState "copy": the Adam optimizer's state does not belong to the weights being trained/);
      assert.match(e.message, /kernel\/m/);
      return true;
    });
    model.layers[0].trainable = true;

    await assert.rejects(findLearningRate(other, train, { optimizerState: 'copy', numIter: 3 }), /no matching slot for "dense_Dense\d+\/kernel"/);
    const fresh = await findLearningRate(other, train, { optimizerState: 'fresh', numIter: 3 });
    assert.equal(fresh.stopReason, 'completed');

    assert.equal(tf.memory().numTensors, n0);
    assert.deepEqual(await optimizerState(model.optimizer), s0);
    model.dispose();
    other.dispose();
    tf.dispose([train.xs, train.ys]);
  });
});

/** Everything model.optimizer holds, getWeights() included. */
function optimizerState(opt: tf.Optimizer): Promise<Record<string, unknown>> {
  return readState(opt, { getWeights: true });
}
