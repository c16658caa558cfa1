import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { curveToCsv, parseCurveCsv } from '../src/io/index.js';

const finiteLoss = fc.double({ noNaN: true, noDefaultInfinity: true });
const anyLoss = fc.oneof(finiteLoss, fc.constantFrom(NaN, Infinity, -Infinity));
const positiveLr = fc.double({ min: Number.MIN_VALUE, max: 1e300, noNaN: true });

test('curveToCsv -> parseCurveCsv round-trips every number exactly (fast-check)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(positiveLr, anyLoss, anyLoss), { minLength: 2, maxLength: 40 }),
      fc.boolean(),
      (rows, withSmoothed) => {
        const curve = {
          lrs: rows.map((r) => r[0]),
          losses: rows.map((r) => r[1]),
          ...(withSmoothed ? { smoothed: rows.map((r) => r[2]) } : {}),
        };
        const back = parseCurveCsv(curveToCsv(curve));
        assert.deepEqual(back.lrs, curve.lrs);
        assert.deepEqual(back.losses, curve.losses); // deepEqual treats NaN as equal to NaN
        assert.deepEqual(back.smoothed, curve.smoothed);
        assert.equal(back.columns.lr, 'lr');
      },
    ),
    { numRuns: 200 },
  );
});

test('curveToCsv writes an iteration,lr,loss[,smoothed] header', () => {
  assert.equal(curveToCsv({ lrs: [1e-4, 1e-3], losses: [2.3, 1.9] }), 'iteration,lr,loss\n0,0.0001,2.3\n1,0.001,1.9\n');
  const withSm = curveToCsv({ lrs: [1e-4, 1e-3], losses: [2.3, NaN], smoothed: [2.3, 2.1] });
  assert.equal(withSm.split('\n')[0], 'iteration,lr,loss,smoothed');
  assert.equal(withSm.split('\n')[2], '1,0.001,NaN,2.1');
});

test('curveToCsv rejects mismatched or invalid curves', () => {
  assert.throws(() => curveToCsv({ lrs: [1e-3], losses: [1, 2] }), /curveToCsv: result\.losses must be an array as long as result\.lrs \(1\), got \[1, 2\]$/);
  assert.throws(() => curveToCsv({ lrs: [0, 1e-3], losses: [1, 2] }), (e: Error) => e instanceof RangeError && /^curveToCsv: result\.lrs\[0\] must be a finite number > 0, got 0$/.test(e.message));
  assert.throws(() => curveToCsv(null as never), TypeError);
});

test('recognises column names from PyTorch / Keras / fastai / Lightning logs', () => {
  const cases: [string, Record<string, string>][] = [
    ['learning_rate,loss\n1e-5,2.3\n1e-4,2.0\n', { lr: 'learning_rate', loss: 'loss' }],
    ['step,lr-Adam,train_loss\n0,1e-5,2.3\n1,1e-4,2.0\n', { lr: 'lr-Adam', loss: 'train_loss', step: 'step' }],
    ['LR,Loss,Smoothed Loss\n1e-5,2.3,2.3\n1e-4,2.0,2.2\n', { lr: 'LR', loss: 'Loss', smoothed: 'Smoothed Loss' }],
    // fastai's recorder keeps only the smoothed loss: it becomes the curve
    ['lrs,smoothed_loss\n1e-5,2.3\n1e-4,2.0\n', { lr: 'lrs', loss: 'smoothed_loss' }],
    ['epoch\tlr\tloss\n0\t1e-5\t2.3\n1\t1e-4\t2.0\n', { lr: 'lr', loss: 'loss', epoch: 'epoch' }],
    // LearningRateMonitor(log_momentum=True): the momentum column is not a learning rate
    ['epoch,lr-SGD,lr-SGD-momentum,step,train_loss\n0,1e-5,0.9,0,2.3\n0,1e-4,0.9,1,2.0\n', { lr: 'lr-SGD', loss: 'train_loss', step: 'step', epoch: 'epoch' }],
  ];
  for (const [text, columns] of cases) {
    const c = parseCurveCsv(text);
    assert.deepEqual(c.columns, columns, text);
    assert.deepEqual(c.lrs, [1e-5, 1e-4]);
    assert.deepEqual(c.losses, [2.3, 2.0]);
  }
});

test('headerless two-column files and explicit columns by name or index', () => {
  assert.deepEqual(parseCurveCsv('1e-5,2.3\n1e-4,2.0\n').losses, [2.3, 2.0]);
  const swapped = parseCurveCsv('2.3,1e-5\n2.0,1e-4\n', { lrColumn: 1, lossColumn: 0 });
  assert.deepEqual(swapped.lrs, [1e-5, 1e-4]);
  const named = parseCurveCsv('a,b,c\n1,1e-5,5\n2,1e-4,4\n', { lrColumn: 'b', lossColumn: 'C', smoothedColumn: false });
  assert.deepEqual(named, { lrs: [1e-5, 1e-4], losses: [5, 4], columns: { lr: 'b', loss: 'c' }, lines: [2, 3], warnings: [], notes: [] });
  // comments, blank lines, BOM and surrounding spaces are tolerated; lines count them
  const spaced = parseCurveCsv('\ufeff# lr finder\nlr , loss\n\n 1e-5 , 2.3 \n1e-4,2.0\n');
  assert.deepEqual(spaced.lrs, [1e-5, 1e-4]);
  assert.deepEqual(spaced.lines, [4, 5]);
});

test('bad CSVs are rejected with messages naming the line, column and value', () => {
  const bad: [string, object, RegExp][] = [
    ['lr,loss\n1e-5,2.3\n1e-4,abc\n', {}, /line 3, column "loss": "abc" is not a number/],
    // an empty or non-finite rate is skipped (with a warning), which leaves one row here
    ['lr,loss\n1e-5,2.3\n,2.0\n', {}, /1 data row with both a learning rate and a loss; expected at least 2/],
    ['lr,loss\n1e-5,2.3\n-1e-4,2.0\n', {}, /line 3, column "lr": learning rate must be > 0, got -1e-4/],
    ['lr,loss\n0,2.3\n1e-4,2.0\n', {}, /line 2, column "lr": learning rate must be > 0, got 0/],
    ['lr,loss\nnan,2.3\n1e-4,2.0\n', {}, /1 data row with both/],
    ['lr,loss\n1e-5,2.3\n', {}, /1 data row with both a learning rate and a loss; expected at least 2/],
    ['', {}, /empty/],
    ['lr,loss\n1e-5,2.3\n1e-4\n', {}, /invalid curve CSV/],
    ['x,y\n1e-5,2.3\n1e-4,2.0\n', {}, /no learning-rate column found.*\["x","y"\]/],
    ['lr,y\n1e-5,2.3\n1e-4,2.0\n', {}, /no loss column found/],
    ['1,2,3\n4,5,6\n', {}, /no header row and 3 columns/],
    ['lr,loss\n1e-5,2\n1e-4,2\n', { lrColumn: 'rate' }, /lrColumn "rate" not found/],
    ['lr,loss\n1e-5,2\n1e-4,2\n', { lossColumn: 7 }, /lossColumn 7 is out of range/],
    ['lr,loss\n1e-5,0x1f\n1e-4,2\n', {}, /"0x1f" is not a number/],
  ];
  for (const [text, opts, re] of bad) {
    assert.throws(() => parseCurveCsv(text, opts), (e: Error) => e instanceof RangeError && re.test(e.message), `${JSON.stringify(text)} -> ${re}`);
  }
  assert.throws(() => parseCurveCsv('lr,loss\n', { lrColumn: -1 }), (e: Error) => e instanceof TypeError && /lrColumn.*got -1/.test(e.message));
  assert.throws(() => parseCurveCsv(42 as never), TypeError);
});

test('fuzz: malformed CSV either parses to a valid curve or throws RangeError/TypeError', () => {
  const cell = fc.oneof(
    fc.constantFrom('lr', 'loss', 'learning_rate', 'smoothed', '', ' ', 'nan', 'inf', '-1', '0', '1e-3', '2.5', '"', '""', 'a"b', '1e999', '.', '-'),
    fc.double().map(String),
    fc.string({ maxLength: 6 }),
  );
  const line = fc.array(cell, { minLength: 0, maxLength: 4 }).chain((cells) =>
    fc.constantFrom(',', '\t', ';').map((d) => cells.join(d)),
  );
  const csv = fc.array(line, { maxLength: 8 }).chain((lines) => fc.constantFrom('\n', '\r\n').map((nl) => lines.join(nl)));
  fc.assert(
    fc.property(csv, (text) => {
      try {
        const c = parseCurveCsv(text);
        assert.ok(c.lrs.length >= 2 && c.lrs.length === c.losses.length);
        assert.ok(c.lrs.every((x) => Number.isFinite(x) && x > 0));
        if (c.smoothed) assert.equal(c.smoothed.length, c.lrs.length);
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        assert.ok(e instanceof RangeError || e instanceof TypeError, `unexpected ${String(e)}`);
        assert.ok((e as Error).message.length > 10);
      }
    }),
    { numRuns: 1500 },
  );
});

test('a CSV over 1 MB is parsed in chunks of whole lines: every row read, line numbers (comments, blank lines) exact', () => {
  const parts: string[] = ['# header comment\nlr,loss\n'];
  for (let i = 0; i < 150_000; i++) parts.push(i % 1000 === 0 ? `\n# c\n${1e-6 * (1 + i)},2\n` : `${1e-6 * (1 + i)},2\n`);
  const text = parts.join('');
  const c = parseCurveCsv(text);
  assert.equal(c.lrs.length, 150_000);
  const lines = text.split('\n');
  c.lines.forEach((l, k) => assert.equal(Number(lines[l - 1].split(',')[0]), c.lrs[k], `point ${k} at line ${l}`));
  assert.throws(() => parseCurveCsv(text + '1e-3,abc\n'), new RegExp(`line ${lines.length}, column "loss": "abc" is not a number`));
});
