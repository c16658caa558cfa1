// Memory soak, kept small for CI: 20 back-to-back range tests, a robust 3-run test and a 3-epoch
// scheduled fit in one process. tf.memory() must come back to its baseline (numTensors and
// numBytes exactly); JS heap growth is reported (test diagnostics) and bounded loosely.
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '../src/node/index.js';
import { createMlp, toTensors, trainWithSchedule } from '../src/models/index.js';
import { robustFindLearningRate } from '../src/robust/index.js';
import { oneCycle } from '../src/schedules/index.js';
import { findLearningRate, scheduleCallback, setBackend } from '../src/tfjs/index.js';

// A full GC before each heap reading, without needing node --expose-gc on the command line.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

test('20 range tests + robust runs + a 3-epoch scheduled fit return tf.memory() to baseline', async (t) => {
  await setBackend('wasm');
  const data = await loadMnist({ split: 'train', limit: 1024, seed: 3 });
  const { xs, ys } = toTensors(data);
  const model = createMlp({ inputShape: data.shape, classes: 10, hidden: [32], optimizer: 'adam', lr: 1e-3, seed: 1 });
  // Warm-up: kernels, the optimizer's first slots and tfjs's own caches are allocated once.
  await findLearningRate(model, { xs, ys }, { numIter: 10, batchSize: 64 });
  await model.fit(xs, ys, { epochs: 1, batchSize: 256, verbose: 0 });

  const base = tf.memory();
  const heap0 = heapUsed();
  const t0 = performance.now();
  const heaps: number[] = [];
  const stops: string[] = [];
  for (let i = 0; i < 20; i++) {
    const ctl = new AbortController();
    // Vary the exit path: most complete or diverge, every fifth is aborted mid-way, one is pipelined.
    const r = await findLearningRate(model, { xs, ys }, {
      numIter: 60, batchSize: 64, seed: i, startLr: 1e-5, endLr: 10, pipeline: i === 7, signal: ctl.signal,
      onIteration: (it) => { if (i % 5 === 4 && it.iteration === 20) ctl.abort(); },
    });
    stops.push(r.stopReason);
    assert.equal(tf.memory().numTensors, base.numTensors, `range test ${i}: numTensors`);
    assert.equal(tf.memory().numBytes, base.numBytes, `range test ${i}: numBytes`);
    heaps.push(heapUsed());
  }
  const robust = await robustFindLearningRate(model, { xs, ys }, { runs: 3, numIter: 40, batchSize: 64 });
  assert.equal(robust.results.length, 3);
  assert.equal(tf.memory().numTensors, base.numTensors, 'robust runs: numTensors');

  // A 3-epoch fit with a one-cycle schedule applied every batch (callback) ...
  const stepsPerEpoch = Math.ceil(1024 / 64);
  const cb = scheduleCallback({ lr: oneCycle({ maxLr: 0.01, totalSteps: 3 * stepsPerEpoch }) });
  await model.fit(xs, ys, { epochs: 3, batchSize: 64, verbose: 0, callbacks: [cb] });
  assert.equal(cb.history.length, 3 * stepsPerEpoch);
  // ... and the library's own scheduled training loop.
  const trained = await trainWithSchedule({ model, train: data, epochs: 3, batchSize: 64, lr: oneCycle({ maxLr: 0.01, totalSteps: 3 * 16 }) });
  assert.equal(trained.steps, 48);
  // fit's optimizer slots already existed (warm-up), so nothing new may remain.
  const end = tf.memory();
  assert.equal(end.numTensors, base.numTensors, 'after the fits: numTensors');
  assert.equal(end.numBytes, base.numBytes, 'after the fits: numBytes');

  const seconds = (performance.now() - t0) / 1000;
  const growth = heapUsed() - heap0;
  const mb = (b: number): string => (b / 2 ** 20).toFixed(2);
  t.diagnostic(`stop reasons: ${stops.join(', ')}`);
  t.diagnostic(`heap: start ${mb(heap0)} MB, after 20 range tests ${mb(heaps[19])} MB, end ${mb(heap0 + growth)} MB (growth ${mb(growth)} MB); ${seconds.toFixed(1)} s`);
  t.diagnostic(`tensors: ${base.numTensors} (${mb(base.numBytes)} MB) before and after`);
  assert.ok(stops.includes('aborted') && (stops.includes('completed') || stops.includes('diverged')), stops.join());
  // The second half of the range tests must not keep growing the heap (a per-test leak would):
  // allow 2 MB of noise between test 10 and test 20.
  assert.ok(heaps[19] - heaps[9] < 2 * 2 ** 20, `heap grew ${mb(heaps[19] - heaps[9])} MB over 10 range tests`);
  tf.dispose([xs, ys]);
  model.dispose();
});
