// The DDP recipe in docs/logs.md, run as it is written: two CPU processes (gloo), rank 0 writing
// step,lr,loss rows; lrkit reads the CSV and recommends. Needs Debian's python3-torch
// (apt-get install python3-torch libopenblas0); skipped cleanly where /usr/bin/python3 has no torch.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { recommend } from '../src/index.js';
import { readCurveFile } from '../src/cli/curve-files.js';

const PY = '/usr/bin/python3';
const hasTorch = existsSync(PY) && spawnSync(PY, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const doc = readFileSync(new URL('../docs/logs.md', import.meta.url), 'utf8');

it('the DDP recipe in docs/logs.md is one python block after its marker', () => {
  assert.match(doc, /<!-- ddp-recipe[^>]*-->\n```python\n[\s\S]+?\n```/);
});

it('the DDP recipe runs (2 processes, gloo) and its CSV is read and recommended on', { skip: !hasTorch && `${PY} has no torch (apt-get install python3-torch libopenblas0)`, timeout: 180_000 }, () => {
  const code = /<!-- ddp-recipe[^>]*-->\n```python\n([\s\S]+?)\n```/.exec(doc)![1];
  const dir = mkdtempSync(path.join(tmpdir(), 'lrkit-ddp-'));
  writeFileSync(path.join(dir, 'ddp_range_test.py'), code);
  const out = path.join(dir, 'lr_range_test.csv');
  const port = String(20000 + (process.pid % 20000));
  const r = spawnSync(PY, [path.join(dir, 'ddp_range_test.py'), out], { encoding: 'utf8', timeout: 170_000, env: { ...process.env, MASTER_PORT: port, OMP_NUM_THREADS: '1' } });
  assert.equal(r.status, 0, r.stderr);
  const log = readCurveFile(out, {});
  assert.equal(log.tool, 'raw');
  assert.ok(log.curve.lrs.length >= 50, `${log.curve.lrs.length} rows`);
  assert.equal(log.curve.lrs[0], 1e-5);
  const rec = recommend(log.curve);
  assert.ok(rec.constant && rec.constant.lr > 1e-5 && rec.constant.lr < 10, JSON.stringify(rec.constant));
});
