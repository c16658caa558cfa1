// A per-channel vector (a layer's bias) added to, subtracted from, multiplied into or divided
// into every row of an [..., C] tensor, on the wasm backend. tfjs-backend-wasm 4.22 broadcasts
// row by row, so a short last axis is slow: [64, 28, 28, 8] + [8] takes ~0.7 ms, ten times the
// same-shape add. Viewing the tensor as [R / k, k·C] and the vector tiled k times makes each row
// ~256 values long: the same numbers (the same float32 operation per element) in ~0.1 ms.
// Its gradient, the sum over every axis but the last, is a serial loop after a transpose there
// (~1.1 ms for that tensor); one average pool over the whole tensor (XNNPACK, channels in
// SIMD lanes) times the count takes ~0.1 ms, summing in float32.
import * as tf from '@tensorflow/tfjs';
import { withTemps, wrapWasmKernels, type KernelConfig, type KernelFunc } from './wasm-kernels.js';

type Info = tf.TensorInfo;

/** Rows about this long broadcast fast; much longer ones make the tiled vector itself costly. */
const ROW = 256;
/** Below this many elements tfjs's own broadcast is already quick. */
const MIN_SIZE = 4096;

/** C when `shape` is all ones but its last axis (a channel vector); else 0. */
function channelVector(shape: number[]): number {
  return shape.length > 0 && shape.slice(0, -1).every((d) => d === 1) ? shape[shape.length - 1] : 0;
}

/** The largest k with k·c ≤ ROW that divides `rows`, or 1. */
export function rowsPerLine(rows: number, c: number): number {
  for (let k = Math.max(1, Math.floor(ROW / c)); k > 1; k--) if (rows % k === 0) return k;
  return 1;
}

/** Which operand is the channel vector of the other (and worth regrouping), or undefined. */
function vectorSide(a: Info, b: Info): 'a' | 'b' | undefined {
  const fits = (big: Info, vec: Info) => {
    const c = channelVector(vec.shape);
    const size = big.shape.reduce((p, d) => p * d, 1);
    return c > 1 && c * 2 <= ROW && big.shape.length > 1 && vec.shape.length <= big.shape.length
      && big.shape[big.shape.length - 1] === c && size >= MIN_SIZE && rowsPerLine(size / c, c) > 1;
  };
  if (fits(a, b)) return 'b';
  if (fits(b, a)) return 'a';
  return undefined;
}

/** The wasm kernels the regrouping is built from. */
interface Parts {
  reshape: KernelFunc;
  tile: KernelFunc;
  avgPool: KernelFunc;
  multiply: KernelFunc;
}

function channelKernel(original: KernelConfig, parts: Parts): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend } = args;
    const { a, b } = inputs as { a: Info; b: Info };
    const side = a.dtype === 'float32' && b.dtype === 'float32' ? vectorSide(a, b) : undefined;
    if (side === undefined) return original.kernelFunc(args);
    const [big, vec] = side === 'b' ? [a, b] : [b, a];
    const c = big.shape[big.shape.length - 1];
    const rows = big.shape.reduce((p, d) => p * d, 1) / c;
    const k = rowsPerLine(rows, c);
    return withTemps(backend, (keep) => {
      const lines = keep(parts.reshape({ inputs: { x: big }, backend, attrs: { shape: [rows / k, k * c] } }) as Info);
      const flat = keep(parts.reshape({ inputs: { x: vec }, backend, attrs: { shape: [c] } }) as Info);
      const tiled = keep(parts.tile({ inputs: { x: flat }, backend, attrs: { reps: [k] } }) as Info);
      const [x, y] = side === 'b' ? [lines, tiled] : [tiled, lines];
      const out = keep(original.kernelFunc({ ...args, inputs: { a: x, b: y } }) as Info);
      return parts.reshape({ inputs: { x: out }, backend, attrs: { shape: big.shape } }) as Info;
    });
  };
  return { ...original, kernelFunc };
}

/** The largest divisor of n at most √n: the window's height when n values are seen as a rectangle. */
function squareishFactor(n: number): number {
  for (let h = Math.floor(Math.sqrt(n)); h > 1; h--) if (n % h === 0) return h;
  return 1;
}

/** Sum over every axis but the last as one average pool over all rows, times their count. */
function channelSumKernel(original: KernelConfig, parts: Parts): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs as { x: Info };
    const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const r = x.shape.length;
    const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + r : a)))].sort((p, q) => p - q);
    const size = x.shape.reduce((p, d) => p * d, 1);
    const leading = r >= 2 && axes.length === r - 1 && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading || size < MIN_SIZE) return original.kernelFunc(args);
    const c = x.shape[r - 1];
    const rows = size / c;
    const h = squareishFactor(rows);
    return withTemps(backend, (keep) => {
      const image = keep(parts.reshape({ inputs: { x }, backend, attrs: { shape: [1, h, rows / h, c] } }) as Info);
      const mean = keep(parts.avgPool({ inputs: { x: image }, backend, attrs: { filterSize: [h, rows / h], strides: [1, 1], pad: 'valid' } }) as Info);
      const count = keep((backend as { makeOutput(s: number[], d: string, o?: number, v?: Float32Array): Info }).makeOutput([], 'float32', undefined, Float32Array.of(rows)));
      const sum = keep(parts.multiply({ inputs: { a: mean, b: count }, backend, attrs: {} }) as Info);
      return parts.reshape({ inputs: { x: sum }, backend, attrs: { shape: keepDims ? [...x.shape.slice(0, -1).map(() => 1), c] : [c] } }) as Info;
    });
  };
  return { ...original, kernelFunc };
}

/** The binary kernels regrouped: the elementwise ops a bias and its uses go through. */
const KERNELS = ['Add', 'Sub', 'Multiply', 'RealDiv'] as const;

/**
 * Registers the regrouped per-channel Add, Sub, Multiply and RealDiv, and the pooled sum over
 * leading axes, for the wasm backend (part of registerFastWasmKernels); every other shape keeps
 * tfjs's kernel. Returns a function that
 * restores tfjs's kernels.
 *
 * @example
 * const restore = registerWasmChannelKernels();
 * tf.add(tf.zeros([64, 28, 28, 8]), tf.ones([8])); // rows of 256, not of 8
 */
export function registerWasmChannelKernels(): () => void {
  const [reshape, tile, avgPool, multiply] = ['Reshape', 'Tile', 'AvgPool', 'Multiply'].map((name) => tf.getKernel(name, 'wasm'));
  if (!reshape || !tile || !avgPool || !multiply) return () => {};
  // tfjs's own Multiply, taken before it is wrapped below.
  const parts: Parts = { reshape: reshape.kernelFunc, tile: tile.kernelFunc, avgPool: avgPool.kernelFunc, multiply: multiply.kernelFunc };
  return wrapWasmKernels([...KERNELS, 'Sum'], (k) => (k.kernelName === 'Sum' ? channelSumKernel(k, parts) : channelKernel(k, parts)));
}
