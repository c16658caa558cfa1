// Applying (step) => value schedules to a tf.train optimizer, in custom loops and in model.fit.
import * as tf from '@tensorflow/tfjs';
import { fail, mustBe, object } from '../check/index.js';
import { getMomentum, isLrFreeOptimizer, optimizerKind, setLearningRate, setMomentum, supportsMomentum } from './optimizers.js';

/** A value for a 0-based optimizer step; the same shape as lrkit's `Schedule`. */
export type StepSchedule = (step: number) => number;

/** Schedules to apply, and the global step to start from (to resume training). */
export interface ScheduleOptions {
  /** Learning rate for each step. */
  lr?: StepSchedule;
  /** Momentum (beta1 for Adam/Adamax) for each step; the optimizer must support momentum. */
  momentum?: StepSchedule;
  /** Global step of the first batch; default 0. Pass the number of steps already done to resume. */
  startStep?: number;
}

/** What was applied before one optimizer step. */
export interface AppliedValues {
  step: number;
  lr?: number;
  momentum?: number;
}

/** Applies schedules to one optimizer; see createScheduler. */
export interface Scheduler {
  /** Applies the values for `step` (does not move the counter) and returns them. */
  apply(step: number): AppliedValues;
  /** Applies the values for the current step, records them, and advances the counter. */
  step(): AppliedValues;
  /** The step the next `step()` call applies. */
  readonly currentStep: number;
  /** Every value applied by `step()`, in order. */
  readonly history: AppliedValues[];
}

function checkSchedule(fn: string, name: string, value: unknown): asserts value is StepSchedule | undefined {
  if (value !== undefined && typeof value !== 'function') {
    const hint = typeof value === 'number' ? `; for a fixed value use () => ${value} or constant({ value: ${value} })` : '';
    throw new TypeError(mustBe(fn, name, 'a (step: number) => number function', value) + hint);
  }
}

// RangeError for a non-number too, as it always has been.
function checkStep(fn: string, name: string, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail(fn, name, 'an integer >= 0', value);
  return value;
}

function validate(fn: string, options: ScheduleOptions): number {
  object(fn, 'options', options);
  checkSchedule(fn, 'lr', options.lr);
  checkSchedule(fn, 'momentum', options.momentum);
  if (options.lr === undefined && options.momentum === undefined) {
    throw new TypeError(`${fn}: options must have at least one of lr or momentum (a (step: number) => number schedule), got keys ${JSON.stringify(Object.keys(options))}`);
  }
  return checkStep(fn, 'startStep', options.startStep);
}

function evaluate(name: string, schedule: StepSchedule, step: number): number {
  const value = schedule(step);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${name} schedule returned ${String(value)} at step ${step}; expected a finite number`);
  }
  return value;
}

function applyTo(optimizer: tf.Optimizer, options: ScheduleOptions, step: number): AppliedValues {
  const applied: AppliedValues = { step };
  if (options.lr) {
    applied.lr = evaluate('lr', options.lr, step);
    setLearningRate(optimizer, applied.lr);
  }
  if (options.momentum) {
    applied.momentum = evaluate('momentum', options.momentum, step);
    setMomentum(optimizer, applied.momentum);
  }
  return applied;
}

function checkOptimizerFits(optimizer: tf.Optimizer, options: ScheduleOptions): void {
  if (!isLrFreeOptimizer(optimizer) || options.momentum) optimizerKind(optimizer); // LR-free: a rate schedule only
  if (options.momentum && !supportsMomentum(optimizer)) {
    // Fail at setup, not at the first batch: getMomentum throws the explanatory TypeError.
    getMomentum(optimizer);
  }
}

/**
 * Drives an optimizer's learning rate and momentum from schedules in a custom training loop:
 * call `scheduler.step()` right before each `optimizer.minimize(...)`.
 *
 * @example
 * const opt = tf.train.momentum(0.01, 0.9);
 * const scheduler = createScheduler(opt, { lr: (s) => 0.01 * 0.99 ** s });
 * for (let i = 0; i < 100; i++) {
 *   scheduler.step();
 *   tf.dispose(opt.minimize(() => lossFn(), true));
 * }
 */
export function createScheduler(optimizer: tf.Optimizer, options: ScheduleOptions): Scheduler {
  let current = validate('createScheduler', options);
  checkOptimizerFits(optimizer, options);
  const history: AppliedValues[] = [];
  return {
    apply: (step: number) => applyTo(optimizer, options, checkStep('scheduler.apply', 'step', step)),
    step() {
      const applied = applyTo(optimizer, options, current);
      history.push(applied);
      current += 1;
      return applied;
    },
    get currentStep() {
      return current;
    },
    history,
  };
}

/**
 * A tf.CustomCallback that applies schedules to `model.optimizer` before every batch of
 * `model.fit` / `model.fitDataset`. Steps are global: they keep counting across epochs (and
 * across fit calls with the same callback), starting at `startStep`.
 * `callback.history` lists the values applied, one entry per batch.
 */
export class ScheduleCallback extends tf.CustomCallback {
  /** Every value applied, one entry per batch, in order. */
  readonly history: AppliedValues[] = [];
  private readonly options: ScheduleOptions;
  private nextStep: number;
  private model: tf.LayersModel | undefined;

  constructor(options: ScheduleOptions) {
    const start = validate('scheduleCallback', options);
    super({});
    this.options = options;
    this.nextStep = start;
  }

  /** The global step the next batch will use. */
  get currentStep(): number {
    return this.nextStep;
  }

  // CustomCallback ignores the model; we need it to reach the optimizer fit() uses.
  override setModel(model: Parameters<tf.CustomCallback['setModel']>[0]): void {
    this.model = model as unknown as tf.LayersModel;
  }

  override async onTrainBegin(): Promise<void> {
    const optimizer = this.model?.optimizer;
    if (optimizer == null) {
      throw new TypeError('scheduleCallback: the model has no optimizer; call model.compile() first');
    }
    checkOptimizerFits(optimizer, this.options);
  }

  override async onBatchBegin(): Promise<void> {
    this.history.push(applyTo(this.model!.optimizer, this.options, this.nextStep));
    this.nextStep += 1;
  }
}

/**
 * Creates a ScheduleCallback for `model.fit` / `model.fitDataset`.
 *
 * @example
 * const cb = scheduleCallback({ lr: (s) => 1e-3 + (1e-2 - 1e-3) * Math.min(1, s / 100) });
 * await model.fit(xs, ys, { epochs: 3, batchSize: 32, callbacks: [cb] });
 * cb.history[0]; // { step: 0, lr: 0.001 }
 */
export function scheduleCallback(options: ScheduleOptions): ScheduleCallback {
  return new ScheduleCallback(options);
}
