import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { progress, type Io } from '../src/cli/common.js';

/** A writable that says it is a terminal, so cli-progress draws into it. */
function fakeTerminal() {
  let text = '';
  const stream = Object.assign(
    new Writable({ write(chunk, _enc, cb) { text += String(chunk); cb(); } }),
    { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true },
  );
  return { stream, text: () => text };
}

test('the terminal progress bar never shows raw {placeholders}, from its first frame on', () => {
  const t = fakeTerminal();
  const io: Io = { out: () => {}, err: () => {}, tty: true };
  const bar = progress(io, 10, { label: 'find', format: 'find [{bar}] {value}/{total} | lr {lr} | smoothed {smoothed} | ETA {eta_formatted}', stream: t.stream });
  const first = t.text();
  assert.match(first, /lr - \| smoothed -/);
  assert.doesNotMatch(first, /\{lr\}|\{smoothed\}/);
  bar.update(5, { lr: '1.00e-3', smoothed: '2.301' });
  bar.stop();
  assert.match(t.text(), /lr 1\.00e-3 \| smoothed 2\.301/);
  assert.doesNotMatch(t.text(), /\{\w+\}/);
});

test('without a terminal, progress lines name the value they show', () => {
  const lines: string[] = [];
  const io: Io = { out: () => {}, err: (s) => lines.push(s), tty: false };
  const bar = progress(io, 10, { label: 'find' });
  bar.update(1, { lr: '1e-3', smoothed: '2.3' });
  assert.deepEqual(lines, ['find: 1/10 lr=1e-3 smoothed=2.3']);
});

test('lrkit analyze shows how much of a long log it has read, before the answer', async () => {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { runCli } = await import('../src/cli/program.js');
  const { PROGRESS_BYTES } = await import('../src/cli/analyze.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'lrkit-progress-'));
  try {
    // A range test's shape, as many points as it takes to pass the threshold.
    const rows: string[] = ['lr,loss'];
    let size = 0;
    const n = Math.ceil(PROGRESS_BYTES / 38) + 1000;
    for (let i = 0; i < n; i++) {
      const t = i / (n - 1);
      const row = `${1e-6 * 10 ** (6 * t)},${(2.3 - 1.5 * t + Math.exp((t - 0.85) * 30) + 1e-3 * Math.sin(i)).toFixed(15)}`;
      rows.push(row);
      size += row.length + 1;
    }
    assert.ok(size > PROGRESS_BYTES, `${size} bytes`);
    const file = path.join(dir, 'long.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    const said: string[] = [];
    const io: Io = { out: (s) => said.push(`out: ${s}`), err: (s) => said.push(`err: ${s}`), tty: false };
    const code = await runCli(['analyze', file, '--out', path.join(dir, 'out')], io);
    assert.equal(code, 0, said.join('\n'));
    const reading = said.filter((l) => l.startsWith(`err: reading ${file} (MB): `));
    const mb = Math.ceil(size / 2 ** 20);
    assert.ok(reading.length >= 5 && reading.length <= 11, reading.join('\n'));
    assert.equal(reading.at(-1), `err: reading ${file} (MB): ${mb}/${mb}`);
    // Progress first, then the answer on stdout.
    const firstOut = said.findIndex((l) => l.startsWith('out: '));
    assert.ok(firstOut > said.indexOf(reading.at(-1)!), said.slice(0, 20).join('\n'));
    // --json: stdout is the JSON alone, stderr has no progress.
    said.length = 0;
    assert.equal(await runCli(['analyze', file, '--json', '--force', '--out', path.join(dir, 'out')], io), 0);
    assert.equal(said.filter((l) => l.includes('reading')).length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
