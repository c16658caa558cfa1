// lrkit/tfjs: the TensorFlow.js adapter (@tensorflow/tfjs is a peer dependency).
export { findLearningRate } from './find.js';
export type { FindLearningRateOptions, FindLearningRateResult } from './find.js';
export { REFINE_NOTE, refineCandidates, refineLearningRate, SHORT_HORIZON } from './refine.js';
export type { RefineCandidate, RefineOptions, RefineResult } from './refine.js';
export type { FinderData, TensorData } from './data.js';
export { cloneOptimizer, cloneOptimizerWithState, disposeOptimizer } from './optimizer-clone.js';
export {
  getLearningRate,
  getMomentum,
  isLrFreeOptimizer,
  optimizerKind,
  setLearningRate,
  setMomentum,
  supportsMomentum,
} from './optimizers.js';
export type { OptimizerKind } from './optimizers.js';
export { createScheduler, scheduleCallback, ScheduleCallback } from './schedule.js';
export type { AppliedValues, ScheduleOptions, Scheduler, StepSchedule } from './schedule.js';
export { reduceLROnPlateauCallback, ReduceLROnPlateauCallback } from './plateau.js';
export type { PlateauCallbackOptions, PlateauEpoch } from './plateau.js';
export { snapshotModel } from './snapshot.js';
export type { ModelSnapshot } from './snapshot.js';
export { backendOf, setBackend } from './backend.js';
export type { BackendChoice } from './backend.js';
export { conv2dFilterGradient, conv2dInputGradient, registerWasmConv2DGradient } from './conv2d-gradient.js';
export { maxPoolGradient, registerWasmMaxPoolGradient } from './pool-gradient.js';
export { registerWasmSegmentSum } from './segment-sum.js';
export type { Conv2DGradientOptions } from './conv2d-gradient.js';
export { yieldToEventLoop } from './yield.js';
export { registerFastWasmKernels } from './fast-kernels.js';
export { adadelta, AdadeltaOptimizer } from './adadelta.js';
export { categoricalCrossentropy, KERAS_EPSILON } from './losses.js';
export { prodigy, ProdigyOptimizer } from './prodigy.js';
export type { ProdigyOptions } from './prodigy.js';
export { scheduleFreeAdamW, ScheduleFreeAdamWOptimizer } from './schedule-free.js';
export type { ScheduleFreeAdamWOptions } from './schedule-free.js';
export { scheduleFreeEvalCallback, ScheduleFreeEvalCallback, scheduleFreeMode } from './schedule-free-callback.js';
