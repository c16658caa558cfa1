// Reliability: every public function rejects bad input with a RangeError/TypeError whose message
// names the bad option, shows the bad value and says what is expected, and leaves nothing behind
// (no step run, no tensor leaked, no weight changed, no file written).
// Each "kind" below is one family of bad input; fast-check draws many values for each.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import {
  constant, cosine, cyclic, curveToCsv, fromSpec, join, lrAt, oneCycle, parseCurveCsv, parseCurveJson,
  rangeTest, sample, smooth, suggest,
} from '../src/index.js';
import { prepareOutputDir, writeFileAtomic } from '../src/node/index.js';
import { disposeOptimizer, findLearningRate, scheduleCallback, setBackend, setLearningRate, setMomentum } from '../src/tfjs/index.js';
import { createMlp, createOptimizer, policySchedules, trainWithSchedule } from '../src/models/index.js';
import { blobs } from '../src/data/index.js';
import { loadSplits } from '../src/node/index.js';
import { lrFinderPlot } from '../src/report/plots.js';
import { findLearningRateRuns } from '../src/robust/index.js';

/** How a failure must look: the error class and fragments the message must contain. */
interface Expect {
  type: typeof RangeError | typeof TypeError | 'RangeOrType';
  mentions: string[];
}

/** A family of bad input: `arb` draws a bad value, `run` feeds it to the API. */
interface Kind<T> {
  name: string;
  arb: fc.Arbitrary<T>;
  run: (v: T) => unknown;
  expect: (v: T) => Expect;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const kinds: Kind<any>[] = [];
const kind = <T>(k: Kind<T>): void => {
  kinds.push(k);
};

/** How lrkit prints a number in messages (String(), so NaN, -Infinity, 1e-7). */
const shown = (v: number): string => String(v);
/** "an object" for a plain object, else the class with its article: "a Map", "an AbortController". */
const byClass = (v: object): string => {
  const name = v.constructor?.name;
  return !name || name === 'Object' ? 'an object' : `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
};

/** How lrkit prints a value that is not a number: strings quoted, short arrays of plain values listed, longer ones by length, objects by class. */
const shownAny = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(v)
    : Array.isArray(v) ? (v.length <= 8 && v.every((x) => x === null || typeof x !== 'object') ? `[${v.map(shownAny).join(', ')}]` : `an array of length ${v.length}`)
      : v !== null && typeof v === 'object' ? byClass(v)
        : String(v);

// Bad numbers: NaN, ±Infinity, zero and negatives for "> 0" options.
const nonPositive = fc.oneof(
  fc.constant(NaN), fc.constant(Infinity), fc.constant(-Infinity), fc.constant(0),
  fc.double({ max: -Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }),
);
// null is not here: like undefined, it selects an option's default.
const notNumber = fc.oneof(fc.string({ maxLength: 6 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 3 }), fc.object({ maxDepth: 0 }));
const outsideUnit = fc.oneof(
  fc.constant(NaN), fc.constant(1), fc.constant(Infinity), fc.constant(-Infinity),
  fc.double({ min: 1, max: 1e9, noNaN: true }), fc.double({ max: -1e-12, min: -1e9, noNaN: true }),
);
const nonInteger = fc.oneof(fc.constant(NaN), fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((x) => !Number.isInteger(x)));
const typo = fc.constantFrom('numIters', 'startLR', 'end_lr', 'lr', 'iterations', 'smoothing', 'Beta');
const step = (): number => 1;

let stepCalls = 0;
// Training steps of any tfjs optimizer: Optimizer.minimize is patched in before() to count them.
let minimizeCalls = 0;
const countingStep = (): number => {
  stepCalls += 1;
  return 1;
};

// ---------------------------------------------------------------- range test (finder core)
kind({
  name: 'rangeTest startLr not > 0 or not finite',
  arb: nonPositive,
  run: (v: number) => rangeTest({ step: countingStep, startLr: v }),
  expect: (v) => ({ type: RangeError, mentions: ['startLr', shown(v), '> 0'] }),
});
kind({
  name: 'rangeTest startLr not a number',
  arb: notNumber,
  run: (v) => rangeTest({ step: countingStep, startLr: v as never }),
  expect: (v) => ({ type: TypeError, mentions: ['startLr', 'must be a finite number > 0', `got ${shownAny(v)}`] }),
});
kind({
  name: 'rangeTest endLr not > 0',
  arb: nonPositive,
  run: (v: number) => rangeTest({ step: countingStep, endLr: v }),
  expect: (v) => ({ type: RangeError, mentions: ['endLr', 'must be a finite number > 0', `got ${shown(v)}`] }),
});
kind({
  name: 'rangeTest startLr >= endLr',
  arb: fc.record({ endLr: fc.double({ min: 1e-9, max: 1e3, noNaN: true }), factor: fc.double({ min: 1, max: 1e6, noNaN: true }) }),
  run: ({ endLr, factor }: { endLr: number; factor: number }) => rangeTest({ step: countingStep, startLr: endLr * factor, endLr }),
  expect: ({ endLr, factor }) => ({ type: RangeError, mentions: ['endLr', `greater than startLr (${shown(endLr * factor)})`, `got ${shown(endLr)}`] }),
});
kind({
  name: 'rangeTest numIter < 2',
  arb: fc.integer({ min: -1000, max: 1 }),
  run: (v: number) => rangeTest({ step: countingStep, numIter: v }),
  expect: (v) => ({ type: RangeError, mentions: ['numIter', shown(v), 'integer >= 2'] }),
});
kind({
  name: 'rangeTest numIter not an integer',
  arb: nonInteger,
  run: (v: number) => rangeTest({ step: countingStep, numIter: v }),
  expect: (v) => ({ type: RangeError, mentions: ['numIter', 'integer >= 2', `got ${shown(v)}`] }),
});
kind({
  name: 'rangeTest beta outside [0, 1)',
  arb: outsideUnit,
  run: (v: number) => rangeTest({ step: countingStep, beta: v }),
  expect: (v) => ({ type: RangeError, mentions: ['beta', shown(v), '[0, 1)'] }),
});
kind({
  name: 'rangeTest divergeThreshold <= 1',
  arb: fc.oneof(fc.constant(NaN), fc.double({ min: -1e6, max: 1, noNaN: true })),
  run: (v: number) => rangeTest({ step: countingStep, divergeThreshold: v }),
  expect: (v) => ({ type: RangeError, mentions: ['divergeThreshold', shown(v), '> 1'] }),
});
kind({
  name: 'rangeTest unknown mode / metric',
  arb: fc.record({ key: fc.constantFrom('mode', 'metric'), value: fc.string({ maxLength: 8 }).filter((s) => !['exp', 'linear', 'loss', 'higher-is-better'].includes(s)) }),
  run: ({ key, value }: { key: string; value: string }) => rangeTest({ step: countingStep, [key]: value }),
  expect: ({ key, value }) => ({ type: RangeError, mentions: [`${key} must be`, key === 'mode' ? '"exp" or "linear"' : '"loss" or "higher-is-better"', `got ${JSON.stringify(value)}`] }),
});
kind({
  name: 'rangeTest step not a function',
  arb: fc.oneof(notNumber, fc.double()),
  run: (v) => rangeTest({ step: v as never }),
  expect: (v) => ({ type: TypeError, mentions: ['step must be a function', `got ${shownAny(v)}`] }),
});
kind({
  name: 'rangeTest misspelled option',
  arb: typo,
  run: (k: string) => rangeTest({ step: countingStep, [k]: 1 } as never),
  expect: (k) => ({ type: TypeError, mentions: [JSON.stringify(k), 'unknown option', 'numIter'] }),
});
kind({
  name: 'rangeTest step returns a non-number',
  arb: fc.oneof(fc.string({ maxLength: 4 }), fc.constant(null), fc.constant(undefined), fc.boolean()),
  run: (v) => rangeTest({ step: () => v as unknown as number, numIter: 5 }),
  expect: (v) => ({ type: TypeError, mentions: ["step's result at iteration 0 must be a number", `got ${shownAny(v)}`] }),
});
kind({
  name: 'rangeTest range too narrow for numIter',
  arb: fc.record({ startLr: fc.double({ min: 1e-6, max: 1, noNaN: true }), numIter: fc.integer({ min: 1e6, max: 1e7 }) }),
  run: ({ startLr, numIter }: { startLr: number; numIter: number }) => rangeTest({ step: countingStep, startLr, endLr: startLr * (1 + 1e-9), numIter }),
  expect: ({ numIter }) => ({ type: RangeError, mentions: [`numIter (${numIter})`, 'too large', 'widen the range or use fewer iterations'] }),
});
kind({
  name: 'lrAt iteration out of range',
  arb: fc.oneof(fc.integer({ min: 10, max: 1e6 }), fc.integer({ min: -1e6, max: -1 })),
  run: (i: number) => lrAt(i, { startLr: 1e-4, endLr: 1, numIter: 10, mode: 'exp' }),
  expect: (i) => ({ type: RangeError, mentions: ['lrAt: i must be an integer from 0 to 9', `got ${shown(i)}`] }),
});
kind({
  name: 'smooth with a non-finite loss',
  arb: fc.record({ at: fc.nat({ max: 4 }), bad: fc.constantFrom(NaN, Infinity, -Infinity) }),
  run: ({ at, bad }: { at: number; bad: number }) => smooth([1, 2, 3, 4, 5].map((x, i) => (i === at ? bad : x))),
  expect: ({ at, bad }) => ({ type: RangeError, mentions: [`losses[${at}]`, 'must be a finite number', `got ${shown(bad)}`] }),
});

// ---------------------------------------------------------------- suggestions
const curve = (n: number) => ({ lrs: Array.from({ length: n }, (_, i) => 10 ** (-5 + i * 0.1)), losses: Array.from({ length: n }, (_, i) => 3 - Math.sin(i / 10)) });
const RULES = ['minimum', 'steep', 'valley', 'cyclicBounds', 'oneCycle'] as const;
kind({
  name: 'suggestions on an empty or 1-point curve',
  arb: fc.record({ rule: fc.constantFrom(...RULES), n: fc.integer({ min: 0, max: 1 }) }),
  run: ({ rule, n }: { rule: (typeof RULES)[number]; n: number }) => suggest[rule](curve(n)),
  expect: ({ rule, n }) => ({ type: RangeError, mentions: [rule, 'at least 2 points', `got ${n}`] }),
});
kind({
  name: 'suggestions with lrs and losses of different lengths',
  arb: fc.record({ rule: fc.constantFrom(...RULES), n: fc.integer({ min: 2, max: 30 }), m: fc.integer({ min: 0, max: 30 }) }).filter(({ n, m }) => n !== m),
  run: ({ rule, n, m }: { rule: (typeof RULES)[number]; n: number; m: number }) => suggest[rule]({ lrs: curve(n).lrs, losses: curve(m).losses }),
  expect: ({ rule, n, m }) => ({ type: RangeError, mentions: [rule, 'curve.lrs and curve.losses', 'must have the same length', `got ${n} and ${m}`] }),
});
kind({
  name: 'suggestions with a bad or non-increasing learning rate',
  arb: fc.record({ at: fc.integer({ min: 1, max: 19 }), bad: fc.oneof(nonPositive, fc.constant(1e-9)) }),
  run: ({ at, bad }: { at: number; bad: number }) => {
    const c = curve(20);
    c.lrs[at] = bad;
    return suggest.valley(c);
  },
  expect: ({ at, bad }) => ({
    type: RangeError,
    // A value that is not > 0 is named as such; 1e-9 is valid alone but smaller than the lr before it.
    mentions: bad === 1e-9 ? ['valley', 'strictly increasing', `lrs[${at}]=1e-9`] : ['valley', `curve.lrs[${at}] must be a finite number > 0`, `got ${shown(bad)}`],
  }),
});
kind({
  name: 'suggestions with a NaN loss',
  arb: fc.record({ at: fc.nat({ max: 19 }), bad: fc.constantFrom(NaN, Infinity) }),
  run: ({ at, bad }: { at: number; bad: number }) => {
    const c = curve(20);
    c.losses[at] = bad;
    return suggest.minimum(c);
  },
  expect: ({ at, bad }) => ({ type: RangeError, mentions: ['minimum', `curve.losses[${at}] must be a finite number`, `got ${shown(bad)}`] }),
});

// ---------------------------------------------------------------- schedules
kind({
  name: 'cyclic baseLr above maxLr',
  arb: fc.record({ maxLr: fc.double({ min: 1e-6, max: 1, noNaN: true }), f: fc.double({ min: 1.001, max: 1e3, noNaN: true }) }),
  run: ({ maxLr, f }: { maxLr: number; f: number }) => cyclic({ baseLr: maxLr * f, maxLr }),
  expect: ({ maxLr, f }) => ({ type: RangeError, mentions: ['baseLr must be <=', `maxLr (${shown(maxLr)})`, `got ${shown(maxLr * f)}`] }),
});
kind({
  name: 'oneCycle maxLr not > 0',
  arb: nonPositive,
  run: (v: number) => oneCycle({ maxLr: v, totalSteps: 100 }),
  expect: (v) => ({ type: RangeError, mentions: ['oneCycle(): maxLr must be', Number.isFinite(v) ? '> 0' : 'a finite number', `got ${shown(v)}`] }),
});
kind({
  name: 'oneCycle pctStart outside (0, 1)',
  arb: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 1, max: 100, noNaN: true }), fc.double({ min: -100, max: 0, noNaN: true })),
  run: (v: number) => oneCycle({ maxLr: 0.1, totalSteps: 100, pctStart: v }),
  expect: (v) => ({ type: RangeError, mentions: ['pctStart', 'must be a number in (0, 1)', `got ${shown(v)}`] }),
});
kind({
  name: 'cosine steps not > 0',
  arb: fc.oneof(fc.integer({ min: -100, max: 0 }), fc.constant(NaN), fc.constant(Infinity)),
  run: (v: number) => cosine({ start: 0.1, steps: v }),
  expect: (v) => ({ type: RangeError, mentions: ['cosine(): steps must be', Number.isFinite(v) ? '> 0' : 'a finite number', `got ${shown(v)}`] }),
});
kind({
  name: 'join boundaries not increasing',
  arb: fc.record({ a: fc.integer({ min: 1, max: 100 }), d: fc.integer({ min: 0, max: 100 }) }),
  run: ({ a, d }: { a: number; d: number }) => join([constant(1), constant(2), constant(3)], [a, a - d]),
  expect: ({ a, d }) => ({ type: RangeError, mentions: ['join(): boundaries[1]', `must be > ${a}`, 'strictly increase', `got ${a - d}`] }),
});
kind({
  name: 'a schedule called with a bad step',
  arb: fc.oneof(fc.constant(NaN), fc.constant(Infinity), fc.double({ max: -1e-9, min: -1e9, noNaN: true })),
  run: (v: number) => oneCycle({ maxLr: 0.1, totalSteps: 10 })(v),
  expect: (v) => ({ type: RangeError, mentions: ['step must be a finite number >= 0', `got ${shown(v)}`] }),
});
kind({
  name: 'sample() with a bad count',
  arb: fc.oneof(fc.integer({ min: -100, max: -1 }), fc.constant(NaN), fc.constant(1.5)),
  run: (v: number) => sample(constant(1), v),
  expect: (v) => ({ type: RangeError, mentions: ['sample(): n must be an integer >= 0', `got ${shown(v)}`] }),
});
kind({
  name: 'fromSpec with malformed JSON',
  arb: fc.constantFrom('{', '{"type":', '[1,', '{"type":"constant","value":}', "{'type':'constant'}", 'nan'),
  run: (text: string) => fromSpec(text),
  expect: (text) => ({ type: TypeError, mentions: ['fromSpec', 'not valid JSON', `got ${JSON.stringify(text)}`] }),
});
kind({
  name: 'fromSpec with an unknown type or option',
  arb: fc.oneof(
    fc.record({ type: fc.constantFrom('cyclical', 'one_cycle', 'Cosine', ''), value: fc.constant(1) }),
    fc.record({ type: fc.constant('constant'), value: fc.constant(1), extra: fc.nat() }),
  ),
  run: (spec: object) => fromSpec(JSON.stringify(spec)),
  expect: (spec: { type: string; extra?: number }) => ({
    type: TypeError,
    mentions: spec.extra === undefined ? ['fromSpec', 'at spec.type', `got ${JSON.stringify(spec.type)}`, "'cyclic'"] : ['fromSpec', 'at spec', 'Unrecognized key', '"extra"'],
  }),
});
kind({
  name: 'fromSpec with a bad value deep inside a join',
  arb: nonPositive.filter((v) => Number.isFinite(v)),
  run: (v: number) => fromSpec({ type: 'join', schedules: [{ type: 'constant', value: 1 }, { type: 'oneCycle', maxLr: v, totalSteps: 10 }], boundaries: [3] }),
  expect: (v) => ({ type: RangeError, mentions: ['spec.schedules[1]', 'maxLr must be a finite number > 0', `got ${shown(v)}`] }),
});

// ---------------------------------------------------------------- curve files
kind({
  name: 'curve CSV with no loss / lr column',
  arb: fc.record({ drop: fc.constantFrom('lr', 'loss'), other: fc.constantFrom('foo', 'epoch', 'x', 'acc') }),
  run: ({ drop, other }: { drop: string; other: string }) => parseCurveCsv(`${drop === 'lr' ? other : 'lr'},${drop === 'loss' ? other : 'loss'}\n0.001,2\n0.01,1.5\n0.1,1\n`),
  expect: ({ drop, other }) => ({
    type: RangeError,
    mentions: [`no ${drop === 'lr' ? 'learning-rate' : 'loss'} column`, JSON.stringify(drop === 'lr' ? [other, 'loss'] : ['lr', other]), 'expected one named', `pass ${drop === 'lr' ? 'lrColumn' : 'lossColumn'}`],
  }),
});
kind({
  name: 'curve CSV with a non-numeric cell',
  arb: fc.record({ row: fc.integer({ min: 0, max: 2 }), col: fc.constantFrom('lr', 'loss'), cell: fc.constantFrom('abc', '1,5', '0x10', '--1', 'one', '1e') }),
  run: ({ row, col, cell }: { row: number; col: string; cell: string }) => {
    const rows = [['0.001', '2'], ['0.01', '1.5'], ['0.1', '1']];
    rows[row][col === 'lr' ? 0 : 1] = JSON.stringify(cell);
    return parseCurveCsv(`lr,loss\n${rows.map((r) => r.join(',')).join('\n')}\n`);
  },
  expect: ({ row, col, cell }) => ({ type: RangeError, mentions: [`line ${row + 2}`, `column "${col}"`, `${JSON.stringify(cell)} is not a`, 'number'] }),
});
kind({
  name: 'curve CSV with fewer than 2 rows',
  arb: fc.constantFrom('lr,loss\n', 'lr,loss\n0.1,2\n', ''),
  run: (text: string) => parseCurveCsv(text),
  expect: (text) => {
    if (text === '') return { type: RangeError, mentions: ['curve CSV is empty', 'expected a header and at least 2 rows'] };
    const rows = text.split('\n').filter((l) => l !== '').length - 1;
    return { type: RangeError, mentions: ['curve CSV', `has ${rows} data row`, 'expected at least 2'] };
  },
});
kind({
  name: 'curve JSON that is not JSON',
  arb: fc.constantFrom('{', '{"lrs":[1,2],', 'lrs: [1]', '', 'NaN'),
  run: (text: string) => parseCurveJson(text),
  expect: (text) => ({ type: RangeError, mentions: ['invalid curve JSON', 'expected a JSON object with lrs and losses', `got ${JSON.stringify(text)}`] }),
});
kind({
  name: 'curve JSON with bad fields',
  arb: fc.oneof(
    fc.record({ lrs: fc.constant([1e-3, 1e-2]), losses: fc.array(fc.double({ noNaN: true }), { minLength: 3, maxLength: 5 }) }),
    fc.record({ lrs: fc.tuple(fc.double({ max: 0, noNaN: true, noDefaultInfinity: true }), fc.constant(1)), losses: fc.constant([1, 2]) }),
    fc.record({ lrs: fc.constant([1e-3, 1e-2]), losses: fc.constant(['a', 'b']) }),
    fc.record({ lrs: fc.constant([1e-3]), losses: fc.constant([2]) }),
  ),
  run: (obj: object) => parseCurveJson(JSON.stringify(obj)),
  expect: (obj: { lrs: readonly number[]; losses: readonly unknown[] }) => {
    const mentions = ['invalid curve JSON'];
    if (obj.lrs.length < 2) mentions.push('lrs:', 'expected array to have >=2 items', 'got an array of length 1');
    else if (typeof obj.losses[0] === 'string') mentions.push('losses[0]:', 'expected number', `got ${JSON.stringify(obj.losses[0])}`);
    else if (obj.losses.length !== obj.lrs.length) mentions.push('losses:', `length ${obj.losses.length} differs from lrs length 2`);
    else mentions.push('lrs[0]:', 'expected number to be >0', `got ${shown(obj.lrs[0])}`);
    return { type: RangeError, mentions };
  },
});
kind({
  name: 'curveToCsv of a malformed curve',
  arb: fc.oneof(fc.constant(null), fc.record({ lrs: fc.constant([1, 2]), losses: fc.constant([1]) }), fc.record({ lrs: fc.constant([0, 1]), losses: fc.constant([1, 2]) })),
  run: (c: unknown) => curveToCsv(c as never),
  expect: (c: { lrs: readonly number[]; losses: readonly number[] } | null) => ({
    type: 'RangeOrType',
    mentions: c === null ? ['curveToCsv: result must be an object with lrs and losses arrays', 'got null']
      : c.lrs[0] === 0 ? ['curveToCsv: result.lrs[0] must be a finite number > 0', 'got 0']
        : ['curveToCsv: result.losses must be an array as long as result.lrs (2)', 'got [1]'],
  }),
});
kind({
  name: 'output file escaping the output directory',
  arb: fc.constantFrom('../x.csv', '/etc/passwd', '..', 'a/../../b.png'),
  run: (f: string) => prepareOutputDir(path.join(tmpdir(), 'lrkit-never-created-' + process.pid), [f]),
  expect: (f) => ({ type: RangeError, mentions: [`output file ${JSON.stringify(f)}`, 'must be a name inside', JSON.stringify(path.join(tmpdir(), 'lrkit-never-created-' + process.pid))] }),
});
kind({
  name: 'writeFileAtomic with bad data',
  arb: fc.oneof(fc.constant(null), fc.nat(), fc.constant({})),
  run: (d: unknown) => writeFileAtomic(path.join(tmpdir(), 'lrkit-never-written-' + process.pid), d as string),
  expect: (d) => ({ type: TypeError, mentions: ['writeFileAtomic: data must be a string, a Uint8Array (Buffer) or an array of strings', `got ${shownAny(d)}`] }),
});
kind({
  name: 'lrFinderPlot with no runs or a broken run',
  arb: fc.oneof(fc.constant([]), fc.constant([{ lrs: [1, 2], losses: [1] }]), fc.constant('curve')),
  run: (runs: unknown) => lrFinderPlot({ runs: runs as never }),
  expect: (runs) => ({
    type: 'RangeOrType',
    mentions: Array.isArray(runs) && runs.length === 1
      ? ['lrFinderPlot: runs[0].losses must be an array as long as runs[0].lrs (2)', 'got [1]']
      : ['lrFinderPlot: runs must be a non-empty array of curves', `got ${shownAny(runs)}`],
  }),
});

// ---------------------------------------------------------------- TensorFlow.js adapter
function tinyModel(compileWith?: tf.Optimizer | null): tf.LayersModel {
  const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) })] });
  if (compileWith !== undefined) m.compile({ optimizer: compileWith ?? tf.train.sgd(0.1), loss: 'meanSquaredError' });
  if (compileWith === null) {
    disposeOptimizer(m.optimizer);
    (m as unknown as { optimizer: unknown }).optimizer = null;
  }
  return m;
}
class HomeMadeOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'HomeMade';
  }
  applyGradients(): void {}
  getConfig(): tf.serialization.ConfigDict {
    return {};
  }
}

let model: tf.LayersModel;
let xs: tf.Tensor;
let ys: tf.Tensor;
const data = (): { xs: tf.Tensor; ys: tf.Tensor } => ({ xs, ys });
// Every findLearningRate kind passes this: a recorded step would count (and the optimizer spy in
// the harness counts every minimize(), i.e. every training step, whatever the caller).
const counted = { onIteration: (): void => void (stepCalls += 1) };

kind({
  name: 'findLearningRate on an uncompiled model or a model without optimizer',
  arb: fc.constantFrom('uncompiled', 'no optimizer'),
  run: (which: string) => {
    const m = tinyModel(which === 'uncompiled' ? undefined : null);
    return findLearningRate(m, data(), { ...counted, numIter: 5 }).finally(() => m.dispose());
  },
  expect: () => ({ type: TypeError, mentions: ['model "sequential_', 'is not compiled', 'call model.compile({ optimizer, loss }) first'] }),
});
kind({
  name: 'findLearningRate with an unknown optimizer type',
  arb: fc.constant(0),
  run: () => {
    const m = tinyModel(new HomeMadeOptimizer());
    return findLearningRate(m, data(), { ...counted, numIter: 5 }).finally(() => m.dispose());
  },
  expect: () => ({ type: TypeError, mentions: ['unknown optimizer type', '"HomeMade"', 'Adam'] }),
});
kind({
  name: 'findLearningRate on something that is not a model',
  arb: fc.oneof(fc.constant(null), fc.constant(undefined), fc.object({ maxDepth: 0 }), fc.string({ maxLength: 4 })),
  run: (m: unknown) => findLearningRate(m as tf.LayersModel, data(), counted),
  expect: (m) => ({
    type: TypeError,
    mentions: ['model must be a compiled tf.LayersModel', `got ${typeof m === 'string' ? JSON.stringify(m) : m === null || m === undefined ? String(m) : 'an object'}`],
  }),
});
kind({
  name: 'findLearningRate with mismatched xs/ys sample counts',
  arb: fc.record({ n: fc.integer({ min: 1, max: 20 }), m: fc.integer({ min: 1, max: 20 }) }).filter(({ n, m }) => n !== m),
  run: ({ n, m }: { n: number; m: number }) => {
    const a = tf.zeros([n, 3]);
    const b = tf.zeros([m, 1]);
    return findLearningRate(model, { xs: a, ys: b }, { ...counted, numIter: 5 }).finally(() => tf.dispose([a, b]));
  },
  expect: ({ n, m }) => ({ type: RangeError, mentions: ['data: batch size mismatch', `xs has ${n} samples but ys has ${m}`] }),
});
kind({
  name: 'findLearningRate with xs whose features do not fit the model input',
  arb: fc.integer({ min: 1, max: 9 }).filter((f) => f !== 3),
  run: (f: number) => {
    const a = tf.zeros([8, f]);
    const b = tf.zeros([8, 1]);
    return findLearningRate(model, { xs: a, ys: b }, { ...counted, numIter: 5 }).finally(() => tf.dispose([a, b]));
  },
  expect: (f) => ({ type: RangeError, mentions: ['findLearningRate: data.xs has shape', `[8,${f}]`, 'the model expects [batch,3]'] }),
});
kind({
  name: 'findLearningRate with empty data',
  arb: fc.constantFrom('tensors', 'dataset'),
  run: (which: string) => {
    if (which === 'dataset') return findLearningRate(model, tf.data.array([]) as never, { ...counted, numIter: 5 });
    const a = tf.zeros([0, 3]);
    const b = tf.zeros([0, 1]);
    return findLearningRate(model, { xs: a, ys: b }, { ...counted, numIter: 5 }).finally(() => tf.dispose([a, b]));
  },
  expect: (which) => ({ type: RangeError, mentions: ['data is empty', which === 'dataset' ? 'the dataset yielded no batches' : 'xs has 0 samples'] }),
});
kind({
  name: 'findLearningRate with data that is not { xs, ys }',
  arb: fc.oneof(fc.constant(null), fc.constant([1, 2]), fc.record({ xs: fc.constant([[1, 2, 3]]), ys: fc.constant([1]) })),
  run: (d: unknown) => findLearningRate(model, d as never, counted),
  expect: (d) => ({
    type: TypeError,
    mentions: ['data must be { xs: tf.Tensor, ys: tf.Tensor } or a tf.data.Dataset', `got ${shownAny(d)}`],
  }),
});
kind({
  name: 'findLearningRate with a bad batchSize / accumulationSteps / seed',
  arb: fc.record({ key: fc.constantFrom('batchSize', 'accumulationSteps', 'seed'), v: fc.oneof(fc.constant(-1), fc.constant(0.5), fc.constant(NaN), fc.constant(-7)) })
    .filter(({ key, v }) => !(key === 'seed' && v === 0)),
  run: ({ key, v }: { key: string; v: number }) => findLearningRate(model, data(), { ...counted, numIter: 5, [key]: v }),
  expect: ({ key, v }) => ({ type: RangeError, mentions: [`${key} must be an integer >= ${key === 'seed' ? 0 : 1}`, `got ${shown(v)}`] }),
});
kind({
  name: 'findLearningRate with a bad range option',
  arb: fc.record({ key: fc.constantFrom('startLr', 'endLr', 'beta', 'numIter'), v: fc.constantFrom(NaN, -1, 0, 1e9 + 0.5) })
    .filter(({ key, v }) => !(key === 'endLr' && v === 1e9 + 0.5) && !(key === 'beta' && v === 0)),
  run: ({ key, v }: { key: string; v: number }) => findLearningRate(model, data(), { ...counted, [key]: v }),
  expect: ({ key, v }) => ({
    type: RangeError,
    // A startLr that is fine alone but above the default endLr (10) is reported as that pair.
    mentions: key === 'startLr' && v > 10 ? [`endLr must be greater than startLr (${shown(v)})`, 'got 10'] : [
      `${key} must be`,
      { startLr: 'a finite number > 0', endLr: 'a finite number > 0', beta: 'a number in [0, 1)', numIter: 'an integer >= 2' }[key]!,
      `got ${shown(v)}`,
    ],
  }),
});
kind({
  name: 'findLearningRate with an unknown metric or option',
  arb: fc.oneof(fc.record({ metric: fc.constantFrom('acc', 'mse', 'Loss') }), fc.record({ numIters: fc.constant(5) })),
  run: (o: object) => findLearningRate(model, data(), { ...counted, ...o } as never),
  expect: (o: { metric?: string } | { numIters: number }) => ({
    type: 'RangeOrType',
    mentions: 'metric' in o && o.metric !== undefined
      ? ['metric must be "loss" or "higher-is-better"', `got ${JSON.stringify(o.metric)}`]
      : ['findLearningRate: unknown option "numIters"', 'expected one of', 'numIter'],
  }),
});
kind({
  name: 'setLearningRate / setMomentum with bad values',
  arb: fc.record({ which: fc.constantFrom('lr', 'momentum'), v: fc.constantFrom(NaN, -1, Infinity, 1, 2) }).filter(({ which, v }) => !(which === 'lr' && (v === 1 || v === 2))),
  run: ({ which, v }: { which: string; v: number }) => {
    const opt = tf.train.momentum(0.1, 0.9);
    try {
      if (which === 'lr') setLearningRate(opt, v);
      else setMomentum(opt, v);
    } finally {
      disposeOptimizer(opt);
    }
  },
  expect: ({ which, v }) => ({
    type: RangeError,
    mentions: [which === 'lr' ? 'learningRate must be a finite number >= 0' : 'momentum must be a number in [0, 1)', `got ${shown(v)}`],
  }),
});
kind({
  name: 'createOptimizer with an unknown name',
  arb: fc.constantFrom('SGD', 'adamw', 'lamb', '', 'nadam'),
  run: (n: string) => createOptimizer(n, 0.1),
  expect: (n) => ({ type: RangeError, mentions: ['optimizer must be one of', 'adadelta', JSON.stringify(n)] }),
});
kind({
  name: 'scheduleCallback without schedules',
  arb: fc.oneof(fc.constant({}), fc.record({ lr: fc.constant(0.1) })),
  run: (o: object) => scheduleCallback(o as never),
  expect: (o: { lr?: number }) => ({
    type: TypeError,
    mentions: o.lr === undefined ? ['options must have at least one of lr or momentum', 'got keys'] : ['lr must be a (step: number) => number function', 'got 0.1', 'constant({ value: 0.1 })'],
  }),
});
kind({
  name: 'setBackend with an unknown backend',
  arb: fc.constantFrom('gpu', 'tensorflow', 'WASM', ''),
  run: (b: string) => setBackend(b as never),
  expect: (b) => ({ type: RangeError, mentions: ['setBackend: backend must be one of "auto", "node", "wasm", "cpu", "webgl"', `got ${JSON.stringify(b)}`] }),
});

// ---------------------------------------------------------------- models and data
kind({
  name: 'trainWithSchedule with bad epochs or an lr schedule giving a bad value',
  arb: fc.oneof(
    fc.record({ epochs: fc.constantFrom(0, -1, 1.5), value: fc.constant(0.1) }),
    fc.record({ epochs: fc.constant(1), value: fc.constantFrom(NaN, Infinity, -Infinity) }),
  ),
  run: async ({ epochs, value }: { epochs: number; value: number }) => {
    const data = blobs({ count: 24, seed: 1 });
    const m = createMlp({ inputShape: data.shape, classes: data.numClasses, hidden: [3] });
    try {
      await trainWithSchedule({ model: m, train: data, epochs, batchSize: 8, lr: () => value });
    } finally {
      disposeOptimizer(m.optimizer); // model.dispose() leaves the optimizer's tensors
      m.dispose();
    }
  },
  expect: ({ epochs, value }) => ({
    type: RangeError,
    mentions: epochs === 1 ? [`lr schedule returned ${shown(value)} at step 0`, 'expected a finite number'] : ['epochs must be a positive integer', `got ${shown(epochs)}`],
  }),
});
kind({
  name: 'createMlp with a bad input shape or class count',
  arb: fc.oneof(
    fc.record({ inputShape: fc.constantFrom<number[]>([0], [], [2, -1]), classes: fc.constant(3) }),
    fc.record({ inputShape: fc.constant<number[]>([2]), classes: fc.constantFrom(1, 0, 2.5) }),
  ),
  run: (o: { inputShape: number[]; classes: number }) => createMlp(o),
  expect: (o) => ({
    type: RangeError,
    mentions: o.classes === 3
      ? ['inputShape must be a non-empty array of positive integers', `got ${shownAny(o.inputShape)}`]
      : ['classes must be an integer >= 2', `got ${shown(o.classes)}`],
  }),
});
kind({
  name: 'loadSplits with an unknown data set',
  arb: fc.constantFrom('cifar10', 'MNIST', 'imagenet', 'data.parquet'),
  run: (src: string) => loadSplits(src),
  expect: (src) => ({ type: RangeError, mentions: [`data ${JSON.stringify(src)} is not known`, 'expected mnist, fashion-mnist, spirals, blobs or a .csv/.json file'] }),
});
kind({
  name: 'policySchedules with an unknown policy or inverted bounds',
  arb: fc.constantFrom('cosine', 'triangular'),
  run: (p: string) => policySchedules(p as never, { baseLr: 0.1, maxLr: 0.01, epochs: 2, itersPerEpoch: 10 } as never),
  expect: (p) => ({
    type: RangeError,
    mentions: p === 'cosine' ? ['policy must be one of', 'one-cycle', 'got "cosine"'] : ['baseLr (0.1) must be below maxLr (0.01)', 'for triangular'],
  }),
});

// ---------------------------------------------------------------- robust runs (src/robust)
kind({
  name: 'findLearningRateRuns with a bad run count',
  arb: fc.oneof(fc.integer({ min: -5, max: 0 }), fc.constant(1.5), fc.constant(NaN), fc.integer({ min: 1001, max: 1e6 })),
  run: (runs: number) => findLearningRateRuns({ runs, run: async () => ({ lrs: [1, 2], losses: [1, 2] }) as never }),
  expect: (v) => ({ type: RangeError, mentions: ['runs must be an integer from 1 to 1000', `got ${shown(v)}`] }),
});

// ---------------------------------------------------------------- the harness
function check(e: unknown, exp: Expect, label: string): void {
  const ok = exp.type === 'RangeOrType' ? e instanceof RangeError || e instanceof TypeError : e instanceof exp.type;
  assert.ok(ok, `${label}: expected ${exp.type === 'RangeOrType' ? 'RangeError/TypeError' : exp.type.name}, got ${String(e)}`);
  const msg = (e as Error).message;
  for (const m of exp.mentions) assert.ok(msg.includes(m), `${label}: message ${JSON.stringify(msg)} should mention ${JSON.stringify(m)}`);
}

async function weightsOf(m: tf.LayersModel): Promise<number[]> {
  return (await Promise.all(m.getWeights().map((w) => w.data()))).flatMap((a) => Array.from(a));
}

const originalMinimize = tf.Optimizer.prototype.minimize;
before(async () => {
  // Every tfjs training step (findLearningRate's, model.fit's) goes through Optimizer.minimize.
  tf.Optimizer.prototype.minimize = function (this: tf.Optimizer, ...args: Parameters<tf.Optimizer['minimize']>) {
    minimizeCalls += 1;
    return originalMinimize.apply(this, args);
  };
  await setBackend('cpu');
  model = tinyModel(tf.train.adam(0.01));
  xs = tf.randomNormal([16, 3], 0, 1, 'float32', 1);
  ys = tf.randomNormal([16, 1], 0, 1, 'float32', 2);
});
after(() => {
  tf.Optimizer.prototype.minimize = originalMinimize;
  tf.dispose([xs, ys]);
  model.dispose();
});

describe('bad input across the API', () => {
  test('at least 30 kinds of bad input are covered', () => {
    assert.ok(kinds.length >= 30, `only ${kinds.length} kinds`);
  });

  test('docs/reliability.md states the number of kinds this file covers', () => {
    const docs = readFileSync(new URL('../docs/reliability.md', import.meta.url), 'utf8');
    const row = docs.split('\n').find((l) => l.startsWith('| `test/reliability.validation.test.ts`'));
    assert.ok(row, 'no row for this file in docs/reliability.md');
    assert.match(row, new RegExp(`\\| ${kinds.length} kinds `), `the docs must say ${kinds.length} kinds`);
  });

  test('the step counters see the steps of a valid findLearningRate (so a zero count means no step ran)', async () => {
    stepCalls = 0;
    minimizeCalls = 0;
    const r = await findLearningRate(model, data(), { ...counted, numIter: 5, batchSize: 4 });
    assert.equal(r.iterations, 5);
    assert.equal(stepCalls, 5, 'onIteration calls');
    assert.equal(minimizeCalls, 5, 'optimizer.minimize calls');
  });

  for (const k of kinds) {
    test(k.name, async () => {
      const weightsBefore = await weightsOf(model);
      await fc.assert(
        fc.asyncProperty(k.arb, async (v) => {
          stepCalls = 0;
          minimizeCalls = 0;
          const tensorsBefore = tf.memory().numTensors;
          let thrown: unknown;
          try {
            await k.run(v);
          } catch (e) {
            thrown = e;
          }
          assert.ok(thrown !== undefined, `${k.name}: no error for ${fc.stringify(v)}`);
          check(thrown, k.expect(v), k.name);
          // No partial work: the step never ran, no tensor was left behind.
          assert.equal(stepCalls, 0, `${k.name}: step ran ${stepCalls} times before the error`);
          assert.equal(minimizeCalls, 0, `${k.name}: the optimizer trained ${minimizeCalls} steps before the error`);
          assert.equal(tf.memory().numTensors, tensorsBefore, `${k.name}: tensors leaked`);
        }),
        { numRuns: 12, includeErrorInReport: true },
      );
      assert.deepEqual(await weightsOf(model), weightsBefore, 'the model weights changed');
    });
  }

  test('a step exception propagates unchanged and stops the test', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 19 }), fc.boolean(), async (at, pipeline) => {
        const calls: number[] = [];
        const boom = new Error(`boom at ${at}`);
        await assert.rejects(
          rangeTest({ numIter: 20, pipeline, step: async (_lr, i) => { calls.push(i); if (i === at) throw boom; return 1; } }),
          (e) => e === boom,
        );
        // In pipelined mode one extra step may have started; never more.
        assert.ok(Math.max(...calls) <= at + 1);
      }),
      { numRuns: 20 },
    );
  });

  test('no output directory is created or written when the option checks fail', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'lrkit-rel-'));
    try {
      await assert.rejects(prepareOutputDir(root, ['curve.csv', '../escape.png']), RangeError);
      assert.deepEqual(readdirSync(root), []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
