// Schedule-Free's train()/eval() inside model.fit. tfjs gives a callback no hook between the last
// step of an epoch and its validation (model.fit validates inside the last batch, before
// onBatchEnd), so the callback asks the optimizer to switch to eval() right after each step, and
// switches back to train() before the next. train() restores the y that eval() kept, bit for bit,
// so the trajectory is the one the reference makes with a single train() call.
import * as tf from '@tensorflow/tfjs';
import { show } from '../check/index.js';
import { ScheduleFreeAdamWOptimizer } from './schedule-free.js';

type FitModel = tf.LayersModel & { trainableWeights: { read(): tf.Variable }[] };

/**
 * The callback {@link scheduleFreeEvalCallback} returns.
 *
 * @example
 * const cb = new ScheduleFreeEvalCallback();
 */
export class ScheduleFreeEvalCallback extends tf.CustomCallback {
  private model: FitModel | undefined;

  constructor() {
    super({});
  }

  // CustomCallback ignores the model; we need it to reach the optimizer fit() uses.
  override setModel(model: Parameters<tf.CustomCallback['setModel']>[0]): void {
    this.model = model as unknown as FitModel;
  }

  private optimizer(): ScheduleFreeAdamWOptimizer {
    const opt = this.model?.optimizer;
    // Not instanceof: tf.Optimizer's Symbol.hasInstance accepts any optimizer (duck typing).
    if (opt == null || Object.getPrototypeOf(opt) !== ScheduleFreeAdamWOptimizer.prototype) {
      throw new TypeError(`scheduleFreeEvalCallback: the model's optimizer must be scheduleFreeAdamW(), got ${opt == null ? show(opt) : opt.getClassName()}`);
    }
    return opt as ScheduleFreeAdamWOptimizer;
  }

  private variables(): tf.Variable[] {
    return this.model!.trainableWeights.map((w) => w.read() as tf.Variable);
  }

  override async onTrainBegin(): Promise<void> {
    this.optimizer();
  }

  override async onBatchBegin(): Promise<void> {
    const opt = this.optimizer();
    opt.train(this.variables());
    opt.evalAfterNextStep = true;
  }

  override async onTrainEnd(): Promise<void> {
    const opt = this.optimizer();
    opt.evalAfterNextStep = false;
    opt.eval(this.variables());
  }
}

/**
 * A `model.fit` / `fitDataset` callback for {@link scheduleFreeAdamW}: gradients are taken at y,
 * and between steps — validation, `onEpochEnd` callbacks, after `fit` (so what `model.save`
 * writes) — the model holds x, the point Schedule-Free evaluates.
 *
 * @example
 * model.compile({ optimizer: scheduleFreeAdamW(), loss: 'meanSquaredError' });
 * await model.fit(xs, ys, { epochs: 3, validationSplit: 0.2, callbacks: [scheduleFreeEvalCallback()] });
 * await model.save('file://./model'); // x, the weights to evaluate
 */
export function scheduleFreeEvalCallback(): ScheduleFreeEvalCallback {
  return new ScheduleFreeEvalCallback();
}

/**
 * For loops built on `trainOnBatch` / `evaluate` (no callbacks there): puts a Schedule-Free
 * model's weights at y before a step (`'train'`) or at x before evaluating or saving (`'eval'`).
 * Does nothing for any other optimizer, so a loop can call it unconditionally.
 *
 * @example
 * scheduleFreeMode(model, 'train'); await model.trainOnBatch(xs, ys);
 * scheduleFreeMode(model, 'eval');  model.evaluate(xt, yt);
 */
export function scheduleFreeMode(model: tf.LayersModel, mode: 'train' | 'eval'): void {
  const opt = model.optimizer;
  if (opt == null || Object.getPrototypeOf(opt) !== ScheduleFreeAdamWOptimizer.prototype) return;
  const vars = (model as FitModel).trainableWeights.map((w) => w.read() as tf.Variable);
  if (mode === 'train') (opt as ScheduleFreeAdamWOptimizer).train(vars);
  else (opt as ScheduleFreeAdamWOptimizer).eval(vars);
}
