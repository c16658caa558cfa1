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
    assert.equal(await readFile(f, 'utf8'), 'b\n');
    // parts are written one after the other
    await writeFileAtomic(f, ['{"a": ', '[1,2]', '}', '\n']);
    assert.equal(await readFile(f, 'utf8'), '{"a": [1,2]}\n');
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
    await assert.rejects(writeFileAtomic(path.join(dir, 'f'), 42 as never), /writeFileAtomic: data must be a string, a Uint8Array \(Buffer\) or an array of strings, got 42$/);
    await assert.rejects(writeFileAtomic(path.join(dir, 'f'), ['a', 1] as never), /writeFileAtomic: data must be a string, a Uint8Array \(Buffer\) or an array of strings, got \["a", 1\]$/);
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

test('claimOutputDir: one claim per folder; a live holder refuses, a dead one is taken over, release removes only its own lock', () =>
  withTmp(async (dir) => {
    const { claimOutputDir, OutputDirBusyError, LOCK_FILE } = await import('../src/node/index.js');
    const a = await claimOutputDir(dir);
    await assert.rejects(claimOutputDir(dir), (e: unknown) => e instanceof OutputDirBusyError && e.pid === process.pid && e.message.includes(JSON.stringify(dir)));
    a.release();
    assert.deepEqual(await readdir(dir), []);
    // A lock of a process that has exited: taken over, and the claim says from whom.
    const { spawnSync } = await import('node:child_process');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: dead, token: 't', started: '', argv: '' }));
    const b = await claimOutputDir(dir);
    assert.equal(b.tookOverFrom, dead);
    // Someone else's lock replaced ours: release leaves it alone.
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, token: 'other', started: '', argv: '' }));
    b.release();
    assert.deepEqual(await readdir(dir), [LOCK_FILE]);
    // Not a lock at all: refused (it may be a run starting on a file system without links), naming the file to delete.
    await writeFile(path.join(dir, LOCK_FILE), 'garbage');
    await assert.rejects(claimOutputDir(dir), new RegExp(`delete ${path.join(dir, LOCK_FILE).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  }));

test('removeStaleTempFiles removes only temp files of processes that are gone; the manifest lists what lrkit wrote', () =>
  withTmp(async (dir) => {
    const { removeStaleTempFiles, readOutputManifest, recordOutputs, OUTPUT_MANIFEST } = await import('../src/node/index.js');
    const { spawnSync } = await import('node:child_process');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const names = [`.curve.json.${dead}.0123456789ab.tmp`, `.curve.json.${process.pid}.0123456789ab.tmp`, `.curve.json.${dead}.short.tmp`, 'curve.json'];
    for (const n of names) await writeFile(path.join(dir, n), 'x');
    assert.deepEqual(await removeStaleTempFiles(dir), [names[0]]);
    assert.deepEqual((await readdir(dir)).sort(), names.slice(1).sort());
    assert.deepEqual([...(await readOutputManifest(dir))], []);
    await recordOutputs(dir, ['b.svg', 'a.json']);
    await recordOutputs(dir, ['a.json', 'c.html']);
    assert.deepEqual([...(await readOutputManifest(dir))].sort(), ['a.json', 'b.svg', 'c.html']);
    await writeFile(path.join(dir, OUTPUT_MANIFEST), '{ not json');
    assert.deepEqual([...(await readOutputManifest(dir))], [], 'an unreadable manifest vouches for nothing');
  }));
