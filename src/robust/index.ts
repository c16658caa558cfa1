// Robust suggestions: repeat the range test on different data orders / seeds (in worker threads
// where possible) and report the median suggestion with its spread.
export { findLearningRateRuns, MAX_RUNS } from './runs.js';
export type { RunsOptions, RunsResult } from './runs.js';
export { logMedian, summarizeRuns } from './summary.js';
export type { RunsSummary, SuggestionSpread } from './summary.js';
export { robustFindLearningRate } from './tfjs.js';
export type { RobustFindOptions } from './tfjs.js';
export { findLearningRateInWorkers } from './parallel.js';
export type { WorkerRunsOptions } from './parallel.js';
export { buildRecipe, checkRecipe, recipeSchema } from './recipe.js';
export type { BuiltRecipe, RangeTestRecipe } from './recipe.js';
export { runsPlot } from './plot.js';
export type { RunsPlotOptions } from './plot.js';
