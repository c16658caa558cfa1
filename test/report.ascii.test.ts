import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asciiCurve, asciiLines, asciiSchedule } from '../src/report/index.js';
import { suggest } from '../src/suggestions/index.js';

function curve(n = 100) {
  const lrs: number[] = [];
  const losses: number[] = [];
  for (let i = 0; i < n; i++) {
    const lr = 1e-6 * 1e6 ** (i / (n - 1));
    const x = Math.log10(lr);
    lrs.push(lr);
    losses.push(2.3 - 1.9 / (1 + Math.exp(-(x + 3.2) * 2.2)) + Math.exp((x + 1) * 3));
  }
  return { lrs, losses };
}

test('asciiCurve: log-lr x axis, markers under the axis and on the curve, one label row per suggestion', () => {
  const sugg = [{ name: 'valley', lr: 3.2e-3 }, { name: 'steep', lr: 5e-4 }, { name: 'minimum', lr: 2e-2 }];
  const out = asciiCurve(curve(), sugg, { width: 61, height: 10 });
  const lines = out.split('\n');
  const axisLine = lines.findIndex((l) => l.includes('└─'));
  assert.equal(axisLine, 11, 'height+1 chart rows before the x axis');
  const axisCol = lines[axisLine].indexOf('└');
  assert.equal(lines[0].search(/[┤┼]/), axisCol);
  // log10 lr from -6 to 0 over 61 columns: 10 columns per decade
  const colOf = (lr: number) => axisCol + Math.round((Math.log10(lr) + 6) * 10);
  const markers = [...lines[axisLine + 1]].flatMap((ch, i) => (ch === '^' ? [i] : []));
  assert.deepEqual(markers, [colOf(5e-4), colOf(3.2e-3), colOf(2e-2)]);
  assert.equal([...out].filter((ch) => ch === '●').length, 3);
  for (const s of sugg) assert.equal(lines.slice(0, axisLine).findIndex((l) => l[colOf(s.lr)] === '●') >= 0, true, s.name);
  assert.match(lines[axisLine + 2], /1\.0e-6 +1\.0e0 +\(learning rate, log scale\)/);
  const labels = lines.slice(axisLine + 3);
  assert.deepEqual(labels.map((l) => l.trim().replace(/^[│ ]*└ /, '')), ['minimum 2.00e-2', 'valley 3.20e-3', 'steep 5.00e-4']);
  assert.equal(labels[0].indexOf('└'), colOf(2e-2));
  assert.equal(labels[2].indexOf('└'), colOf(5e-4));
});

test('asciiCurve clips the final blow-up and skips non-finite losses', () => {
  const c = curve();
  c.losses.push(NaN);
  c.lrs.push(2);
  const out = asciiCurve(c, [], { width: 40, height: 8 });
  const top = Number(out.split('\n')[0].split(/[┤┼]/)[0]);
  assert.ok(top < 4, `top label ${top} is clipped well below the max ${Math.max(...c.losses.filter(Number.isFinite))}`);
  // smoothed is preferred when given
  const flat = asciiCurve({ lrs: [1e-3, 1e-2, 1e-1], losses: [5, 1, 9], smoothed: [2, 2, 2] }, [], { width: 10, height: 3 });
  assert.doesNotMatch(flat, /[╭╮╯╰]/);
});

test('asciiCurve / asciiSchedule reject bad input with clear messages', () => {
  assert.throws(() => asciiCurve(curve(), [{ name: 'v', lr: 0 }]), /asciiCurve: suggestions\[0\]\.lr must be a finite number > 0, got 0$/);
  assert.throws(() => asciiCurve(curve(), [], { width: 3 }), (e: Error) => e instanceof RangeError && /^asciiCurve: width must be an integer from 10 to 1000, got 3$/.test(e.message));
  assert.throws(() => asciiCurve({ lrs: [1e-3, 1e-2], losses: [NaN, 1] }), /asciiCurve: curve\.losses must be an array with at least 2 finite values to draw, got \[NaN, 1\]$/);
  assert.throws(() => asciiSchedule([1]), /asciiSchedule: values must be an array of at least 2 steps, got \[1\]$/);
  assert.throws(() => asciiSchedule([1, NaN]), /asciiSchedule: values\[1\] must be a finite number, got NaN$/);
  assert.throws(() => asciiSchedule([1, 2], { height: 1 }), /asciiSchedule: height must be an integer from 3 to 200, got 1$/);
});

test('asciiSchedule draws a triangular cycle with its peaks and step range', () => {
  const values = Array.from({ length: 801 }, (_, i) => 0.01 + 0.09 * (1 - Math.abs((i % 400) / 200 - 1)));
  const out = asciiSchedule(values, { width: 41, height: 8 });
  const lines = out.split('\n');
  assert.equal(lines.length, 9 + 2);
  assert.match(lines[0], /^\s*0\.1000 ┤/);
  assert.match(lines[8], /^\s*0\.0100 ┼/);
  // the peaks (steps 200 and 600 -> columns 10 and 30) reach the top row
  const axis = lines[0].search(/[┤┼]/);
  assert.ok(['╮', '╭', '─'].includes(lines[0][axis + 10]) && ['╮', '╭', '─'].includes(lines[0][axis + 30]), lines[0]);
  assert.match(lines[10], /step 0 +step 800$/);
  // a constant schedule still draws (flat line in the middle)
  assert.match(asciiSchedule([0.1, 0.1, 0.1]), /─/);
});

test('asciiCurve marks the single-rate rules of suggest.all() and clips an accuracy collapse from below', () => {
  const c = curve();
  const set = suggest.all(c);
  const out = asciiCurve(c, set, { width: 61, height: 10 });
  const names = out.split('\n').filter((l) => l.includes('└ ')).map((l) => l.trim().replace(/^[│ ]*└ /, '').split(' ')[0]);
  assert.deepEqual([...names].sort(), ['minimum', 'slide', 'steep', 'valley']);
  assert.equal([...out].filter((ch) => ch === '●').length, 4);
  // accuracy rises from 0.1 to 0.9, then collapses to 0: the bottom label stays well above 0
  const acc = { lrs: c.lrs, losses: c.lrs.map((lr, i) => (i < 90 ? 0.1 + (0.8 * i) / 89 : 0)) };
  const bottom = (text: string) => Number(text.split('\n')[10].split(/[┤┼]/)[0]);
  assert.ok(bottom(asciiCurve(acc, [], { width: 40, height: 10, metric: 'accuracy' })) > 0, 'accuracy clipped from below');
  assert.equal(bottom(asciiCurve(acc, [], { width: 40, height: 10 })), 0, 'loss mode keeps the low values');
  assert.throws(() => asciiCurve(c, [], { metric: 'auc' as never }), /metric must be "loss" or "higher-is-better" \("accuracy" is an alias of "higher-is-better"\), got "auc"/);
});

test('asciiLines draws several series on a shared x axis with a legend, colours only on request', () => {
  const x = [0, 50, 100];
  const series = [{ name: 'fixed', x, y: [0.1, 0.5, 0.6] }, { name: 'one-cycle', x: [0, 100], y: [0.1, 0.9] }];
  const out = asciiLines(series, { width: 21, height: 8, xTitle: 'iteration' });
  const lines = out.split('\n');
  assert.equal(lines.length, 9 + 3);
  assert.match(lines[0], /^\s*0\.9000 ┤/);
  assert.match(lines[8], /^\s*0\.1000 ┼/);
  const axis = lines[0].search(/[┤┼]/);
  // data column i sits at axis + i: one-cycle ends on the top row (0.9), fixed on the 0.6 row
  assert.equal(lines[0][axis + 20], '─');
  assert.equal(lines[3][axis + 20], '─');
  assert.equal(lines[1][axis + 20], ' ');
  assert.match(lines[10], /0 +100 +\(iteration\)$/);
  assert.match(lines[11], /1=fixed +2=one-cycle/);
  assert.doesNotMatch(out, /\x1b\[/);
  assert.match(asciiLines(series, { width: 21, height: 8, color: true }), /\x1b\[\d+m/);
  assert.throws(() => asciiLines([]), /asciiLines: series must be a non-empty array of \{ name, y, x\? \}, got \[\]$/);
  assert.throws(() => asciiLines([{ name: 'a', x: [1], y: [1, 2] }]), (e: Error) => e instanceof RangeError && /^asciiLines: series\[0\]\.x must be an array as long as y \(2\) or undefined, got \[1\]$/.test(e.message));
  assert.throws(() => asciiLines([{ name: 'a', y: [NaN] }]), /asciiLines: series\[0\]\.y must be an array with at least one finite \(x, y\) point to draw, got \[NaN\]$/);
});
