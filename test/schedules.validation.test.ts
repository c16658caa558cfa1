// Bad options are rejected with a RangeError/TypeError whose message names the option and value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  constant,
  cosine,
  cyclic,
  cyclicFromRange,
  cyclicMomentum,
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

type Case = [label: string, make: () => unknown, error: typeof RangeError | typeof TypeError, pattern: RegExp];
const base = { baseLr: 0.001, maxLr: 0.01 };
const one = { maxLr: 0.1, totalSteps: 100 };
const cases: Case[] = [
  ['cyclic negative baseLr', () => cyclic({ ...base, baseLr: -1 }), RangeError, /baseLr must be a finite number >= 0, got -1/],
  ['cyclic NaN maxLr', () => cyclic({ ...base, maxLr: NaN }), RangeError, /maxLr must be a finite number, got NaN/],
  ['cyclic string maxLr', () => cyclic({ ...base, maxLr: '0.1' as any }), TypeError, /maxLr must be a finite number, got "0.1"/],
  ['cyclic base > max', () => cyclic({ baseLr: 0.1, maxLr: 0.01 }), RangeError, /cyclic\(\): baseLr must be <= maxLr \(0.01\), got 0.1/],
  ['cyclic zero stepSizeUp', () => cyclic({ ...base, stepSizeUp: 0 }), RangeError, /stepSizeUp must be a finite number > 0, got 0/],
  ['cyclic negative stepSizeDown', () => cyclic({ ...base, stepSizeDown: -3 }), RangeError, /stepSizeDown must be a finite number > 0, got -3/],
  ['cyclic unknown mode', () => cyclic({ ...base, mode: 'sawtooth' as any }), RangeError, /mode must be one of "triangular", "triangular2", "exp_range", got "sawtooth"/],
  ['cyclic zero gamma', () => cyclic({ ...base, mode: 'exp_range', gamma: 0 }), RangeError, /gamma must be a finite number > 0, got 0/],
  ['cyclic negative gamma', () => cyclic({ ...base, mode: 'exp_range', gamma: -0.5 }), RangeError, /gamma must be a finite number > 0, got -0.5/],
  ['cyclic NaN gamma', () => cyclic({ ...base, mode: 'exp_range', gamma: NaN }), RangeError, /gamma must be a finite number > 0, got NaN/],
  ['cyclicMomentum zero gamma', () => cyclicMomentum({ mode: 'exp_range', gamma: 0 }), RangeError, /cyclicMomentum\(\): gamma must be a finite number > 0, got 0/],
  ['cyclic gamma > 1 overflowing', () => cyclic({ ...base, mode: 'exp_range', gamma: 2 })(1024), RangeError, /gamma\^step overflows at step 1024 \(gamma 2\)/],
  ['cyclic gamma without exp_range', () => cyclic({ ...base, gamma: 0.9 }), TypeError, /gamma 0.9 only applies to mode 'exp_range'/],
  ['cyclic scaleMode contradicting mode', () => cyclic({ ...base, mode: 'exp_range', gamma: 0.9, scaleMode: 'cycle' }), TypeError, /scaleMode "cycle" does not apply to mode 'exp_range'/],
  ['cyclic mode next to scaleFn', () => cyclic({ ...base, mode: 'triangular2', scaleFn: () => 1 }), TypeError, /mode "triangular2" is ignored when scaleFn is given/],
  ['cyclic scaleFn not a function', () => cyclic({ ...base, scaleFn: 2 as any }), TypeError, /scaleFn must be a function/],
  ['cyclic bad scaleMode', () => cyclic({ ...base, scaleFn: () => 1, scaleMode: 'epochs' as any }), RangeError, /scaleMode must be "cycle" or "iterations", got "epochs"/],
  ['cyclic typo option', () => cyclic({ ...base, stepsizeUp: 4 } as any), TypeError, /unknown option "stepsizeUp"/],
  ['cyclic not an object', () => cyclic(undefined as any), TypeError, /options must be an object, got undefined/],
  ['cyclicMomentum base > max', () => cyclicMomentum({ baseMomentum: 0.95, maxMomentum: 0.9 }), RangeError, /baseMomentum must be <= maxMomentum \(0.9\), got 0.95/],
  ['cyclicMomentum > 1', () => cyclicMomentum({ maxMomentum: 1.2 }), RangeError, /maxMomentum must be a number in \[0, 1\], got 1.2/],
  ['oneCycle zero totalSteps', () => oneCycle({ maxLr: 0.1, totalSteps: 0 }), RangeError, /totalSteps must be a positive integer, got 0/],
  ['oneCycle fractional totalSteps', () => oneCycle({ maxLr: 0.1, totalSteps: 10.5 }), RangeError, /totalSteps must be a positive integer, got 10.5/],
  ['oneCycle no length', () => oneCycle({ maxLr: 0.1 }), TypeError, /totalSteps is required/],
  ['oneCycle both lengths', () => oneCycle({ ...one, epochs: 2, stepsPerEpoch: 50 }), TypeError, /either totalSteps or epochs and itersPerEpoch/],
  ['oneCycle epochs without itersPerEpoch', () => oneCycle({ maxLr: 0.1, epochs: 3 }), TypeError, /oneCycle\(\): itersPerEpoch must be a positive integer, got undefined/],
  ['oneCycle itersPerEpoch and a different stepsPerEpoch', () => oneCycle({ maxLr: 0.1, epochs: 3, itersPerEpoch: 10, stepsPerEpoch: 12 }), TypeError, /itersPerEpoch 10 and its alias stepsPerEpoch 12 differ/],
  ['oneCycle bad alias value', () => oneCycle({ maxLr: 0.1, epochs: 3, stepsPerEpoch: 2.5 }), RangeError, /stepsPerEpoch must be a positive integer, got 2\.5/],
  ['oneCycle negative maxLr', () => oneCycle({ ...one, maxLr: -0.1 }), RangeError, /maxLr must be a finite number > 0, got -0.1/],
  ['oneCycle pctStart 0', () => oneCycle({ ...one, pctStart: 0 }), RangeError, /pctStart must be a number in \(0, 1\), got 0/],
  ['oneCycle pctStart 1', () => oneCycle({ ...one, pctStart: 1 }), RangeError, /pctStart must be a number in \(0, 1\), got 1/],
  ['oneCycle pctStart NaN', () => oneCycle({ ...one, pctStart: NaN }), RangeError, /pctStart must be a number in \(0, 1\), got NaN/],
  ['oneCycle rise under one step', () => oneCycle({ maxLr: 0.1, totalSteps: 10, pctStart: 0.1 }), RangeError, /pctStart \* totalSteps must be > 1/],
  ['oneCycle threePhase pctStart too big', () => oneCycle({ ...one, pctStart: 0.6, threePhase: true }), RangeError, /pctStart 0.6 is too large for threePhase/],
  ['oneCycle unknown annealStrategy', () => oneCycle({ ...one, annealStrategy: 'exp' as any }), RangeError, /annealStrategy must be "cos" or "linear", got "exp"/],
  ['oneCycle zero divFactor', () => oneCycle({ ...one, divFactor: 0 }), RangeError, /divFactor must be a finite number > 0, got 0/],
  ['oneCycle finalDivFactor Infinity', () => oneCycle({ ...one, finalDivFactor: Infinity }), RangeError, /finalDivFactor must be a finite number > 0, got Infinity/],
  ['oneCycle threePhase not boolean', () => oneCycle({ ...one, threePhase: 'yes' as any }), TypeError, /threePhase must be a boolean, got "yes"/],
  ['oneCycleMomentum negative', () => oneCycleMomentum({ totalSteps: 10, baseMomentum: -0.1 }), RangeError, /baseMomentum must be a number in \[0, 1\], got -0.1/],
  ['constant NaN', () => constant(NaN), RangeError, /value must be a finite number, got NaN/],
  ['linear zero steps', () => linear({ start: 0, end: 1, steps: 0 }), RangeError, /steps must be a finite number > 0, got 0/],
  ['exponential gamma and steps', () => exponential({ start: 1, gamma: 0.9, steps: 10 }), TypeError, /not both gamma and steps/],
  ['exponential missing end', () => exponential({ start: 1, steps: 10 }), TypeError, /give gamma, or both end and steps/],
  ['exponential negative gamma', () => exponential({ start: 1, gamma: -0.5 }), RangeError, /gamma must be a finite number > 0, got -0.5/],
  ['exponential non-positive start (geometric)', () => exponential({ start: 0, end: 1, steps: 5 }), RangeError, /start must be a finite number > 0, got 0/],
  ['exponential end above start with decay', () => exponential({ start: 1, gamma: 0.5, end: 2 }), RangeError, /end must be <= start \(1\), got 2/],
  ['cosine negative steps', () => cosine({ start: 1, steps: -5 }), RangeError, /steps must be a finite number > 0, got -5/],
  ['warmRestarts zero period', () => warmRestarts({ max: 1, period: 0 }), RangeError, /period must be a finite number > 0, got 0/],
  ['warmRestarts multiplier < 1', () => warmRestarts({ max: 1, period: 5, multiplier: 0.5 }), RangeError, /multiplier must be a finite number >= 1, got 0.5/],
  ['warmRestarts min > max', () => warmRestarts({ max: 1, min: 2, period: 5 }), RangeError, /min must be <= max \(1\), got 2/],
  ['join empty', () => join([], []), TypeError, /schedules must be a non-empty array/],
  ['join wrong boundary count', () => join([constant(1), constant(2)], []), RangeError, /boundaries must be an array of 1 step/],
  ['join decreasing boundaries', () => join([constant(1), constant(2), constant(3)], [10, 5]), RangeError, /boundaries\[1\] must be > 10.*got 5/],
  ['join non-function piece', () => join([constant(1), 2 as any], [3]), TypeError, /schedules\[1\] must be a function/],
  ['cyclicFromRange divisor 2', () => cyclicFromRange({ maxLr: 0.1, itersPerEpoch: 10, divisor: 2 }), RangeError, /divisor must be a number in \[3, 10\], got 2/],
  ['cyclicFromRange stepSizeEpochs 20', () => cyclicFromRange({ maxLr: 0.1, itersPerEpoch: 10, stepSizeEpochs: 20 }), RangeError, /stepSizeEpochs must be a number in \[2, 10\], got 20/],
  ['cyclicFromRange itersPerEpoch 0', () => cyclicFromRange({ maxLr: 0.1, itersPerEpoch: 0 }), RangeError, /itersPerEpoch must be a positive integer, got 0/],
  ['sample negative n', () => sample(constant(1), -1), RangeError, /n must be an integer >= 0, got -1/],
  ['sample zero stride', () => sample(constant(1), 3, { stride: 0 }), RangeError, /stride must be a finite number > 0, got 0/],
  ['schedule at a negative step', () => constant(1)(-1), RangeError, /step must be a finite number >= 0, got -1/],
  ['schedule at NaN', () => cyclic(base)(NaN), RangeError, /step must be a finite number >= 0, got NaN/],
  ['toSpec of a plain function', () => toSpec((t: number) => t), TypeError, /expected a schedule made by an lrkit factory/],
  ['toSpec of a custom scaleFn', () => toSpec(cyclic({ ...base, scaleFn: () => 1 })), TypeError, /custom scaleFn cannot be serialised/],
  ['toSpec of a join holding a custom scaleFn', () => toSpec(join([constant(1), cyclic({ ...base, scaleFn: () => 1 })], [5])), TypeError, /custom scaleFn cannot be serialised/],
  ['toSpec of a join holding a plain function', () => toSpec(join([constant(1), (t) => t], [5])), TypeError, /schedules\[1\] is a plain function/],
  ['fromSpec unknown type', () => fromSpec({ type: 'step' }), TypeError, /at spec.type: Invalid discriminator/],
  ['fromSpec wrong field type', () => fromSpec({ type: 'cosine', start: '1', steps: 5 }), TypeError, /at spec.start: .*expected number/],
  ['fromSpec unknown key', () => fromSpec({ type: 'constant', value: 1, vlaue: 2 }), TypeError, /Unrecognized key: "vlaue"/],
  ['fromSpec scaleFn key', () => fromSpec({ type: 'cyclic', ...base, scaleFn: 'x => 1' }), TypeError, /Unrecognized key: "scaleFn"/],
  ['fromSpec bad value names the path', () => fromSpec({ type: 'join', schedules: [{ type: 'constant', value: 1 }, { type: 'oneCycle', maxLr: 1, totalSteps: 0 }], boundaries: [3] }), RangeError, /at spec.schedules\[1\]: oneCycle\(\): totalSteps must be a positive integer, got 0/],
  ['fromSpec nested shape error names the path', () => fromSpec({ type: 'join', schedules: [{ type: 'linear', start: 0, end: 1 }], boundaries: [] }), TypeError, /at spec.schedules\[0\].steps/],
  ['fromSpec bad JSON', () => fromSpec('{type:'), TypeError, /not valid JSON/],
];

for (const [label, make, error, pattern] of cases) {
  test(`rejects: ${label}`, () => {
    assert.throws(make, (err: unknown) => {
      assert.ok(err instanceof error, `expected ${error.name}, got ${(err as Error)?.name}: ${(err as Error)?.message}`);
      assert.match((err as Error).message, pattern);
      return true;
    });
  });
}

test('options that PyTorch would accept and that are valid here are not rejected', () => {
  // Guards against over-eager checks: boundary values that must pass.
  cyclic({ baseLr: 0, maxLr: 0 });
  cyclic({ ...base, mode: 'exp_range', gamma: 1, scaleMode: 'iterations' });
  cyclic({ ...base, mode: 'exp_range', gamma: 1.5 }); // PyTorch accepts any gamma; > 1 grows
  cyclic({ ...base, mode: 'triangular2', scaleMode: 'cycle' });
  cyclicMomentum({ ...base, baseMomentum: 0, maxMomentum: 1 });
  oneCycle({ maxLr: 0.1, totalSteps: 3, pctStart: 0.5 });
  oneCycle({ ...one, pctStart: 0.5, threePhase: true });
  oneCycleMomentum({ ...one, divFactor: 10, finalDivFactor: 100 });
  exponential({ start: -1, gamma: 1.1 });
  warmRestarts({ max: 1, period: 0.5, multiplier: 1.5 });
  cyclicFromRange({ maxLr: 0.1, itersPerEpoch: 1, divisor: 10, stepSizeEpochs: 2 });
  assert.equal(constant(2)(0.5), 2);
});
