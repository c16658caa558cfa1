// One vocabulary (issue #25, item 5): the core says 'loss' | 'higher-is-better' and POLICIES' names;
// the CLI's and the page's names are translated in one place each (coreMetric, corePolicy).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coreMetric, corePolicy, POLICIES } from '../src/index.js';
import { policySchedules } from '../src/models/index.js';
import { asciiCurve, lrFinderPlot } from '../src/report/index.js';

test('coreMetric maps the typed names onto the core metrics, and refuses others', () => {
  assert.equal(coreMetric(undefined), 'loss');
  assert.equal(coreMetric('loss'), 'loss');
  assert.equal(coreMetric('higher-is-better'), 'higher-is-better');
  assert.equal(coreMetric('accuracy'), 'higher-is-better');
  for (const bad of ['Loss', 'acc', '', null, 1, 'toString', '__proto__']) {
    assert.throws(() => coreMetric(bad, 'findLearningRate'), { name: 'RangeError', message: /^findLearningRate: metric must be "loss" or "higher-is-better"/ });
  }
});

test('corePolicy maps the CLI names onto POLICIES, keeps the core names, and refuses others', () => {
  assert.equal(corePolicy('fixed'), 'constant');
  assert.equal(corePolicy('one-cycle'), 'oneCycle');
  for (const p of POLICIES) assert.equal(corePolicy(p), p);
  for (const bad of ['one_cycle', 'OneCycle', 'cosine', undefined, 'constructor']) {
    assert.throws(() => corePolicy(bad), { name: 'RangeError', message: /^policy must be one of constant, triangular/ });
  }
});

test('policySchedules builds the same schedule from a CLI name and its core name', () => {
  const o = { baseLr: 0.01, maxLr: 0.1, epochs: 3, itersPerEpoch: 20 };
  for (const [cli, core] of [['fixed', 'constant'], ['one-cycle', 'oneCycle'], ['triangular2', 'triangular2']] as const) {
    const a = policySchedules(cli, o);
    const b = policySchedules(core, o);
    assert.deepEqual(b.spec, a.spec, `${cli} vs ${core}`);
    assert.equal(a.policy, cli);
    assert.equal(b.policy, core);
  }
  assert.throws(() => policySchedules('cosine', o), /policySchedules: policy must be one of "fixed", "triangular", "triangular2", "exp_range", "one-cycle", "constant", "oneCycle", got "cosine"$/);
});

test("the deprecated metric 'accuracy' draws what 'higher-is-better' draws", () => {
  const lrs = Array.from({ length: 40 }, (_, i) => 1e-3 * 1.2 ** i);
  const acc = { lrs, losses: lrs.map((lr, i) => Math.min(0.9, 0.1 + i / 40) - (lr > 0.5 ? 0.5 : 0)) };
  assert.deepEqual(lrFinderPlot({ runs: [acc], metric: 'accuracy' }), lrFinderPlot({ runs: [acc], metric: 'higher-is-better' }));
  assert.equal(asciiCurve(acc, [], { metric: 'accuracy' }), asciiCurve(acc, [], { metric: 'higher-is-better' }));
});
