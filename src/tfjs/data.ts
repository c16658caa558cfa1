// Endless mini-batch streams over tensors or a tf.data.Dataset, for the range test.
import * as tf from '@tensorflow/tfjs';
import { fail, show } from '../check/index.js';

/** Inputs and targets with the same number of samples (first dimension). */
// A type alias, not an interface: tf.data.Dataset<T> needs T to have an implicit index signature.
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions
export type TensorData = {
  xs: tf.Tensor;
  ys: tf.Tensor;
};

/** Training or validation data: tensors, or a tf.data.Dataset yielding `{ xs, ys }` batches. */
export type FinderData = TensorData | tf.data.Dataset<TensorData>;

/** One batch; the receiver disposes it. */
export interface Batch {
  xs: tf.Tensor;
  ys: tf.Tensor;
}

/** An endless source of batches: wraps around at the end of the data. */
export interface BatchStream {
  next(): Promise<Batch>;
  dispose(): void;
}

export function isDataset(data: unknown): data is tf.data.Dataset<TensorData> {
  return data != null && typeof (data as { iterator?: unknown }).iterator === 'function';
}

function isTensor(value: unknown): value is tf.Tensor {
  return value instanceof tf.Tensor;
}

/** Checks `{ xs, ys }` tensors: same first dimension, at least one sample. Returns the count. */
export function checkTensorData(fn: string, name: string, data: unknown): number {
  const d = data as Partial<TensorData> | null;
  if (d == null || typeof d !== 'object' || !isTensor(d.xs) || !isTensor(d.ys)) {
    fail(fn, name, '{ xs: tf.Tensor, ys: tf.Tensor } or a tf.data.Dataset of { xs, ys } batches', data, TypeError);
  }
  if (d.xs.isDisposed || d.ys.isDisposed) throw new TypeError(`${fn}: ${name}.xs or ${name}.ys has been disposed`);
  if (d.xs.rank < 1 || d.ys.rank < 1) {
    throw new RangeError(`${fn}: ${name}.xs and ${name}.ys need a batch dimension, got shapes [${d.xs.shape}] and [${d.ys.shape}]`);
  }
  const n = d.xs.shape[0];
  if (d.ys.shape[0] !== n) {
    throw new RangeError(`${fn}: ${name}: batch size mismatch, xs has ${n} samples but ys has ${d.ys.shape[0]}`);
  }
  if (n === 0) throw new RangeError(`${fn}: ${name} is empty (xs has 0 samples)`);
  return n;
}

function checkBatch(name: string, value: unknown): Batch {
  const v = value as Partial<Batch> | null;
  if (v == null || !isTensor(v.xs) || !isTensor(v.ys)) {
    tf.dispose(value as tf.TensorContainer);
    throw new TypeError(`${name}: the dataset must yield { xs: tf.Tensor, ys: tf.Tensor } batches, got ${show(value)}`);
  }
  if (v.xs.shape[0] !== v.ys.shape[0]) {
    const msg = `${name}: batch size mismatch in a dataset batch, xs has ${v.xs.shape[0]} samples but ys has ${v.ys.shape[0]}`;
    tf.dispose([v.xs, v.ys]);
    throw new RangeError(msg);
  }
  return { xs: v.xs, ys: v.ys };
}

/** A seeded permutation of 0..n-1, drawn with tfjs's own seeded RNG. */
export function permutation(n: number, seed: number): Int32Array {
  // Read outside tidy: tidy walks a returned typed array element by element looking for tensors.
  const indices = tf.tidy(() => tf.topk(tf.randomUniform([n], 0, 1, 'float32', seed), n).indices);
  try {
    return indices.dataSync() as Int32Array;
  } finally {
    indices.dispose();
  }
}

/**
 * Batches of exactly `batchSize` samples (clamped to the data size). The index stream runs
 * through one (shuffled) epoch after another and a batch may straddle two epochs, so every batch
 * has the same size and every sample is used equally often.
 */
export function tensorStream(data: TensorData, batchSize: number, shuffle: boolean, seed: number): BatchStream {
  const n = data.xs.shape[0];
  const size = Math.min(batchSize, n);
  let epoch = 0;
  let order = shuffle ? permutation(n, seed) : null;
  let pos = 0;
  // Rows are copied on the JS side into a typed array and turned into one tensor per batch:
  // ~0.2 ms a batch, where tf.gather took ~4 ms on wasm. The values are read once.
  let rows: { xs: RowSource; ys: RowSource } | undefined;
  return {
    async next() {
      rows ??= { xs: rowSource(data.xs, size), ys: rowSource(data.ys, size) };
      for (let i = 0; i < size; i++) {
        if (pos === n) {
          epoch += 1;
          pos = 0;
          if (shuffle) order = permutation(n, seed + epoch);
        }
        const row = order ? order[pos] : pos;
        rows.xs.copy(row, i);
        rows.ys.copy(row, i);
        pos += 1;
      }
      return { xs: rows.xs.tensor(), ys: rows.ys.tensor() };
    },
    dispose() {
      rows = undefined;
    },
  };
}

interface RowSource {
  copy(row: number, slot: number): void;
  /** The batch as a tensor; the next copy() starts a new buffer. */
  tensor(): tf.Tensor;
}

/**
 * A tensor's rows as a typed array, copied into batch buffers of `size` rows. Each batch gets its
 * own buffer: the cpu backend keeps the array it is given, and webgl uploads it lazily, so a
 * buffer reused for the next batch would change a batch still in use.
 */
function rowSource(t: tf.Tensor, size: number): RowSource {
  const values = t.dataSync() as Float32Array | Int32Array | Uint8Array;
  const width = t.shape.slice(1).reduce((a, b) => a * b, 1);
  const make = () => new (values.constructor as new (n: number) => typeof values)(size * width);
  let batch = make();
  const shape = [size, ...t.shape.slice(1)];
  return {
    copy: (row, slot) => batch.set(values.subarray(row * width, (row + 1) * width), slot * width),
    tensor: () => {
      const out = tf.tensor(batch, shape, t.dtype);
      batch = make();
      return out;
    },
  };
}

/**
 * Batches from a dataset, restarting it when it ends. Like `model.fitDataset`, the batch
 * tensors the dataset yields are disposed after use.
 */
export function datasetStream(name: string, dataset: tf.data.Dataset<TensorData>): BatchStream {
  let iterator: Awaited<ReturnType<typeof dataset.iterator>> | undefined;
  return {
    async next() {
      for (let attempt = 0; attempt < 2; attempt++) {
        iterator ??= await dataset.iterator();
        const r = await iterator.next();
        if (!r.done) return checkBatch(name, r.value);
        iterator = undefined;
      }
      throw new RangeError(`${name} is empty: the dataset yielded no batches`);
    },
    dispose() {
      iterator = undefined;
    },
  };
}

/** Calls `fn` on every batch of one pass over the data, in order (validation). */
export async function forEachBatch(
  name: string,
  data: FinderData,
  batchSize: number,
  fn: (batch: Batch) => void,
): Promise<void> {
  if (isDataset(data)) {
    const it = await data.iterator();
    let seen = false;
    for (let r = await it.next(); !r.done; r = await it.next()) {
      seen = true;
      const batch = checkBatch(name, r.value);
      try {
        fn(batch);
      } finally {
        tf.dispose([batch.xs, batch.ys]);
      }
    }
    if (!seen) throw new RangeError(`${name} is empty: the dataset yielded no batches`);
    return;
  }
  const n = data.xs.shape[0];
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const batch = tf.tidy(() => ({
      xs: tf.slice(data.xs, [start], [count]),
      ys: tf.slice(data.ys, [start], [count]),
    }));
    try {
      fn(batch);
    } finally {
      tf.dispose([batch.xs, batch.ys]);
    }
  }
}
