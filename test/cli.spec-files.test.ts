import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromSpec, oneCycle, oneCycleMomentum } from '../src/schedules/index.js';
import { BIN, cli } from './helpers/cli.js';



test('schedule --spec reads back its own schedule.json with the length and the momentum it was written with', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-rt-'));
  const a = await cli(['schedule', 'one-cycle', '--max-lr', '0.2', '--epochs', '10', '--iters-per-epoch', '500', '--cycle-momentum', '--out', join(dir, 'a')]);
  assert.equal(a.code, 0, a.err);
  const saved = JSON.parse(readFileSync(join(dir, 'a', 'schedule.json'), 'utf8'));
  assert.equal(saved.steps, 5000);
  assert.equal(saved.momentumSpec.type, 'oneCycleMomentum');
  // Momentum is drawn as a second panel of the plot.
  const svg = readFileSync(join(dir, 'a', 'schedule.svg'), 'utf8');
  assert.match(svg, />momentum</);
  assert.match(svg, />learning rate</);

  const b = await cli(['schedule', '--spec', join(dir, 'a', 'schedule.json'), '--json', '--no-plot']);
  assert.equal(b.code, 0, b.err);
  const j = JSON.parse(b.out);
  assert.equal(j.steps, 5000);
  assert.equal(j.itersPerEpoch, 500);
  assert.equal(j.lr.length, 5000);
  assert.equal(j.momentum.length, 5000);
  const lr = oneCycle({ maxLr: 0.2, totalSteps: 5000 });
  const mom = oneCycleMomentum({ totalSteps: 5000 });
  for (const i of [0, 1000, 1499, 2500, 4999]) {
    assert.equal(j.lr[i], lr(i));
    assert.equal(j.momentum[i], mom(i));
  }
  // Human output says where the length came from and shows the momentum column.
  const h = await cli(['schedule', '--spec', join(dir, 'a', 'schedule.json'), '--out', join(dir, 'h')]);
  assert.equal(h.code, 0, h.err);
  assert.match(h.out, /5000 steps \(10 epochs x 500\)/);
  assert.match(h.out, /momentum 0\.8500 \.\. 0\.9500/);
  assert.match(readFileSync(join(dir, 'h', 'schedule.csv'), 'utf8').split('\n')[0], /^step,epoch,lr,momentum$/);
  // Typed flags still override the file.
  const c = await cli(['schedule', '--spec', join(dir, 'a', 'schedule.json'), '--epochs', '2', '--iters-per-epoch', '50', '--json', '--no-plot']);
  assert.equal(JSON.parse(c.out).lr.length, 100);
  // A triangular2 10 x 500 file reads back as 5000 steps, not the default 10 x 100.
  await cli(['schedule', 'triangular2', '--epochs', '10', '--iters-per-epoch', '500', '--out', join(dir, 't')]);
  const t = JSON.parse((await cli(['schedule', '--spec', join(dir, 't', 'schedule.json'), '--json', '--no-plot'])).out);
  assert.equal(t.lr.length, 5000);
  assert.equal(t.epochs, 10);
});

test("schedule --spec draws find's recommended one-cycle over its totalSteps, with its momentum", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-rtf-'));
  const f = await cli(['find', '--data', 'spirals', '--num-iter', '40', '--batch-size', '32', '--backend', 'wasm', '--epochs', '10', '--iters-per-epoch', '937', '--out', join(dir, 'f'), '--json']);
  assert.equal(f.code, 0, f.err);
  const curve = JSON.parse(readFileSync(join(dir, 'f', 'curve.json'), 'utf8'));
  const rec = curve.recommended.oneCycle;
  assert.equal(rec.spec.totalSteps, 9370);
  writeFileSync(join(dir, 'one.json'), JSON.stringify(rec));
  const s = await cli(['schedule', '--spec', join(dir, 'one.json'), '--json', '--no-plot']);
  assert.equal(s.code, 0, s.err);
  const j = JSON.parse(s.out);
  assert.equal(j.steps, 9370);
  assert.equal(j.lr.length, 9370);
  assert.equal(j.momentum.length, 9370);
  const ref = fromSpec(rec.spec);
  assert.equal(j.lr[9369], ref(9369));
  assert.equal(Math.max(...j.lr), rec.spec.maxLr);
  // The whole curve.json gives its recommended one-cycle by default, the same schedule; --use picks another.
  const whole = await cli(['schedule', '--spec', join(dir, 'f', 'curve.json'), '--json', '--no-plot', '--out', join(dir, 's2')]);
  assert.equal(whole.code, 0, whole.err);
  assert.deepEqual(JSON.parse(whole.out).lr, j.lr);
  const constant = await cli(['schedule', '--spec', join(dir, 'f', 'curve.json'), '--use', 'constant', '--json', '--no-plot', '--out', join(dir, 's3')]);
  assert.equal(constant.code, 0, constant.err);
  assert.equal(JSON.parse(constant.out).lr[5000], curve.recommendation.constant.lr);
  const bad = await cli(['schedule', '--spec', join(dir, 'one.json'), '--use', 'cyclic', '--no-plot', '--out', join(dir, 's4')]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--use cyclic picks one of the schedules a find or analyze output recommends/);
});

test('schedule | head: files are written first and the closed pipe ends the command quietly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-pipe-'));
  const out = join(dir, 'o');
  const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'schedule', 'triangular2', '--epochs', '10', '--iters-per-epoch', '2000', '--json', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    // The reader goes away at once, like `head -c 1` would: every write to stdout hits EPIPE.
    child.stdout.destroy();
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /EPIPE|Error/);
  for (const f of ['schedule.json', 'schedule.csv', 'schedule.svg']) assert.ok(existsSync(join(out, f)), f);
  assert.equal(readFileSync(join(out, 'schedule.csv'), 'utf8').trim().split('\n').length, 20001);
});
