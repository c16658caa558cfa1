// fast-check properties over random valid options.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  cyclic,
  cyclicMomentum,
  fromSpec,
  join,
  linear,
  cosine,
  oneCycle,
  oneCycleMomentum,
  toSpec,
  type ScheduleSpec,
} from '../src/schedules/index.js';

const runs = { numRuns: 200 };
const lrPair = fc
  .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 1e-6, max: 10, noNaN: true }))
  .map(([f, maxLr]) => ({ baseLr: f * maxLr, maxLr }));
const mode = fc.constantFrom('triangular', 'triangular2', 'exp_range' as const);
const cycleOpts = fc
  .record({
    stepSizeUp: fc.integer({ min: 1, max: 500 }),
    stepSizeDown: fc.integer({ min: 1, max: 500 }),
    mode,
    // gamma <= 1 only: the bounds property below holds only for a non-growing amplitude (with
    // gamma > 1, exp_range peaks exceed maxLr by design, as in PyTorch); growing gammas are
    // covered by their own property further down.
    gamma: fc.double({ min: 0.9, max: 1, noNaN: true }),
  })
  .map((o) => (o.mode === 'exp_range' ? o : { ...o, gamma: undefined }));
const step = fc.integer({ min: 0, max: 20_000 });
const momentumPair = fc
  .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([a, b]) => ({ baseMomentum: Math.min(a, b), maxMomentum: Math.max(a, b) }));
const oneCycleOpts = fc.record({
  maxLr: fc.double({ min: 1e-6, max: 10, noNaN: true }),
  totalSteps: fc.integer({ min: 10, max: 5000 }),
  pctStart: fc.double({ min: 0.15, max: 0.45, noNaN: true }),
  annealStrategy: fc.constantFrom('cos', 'linear' as const),
  threePhase: fc.boolean(),
  divFactor: fc.double({ min: 1, max: 100, noNaN: true }),
  finalDivFactor: fc.double({ min: 1, max: 1e5, noNaN: true }),
});
const eps = (x: number) => 1e-12 * Math.max(1, Math.abs(x));

test('cyclic and cyclicMomentum stay within their bounds', () => {
  fc.assert(
    fc.property(lrPair, momentumPair, cycleOpts, step, (lr, m, c, t) => {
      const v = cyclic({ ...lr, ...c })(t);
      assert.ok(v >= lr.baseLr - eps(lr.baseLr) && v <= lr.maxLr + eps(lr.maxLr), `${v}`);
      const mv = cyclicMomentum({ ...m, ...c })(t);
      assert.ok(mv >= m.baseMomentum - 1e-12 && mv <= m.maxMomentum + 1e-12, `${mv}`);
    }),
    runs,
  );
});

test('cyclic periodicity: triangular repeats, triangular2 halves, exp_range decays by gamma^period', () => {
  fc.assert(
    fc.property(lrPair, cycleOpts, fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 4 }), (lr, c, t, k) => {
      const s = cyclic({ ...lr, ...c });
      const period = c.stepSizeUp + c.stepSizeDown;
      const amp = lr.maxLr - lr.baseLr;
      const a = s(t) - lr.baseLr;
      const b = s(t + k * period) - lr.baseLr;
      const factor = c.mode === 'triangular' ? 1 : c.mode === 'triangular2' ? 0.5 ** k : c.gamma! ** (k * period);
      assert.ok(Math.abs(b - a * factor) <= 1e-9 * amp + 1e-15, `mode ${c.mode}: ${b} vs ${a} x ${factor}`);
    }),
    runs,
  );
});

test('cyclic peaks at stepSizeUp and touches baseLr at every cycle start', () => {
  fc.assert(
    fc.property(lrPair, cycleOpts, fc.integer({ min: 0, max: 10 }), (lr, c, k) => {
      const s = cyclic({ ...lr, ...c });
      const start = k * (c.stepSizeUp + c.stepSizeDown);
      assert.ok(Math.abs(s(start) - lr.baseLr) <= 1e-9 * lr.maxLr);
      // The peak is maxLr scaled by the mode's amplitude factor.
      const scale = c.mode === 'triangular' ? 1 : c.mode === 'triangular2' ? 0.5 ** k : c.gamma! ** (start + c.stepSizeUp);
      const peak = lr.baseLr + (lr.maxLr - lr.baseLr) * scale;
      assert.ok(Math.abs(s(start + c.stepSizeUp) - peak) <= 1e-9 * lr.maxLr);
    }),
    runs,
  );
});

test('cyclic exp_range with gamma > 1: never below baseLr, never above base + amplitude x gamma^t, periodic growth', () => {
  fc.assert(
    fc.property(
      lrPair,
      fc.integer({ min: 1, max: 500 }),
      fc.integer({ min: 1, max: 500 }),
      fc.double({ min: 1 + 1e-9, max: 1.01, noNaN: true }),
      fc.integer({ min: 0, max: 2000 }),
      fc.integer({ min: 1, max: 4 }),
      (lr, stepSizeUp, stepSizeDown, gamma, t, k) => {
        const s = cyclic({ ...lr, stepSizeUp, stepSizeDown, mode: 'exp_range', gamma });
        const amp = lr.maxLr - lr.baseLr;
        const v = s(t);
        assert.ok(v >= lr.baseLr - eps(lr.baseLr), `${v} < baseLr ${lr.baseLr}`);
        assert.ok(v <= lr.baseLr + amp * gamma ** t * (1 + 1e-12) + eps(lr.baseLr), `${v} above the envelope`);
        const period = stepSizeUp + stepSizeDown;
        const factor = gamma ** (k * period);
        const b = s(t + k * period) - lr.baseLr;
        // Relative tolerance (values reach amp x gamma^t, far above amp), plus the rounding of
        // v - baseLr (one ulp of baseLr), which the growth factor magnifies when amp << baseLr.
        const tol = 1e-9 * Math.max(Math.abs(b), amp * factor) + factor * 4 * Number.EPSILON * lr.baseLr + 1e-15;
        assert.ok(Math.abs(b - (v - lr.baseLr) * factor) <= tol, `${b} vs ${v - lr.baseLr} x ${factor}`);
      },
    ),
    runs,
  );
});

test('oneCycle stays within [min, maxLr], starts at maxLr/divFactor and ends at the minimum; momentum in bounds', () => {
  fc.assert(
    fc.property(oneCycleOpts, momentumPair, fc.double({ min: 0, max: 1.5, noNaN: true }), (o, m, f) => {
      const lr = oneCycle(o);
      const initial = o.maxLr / o.divFactor;
      const min = initial / o.finalDivFactor;
      const t = f * o.totalSteps;
      const v = lr(t);
      assert.ok(v >= Math.min(min, o.maxLr) - eps(min) && v <= Math.max(initial, o.maxLr) + eps(o.maxLr), `${v}`);
      assert.ok(Math.abs(lr(0) - initial) <= 1e-12 * initial);
      assert.ok(Math.abs(lr(o.totalSteps - 1) - min) <= 1e-12 * initial);
      const mv = oneCycleMomentum({ ...o, ...m })(t);
      assert.ok(mv >= m.baseMomentum - 1e-12 && mv <= m.maxMomentum + 1e-12);
    }),
    runs,
  );
});

test('continuity: no jumps at one-cycle phase ends or at cyclic peaks and cycle ends', () => {
  const d = 1e-7;
  fc.assert(
    fc.property(oneCycleOpts, (o) => {
      const lr = oneCycle(o);
      const T = o.totalSteps;
      const ends = o.threePhase ? [o.pctStart * T - 1, 2 * o.pctStart * T - 2] : [o.pctStart * T - 1];
      const scale = Math.max(o.maxLr, o.maxLr / o.divFactor);
      for (const e of ends) assert.ok(Math.abs(lr(e + d) - lr(e - d)) <= 1e-5 * scale, `jump at ${e}`);
    }),
    runs,
  );
  fc.assert(
    fc.property(lrPair, cycleOpts, fc.integer({ min: 1, max: 5 }), (lr, c, k) => {
      const s = cyclic({ ...lr, ...c });
      const period = c.stepSizeUp + c.stepSizeDown;
      const amp = lr.maxLr - lr.baseLr;
      // triangular2 changes amplitude at a cycle end, but only where the triangle is at 0 height.
      for (const b of [k * period, (k - 1) * period + c.stepSizeUp]) {
        assert.ok(Math.abs(s(b + d) - s(b - d)) <= 1e-5 * amp + 1e-15, `jump at ${b}`);
      }
    }),
    runs,
  );
  fc.assert(
    fc.property(fc.double({ min: 1e-4, max: 1, noNaN: true }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 1000 }), (peak, warm, decay) => {
      // A join whose pieces meet (warm-up ends where the decay starts) is continuous.
      const s = join([linear({ start: 0, end: peak, steps: warm }), cosine({ start: peak, steps: decay })], [warm]);
      assert.ok(Math.abs(s(warm + d) - s(warm - d)) <= 1e-5 * peak);
    }),
    runs,
  );
});

// Random valid specs of every factory, and joins of them.
const leafSpec: fc.Arbitrary<ScheduleSpec> = fc.oneof(
  fc.double({ min: -1, max: 1, noNaN: true }).map((value) => ({ type: 'constant' as const, value })),
  fc.record({ start: fc.double({ min: 0, max: 1, noNaN: true }), end: fc.double({ min: 0, max: 1, noNaN: true }), steps: fc.integer({ min: 1, max: 1000 }) })
    .map((o) => ({ type: 'linear' as const, ...o })),
  fc.record({ start: fc.double({ min: 1e-8, max: 1, noNaN: true }), gamma: fc.double({ min: 0.5, max: 1, noNaN: true }) })
    .map((o) => ({ type: 'exponential' as const, ...o })),
  fc.record({ start: fc.double({ min: 1e-8, max: 1, noNaN: true }), end: fc.double({ min: 1e-8, max: 10, noNaN: true }), steps: fc.integer({ min: 1, max: 1000 }) })
    .map((o) => ({ type: 'exponential' as const, ...o })),
  fc.record({ start: fc.double({ min: 0, max: 1, noNaN: true }), end: fc.double({ min: 0, max: 1e-3, noNaN: true }), steps: fc.integer({ min: 1, max: 1000 }) })
    .map((o) => ({ type: 'cosine' as const, ...o })),
  fc.record({ max: fc.double({ min: 1e-3, max: 1, noNaN: true }), period: fc.integer({ min: 1, max: 100 }), multiplier: fc.integer({ min: 1, max: 3 }) })
    .map((o) => ({ type: 'warmRestarts' as const, min: 0, ...o })),
  fc.tuple(lrPair, cycleOpts).map(([lr, c]) => JSON.parse(JSON.stringify({ type: 'cyclic', ...lr, ...c }))),
  fc.tuple(momentumPair, cycleOpts).map(([m, c]) => JSON.parse(JSON.stringify({ type: 'cyclicMomentum', ...m, ...c }))),
  oneCycleOpts.map((o) => ({ type: 'oneCycle' as const, ...o })),
  fc.tuple(oneCycleOpts, momentumPair).map(([{ maxLr, divFactor, finalDivFactor, ...o }, m]) => ({ type: 'oneCycleMomentum' as const, ...o, ...m })),
);
const anySpec: fc.Arbitrary<ScheduleSpec> = fc.oneof(
  leafSpec,
  fc.array(leafSpec, { minLength: 1, maxLength: 4 }).chain((schedules) =>
    fc
      .uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: schedules.length - 1, maxLength: schedules.length - 1 })
      .map((b) => ({ type: 'join' as const, schedules, boundaries: b.sort((x, y) => x - y) })),
  ),
);

test('JSON round trip: fromSpec(JSON(toSpec(s))) gives the same values and the same spec', () => {
  fc.assert(
    fc.property(anySpec, fc.array(fc.double({ min: 0, max: 30_000, noNaN: true }), { minLength: 1, maxLength: 20 }), (spec, steps) => {
      const s = fromSpec(spec);
      const json = JSON.stringify(toSpec(s));
      const again = fromSpec(json);
      assert.deepEqual(steps.map(again), steps.map(s));
      assert.deepEqual(toSpec(again), toSpec(s));
      assert.deepEqual(JSON.parse(json), toSpec(s));
    }),
    runs,
  );
});

test('factory-made schedules round-trip too (defaults filled in, nothing lost)', () => {
  fc.assert(
    fc.property(lrPair, cycleOpts, oneCycleOpts, (lr, c, o) => {
      for (const s of [cyclic({ ...lr, ...c }), cyclicMomentum(c), oneCycle(o), oneCycleMomentum(o)]) {
        const again = fromSpec(JSON.parse(JSON.stringify(toSpec(s))));
        for (const t of [0, 1, 7, 99, 1234, 4999.5]) assert.equal(again(t), s(t));
      }
    }),
    { numRuns: 100 },
  );
});
