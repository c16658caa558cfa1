// The torch.* family: bounds, monotone pieces, continuity where PyTorch's schedule is continuous,
// JSON specs that round-trip (fast-check), examples, and bad options named.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fromSpec, toSpec, torch, type Schedule } from '../src/schedules/index.js';

const lrArb = fc.double({ min: 1e-5, max: 1, noNaN: true });
const unit = (min: number) => fc.double({ min, max: 1, noNaN: true });
const steps = fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 20 });
const near = (a: number, b: number, rel = 1e-12) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-300);

/** Each factory with an arbitrary of valid options. */
const families: [string, fc.Arbitrary<Schedule>][] = [
  ['stepLR', fc.record({ lr: lrArb, stepSize: fc.integer({ min: 1, max: 50 }), gamma: unit(0.01) }).map((o) => torch.stepLR(o))],
  ['multiStepLR', fc.record({ lr: lrArb, milestones: fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 5 }), gamma: unit(0.01) }).map((o) => torch.multiStepLR(o))],
  ['constantLR', fc.record({ lr: lrArb, factor: unit(0.01), totalIters: fc.integer({ min: 1, max: 50 }) }).map((o) => torch.constantLR(o))],
  ['linearLR', fc.record({ lr: lrArb, startFactor: unit(0.01), endFactor: unit(0), totalIters: fc.integer({ min: 1, max: 100 }) }).map((o) => torch.linearLR(o))],
  ['exponentialLR', fc.record({ lr: lrArb, gamma: unit(0.5) }).map((o) => torch.exponentialLR(o))],
  ['polynomialLR', fc.record({ lr: lrArb, totalIters: fc.integer({ min: 1, max: 200 }), power: fc.double({ min: 0, max: 4, noNaN: true }) }).map((o) => torch.polynomialLR(o))],
  ['cosineAnnealingLR', fc.record({ lr: lrArb, tMax: fc.integer({ min: 1, max: 100 }), etaMin: fc.double({ min: 0, max: 1e-5, noNaN: true }) }).map((o) => torch.cosineAnnealingLR(o))],
  ['cosineAnnealingWarmRestarts', fc.record({ lr: lrArb, t0: fc.integer({ min: 1, max: 30 }), tMult: fc.integer({ min: 1, max: 3 }), etaMin: fc.double({ min: 0, max: 1e-5, noNaN: true }) }).map((o) => torch.cosineAnnealingWarmRestarts(o))],
];

describe('torch family: properties', () => {
  for (const [name, arb] of families) {
    it(`${name}: values in [0, lr], and fromSpec(toSpec(s)) gives the same values (also through a JSON string)`, () => {
      fc.assert(fc.property(arb, steps, (s, ts) => {
        const spec = toSpec(s) as { lr: number };
        const back = fromSpec(JSON.stringify(spec));
        assert.deepEqual(toSpec(back), spec);
        for (const t of ts) {
          assert.equal(back(t), s(t));
          assert.ok(s(t) >= 0 && s(t) <= spec.lr * (1 + 1e-12), `${name}(${t}) = ${s(t)} outside [0, ${spec.lr}]`);
        }
      }), { numRuns: 60 });
    });
  }

  it('linearLR ends exactly at lr * endFactor (never a hair below 0 when endFactor is 0, as PyTorch)', () => {
    const s = torch.linearLR({ lr: 1e-5, startFactor: 0.999993541240686, endFactor: 0, totalIters: 69 });
    assert.equal(s(69), 0);
    assert.equal(s(437), 0);
  });

  it('decays are monotone: stepLR, multiStepLR, exponentialLR, polynomialLR never rise; linearLR moves one way', () => {
    const monotone = (s: Schedule, sign: number, n = 300) => {
      for (let t = 1; t < n; t++) assert.ok(sign * (s(t) - s(t - 1)) >= -1e-15, `step ${t}: ${s(t - 1)} -> ${s(t)}`);
    };
    fc.assert(fc.property(fc.constantFrom(0, 1, 4, 5), fc.integer({ min: 0, max: 1000 }), (k, seed) => {
      const [, arb] = families[k];
      monotone(fc.sample(arb, { seed, numRuns: 1 })[0], -1);
    }), { numRuns: 40 });
    fc.assert(fc.property(unit(0.01), unit(0), fc.integer({ min: 1, max: 80 }), (a, b, n) => {
      monotone(torch.linearLR({ lr: 0.1, startFactor: a, endFactor: b, totalIters: n }), Math.sign(b - a) || 1);
    }), { numRuns: 60 });
  });

  it('continuous where PyTorch is: linearLR, polynomialLR and cosineAnnealingLR between neighbouring steps', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 300, noNaN: true }), (n, t) => {
      for (const s of [torch.linearLR({ lr: 1, startFactor: 0.1, totalIters: n }), torch.polynomialLR({ lr: 1, totalIters: n, power: 2 }), torch.cosineAnnealingLR({ lr: 1, tMax: n })]) {
        assert.ok(Math.abs(s(t + 1e-7) - s(t)) < 1e-4, `jump at ${t}`);
      }
    }), { numRuns: 100 });
  });

  it('cosineAnnealingLR follows PyTorch past tMax: period 2 tMax, back at lr at 2 tMax', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 500 }), (n, t) => {
      const s = torch.cosineAnnealingLR({ lr: 0.1, tMax: n, etaMin: 0.001 });
      assert.ok(near(s(t + 2 * n), s(t), 1e-9) || Math.abs(s(t + 2 * n) - s(t)) < 1e-15);
      assert.ok(near(s(2 * n), 0.1));
    }), { numRuns: 100 });
  });

  it('sequentialLR runs each child from its own step 0 with the parent\'s lr, and round-trips', () => {
    fc.assert(fc.property(lrArb, fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 200 }), (lr, m, t) => {
      const s = torch.sequentialLR({ lr, milestones: [m], schedulers: [{ type: 'constantLR', factor: 0.5, totalIters: 100 }, { type: 'stepLR', stepSize: 10 }] });
      const expected = t < m ? torch.constantLR({ lr, factor: 0.5, totalIters: 100 })(t) : torch.stepLR({ lr, stepSize: 10 })(t - m);
      assert.equal(s(t), expected);
      assert.equal(fromSpec(toSpec(s))(t), s(t));
    }), { numRuns: 100 });
  });
});

describe('torch family: the doc-comment examples', () => {
  it('hold', () => {
    assert.ok(near(torch.stepLR({ lr: 0.1, stepSize: 30 })(65), 0.001));
    assert.equal(torch.stepLR({ lr: 0.1, stepSize: 30, gamma: 0.1 })(29), 0.1);
    assert.ok(near(torch.multiStepLR({ lr: 0.1, milestones: [30, 80] })(50), 0.01));
    assert.equal(torch.constantLR({ lr: 0.1, factor: 0.5, totalIters: 4 })(3), 0.05);
    assert.ok(near(torch.linearLR({ lr: 0.1, startFactor: 0.1, totalIters: 10 })(5), 0.055));
    assert.ok(near(torch.exponentialLR({ lr: 0.1, gamma: 0.9 })(2), 0.081));
    assert.ok(near(torch.polynomialLR({ lr: 0.1, totalIters: 4, power: 2 })(2), 0.025));
    assert.equal(torch.cosineAnnealingLR({ lr: 0.1, tMax: 10 })(10), 0);
    assert.ok(near(torch.cosineAnnealingLR({ lr: 0.1, tMax: 10 })(20), 0.1));
    assert.equal(torch.cosineAnnealingWarmRestarts({ lr: 0.1, t0: 10, tMult: 2 })(10), 0.1);
    const seq = torch.sequentialLR({ lr: 0.1, milestones: [5], schedulers: [{ type: 'linearLR', startFactor: 0.1, totalIters: 5 }, { type: 'cosineAnnealingLR', tMax: 45 }] });
    assert.equal(seq(5), 0.1);
    const plateau = torch.reduceLROnPlateau({ lr: 0.1, patience: 2 });
    const got = [1, 0.9, 0.9, 0.9, 0.9].map((loss) => plateau.step(loss));
    assert.deepEqual(got.slice(0, 4), [0.1, 0.1, 0.1, 0.1]);
    assert.ok(near(got[4], 0.01));
    assert.equal(torch.cyclicLR, torch.cyclicLR);
    assert.equal(torch.oneCycleLR({ maxLr: 0.1, totalSteps: 100 })(29), 0.1);
  });
});

describe('torch family: bad options are named', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['stepLR stepSize 0', () => torch.stepLR({ lr: 0.1, stepSize: 0 }), /torch\.stepLR\(\): stepSize must be a positive integer, got 0/],
    ['stepLR typo', () => torch.stepLR({ lr: 0.1, step_size: 3 } as never), /torch\.stepLR\(\): unknown option "step_size"; expected one of lr, stepSize, gamma/],
    ['stepLR lr missing', () => torch.stepLR({ stepSize: 3 } as never), /torch\.stepLR\(\): lr must be a finite number, got undefined/],
    ['multiStepLR milestone', () => torch.multiStepLR({ lr: 0.1, milestones: [3, 2.5] }), /milestones\[1\] must be an integer >= 0, got 2\.5/],
    ['multiStepLR not an array', () => torch.multiStepLR({ lr: 0.1, milestones: 3 as never }), /milestones must be an array of integers >= 0, got 3/],
    ['constantLR factor 0', () => torch.constantLR({ lr: 0.1, factor: 0 }), /factor must be a number in \(0, 1\], got 0/],
    ['constantLR totalIters 0', () => torch.constantLR({ lr: 0.1, totalIters: 0 }), /totalIters must be a positive integer, got 0/],
    ['linearLR startFactor', () => torch.linearLR({ lr: 0.1, startFactor: 1.5 }), /startFactor must be a number in \(0, 1\], got 1\.5/],
    ['linearLR endFactor', () => torch.linearLR({ lr: 0.1, endFactor: -0.1 }), /endFactor must be a number in \[0, 1\], got -0\.1/],
    ['exponentialLR gamma', () => torch.exponentialLR({ lr: 0.1, gamma: 0 }), /gamma must be a finite number > 0, got 0/],
    ['polynomialLR power', () => torch.polynomialLR({ lr: 0.1, power: -1 }), /power must be a finite number >= 0, got -1/],
    ['cosineAnnealingLR tMax', () => torch.cosineAnnealingLR({ lr: 0.1, tMax: 2.5 }), /tMax must be a positive integer, got 2\.5/],
    ['cosineAnnealingWarmRestarts tMult', () => torch.cosineAnnealingWarmRestarts({ lr: 0.1, t0: 5, tMult: 1.5 }), /tMult must be a positive integer, got 1\.5/],
    ['sequentialLR milestones', () => torch.sequentialLR({ lr: 0.1, schedulers: [{ type: 'stepLR', stepSize: 2 }], milestones: [3] }), /milestones must be an array of 0 step\(s\)/],
    ['sequentialLR child lr', () => torch.sequentialLR({ lr: 0.1, schedulers: [{ type: 'stepLR', stepSize: 2, lr: 1 }], milestones: [] }), /schedulers\[0\] must not set lr: every child takes the parent's lr \(0\.1\)/],
    ['sequentialLR child type', () => torch.sequentialLR({ lr: 0.1, schedulers: [{ type: 'warmup' }], milestones: [] }), /schedulers\[0\]\.type "warmup" is not a torch scheduler/],
    ['sequentialLR child option', () => torch.sequentialLR({ lr: 0.1, schedulers: [{ type: 'stepLR', stepSize: 0 }], milestones: [] }), /torch\.stepLR\(\): stepSize must be a positive integer, got 0/],
    ['plateau factor', () => torch.reduceLROnPlateau({ lr: 0.1, factor: 1 }), /factor must be a number in \[0, 1\), got 1/],
    ['plateau mode', () => torch.reduceLROnPlateau({ lr: 0.1, mode: 'lowest' as never }), /mode must be "min" or "max", got "lowest"/],
    ['plateau patience', () => torch.reduceLROnPlateau({ lr: 0.1, patience: 1.5 }), /patience must be an integer >= 0, got 1\.5/],
    ['plateau typo', () => torch.reduceLROnPlateau({ lr: 0.1, min_lr: 0 } as never), /unknown option "min_lr"/],
    ['plateau step', () => torch.reduceLROnPlateau({ lr: 0.1 }).step('0.5' as never), /step\(metric\) needs a number, got "0\.5"/],
    ['spec shape', () => fromSpec({ type: 'torch.stepLR', lr: 0.1 }), /fromSpec\(\): at spec\.stepSize/],
    ['spec value', () => fromSpec({ type: 'torch.sequentialLR', lr: 0.1, milestones: [], schedulers: [{ type: 'torch.stepLR', lr: 0.1, stepSize: -1 }] }), /at spec\.schedulers\[0\]: torch\.stepLR\(\): stepSize must be a positive integer, got -1/],
  ];
  for (const [what, call, message] of cases) it(what, () => assert.throws(call, message));
});

describe('torch.reduceLROnPlateau: state and the Keras semantics', () => {
  it('keras: reduces when the bad epochs reach patience (PyTorch: exceed it); min_delta absolute', () => {
    const flat = [1, 1, 1, 1, 1, 1];
    const py = torch.reduceLROnPlateau({ lr: 1, patience: 2, factor: 0.5 });
    const ke = torch.reduceLROnPlateau({ lr: 1, patience: 2, factor: 0.5, semantics: 'keras' });
    assert.deepEqual(flat.map((m) => py.step(m)), [1, 1, 1, 0.5, 0.5, 0.5]);
    assert.deepEqual(flat.map((m) => ke.step(m)), [1, 1, 0.5, 0.5, 0.25, 0.25]);
    assert.deepEqual(ke.state(), { lr: 0.25, best: 1, numBadEpochs: 1, cooldownCounter: 0, lastEpoch: 6 });
    // Keras compares with an absolute min_delta even when thresholdMode is 'rel' (it has no rel mode)
    const kAbs = torch.reduceLROnPlateau({ lr: 1, patience: 0, threshold: 0.1, semantics: 'keras' });
    assert.deepEqual([10, 9.95, 9.8].map((m) => kAbs.step(m)), [1, 0.1, 0.1]);
  });
});
