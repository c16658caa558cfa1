// UnsortedSegmentSum for wasm: tfjs-backend-wasm 4.22 has no such kernel, and the gradient of
// tf.gather (so of tf.layers.embedding) is one, so an embedding could not train on wasm. The
// kernel adds each row of x into its segment's row, in one pass over the data on the wasm heap.
import * as tf from '@tensorflow/tfjs';

interface WasmHeap {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array;
}

/**
 * out[s, ...] = sum of x[i, ...] over every i with segmentIds[i] = s (ids outside
 * [0, numSegments) are dropped, as tfjs's cpu kernel does), for float32 or int32 x; the ids index
 * x's leading dimensions.
 */
const kernelFunc: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, segmentIds } = inputs as unknown as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (attrs as unknown as { numSegments: number }).numSegments;
  const heap = backend as unknown as WasmHeap;
  const values = heap.readSync(x.dataId);
  const ids = heap.readSync(segmentIds.dataId);
  const inner = x.shape.slice(segmentIds.shape.length).reduce((a, b) => a * b, 1);
  const out = heap.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
  const sums = heap.typedArrayFromHeap(out);
  sums.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    const from = i * inner;
    const to = s * inner;
    for (let k = 0; k < inner; k++) sums[to + k] += values[from + k];
  }
  return out;
};

/**
 * Registers an `UnsortedSegmentSum` kernel on wasm (part of registerFastWasmKernels, so
 * `setBackend('wasm')` has it), which lets `tf.layers.embedding` and anything else whose gradient
 * goes through tf.gather train there. Returns a function that removes it; a no-op returning a
 * no-op where wasm has its own kernel.
 *
 * @example
 * const unregister = registerWasmSegmentSum();
 * await model.fit(tokens, labels); // a model with tf.layers.embedding, on wasm
 * unregister();
 */
export function registerWasmSegmentSum(): () => void {
  if (tf.getKernel('UnsortedSegmentSum', 'wasm') != null) return () => {};
  const config: tf.KernelConfig = { kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc };
  tf.registerKernel(config);
  return () => {
    if (tf.getKernel('UnsortedSegmentSum', 'wasm') === config) tf.unregisterKernel('UnsortedSegmentSum', 'wasm');
  };
}
