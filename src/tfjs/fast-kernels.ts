// Faster kernels for the wasm backend. tfjs-backend-wasm 4.22 sends a matmul with transposeA or
// transposeB to a scalar loop (slow_batch_matmul, ~1 GFLOP/s here) and only the plain A·B product
// to XNNPACK (14-25 GFLOP/s). Every matmul gradient uses the transposed forms (dA = dy·Bᵀ,
// dB = Aᵀ·dy), and so does the gradient of the fused matmul of every dense layer. Transposing
// explicitly first (a cheap wasm kernel) keeps all of them on XNNPACK: the whole training step
// gets faster, model.fit included.
import * as tf from '@tensorflow/tfjs';
import { registerWasmConv2DGradient } from './conv2d-gradient.js';
import { registerWasmMaxPoolGradient } from './pool-gradient.js';

type KernelConfig = NonNullable<ReturnType<typeof tf.getKernel>>;
type KernelFunc = KernelConfig['kernelFunc'];
type Args = Parameters<KernelFunc>[0];
type Info = tf.TensorInfo;

/** The kernels this module wraps; each takes inputs `a`, `b` and attrs `transposeA`, `transposeB`. */
const MATMUL_KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;

let registered: { restore: () => void } | undefined;

/** `x` with its last two dimensions swapped, by the backend's own Transpose kernel. */
function transposeLast2(x: Info, transpose: KernelFunc, backend: Args['backend']): Info {
  const r = x.shape.length;
  const perm = [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2];
  return transpose({ inputs: { x }, backend, attrs: { perm } }) as Info;
}

/** A matmul kernel that transposes its operands explicitly, then runs the plain product. */
function plainProductKernel(original: KernelConfig, transpose: KernelFunc): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original.kernelFunc(args);
    const { a, b } = inputs as { a: Info; b: Info };
    const temps: Info[] = [];
    const plain = (x: Info, t: boolean) => {
      if (!t) return x;
      const y = transposeLast2(x, transpose, backend);
      temps.push(y);
      return y;
    };
    try {
      return original.kernelFunc({ inputs: { ...inputs, a: plain(a, transposeA), b: plain(b, transposeB) }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      // Kernel-level intermediates are not tracked by the engine: free them here.
      for (const t of temps) (backend as { disposeData(id: object): void }).disposeData(t.dataId);
    }
  };
  return { ...original, kernelFunc };
}

/**
 * Registers lrkit's faster kernels and gradients for the wasm backend: BatchMatMul and
 * _FusedMatMul never take the scalar transposed-matmul path (so matmul and dense-layer gradients
 * run on XNNPACK), conv2d layers train there and backpropagate through forward convolutions
 * (the Conv2D gradients of {@link registerWasmConv2DGradient}), and 2x2 (up to 4x4) max pooling
 * backpropagates by elementwise ops instead of a second window search
 * ({@link registerWasmMaxPoolGradient}). Idempotent; the other backends are untouched. Returns a
 * function that restores tfjs's own kernels. It speeds up any training on wasm, `model.fit` too.
 *
 * @example
 * await setBackend('wasm');
 * registerFastWasmKernels();
 * await model.fit(xs, ys, { epochs: 5 }); // dense-layer gradients now run on XNNPACK
 */
export function registerFastWasmKernels(): () => void {
  if (registered) return registered.restore;
  const transpose = tf.getKernel('Transpose', 'wasm');
  const originals = MATMUL_KERNELS.map((name) => tf.getKernel(name, 'wasm')).filter((k): k is KernelConfig => k !== undefined);
  if (!transpose || originals.length === 0) {
    // The wasm backend is not loaded (import '@tensorflow/tfjs-backend-wasm' first): nothing to speed up.
    return () => {};
  }
  for (const k of originals) {
    tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel(plainProductKernel(k, transpose.kernelFunc));
  }
  const restoreConv = registerWasmConv2DGradient();
  const restorePool = registerWasmMaxPoolGradient();
  const restore = () => {
    for (const k of originals) {
      tf.unregisterKernel(k.kernelName, 'wasm');
      tf.registerKernel(k);
    }
    restoreConv();
    restorePool();
    registered = undefined;
  };
  registered = { restore };
  return restore;
}
