// `--optimizer prodigy | schedule-free-adamw`: train runs them at a constant rate with no range test;
// find and compare refuse them (exit 2) with the reason.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from './helpers/cli.js';

const small = ['--data', 'spirals', '--limit', '256', '--val-limit', '64', '--batch-size', '32', '--epochs', '2', '--backend', 'cpu', '--no-progress'];
const tmp = () => mkdtempSync(join(tmpdir(), 'lrkit-lrfree-'));

describe('lrkit with LR-free optimizers', () => {
  it('find refuses prodigy and schedule-free-adamw: exit 2, an LR-free optimizer needs no range test', async () => {
    for (const name of ['prodigy', 'schedule-free-adamw']) {
      const dir = tmp();
      const r = await cli(['find', '--optimizer', name, ...small, '--out', dir]);
      assert.equal(r.code, 2);
      assert.match(r.err, new RegExp(`invalid --optimizer ${name}: an LR-free optimizer sets its own step size and needs no LR range test; train with it directly: lrkit train --optimizer ${name}`));
      assert.ok(!existsSync(join(dir, 'curve.json')));
    }
  });

  it('compare refuses them too; train refuses a --policy other than fixed', async () => {
    const c = await cli(['compare', '--optimizer', 'prodigy', ...small, '--out', tmp()]);
    assert.equal(c.code, 2);
    assert.match(c.err, /invalid --optimizer prodigy: an LR-free optimizer sets its own step size and has no learning-rate policies to compare/);
    const t = await cli(['train', '--optimizer', 'schedule-free-adamw', '--policy', 'one-cycle', ...small, '--out', tmp()]);
    assert.equal(t.code, 2);
    assert.match(t.err, /invalid --policy one-cycle: --optimizer schedule-free-adamw sets its own step size/);
  });

  it('train --optimizer prodigy: no range test, the constant multiplier 1 (or --max-lr), and it learns', async () => {
    const dir = tmp();
    const r = await cli(['train', '--optimizer', 'prodigy', ...small, '--out', dir]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /prodigy sets its own step size: no range test, no schedule; lr 1 = its multiplier of its own step size \(the reference default\)/);
    assert.ok(!existsSync(join(dir, 'curve.json')), 'no range test ran');
    // The summary line says where the rate came from: the optimizer's default, not flags never given.
    assert.match(r.out, /fixed: lr 1\.00e\+?0 \(bounds from prodigy's reference default\)/);
    const j = JSON.parse(readFileSync(join(dir, 'train.json'), 'utf8'));
    assert.equal(j.optimizer, 'prodigy');
    assert.equal(j.policy, 'fixed');
    assert.ok(j.lrs.every((lr: number) => lr === 1));
    assert.ok(j.losses.at(-1) < j.losses[0], `loss ${j.losses[0]} -> ${j.losses.at(-1)}`);

    const s = await cli(['train', '--optimizer', 'schedule-free-adamw', '--max-lr', '0.01', ...small, '--out', tmp(), '--json']);
    assert.equal(s.code, 0, s.err);
    assert.equal(JSON.parse(s.out).optimizer, 'schedule-free-adamw');
    assert.deepEqual(JSON.parse(s.out).bounds, { maxLr: 0.01, baseLr: 0.01, source: 'flags' });
  });
});
