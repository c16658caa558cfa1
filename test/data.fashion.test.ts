import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FASHION_MNIST_CLASSES } from '../src/data/index.js';
import { loadFashionMnist } from '../src/node/index.js';

test('Fashion-MNIST: deterministic 60k/10k split, balanced, disjoint, scaled', async () => {
  const train = await loadFashionMnist({ split: 'train' });
  const testSet = await loadFashionMnist({ split: 'test' });
  assert.equal(train.count, 60000);
  assert.equal(testSet.count, 10000);
  assert.deepEqual(train.shape, [28, 28, 1]);
  assert.equal(train.classNames?.[1], 'Trouser');
  assert.equal(FASHION_MNIST_CLASSES.length, 10);
  const counts = new Array(10).fill(0);
  for (const l of testSet.labels) counts[l]++;
  assert.deepEqual(counts, new Array(10).fill(1000));
  // Unshuffled order interleaves the classes.
  assert.deepEqual([...train.labels.subarray(0, 12)], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  let max = 0;
  for (let i = 0; i < 784 * 10; i++) max = Math.max(max, train.features[i]);
  assert.ok(max <= 1 && max > 0.9);
  // Train and test share no image (compare a hash of each of 200 test images against train).
  const hash = (x: Float32Array, i: number) => {
    let h = 0;
    for (let k = 0; k < 784; k++) h = (h * 31 + Math.round(x[i * 784 + k] * 255)) | 0;
    return h;
  };
  const trainHashes = new Set<number>();
  for (let i = 0; i < train.count; i++) trainHashes.add(hash(train.features, i));
  let shared = 0;
  for (let i = 0; i < 200; i++) if (trainHashes.has(hash(testSet.features, i))) shared++;
  assert.ok(shared <= 2, `${shared} test images also in train`); // the raw data may hold rare duplicates
  const s = await loadFashionMnist({ split: 'test', limit: 50, seed: 2 });
  assert.equal(s.count, 50);
  assert.deepEqual(s.labels, (await loadFashionMnist({ split: 'test', limit: 50, seed: 2 })).labels);
});
