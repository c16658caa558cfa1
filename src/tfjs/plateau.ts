// ReduceLROnPlateau for model.fit: at the end of each epoch, the monitored value from the epoch's
// logs goes into lrkit's torch.reduceLROnPlateau and the optimizer gets the rate it returns. The
// state lives in the callback, so one callback carries its plateau across several fit() calls.
import * as tf from '@tensorflow/tfjs';
import { fail } from '../check/index.js';
import { reduceLROnPlateau, type PlateauScheduler, type ReduceLROnPlateauOptions } from '../schedules/plateau.js';
import { getLearningRate, setLearningRate } from './optimizers.js';

/** Options of {@link reduceLROnPlateauCallback}: the scheduler's, plus what to monitor. */
export interface PlateauCallbackOptions extends Omit<ReduceLROnPlateauOptions, 'lr'> {
  /** The key of the epoch logs to watch (default `'val_loss'`; `'loss'`, `'val_acc'`, ...). */
  monitor?: string;
  /** The rate before the first reduction (default: the optimizer's rate when training begins). */
  lr?: number;
}

/** One epoch as the callback saw it. */
export interface PlateauEpoch {
  epoch: number;
  metric: number;
  /** The rate for the next epoch. */
  lr: number;
  reduced: boolean;
}

/**
 * A tf.CustomCallback that reduces `model.optimizer`'s rate when the monitored value stops
 * improving (PyTorch's rules by default, Keras's with `semantics: 'keras'`); `history` lists each epoch.
 */
export class ReduceLROnPlateauCallback extends tf.CustomCallback {
  readonly history: PlateauEpoch[] = [];
  readonly monitor: string;
  private scheduler: PlateauScheduler | undefined;
  private model: tf.LayersModel | undefined;
  private readonly options: PlateauCallbackOptions;

  constructor(options: PlateauCallbackOptions = {}) {
    super({});
    const { monitor = 'val_loss', ...rest } = options;
    if (typeof monitor !== 'string' || monitor === '') fail('reduceLROnPlateauCallback', 'monitor', 'a log key such as "val_loss"', monitor, TypeError);
    this.monitor = monitor;
    this.options = rest;
    // Check every option now (with a stand-in rate when lr comes from the optimizer later).
    if (rest.lr !== undefined) this.scheduler = reduceLROnPlateau({ ...rest, lr: rest.lr } as ReduceLROnPlateauOptions);
    else reduceLROnPlateau({ ...rest, lr: 1 } as ReduceLROnPlateauOptions);
  }

  /** The scheduler's state (rate, best value, bad epochs, cooldown), or undefined before training. */
  get plateau(): PlateauScheduler | undefined {
    return this.scheduler;
  }

  // CustomCallback ignores the model; we need it to reach the optimizer fit() uses.
  override setModel(model: Parameters<tf.CustomCallback['setModel']>[0]): void {
    this.model = model as unknown as tf.LayersModel;
  }

  override async onTrainBegin(): Promise<void> {
    const optimizer = this.model?.optimizer;
    if (optimizer == null) throw new TypeError('reduceLROnPlateauCallback: the model has no optimizer; call model.compile() first');
    this.scheduler ??= reduceLROnPlateau({ ...this.options, lr: getLearningRate(optimizer) } as ReduceLROnPlateauOptions);
    setLearningRate(optimizer, this.scheduler.lr);
  }

  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    // tfjs passes the epoch's logs to setModel'd callbacks unresolved: a number or a scalar tensor.
    const raw = logs?.[this.monitor] as number | tf.Scalar | undefined;
    const value = raw instanceof tf.Tensor ? (await raw.data())[0] : raw;
    if (typeof value !== 'number') {
      const keys = Object.keys(logs ?? {}).join(', ') || 'none';
      throw new RangeError(`reduceLROnPlateauCallback: monitor '${this.monitor}' is not in the epoch logs (they have: ${keys}); ` +
        `'val_*' keys need validationData or validationSplit in fit()`);
    }
    const before = this.scheduler!.lr;
    const lr = this.scheduler!.step(value);
    setLearningRate(this.model!.optimizer, lr);
    this.history.push({ epoch, metric: value, lr, reduced: lr < before });
  }
}

/**
 * Creates a {@link ReduceLROnPlateauCallback} for `model.fit` / `model.fitDataset`.
 *
 * @example
 * const cb = reduceLROnPlateauCallback({ monitor: 'val_loss', factor: 0.5, patience: 3 });
 * await model.fit(xs, ys, { epochs: 50, validationSplit: 0.2, callbacks: [cb] });
 * cb.history.filter((e) => e.reduced).map((e) => e.epoch); // the epochs after which the rate was cut
 */
export function reduceLROnPlateauCallback(options: PlateauCallbackOptions = {}): ReduceLROnPlateauCallback {
  return new ReduceLROnPlateauCallback(options);
}
