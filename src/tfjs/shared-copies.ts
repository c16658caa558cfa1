// Copies that need not copy, on the wasm backend. tfjs-core clones every tensor it saves for the
// backward pass (Engine.saveTensorsForBackwardMode → Identity), and the ReLU gradient casts
// float32 to float32; tfjs-backend-wasm 4.22 copies the whole buffer for both, ten copies of
// activations per step of a small CNN (~0.7 ms). Tensors are immutable (a Variable's assign
// points it at a new buffer), so the cpu backend's Identity shares the buffer and counts a
// reference instead: these kernels do the same.
import type * as tf from '@tensorflow/tfjs';
import { wrapWasmKernels, type KernelConfig, type KernelFunc } from './wasm-kernels.js';

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
  return wrapWasmKernels(['Identity', 'Cast'], sharing);
}
