// Seeded randomness for data shuffles and synthetic sets. A 32-bit generator is plenty for
// shuffling and jitter, and keeps runs reproducible across Node and browsers.

import { finite } from '../check/index.js';

/**
 * A seeded uniform generator in [0, 1) (mulberry32).
 *
 * @example
 * const rand = seededRandom(42);
 * rand(); // same value on every run
 */
export function seededRandom(seed: number): () => number {
  finite('seededRandom', 'seed', seed);
  let a = Math.trunc(seed) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A standard normal sample from a uniform generator (Box–Muller).
 *
 * @example
 * const z = gaussian(seededRandom(1));
 */
export function gaussian(rand: () => number): number {
  const u = 1 - rand(); // (0, 1]: avoids log(0)
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * The indices `0..n-1` in a seeded random order (Fisher–Yates).
 *
 * @example
 * shuffledIndices(5, 7); // e.g. Uint32Array [3, 0, 4, 1, 2], the same for seed 7 every time
 */
export function shuffledIndices(n: number, seed: number): Uint32Array {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const rand = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx;
}
