// Embedded models for the CLI, the web page and the benchmarks, plus training with a
// learning-rate policy. Saving and loading models on disk (fileSystem, loadLayersModelFromFile,
// registerFileRouter) is in 'lrkit/node'.
export * from './optimizer.js';
export * from './architectures.js';
export * from './policy.js';
export * from './train.js';
export * from './compare.js';
export * from './fit-check.js';
