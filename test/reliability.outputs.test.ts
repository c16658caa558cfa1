// The output folder under faults, with real processes: two runs into one folder (a lock), locks and
// temp files left by dead processes, writes that fail (injected ENOSPC), and the default folder
// that a re-run may replace (only lrkit's own files there).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { curveCsv, lrkit } from './helpers/spawn.js';

const root = mkdtempSync(path.join(tmpdir(), 'lrkit-outputs-'));
let n = 0;
/** A fresh working folder holding a.csv and b.csv (two different curves). */
function work(): string {
  const d = path.join(root, `w${n++}`);
  mkdirSync(d);
  writeFileSync(path.join(d, 'a.csv'), curveCsv(1));
  writeFileSync(path.join(d, 'b.csv'), curveCsv(3));
  return d;
}
/** The pid of a process that has exited (spawnSync waits for it). */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;
const ANALYZE = ['analysis.json', 'analysis.svg', 'analysis.png', 'analysis.html'];
/** Which input each output file came from ('a.csv' or 'b.csv'). */
const sources = (dir: string): string[] =>
  ANALYZE.filter((f) => f !== 'analysis.png').map((f) => (readFileSync(path.join(dir, f), 'utf8').includes('a.csv') ? 'a.csv' : 'b.csv'));

describe('one lrkit per output folder', () => {
  test('a second run into a folder that another run is writing is refused with exit 2 naming it, and writes nothing', async () => {
    const cwd = work();
    const gate = path.join(cwd, 'gate');
    // The first run holds the folder, paused in its write phase until the gate file appears.
    const first = lrkit(['analyze', 'a.csv', '--out', 'same'], cwd, { LRKIT_WRITE_GATE: gate });
    try {
      await first.waitErr(/LRKIT_WRITE_GATE: waiting/);
      const second = lrkit(['analyze', 'b.csv', '--out', 'same', '--force'], cwd);
      assert.equal(await second.exit, 2, second.err());
      assert.match(second.err(), new RegExp(`output folder "same" is being written by another lrkit process \\(pid ${first.child.pid}\\)`));
      assert.equal(second.out(), '');
    } finally {
      writeFileSync(gate, ''); // never leave the first run waiting
    }
    assert.equal(await first.exit, 0, first.err());
    assert.deepEqual(sources(path.join(cwd, 'same')), ['a.csv', 'a.csv', 'a.csv']);
    assert.ok(!existsSync(path.join(cwd, 'same', '.lrkit.lock')), 'the lock is removed on exit');
  });

  test('free races of two runs: never both written, never a mixed folder', async () => {
    for (let i = 0; i < 2; i++) {
      const cwd = work();
      const [a, b] = [lrkit(['analyze', 'a.csv', '--out', 'same', '--force'], cwd), lrkit(['analyze', 'b.csv', '--out', 'same', '--force'], cwd)];
      const codes = [await a.exit, await b.exit];
      // Overlapping: one is refused (2). One after the other: both succeed, the second replaces all.
      assert.ok(codes.includes(0) && codes.every((c) => c === 0 || c === 2), `${codes}: ${a.err()} ${b.err()}`);
      assert.equal(new Set(sources(path.join(cwd, 'same'))).size, 1, 'every file from the same run');
      assert.deepEqual(readdirSync(path.join(cwd, 'same')).filter((f) => f.startsWith('.lrkit.lock') || f.endsWith('.tmp')), []);
    }
  });

  test('a lock and temp files left by dead processes are taken over and cleaned; a live pid\'s temp file is kept', async () => {
    const cwd = work();
    const out = path.join(cwd, 'out');
    mkdirSync(out);
    const dead = deadPid();
    writeFileSync(path.join(out, '.lrkit.lock'), JSON.stringify({ pid: dead, token: 'x', started: '', argv: '' }));
    const stale = `.analysis.json.${dead}.0123456789ab.tmp`;
    const live = `.analysis.json.${process.pid}.0123456789ab.tmp`;
    writeFileSync(path.join(out, stale), 'half');
    writeFileSync(path.join(out, live), 'in progress');
    const r = lrkit(['analyze', 'a.csv', '--out', 'out'], cwd);
    assert.equal(await r.exit, 0, r.err());
    assert.match(r.err(), new RegExp(`took over "out" from pid ${dead}, which is no longer running`));
    assert.match(r.err(), new RegExp(`removed 1 temp file\\(s\\) left in "out" by processes no longer running: ${stale.replace(/\./g, '\\.')}`));
    assert.deepEqual(readdirSync(out).filter((f) => f.startsWith('.')).sort(), [live, '.lrkit-outputs.json']);
  });
});

describe('writes that fail', () => {
  test('a failed write names the file and the reason, the results are still printed, the file is rescued whole', async () => {
    const cwd = work();
    const r = lrkit(['analyze', 'a.csv', '--out', 'out'], cwd, { LRKIT_FAIL_WRITES: '/out/analysis\\.html$' });
    assert.equal(await r.exit, 1, r.err());
    const m = /could not write (\S+analysis\.html) \(no space left on device, ENOSPC\); saved it to (\S+lrkit-rescue-\w+\/analysis\.html) instead/.exec(r.err());
    assert.ok(m, r.err());
    assert.equal(m[1], path.join(cwd, 'out', 'analysis.html'));
    assert.match(readFileSync(m[2], 'utf8'), /<\/html>\s*$/, 'the rescued report is whole');
    assert.match(r.err(), new RegExp(`1 file\\(s\\) could not be written to out; they are in ${path.dirname(m[2])}: analysis\\.html`));
    assert.match(r.out(), /one-cycle/i, 'the results are printed');
    assert.ok(!existsSync(path.join(cwd, 'out', 'analysis.html')));
    assert.deepEqual(readdirSync(path.join(cwd, 'out')).filter((f) => f.endsWith('.tmp')), []);
  });

  test('when the rescue fails too, it says the file is not saved, and still prints the results', async () => {
    const cwd = work();
    const r = lrkit(['analyze', 'a.csv', '--out', 'out'], cwd, { LRKIT_FAIL_WRITES: 'analysis\\.svg$' });
    assert.equal(await r.exit, 1, r.err());
    assert.match(r.err(), /could not write \S+\/out\/analysis\.svg \(no space left on device, ENOSPC\), nor save it to a rescue folder \(.*lrkit-rescue-\w+: no space left on device, ENOSPC.*\): it is not saved/);
    assert.match(r.err(), /not saved anywhere: \S+\/out\/analysis\.svg/);
    assert.match(r.out(), /one-cycle/i);
    assert.ok(existsSync(path.join(cwd, 'out', 'analysis.json')) && existsSync(path.join(cwd, 'out', 'analysis.html')));
  });
});

describe('the default output folder is lrkit\'s own', () => {
  test('the quick start run twice: the second replaces lrkit\'s outputs, saying so, and exits 0', async () => {
    const cwd = work();
    const args = ['find', '--num-iter', '12', '--limit', '256', '--batch-size', '32', '--no-progress'];
    const first = lrkit(args, cwd);
    assert.equal(await first.exit, 0, first.err());
    const before = readFileSync(path.join(cwd, 'lrkit-out', 'curve.json'));
    const second = lrkit(args, cwd);
    assert.equal(await second.exit, 0, second.err());
    assert.match(second.err(), /replacing lrkit's earlier outputs in lrkit-out\/: curve\.json, curve\.csv, plot\.svg/);
    assert.deepEqual(readFileSync(path.join(cwd, 'lrkit-out', 'curve.json')).length > 0, true);
    assert.ok(before.length > 0);
  });

  test('a file lrkit did not write is never replaced (exit 2 naming it); an explicit --out keeps refusing without --force', async () => {
    const cwd = work();
    const first = lrkit(['analyze', 'a.csv'], cwd);
    assert.equal(await first.exit, 0, first.err());
    // The user's own file where an output goes (not in the manifest).
    writeFileSync(path.join(cwd, 'lrkit-out', 'analysis.svg'), 'mine');
    const manifest = JSON.parse(readFileSync(path.join(cwd, 'lrkit-out', '.lrkit-outputs.json'), 'utf8'));
    manifest.files = manifest.files.filter((f: string) => f !== 'analysis.svg');
    writeFileSync(path.join(cwd, 'lrkit-out', '.lrkit-outputs.json'), JSON.stringify(manifest));
    const second = lrkit(['analyze', 'b.csv'], cwd);
    assert.equal(await second.exit, 2, second.err());
    assert.match(second.err(), /refusing to replace lrkit-out\/analysis\.svg: lrkit did not write it \(not in lrkit-out\/\.lrkit-outputs\.json\)/);
    assert.equal(readFileSync(path.join(cwd, 'lrkit-out', 'analysis.svg'), 'utf8'), 'mine');
    assert.deepEqual(sources(path.join(cwd, 'lrkit-out')).filter((_, i) => i !== 1), ['a.csv', 'a.csv'], 'nothing replaced');
    const explicit = lrkit(['analyze', 'b.csv', '--out', 'lrkit-out'], cwd);
    assert.equal(await explicit.exit, 2, explicit.err());
    assert.match(explicit.err(), /refusing to overwrite existing files/);
  });
});
