import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseIdx, exampleSize } from '../src/data/index.js';
import { loadMnist, mnistDataDir } from '../src/node/index.js';

test('parseIdx reads the MNIST label header and rejects broken files', () => {
  const labels = parseIdx(readFileSync(join(mnistDataDir(), 't10k-labels-idx1-ubyte')));
  assert.deepEqual(labels.dims, [10000]);
  // First test labels of MNIST are 7, 2, 1, 0, 4.
  assert.deepEqual([...labels.data.subarray(0, 5)], [7, 2, 1, 0, 4]);
  const bad = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 5, 1, 2]);
  assert.throws(() => parseIdx(bad, 'x.idx'), /promises 5 values .* holds 2/);
  assert.throws(() => parseIdx(new Uint8Array([1, 2, 3, 4])), /magic/);
  assert.throws(() => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 0])), /0xd is not supported/);
});

// Its speed is a benchmark's business (bench/startup.ts), not a timed unit test's: a loaded CI
// machine must not fail the suite.
test('loadMnist loads all 60,000 training images, scaled to [0, 1]', async () => {
  const d = await loadMnist();
  assert.equal(d.count, 60000);
  assert.deepEqual(d.shape, [28, 28, 1]);
  assert.equal(d.features.length, 60000 * 784);
  assert.equal(d.labels.length, 60000);
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < 784 * 100; i++) { min = Math.min(min, d.features[i]); max = Math.max(max, d.features[i]); }
  assert.equal(min, 0);
  assert.equal(max, 1);
  // Every digit occurs, roughly a tenth each.
  const counts = new Array(10).fill(0);
  for (const l of d.labels) counts[l]++;
  for (const c of counts) assert.ok(c > 5000 && c < 7000, String(counts));
  assert.equal(d.labels[0], 5); // the famous first training digit
});

test('loadMnist limit and seeded shuffle are reproducible and consistent with the file order', async () => {
  const all = await loadMnist({ split: 'test' });
  const a = await loadMnist({ split: 'test', limit: 300, seed: 7 });
  const b = await loadMnist({ split: 'test', limit: 300, seed: 7 });
  const c = await loadMnist({ split: 'test', limit: 300, seed: 8 });
  assert.equal(a.count, 300);
  assert.deepEqual(a.labels, b.labels);
  assert.deepEqual(a.features, b.features);
  assert.notDeepEqual(a.labels, c.labels);
  // A shuffled example is one of the originals with its own label: find image 0 of `a` in `all`.
  const size = exampleSize(a);
  const first = a.features.subarray(0, size);
  let found = -1;
  for (let i = 0; i < all.count && found < 0; i++) {
    const img = all.features.subarray(i * size, (i + 1) * size);
    if (img.every((v, k) => v === first[k])) found = i;
  }
  assert.ok(found >= 0);
  assert.equal(all.labels[found], a.labels[0]);
  const head = await loadMnist({ split: 'test', limit: 5 });
  assert.deepEqual([...head.labels], [7, 2, 1, 0, 4]);
});

test('loadMnist names bad options', async () => {
  await assert.rejects(loadMnist({ limit: 0 }), (e: unknown) => e instanceof RangeError && /limit .* got 0/.test(e.message));
  await assert.rejects(loadMnist({ seed: 1.5 }), (e: unknown) => e instanceof RangeError && /seed .* 1\.5/.test(e.message));
  await assert.rejects(
    loadMnist({ split: 'val' as 'train' }),
    (e: unknown) => e instanceof RangeError && /split .* "val"/.test(e.message),
  );
});
