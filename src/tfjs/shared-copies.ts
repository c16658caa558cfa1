// Copies that need not copy, on the wasm backend. tfjs-core clones every tensor it saves for the
// backward pass (Engine.saveTensorsForBackwardMode → Identity), and the ReLU gradient casts
// float32 to float32; tfjs-backend-wasm 4.22 copies the whole buffer for both, ten copies of
// activations per step of a small CNN (~0.7 ms). Tensors are immutable (a Variable's assign
// points it at a new buffer), so the cpu backend's Identity shares the buffer and counts a
// reference instead: these kernels do the same.
import * as tf from '@tensorflow/tfjs';

type KernelConfig = NonNullable<ReturnType<typeof tf.getKernel>>;
type KernelFunc = KernelConfig['kernelFunc'];

function sharing(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const to = (args.attrs as { dtype?: string } | undefined)?.dtype ?? x.dtype;
    if (x.dtype === 'string' || to !== x.dtype) return original.kernelFunc(args);
    (args.backend as { incRef(dataId: object): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  return { ...original, kernelFunc };
}

/**
 * Registers Identity and same-dtype Cast kernels for wasm that share the input's buffer (part of
 * registerFastWasmKernels). Returns a function that restores tfjs's copying kernels.
 *
 * @example
 * const restore = registerWasmSharedCopies();
 * const y = x.clone(); // same buffer, one more reference; x.dispose() leaves y intact
 */
export function registerWasmSharedCopies(): () => void {
  const originals = ['Identity', 'Cast'].map((name) => tf.getKernel(name, 'wasm'));
  if (originals.some((k) => k === undefined)) return () => {};
  const replace = (k: KernelConfig) => {
    tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel(k);
  };
  for (const k of originals as KernelConfig[]) replace(sharing(k));
  return () => (originals as KernelConfig[]).forEach(replace);
}
