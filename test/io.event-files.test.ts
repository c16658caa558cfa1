// Event files as crashes and running writers leave them: cut mid-record (the whole records before are
// used, with a warning naming the file and how much was cut), empty or with no whole record (a clear
// error, or skipped with a warning beside readable files in a log directory).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { encodeTensorBoardEvents, parseCurveLog, type ScalarPoint } from '../src/index.js';
import { readCurveFile } from '../src/cli/curve-files.js';
import { UsageError } from '../src/cli/errors.js';

const points = (n: number, f: (i: number) => number): ScalarPoint[] => Array.from({ length: n }, (_, i) => ({ step: i, wallTime: 1.7e9 + i, value: f(i) }));
const lr = (i: number) => 1e-6 * 10 ** ((7 * i) / 999);
// Step by step, as a writer interleaves the tags (each chunk starts with its own file_version record).
const events = (n = 1000) => {
  const loss = points(n, (i) => 2.3 - Math.log10(lr(i) / 1e-6) * 0.2 + (lr(i) > 0.3 ? 10 : 0));
  const chunks = points(n, lr).map((p, i) => encodeTensorBoardEvents({ 'lr-SGD': [p], train_loss: [loss[i]] }));
  const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  chunks.reduce((at, c) => (out.set(c, at), at + c.length), 0);
  return out;
};
const dir = () => mkdtempSync(path.join(tmpdir(), 'lrkit-ev-'));

describe('truncated and empty event files', () => {
  it('a file cut mid-record: the whole records are used, and the warning names the file and how much was cut', () => {
    const bytes = events();
    const cut = bytes.subarray(0, Math.floor(bytes.length / 2) + 5);
    const log = parseCurveLog('events.out.tfevents.1', cut);
    assert.ok(log.curve.lrs.length > 400 && log.curve.lrs.length < 600, `${log.curve.lrs.length} points`);
    const w = log.warnings.find((x) => x.code === 'truncated-event-file');
    assert.ok(w, JSON.stringify(log.warnings));
    assert.match(w.message, /^events\.out\.tfevents\.1: (the record at byte \d+ is cut short \(\d+ of its \d+ bytes present\)|a record header cut short at byte \d+): \d+ whole record\(s\) read \(\d+ bytes\); the last \d+ of \d+ bytes \([\d.]+%\) were not$/);
    const file = path.join(dir(), 'events.out.tfevents.2');
    writeFileSync(file, cut);
    const fromDisk = readCurveFile(file, {});
    assert.equal(fromDisk.curve.lrs.length, log.curve.lrs.length);
    assert.match(fromDisk.warnings.map((x) => x.message).join('\n'), new RegExp(`${file.replace(/[.\\/]/g, '\\$&')}: (the record|a record header)`));
  });

  it('an empty file, or one without a whole record, is an error saying so (exit 2 in the CLI: a UsageError)', () => {
    assert.throws(() => parseCurveLog('events.out.tfevents.e', new Uint8Array(0)), /the event file is empty \(0 bytes\): nothing to read/);
    assert.throws(() => parseCurveLog('events.out.tfevents.e', events().subarray(0, 20)), /no whole record in 20 bytes \(the record at byte 0 is cut short .*\): nothing readable/);
    const d = dir();
    writeFileSync(path.join(d, 'events.out.tfevents.0'), new Uint8Array(0));
    assert.throws(() => readCurveFile(path.join(d, 'events.out.tfevents.0'), {}), (e: Error) => e instanceof UsageError && /empty \(0 bytes\)/.test(e.message));
    assert.throws(() => readCurveFile(d, {}), (e: Error) => e instanceof UsageError && /nothing readable: .*events\.out\.tfevents\.0: the event file is empty/.test(e.message));
  });

  it('in a log directory, an empty file beside a good one is skipped with a warning naming it', () => {
    const d = dir();
    writeFileSync(path.join(d, 'events.out.tfevents.1'), new Uint8Array(0));
    writeFileSync(path.join(d, 'events.out.tfevents.2'), events(300));
    const log = readCurveFile(d, {});
    assert.equal(log.curve.lrs.length, 300);
    assert.ok(log.warnings.some((w) => w.code === 'unreadable-event-file' && w.message.includes('events.out.tfevents.1: the event file is empty')), JSON.stringify(log.warnings));
  });
});
