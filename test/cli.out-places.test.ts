// --out places that are not folders a user can write: a pseudo file system, a dangling link.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from './helpers/cli.js';

function log(dir: string): string {
  const file = join(dir, 'log.csv');
  const rows = Array.from({ length: 60 }, (_, i) => 1e-5 * 10 ** (i / 10)).map((lr) => `${lr},${2 - Math.log10(lr) / 10 + (lr > 0.1 ? lr * 5 : 0)}`);
  writeFileSync(file, 'lr,loss\n' + rows.join('\n') + '\n');
  return file;
}

test('--out under /proc is refused at once (Node\'s recursive mkdir never returns there)', { skip: !existsSync('/proc/self') && 'no /proc here' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-proc-'));
  const r = await cli(['analyze', log(dir), '--out', '/proc/lrkit-x']);
  assert.equal(r.code, 2);
  assert.match(r.err, /invalid --out "\/proc\/lrkit-x": cannot create or write files there/);
});

test('a dangling symbolic link as --out (or above it) is named as one, with its missing target', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-link-'));
  symlinkSync(join(dir, 'gone'), join(dir, 'out'));
  for (const out of [join(dir, 'out'), join(dir, 'out', 'sub')]) {
    const r = await cli(['analyze', log(dir), '--out', out]);
    assert.equal(r.code, 2);
    assert.ok(r.err.includes(`is a symbolic link to ${JSON.stringify(join(dir, 'gone'))}, which does not exist`), r.err);
    assert.doesNotMatch(r.err, /is a file/);
  }
  // a folder several levels down is made level by level
  const deep = await cli(['analyze', log(dir), '--out', join(dir, 'a', 'b', 'c')]);
  assert.equal(deep.code, 0, deep.err);
  assert.ok(existsSync(join(dir, 'a', 'b', 'c', 'analysis.json')));
});
