// The refine stage: a range test sees one short sweep, not how a rate trains over a budget. A few
// candidate rates from the curve are each trained for a short run from the same weights and the
// same batches, compared on validation loss, and the worse half dropped while the rest get twice
// the steps (successive halving). The model is restored bit-exactly afterwards.
import * as tf from '@tensorflow/tfjs';
import type { Analysis } from '../analysis/index.js';
import { fail, integer, object, optional } from '../check/index.js';
import { tensorStream, isDataset, datasetStream, type FinderData } from './data.js';
import { checkData, checkModel } from './find.js';
import { cloneOptimizer, disposeOptimizer } from './optimizer-clone.js';
import { snapshotModel } from './snapshot.js';
import { evaluateOn, makeTrainStep } from './train-step.js';
import { yieldToEventLoop } from './yield.js';

/** Options of {@link refineLearningRate}. */
export interface RefineOptions {
  /** Held-out data the candidates are compared on (their loss after training). */
  validationData: FinderData;
  /** Total optimizer steps of the stage, over all candidates and rounds (default 200). */
  steps?: number;
  /** Rates to compare (default: from the analysis, around its knee and its one-cycle peak). */
  candidates?: readonly number[];
  batchSize?: number;
  validationBatchSize?: number;
  /** Seed of the batch order; every candidate sees the same batches (default 0). */
  seed?: number;
  signal?: AbortSignal;
  /** After each candidate's run: its rate, round, steps and validation loss. */
  onRun?: (run: { lr: number; round: number; steps: number; score: number }) => void;
}

/** One candidate and its evidence: the validation loss after each round it took part in. */
export interface RefineCandidate {
  lr: number;
  /** Where it came from: `knee / 2`, `knee`, `between`, `peak`, or `given`. */
  source: string;
  rounds: { steps: number; score: number }[];
  /** Still in the running at the end (the winner is one of these). */
  kept: boolean;
}

/** What {@link refineLearningRate} found. */
export interface RefineResult {
  /** The candidate with the lowest validation loss in the last round; null when aborted before any round ended. */
  winner: { lr: number; score: number; source: string } | null;
  candidates: RefineCandidate[];
  /** Optimizer steps spent. */
  steps: number;
  aborted: boolean;
  /** What short runs can tell (the short-horizon bias as measured on lrkit's suite, {@link SHORT_HORIZON}). */
  note: string;
}

/**
 * The short-horizon bias on lrkit's suggestion suite (`npm run bench:short-horizon`, from the grid
 * of `bench:suggestions`; a test keeps these equal to bench/results/short-horizon.json): over 27
 * task-seed pairs, how often the constant rate that is best after a share of a training is the
 * one that is best at its end, and on which side it errs. Short runs mislead both ways: a high
 * rate makes fast early progress on some tasks, a low rate is safer early on others.
 */
export const SHORT_HORIZON = {
  pairs: 27,
  at: [
    { share: 0.1, same: 6, higher: 14, lower: 7 },
    { share: 0.5, same: 16, higher: 9, lower: 2 },
  ],
} as const;

const [EARLY, HALF] = SHORT_HORIZON.at;
/** The note every RefineResult carries. */
export const REFINE_NOTE =
  `short runs judge early progress (short-horizon bias): on lrkit's suite the best rate after ${EARLY.share * 100} % of a training was the long run's best ` +
  `on ${EARLY.same} of ${SHORT_HORIZON.pairs} pairs (higher on ${EARLY.higher}, lower on ${EARLY.lower}), after ${HALF.share * 100} % on ${HALF.same}; ` +
  'trust the winner as far as its rounds reach half of your training';

/**
 * The default candidates: around the knee (the recommended constant) and up to the one-cycle peak,
 * spaced on a log scale. Throws when the analysis gives no answer to start from.
 *
 * @example
 * refineCandidates(result.analysis); // [{ lr: knee / 2, source: 'knee / 2' }, { lr: knee, source: 'knee' }, ...]
 */
export function refineCandidates(a: Analysis): { lr: number; source: string }[] {
  const knee = a.recommendation.constant?.lr;
  const peak = a.recommendation.oneCycle?.maxLr;
  if (knee === undefined || peak === undefined) {
    throw new RangeError(`refine: the range test gave no rate to refine (${a.recommendation.warnings.map((w) => w.code).join(', ') || 'no answer'}); fix what its warnings say first`);
  }
  const list = [{ lr: knee / 2, source: 'knee / 2' }, { lr: knee, source: 'knee' }];
  if (peak / knee >= 1.5) list.push({ lr: Math.sqrt(knee * peak), source: 'between' }, { lr: peak, source: 'peak' });
  else list.push({ lr: knee * 2, source: 'knee x 2' });
  return list;
}

/**
 * Compares candidate constant rates by training: every candidate trains from the model's current
 * weights with a fresh copy of its optimizer on the same batches, is scored by its loss on
 * `validationData`, and the better half goes on to a round with twice the steps (successive
 * halving) until one is left. The stage's `steps` are shared so that each round costs the same.
 * The model's weights are restored bit for bit on every exit, and no tensor is left behind.
 *
 * @example
 * const result = await findLearningRate(model, { xs, ys }, { numIter: 100 });
 * const refined = await refineLearningRate(model, { xs, ys }, result.analysis, { validationData: { xs: vx, ys: vy }, steps: 200 });
 * refined.winner?.lr; refined.candidates.map((c) => c.rounds);
 */
export async function refineLearningRate(model: tf.LayersModel, data: FinderData, analysis: Analysis | null, options: RefineOptions): Promise<RefineResult> {
  const { model: m, lossFn } = checkModel('refine', model);
  object('refine', 'options', options);
  const train = checkData('refine', 'data', data, m);
  if (options.validationData === undefined) throw new TypeError('refine: validationData is required: the candidates are compared on held-out loss');
  const validation = checkData('refine', 'validationData', options.validationData, m);
  const int = (name: 'steps' | 'batchSize' | 'validationBatchSize' | 'seed', min: number, fallback: number) =>
    optional(options[name], fallback, (v) => integer('refine', name, v, min));
  const total = int('steps', 8, 200);
  const batchSize = int('batchSize', 1, 32);
  const validationBatchSize = int('validationBatchSize', 1, 256);
  const seed = int('seed', 0, 0);
  const given = options.candidates;
  if (given !== undefined && (!Array.isArray(given) || given.length < 2 || given.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v <= 0))) {
    fail('refine', 'candidates', 'an array of at least 2 finite rates > 0', given);
  }
  if (given === undefined && analysis === null) throw new TypeError('refine: give an analysis (findLearningRate\'s result.analysis) or candidates');
  const list = given ? given.map((lr) => ({ lr, source: 'given' })) : refineCandidates(analysis!);
  const candidates: RefineCandidate[] = list.map((c) => ({ ...c, rounds: [], kept: true }));
  const rounds = Math.ceil(Math.log2(candidates.length));
  const base = Math.floor(total / (candidates.length * rounds));
  if (base < 1) throw new RangeError(`refine: steps ${total} are too few for ${candidates.length} candidates over ${rounds} rounds; give at least ${candidates.length * rounds}`);

  const variables = m.trainableWeights.map((w) => w.read() as tf.Variable);
  const snapshot = snapshotModel(m);
  let spent = 0;
  let aborted = false;
  try {
    let alive = candidates;
    for (let round = 0; round < rounds && !aborted; round++) {
      const steps = base * 2 ** round;
      for (const c of alive) {
        if (options.signal?.aborted) {
          aborted = true;
          break;
        }
        const score = await trainAndScore(c.lr, steps);
        spent += steps;
        c.rounds.push({ steps, score });
        options.onRun?.({ lr: c.lr, round, steps, score });
      }
      if (aborted) break;
      // The better half (a non-finite loss counts as the worst) goes on.
      const ranked = [...alive].sort((a, b) => a.rounds[round].score - b.rounds[round].score);
      const keep = new Set(ranked.slice(0, Math.ceil(alive.length / 2)));
      for (const c of alive) c.kept = keep.has(c);
      alive = alive.filter((c) => keep.has(c));
    }
    const finished = candidates.filter((c) => c.kept && c.rounds.length === rounds);
    const best = finished.sort((a, b) => a.rounds[rounds - 1].score - b.rounds[rounds - 1].score)[0];
    return {
      winner: best ? { lr: best.lr, score: best.rounds[rounds - 1].score, source: best.source } : null,
      candidates, steps: spent, aborted,
      note: REFINE_NOTE,
    };
  } finally {
    snapshot.restore();
    snapshot.dispose();
  }

  /** Trains `steps` steps at `lr` from the saved weights with a fresh optimizer; the validation loss (Infinity if it diverged). */
  async function trainAndScore(lr: number, steps: number): Promise<number> {
    snapshot.restore();
    const optimizer = cloneOptimizer(m.optimizer);
    const stream = isDataset(train) ? datasetStream('data', train) : tensorStream(train, batchSize, true, seed);
    try {
      const step = makeTrainStep({ model: m, lossFn, optimizer, variables, stream, accumulationSteps: 1, measureAccuracy: false, validationBatchSize });
      for (let i = 0; i < steps; i++) {
        await yieldToEventLoop();
        const loss = await step(lr);
        const v = (await loss.data())[0];
        loss.dispose();
        if (!Number.isFinite(v)) return Infinity;
      }
      const score = await evaluateOn({ model: m, lossFn, measureAccuracy: false, batchSize: validationBatchSize }, validation);
      const v = (await score.data())[0];
      score.dispose();
      return Number.isFinite(v) ? v : Infinity;
    } finally {
      disposeOptimizer(optimizer);
      stream.dispose();
    }
  }
}
