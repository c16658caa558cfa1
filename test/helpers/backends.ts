// Running the same computation on the cpu backend and on wasm (lrkit's kernels), for tests that
// compare lrkit's wasm kernels with the cpu backend's results.
import * as tf from '@tensorflow/tfjs';

/** Runs `f` on the cpu backend, then on wasm, returning both results as plain numbers, and wasm's shape. */
export async function onCpuAndWasm(f: () => tf.Tensor): Promise<{ cpu: number[]; wasm: number[]; shape: number[] }> {
  await tf.setBackend('cpu');
  const c = tf.tidy(f);
  const cpu = Array.from(c.dataSync());
  c.dispose();
  await tf.setBackend('wasm');
  const w = tf.tidy(f);
  const wasm = Array.from(w.dataSync());
  const shape = w.shape;
  w.dispose();
  return { cpu, wasm, shape };
}

/** Seeded N(0, 1) values for a tensor of `shape` (read outside tidy, which would walk the array). */
export function randomValues(shape: number[], seed: number): number[] {
  const t = tf.randomNormal(shape, 0, 1, 'float32', seed);
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
}

/** Examples for {@link trainedWeights}: flat values and their shapes. */
export interface TrainingData { xs: number[]; xShape: number[]; ys: number[]; yShape: number[] }

/**
 * Trains a fresh model from `build()` on `backend` (lrkit's setBackend, so wasm has lrkit's
 * kernels): one full-batch epoch that creates the optimizer's state, then `epochs` unshuffled
 * epochs of `batchSize`, which must leave `tf.memory().numTensors` where it was. Returns the
 * weights as plain numbers, for comparing backends.
 */
export async function trainedWeights(backend: 'cpu' | 'wasm', build: () => tf.LayersModel, d: TrainingData, o: { epochs: number; batchSize: number }): Promise<number[]> {
  const { setBackend } = await import('../../src/tfjs/index.js');
  await setBackend(backend);
  const model = build();
  const xs = tf.tensor(d.xs, d.xShape);
  const ys = tf.tensor(d.ys, d.yShape);
  await model.fit(xs, ys, { epochs: 1, batchSize: d.xShape[0], verbose: 0 });
  const n0 = tf.memory().numTensors;
  await model.fit(xs, ys, { epochs: o.epochs, batchSize: o.batchSize, shuffle: false, verbose: 0 });
  const leaked = tf.memory().numTensors - n0;
  const weights = model.getWeights().flatMap((t) => Array.from(t.dataSync()));
  model.dispose();
  tf.dispose([xs, ys]);
  if (leaked !== 0) throw new Error(`${backend}: ${leaked} tensor(s) left behind by fit`);
  return weights;
}

/** The largest absolute difference between two equally long arrays. */
export function maxAbsDiff(a: number[], b: number[]): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}
