// keras.* and transformers.*: bounds, monotone pieces, continuity where the source is continuous,
// JSON specs that round-trip (fast-check), the doc-comment examples, and bad options named.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fromSpec, keras, toSpec, transformers, type Schedule } from '../src/schedules/index.js';

const lr = fc.double({ min: 1e-5, max: 1, noNaN: true });
const frac = (min = 0) => fc.double({ min, max: 1, noNaN: true });
const int = (min: number, max: number) => fc.integer({ min, max });
const near = (a: number, b: number, rel = 1e-12) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) < 1e-15;
const training = fc.record({ lr, numWarmupSteps: int(0, 40), extra: int(1, 200) }).map(({ lr, numWarmupSteps, extra }) => ({ lr, numWarmupSteps, numTrainingSteps: numWarmupSteps + extra }));

/**
 * name, an arbitrary schedule, its peak (values stay in [0, peak]), non-increasing on [from, until)
 * (the source's cosines swing back up past numTrainingSteps), continuous.
 */
const families: [string, fc.Arbitrary<{ s: Schedule; peak: number; from: number; until?: number; continuous: boolean }>][] = [
  ['keras.exponentialDecay', fc.record({ initialLearningRate: lr, decaySteps: int(1, 50), decayRate: frac(0.01), staircase: fc.boolean() })
    .map((o) => ({ s: keras.exponentialDecay(o), peak: o.initialLearningRate, from: 0, continuous: !o.staircase }))],
  ['keras.polynomialDecay', fc.record({ initialLearningRate: lr, decaySteps: int(1, 100), power: fc.double({ min: 0.1, max: 3, noNaN: true }) })
    .map((o) => ({ s: keras.polynomialDecay({ ...o, endLearningRate: o.initialLearningRate / 10 }), peak: o.initialLearningRate, from: 0, continuous: true }))],
  ['keras.inverseTimeDecay', fc.record({ initialLearningRate: lr, decaySteps: int(1, 50), decayRate: fc.double({ min: 0, max: 5, noNaN: true }), staircase: fc.boolean() })
    .map((o) => ({ s: keras.inverseTimeDecay(o), peak: o.initialLearningRate, from: 0, continuous: !o.staircase }))],
  ['keras.cosineDecay', fc.record({ initialLearningRate: lr, decaySteps: int(1, 100), alpha: frac(), warmupSteps: int(0, 30) })
    .map((o) => ({ s: keras.cosineDecay({ ...o, initialLearningRate: 0, warmupTarget: o.initialLearningRate }), peak: o.initialLearningRate, from: o.warmupSteps, continuous: true }))],
  ['keras.cosineDecayRestarts', fc.record({ initialLearningRate: lr, firstDecaySteps: int(1, 30), tMul: fc.constantFrom(1, 1.5, 2, 3), mMul: frac(0.1), alpha: frac() })
    .map((o) => ({ s: keras.cosineDecayRestarts(o), peak: o.initialLearningRate, from: Infinity, continuous: false }))],
  ['transformers.linearScheduleWithWarmup', training.map((o) => ({ s: transformers.linearScheduleWithWarmup(o), peak: o.lr, from: o.numWarmupSteps, continuous: true }))],
  ['transformers.cosineScheduleWithWarmup', training.map((o) => ({ s: transformers.cosineScheduleWithWarmup(o), peak: o.lr, from: o.numWarmupSteps, until: o.numTrainingSteps, continuous: true }))],
  ['transformers.cosineWithHardRestartsScheduleWithWarmup', fc.tuple(training, int(1, 4)).map(([o, numCycles]) => ({ s: transformers.cosineWithHardRestartsScheduleWithWarmup({ ...o, numCycles }), peak: o.lr, from: Infinity, continuous: false }))],
  ['transformers.polynomialDecayScheduleWithWarmup', training.map((o) => ({ s: transformers.polynomialDecayScheduleWithWarmup({ ...o, lrEnd: o.lr / 100, power: 2 }), peak: o.lr, from: o.numWarmupSteps, continuous: true }))],
  ['transformers.inverseSqrtSchedule', fc.record({ lr, numWarmupSteps: int(1, 50) }).map((o) => ({ s: transformers.inverseSqrtSchedule(o), peak: o.lr, from: o.numWarmupSteps, continuous: true }))],
  ['transformers.cosineWithMinLrScheduleWithWarmup', fc.tuple(training, frac()).map(([o, minLrRate]) => ({ s: transformers.cosineWithMinLrScheduleWithWarmup({ ...o, minLrRate }), peak: o.lr, from: o.numWarmupSteps, until: o.numTrainingSteps, continuous: true }))],
  ['transformers.wsdSchedule', fc.record({ lr, numWarmupSteps: int(0, 20), numStableSteps: int(0, 20), numDecaySteps: int(1, 40), warmupType: fc.constantFrom('linear', 'cosine', '1-sqrt'), decayType: fc.constantFrom('linear', 'cosine', '1-sqrt'), minLrRatio: frac() })
    .map((o) => ({ s: transformers.wsdSchedule(o as never), peak: o.lr, from: o.numWarmupSteps + o.numStableSteps, continuous: false }))],
];

describe('keras and transformers families: properties', () => {
  for (const [name, arb] of families) {
    it(`${name}: in [0, peak], non-increasing after its warm-up${'' /* where it decays */}, and its spec round-trips`, () => {
      fc.assert(fc.property(arb, int(0, 400), ({ s, peak, from, until = Infinity, continuous }, t) => {
        const v = s(t);
        assert.ok(v >= 0 && v <= peak * (1 + 1e-12), `${name}(${t}) = ${v} outside [0, ${peak}]`);
        if (t >= from && t + 1 <= until && Number.isFinite(from)) assert.ok(s(t + 1) <= v * (1 + 1e-12) + 1e-18, `${name} rises after ${from}: ${v} -> ${s(t + 1)}`);
        if (continuous) assert.ok(Math.abs(s(t + 1e-6) - v) <= 1e-4 * peak, `${name} jumps at ${t}`);
        const back = fromSpec(JSON.stringify(toSpec(s)));
        assert.deepEqual(toSpec(back), toSpec(s));
        assert.equal(back(t), v);
      }), { numRuns: 80 });
    });
  }

  it('keras.piecewiseConstantDecay takes values[i] on (boundaries[i-1], boundaries[i]]', () => {
    fc.assert(fc.property(fc.uniqueArray(int(0, 100), { minLength: 1, maxLength: 5 }), int(0, 120), (bs, t) => {
      const boundaries = [...bs].sort((a, b) => a - b);
      const values = [...boundaries, 0].map((_, i) => 1 / (i + 1));
      const k = boundaries.filter((b) => t > b).length;
      assert.equal(keras.piecewiseConstantDecay({ boundaries, values })(t), values[k]);
    }), { numRuns: 100 });
  });

  it('warm-ups rise linearly from 0 to lr: transformers t / max(1, W), keras from initialLearningRate to warmupTarget', () => {
    fc.assert(fc.property(training, (o) => {
      const s = transformers.linearScheduleWithWarmup(o);
      for (let t = 0; t < o.numWarmupSteps; t++) assert.ok(near(s(t), (o.lr * t) / o.numWarmupSteps));
      assert.ok(near(s(o.numWarmupSteps), o.lr));
    }), { numRuns: 50 });
  });
});

describe('keras and transformers families: doc-comment examples', () => {
  it('hold', () => {
    assert.ok(near(keras.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 })(200), 0.025));
    assert.equal(keras.piecewiseConstantDecay({ boundaries: [100, 200], values: [1, 0.5, 0.1] })(100), 1);
    assert.equal(keras.piecewiseConstantDecay({ boundaries: [100, 200], values: [1, 0.5, 0.1] })(101), 0.5);
    assert.ok(near(keras.polynomialDecay({ initialLearningRate: 0.1, decaySteps: 100, endLearningRate: 0.01 })(50), 0.055));
    assert.ok(near(keras.inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 })(2), 0.05));
    assert.ok(near(keras.cosineDecay({ initialLearningRate: 0, decaySteps: 90, warmupTarget: 0.1, warmupSteps: 10 })(5), 0.05));
    assert.ok(near(keras.cosineDecay({ initialLearningRate: 0.1, decaySteps: 1000, alpha: 0.01 })(1000), 0.001));
    assert.ok(near(keras.cosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 10 })(10), 0.1));
    assert.equal(transformers.constantSchedule({ lr: 3e-4 })(1000), 3e-4);
    assert.equal(transformers.constantScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 10 })(5), 0.05);
    assert.ok(near(transformers.linearScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 10, numTrainingSteps: 110 })(60), 0.05));
    assert.equal(transformers.linearScheduleWithWarmup({ lr: 5e-5, numWarmupSteps: 500, numTrainingSteps: 10000 })(500), 5e-5);
    assert.ok(near(transformers.cosineScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 10, numTrainingSteps: 110 })(60), 0.05));
    assert.equal(transformers.cosineWithHardRestartsScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 0, numTrainingSteps: 100, numCycles: 2 })(50), 0.1);
    assert.ok(near(transformers.polynomialDecayScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 0, numTrainingSteps: 100, lrEnd: 0, power: 2 })(50), 0.025));
    assert.ok(near(transformers.inverseSqrtSchedule({ lr: 0.1, numWarmupSteps: 100 })(400), 0.05));
    assert.ok(near(transformers.cosineWithMinLrScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 0, numTrainingSteps: 100, minLr: 0.01 })(100), 0.01));
    const wsd = transformers.wsdSchedule({ lr: 0.1, numWarmupSteps: 10, numStableSteps: 80, numDecaySteps: 10, decayType: 'linear' });
    assert.equal(wsd(50), 0.1);
    assert.ok(near(wsd(95), 0.05));
  });
});

describe('keras and transformers families: bad options are named', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['keras decaySteps', () => keras.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.9 }), /keras\.exponentialDecay\(\): decaySteps must be a finite number > 0, got 0/],
    ['keras snake_case', () => keras.cosineDecay({ initialLearningRate: 0.1, decay_steps: 10 } as never), /unknown option "decay_steps"; expected one of initialLearningRate, decaySteps/],
    ['keras staircase', () => keras.inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 1, staircase: 'yes' as never }), /staircase must be a boolean, got "yes"/],
    ['keras piecewise lengths', () => keras.piecewiseConstantDecay({ boundaries: [1, 2], values: [1, 2] }), /values must have one more element than boundaries; got 2 values and 2 boundaries/],
    ['keras piecewise order', () => keras.piecewiseConstantDecay({ boundaries: [5, 5], values: [1, 2, 3] }), /boundaries must be strictly increasing; boundaries\[1\] = 5 is not above 5/],
    ['keras restarts tMul', () => keras.cosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 5, tMul: 0 }), /tMul must be a finite number > 0, got 0/],
    ['hf warm-up steps', () => transformers.linearScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 2.5, numTrainingSteps: 10 }), /numWarmupSteps must be an integer >= 0, got 2\.5/],
    ['hf training < warm-up', () => transformers.cosineScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 20, numTrainingSteps: 10 }), /numTrainingSteps \(10\) must be >= numWarmupSteps \(20\)/],
    ['hf lrEnd', () => transformers.polynomialDecayScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 0, numTrainingSteps: 10, lrEnd: 0.2 }), /lrEnd \(0\.2\) must be smaller than lr \(0\.1\)/],
    ['hf min lr both', () => transformers.cosineWithMinLrScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 0, numTrainingSteps: 10, minLr: 0.01, minLrRate: 0.1 }), /give exactly one of minLr and minLrRate/],
    ['hf wsd steps', () => transformers.wsdSchedule({ lr: 0.1, numWarmupSteps: 10, numDecaySteps: 10 }), /give numStableSteps, or numTrainingSteps to derive it/],
    ['hf wsd short', () => transformers.wsdSchedule({ lr: 0.1, numWarmupSteps: 10, numDecaySteps: 10, numTrainingSteps: 15 }), /numTrainingSteps \(15\) must be >= numWarmupSteps \+ numDecaySteps \(20\)/],
    ['hf wsd type', () => transformers.wsdSchedule({ lr: 0.1, numWarmupSteps: 1, numDecaySteps: 1, numStableSteps: 1, decayType: 'exp' as never }), /decayType must be one of "linear", "cosine", "1-sqrt", got "exp"/],
    ['hf snake_case', () => transformers.inverseSqrtSchedule({ lr: 0.1, num_warmup_steps: 10 } as never), /unknown option "num_warmup_steps"/],
    ['spec', () => fromSpec({ type: 'transformers.linearScheduleWithWarmup', lr: 0.1, numWarmupSteps: 5 }), /fromSpec\(\): at spec\.numTrainingSteps/],
  ];
  for (const [what, call, message] of cases) it(what, () => assert.throws(call, message));
});
