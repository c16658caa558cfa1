import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { regression, weights } from './helpers/tfjs-state.js';
import { findLearningRate, refineCandidates, refineLearningRate, setBackend } from '../src/tfjs/index.js';

before(async () => {
  await setBackend('wasm');
});

function mlp(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.batchNormalization(),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: 'meanSquaredError' });
  return model;
}

test('refine: successive halving over the curve\'s candidates, the winner the best of the last round, the model restored bit-exactly, no tensor left', async () => {
  const train = regression(512, 3);
  const val = regression(128, 9);
  const model = mlp();
  const found = await findLearningRate(model, train, { numIter: 80, batchSize: 32, startLr: 1e-5, endLr: 10 });
  const before = await weights(model);
  const tensors = tf.memory().numTensors;
  const runs: { lr: number; round: number; steps: number; score: number }[] = [];
  const r = await refineLearningRate(model, train, found.analysis, { validationData: val, steps: 80, batchSize: 32, onRun: (x) => runs.push(x) });
  assert.deepEqual(await weights(model), before, 'weights (and batch-norm statistics) restored bit for bit');
  assert.equal(tf.memory().numTensors, tensors, 'no tensor left behind');
  // the candidates come from the analysis: around the knee, up to the one-cycle peak
  const expected = refineCandidates(found.analysis);
  assert.deepEqual(r.candidates.map((c) => c.lr), expected.map((c) => c.lr));
  assert.equal(r.candidates[1].lr, found.analysis.recommendation.constant!.lr);
  // 4 candidates: round 0 all of them at `base` steps, round 1 the better two at twice that
  const n = r.candidates.length;
  const rounds = Math.ceil(Math.log2(n));
  const base = Math.floor(80 / (n * rounds));
  assert.deepEqual(r.candidates.map((c) => c.rounds[0].steps), Array(n).fill(base));
  const second = r.candidates.filter((c) => c.rounds.length === 2);
  assert.equal(second.length, Math.ceil(n / 2));
  assert.ok(second.every((c) => c.rounds[1].steps === 2 * base));
  // the ones that went on were the better half of round 0
  const worstKept = Math.max(...second.map((c) => c.rounds[0].score));
  const dropped = r.candidates.filter((c) => c.rounds.length === 1);
  assert.ok(dropped.every((c) => c.rounds[0].score >= worstKept));
  assert.equal(r.steps, base * n + 2 * base * second.length);
  assert.ok(r.winner);
  assert.equal(r.winner.score, Math.min(...second.map((c) => c.rounds[1].score)));
  assert.equal(runs.length, n + second.length);
  assert.match(r.note, /short-horizon bias/);
  // the JSON shape curve.json records
  assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(r))).sort(), ['aborted', 'candidates', 'note', 'steps', 'winner']);
  model.dispose();
  tf.dispose([train.xs, train.ys, val.xs, val.ys]);
});

test('refine: a rate that diverges scores Infinity and is dropped; bad options are named', async () => {
  const train = regression(256, 4);
  const val = regression(64, 5);
  const model = mlp();
  const r = await refineLearningRate(model, train, null, { validationData: val, candidates: [1e-2, 1e6], steps: 20, batchSize: 32 });
  assert.equal(r.candidates[1].rounds[0].score, Infinity);
  assert.equal(r.winner?.lr, 1e-2);
  await assert.rejects(refineLearningRate(model, train, null, { candidates: [1e-2, 1e-1] } as never), /validationData is required/);
  await assert.rejects(refineLearningRate(model, train, null, { validationData: val, candidates: [1e-2] }), /candidates must be an array of at least 2 finite rates > 0/);
  await assert.rejects(refineLearningRate(model, train, null, { validationData: val }), /give an analysis .* or candidates/);
  await assert.rejects(refineLearningRate(model, train, null, { validationData: val, candidates: [1e-3, 1e-2, 1e-1, 1], steps: 7 }), /steps must be an integer >= 8|too few/);
  model.dispose();
  tf.dispose([train.xs, train.ys, val.xs, val.ys]);
});

test('refine\'s note quotes the short-horizon bias as bench:short-horizon measured it', async () => {
  const { readFile } = await import('node:fs/promises');
  const { REFINE_NOTE, SHORT_HORIZON } = await import('../src/tfjs/index.js');
  const saved = JSON.parse(await readFile(new URL('../bench/results/short-horizon.json', import.meta.url), 'utf8')) as { summary: { fraction: number; pairs: number; same: number; higher: number; lower: number }[] };
  for (const at of SHORT_HORIZON.at) {
    const row = saved.summary.find((s) => s.fraction === at.share);
    assert.ok(row, `no row for ${at.share} in short-horizon.json`);
    assert.deepEqual({ pairs: row.pairs, same: row.same, higher: row.higher, lower: row.lower }, { pairs: SHORT_HORIZON.pairs, same: at.same, higher: at.higher, lower: at.lower });
  }
  assert.match(REFINE_NOTE, /after 10 % of a training was the long run's best on 6 of 27 pairs \(higher on 14, lower on 7\), after 50 % on 16;/);
});
