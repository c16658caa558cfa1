// Framework-agnostic LR range test: no TensorFlow.js in here, `step` trains whatever it likes.
export { coreMetric, rangeTest } from './range-test.js';
export type { IterationInfo, RangeMetric, RangeTestOptions, RangeTestResult, StopReason } from './range-test.js';
export { checkLrRange, lrAt } from './schedule.js';
export type { LrRange, RangeMode } from './schedule.js';
export { smooth, smoothUntilNonFinite, Smoother } from './smooth.js';
