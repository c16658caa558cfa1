/**
 * A classification data set held in flat typed arrays, ready to become tensors without copying
 * element by element.
 *
 * @example
 * const data: ClassificationData = await loadMnist({ limit: 100 });
 * const xs = tf.tensor(data.features, [data.count, ...data.shape]);
 */
export interface ClassificationData {
  /** Short name for messages and reports, e.g. `mnist/train`. */
  name: string;
  /** `count * prod(shape)` feature values, row-major, one example after the other. */
  features: Float32Array;
  /** Class index of every example, in `[0, numClasses)`. */
  labels: Uint8Array;
  /** Number of examples. */
  count: number;
  /** Shape of one example, e.g. `[28, 28, 1]` for an image or `[4]` for a table row. */
  shape: number[];
  /** Number of classes. */
  numClasses: number;
  /** Optional human names of the classes, indexed by class. */
  classNames?: string[];
}

/**
 * A train/test pair of the same kind of data.
 *
 * @example
 * const { train, test } = await loadMnistSplits({ trainLimit: 1000, testLimit: 200 });
 */
export interface DataSplits {
  train: ClassificationData;
  test: ClassificationData;
}

/**
 * Number of feature values in one example.
 *
 * @example
 * exampleSize({ shape: [28, 28, 1] }) // 784
 */
export function exampleSize(data: Pick<ClassificationData, 'shape'>): number {
  return data.shape.reduce((a, b) => a * b, 1);
}
