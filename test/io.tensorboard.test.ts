// TensorBoard event files: the shared fixture written by CatBoost read exactly, both scalar forms
// (TF1 simple_value, TF2 tensor) round-trip, corruption and truncation are caught, tags detected,
// and `lrkit analyze` reads a log directory the way DeepSpeed and Lightning leave it.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { curveFromScalars, encodeTensorBoardEvents, parseTensorBoardEvents, recommend, type ScalarPoint } from '../src/index.js';
import { readTensorBoardLog } from '../src/node/index.js';
import { cli } from './helpers/cli.js';

// The file another program wrote, beside the project in ../shared; the committed copy where that is absent.
const SHARED_ORIGINAL = new URL('../../shared/fixtures/tensorboard/catboost-logloss.tfevents', import.meta.url);
const COPY = new URL('./fixtures/tensorboard/catboost-logloss.tfevents', import.meta.url);
const SHARED = existsSync(SHARED_ORIGINAL) ? SHARED_ORIGINAL : COPY;
const points = (n: number, f: (i: number) => number, step0 = 0): ScalarPoint[] => Array.from({ length: n }, (_, i) => ({ step: step0 + i, wallTime: 1.7e9 + i, value: f(i) }));
// A range test as DeepSpeed's LRRangeTest + monitor would log it: lr growing, loss falling then blowing up.
const rangeTest = (n = 100, step0 = 0) => {
  const lr = (i: number) => 1e-6 * 10 ** ((7 * (i + step0)) / 99);
  return {
    'Train/Samples/lr': points(n, (i) => lr(i), step0),
    'Train/Samples/train_loss': points(n, (i) => 2.3 - 2 / (1 + Math.exp(-3 * (Math.log10(lr(i)) + 3))) + (lr(i) > 0.3 ? 20 * (lr(i) - 0.3) : 0) + 0.01 * Math.sin(i), step0),
  };
};

describe('TensorBoard event files', () => {
  it('the committed copy of the CatBoost file is the shared one, byte for byte', { skip: !existsSync(SHARED_ORIGINAL) && 'no ../shared here' }, () => {
    assert.deepEqual(readFileSync(COPY), readFileSync(SHARED_ORIGINAL));
  });

  it('reads the shared CatBoost fixture exactly: 1000 Logloss records, steps 0..999, float32 values', () => {
    const r = parseTensorBoardEvents(readFileSync(SHARED));
    assert.equal(r.records, 1000);
    assert.equal(r.truncated, false);
    assert.deepEqual([...r.scalars.keys()], ['Logloss']);
    const log = r.scalars.get('Logloss')!;
    assert.equal(log.length, 1000);
    assert.deepEqual(log.map((p) => p.step), Array.from({ length: 1000 }, (_, i) => i));
    // the first record's simple_value is the little-endian float32 5e 09 30 3f
    assert.equal(log[0].value, new DataView(new Uint8Array([0x5e, 0x09, 0x30, 0x3f]).buffer).getFloat32(0, true));
    assert.ok(log.every((p, i) => Number.isFinite(p.value) && p.value > 0 && p.value < 1 && (i === 0 || p.wallTime >= log[i - 1].wallTime)));
    assert.ok(log[999].value < log[0].value, 'the log loss falls over the training');
  });

  for (const form of ['simple_value', 'tensor'] as const) {
    it(`${form} form round-trips (values as float32, steps, wall times)`, () => {
      const series = rangeTest(30);
      const r = parseTensorBoardEvents(encodeTensorBoardEvents(series, form));
      assert.equal(r.records, 61); // file_version + 30 + 30
      for (const [tag, pts] of Object.entries(series)) {
        assert.deepEqual(r.scalars.get(tag), pts.map((p) => ({ ...p, value: Math.fround(p.value) })));
      }
    });
  }

  it('a flipped byte is caught by the CRCs, naming the record; a cut-off last record is dropped; other files are refused', () => {
    const bytes = encodeTensorBoardEvents(rangeTest(5));
    const corrupt = bytes.slice();
    corrupt[20] ^= 0xff; // inside the data of the first record (file_version, 31 bytes): nothing readable
    assert.throws(() => parseTensorBoardEvents(corrupt, 'run/events'), /run\/events: corrupt record at byte 0: its data CRC does not match/);
    const later = bytes.slice();
    later[50] ^= 0xff; // the second record: the first is kept, and where it went wrong is said
    assert.deepEqual({ ...parseTensorBoardEvents(later), scalars: undefined }, { scalars: undefined, records: 1, truncated: true, readBytes: 31, why: "corrupt from byte 31 (a record's data CRC does not match)" });
    const cut = parseTensorBoardEvents(bytes.subarray(0, bytes.length - 7));
    assert.equal(cut.truncated, true);
    assert.equal(cut.records, 10);
    assert.throws(() => parseTensorBoardEvents(new TextEncoder().encode('lr,loss\n1e-5,2.3\n0.001,2.0\n')), /not a TensorBoard event file, or corrupt/);
    // Not bytes at all: the one checker's format, naming the file.
    assert.throws(() => parseTensorBoardEvents('events.out' as never, 'run/events'), { name: 'TypeError', message: 'parseTensorBoardEvents: bytes must be the bytes of run/events (a Uint8Array), got "events.out"' });
  });

  it('detects the lr and loss tags of Lightning, DeepSpeed and W&B-style logs; names the tags when it cannot', () => {
    const s = (tags: string[]) => new Map(tags.map((t) => [t, points(3, (i) => i + 1)]));
    assert.deepEqual(curveFromScalars(s(['lr-SGD', 'train_loss', 'val_loss'])).tags, { lr: 'lr-SGD', loss: 'train_loss' });
    assert.deepEqual(curveFromScalars(s(['Train/Samples/lr', 'Train/Samples/train_loss'])).tags, { lr: 'Train/Samples/lr', loss: 'Train/Samples/train_loss' });
    assert.deepEqual(curveFromScalars(s(['train/learning_rate', 'train/loss', 'epoch'])).tags, { lr: 'train/learning_rate', loss: 'train/loss' });
    assert.throws(() => curveFromScalars(s(['Logloss'])), /no learning-rate tag found among "Logloss"; pass lrTag/);
    assert.throws(() => curveFromScalars(s(['lr-SGD', 'lr-Adam', 'loss'])), /several learning-rate tags: "lr-SGD", "lr-Adam"; pass lrTag/);
    // LearningRateMonitor(log_momentum=True) and Adam's betas: not learning rates (as in CSV)
    assert.deepEqual(curveFromScalars(s(['lr-SGD', 'lr-SGD-momentum', 'train_loss'])).tags, { lr: 'lr-SGD', loss: 'train_loss' });
    assert.deepEqual(curveFromScalars(s(['lr-Adam/pg1', 'lr-Adam/pg1-beta1', 'loss'])).tags, { lr: 'lr-Adam/pg1', loss: 'loss' });
    assert.throws(() => curveFromScalars(s(['lr', 'loss']), { lossTag: 'val' }), /lossTag "val" is not a scalar tag of this log; it has: "lr", "loss"/);
  });

  it('a log directory: event files found below it, merged by step, and recommend() reads the curve', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lrkit-tb-'));
    mkdirSync(path.join(dir, 'version_0'));
    // DeepSpeed-style: the run restarted its writer halfway, so the steps are in two files
    writeFileSync(path.join(dir, 'version_0', 'events.out.tfevents.2.host'), encodeTensorBoardEvents(rangeTest(50, 50), 'tensor'));
    writeFileSync(path.join(dir, 'version_0', 'events.out.tfevents.1.host'), encodeTensorBoardEvents(rangeTest(50, 0), 'tensor'));
    writeFileSync(path.join(dir, 'notes.txt'), 'not an event file');
    const log = readTensorBoardLog(dir);
    assert.equal(log.files.length, 2);
    const { curve } = curveFromScalars(log.scalars);
    assert.equal(curve.lrs.length, 100);
    assert.ok(curve.lrs.every((lr, i) => i === 0 || lr > curve.lrs[i - 1]));
    const rec = recommend(curve);
    assert.ok(rec.constant && rec.constant.lr > 1e-4 && rec.constant.lr < 0.3, JSON.stringify(rec));
  });
});

describe('lrkit analyze reads other tools\' logs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lrkit-logs-'));
  const lrs = Array.from({ length: 60 }, (_, i) => 1e-6 * 10 ** (i / 10));
  const losses = lrs.map((lr) => 2.3 - 1.8 / (1 + Math.exp(-3 * (Math.log10(lr) + 3))) + (lr > 0.2 ? 10 * (lr - 0.2) : 0));
  let k = 0;
  const run = async (file: string, extra: string[] = []) => cli(['analyze', file, '--out', path.join(dir, `out${k++}`), '--json', ...extra]);

  it('a TensorBoard log directory, with and without tag flags', async () => {
    const tb = path.join(dir, 'ds_logs');
    mkdirSync(tb);
    writeFileSync(path.join(tb, 'events.out.tfevents.1'), encodeTensorBoardEvents(rangeTest(100)));
    const r = await run(tb);
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out);
    assert.equal(s.points, 100);
    assert.ok(s.recommendation.constant.lr > 1e-4, JSON.stringify(s.recommendation));
    const tagged = await run(tb, ['--lr-tag', 'Train/Samples/lr', '--loss-tag', 'Train/Samples/train_loss']);
    assert.equal(tagged.code, 0, tagged.err);
    const wrong = await run(tb, ['--lr-tag', 'lr']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /invalid file ".*ds_logs": --lr-tag "lr" is not a scalar tag of this log; it has: "Train\/Samples\/lr", "Train\/Samples\/train_loss"/);
    const shared = await run(SHARED.pathname);
    assert.equal(shared.code, 2);
    assert.match(shared.err, /no learning-rate tag found among "Logloss"/);
  });

  it('pytorch-lr-finder history and Lightning results ({ lr, loss }), and JSON keys chosen by --lr-column/--loss-column', async () => {
    const history = path.join(dir, 'history.json');
    writeFileSync(history, JSON.stringify({ lr: lrs, loss: losses }));
    const r = await run(history);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).points, 60);
    const custom = path.join(dir, 'custom.json');
    writeFileSync(custom, JSON.stringify({ rates: lrs, train: losses, other: [1] }));
    const c = await run(custom, ['--lr-column', 'rates', '--loss-column', 'train']);
    assert.equal(c.code, 0, c.err);
    const missing = await run(custom, ['--lr-column', 'rate', '--loss-column', 'train']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--lr-column "rate" is not an array of numbers in this JSON; its keys: "rates", "train", "other"/);
  });

  it('CSV columns by 0-based index from the CLI, and W&B-style names', async () => {
    const csv = path.join(dir, 'noheader.csv');
    writeFileSync(csv, lrs.map((lr, i) => `${i},${losses[i]},${lr}`).join('\n') + '\n');
    const r = await run(csv, ['--lr-column', '2', '--loss-column', '1']);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).points, 60);
    const wandb = path.join(dir, 'wandb.csv');
    writeFileSync(wandb, 'Step,run-7 - train/lr,run-7 - train/loss,run-7 - eval/loss\n' + lrs.map((lr, i) => `${i},${lr},${losses[i]},${losses[i] + 0.1}`).join('\n') + '\n');
    const w = await cli(['analyze', wandb, '--out', path.join(dir, 'w')]);
    assert.equal(w.code, 0, w.err);
    assert.match(w.out, /columns lr=run-7 - train\/lr, loss=run-7 - train\/loss/);
    const tags = await run(wandb, ['--lr-tag', 'lr']);
    assert.equal(tags.code, 2);
    assert.match(tags.err, /--lr-tag \/ --loss-tag are for TensorBoard logs/);
  });
});
