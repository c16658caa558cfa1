// Several range tests of one tf.LayersModel in this thread, each with its own data order.
import type * as tf from '@tensorflow/tfjs';
import { func, nonNegativeInteger, object } from '../check/index.js';
import { findLearningRate, type FindLearningRateOptions, type FindLearningRateResult } from '../tfjs/find.js';
import type { FinderData } from '../tfjs/data.js';
import { findLearningRateRuns, type RunsResult } from './runs.js';

/** Options of {@link robustFindLearningRate}: findLearningRate's options plus the run count. */
export interface RobustFindOptions extends FindLearningRateOptions {
  /** Number of range tests (default 5); run i shuffles the data with seed `seed + i`. */
  runs?: number;
  /** Called after each run with its index and result. */
  onRun?: (index: number, result: FindLearningRateResult) => void;
}

/**
 * Repeats {@link findLearningRate} `runs` times on the same model with different data orders
 * (shuffle seed `seed + i`) and returns every curve plus the median suggestion of each rule with
 * its spread. The model is restored after every run, so each starts from the same weights.
 * Runs are sequential here (one model, one backend); for parallel runs in worker threads use
 * {@link findLearningRateInWorkers}.
 *
 * @example
 * const r = await robustFindLearningRate(model, { xs, ys }, { runs: 5, numIter: 100 });
 * console.log(`valley ${r.suggestions.valley.lr} (${r.suggestions.valley.min}..${r.suggestions.valley.max})`);
 */
export async function robustFindLearningRate(
  model: tf.LayersModel,
  data: FinderData,
  options: RobustFindOptions = {},
): Promise<RunsResult<FindLearningRateResult>> {
  const fn = 'robustFindLearningRate';
  object(fn, 'options', options);
  const { runs = 5, onRun, signal, seed = 0, ...find } = options;
  if (onRun !== undefined) func(fn, 'onRun', onRun);
  nonNegativeInteger(fn, 'seed', seed);
  return findLearningRateRuns({
    runs,
    signal,
    run: async (i, runSignal) => {
      const result = await findLearningRate(model, data, { ...find, seed: seed + i, signal: runSignal });
      onRun?.(i, result);
      return result;
    },
  });
}
