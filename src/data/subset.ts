import { inRange, integer, positiveInteger } from '../check/index.js';
import { shuffledIndices } from './random.js';
import { exampleSize, type ClassificationData } from './types.js';

/**
 * Copy the examples at `indices` (in that order) into a new data set.
 *
 * @example
 * const firstTen = subset(data, Array.from({ length: 10 }, (_, i) => i));
 */
export function subset(
  data: ClassificationData,
  indices: ArrayLike<number>,
  name = data.name,
): ClassificationData {
  const size = exampleSize(data);
  const features = new Float32Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= data.count) {
      throw new RangeError(`index ${i} is outside the data set of ${data.count} examples`);
    }
    features.set(data.features.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = data.labels[i];
  }
  return { ...data, name, features, labels, count: indices.length };
}

/**
 * Check a `limit` option: undefined (all) or a positive integer.
 *
 * @example
 * checkLimit(500); // 500
 * checkLimit(0);   // throws RangeError naming `limit`
 */
export function checkLimit(limit: number | undefined, option = 'limit', fn = 'checkLimit'): number | undefined {
  return limit === undefined ? undefined : positiveInteger(fn, option, limit);
}

/**
 * Check a `seed` option: undefined (keep file order) or a finite integer.
 *
 * @example
 * checkSeed(42); // 42
 */
export function checkSeed(seed: number | undefined, option = 'seed', fn = 'checkSeed'): number | undefined {
  return seed === undefined ? undefined : integer(fn, option, seed);
}

/**
 * Order `count` examples by a seeded shuffle (or keep the order without a seed) and keep the
 * first `limit` of them.
 *
 * @example
 * pickIndices(60000, { limit: 500, seed: 1 }); // 500 distinct indices, the same every run
 */
export function pickIndices(count: number, opts: { limit?: number; seed?: number }): Uint32Array {
  const limit = Math.min(checkLimit(opts.limit, 'limit', 'pickIndices') ?? count, count);
  const seed = checkSeed(opts.seed, 'seed', 'pickIndices');
  if (seed === undefined) {
    const idx = new Uint32Array(limit);
    for (let i = 0; i < limit; i++) idx[i] = i;
    return idx;
  }
  return shuffledIndices(count, seed).subarray(0, limit);
}

/**
 * Split a data set into two parts by a seeded shuffle, e.g. train / validation.
 *
 * @example
 * const { train, test } = splitData(data, { testFraction: 0.2, seed: 0 });
 */
export function splitData(
  data: ClassificationData,
  opts: { testFraction: number; seed?: number },
): { train: ClassificationData; test: ClassificationData } {
  const f = inRange('splitData', 'testFraction', opts.testFraction, 0, 1, { lo: true, hi: true });
  const nTest = Math.round(data.count * f);
  if (nTest < 1 || nTest >= data.count) {
    throw new RangeError(
      `testFraction ${f} of ${data.count} examples leaves an empty part; use more data or another fraction`,
    );
  }
  const order = shuffledIndices(data.count, checkSeed(opts.seed, 'seed', 'splitData') ?? 0);
  return {
    train: subset(data, order.subarray(nTest), `${data.name}/train`),
    test: subset(data, order.subarray(0, nTest), `${data.name}/test`),
  };
}
