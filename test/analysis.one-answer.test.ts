// One answer: analyzeCurve is the only producer, and every surface (CLI stdout, the JSON file,
// report.html, the plot) shows its numbers and nothing that contradicts them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeCurve, fmtRate, valueAt } from '../src/analysis/index.js';
import { centredHalfWidth, centredSmooth, recommend } from '../src/suggestions/index.js';
import { fromSpec, policySpec, SMITH } from '../src/schedules/index.js';
import { policySchedules } from '../src/models/index.js';
import { cli } from './helpers/cli.js';
import { synthCurve } from './helpers/curves.js';

/** A range-test-like curve: flat, a fall around `fallAt`, a blow-up `gap` decades later, seeded noise. */
const curveArb = fc.record({
  fallAt: fc.double({ min: -5, max: -2, noNaN: true }),
  gap: fc.double({ min: 1, max: 3, noNaN: true }),
  noise: fc.double({ min: 0, max: 0.2, noNaN: true }),
  n: fc.integer({ min: 25, max: 300 }),
  seed: fc.integer({ min: 0, max: 1000 }),
}).map(({ fallAt, gap, noise, n, seed }) => {
  const lrs: number[] = [];
  const losses: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = -7 + (8 * i) / (n - 1);
    lrs.push(10 ** x);
    losses.push(2.3 - 1.5 / (1 + Math.exp(-(x - fallAt) * 3)) + Math.exp((x - fallAt - gap) * 3) + noise * Math.sin(i * 12.9898 + seed));
  }
  return { lrs, losses };
});

test('analyzeCurve: the recommendation is recommend()\'s, the centred curve is the rules\' curve, markers sit on it, schedules carry the same numbers', () => {
  fc.assert(fc.property(curveArb, fc.integer({ min: 10, max: 2000 }), fc.integer({ min: 1, max: 20 }), (c, itersPerEpoch, epochs) => {
    const a = analyzeCurve(c, { itersPerEpoch, epochs });
    const r = a.recommendation;
    const plain = recommend(c, { itersPerEpoch, epochs });
    assert.equal(r.constant?.lr, plain.constant?.lr);
    assert.equal(r.oneCycle?.maxLr, plain.oneCycle?.maxLr);
    assert.equal(r.confidence, plain.confidence);
    assert.deepEqual(a.curves[0].centred, centredSmooth(c.losses, centredHalfWidth(c.losses.length)));
    for (const m of a.markers) {
      assert.equal(m.lr, m.use === 'constant' ? r.constant!.lr : r.oneCycle!.maxLr);
      assert.equal(m.value, valueAt(c.lrs, a.curves[0].centred, m.lr));
      assert.equal(m.label, `${m.use === 'constant' ? 'constant' : 'one-cycle peak'} ${fmtRate(m.lr)}`);
    }
    const total = itersPerEpoch * epochs;
    if (r.constant) assert.equal(fromSpec(a.schedules.constant!.spec)(total - 1), r.constant.lr);
    if (r.oneCycle) {
      const spec = a.schedules.oneCycle!.spec as { maxLr: number; totalSteps: number };
      assert.equal(spec.maxLr, r.oneCycle.maxLr);
      assert.equal(spec.totalSteps, total);
    }
    if (r.cyclic) {
      const lr = fromSpec(a.schedules.cyclic!.spec);
      assert.equal(lr(0), r.cyclic.baseLr);
      assert.ok(Math.abs(lr(r.cyclic.stepSizeUp!) - r.cyclic.maxLr) < 1e-12 * r.cyclic.maxLr, 'peaks at the reported half cycle');
      assert.ok(2 * r.cyclic.stepSizeUp! <= Math.max(2, total), 'one whole cycle fits in the run');
    }
    assert.equal(r.constant?.confidence, plain.constant?.confidence);
    assert.equal(r.oneCycle?.confidence, plain.oneCycle?.confidence);
    if (r.constant && r.oneCycle) {
      assert.equal(a.headline, `one-cycle peak ${fmtRate(r.oneCycle.maxLr)} (confidence ${r.oneCycle.confidence}) · constant ${fmtRate(r.constant.lr)} (confidence ${r.constant.confidence})`);
    }
  }), { numRuns: 60 });
});

test('analyzeCurve over several runs: the median answer, markers on the median curve, no length means no schedules', () => {
  const runs = [0, 1, 2].map((s) => ({ ...synthCurve(s), name: `seed ${s}` }));
  const a = analyzeCurve(runs);
  assert.deepEqual(a.recommendation, recommend(runs));
  assert.equal(a.curves.length, 3);
  assert.ok(a.median && a.median.lrs.length > 0);
  for (const m of a.markers) assert.equal(m.value, valueAt(a.median!.lrs, a.median!.centred, m.lr));
  assert.deepEqual(a.schedules, {});
  assert.equal(a.length, null);
  assert.match(a.headline, / · median of 3 runs$/);
});

test('policySpec: one builder with Smith\'s constants; the default half cycle fits the run, a chosen one is kept and noted', () => {
  assert.deepEqual(SMITH, { halfCycleEpochs: 4, baseDivisor: 4 });
  const long = policySpec('triangular', { maxLr: 0.1, totalSteps: 2000, itersPerEpoch: 100 });
  assert.equal(long.stepSizeUp, 400);
  assert.equal(fromSpec(long.lr)(0), 0.025);
  assert.deepEqual(long.notes, []);
  const short = policySpec('triangular', { maxLr: 0.1, totalSteps: 400, itersPerEpoch: 100 });
  assert.equal(short.stepSizeUp, 200);
  assert.match(short.notes[0], /half cycle shortened from 400 to 200 steps so that one whole cycle fits in the 400-step run/);
  const chosen = policySpec('triangular', { maxLr: 0.1, totalSteps: 400, itersPerEpoch: 100, stepSizeEpochs: 4 });
  assert.equal(chosen.stepSizeUp, 400);
  assert.match(chosen.notes[0], /ends within the first cycle/);
  // train / compare / schedule build through it: the same default
  const viaModels = policySchedules('triangular', { maxLr: 0.1, epochs: 20, itersPerEpoch: 100 });
  assert.deepEqual(viaModels.spec, long.lr);
  const one = policySpec('oneCycle', { maxLr: 0.3, totalSteps: 1000, cycleMomentum: true });
  assert.ok(Math.abs(fromSpec(one.lr)(0) - 0.3 / 25) < 1e-15);
  assert.ok(one.momentum);
  assert.throws(() => policySpec('triangular', { maxLr: 0.1, baseLr: 0.2, totalSteps: 100 }), /baseLr \(0\.2\) must be below maxLr \(0\.1\) for triangular/);
  assert.throws(() => policySpec('cosine' as never, { totalSteps: 10 }), /policySpec\(\): policy must be one of "constant", "triangular", "triangular2", "exp_range", "oneCycle", got "cosine"$/);
  assert.throws(() => policySpec('oneCycle', { totalSteps: 10 }), /maxLr is required for oneCycle/);
  assert.throws(() => policySpec('triangular', { maxLr: 0.1, totalSteps: 100, gamma: 0.9 }), /gamma sets exp_range's decay, and the policy is triangular/);
  assert.throws(() => policySpec('constant', { lr: -1, totalSteps: 10 }), /lr must be/);
});

test('every surface shows analyzeCurve\'s numbers: analyze\'s stdout, analysis.json and analysis.html', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-one-'));
  const c = synthCurve(1, 120);
  writeFileSync(join(dir, 'log.csv'), 'lr,loss\n' + c.lrs.map((lr, i) => `${lr},${c.losses[i]}`).join('\n') + '\n');
  const r = await cli(['analyze', join(dir, 'log.csv'), '--out', join(dir, 'out'), '--epochs', '3', '--iters-per-epoch', '200', '--no-smooth']);
  assert.equal(r.code, 0, r.err);
  const a = analyzeCurve({ lrs: c.lrs, losses: c.losses, name: 'curve' }, { epochs: 3, itersPerEpoch: 200 });
  const rec = a.recommendation;
  // stdout: the headline first, then each use with the same rate
  const lines = r.out.split('\n');
  assert.equal(lines[0], a.headline);
  assert.ok(lines.some((l) => l.trim().startsWith(`constant  ${fmtRate(rec.constant!.lr)}`)));
  assert.ok(lines.some((l) => l.trim().startsWith(`oneCycle  peak ${fmtRate(rec.oneCycle!.maxLr)}`)));
  assert.ok(lines.some((l) => l.trim().startsWith(`cyclic    ${fmtRate(rec.cyclic!.baseLr)} .. ${fmtRate(rec.cyclic!.maxLr)}`)));
  // the terminal chart's labels are the same numbers
  assert.ok(r.out.includes(`└ constant ${fmtRate(rec.constant!.lr)}`) && r.out.includes(`one-cycle peak ${fmtRate(rec.oneCycle!.maxLr)}`));
  // analysis.json
  const saved = JSON.parse(readFileSync(join(dir, 'out', 'analysis.json'), 'utf8'));
  assert.deepEqual(saved.recommendation, JSON.parse(JSON.stringify(rec)));
  assert.equal(saved.headline, a.headline);
  assert.deepEqual(saved.recommended, JSON.parse(JSON.stringify(a.schedules)));
  // analysis.html: its embedded numbers, and the rows people read
  const html = readFileSync(join(dir, 'out', 'analysis.html'), 'utf8');
  const numbers = JSON.parse(html.match(/id="lrkit-analysis">([\s\S]*?)<\/script>/)![1]);
  assert.deepEqual(numbers, {
    headline: a.headline, confidence: rec.confidence, constant: rec.constant!.lr, oneCycle: rec.oneCycle!.maxLr,
    cyclic: { baseLr: rec.cyclic!.baseLr, maxLr: rec.cyclic!.maxLr }, warnings: rec.warnings.map((w) => w.code),
  });
  assert.ok(html.includes(`<td class="num">${fmtRate(rec.constant!.lr)}</td>`));
  // the plot's legend names the same two rates, and only those
  const svg = readFileSync(join(dir, 'out', 'analysis.svg'), 'utf8');
  const legend = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).filter((t) => /\d\.\d\de-?\d/.test(t));
  assert.deepEqual(legend.sort(), a.markers.map((m) => m.label).sort());
});

test('analyze --export writes the recommended schedule for another engine; --use picks which', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-exp-'));
  const c = synthCurve(2, 100);
  writeFileSync(join(dir, 'log.csv'), 'lr,loss\n' + c.lrs.map((lr, i) => `${lr},${c.losses[i]}`).join('\n') + '\n');
  const r = await cli(['analyze', join(dir, 'log.csv'), '--out', join(dir, 'o'), '--total-steps', '1200', '--export', 'pytorch']);
  assert.equal(r.code, 0, r.err);
  const saved = JSON.parse(readFileSync(join(dir, 'o', 'analysis.json'), 'utf8'));
  const py = readFileSync(join(dir, 'o', 'schedule.py'), 'utf8');
  assert.ok(py.includes(`OneCycleLR(optimizer, max_lr=${saved.recommendation.oneCycle.maxLr}, total_steps=1200`), py);
  assert.ok(r.out.includes('pytorch (oneCycle):'));
  const k = await cli(['analyze', join(dir, 'log.csv'), '--out', join(dir, 'k'), '--total-steps', '1200', '--export', 'keras', '--use', 'constant']);
  assert.equal(k.code, 0, k.err);
  assert.ok(readFileSync(join(dir, 'k', 'schedule.py'), 'utf8').includes(String(saved.recommendation.constant.lr)));
  // An engine that cannot express the schedule: the results are written, the command fails saying why.
  const ds = await cli(['analyze', join(dir, 'log.csv'), '--out', join(dir, 'd'), '--total-steps', '1200', '--export', 'deepspeed', '--use', 'constant']);
  assert.equal(ds.code, 1);
  assert.match(ds.err, /^lrkit: --export deepspeed not written: DeepSpeed has no scheduler that is constant exactly/m);
  assert.ok(readFileSync(join(dir, 'd', 'analysis.json'), 'utf8').length > 100, 'the analysis is still written');
  const both = await cli(['analyze', join(dir, 'log.csv'), '--out', join(dir, 'b'), '--total-steps', '1200', '--epochs', '3']);
  assert.equal(both.code, 2);
  assert.match(both.err, /--total-steps 1200: give either --total-steps or --epochs\/--iters-per-epoch, not both/);
});

test('find\'s line on the LR-free alternative quotes the suite\'s own numbers', async () => {
  const { LR_FREE_SUITE, lrFreeLine } = await import('../src/analysis/index.js');
  const suite = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'bench/results/suggestions.json'), 'utf8'));
  const peer = suite.summary.lrFree.perPeer.find((p: { peer: string }) => p.peer === LR_FREE_SUITE.peer);
  assert.equal(peer.pairs, LR_FREE_SUITE.pairs);
  assert.equal(peer.pairs - peer.oneCycleAtLeastAsGood, LR_FREE_SUITE.peerBetter);
  // the tasks the line names are the ones it won on every seed, which make `onSweptTasks` of its wins
  const swept = Object.entries(peer.byTask as Record<string, { oneCycleWinsTiesLosses: string }>).filter(([, t]) => t.oneCycleWinsTiesLosses.startsWith('0-0-'));
  assert.deepEqual(swept.map(([k]) => k).sort(), ['friedman-regression', 'mlp-mnist-sgd512', 'text-conv1d']);
  assert.equal(swept.length, LR_FREE_SUITE.sweptTasks);
  assert.equal(swept.reduce((n, [, t]) => n + Number(t.oneCycleWinsTiesLosses.split('-')[2]), 0), LR_FREE_SUITE.onSweptTasks);
  assert.match(lrFreeLine('lrkit train --optimizer prodigy'), /^or no range test at all: lrkit train --optimizer prodigy \(.* 10 of 27 task-seed pairs, 9 of them on a regression, a large-batch SGD task and a text-like task;/);
});
