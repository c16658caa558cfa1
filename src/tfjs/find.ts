// findLearningRate: the LR range test for a compiled tf.LayersModel.
import * as tf from '@tensorflow/tfjs';
import { coreMetric, type IterationInfo, type RangeMetric, type RangeTestResult } from '../finder/index.js';
import { rangeTestAs } from '../finder/range-test.js';
import { suggest, type Recommendation, type SuggestionSet } from '../suggestions/index.js';
import { analyzeCurve, type Analysis, type AnalysisContext } from '../analysis/index.js';
import { assertOnActiveBackend } from './backend.js';
import { bool, fail, integer, oneOf, optional, knownOptions } from '../check/index.js';
import { checkTensorData, datasetStream, isDataset, tensorStream, type BatchStream, type FinderData } from './data.js';
import { cloneOptimizer, cloneOptimizerWithState, disposeOptimizer } from './optimizer-clone.js';
import { optimizerKind } from './optimizers.js';
import { snapshotModel } from './snapshot.js';
import { makeTrainStep, type LossFn } from './train-step.js';
import { yieldToEventLoop } from './yield.js';

/** Options of findLearningRate; the range-test options pass through to lrkit's rangeTest. */
export interface FindLearningRateOptions {
  /** First learning rate (default 1e-7). */
  startLr?: number;
  /** Last learning rate (default 10). */
  endLr?: number;
  /** Number of optimizer steps (default 100); the data is cycled as often as needed. */
  numIter?: number;
  /** 'exp' (default for loss) or 'linear' (default for accuracy). */
  mode?: 'exp' | 'linear';
  /** Smoothing of the recorded curve, in [0, 1) (default 0.98). */
  beta?: number;
  /** Stop when the smoothed loss exceeds this many times the best (default 4). */
  divergeThreshold?: number;
  /**
   * 'loss' (default) or 'higher-is-better' (the accuracy, recorded after each step; the result's
   * `losses` then hold accuracies). 'accuracy' is a deprecated alias of 'higher-is-better'
   * (translated by {@link coreMetric}, as the CLI's `--metric accuracy` is).
   */
  metric?: RangeMetric | 'accuracy';
  /** Stops the test; the model is restored and the partial curve returned (stopReason 'aborted'). */
  signal?: AbortSignal;
  /** Called after each recorded iteration. */
  onIteration?: (info: IterationInfo) => void;
  /**
   * Start the next step before the loss of the current one is read back. Default: on for the
   * asynchronous GPU backends (webgl, webgpu), where it measured 10-25 % faster; off elsewhere,
   * where there is nothing to overlap.
   */
  pipeline?: boolean;
  /** Mini-batch size for tensor data (default 32, clamped to the number of samples). */
  batchSize?: number;
  /** Shuffle tensor data each epoch (default true). */
  shuffle?: boolean;
  /** Seed of the shuffle (default 0): the same seed gives the same batches. */
  seed?: number;
  /**
   * Validation data: when given, the value recorded after each step is the loss (or accuracy) on
   * this whole set, as in pytorch-lr-finder's validation mode; slower but much less noisy.
   */
  validationData?: FinderData;
  /** Batch size used to evaluate tensor validation data (default: batchSize). */
  validationBatchSize?: number;
  /** Batches whose gradients are averaged into one optimizer step (default 1). */
  accumulationSteps?: number;
  /**
   * State of the temporary optimizer the test trains with. 'fresh' (default): empty, as on a new
   * model. 'copy': an exact copy of model.optimizer's current state (Adam's moments and bias
   * correction, momentum buffers, accumulators, step count), as fastai and pytorch-lr-finder do, so
   * the first step is the one model.optimizer would make. model.optimizer is untouched either way.
   *
   * @example
   * await model.fit(xs, ys, { epochs: 3 });
   * await findLearningRate(model, { xs, ys }, { optimizerState: 'copy' });
   */
  optimizerState?: 'fresh' | 'copy';
  /**
   * What is known of the training the answer is for (steps per epoch, epochs, total steps): the
   * result's `analysis` then carries the recommended schedules over that length.
   *
   * @example
   * const r = await findLearningRate(model, { xs, ys }, { context: { itersPerEpoch: 469, epochs: 5 } });
   * r.analysis.schedules.oneCycle?.spec;
   */
  context?: AnalysisContext;
}

/**
 * The range-test curve plus `recommendation` (lrkit's `recommend(result)`: one answer per use,
 * its confidence and the curve's warnings) and `suggestions` (`suggest.all(result)`: fastai's
 * rules on the smoothed curve, undefined when fewer than two iterations were recorded).
 */
export type FindLearningRateResult = RangeTestResult & {
  /** `suggest.all(result)`: fastai's rules plus the retired cyclicBounds/oneCycle rules (API only). */
  suggestions: SuggestionSet | undefined;
  /** `analysis.recommendation`: the answer every surface shows. */
  recommendation: Recommendation;
  /** `analyzeCurve(result, options.context)`, computed once: the answer, the curves as drawn, markers, fastai's rules, schedules. */
  analysis: Analysis;
};

const FN = 'findLearningRate';
const KNOWN = [
  'startLr', 'endLr', 'numIter', 'mode', 'beta', 'divergeThreshold', 'metric', 'signal', 'onIteration', 'pipeline',
  'batchSize', 'shuffle', 'seed', 'validationData', 'validationBatchSize', 'accumulationSteps', 'optimizerState', 'context',
] as const;

export function checkModel(fn: string, model: unknown): { model: tf.LayersModel; lossFn: LossFn } {
  const m = model as tf.LayersModel | null;
  if (m == null || typeof m !== 'object' || typeof m.apply !== 'function' || !Array.isArray(m.weights)) {
    fail(fn, 'model', 'a compiled tf.LayersModel', model, TypeError);
  }
  // tf.Sequential compiles an inner LayersModel (`.model`) that holds the loss functions.
  const inner = (m as unknown as { model?: { lossFunctions?: LossFn[] } }).model;
  const lossFns = (m as unknown as { lossFunctions?: LossFn[] }).lossFunctions ?? inner?.lossFunctions;
  if (m.optimizer == null || !Array.isArray(lossFns) || lossFns.length === 0) {
    throw new TypeError(`${fn}: model "${m.name}" is not compiled: call model.compile({ optimizer, loss }) first`);
  }
  if (m.inputs.length !== 1 || m.outputs.length !== 1 || lossFns.length !== 1) {
    throw new TypeError(
      `${fn}: model "${m.name}" has ${m.inputs.length} inputs and ${m.outputs.length} outputs; ${fn} supports one of each`,
    );
  }
  optimizerKind(m.optimizer, fn);
  return { model: m, lossFn: lossFns[0] };
}

export function checkData(fn: string, name: string, data: unknown, model: tf.LayersModel): FinderData {
  if (isDataset(data)) return data;
  checkTensorData(fn, name, data);
  // Catch a wrong feature shape here, with the option's name, rather than deep inside tfjs.
  const xs = (data as { xs: tf.Tensor }).xs;
  const want = model.inputs[0].shape.slice(1);
  const got = xs.shape.slice(1);
  if (got.length !== want.length || want.some((d, i) => d != null && d !== got[i])) {
    throw new RangeError(
      `${fn}: ${name}.xs has shape [${xs.shape}] but the model expects [batch,${want.map((d) => d ?? 'any')}]`,
    );
  }
  return data as FinderData;
}

/**
 * Runs an LR range test on a compiled `tf.LayersModel` and returns the curve with its recommendation and suggestions.
 *
 * Each iteration trains one step (or `accumulationSteps` batches with averaged gradients) at a
 * learning rate growing from startLr to endLr, cycling through the data as needed, and records
 * the training loss of that batch, or the validation loss after the step when `validationData`
 * is given. The test uses a temporary optimizer of the model's optimizer class and configuration,
 * with empty state (`optimizerState: 'fresh'`, the default) or a copy of model.optimizer's state
 * (`'copy'`), so the model's optimizer (state, slots, learning rate) is never touched; the
 * model's weights are snapshotted first and restored on every exit (completed, diverged,
 * non-finite, aborted, thrown), leaving predictions bit-identical and `tf.memory().numTensors`
 * unchanged.
 *
 * @example
 * model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
 * const result = await findLearningRate(model, { xs, ys }, { startLr: 1e-5, endLr: 10, numIter: 100 });
 * console.log(result.stopReason, result.recommendation.constant?.lr, result.recommendation.confidence);
 */
export async function findLearningRate(
  model: tf.LayersModel,
  data: FinderData,
  options: FindLearningRateOptions = {},
): Promise<FindLearningRateResult> {
  const { model: m, lossFn } = checkModel(FN, model);
  knownOptions(FN, options, KNOWN);
  const train = checkData(FN, 'data', data, m);
  const validation = options.validationData === undefined ? undefined : checkData(FN, 'validationData', options.validationData, m);
  // Weights or data left on another backend by a later setBackend: refused here, not trained on.
  const tensorsOf = (name: string, d: FinderData | undefined): [string, tf.Tensor][] =>
    d === undefined || isDataset(d) ? [] : [[`${name}.xs`, d.xs], [`${name}.ys`, d.ys]];
  assertOnActiveBackend([
    ...m.weights.map((w): [string, tf.Tensor] => [`model weight "${w.name}"`, w.read()]),
    ...tensorsOf('data', train),
    ...tensorsOf('validationData', validation),
  ]);
  const int = (name: 'batchSize' | 'validationBatchSize' | 'accumulationSteps' | 'seed', min: number, fallback: number) =>
    optional(options[name], fallback, (v) => integer(FN, name, v, min));
  const batchSize = int('batchSize', 1, 32);
  const validationBatchSize = int('validationBatchSize', 1, batchSize);
  const accumulationSteps = int('accumulationSteps', 1, 1);
  const shuffle = optional(options.shuffle, true, (v) => bool(FN, 'shuffle', v));
  const seed = int('seed', 0, 0);
  const metric = coreMetric(options.metric, FN);
  // `=== undefined`, not `??`: null is a bad value, not the default.
  const optimizerState = options.optimizerState === undefined ? 'fresh' : oneOf(FN, 'optimizerState', options.optimizerState, ['fresh', 'copy'] as const);

  const variables = m.trainableWeights.map((w) => w.read() as tf.Variable);
  // A temporary optimizer instead of snapshotting model.optimizer: tfjs optimizers create their
  // slot variables lazily and setWeights() neither removes slots nor disposes the old ones
  // (Adamax has no getWeights/setWeights at all), so a restore could not undo a first step.
  // Made first: 'copy' throws on a state/weights mismatch, before anything else is allocated.
  const optimizer = optimizerState === 'copy' ? cloneOptimizerWithState(m.optimizer, variables) : cloneOptimizer(m.optimizer);
  const stream: BatchStream = isDataset(train)
    ? datasetStream('data', train)
    : tensorStream(train, batchSize, shuffle, seed);
  let snapshot: ReturnType<typeof snapshotModel>;
  try {
    snapshot = snapshotModel(m);
  } catch (e) {
    disposeOptimizer(optimizer);
    stream.dispose();
    throw e;
  }
  // Accuracy is the only higher-is-better value the adapter can measure.
  const measureAccuracy = metric !== 'loss';

  const trainStep = makeTrainStep({
    model: m, lossFn, optimizer, variables, stream, accumulationSteps, measureAccuracy, validation, validationBatchSize,
  });

  // Steps run one after another even when the core starts step i+1 before reading step i
  // (pipeline mode); every promise is tracked so nothing still trains when the weights are restored.
  let chain: Promise<unknown> = Promise.resolve();
  const pending = new Set<Promise<unknown>>();
  const step = (lr: number): Promise<number> => {
    // Each step first yields a macrotask so an abort, a signal or a click is seen between steps.
    const trained = chain.then(yieldToEventLoop).then(() => trainStep(lr));
    chain = trained.catch(() => undefined);
    const read = trained.then(async (t) => {
      try {
        return (await t.data())[0];
      } finally {
        t.dispose();
      }
    });
    const tracked = read.catch(() => undefined);
    pending.add(tracked);
    void tracked.then(() => pending.delete(tracked));
    return read;
  };

  try {
    const result = await rangeTestAs(FN, {
      step,
      startLr: options.startLr,
      endLr: options.endLr,
      numIter: options.numIter,
      mode: options.mode,
      beta: options.beta,
      divergeThreshold: options.divergeThreshold,
      metric: measureAccuracy ? 'higher-is-better' : 'loss',
      signal: options.signal,
      onIteration: options.onIteration,
      pipeline: options.pipeline ?? ASYNC_BACKENDS.has(tf.getBackend()),
    });
    const analysis = analyzeCurve(result, options.context ?? {});
    return { ...result, suggestions: suggestionsFor(result), recommendation: analysis.recommendation, analysis };
  } finally {
    await Promise.all([...pending, chain]);
    snapshot.restore();
    snapshot.dispose();
    disposeOptimizer(optimizer);
    stream.dispose();
  }
}

// Backends whose kernels run asynchronously on a GPU: reading a loss back stalls them.
const ASYNC_BACKENDS = new Set(['webgl', 'webgpu']);

// Too short a curve (stopped or aborted within two steps) has nothing to suggest from.
function suggestionsFor(result: RangeTestResult): SuggestionSet | undefined {
  return result.lrs.length >= 2 ? suggest.all(result) : undefined;
}
