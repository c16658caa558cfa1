// Data sets the page trains on: the bundled MNIST subset (built by scripts/build-web-data.ts at
// Vite build time) or synthetic spirals from the library.
import { spirals, type ClassificationData } from 'lrkit/data';
// The file's layout comes from the Vite plugin that writes it (web/vite.config.ts), not from scripts/.
import * as MNIST_FORMAT from 'virtual:lrkit-mnist-format';
import { decodeMnistSubset } from './mnistSubset.js';

/** Page-relative URL of the MNIST subset emitted by the Vite plugin in web/vite.config.ts. */
export const MNIST_URL = 'data/mnist-train-5k.bin';

let mnist: ClassificationData | undefined;

/** What a load can be told: a signal that cancels it, and its progress (fraction of bytes, 0–1). */
export interface LoadHooks {
  signal?: AbortSignal;
  onProgress?: (fraction: number, bytes: number, total: number) => void;
}

/**
 * Fetches (once: later calls reuse the decoded set) and decodes the bundled MNIST subset,
 * reporting progress as the bytes arrive; `signal` cancels the download.
 *
 * @example
 * const data = await loadMnistSubset({ signal, onProgress: (f) => (bar.value = f) });
 */
export async function loadMnistSubset(hooks: LoadHooks = {}): Promise<ClassificationData> {
  if (mnist) return mnist;
  const res = await fetch(MNIST_URL, { signal: hooks.signal });
  if (!res.ok || !res.body) throw new Error(`could not load ${MNIST_URL}: HTTP ${res.status}`);
  const total = Number(res.headers.get('Content-Length')) || 0;
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read(); // rejects with an AbortError once `signal` fires
    if (done) break;
    chunks.push(value);
    bytes += value.length;
    hooks.onProgress?.(total > 0 ? Math.min(1, bytes / total) : 0, bytes, total);
  }
  const buf = new Uint8Array(bytes);
  let at = 0;
  for (const c of chunks) {
    buf.set(c, at);
    at += c.length;
  }
  mnist = decodeMnistSubset(buf.buffer, MNIST_FORMAT);
  return mnist;
}

/**
 * What the built-in data sets are, without loading them: the size (for steps per epoch) and the
 * example shape and classes (to check a user's model against them before MNIST is downloaded).
 *
 * @example
 * Math.ceil(BUILT_IN_DATA.mnist.count / 64); // 79 steps per epoch
 */
export const BUILT_IN_DATA = {
  mnist: { name: 'MNIST', shape: [784], numClasses: 10, count: 5000 },
  spirals: { name: 'spirals', shape: [2], numClasses: 3, count: 1500 },
} as const satisfies Record<string, Pick<ClassificationData, 'name' | 'numClasses' | 'count'> & { shape: readonly number[] }>;

/**
 * Loads the data set picked in the form: the MNIST subset or 1,500 spiral points.
 *
 * @example
 * const data = await loadData('spirals'); // data.shape = [2]
 */
export async function loadData(kind: 'mnist' | 'spirals', hooks: LoadHooks = {}): Promise<ClassificationData> {
  if (kind === 'mnist') return loadMnistSubset(hooks);
  if (kind === 'spirals') return spirals({ count: BUILT_IN_DATA.spirals.count, classes: BUILT_IN_DATA.spirals.numClasses, seed: 0 });
  throw new RangeError(`data must be 'mnist' or 'spirals', got ${JSON.stringify(kind)}`);
}
