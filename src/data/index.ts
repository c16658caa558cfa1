// Data sets for the CLI, the web page and the benchmarks, with no file access (any JavaScript
// runtime): seeded synthetic sets, tabular CSV/JSON text, IDX parsing, splits and subsets. The
// loaders that read files (loadMnist, loadFashionMnist, loadTabular, loadSplits) are in 'lrkit/node'.
export * from './types.js';
export * from './random.js';
export * from './subset.js';
export * from './idx.js';
export * from './mnist.js';
export * from './fashion-mnist.js';
export * from './tabular-parse.js';
export * from './synthetic.js';
