import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { blobs, parseTabularCsv, parseTabularJson, shuffledIndices, spirals, splitData } from '../src/data/index.js';
import { loadSplits, loadTabular } from '../src/node/index.js';

test('CSV with string labels: features in column order, labels sorted and numbered', () => {
  const d = parseTabularCsv('a,b,species\n1,2,setosa\n3,4,virginica\n5,6,setosa\n', { label: 'species' });
  assert.deepEqual(d.shape, [2]);
  assert.deepEqual([...d.features], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(d.classNames, ['setosa', 'virginica']);
  assert.deepEqual([...d.labels], [0, 1, 0]);
  assert.equal(d.numClasses, 2);
});

test('CSV label column is configurable, integer labels are kept, bad cells are named', () => {
  const d = parseTabularCsv('y,x1,x2\n2,0.5,1\n0,1.5,2\n', { label: 'y' });
  assert.deepEqual([...d.labels], [2, 0]);
  assert.equal(d.numClasses, 3);
  assert.equal(d.classNames, undefined);
  assert.throws(() => parseTabularCsv('x,label\n1,0\n', { label: 'cls' }), /label column "cls" not found.*x, label/);
  assert.throws(() => parseTabularCsv('x,label\nabc,0\n', { name: 'f.csv' }), /f\.csv: row 1, column "x": "abc" is not a finite number/);
  assert.throws(() => parseTabularCsv('x,label\n1,0\n2\n'), /cannot parse CSV/);
});

test('standardize gives zero mean and unit variance per column', () => {
  const d = parseTabularCsv('a,b,label\n1,10,0\n2,20,1\n3,30,0\n4,40,1\n', { standardize: true });
  for (let j = 0; j < 2; j++) {
    const col = [0, 1, 2, 3].map((i) => d.features[i * 2 + j]);
    const mean = col.reduce((s, v) => s + v, 0) / 4;
    const variance = col.reduce((s, v) => s + (v - mean) ** 2, 0) / 4;
    assert.ok(Math.abs(mean) < 1e-6);
    assert.ok(Math.abs(variance - 1) < 1e-5);
  }
});

test('JSON: records and {features, labels} forms; schema errors explain the expected shape', () => {
  const a = parseTabularJson('[{"x":1,"y":2,"label":"b"},{"x":3,"y":4,"label":"a"}]');
  assert.deepEqual([...a.labels], [1, 0]);
  const b = parseTabularJson('{"features":[[1,2],[3,4],[5,6]],"labels":[1,0,1]}');
  assert.deepEqual([...b.features], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...b.labels], [1, 0, 1]);
  assert.throws(() => parseTabularJson('{"features":[[1,2]],"labels":[1,0]}'), /1 feature rows but 2 labels/);
  assert.throws(() => parseTabularJson('{"rows": 3}'), /expected an array of records/);
  assert.throws(() => parseTabularJson('{nope'), /not valid JSON/);
});

test('loadTabular reads files and rejects other extensions', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-data-'));
  const csv = join(dir, 'd.csv');
  writeFileSync(csv, 'x,label\n1,0\n2,1\n');
  assert.equal((await loadTabular(csv)).count, 2);
  await assert.rejects(loadTabular(join(dir, 'd.txt')), /must end in \.csv or \.json/);
});

test('loadTabular streams a 200k-row CSV (a Math.max spread over the labels overflowed from ~125k) and names the file on a bad one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-data-'));
  const big = join(dir, 'big.csv');
  const rows = 200_000;
  let text = '\ufeffx,y,label\n';
  for (let i = 0; i < rows; i++) text += `${i % 97},${(i * 7) % 13},${i % 4}\n`;
  writeFileSync(big, text);
  const d = await loadTabular(big);
  assert.equal(d.count, rows);
  assert.equal(d.numClasses, 4);
  assert.deepEqual([...d.features.subarray(2 * 150_001, 2 * 150_001 + 2)], [150_001 % 97, (150_001 * 7) % 13]);
  assert.equal(d.labels[199_999], 199_999 % 4);
  // the same answer as the page's (browser-build) parser on the same text
  const small = 'x,y,label\n1,2,a\n3,4,b\n';
  writeFileSync(join(dir, 's.csv'), small);
  assert.deepEqual(await loadTabular(join(dir, 's.csv'), { name: 's' }), parseTabularCsv(small, { name: 's' }));
  writeFileSync(join(dir, 'bad.csv'), 'x,label\n1,0\n2\n');
  await assert.rejects(loadTabular(join(dir, 'bad.csv')), (e: Error) => e instanceof TypeError && e.message.includes('bad.csv: cannot parse CSV'));
});

test('synthetic sets are seeded, balanced and sized', () => {
  const a = spirals({ count: 300, classes: 3, seed: 4 });
  assert.deepEqual(a.features, spirals({ count: 300, classes: 3, seed: 4 }).features);
  assert.notDeepEqual(a.features, spirals({ count: 300, classes: 3, seed: 5 }).features);
  const counts = [0, 0, 0];
  for (const l of a.labels) counts[l]++;
  assert.deepEqual(counts, [100, 100, 100]);
  const b = blobs({ count: 40, classes: 4, noise: 0.01 });
  // With tiny noise each point sits next to its class centre on the radius-4 circle.
  for (let i = 0; i < b.count; i++) {
    const angle = (2 * Math.PI * b.labels[i]) / 4;
    assert.ok(Math.hypot(b.features[2 * i] - 4 * Math.cos(angle), b.features[2 * i + 1] - 4 * Math.sin(angle)) < 0.1);
  }
  assert.throws(() => spirals({ classes: 1 }), /spirals: classes must be an integer from 2 to 256, got 1/);
});

test('shuffledIndices is always a permutation (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 500 }), fc.integer(), (n, seed) => {
      const p = [...shuffledIndices(n, seed)].sort((x, y) => x - y);
      return p.every((v, i) => v === i) && p.length === n;
    }),
  );
});

test('splitData and loadSplits keep every example exactly once', async () => {
  const d = spirals({ count: 100, seed: 1 });
  const { train, test } = splitData(d, { testFraction: 0.25, seed: 3 });
  assert.equal(train.count, 75);
  assert.equal(test.count, 25);
  const key = (x: Float32Array, i: number) => `${x[2 * i]},${x[2 * i + 1]}`;
  const seen = new Set<string>();
  for (let i = 0; i < 75; i++) seen.add(key(train.features, i));
  for (let i = 0; i < 25; i++) seen.add(key(test.features, i));
  assert.equal(seen.size, 100);
  assert.throws(() => splitData(d, { testFraction: 1 }), /splitData: testFraction must be a number in \(0, 1\), got 1/);
  const s = await loadSplits('spirals', { trainLimit: 80, testLimit: 20 });
  assert.equal(s.train.count, 80);
  assert.equal(s.test.count, 20);
  await assert.rejects(loadSplits('cifar'), /data "cifar" is not known/);
});
