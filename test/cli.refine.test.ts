import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from './helpers/cli.js';

const SMALL = ['--data', 'spirals', '--limit', '600', '--val-limit', '200', '--num-iter', '60', '--hidden', '16', '--batch-size', '32', '--start-lr', '1e-4', '--end-lr', '30', '--backend', 'wasm', '--no-progress'];

test('find --refine: each candidate\'s evidence in curve.json and under the answer, before the chart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-refine-'));
  const r = await cli(['find', ...SMALL, '--refine', '40', '--out', join(dir, 'o')]);
  assert.equal(r.code, 0, r.err);
  const curve = JSON.parse(readFileSync(join(dir, 'o', 'curve.json'), 'utf8'));
  assert.ok(curve.recommendation.constant, 'this seeded run has an answer to refine');
  const refine = curve.refine;
  assert.ok(refine.steps <= 40 && refine.steps > 0);
  assert.equal(refine.candidates[1].lr, curve.recommendation.constant.lr, 'the knee is a candidate');
  for (const c of refine.candidates) for (const x of c.rounds) assert.ok(x.steps > 0 && (typeof x.score === 'number' || x.score === null));
  assert.ok(refine.candidates.some((c: { lr: number }) => c.lr === refine.winner.lr));
  const lines = r.out.split('\n');
  const at = lines.findIndex((l) => l.startsWith('refine ('));
  assert.ok(at > 0 && at < lines.findIndex((l) => l.startsWith('y: loss')), 'the evidence comes under the answer, before the chart');
  assert.ok(lines.some((l) => l.endsWith('<- best')));
});

test('find --refine is refused with --runs and with too few steps, before any work', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-refine-'));
  const a = await cli(['find', ...SMALL, '--runs', '2', '--refine', '--out', join(dir, 'a')]);
  assert.equal(a.code, 2);
  assert.match(a.err, /--refine.*without --runs/);
  const b = await cli(['find', ...SMALL, '--refine', '3', '--out', join(dir, 'b')]);
  assert.equal(b.code, 2);
  assert.match(b.err, /--refine "3": expected an integer >= 8/);
});
