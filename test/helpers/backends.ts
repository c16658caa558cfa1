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
