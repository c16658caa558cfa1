import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OutputExistsError, prepareOutputDir, writeFileAtomic } from '../src/node/index.js';

async function withTmp(fn: (dir: string) => Promise<void>) {
  const dir = await mkdtemp(path.join(tmpdir(), 'lrkit-io-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('writeFileAtomic writes, replaces and leaves no temporary files', () =>
  withTmp(async (dir) => {
    const f = path.join(dir, 'curve.csv');
    await writeFileAtomic(f, 'a\n');
    await writeFileAtomic(f, Buffer.from('b\n'));
    // concurrent writers to one target: one of them wins whole, no temp left behind
    await Promise.all(Array.from({ length: 8 }, (_, i) => writeFileAtomic(f, `writer ${i}\n`.repeat(1000))));
    const text = await readFile(f, 'utf8');
    assert.match(text, /^(writer \d\n)+$/);
    assert.equal(new Set(text.split('\n').filter(Boolean)).size, 1);
    assert.deepEqual(await readdir(dir), ['curve.csv']);
  }));

test('writeFileAtomic removes its temp file when the rename fails', () =>
  withTmp(async (dir) => {
    const target = path.join(dir, 'taken');
    await writeFile(path.join(dir, 'keep'), 'x');
    // a non-empty directory at the target path makes rename() fail
    await import('node:fs/promises').then((fs) => fs.mkdir(path.join(target, 'sub'), { recursive: true }));
    await assert.rejects(writeFileAtomic(target, 'data'));
    assert.deepEqual((await readdir(dir)).sort(), ['keep', 'taken']);
    await assert.rejects(writeFileAtomic(path.join(dir, 'missing-dir', 'f'), 'x'), /ENOENT/);
    await assert.rejects(writeFileAtomic('', 'x'), TypeError);
    await assert.rejects(writeFileAtomic(path.join(dir, 'f'), 42 as never), /data must be a string or Uint8Array/);
  }));

test('prepareOutputDir creates the directory and refuses existing files unless force', () =>
  withTmp(async (dir) => {
    const out = path.join(dir, 'run', 'nested');
    const paths = await prepareOutputDir(out, ['curve.csv', 'plot.png']);
    assert.deepEqual(paths, [path.join(out, 'curve.csv'), path.join(out, 'plot.png')]);
    await writeFile(paths[1], 'png');
    await assert.rejects(prepareOutputDir(out, ['curve.csv', 'plot.png']), (e: unknown) => {
      assert.ok(e instanceof OutputExistsError);
      assert.deepEqual(e.files, [paths[1]]);
      assert.match(e.message, /refusing to overwrite existing file: .*plot\.png; pass force/);
      assert.doesNotMatch(e.message, /curve\.csv/);
      return true;
    });
    assert.deepEqual(await prepareOutputDir(out, ['curve.csv', 'plot.png'], { force: true }), paths);
    assert.equal(await readFile(paths[1], 'utf8'), 'png'); // the guard itself deletes nothing
    await assert.rejects(prepareOutputDir(out, ['../escape.csv']), (e: Error) => e instanceof RangeError && /"\.\.\/escape\.csv" must be a name inside/.test(e.message));
    await assert.rejects(prepareOutputDir(out, ['a'], { force: 'yes' as never }), (e: Error) => e instanceof TypeError && /force must be a boolean, got "yes"/.test(e.message));
  }));
