// toEngine(schedule, 'pytorch'): the committed code is what lrkit writes today, and PyTorch
// running it (scripts/export-fixtures.py, Debian torch 1.13) gives lrkit's values step for step.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromSpec, keras, toEngine, torch, warmRestarts } from '../src/schedules/index.js';

const read = (f: string) => JSON.parse(readFileSync(new URL(`./fixtures/export/${f}`, import.meta.url), 'utf8'));
const cases = read('cases.json') as { name: string; spec: unknown; code: string; steps: number }[];
const results = read('results.json') as { name: string; torch: string; code: string; lr: number[] }[];

test('every exported case was run by PyTorch, on the code lrkit writes now', () => {
  assert.ok(cases.length >= 12);
  for (const c of cases) {
    const r = results.find((x) => x.name === c.name)!;
    assert.ok(r, `${c.name} was not run`);
    assert.match(r.torch, /^1\.13/);
    assert.equal(r.code, c.code, `${c.name}: fixture code is stale`);
    assert.equal(toEngine(fromSpec(c.spec), 'pytorch'), c.code, `${c.name}: toEngine now writes other code; rerun the export fixtures`);
  }
});

for (const c of cases) {
  test(`PyTorch runs the exported ${c.name} as lrkit computes it`, () => {
    const s = fromSpec(c.spec);
    const { lr } = results.find((x) => x.name === c.name)!;
    lr.forEach((v, t) => {
      const tol = Math.max(1e-9 * Math.abs(v), 1e-15);
      assert.ok(Math.abs(s(t) - v) <= tol, `${c.name} at step ${t}: lrkit ${s(t)}, PyTorch ${v}`);
    });
  });
}

test('what PyTorch cannot reproduce exactly is refused, saying why', () => {
  assert.throws(() => toEngine(keras.cosineDecay({ initialLearningRate: 0.1, decaySteps: 10 }), 'pytorch'), /keras\.cosineDecay cannot be written for PyTorch exactly yet/);
  assert.throws(() => toEngine(warmRestarts({ max: 0.1, period: 5 }), 'pytorch'), /warmRestarts cannot be written for PyTorch exactly yet/);
  assert.throws(() => toEngine(torch.stepLR({ lr: 0.1, stepSize: 3 }), 'optax' as never), /engine must be 'pytorch', got "optax"/);
  assert.match(toEngine(torch.stepLR({ lr: 0.1, stepSize: 30 }), 'pytorch'), /return lr_scheduler\.StepLR\(optimizer, step_size=30, gamma=0\.1\)/);
});
