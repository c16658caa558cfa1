import assert from 'node:assert/strict';
import { test } from 'node:test';
import { terminalChart } from '../src/cli/terminal.js';

test('terminalChart: log x axis, lettered marks at the right column, NaN tails tolerated', () => {
  const lrs = Array.from({ length: 50 }, (_, i) => 1e-5 * 10 ** (i / 10)); // 1e-5 .. ~8
  const loss = lrs.map((lr, i) => (i > 45 ? NaN : 2 - Math.log10(lr) / 10));
  const text = terminalChart([{ x: lrs, y: loss }], { width: 41, height: 6, logX: true, marks: [{ name: 'valley', x: 1e-3 }], xLabel: 'lr' });
  const lines = text.split('\n');
  // 7 chart rows (height + 1), tick labels, marks row, legend, x label.
  assert.equal(lines.length, 7 + 4);
  const markRow = lines[8];
  const col = markRow.indexOf('A') - 11;
  // 1e-3 sits at (log10(1e-3) - (-5)) / (log10(lrs[45]) - (-5)) of the finite range.
  const expected = Math.round(((-3 + 5) / (Math.log10(lrs[45]) + 5)) * 40);
  assert.equal(col, expected);
  assert.match(lines[9], /A=valley 1e-3/);
  assert.match(lines[0], /┤|┼/);
  assert.equal(terminalChart([{ x: [1], y: [2] }]), '(not enough points to draw)');
  // yMax clips a blow-up: the top label is the cap.
  const capped = terminalChart([{ x: [1, 2, 3], y: [1, 2, 100] }], { height: 4, yMax: 3 });
  assert.match(capped.split('\n')[0], /^\s+3\.000 /);
});
