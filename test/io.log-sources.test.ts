// Logs as the tools really write them (test/fixtures/logs, written by scripts/log-fixtures.py from
// real PyTorch range tests driven by each tool's own algorithm): the raw losses recovered from the
// smoothed ones, and the recommendation from each file within x1.25 of the one from the raw losses
// of the same run. The EMA inversion round-trips for any beta, with and without bias correction.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { encodeTensorBoardEvents, parseCurveLog, recommend, smoothLosses, TOOL_SMOOTHING, unsmoothLosses, type Smoothing } from '../src/index.js';
import { readCurveFile } from '../src/cli/curve-files.js';

const FIX = new URL('./fixtures/logs/', import.meta.url);
const fixture = (p: string) => path.join(FIX.pathname, p);
const rawOf = (dir: string): { lr: number[]; loss: number[] } => JSON.parse(readFileSync(fixture(`${dir}/raw.json`), 'utf8'));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? Infinity : Math.max(a / b, b / a));

/** How far apart (a ratio >= 1) the constant and one-cycle answers of a curve and of the raw run are. */
function answerRatio(got: { lrs: number[]; losses: number[] }, raw: { lr: number[]; loss: number[] }): number {
  const a = recommend(got);
  const b = recommend({ lrs: raw.lr, losses: raw.loss });
  assert.ok(b.constant && b.oneCycle, 'the raw run has an answer');
  return Math.max(ratio(a.constant?.lr, b.constant.lr), ratio(a.oneCycle?.maxLr, b.oneCycle.maxLr));
}

describe('logs of other tools, read as they are written', () => {
  const cases = [
    { name: "pytorch-lr-finder's history (json.dump(lr_finder.history)), source told by the file", dir: 'pytorch-lr-finder', file: 'history.json', source: 'auto', tool: 'pytorch-lr-finder' },
    { name: "Lightning's lr_finder.results, --source lightning", dir: 'lightning-lr-find', file: 'results.json', source: 'lightning', tool: 'lightning' },
    { name: "Lightning's CSVLogger metrics.csv (lr and loss on separate rows of a step)", dir: 'lightning-csvlogger', file: 'metrics.csv', source: 'auto', tool: 'raw' },
  ] as const;
  for (const c of cases) {
    it(`${c.name}: raw losses recovered, recommendation within x1.25 of the raw run's`, () => {
      const raw = rawOf(c.dir);
      const log = readCurveFile(fixture(`${c.dir}/${c.file}`), { source: c.source });
      assert.equal(log.tool, c.tool);
      assert.equal(log.curve.smoothed, undefined, 'no smoothed curve passed on: the analysis smooths the raw losses itself');
      assert.deepEqual(log.curve.lrs, raw.lr);
      log.curve.losses.forEach((l, i) => assert.ok(Math.abs(l - raw.loss[i]) < 1e-9 * Math.max(1, Math.abs(raw.loss[i])), `loss ${i}: ${l} vs raw ${raw.loss[i]}`));
      assert.ok(answerRatio(log.curve, raw) <= 1.25);
      assert.ok(log.notes.some((n) => n.includes(c.tool === 'raw' ? 'raw losses' : 'recovered')), log.notes.join(' | '));
    });
  }

  it('read as raw, the smoothed files give answers x2 and more off (what the inversion fixes)', () => {
    for (const [dir, file] of [['pytorch-lr-finder', 'history.json'], ['lightning-lr-find', 'results.json']]) {
      const log = readCurveFile(fixture(`${dir}/${file}`), { source: 'raw' });
      assert.ok(answerRatio(log.curve, rawOf(dir)) > 2, dir);
    }
  });

  it('{lr, loss} JSON: the assumption is named with the flag that changes it; --source lightning reads it as Lightning', () => {
    const text = readFileSync(fixture('lightning-lr-find/results.json'));
    const auto = parseCurveLog('results.json', text);
    assert.equal(auto.tool, 'pytorch-lr-finder');
    assert.match(auto.notes.join('\n'), /pytorch-lr-finder's history .*smooth_f 0\.05.*--source lightning/);
    const cli = readCurveFile(fixture('lightning-lr-find/results.json'), {});
    assert.match(cli.notes.join('\n'), /--source lightning/);
    assert.doesNotMatch(cli.notes.join('\n'), /----source/);
    assert.equal(parseCurveLog('results.json', text, { source: 'lightning' }).tool, 'lightning');
    assert.throws(() => parseCurveLog('results.json', text, { source: 'tensorflow' as never }), /source must be one of "auto", "pytorch-lr-finder", "lightning", "fastai", "keras", "raw", got "tensorflow"/);
    assert.throws(() => readCurveFile(fixture('lightning-lr-find/results.json'), { source: 'x' as never }), /--source must be one of/);
  });

  it('a TensorBoard log of the same run (LearningRateMonitor with log_momentum): lr-SGD is the lr tag, not lr-SGD-momentum', () => {
    const raw = rawOf('lightning-csvlogger');
    const pts = (v: (i: number) => number) => raw.lr.map((_, i) => ({ step: i, wallTime: 1.7e9 + i, value: v(i) }));
    const dir = mkdtempSync(path.join(tmpdir(), 'lrkit-tb-'));
    writeFileSync(path.join(dir, 'events.out.tfevents.1.host'), encodeTensorBoardEvents({
      'lr-SGD': pts((i) => raw.lr[i]), 'lr-SGD-momentum': pts(() => 0.9), train_loss: pts((i) => raw.loss[i]),
    }));
    const log = readCurveFile(dir, {});
    assert.equal(log.lrName, '"lr-SGD"');
    assert.ok(answerRatio(log.curve, raw) <= 1.25);
  });

  it('fastai (recorder) and Keras (running mean, restarting each epoch) round-trip through their files', () => {
    const raw = rawOf('pytorch-lr-finder');
    const epochs = raw.loss.map((_, i) => Math.floor(i / 40));
    const fastai = smoothLosses(raw.loss, TOOL_SMOOTHING.fastai);
    const fastaiCsv = 'lr,smooth_loss\n' + raw.lr.map((lr, i) => `${lr},${fastai[i]}`).join('\n');
    const f = parseCurveLog('fastai.csv', new TextEncoder().encode(fastaiCsv));
    assert.equal(f.tool, 'fastai', 'a smoothed-only column is read as fastai\'s recorder');
    assert.ok(answerRatio(f.curve, raw) <= 1.25);
    const keras = smoothLosses(raw.loss, TOOL_SMOOTHING.keras, epochs);
    const kerasCsv = 'epoch,batch,lr,loss\n' + raw.lr.map((lr, i) => `${epochs[i]},${i % 40},${lr},${keras[i]}`).join('\n');
    const k = parseCurveLog('keras.csv', new TextEncoder().encode(kerasCsv), { source: 'keras' });
    k.curve.losses.forEach((l, i) => assert.ok(Math.abs(l - raw.loss[i]) < 1e-9, `keras loss ${i}`));
  });
});

describe('smoothing inversion (property)', () => {
  const losses = fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 300 });
  const check = (raw: number[], s: Smoothing, epochs?: number[]) => {
    const back = unsmoothLosses(smoothLosses(raw, s, epochs), s, epochs);
    const scale = raw.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    back.forEach((x, i) => assert.ok(Math.abs(x - raw[i]) <= 1e-8 * scale * (1 + i), `${JSON.stringify(s)} [${i}]: ${x} vs ${raw[i]}`));
  };
  it('an EMA without bias correction (pytorch-lr-finder, any smooth_f) round-trips', () => {
    fc.assert(fc.property(losses, fc.double({ min: 0, max: 0.99, noNaN: true }), (raw, beta) => check(raw, { kind: 'ema', beta, debias: false })));
  });
  it('a bias-corrected EMA (Lightning offset 2, fastai offset 1, any beta) round-trips', () => {
    fc.assert(fc.property(losses, fc.double({ min: 0, max: 0.99, noNaN: true }), fc.constantFrom(1, 2), (raw, beta, offset) => check(raw, { kind: 'ema', beta, debias: true, offset })));
  });
  it("Keras' running mean round-trips, restarting where the epoch changes", () => {
    fc.assert(fc.property(losses, fc.integer({ min: 1, max: 50 }), (raw, per) => check(raw, { kind: 'running-mean' }, raw.map((_, i) => Math.floor(i / per)))));
  });
  it("Lightning's NaN for a step without a loss keeps the average: the points around it are still recovered", () => {
    const raw = [2, 1.9, NaN, 1.7, 1.6];
    const back = unsmoothLosses(smoothLosses(raw, TOOL_SMOOTHING.lightning), TOOL_SMOOTHING.lightning);
    assert.ok(Number.isNaN(back[2]));
    [0, 1, 3, 4].forEach((i) => assert.ok(Math.abs(back[i] - raw[i]) < 1e-12, `${i}`));
    assert.throws(() => smoothLosses([1], { kind: 'ema', beta: 1, debias: false }), /smoothLosses: smoothing.beta must be a number in \[0, 1\), got 1/);
  });
});
