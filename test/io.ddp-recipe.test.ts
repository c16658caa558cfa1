// The DDP recipe in docs/logs.md, run as it is written: two CPU processes (gloo), rank 0 writing
// step,lr,loss rows; lrkit reads the CSV and recommends. Needs Debian's python3-torch
// (apt-get install python3-torch libopenblas0); skipped cleanly where /usr/bin/python3 has no torch.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
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

it('the DDP recipe runs (2 processes, gloo) and its CSV is read and recommended on', { skip: !hasTorch && `${PY} has no torch (apt-get install python3-torch libopenblas0)`, timeout: 200_000 }, async () => {
  const code = /<!-- ddp-recipe[^>]*-->\n```python\n([\s\S]+?)\n```/.exec(doc)![1];
  const dir = mkdtempSync(path.join(tmpdir(), 'lrkit-ddp-'));
  writeFileSync(path.join(dir, 'ddp_range_test.py'), code);
  const out = path.join(dir, 'lr_range_test.csv');
  // A port nobody holds now (gloo's rendezvous on a busy one waits for ever).
  const port = await new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
  // Its own process group: on a timeout the ranks mp.spawn started are ended with their parent.
  const child = spawn(PY, [path.join(dir, 'ddp_range_test.py'), out], { detached: true, env: { ...process.env, MASTER_PORT: String(port), OMP_NUM_THREADS: '1' } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 180_000);
  const status = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  assert.equal(status, 0, stderr.slice(-2000));
  const log = readCurveFile(out, {});
  assert.equal(log.tool, 'raw');
  assert.ok(log.curve.lrs.length >= 50, `${log.curve.lrs.length} rows`);
  assert.equal(log.curve.lrs[0], 1e-5);
  const rec = recommend(log.curve);
  assert.ok(rec.constant && rec.constant.lr > 1e-5 && rec.constant.lr < 10, JSON.stringify(rec.constant));
});
