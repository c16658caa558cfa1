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
