// Faster kernels for the wasm backend. tfjs-backend-wasm 4.22 sends a matmul with transposeA or
// transposeB to a scalar loop (slow_batch_matmul, ~1 GFLOP/s here) and only the plain A·B product
// to XNNPACK (up to ~30 GFLOP/s). Every matmul gradient uses the transposed forms (dA = dy·Bᵀ,
// dB = Aᵀ·dy), and so does the gradient of the fused matmul of every dense layer. Transposing
// explicitly first (a cheap wasm kernel) keeps all of them on XNNPACK, and swapping the operands
// where B is the big one makes XNNPACK pack the small batch instead of fresh weights each step
// (matmul-kernel.ts): the whole training step gets faster, model.fit included.
import * as tf from '@tensorflow/tfjs';
import { registerWasmChannelKernels } from './channel-kernels.js';
import { registerWasmConv2DGradient } from './conv2d-gradient.js';
import { planningMatMulKernel } from './matmul-kernel.js';
import { registerWasmMaxPoolGradient } from './pool-gradient.js';
import { registerWasmSegmentSum } from './segment-sum.js';
import { registerWasmSharedCopies } from './shared-copies.js';
import { wrapWasmKernels } from './wasm-kernels.js';

/** The kernels this module wraps; each takes inputs `a`, `b` and attrs `transposeA`, `transposeB`. */
const MATMUL_KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;

let registered: { restore: () => void } | undefined;

/**
 * Registers lrkit's faster kernels and gradients for the wasm backend:
 * - BatchMatMul and _FusedMatMul never take the scalar transposed-matmul path (so matmul and
 *   dense-layer gradients run on XNNPACK) and pack the smaller operand (so fresh weights are not
 *   repacked every step);
 * - conv2d layers train there and backpropagate through forward convolutions (the Conv2D
 *   gradients of {@link registerWasmConv2DGradient});
 * - 2x2 (up to 4x4) max pooling backpropagates in one pass instead of a second window search
 *   ({@link registerWasmMaxPoolGradient});
 * - a bias added to every row of a conv layer's output (also -, *, /) broadcasts in long rows,
 *   and its gradient (a sum over the leading axes) is one average pool
 *   (registerWasmChannelKernels);
 * - the copies tfjs makes of every tensor saved for the backward pass share the buffer instead,
 *   as on the cpu backend (registerWasmSharedCopies);
 * - embeddings train there: the UnsortedSegmentSum kernel tf.gather's gradient needs, which wasm
 *   lacks ({@link registerWasmSegmentSum}).
 *
 * Idempotent; the other backends are untouched. Returns a function that restores tfjs's own
 * kernels. It speeds up any training on wasm, `model.fit` too.
 *
 * @example
 * await setBackend('wasm');
 * registerFastWasmKernels();
 * await model.fit(xs, ys, { epochs: 5 }); // dense-layer gradients now run on XNNPACK
 */
export function registerFastWasmKernels(): () => void {
  if (registered) return registered.restore;
  const [transpose, add, relu, batchMatMul] = ['Transpose', 'Add', 'Relu', 'BatchMatMul'].map((name) => tf.getKernel(name, 'wasm'));
  if (!transpose || !add || !relu || !batchMatMul || !tf.getKernel('_FusedMatMul', 'wasm')) {
    // The wasm backend is not loaded (import '@tensorflow/tfjs-backend-wasm' first): nothing to speed up.
    return () => {};
  }
  // tfjs's own kernels, taken before any is wrapped: the matmuls are built from them.
  const parts = { batchMatMul, transpose: transpose.kernelFunc, add: add.kernelFunc, relu: relu.kernelFunc };
  const restores = [
    wrapWasmKernels(MATMUL_KERNELS, (k) => planningMatMulKernel(k, parts)),
    registerWasmConv2DGradient(),
    registerWasmMaxPoolGradient(),
    registerWasmChannelKernels(),
    registerWasmSharedCopies(),
    registerWasmSegmentSum(),
  ];
  const restore = () => {
    for (const r of restores) r();
    registered = undefined;
  };
  registered = { restore };
  return restore;
}
