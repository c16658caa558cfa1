// The MNIST subset the page trains on: written by scripts/build-web-data.ts, read by web/src/mnistSubset.ts.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseIdx } from '../../src/data/idx.js';
import { buildMnistSubset, mnistDataDir } from '../../scripts/build-web-data.js';
import * as FORMAT from '../../scripts/build-web-data-format.js';
import { decodeMnistSubset as decode } from '../../web/src/mnistSubset.js';

const decodeMnistSubset = (buf: ArrayBuffer) => decode(buf, FORMAT);

describe('web MNIST subset', () => {
  it('round-trips the first digits of the MNIST training set', async () => {
    const bytes = await buildMnistSubset(300);
    assert.equal(bytes.length, 16 + 300 * 784 + 300);
    const data = decodeMnistSubset(bytes.slice().buffer);
    assert.equal(data.count, 300);
    assert.deepEqual(data.shape, [784]);
    assert.equal(data.numClasses, 10);
    const images = parseIdx(await readFile(join(mnistDataDir(), 'train-images-idx3-ubyte')));
    const labels = parseIdx(await readFile(join(mnistDataDir(), 'train-labels-idx1-ubyte')));
    assert.deepEqual([...data.labels], [...labels.data.subarray(0, 300)]);
    for (const i of [0, 784 * 7 + 300, 300 * 784 - 1]) assert.equal(data.features[i], Math.fround(images.data[i] / 255));
    assert.ok(data.features.every((v) => v >= 0 && v <= 1));
    assert.equal(new Set(data.labels).size, 10);
  });

  it('rejects bad counts and foreign files, naming the problem', async () => {
    await assert.rejects(buildMnistSubset(0), /count must be an integer in \[1, 60000\]; got 0/);
    await assert.rejects(buildMnistSubset(1.5), RangeError);
    assert.throws(() => decodeMnistSubset(new ArrayBuffer(8)), /bad header \(8 bytes\)/);
    const truncated = (await buildMnistSubset(3)).slice(0, -1);
    assert.throws(() => decodeMnistSubset(truncated.buffer), /header promises 2371/);
  });
});
