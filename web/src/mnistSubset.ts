// Decoding the MNIST subset file the page trains on. Its layout (magic, header size) is passed in:
// the page gets it from the Vite plugin that writes the file, a Node test from the script itself.
import type { ClassificationData } from 'lrkit/data';

/** The file's layout, as scripts/build-web-data-format.ts defines it. */
export interface MnistSubsetFormat {
  MNIST_SUBSET_MAGIC: number;
  MNIST_SUBSET_HEADER_BYTES: number;
}

/**
 * Decodes the MNIST subset binary into flat features in [0, 1] and labels.
 *
 * @example
 * const data = decodeMnistSubset(await (await fetch(MNIST_URL)).arrayBuffer(), format);
 * data.count; // 5000
 */
export function decodeMnistSubset(buf: ArrayBuffer, format: MnistSubsetFormat): ClassificationData {
  const { MNIST_SUBSET_MAGIC, MNIST_SUBSET_HEADER_BYTES } = format;
  const view = new DataView(buf);
  if (buf.byteLength < MNIST_SUBSET_HEADER_BYTES || view.getUint32(0) !== MNIST_SUBSET_MAGIC) {
    throw new TypeError(`MNIST subset: bad header (${buf.byteLength} bytes); expected the file written by scripts/build-web-data.ts`);
  }
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  const size = rows * cols;
  const expected = MNIST_SUBSET_HEADER_BYTES + count * (size + 1);
  if (buf.byteLength !== expected) {
    throw new TypeError(`MNIST subset: ${buf.byteLength} bytes but the header promises ${expected}`);
  }
  const pixels = new Uint8Array(buf, MNIST_SUBSET_HEADER_BYTES, count * size);
  const features = new Float32Array(count * size);
  for (let i = 0; i < features.length; i++) features[i] = pixels[i] / 255;
  const labels = new Uint8Array(buf, MNIST_SUBSET_HEADER_BYTES + count * size, count).slice();
  return { name: 'mnist-5k', features, labels, count, shape: [size], numClasses: 10 };
}
