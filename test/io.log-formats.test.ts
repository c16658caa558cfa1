// How users' files really arrive: Python's json.dump (NaN / Infinity tokens, numbers as strings,
// pandas' forms), Excel (UTF-16, BOMs, `;` with decimal commas, Windows-1252), W&B exports (sparse
// rows without a step), mixed-precision logs (inf / nan rows inside the curve), loggers that repeat
// a rate. Each is read, or refused naming what it is.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseCurveLog, recommend } from '../src/index.js';
import { readCurveFile } from '../src/cli/curve-files.js';

const enc = (s: string) => new TextEncoder().encode(s);
const n = 120;
const lrs = Array.from({ length: n }, (_, i) => 1e-5 * 10 ** ((6 * i) / (n - 1)));
const losses = lrs.map((lr) => 2.3 - 1.5 / (1 + (1e-2 / lr) ** 1.5) + (lr > 0.2 ? 30 * (lr - 0.2) : 0));
const csv = (sep = ',', num = (x: number) => String(x)) => `lr${sep}loss\n` + lrs.map((lr, i) => `${num(lr)}${sep}${num(losses[i])}`).join('\n') + '\n';
const utf16le = (s: string, bom: boolean) => {
  const out = new Uint8Array((bom ? 2 : 0) + 2 * s.length);
  if (bom) out.set([0xff, 0xfe]);
  for (let i = 0; i < s.length; i++) out[(bom ? 2 : 0) + 2 * i] = s.charCodeAt(i);
  return out;
};
const tmp = (name: string, bytes: Uint8Array | string) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lrkit-fmt-')), name);
  writeFileSync(file, bytes);
  return file;
};

describe('JSON as Python writes it', () => {
  it('NaN / Infinity / -Infinity tokens are read (a diverged tail stays NaN at the end)', () => {
    const text = `{"lr": [${lrs.join(', ')}], "loss": [${losses.slice(0, -2).join(', ')}, Infinity, NaN]}`;
    assert.throws(() => JSON.parse(text));
    const log = parseCurveLog('history.json', enc(text), { source: 'raw' });
    assert.equal(log.curve.losses.length, n);
    assert.ok(log.curve.losses.slice(-2).every(Number.isNaN));
    assert.deepEqual(log.warnings, []);
    // a token inside a string is text, not a number
    assert.throws(() => parseCurveLog('h.json', enc('{"lr": [1e-3, 1e-2], "loss": ["NaN dollars", 1]}'), { source: 'raw' }), /"loss"\[0\] is "NaN dollars", not a number/);
  });

  it('numbers as strings read like CSV cells; pandas to_json() and records forms too', () => {
    const strings = JSON.stringify({ lr: lrs.map(String), loss: losses.map((l) => l.toFixed(6)) });
    const s = parseCurveLog('s.json', enc(strings), { source: 'raw' });
    assert.deepEqual(s.curve.lrs, lrs);
    const pandas = JSON.stringify({ lr: Object.fromEntries(lrs.map((x, i) => [String(i), x])), loss: Object.fromEntries(losses.map((x, i) => [String(i), x])) });
    assert.deepEqual(parseCurveLog('p.json', enc(pandas), { source: 'raw' }).curve.losses, losses);
    const records = JSON.stringify(lrs.map((lr, i) => ({ lr, loss: losses[i] })));
    assert.deepEqual(parseCurveLog('r.json', enc(records), { source: 'raw' }).curve.lrs, lrs);
  });

  it('the hint names both accepted forms and the keys the file has', () => {
    assert.throws(() => parseCurveLog('x.json', enc('{"rate": [1, 2], "obj": [3, 4]}')), /lrs and losses arrays \(lrkit\) or lr and loss arrays \(pytorch-lr-finder history, Lightning lr_finder\.results\).*its keys: "rate", "obj"/);
    assert.throws(() => parseCurveLog('x.json', enc('{"lr": [1, 2')), /invalid curve JSON: .*lr and loss arrays/);
  });
});

describe('text encodings and Excel CSVs', () => {
  it('UTF-16 LE with and without BOM, and UTF-8 with BOM, read as the same curve, the encoding noted', () => {
    for (const [bytes, note] of [[utf16le(csv(), true), /UTF-16LE \(byte-order mark\)/], [utf16le(csv(), false), /UTF-16LE \(no byte-order mark/], [enc('\ufeff' + csv()), /UTF-8 \(with a byte-order mark\)/]] as const) {
      for (const log of [parseCurveLog('excel.csv', bytes), readCurveFile(tmp('excel.csv', bytes), {})]) {
        assert.deepEqual(log.curve.lrs, lrs);
        assert.deepEqual(log.curve.losses, losses);
        assert.match(log.notes.join('\n'), note);
      }
    }
  });

  it('a `;` CSV with decimal commas (German / French Excel) reads; Windows-1252 text too', () => {
    const text = csv(';', (x) => String(x).replace('.', ','));
    assert.match(text, /^lr;loss\n0,00001;2,2999/);
    for (const log of [parseCurveLog('de.csv', enc(text)), readCurveFile(tmp('de.csv', text), {})]) {
      assert.deepEqual(log.curve.lrs, lrs);
      assert.deepEqual(log.curve.losses, losses);
    }
    const latin = new Uint8Array([...enc('# Lernrate / Verlust (M\u00e4rz)\n'.replace('\u00e4', 'a')), ...enc(csv())]);
    latin[latin.indexOf(0x61 /* the a of März */, 20)] = 0xe4;
    const l = readCurveFile(tmp('w.csv', latin), {});
    assert.equal(l.curve.lrs.length, n);
    assert.match(l.notes.join('\n'), /Windows-1252/);
  });

  it('binary data is refused naming the byte, not printed back', () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    for (const read of [() => parseCurveLog('noise.csv', bytes), () => readCurveFile(tmp('noise.csv', bytes), {})]) {
      assert.throws(read, (e: Error) => /not a text file \(byte 0x[0-9a-f]{2} at offset \d+\)/.test(e.message) && e.message.length < 300);
    }
  });
});

describe('rows as loggers write them', () => {
  it('W&B-style sparse rows without a step column: the k-th lr goes with the k-th loss', () => {
    const text = 'train/lr,train/loss\n' + lrs.map((lr, i) => `${lr},\n,${losses[i]}`).join('\n') + '\n';
    const log = parseCurveLog('wandb.csv', enc(text));
    assert.deepEqual(log.curve.lrs, lrs);
    assert.deepEqual(log.curve.losses, losses);
    assert.match(log.notes.join('\n'), /k-th learning rate is paired with the k-th loss/);
  });

  it('Lightning CSVLogger rows whose step has no loss (log_every_n_steps) are left out with a warning naming them', () => {
    const rows = ['epoch,lr-SGD,step,train_loss'];
    lrs.forEach((lr, i) => {
      rows.push(`,${lr},${i},`);
      if (i % 2 === 0) rows.push(`0,,${i},${losses[i]}`);
    });
    rows.push('0,,119,', '0,,,'); // an epoch-end row with no value of ours, and an empty one
    const log = readCurveFile(tmp('metrics.csv', rows.join('\n')), {});
    assert.equal(log.curve.lrs.length, n / 2);
    assert.deepEqual(log.curve.lrs, lrs.filter((_, i) => i % 2 === 0));
    assert.ok(log.warnings.some((w) => w.code === 'unpaired-steps' && /60 step\(s\) have only one of "lr-SGD" \/ "train_loss"/.test(w.message)), JSON.stringify(log.warnings));
  });

  it('inf / nan rows inside the curve (a GradScaler skipping steps) are skipped and named; the rest is used', () => {
    const bad = new Set([20, 21, 50, 77]);
    const text = 'lr,loss\n' + lrs.map((lr, i) => `${lr},${bad.has(i) ? (i % 2 ? 'inf' : 'nan') : losses[i]}`).join('\n') + '\n';
    for (const log of [parseCurveLog('amp.csv', enc(text)), readCurveFile(tmp('amp.csv', text), {})]) {
      assert.equal(log.curve.lrs.length, n - bad.size);
      assert.ok(log.curve.losses.every(Number.isFinite));
      const w = log.warnings.find((x) => x.code === 'non-finite-rows');
      assert.ok(w && /4 point\(s\) with a non-finite loss inside the curve were skipped \(line 22, line 23, line 52, line 79\)/.test(w.message), JSON.stringify(log.warnings));
      const r = recommend(log.curve);
      assert.ok(r.constant, 'an answer, not "too-short"');
    }
  });

  it('a non-finite tail stays: NaN at the end, where recommend() reads the curve as ending', () => {
    const text = 'lr,loss\n' + lrs.map((lr, i) => `${lr},${i >= n - 5 ? 'inf' : losses[i]}`).join('\n');
    const log = parseCurveLog('div.csv', enc(text));
    assert.equal(log.curve.lrs.length, n);
    assert.ok(log.curve.losses.slice(-5).every(Number.isNaN));
    assert.deepEqual(log.warnings, []);
  });

  it('equal learning rates in a row are merged (mean loss) with a warning, not a stop', () => {
    const text = 'lr,loss\n' + lrs.map((lr, i) => (i === 10 ? `${lr},${losses[i]}\n${lr},${losses[i] + 0.2}` : `${lr},${losses[i]}`)).join('\n');
    const log = parseCurveLog('dup.csv', enc(text));
    assert.deepEqual(log.curve.lrs, lrs);
    assert.ok(Math.abs(log.curve.losses[10] - (losses[10] + 0.1)) < 1e-12);
    assert.deepEqual(log.warnings.map((w) => w.code), ['duplicate-lrs']);
    assert.match(log.warnings[0].message, /1 point\(s\) repeat the learning rate before them .* first at line 12/);
    assert.equal(log.pointName(11), 'line 14', 'points after the merge keep their own line');
  });
});
