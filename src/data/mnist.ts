// MNIST-style images: the options and the pixel gathering the loaders share (no file access here;
// loadMnist and loadFashionMnist read the files in 'lrkit/node').
import { oneOf } from '../check/index.js';
import type { ClassificationData } from './types.js';

/**
 * Options shared by the image data loaders.
 *
 * @example
 * const opts: ImageDataOptions = { split: 'train', limit: 1000, seed: 42 };
 */
export interface ImageDataOptions {
  /** `train` (60,000 images, the default) or `test` (10,000). */
  split?: 'train' | 'test';
  /** Keep only this many examples (after the shuffle when `seed` is given). */
  limit?: number;
  /** Shuffle with this seed before `limit`; without it the file order is kept. */
  seed?: number;
}

/** Validate the split option shared by the image loaders. */
export function checkSplit(split: unknown, fn = 'checkSplit'): 'train' | 'test' {
  if (split === undefined) return 'train';
  return oneOf(fn, 'split', split, ['train', 'test'] as const);
}

/** Copy the chosen bytes into scaled floats; used by both image loaders. */
export function gather(
  name: string,
  pixels: Uint8Array,
  labelBytes: Uint8Array,
  idx: ArrayLike<number>,
  rows: number,
  cols: number,
  numClasses: number,
  classNames?: string[],
): ClassificationData {
  const size = rows * cols;
  const features = new Float32Array(idx.length * size);
  const labels = new Uint8Array(idx.length);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const src = pixels.subarray(i * size, (i + 1) * size);
    const off = k * size;
    for (let p = 0; p < size; p++) features[off + p] = src[p] / 255;
    labels[k] = labelBytes[i];
  }
  return {
    name,
    features,
    labels,
    count: idx.length,
    shape: [rows, cols, 1],
    numClasses,
    ...(classNames ? { classNames } : {}),
  };
}
