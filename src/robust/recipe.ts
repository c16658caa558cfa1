// A serialisable description of one range test (data + model + options), so that worker threads
// can each rebuild it with their own TensorFlow.js backend.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { checkLrRange, coreMetric } from '../finder/index.js';
import { loadSplits } from '../node/index.js';
import { createCnn, createMlp, OPTIMIZER_NAMES, toTensors } from '../models/index.js';
import type { FindLearningRateOptions } from '../tfjs/find.js';

const posInt = z.number().int().positive();

/** zod schema of a {@link RangeTestRecipe}. */
export const recipeSchema = z.strictObject({
  data: z.strictObject({
    /** mnist, fashion-mnist, spirals, blobs or a .csv/.json path (see loadSplits). */
    source: z.string().min(1),
    limit: posInt.optional(),
    label: z.string().min(1).optional(),
    /** Seed of the subset / split (as the CLI's --seed); default 0. */
    seed: z.number().int().optional(),
  }),
  model: z.strictObject({
    kind: z.enum(['mlp', 'cnn']),
    hidden: z.array(posInt).min(1).optional(),
    optimizer: z.enum(OPTIMIZER_NAMES).optional(),
    momentum: z.number().min(0).lt(1).optional(),
    /** Initializer seed of run 0; run i uses seed + i when `varyInit` is true. */
    seed: z.number().int().nonnegative().optional(),
  }),
  find: z.strictObject({
    startLr: z.number().optional(),
    endLr: z.number().optional(),
    numIter: z.number().optional(),
    mode: z.enum(['exp', 'linear']).optional(),
    beta: z.number().min(0).lt(1).optional(),
    divergeThreshold: z.number().gt(1).optional(),
    /** 'loss' or 'higher-is-better'; 'accuracy' is a deprecated alias (coreMetric). */
    metric: z.enum(['loss', 'higher-is-better', 'accuracy']).optional(),
    batchSize: posInt.optional(),
    accumulationSteps: posInt.optional(),
    /** Shuffle seed of run 0; run i uses seed + i. */
    seed: z.number().int().nonnegative().optional(),
  }).optional(),
  /** Also change the weight initialisation from run to run (default false: only the data order). */
  varyInit: z.boolean().optional(),
  backend: z.enum(['wasm', 'cpu']).optional(),
});

/**
 * One range test described by plain data: which data set, which embedded model, which options.
 *
 * @example
 * const recipe: RangeTestRecipe = {
 *   data: { source: 'mnist', limit: 2000 },
 *   model: { kind: 'mlp', hidden: [128], optimizer: 'sgd' },
 *   find: { startLr: 1e-5, endLr: 10, numIter: 100, batchSize: 64 },
 * };
 */
export type RangeTestRecipe = z.infer<typeof recipeSchema>;

/**
 * Validates a recipe; throws a TypeError/RangeError naming the bad field and value.
 *
 * @example
 * checkRecipe({ data: { source: 'spirals' }, model: { kind: 'mlp' } });
 */
export function checkRecipe(recipe: unknown): RangeTestRecipe {
  const r = recipeSchema.safeParse(recipe);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path.map(String).join('.') || '(root)';
    let value: unknown = recipe;
    for (const p of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[p as string];
    const shown = typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? JSON.stringify(value) : String(value);
    const Err = issue.code === 'invalid_type' || issue.code === 'unrecognized_keys' ? TypeError : RangeError;
    throw new Err(`recipe.${where}: ${issue.message}; got ${shown}`);
  }
  const f = r.data.find ?? {};
  checkLrRange({ startLr: f.startLr ?? 1e-7, endLr: f.endLr ?? 10, numIter: f.numIter ?? 100, mode: f.mode ?? (coreMetric(f.metric) === 'loss' ? 'exp' : 'linear') });
  return r.data;
}

/** Data tensors and a model built from a recipe; `dispose()` frees them. */
export interface BuiltRecipe {
  model: tf.LayersModel;
  xs: tf.Tensor;
  ys: tf.Tensor;
  /** findLearningRate options of run `index` (its shuffle seed). */
  options(index: number): FindLearningRateOptions;
  /** Builds the model of run `index` (a new one when `varyInit`, else the same). */
  modelFor(index: number): tf.LayersModel;
  dispose(): void;
}

/**
 * Loads the recipe's data and builds its model in the current thread (the backend must be set).
 *
 * @example
 * const built = await buildRecipe(recipe);
 * const r = await findLearningRate(built.modelFor(0), built, built.options(0));
 * built.dispose();
 */
export async function buildRecipe(recipe: RangeTestRecipe): Promise<BuiltRecipe> {
  const r = checkRecipe(recipe);
  const { train } = await loadSplits(r.data.source, { trainLimit: r.data.limit, testLimit: 1, label: r.data.label, seed: r.data.seed });
  const { xs, ys } = toTensors(train);
  const make = (seed: number): tf.LayersModel => {
    const common = { inputShape: train.shape, classes: train.numClasses, seed, optimizer: r.model.optimizer ?? 'sgd', lr: 0.01, optimizerOptions: { momentum: r.model.momentum } };
    return r.model.kind === 'cnn' ? createCnn(common) : createMlp({ ...common, hidden: r.model.hidden });
  };
  const baseSeed = r.model.seed ?? 0;
  let current = make(baseSeed);
  let currentSeed = baseSeed;
  return {
    get model() {
      return current;
    },
    xs,
    ys,
    options: (i) => ({ ...(r.find ?? {}), seed: (r.find?.seed ?? 0) + i }),
    modelFor(i) {
      const seed = r.varyInit ? baseSeed + i : baseSeed;
      if (seed !== currentSeed) {
        current.dispose();
        current = make(seed);
        currentSeed = seed;
      }
      return current;
    },
    dispose() {
      current.dispose();
      tf.dispose([xs, ys]);
    },
  };
}
