// Hand-checked values for every factory (worked out from the formulas in the doc comments).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  constant,
  cosine,
  cyclic,
  cyclicFromRange,
  cyclicMomentum,
  cyclicOptionsFromRange,
  exponential,
  fromSpec,
  join,
  linear,
  oneCycle,
  oneCycleMomentum,
  sample,
  toSpec,
  warmRestarts,
} from '../src/schedules/index.js';

const close = (a: number, b: number, what = '') =>
  assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what} got ${a}, expected ${b}`);
const closeAll = (as: number[], bs: number[]) => as.forEach((a, i) => close(a, bs[i], `[${i}]`));

test('cyclic triangular: base at 0, peak at stepSizeUp, linear in between, period up + down', () => {
  const lr = cyclic({ baseLr: 0.001, maxLr: 0.006, stepSizeUp: 5 });
  closeAll(sample(lr, 11), [0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.005, 0.004, 0.003, 0.002, 0.001]);
  close(lr(15), 0.006);
  close(lr(1000), 0.001);
});

test('cyclic defaults are PyTorch defaults: stepSizeUp = stepSizeDown = 2000, triangular', () => {
  const lr = cyclic({ baseLr: 0.1, maxLr: 1 });
  close(lr(2000), 1);
  close(lr(1000), 0.55);
  close(lr(4000), 0.1);
  assert.deepEqual(toSpec(lr), {
    type: 'cyclic', baseLr: 0.1, maxLr: 1, stepSizeUp: 2000, stepSizeDown: 2000,
    mode: 'triangular', gamma: 1, scaleMode: 'cycle',
  });
});

test('cyclic asymmetric: 3 steps up, 7 down', () => {
  const lr = cyclic({ baseLr: 0, maxLr: 1, stepSizeUp: 3, stepSizeDown: 7 });
  closeAll(sample(lr, 11), [0, 1 / 3, 2 / 3, 1, 6 / 7, 5 / 7, 4 / 7, 3 / 7, 2 / 7, 1 / 7, 0]);
});

test('cyclic triangular2 halves the amplitude every cycle', () => {
  const lr = cyclic({ baseLr: 0.001, maxLr: 0.009, stepSizeUp: 4, mode: 'triangular2' });
  const peaks = [4, 12, 20, 28].map((t) => lr(t) - 0.001);
  closeAll(peaks, [0.008, 0.004, 0.002, 0.001]);
  close(lr(8), 0.001);
  close(lr(14), 0.001 + 0.004 / 2);
});

test('cyclic exp_range scales the amplitude by gamma^step', () => {
  const lr = cyclic({ baseLr: 1, maxLr: 3, stepSizeUp: 5, mode: 'exp_range', gamma: 0.9 });
  close(lr(5), 1 + 2 * 0.9 ** 5);
  close(lr(15), 1 + 2 * 0.9 ** 15);
  close(lr(7), 1 + 2 * (3 / 5) * 0.9 ** 7);
  close(lr(10), 1);
});

test('cyclic exp_range with gamma > 1 grows the peaks past maxLr (as PyTorch); momentum dips below base', () => {
  const opts = { baseLr: 1, maxLr: 3, stepSizeUp: 5, mode: 'exp_range' as const, gamma: 1.1 };
  const lr = cyclic(opts);
  close(lr(5), 1 + 2 * 1.1 ** 5);
  close(lr(15), 1 + 2 * 1.1 ** 15);
  assert.ok(lr(15) > lr(5) && lr(5) > 3);
  close(lr(10), 1);
  const m = cyclicMomentum({ ...opts, baseMomentum: 0.8, maxMomentum: 0.9 });
  close(m(5), 0.9 - 0.1 * 1.1 ** 5);
  assert.ok(m(5) < 0.8);
  // 2^1023 is the largest finite power of two; Python's 2.0 ** 1024 raises OverflowError.
  assert.ok(Number.isFinite(cyclic({ ...opts, gamma: 2 })(1023)));
  assert.throws(() => cyclic({ ...opts, gamma: 2 })(1024), RangeError);
  assert.throws(() => cyclicMomentum({ ...opts, gamma: 2 })(1030), RangeError);
});

test('cyclic custom scaleFn: per cycle or per step', () => {
  const perCycle = cyclic({ baseLr: 0, maxLr: 1, stepSizeUp: 2, scaleFn: (c) => 1 / c });
  closeAll([perCycle(2), perCycle(6), perCycle(10)], [1, 1 / 2, 1 / 3]);
  const perStep = cyclic({ baseLr: 0, maxLr: 1, stepSizeUp: 2, scaleFn: (t) => 1 / (1 + t), scaleMode: 'iterations' });
  closeAll([perStep(2), perStep(6), perStep(1)], [1 / 3, 1 / 7, 0.5 / 2]);
});

test('cyclicMomentum mirrors the rate: max at cycle start, base at the lr peak', () => {
  const opts = { baseLr: 0.001, maxLr: 0.006, stepSizeUp: 5, mode: 'triangular2' as const };
  const m = cyclicMomentum(opts);
  closeAll([m(0), m(5), m(10), m(15)], [0.9, 0.8, 0.9, 0.85]);
  const lr = cyclic(opts);
  // Inverse relation: normalised lr height + normalised momentum dip sum to the same.
  for (let t = 0; t < 30; t++) close((lr(t) - 0.001) / 0.005, (0.9 - m(t)) / 0.1, `step ${t}`);
  const custom = cyclicMomentum({ baseMomentum: 0.85, maxMomentum: 0.95, stepSizeUp: 2 });
  closeAll([custom(0), custom(1), custom(2)], [0.95, 0.9, 0.85]);
});

test('oneCycle: starts at maxLr/divFactor, peaks near pctStart*T, ends at maxLr/(divFactor*finalDivFactor)', () => {
  const lr = oneCycle({ maxLr: 0.1, totalSteps: 100 });
  close(lr(0), 0.1 / 25);
  close(lr(29), 0.1);
  close(lr(99), 0.1 / 25 / 1e4);
  // Cosine midpoint of the rise (step 14.5 of 0..29) is the mean of start and peak.
  close(lr(14.5), (0.004 + 0.1) / 2);
  const custom = oneCycle({ maxLr: 1, totalSteps: 50, divFactor: 10, finalDivFactor: 100, pctStart: 0.5 });
  close(custom(0), 0.1);
  close(custom(49), 0.001);
  assert.ok(custom(24) > custom(20) && custom(24) > custom(30));
});

test('oneCycle linear: straight lines between the phase end points', () => {
  const lr = oneCycle({ maxLr: 1, totalSteps: 21, pctStart: 0.5, annealStrategy: 'linear', divFactor: 10, finalDivFactor: 1 });
  // rise over steps 0..9.5, fall over 9.5..20
  close(lr(0), 0.1);
  close(lr(9.5), 1);
  close(lr(20), 0.1);
  close(lr(4.75), 0.55);
  close(lr(9.5 + 10.5 / 2), 0.55);
});

test('oneCycle three-phase: rise, symmetric fall back to the start value, then anneal to the minimum', () => {
  const lr = oneCycle({ maxLr: 1, totalSteps: 100, threePhase: true, divFactor: 10, finalDivFactor: 1e3 });
  // phase ends: 0.3*100 - 1 = 29, 2*0.3*100 - 2 = 58, 99
  close(lr(0), 0.1);
  close(lr(29), 1);
  close(lr(58), 0.1);
  close(lr(99), 1e-4);
  for (let d = 1; d < 29; d++) close(lr(29 - d), lr(29 + d), `symmetry at ${d}`);
  const m = oneCycleMomentum({ totalSteps: 100, threePhase: true });
  closeAll([m(0), m(29), m(58), m(70), m(99)], [0.95, 0.85, 0.95, 0.95, 0.95]);
});

test('oneCycle epochs x stepsPerEpoch equals the totalSteps form', () => {
  const a = oneCycle({ maxLr: 0.3, epochs: 4, stepsPerEpoch: 25 });
  const b = oneCycle({ maxLr: 0.3, totalSteps: 100 });
  assert.deepEqual(sample(a, 120), sample(b, 120));
  assert.deepEqual(toSpec(a), { type: 'oneCycle', maxLr: 0.3, epochs: 4, stepsPerEpoch: 25, pctStart: 0.3, annealStrategy: 'cos', threePhase: false, divFactor: 25, finalDivFactor: 1e4 });
});

test('oneCycle takes itersPerEpoch (the name recommend() and the CLI use); stepsPerEpoch is its alias; specs round-trip', () => {
  const iters = oneCycle({ maxLr: 0.3, epochs: 4, itersPerEpoch: 25 });
  const steps = oneCycle({ maxLr: 0.3, epochs: 4, stepsPerEpoch: 25 });
  const both = oneCycle({ maxLr: 0.3, epochs: 4, itersPerEpoch: 25, stepsPerEpoch: 25 });
  assert.deepEqual(sample(iters, 120), sample(oneCycle({ maxLr: 0.3, totalSteps: 100 }), 120));
  assert.deepEqual(sample(steps, 120), sample(iters, 120));
  // One JSON form (PyTorch's steps_per_epoch name) whichever spelling made it, and back again.
  assert.deepEqual(toSpec(iters), toSpec(steps));
  assert.deepEqual(toSpec(both), toSpec(steps));
  const again = fromSpec(toSpec(iters));
  assert.deepEqual(sample(again, 120), sample(iters, 120));
  assert.deepEqual(toSpec(again), toSpec(iters));
  // The momentum half takes the same options object.
  const m = oneCycleMomentum({ epochs: 4, itersPerEpoch: 25 });
  assert.deepEqual(sample(m, 120), sample(oneCycleMomentum({ totalSteps: 100 }), 120));
  assert.deepEqual(toSpec(fromSpec(toSpec(m))), toSpec(m));
});

test('oneCycle and oneCycleMomentum hold their final values past the end', () => {
  const lr = oneCycle({ maxLr: 0.1, totalSteps: 10, annealStrategy: 'linear' });
  const m = oneCycleMomentum({ totalSteps: 10, baseMomentum: 0.8, maxMomentum: 0.9 });
  for (const t of [9, 9.5, 10, 11, 1e9]) {
    assert.equal(lr(t), lr(9));
    assert.equal(m(t), m(9));
  }
  close(lr(9), 0.1 / 25 / 1e4);
  close(m(9), 0.9);
  close(m(0), 0.9);
  close(m(2), 0.8); // phase 1 ends at 0.3*10 - 1 = 2
});

test('oneCycleMomentum defaults 0.85 / 0.95 and accepts the lr options object', () => {
  const opts = { maxLr: 0.1, totalSteps: 100 };
  const m = oneCycleMomentum(opts);
  close(m(0), 0.95);
  close(m(29), 0.85);
  close(m(99), 0.95);
});

test('constant, linear, exponential, cosine', () => {
  assert.deepEqual(sample(constant(0.3), 3, { start: 5, stride: 1000 }), [0.3, 0.3, 0.3]);
  closeAll(sample(linear({ start: 0.001, end: 0.1, steps: 10 }), 12, { stride: 1 }).slice(9), [0.0901, 0.1, 0.1]);
  close(linear({ start: 1, end: 0, steps: 4 })(1), 0.75);
  closeAll(sample(exponential({ start: 0.1, gamma: 0.5 }), 4), [0.1, 0.05, 0.025, 0.0125]);
  closeAll(sample(exponential({ start: 1, gamma: 0.5, end: 0.2 }), 5), [1, 0.5, 0.25, 0.2, 0.2]);
  closeAll(sample(exponential({ start: 1, gamma: 2, end: 5 }), 5), [1, 2, 4, 5, 5]);
  closeAll(sample(exponential({ start: 1e-6, end: 1, steps: 6 }), 8), [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 1]);
  const cos = cosine({ start: 0.1, end: 0.001, steps: 100 });
  closeAll([cos(0), cos(50), cos(100), cos(250)], [0.1, 0.0505, 0.001, 0.001]);
  close(cosine({ start: 2, steps: 4 })(1), 1 + Math.SQRT1_2);
});

test('warmRestarts: cosine cycles of period x multiplier^i, restarting at max', () => {
  const lr = warmRestarts({ max: 0.1, min: 0.01, period: 10, multiplier: 2 });
  // cycles start at 0, 10, 30, 70
  for (const t of [0, 10, 30, 70]) close(lr(t), 0.1, `restart at ${t}`);
  close(lr(5), 0.055);
  close(lr(20), 0.055);
  close(lr(50), 0.055);
  close(lr(69), 0.01 + 0.09 * (1 + Math.cos((Math.PI * 39) / 40)) / 2);
  const flat = warmRestarts({ max: 1, period: 4 });
  const c = Math.cos(Math.PI / 4);
  const cycle = [1, (1 + c) / 2, 0.5, (1 - c) / 2];
  closeAll(sample(flat, 9), [...cycle, ...cycle, 1]);
});

test('join: each piece sees the steps since its boundary', () => {
  const lr = join([constant(1), linear({ start: 10, end: 20, steps: 10 }), constant(3)], [5, 15]);
  closeAll(sample(lr, 17), [1, 1, 1, 1, 1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 3, 3]);
  const spy: number[] = [];
  join([constant(0), (t) => (spy.push(t), t)], [100])(130);
  assert.deepEqual(spy, [30]);
});

test("the seed's OneCycleScheduler (linear up, cosine down to lrLow/1e4) is a join of linear and cosine", () => {
  // Seed: lr goes linearly from lrLow = maxLr/divFactor to maxLr over the first pct of steps,
  // then a cosine from maxLr down to lrLow/1e4 over the rest.
  const maxLr = 0.05, total = 200, up = 60, lrLow = maxLr / 25;
  const seed = join(
    [linear({ start: lrLow, end: maxLr, steps: up }), cosine({ start: maxLr, end: lrLow / 1e4, steps: total - up })],
    [up],
  );
  close(seed(0), lrLow);
  close(seed(30), (lrLow + maxLr) / 2);
  close(seed(up), maxLr);
  close(seed(up + (total - up) / 2), (maxLr + lrLow / 1e4) / 2);
  close(seed(total), lrLow / 1e4);
  close(seed(total + 50), lrLow / 1e4);
  // It round-trips through JSON like any other composed schedule.
  assert.deepEqual(toSpec(seed), {
    type: 'join',
    schedules: [
      { type: 'linear', start: lrLow, end: maxLr, steps: up },
      { type: 'cosine', start: maxLr, end: lrLow / 1e4, steps: total - up },
    ],
    boundaries: [up],
  });
});

test('cyclicFromRange: base = max/4, stepSize = 4 x itersPerEpoch by default; configurable', () => {
  assert.deepEqual(cyclicOptionsFromRange({ maxLr: 0.04, itersPerEpoch: 100 }), { baseLr: 0.01, maxLr: 0.04, stepSizeUp: 400 });
  const o = cyclicOptionsFromRange({ maxLr: 0.3, itersPerEpoch: 469, divisor: 3, stepSizeEpochs: 2.5, mode: 'triangular2' });
  close(o.baseLr, 0.1);
  assert.equal(o.stepSizeUp, 1173); // round(2.5 * 469 = 1172.5)
  assert.equal(o.mode, 'triangular2');
  const lr = cyclicFromRange({ maxLr: 0.04, itersPerEpoch: 100, divisor: 10 });
  close(lr(0), 0.004);
  close(lr(400), 0.04);
  close(lr(800), 0.004);
  assert.equal(toSpec(lr).type, 'cyclic');
});

test('sample: n values from start with stride', () => {
  const lr = linear({ start: 0, end: 1, steps: 100 });
  assert.deepEqual(sample(lr, 0), []);
  closeAll(sample(lr, 3, { start: 10, stride: 20 }), [0.1, 0.3, 0.5]);
});
