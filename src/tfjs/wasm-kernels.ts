// What lrkit's wasm kernels share: replacing a registered kernel by a wrapper of it (and putting
// it back), and freeing the intermediates a kernel makes from other kernels.
import * as tf from '@tensorflow/tfjs';

export type KernelConfig = NonNullable<ReturnType<typeof tf.getKernel>>;
export type KernelFunc = KernelConfig['kernelFunc'];
export type KernelBackend = Parameters<KernelFunc>[0]['backend'];

function register(config: KernelConfig): void {
  tf.unregisterKernel(config.kernelName, 'wasm');
  tf.registerKernel(config);
}

/**
 * Replaces each named wasm kernel by `wrap(original)` and returns a function that puts the
 * originals back. Where one is missing (the wasm backend is not loaded) nothing is replaced.
 *
 * @example
 * const restore = wrapWasmKernels(['Identity'], (k) => ({ ...k, kernelFunc: myIdentity }));
 */
export function wrapWasmKernels(names: readonly string[], wrap: (original: KernelConfig) => KernelConfig): () => void {
  const originals = names.map((name) => tf.getKernel(name, 'wasm'));
  if (originals.some((k) => k === undefined)) return () => {};
  for (const k of originals as KernelConfig[]) register(wrap(k));
  return () => (originals as KernelConfig[]).forEach(register);
}

/**
 * Runs `body`, then frees every tensor it passed to `keep`: intermediates a kernel makes by
 * calling other kernels are not tracked by the engine. A reshape shares its input's buffer, so
 * freeing one only drops a reference.
 *
 * @example
 * return withTemps(backend, (keep) => transpose({ inputs: { x: keep(reshape(...)) }, backend, attrs }));
 */
export function withTemps<T>(backend: KernelBackend, body: (keep: (t: tf.TensorInfo) => tf.TensorInfo) => T): T {
  const temps: tf.TensorInfo[] = [];
  try {
    return body((t) => (temps.push(t), t));
  } finally {
    for (const t of temps) (backend as { disposeData(id: object): void }).disposeData(t.dataId);
  }
}
