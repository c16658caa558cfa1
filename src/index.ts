// Framework-agnostic core of lrkit: schedules, the range test, suggestions and curve files.
// The TensorFlow.js adapter lives in 'lrkit/tfjs' and plots in 'lrkit/report'.
export * from './schedules/index.js';
export * from './finder/index.js';
export * from './suggestions/index.js';
export * from './io/index.js';
export * from './analysis/index.js';
