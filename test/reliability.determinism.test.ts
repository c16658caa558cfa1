// Determinism: with a seed, the same range-test curve and the same suggestions twice on the same
// backend — through the API (fresh models and data each time) and through the CLI — and a
// different seed gives a different curve (so the comparison can fail).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { loadSplits } from '../src/node/index.js';
import { createCnn, createMlp, toTensors } from '../src/models/index.js';
import { findLearningRate, setBackend } from '../src/tfjs/index.js';
import { runCli } from '../src/cli/program.js';

const root = mkdtempSync(path.join(tmpdir(), 'lrkit-rel-det-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Everything from scratch: data subset, model weights, shuffle — all from `seed`. */
async function fromScratch(seed: number, kind: 'mlp' | 'cnn', source: 'mnist' | 'spirals') {
  const { train } = await loadSplits(source, { trainLimit: 256, testLimit: 1, seed });
  const { xs, ys } = toTensors(train);
  const common = { inputShape: train.shape, classes: train.numClasses, seed, optimizer: 'momentum' as const, lr: 0.01 };
  const model = kind === 'cnn' ? createCnn({ ...common, filters: [4], dense: 0 }) : createMlp({ ...common, hidden: [16] });
  try {
    const weights = Array.from(await model.getWeights()[0].data());
    const r = await findLearningRate(model, { xs, ys }, { numIter: 25, batchSize: 32, seed, startLr: 1e-4, endLr: 1 });
    return { weights, lrs: r.lrs, losses: r.losses, smoothed: r.smoothed, stopReason: r.stopReason, suggestions: r.suggestions };
  } finally {
    model.dispose();
    tf.dispose([xs, ys]);
  }
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`API on ${backend}`, () => {
    test('same seed: identical weights, curve and suggestions; another seed differs', async () => {
      await setBackend(backend);
      for (const seed of [0, 5]) {
        const a = await fromScratch(seed, 'mlp', 'mnist');
        const b = await fromScratch(seed, 'mlp', 'mnist');
        assert.deepEqual(b, a, `seed ${seed}`);
      }
      const c = await fromScratch(1, 'mlp', 'mnist');
      const a = await fromScratch(0, 'mlp', 'mnist');
      assert.notDeepEqual(c.weights, a.weights);
      assert.notDeepEqual(c.losses, a.losses);
    });

    test('a CNN too (its own initializers and, on wasm, lrkit\'s conv2d gradient)', async () => {
      await setBackend(backend);
      assert.deepEqual(await fromScratch(0, 'cnn', 'mnist'), await fromScratch(0, 'cnn', 'mnist'));
    });
  });
}

describe('CLI', () => {
  const find = async (seed: string, out: string) => {
    let stdout = '';
    const code = await runCli(['find', '--data', 'spirals', '--limit', '300', '--num-iter', '40', '--hidden', '8', '--batch-size', '16', '--seed', seed,
      '--backend', 'wasm', '--out', path.join(root, out), '--json'], { out: (t) => (stdout += t), err: () => {}, tty: false });
    assert.equal(code, 0);
    const curve = JSON.parse(readFileSync(path.join(root, out, 'curve.json'), 'utf8'));
    const summary = JSON.parse(stdout);
    return { lrs: curve.lrs, losses: curve.losses, smoothed: curve.smoothed, suggestions: summary.suggestions, csv: readFileSync(path.join(root, out, 'curve.csv'), 'utf8') };
  };
  test('lrkit find twice with --seed 3 writes the same curve and prints the same suggestions', async () => {
    const a = await find('3', 'a');
    const b = await find('3', 'b');
    assert.deepEqual(b, a);
    const c = await find('4', 'c');
    assert.notDeepEqual(c.losses, a.losses);
  });
});
