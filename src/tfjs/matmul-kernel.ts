// The wasm matmul kernels lrkit registers. tfjs-backend-wasm 4.22 has two costly paths:
// - a matmul with transposeA or transposeB runs a scalar loop (slow_batch_matmul, ~1 GFLOP/s here),
//   and every matmul gradient uses those forms (dA = dy·Bᵀ, dB = Aᵀ·dy);
// - the plain A·B product runs on XNNPACK (14-27 GFLOP/s), which first packs B (with a transpose)
//   into its own layout. That packing is cached per tensor, but in training the weights are new
//   tensors every step, so it is paid each time: ~2.2 ms of a 3.9 ms x[64,784]·W[784,512].
// So each product is run as the plain form, either directly (A·B) or swapped (Bᵀ·Aᵀ, transposed
// back), whichever packs and transposes less: B is usually the big weight matrix and A the small
// batch, and swapping makes XNNPACK pack the batch instead.
import type * as tf from '@tensorflow/tfjs';
import { withTemps, type KernelBackend, type KernelConfig, type KernelFunc } from './wasm-kernels.js';

type Info = tf.TensorInfo;

/** Relative costs per element, measured with tfjs-backend-wasm 4.22 (Transpose ~0.7-2.9 ns, packing ~4-5.5 ns). */
const TRANSPOSE_COST = 1.5;
const PACK_COST = 5;

/** The shape of one product op(A)·op(B): op(A) is m×k, op(B) is k×n. */
export interface MatMulShape {
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
  transposeB: boolean;
  /** B was already packed by XNNPACK (the same tensor as before, untransposed): direct costs no packing. */
  bPacked: boolean;
}

/**
 * How to run op(A)·op(B) on the plain XNNPACK product: `'direct'` (materialize op(A) and op(B))
 * or `'swapped'` (compute op(B)ᵀ·op(A)ᵀ and transpose the result), by the elements each way
 * transposes and packs.
 *
 * @example
 * matMulPlan({ m: 64, k: 784, n: 512, transposeA: false, transposeB: false, bPacked: false }); // 'swapped'
 */
export function matMulPlan(s: MatMulShape): 'direct' | 'swapped' {
  const { m, k, n, transposeA, transposeB, bPacked } = s;
  const direct = (transposeA ? TRANSPOSE_COST * m * k : 0) + (transposeB ? TRANSPOSE_COST * k * n : 0) + (bPacked ? 0 : PACK_COST * k * n);
  const swapped = (transposeB ? 0 : TRANSPOSE_COST * k * n) + (transposeA ? 0 : TRANSPOSE_COST * m * k) + PACK_COST * k * m + TRANSPOSE_COST * m * n;
  return swapped < direct ? 'swapped' : 'direct';
}

/** `x` with its last two dimensions swapped, by the backend's own Transpose kernel. */
function transposeLast2(x: Info, transpose: KernelFunc, backend: KernelBackend): Info {
  const r = x.shape.length;
  const perm = [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2];
  return transpose({ inputs: { x }, backend, attrs: { perm } }) as Info;
}

/** The wasm kernels a matmul is built from. */
export interface MatMulParts {
  batchMatMul: KernelConfig;
  transpose: KernelFunc;
  add: KernelFunc;
  relu: KernelFunc;
}

/** B operands XNNPACK has seen untransposed: tfjs caches their packed form. */
const seenB = new WeakSet<object>();

/**
 * A BatchMatMul or _FusedMatMul kernel that never reaches the scalar path and packs the smaller
 * operand. A fused matmul that is swapped adds its bias and relu after the product; other
 * activations (and prelu weights) keep the direct form.
 */
export function planningMatMulKernel(original: KernelConfig, parts: MatMulParts): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB, activation } = attrs as unknown as { transposeA: boolean; transposeB: boolean; activation?: string };
    const { a, b, bias, preluActivationWeights } = inputs as { a: Info; b: Info; bias?: Info; preluActivationWeights?: Info };
    const [ra, rb] = [a.shape.length, b.shape.length];
    const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
    const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
    const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
    const single = a.shape.slice(0, -2).every((d) => d === 1) && b.shape.slice(0, -2).every((d) => d === 1);
    const fusable = preluActivationWeights == null && (activation == null || activation === 'linear' || activation === 'relu');
    // Seen twice untransposed: a stable tensor (weights at inference), worth packing once.
    const bPacked = !transposeB && seenB.has(b.dataId);
    if (!transposeB) seenB.add(b.dataId);
    const swap = single && fusable && m * k * n > 0 && a.dtype === 'float32' && b.dtype === 'float32'
      && matMulPlan({ m, k, n, transposeA, transposeB, bPacked }) === 'swapped';
    return withTemps(backend, (keep) => {
      if (!swap) {
        if (!transposeA && !transposeB) return original.kernelFunc(args);
        const plainA = transposeA ? keep(transposeLast2(a, parts.transpose, backend)) : a;
        const plainB = transposeB ? keep(transposeLast2(b, parts.transpose, backend)) : b;
        return original.kernelFunc({ inputs: { ...inputs, a: plainA, b: plainB }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
      }
      // op(A)·op(B) = (op(B)ᵀ·op(A)ᵀ)ᵀ, where op(B)ᵀ is B itself when transposeB (likewise A).
      const left = transposeB ? b : keep(transposeLast2(b, parts.transpose, backend));
      const right = transposeA ? a : keep(transposeLast2(a, parts.transpose, backend));
      const productT = keep(parts.batchMatMul.kernelFunc({ inputs: { a: left, b: right }, backend, attrs: { transposeA: false, transposeB: false } }) as Info);
      let out = transposeLast2(productT, parts.transpose, backend);
      if (bias != null) out = parts.add({ inputs: { a: keep(out), b: bias }, backend, attrs: {} }) as Info;
      if (activation === 'relu') out = parts.relu({ inputs: { x: keep(out) }, backend, attrs: {} }) as Info;
      return out;
    });
  };
  return { ...original, kernelFunc };
}
