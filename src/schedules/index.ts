// Learning-rate and momentum schedules: pure (step) => value functions with PyTorch parity.
export type {
  Schedule,
  ScheduleSpec,
  CyclicMode,
  ScaleMode,
  AnnealStrategy,
  CycleOptions,
  CyclicOptions,
  CyclicMomentumOptions,
  OneCycleShape,
  OneCycleOptions,
  OneCycleMomentumOptions,
  LinearOptions,
  ExponentialOptions,
  CosineOptions,
  WarmRestartsOptions,
} from './types.js';
export { cyclic, cyclicMomentum } from './cyclic.js';
export { oneCycle, oneCycleMomentum } from './one-cycle.js';
export { constant, linear, exponential, cosine, warmRestarts } from './basic.js';
export { join } from './join.js';
export { sample, type SampleOptions } from './sample.js';
export { corePolicy, policySpec, POLICIES, SMITH, type Policy, type PolicySpec, type PolicySpecOptions } from './policy.js';
export { cyclicFromRange, cyclicOptionsFromRange, type CyclicFromRangeOptions } from './from-range.js';
export { fromSpec, toSpec, scheduleSpecSchema } from './spec.js';
export type {
  StepLROptions, MultiStepLROptions, ConstantLROptions, LinearLROptions, ExponentialLROptions, PolynomialLROptions,
  CosineAnnealingLROptions, CosineAnnealingWarmRestartsOptions, SequentialLROptions, SequentialChild, TorchSpec,
} from './torch.js';
export type { ReduceLROnPlateauOptions, PlateauScheduler, PlateauState } from './plateau.js';
export type {
  ExponentialDecayOptions, PiecewiseConstantDecayOptions, PolynomialDecayOptions, InverseTimeDecayOptions, CosineDecayOptions,
  CosineDecayRestartsOptions, KerasSpec,
} from './keras.js';
export type {
  ConstantWarmupOptions, LinearWarmupOptions, CosineWarmupOptions, HardRestartsWarmupOptions, PolynomialWarmupOptions,
  InverseSqrtOptions, CosineMinLrWarmupOptions, WsdOptions, WsdShape, TransformersSpec,
} from './transformers.js';
export { FAMILY_FACTORIES, keras, torch, transformers } from './families.js';
export { ENGINES, toEngine, type Engine, type EngineOptions } from './export.js';
export { POLICY_NAMES, policySchedules, type PolicyName, type PolicyOptions, type PolicySchedules } from './training-policy.js';
