// parseCurveLog: one reader for every log kind (what `lrkit analyze` and the web page share). Each
// kind gives back the same curve, names its source and its points, and a flag of the wrong kind is refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { curveLogKind, curveToCsv, curveToJson, encodeTensorBoardEvents, parseCurveLog } from '../src/index.js';

const enc = (s: string) => new TextEncoder().encode(s);
const lrs = Array.from({ length: 30 }, (_, i) => 1e-5 * 10 ** (i / 6));
const losses = lrs.map((lr, i) => 2.3 - 0.05 * i + (lr > 0.3 ? 5 : 0));

describe('parseCurveLog', () => {
  it('tells the kind from the file name', () => {
    assert.equal(curveLogKind('runs/lr_find.CSV'), 'csv');
    assert.equal(curveLogKind('a.tsv'), 'csv');
    assert.equal(curveLogKind('C:\\logs\\history.json'), 'json');
    assert.equal(curveLogKind('version_0/events.out.tfevents.1700000000.host.1.0'), 'tensorboard');
    assert.equal(curveLogKind('notes.txt'), undefined);
    assert.throws(() => parseCurveLog('notes.txt', enc('lr,loss\n')), /expected a \.csv, \.tsv or \.json curve, or a TensorBoard event file/);
  });

  it('reads the same curve from lrkit CSV, lrkit JSON, pytorch-lr-finder JSON and a TensorBoard file', () => {
    const csv = parseCurveLog('curve.csv', enc(curveToCsv({ lrs, losses })));
    const json = parseCurveLog('curve.json', enc(curveToJson({ lrs, losses })));
    // { lr, loss } is smoothed by the tools that write it: read as raw here, as what it is in the next test
    const history = parseCurveLog('history.json', enc(JSON.stringify({ lr: lrs, loss: losses })), { source: 'raw' });
    const points = (f: (i: number) => number) => lrs.map((_, i) => ({ step: 10 + i, wallTime: 1.7e9 + i, value: f(i) }));
    const tb = parseCurveLog('events.out.tfevents.1', encodeTensorBoardEvents({ 'lr-SGD': points((i) => lrs[i]), train_loss: points((i) => losses[i]) }));
    for (const r of [csv, json, history]) {
      assert.deepEqual(r.curve.lrs, lrs);
      assert.deepEqual(r.curve.losses, losses);
    }
    // TensorBoard stores float32
    assert.deepEqual(tb.curve.lrs, lrs.map(Math.fround));
    assert.deepEqual(tb.curve.losses, losses.map(Math.fround));
    assert.equal(csv.source, 'columns lr=lr, loss=loss');
    assert.match(history.source, /pytorch-lr-finder/);
    assert.equal(tb.source, 'tags lr=lr-SGD, loss=train_loss');
    assert.deepEqual([csv.pointName(0), json.pointName(3), history.pointName(3), tb.pointName(2)], ['line 2', 'lrs[3]', 'lr[3]', 'step 12']);
    assert.deepEqual([csv.lrName, history.lrName, tb.lrName], ['"lr"', '"lr"', '"lr-SGD"']);
  });

  it('takes columns by name or index, keys of any JSON object, and tags; a missing key lists the keys', () => {
    const text = 'step,learning_rate,val,train\n' + lrs.map((lr, i) => `${i},${lr},9,${losses[i]}`).join('\n');
    assert.deepEqual(parseCurveLog('a.csv', enc(text), { lossColumn: 'train' }).curve.losses, losses);
    assert.deepEqual(parseCurveLog('a.csv', enc(text), { lrColumn: '1', lossColumn: '3' }).curve.lrs, lrs);
    const obj = enc(JSON.stringify({ rate: lrs, obj: losses.map((l, i) => (i === 29 ? null : l)) }));
    const r = parseCurveLog('w.json', obj, { lrColumn: 'rate', lossColumn: 'obj' });
    assert.ok(Number.isNaN(r.curve.losses[29]), 'null reads as NaN');
    assert.equal(r.source, 'keys lr=rate, loss=obj');
    assert.throws(() => parseCurveLog('w.json', obj, { lrColumn: 'lr' }), /lrColumn "lr" is not an array of numbers in this JSON; its keys: "rate", "obj"/);
  });

  it('refuses a flag meant for the other kind of log, naming the one to use', () => {
    const tb = encodeTensorBoardEvents({ lr: [{ step: 0, wallTime: 0, value: 1 }] });
    assert.throws(() => parseCurveLog('events.out.tfevents.x', tb, { lrColumn: 'lr' }), /use lrTag \/ lossTag/);
    assert.throws(() => parseCurveLog('a.csv', enc('lr,loss\n1,2\n2,1\n'), { lossTag: 'loss' }), /takes lrColumn \/ lossColumn/);
    assert.throws(() => parseCurveLog('a.json', enc('{"lrs": [1, 2'), {}), /JSON/);
  });

  it('CSV and JSON give back any curve exactly, a non-finite tail included (property)', () => {
    // distinct rates (equal ones in a row are merged) and non-finite losses only at the end (inside
    // the curve they are skipped: io.log-source.test.ts)
    const curve = fc.uniqueArray(fc.double({ min: 1e-9, max: 10, noNaN: true }), { minLength: 2, maxLength: 40 }).chain((rates) =>
      fc.tuple(fc.constant(rates), fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: rates.length, maxLength: rates.length }), fc.nat({ max: 3 }), fc.constantFrom(NaN, Infinity, -Infinity)));
    fc.assert(fc.property(curve, ([rates, values, tail, bad]) => {
      const c = { lrs: rates, losses: values.map((v, i) => (i >= values.length - Math.min(tail, values.length - 1) ? bad : v)) };
      for (const [name, text] of [['c.csv', curveToCsv(c)], ['c.json', curveToJson(c)]] as const) {
        const back = parseCurveLog(name, enc(text)).curve;
        assert.deepEqual(back.lrs, c.lrs);
        // the tail reads back as NaN: where the curve ends
        assert.deepEqual(back.losses.map(String), c.losses.map((l) => (!Number.isFinite(l) ? 'NaN' : String(l))));
      }
    }), { numRuns: 100 });
  });
});
