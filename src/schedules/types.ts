import type { KerasSpec } from './keras.js';
import type { TorchSpec } from './torch.js';
import type { TransformersSpec } from './transformers.js';
/**
 * A learning-rate (or momentum) schedule: the value in effect for the 0-based optimizer step
 * `step`. Same convention as PyTorch's `param_groups[0]['lr']` read before the step-th
 * `optimizer.step()` when `scheduler.step()` runs once after every optimizer step.
 *
 * @example
 * const s: Schedule = cyclic({ baseLr: 1e-3, maxLr: 6e-3, stepSizeUp: 5 });
 * s(5); // 0.006
 */
export type Schedule = (step: number) => number;

/** CyclicLR policies (Smith 2017; PyTorch `mode`). @example const m: CyclicMode = 'triangular2'; */
export type CyclicMode = 'triangular' | 'triangular2' | 'exp_range';

/** What a custom `scaleFn` receives: the 1-based cycle number or the step. @example const s: ScaleMode = 'cycle'; */
export type ScaleMode = 'cycle' | 'iterations';

/** One-cycle annealing curve between phase end points. @example const a: AnnealStrategy = 'cos'; */
export type AnnealStrategy = 'cos' | 'linear';

/**
 * Cycle shape shared by {@link CyclicOptions} and {@link CyclicMomentumOptions}; defaults are
 * PyTorch's CyclicLR defaults.
 *
 * @example
 * const shape: CycleOptions = { stepSizeUp: 4, stepSizeDown: 6, mode: 'triangular2' };
 */
export interface CycleOptions {
  /** Steps from the low to the high end of a cycle (default 2000). */
  stepSizeUp?: number;
  /** Steps from the high back to the low end (default `stepSizeUp`). */
  stepSizeDown?: number;
  /** Amplitude policy (default 'triangular'); not allowed together with `scaleFn`. */
  mode?: CyclicMode;
  /** Amplitude factor per step for 'exp_range': amplitude x gamma^step (default 1). */
  gamma?: number;
  /** Custom amplitude scaling, 0 <= scaleFn(x) <= 1; replaces `mode`. Not JSON-serialisable. */
  scaleFn?: (x: number) => number;
  /** Argument of `scaleFn`: cycle number (default) or step. Built-in modes fix it themselves. */
  scaleMode?: ScaleMode;
}

/** Options of {@link cyclic}. @example const o: CyclicOptions = { baseLr: 0.001, maxLr: 0.006 }; */
export interface CyclicOptions extends CycleOptions {
  /** Low end of the cycle. */
  baseLr: number;
  /** High end of the cycle (the amplitude is maxLr - baseLr). */
  maxLr: number;
  /** Accepted and ignored, so one options object can drive cyclic() and cyclicMomentum(). */
  baseMomentum?: number;
  /** Accepted and ignored (see `baseMomentum`). */
  maxMomentum?: number;
}

/** Options of {@link cyclicMomentum}. @example const o: CyclicMomentumOptions = { stepSizeUp: 4 }; */
export interface CyclicMomentumOptions extends CycleOptions {
  /** Momentum at the peak of the learning rate (default 0.8). */
  baseMomentum?: number;
  /** Momentum at the trough of the learning rate (default 0.9). */
  maxMomentum?: number;
  /** Accepted and ignored, so one options object can drive cyclic() and cyclicMomentum(). */
  baseLr?: number;
  /** Accepted and ignored (see `baseLr`). */
  maxLr?: number;
}

/**
 * Length and shape of a one-cycle schedule: `totalSteps`, or `epochs` and `itersPerEpoch`
 * (alias `stepsPerEpoch`, PyTorch's name, which the JSON spec uses).
 *
 * @example
 * const shape: OneCycleShape = { epochs: 5, itersPerEpoch: 100, pctStart: 0.25 };
 */
export interface OneCycleShape {
  totalSteps?: number;
  epochs?: number;
  /** Optimizer steps per epoch (the name recommend() and the CLI use). */
  itersPerEpoch?: number;
  /** Alias of itersPerEpoch (PyTorch's steps_per_epoch); the spec stores this name. */
  stepsPerEpoch?: number;
  /** Fraction of the steps spent rising (default 0.3). */
  pctStart?: number;
  /** Curve of each phase (default 'cos'). */
  annealStrategy?: AnnealStrategy;
  /** Rise, fall back to the start value over as many steps, then anneal to the minimum (default false). */
  threePhase?: boolean;
}

/** Options of {@link oneCycle}. @example const o: OneCycleOptions = { maxLr: 0.1, totalSteps: 1000 }; */
export interface OneCycleOptions extends OneCycleShape {
  maxLr: number;
  /** Start value = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** Final value = maxLr / (divFactor * finalDivFactor) (default 1e4). */
  finalDivFactor?: number;
  /** Accepted and ignored, so one options object can drive oneCycle() and oneCycleMomentum(). */
  baseMomentum?: number;
  /** Accepted and ignored (see `baseMomentum`). */
  maxMomentum?: number;
}

/** Options of {@link oneCycleMomentum}. @example const o: OneCycleMomentumOptions = { totalSteps: 1000 }; */
export interface OneCycleMomentumOptions extends OneCycleShape {
  /** Momentum (or Adam beta1) at the learning-rate peak (default 0.85). */
  baseMomentum?: number;
  /** Momentum at the start and end (default 0.95). */
  maxMomentum?: number;
  /** Accepted and ignored, so one options object can drive oneCycle() and oneCycleMomentum(). */
  maxLr?: number;
  /** Accepted and ignored. */
  divFactor?: number;
  /** Accepted and ignored. */
  finalDivFactor?: number;
}

/** Options of {@link linear}. @example const o: LinearOptions = { start: 0, end: 0.1, steps: 100 }; */
export interface LinearOptions {
  start: number;
  end: number;
  /** Steps to go from start to end; `end` is held afterwards. */
  steps: number;
}

/**
 * Options of {@link exponential}: either `gamma` (start x gamma^step, optionally bounded by `end`)
 * or `end` and `steps` (geometric interpolation, `end` held afterwards).
 *
 * @example
 * const decay: ExponentialOptions = { start: 0.1, gamma: 0.99 };
 * const sweep: ExponentialOptions = { start: 1e-7, end: 10, steps: 100 };
 */
export interface ExponentialOptions {
  start: number;
  gamma?: number;
  end?: number;
  steps?: number;
}

/** Options of {@link cosine}. @example const o: CosineOptions = { start: 0.1, end: 1e-5, steps: 1000 }; */
export interface CosineOptions {
  start: number;
  /** Floor reached at `steps` and held afterwards (default 0). */
  end?: number;
  steps: number;
}

/** Options of {@link warmRestarts}. @example const o: WarmRestartsOptions = { max: 0.1, period: 10, multiplier: 2 }; */
export interface WarmRestartsOptions {
  /** Value right after each restart. */
  max: number;
  /** Floor of each cosine (default 0). */
  min?: number;
  /** Length of the first cycle in steps (PyTorch T_0). */
  period: number;
  /** Each cycle is `multiplier` times longer than the previous (PyTorch T_mult, default 1). */
  multiplier?: number;
}

/**
 * JSON form of a schedule: the factory name in `type` plus its options with defaults filled in.
 *
 * @example
 * const spec: ScheduleSpec = { type: 'cosine', start: 0.1, end: 0, steps: 100 };
 */
export type ScheduleSpec =
  | { type: 'constant'; value: number }
  | ({ type: 'linear' } & LinearOptions)
  | ({ type: 'exponential' } & ExponentialOptions)
  | ({ type: 'cosine' } & CosineOptions)
  | ({ type: 'warmRestarts' } & WarmRestartsOptions)
  | ({ type: 'cyclic' } & Omit<CyclicOptions, 'scaleFn' | 'baseMomentum' | 'maxMomentum'>)
  | ({ type: 'cyclicMomentum' } & Omit<CyclicMomentumOptions, 'scaleFn' | 'baseLr' | 'maxLr'>)
  | ({ type: 'oneCycle' } & Omit<OneCycleOptions, 'baseMomentum' | 'maxMomentum'>)
  | ({ type: 'oneCycleMomentum' } & Omit<OneCycleMomentumOptions, 'maxLr' | 'divFactor' | 'finalDivFactor'>)
  | { type: 'join'; schedules: ScheduleSpec[]; boundaries: number[] }
  | TorchSpec
  | KerasSpec
  | TransformersSpec;
