// Does a loaded model fit a data set? Shared by the CLI's --model and the web page's own-model
// input, so both say the same thing when they do not.
import * as tf from '@tensorflow/tfjs';
import type { ClassificationData } from '../data/types.js';
import { categoricalCrossentropy } from '../tfjs/losses.js';

const size = (s: readonly (number | null)[]) => s.reduce<number>((a, b) => a * (b ?? NaN), 1);

/**
 * The example shape `data` must take to feed `model`: the data's own when it matches the model's
 * input, the model's when only the layout differs (same number of values, e.g. flat `[784]` vs
 * `[28, 28, 1]`: features are row-major, so only the shape changes). Throws a RangeError naming
 * both shapes when the sizes differ, or when the output is not one unit per class.
 *
 * @example
 * const shape = exampleShapeFor(model, data); // [784] for an MLP trained on flat MNIST
 *
 * Only the model's input and output shapes are read, so a record of them does as well as the model.
 */
export function exampleShapeFor(model: Pick<tf.LayersModel, 'inputs' | 'outputs'>, data: Pick<ClassificationData, 'shape' | 'numClasses'>): number[] {
  const inShape = model.inputs[0].shape.slice(1);
  const outShape = model.outputs[0].shape.slice(1);
  let shape = data.shape;
  if (JSON.stringify(inShape) !== JSON.stringify(shape)) {
    if (!inShape.every((d) => typeof d === 'number' && d > 0) || size(inShape) !== size(shape)) {
      throw new RangeError(`its input shape ${JSON.stringify(inShape)} does not fit the data's ${JSON.stringify(shape)}`);
    }
    shape = inShape as number[];
  }
  if (outShape.length !== 1 || outShape[0] !== data.numClasses) {
    throw new RangeError(`its output shape ${JSON.stringify(outShape)} does not match ${data.numClasses} classes`);
  }
  return shape;
}

/**
 * The cross-entropy for the model's last activation: softmax outputs as they are, linear outputs
 * (logits) through a softmax first. Any other last activation is an error naming it.
 *
 * @example
 * model.compile({ optimizer, loss: crossEntropyFor(model) });
 */
export function crossEntropyFor(model: tf.LayersModel): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor {
  const last = model.layers[model.layers.length - 1];
  const activation = (last?.getConfig() as { activation?: unknown }).activation ?? 'linear';
  if (activation === 'softmax') return categoricalCrossentropy;
  if (activation === 'linear') return (yTrue, logits) => tf.tidy(() => categoricalCrossentropy(yTrue, tf.softmax(logits)));
  throw new RangeError(`its last layer ("${last.name}") has activation ${JSON.stringify(activation)}; a classifier's range test needs softmax or linear (logits)`);
}

/**
 * Compiles a classifier for the range test and training: `optimizer`, the cross-entropy of
 * {@link crossEntropyFor} (fixed epsilon) and accuracy. Throws before compiling when the last
 * activation cannot take it. The embedded models, the CLI's --model and the web page's own model
 * all compile through here.
 *
 * @example
 * compileClassifier(model, createOptimizer('adam', 1e-3));
 */
export function compileClassifier(model: tf.LayersModel, optimizer: tf.Optimizer): tf.LayersModel {
  model.compile({ optimizer, loss: crossEntropyFor(model), metrics: ['accuracy'] });
  return model;
}
