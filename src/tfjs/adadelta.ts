// Adadelta as Zeiler (2012), PyTorch and Keras define it. tfjs 4.22's AdadeltaOptimizer divides by
// the running average of squared gradients *before* adding this step's gradient, so its update is
// exactly the gradient on step 1 and, by induction (both averages then see the same squares),
// on every step: it trains exactly like SGD. This subclass applies the published update instead.
import * as tf from '@tensorflow/tfjs';

interface Slot {
  originalName: string;
  variable: tf.Variable;
}

// tfjs keeps these `private` in its .d.ts; getWeights/setWeights/dispose of the parent use them, so
// the subclass fills the same fields (checked against tfjs-core 4.22's adadelta_optimizer.js).
interface AdadeltaInternals {
  accumulatedGrads: Slot[];
  accumulatedUpdates: Slot[];
}

/**
 * tf.AdadeltaOptimizer with the update of PyTorch's `torch.optim.Adadelta` (and Keras's):
 *
 *   v  = rho v + (1 - rho) g²
 *   dx = sqrt(u + eps) / sqrt(v + eps) · g
 *   u  = rho u + (1 - rho) dx²
 *   x  = x - lr dx
 *
 * Its `className` is still `Adadelta`, so saving, loading and lrkit's rate setters treat it as one.
 *
 * @example
 * const opt = new AdadeltaOptimizer(1.0, 0.9, 1e-6); // torch.optim.Adadelta's defaults
 */
export class AdadeltaOptimizer extends tf.AdadeltaOptimizer {
  override applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    const slots = this as unknown as AdadeltaInternals;
    const names = Array.isArray(variableGradients) ? variableGradients.map((g) => g.name) : Object.keys(variableGradients);
    const slot = (name: string, value: tf.Variable): Slot => ({ originalName: name, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) });
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name];
      slots.accumulatedGrads[i] ??= slot(`${name}/accum_grad`, value);
      slots.accumulatedUpdates[i] ??= slot(`${name}/accum_var`, value);
      const gradient = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
      if (gradient == null) return;
      const v = slots.accumulatedGrads[i].variable;
      const u = slots.accumulatedUpdates[i].variable;
      tf.tidy(() => {
        const newV = tf.add(tf.mul(v, this.rho), tf.mul(tf.square(gradient), 1 - this.rho));
        const dx = tf.mul(tf.div(tf.sqrt(tf.add(u, this.epsilon)), tf.sqrt(tf.add(newV, this.epsilon))), gradient);
        v.assign(newV);
        u.assign(tf.add(tf.mul(u, this.rho), tf.mul(tf.square(dx), 1 - this.rho)));
        value.assign(tf.sub(value, tf.mul(dx, this.learningRate)));
      });
    });
    this.incrementIterations();
  }
}

/**
 * An Adadelta optimizer that trains as PyTorch's does (tf.train.adadelta in tfjs 4.22 trains exactly
 * like SGD; see {@link AdadeltaOptimizer}). Arguments as tf.train.adadelta's.
 *
 * @example
 * model.compile({ optimizer: adadelta(1.0, 0.9, 1e-6), loss: 'categoricalCrossentropy' });
 */
export function adadelta(learningRate = 0.001, rho = 0.95, epsilon?: number): AdadeltaOptimizer {
  return new AdadeltaOptimizer(learningRate, rho, epsilon);
}
