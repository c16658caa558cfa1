// `lrkit find --refine [steps]`: the refine stage with a progress bar, and how its evidence is printed.
import type * as tf from '@tensorflow/tfjs';
import { type Analysis, fmtRate } from '../index.js';
import { refineLearningRate, type FinderData, type RefineResult } from '../tfjs/index.js';
import { progress, type Io } from './common.js';

/** What the stage needs from `find`: the model (its weights as the range test left them), the batches, the validation split. */
export interface RefineStageInput {
  model: tf.LayersModel;
  train: FinderData;
  val: { xs: tf.Tensor; ys: tf.Tensor };
  analysis: Analysis;
  steps: number;
  batchSize: number;
  seed: number;
  signal: AbortSignal;
  quiet: boolean;
}

/**
 * Runs the refine stage with a progress bar over its steps. A curve with no answer to refine is
 * said on stderr and skipped (the range test's results are still written), never an error.
 *
 * @example
 * const refined = await refineStage(io, { model, train, val, analysis: result.analysis, steps: 200, ... });
 */
export async function refineStage(io: Io, o: RefineStageInput): Promise<RefineResult | undefined> {
  if (!o.analysis.recommendation.constant || !o.analysis.recommendation.oneCycle) {
    io.err('lrkit: --refine skipped: the range test gave no rate to refine (see its warnings)');
    return undefined;
  }
  const bar = progress(io, o.steps, { quiet: o.quiet, label: 'refine', format: 'refine [{bar}] {value}/{total} steps | lr {lr} | val loss {score} | ETA {eta_formatted}' });
  let done = 0;
  try {
    return await refineLearningRate(o.model, o.train, o.analysis, {
      validationData: o.val, steps: o.steps, batchSize: o.batchSize, seed: o.seed, signal: o.signal,
      onRun: (r) => bar.update((done += r.steps), { lr: fmtRate(r.lr), score: r.score.toPrecision(4) }),
    });
  } finally {
    bar.stop();
  }
}
