// Long logs: past the sizes where an argument spread (Math.min(...arr)) overflows the stack
// (~1.25e5) and where a quadratic step match took minutes, every reader finishes with every point.
// Not timed (timings live in benchmarks); a quadratic reader would hit the test timeout.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { encodeTensorBoardEvents, parseCurveLog } from '../src/index.js';
import { readCurveFile } from '../src/cli/curve-files.js';

const N = 200_000;
const lr = (i: number) => 1e-6 * 10 ** ((7 * i) / N);
const loss = (i: number) => 2 + Math.sin(i) / 10;
const dir = mkdtempSync(path.join(tmpdir(), 'lrkit-scale-'));

describe(`logs of ${N} points`, { timeout: 120_000 }, () => {
  it('CSV streamed from disk (sparse CSVLogger rows merged by step, with inf rows inside) and JSON with NaN tokens', () => {
    const parts = ['epoch,lr-SGD,step,train_loss\n'];
    for (let i = 0; i < N; i++) parts.push(`,${lr(i)},${i},\n0,,${i},${i % 1000 === 500 ? 'inf' : loss(i)}\n`);
    const file = path.join(dir, 'metrics.csv');
    writeFileSync(file, parts.join(''));
    const csv = readCurveFile(file, {});
    assert.equal(csv.curve.lrs.length, N - N / 1000);
    assert.match(csv.warnings.map((w) => w.message).join('\n'), /200 point\(s\) with a non-finite loss inside the curve were skipped \(line 1003, line 3003/);
    const json = `{"lr": [${Array.from({ length: N }, (_, i) => lr(i)).join(',')}], "loss": [${Array.from({ length: N }, (_, i) => (i === N - 1 ? 'NaN' : loss(i))).join(',')}]}`;
    const j = parseCurveLog('h.json', new TextEncoder().encode(json), { source: 'pytorch-lr-finder' });
    assert.equal(j.curve.lrs.length, N);
    assert.ok(Number.isNaN(j.curve.losses[N - 1]));
  });

  it('a TensorBoard file: steps joined in linear time', () => {
    const pts = (f: (i: number) => number) => Array.from({ length: N }, (_, i) => ({ step: i, wallTime: i, value: f(i) }));
    const file = path.join(dir, 'events.out.tfevents.1');
    writeFileSync(file, encodeTensorBoardEvents({ 'lr-SGD': pts(lr), train_loss: pts(loss) }));
    const log = readCurveFile(file, {});
    assert.equal(log.curve.lrs.length, N);
    assert.equal(log.pointName(N - 1), `step ${N - 1}`);
    assert.equal(readCurveFile(dir, {}).curve.lrs.length, N);
  });
});
