import { integer, nonNegative, positiveInteger } from '../check/index.js';
import { gaussian, seededRandom } from './random.js';
import { checkSeed } from './subset.js';
import type { ClassificationData } from './types.js';

/**
 * Options of the synthetic 2-D data sets.
 *
 * @example
 * const opts: SyntheticOptions = { count: 300, classes: 3, noise: 0.1, seed: 0 };
 */
export interface SyntheticOptions {
  /** Total number of points (default 600). */
  count?: number;
  /** Number of classes (default 3). */
  classes?: number;
  /** Gaussian jitter (default 0.1 for spirals, 1 for blobs). */
  noise?: number;
  /** Seed (default 0): the same seed gives the same points. */
  seed?: number;
}

function check(fn: string, opts: SyntheticOptions, defNoise: number) {
  const count = positiveInteger(fn, 'count', opts.count ?? 600);
  const classes = integer(fn, 'classes', opts.classes ?? 3, 2, 256);
  const noise = nonNegative(fn, 'noise', opts.noise ?? defNoise);
  return { count, classes, noise, seed: checkSeed(opts.seed, 'seed', fn) ?? 0 };
}

/**
 * Interleaved spiral arms in 2-D (the classic "spirals" toy problem; not linearly separable).
 * Point `i` belongs to class `i % classes`.
 *
 * @example
 * const data = spirals({ count: 300, classes: 3, seed: 1 });
 * data.shape; // [2]
 */
export function spirals(opts: SyntheticOptions = {}): ClassificationData {
  const { count, classes, noise, seed } = check('spirals', opts, 0.1);
  const rand = seededRandom(seed);
  const features = new Float32Array(count * 2);
  const labels = new Uint8Array(count);
  const perClass = Math.ceil(count / classes);
  for (let i = 0; i < count; i++) {
    const c = i % classes;
    const t = Math.floor(i / classes) / Math.max(1, perClass - 1); // 0..1 along the arm
    const r = 0.1 + 0.9 * t;
    const a = (2 * Math.PI * c) / classes + 1.75 * Math.PI * t;
    features[2 * i] = r * Math.cos(a) + noise * gaussian(rand) * 0.3;
    features[2 * i + 1] = r * Math.sin(a) + noise * gaussian(rand) * 0.3;
    labels[i] = c;
  }
  return { name: 'spirals', features, labels, count, shape: [2], numClasses: classes };
}

/**
 * Gaussian blobs in 2-D with centres spread on a circle of radius 4 (linearly separable when
 * the noise is small). Point `i` belongs to class `i % classes`.
 *
 * @example
 * const data = blobs({ count: 200, classes: 4, noise: 0.5 });
 */
export function blobs(opts: SyntheticOptions = {}): ClassificationData {
  const { count, classes, noise, seed } = check('blobs', opts, 1);
  const rand = seededRandom(seed);
  const features = new Float32Array(count * 2);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % classes;
    const a = (2 * Math.PI * c) / classes;
    features[2 * i] = 4 * Math.cos(a) + noise * gaussian(rand);
    features[2 * i + 1] = 4 * Math.sin(a) + noise * gaussian(rand);
    labels[i] = c;
  }
  return { name: 'blobs', features, labels, count, shape: [2], numClasses: classes };
}
