// Robust suggestions: several range tests on different data orders, median + spread, in-process
// and in worker threads (each with its own wasm backend).
import assert from 'node:assert/strict';
import { recommend } from '../src/suggestions/index.js';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { rangeTest } from '../src/finder/index.js';
import { renderSvg } from '../src/report/render.js';
import {
  runsPlot,
  buildRecipe, findLearningRateInWorkers, findLearningRateRuns, logMedian, robustFindLearningRate, summarizeRuns,
  type RangeTestRecipe,
} from '../src/robust/index.js';
import { findLearningRate, setBackend } from '../src/tfjs/index.js';

before(async () => {
  await setBackend('wasm');
});

/** Gradient descent on a noisy quadratic; the noise depends on the seed. */
function quadraticRun(seed: number) {
  let w = 3;
  let s = seed + 1;
  const noise = (): number => {
    s = (s * 16807) % 2147483647;
    return (s / 2147483647 - 0.5) * 0.2;
  };
  return rangeTest({ startLr: 1e-4, endLr: 10, numIter: 60, step: (lr) => { w -= lr * 2 * w; return w * w + 1 + noise(); } });
}

const recipe: RangeTestRecipe = {
  data: { source: 'spirals', limit: 192 },
  model: { kind: 'mlp', hidden: [12], optimizer: 'sgd' },
  find: { startLr: 1e-4, endLr: 10, numIter: 30, batchSize: 32 },
};

describe('summarizing runs', () => {
  test('logMedian: middle value, geometric mean of the middle two', () => {
    assert.equal(logMedian([1e-1, 1e-3, 1e-2]), 1e-2);
    assert.ok(Math.abs(logMedian([1e-3, 1e-1]) - 1e-2) < 1e-15);
    assert.throws(() => logMedian([]), /non-empty/);
    assert.throws(() => logMedian([1, -2]), /values\[1\].*-2/);
  });

  test('median, min, max and spread of each rule match the runs', async () => {
    const runs = await Promise.all([0, 1, 2, 3, 4].map(quadraticRun));
    const s = summarizeRuns(runs);
    // the median recommendation rides along, the same as recommend() of the runs
    assert.deepEqual(s.recommendation, recommend(runs));
    assert.equal(s.recommendation.runs?.count, 5);
    for (const name of ['valley', 'minimum', 'steep', 'oneCycle', 'cyclicBounds', 'cyclicBase']) {
      const spread = s.suggestions[name];
      assert.ok(spread, name);
      const lrs = spread.lrs as number[];
      assert.equal(lrs.length, 5);
      assert.equal(spread.min, Math.min(...lrs));
      assert.equal(spread.max, Math.max(...lrs));
      assert.equal(spread.lr, [...lrs].sort((a, b) => a - b)[2]);
      assert.equal(spread.spread, spread.max / spread.min);
    }
    assert.deepEqual(s.stopReasons, runs.map((r) => r.stopReason));
    // The plot draws every run, the band, and marks the median valley.
    const svg = await renderSvg(runsPlot({ results: runs, suggestions: s.suggestions }, { names: (i) => `seed ${i}` }));
    for (let i = 0; i < 5; i++) assert.match(svg, new RegExp(`seed ${i}`));
    assert.match(svg, /valley \(median\)/);
    assert.throws(() => runsPlot({ results: [], suggestions: {} }), /at least one run/);
  });

  test('findLearningRateRuns: concurrency, first error wins, abort keeps finished runs', async () => {
    let inFlight = 0;
    let peak = 0;
    const r = await findLearningRateRuns({
      runs: 6,
      concurrency: 3,
      run: async (i) => {
        peak = Math.max(peak, ++inFlight);
        const res = await quadraticRun(i);
        inFlight--;
        return res;
      },
    });
    assert.equal(r.results.length, 6);
    assert.equal(peak, 3);
    assert.equal(r.aborted, false);

    const boom = new RangeError('run 2 failed');
    await assert.rejects(findLearningRateRuns({ runs: 5, run: async (i) => { if (i === 2) throw boom; return quadraticRun(i); } }), (e) => e === boom);

    const ctl = new AbortController();
    const partial = await findLearningRateRuns({
      runs: 5,
      signal: ctl.signal,
      run: async (i) => {
        if (i === 1) ctl.abort();
        return quadraticRun(i);
      },
    });
    assert.equal(partial.aborted, true);
    assert.equal(partial.results.length, 2);
  });
});

describe('robust range tests on a tfjs model', () => {
  test('robustFindLearningRate: runs differ by data order, the model is restored, nothing leaks', async () => {
    const built = await buildRecipe(recipe);
    try {
      const model = built.modelFor(0);
      const before = await Promise.all(model.getWeights().map((w) => w.data()));
      const tensors = tf.memory().numTensors;
      const r = await robustFindLearningRate(model, { xs: built.xs, ys: built.ys }, { ...recipe.find, runs: 3 });
      assert.equal(r.results.length, 3);
      assert.notDeepEqual(r.results[0].losses, r.results[1].losses, 'different shuffles give different curves');
      // Every run sweeps the same LR grid (only the batches differ), so each lrs equals run 0's.
      assert.ok(r.results[0].lrs.length >= 2);
      for (let i = 1; i < r.results.length; i++) assert.deepEqual(r.results[i].lrs, r.results[0].lrs, `run ${i} lrs`);
      const v = r.suggestions.valley;
      assert.ok(v.min <= v.lr && v.lr <= v.max);
      assert.equal(tf.memory().numTensors, tensors);
      const after = await Promise.all(model.getWeights().map((w) => w.data()));
      assert.deepEqual(after, before);
      // Run i is findLearningRate with seed i: the same curve.
      const again = await findLearningRate(model, { xs: built.xs, ys: built.ys }, { ...recipe.find, seed: 2 });
      assert.deepEqual(again.losses, r.results[2].losses);
    } finally {
      built.dispose();
    }
  });

  test('worker threads give exactly the curves of the same runs in this thread (same backend)', async () => {
    const progress: number[] = [];
    const inWorkers = await findLearningRateInWorkers(recipe, { runs: 3, workers: 2, onIteration: (run) => progress.push(run) });
    assert.equal(inWorkers.results.length, 3);
    assert.equal(inWorkers.aborted, false);
    assert.ok(progress.length >= 3 && new Set(progress).size === 3, 'progress from every run');
    const built = await buildRecipe(recipe);
    try {
      for (let i = 0; i < 3; i++) {
        const local = await findLearningRate(built.modelFor(i), { xs: built.xs, ys: built.ys }, built.options(i));
        assert.deepEqual(inWorkers.results[i].losses, local.losses, `run ${i}`);
        assert.deepEqual(inWorkers.results[i].suggestions, local.suggestions, `run ${i}`);
      }
    } finally {
      built.dispose();
    }
  });

  test('workers: bad recipes fail before any thread starts; errors inside a worker keep their class', async () => {
    await assert.rejects(findLearningRateInWorkers({ ...recipe, model: { kind: 'rnn' } } as never, { runs: 2 }), (e: Error) =>
      e instanceof RangeError && /recipe\.model\.kind/.test(e.message) && /"rnn"/.test(e.message));
    await assert.rejects(findLearningRateInWorkers({ ...recipe, find: { startLr: 1, endLr: 0.1 } }, { runs: 2 }), /endLr must be greater than startLr/);
    await assert.rejects(findLearningRateInWorkers(recipe, { runs: 0 }), /findLearningRateInWorkers: runs must be an integer from 1 to 1000, got 0/);
    await assert.rejects(findLearningRateInWorkers({ ...recipe, data: { source: 'no-such-set' } }, { runs: 2, workers: 1 }), (e: Error) =>
      e instanceof RangeError && /"no-such-set" is not known/.test(e.message));
  });

  test('workers: abort returns the partial curves marked aborted', async () => {
    const ctl = new AbortController();
    const r = await findLearningRateInWorkers({ ...recipe, find: { ...recipe.find, numIter: 400, endLr: 1 } }, {
      runs: 4,
      workers: 2,
      signal: ctl.signal,
      onIteration: (_run, info) => {
        if (info.iteration === 5) ctl.abort();
      },
    });
    assert.equal(r.aborted, true);
    assert.ok(r.results.length >= 1 && r.results.length <= 2, `results: ${r.results.length}`);
    for (const res of r.results) {
      assert.equal(res.stopReason, 'aborted');
      assert.ok(res.iterations < 400);
    }
  });
});
