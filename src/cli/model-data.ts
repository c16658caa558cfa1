// The training commands' shared options (model, data, optimizer, backend) and what they turn
// into: the backend started, the data loaded and fitted to a saved model, the model built and
// compiled. Bad input is a UsageError naming the flag or file.
import { existsSync, statSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { loadSplits } from '../node/index.js';
import type { DataSplits } from '../data/index.js';
import { compileClassifier, createCnn, createMlp, createOptimizer, exampleShapeFor, LR_FREE_OPTIMIZER_NAMES, OPTIMIZER_NAMES } from '../models/index.js';
import { loadLayersModelFromFile } from '../node/index.js';
import { type BackendChoice, setBackend } from '../tfjs/index.js';
import { fontField, type Io } from './common.js';
import { num, oneOf, UsageError } from './errors.js';

export const BACKENDS = ['auto', 'node', 'wasm', 'cpu'] as const;

/** --label's default: the column named `label`. */
export const DEFAULT_LABEL = 'label';

/**
 * zod fields shared by find / train / compare: model, data, batch size, optimizer, seed, backend.
 *
 * @example
 * const schema = z.object({ ...modelDataFields });
 */
export const modelDataFields = {
  model: z.string().refine((m) => m === 'mlp' || m === 'cnn' || /\.json$/i.test(m), {
    message: 'expected mlp, cnn or the path of a TF.js model.json',
  }),
  data: z.string().refine((d) => ['mnist', 'fashion-mnist', 'spirals', 'blobs'].includes(d) || /\.(csv|json)$/i.test(d), {
    message: 'expected mnist, fashion-mnist, spirals, blobs or a .csv/.json file of features + label',
  }),
  label: z.string().min(1),
  limit: num.posInt,
  valLimit: num.posInt,
  batchSize: num.posInt,
  optimizer: oneOf([...OPTIMIZER_NAMES, ...LR_FREE_OPTIMIZER_NAMES]), // find/compare refuse the LR-free ones (lr-free.ts)
  momentum: num.unit,
  hidden: z.string().transform((s, ctx) => {
    // Digits only: Number() would read '0x10' as 16.
    const parts = s.split(',').map((p) => (/^\d+$/.test(p.trim()) ? Number(p.trim()) : NaN));
    if (parts.length === 0 || !parts.every((u) => Number.isInteger(u) && u > 0)) {
      ctx.addIssue({ code: 'custom', message: 'expected comma-separated positive integers, e.g. 128 or 256,128' });
      return z.NEVER;
    }
    return parts;
  }),
  seed: num.nonNegInt,
  backend: oneOf(BACKENDS),
  out: z.string().min(1),
  force: z.boolean(),
  json: z.boolean(),
  progress: z.boolean(),
  font: fontField(),
};

/** Options after validation of the shared fields. */
export interface ModelDataOptions {
  model: string;
  data: string;
  label: string;
  limit: number;
  valLimit: number;
  batchSize: number;
  optimizer: string;
  momentum: number;
  hidden: number[];
  seed: number;
  backend: BackendChoice;
}

/**
 * Start the chosen backend and say which one runs (to stderr).
 *
 * @example
 * const name = await startBackend('auto', io); // 'wasm'
 */
export async function startBackend(choice: BackendChoice, io: Io, quiet = false): Promise<string> {
  const name = await setBackend(choice);
  if (!quiet) io.err(`backend: ${name}${choice === 'auto' ? ' (auto: tfjs-node if installed, else wasm, else cpu)' : ''}`);
  return name;
}

/**
 * Check that the files named by `--data` and `--model` exist, and that `--label` is only given
 * with a data file, before anything is written or trained, so a typo is bad usage (exit 2) even
 * when the output directory already holds results.
 *
 * @example
 * checkInputPaths({ data: 'iris.csv', model: 'mlp' }); // throws UsageError when iris.csv is missing
 */
export function checkInputPaths(o: { data: string; model: string; label?: string }): void {
  const file = (flag: string, p: string, what: string) => {
    if (!existsSync(p)) throw new UsageError(`invalid ${flag} ${JSON.stringify(p)}: file not found`);
    if (statSync(p).isDirectory()) throw new UsageError(`invalid ${flag} ${JSON.stringify(p)}: this is a directory; expected ${what}`);
  };
  if (/\.(csv|json)$/i.test(o.data)) file('--data', o.data, 'a .csv or .json file of features + label');
  // Built-in data has its own labels: a --label there would be silently ignored.
  else if (o.label !== undefined && o.label !== DEFAULT_LABEL) {
    throw new UsageError(`invalid --label ${JSON.stringify(o.label)}: --data ${o.data} has its own labels; --label names the label column of a .csv/.json data file`);
  }
  if (o.model !== 'mlp' && o.model !== 'cnn') file('--model', o.model, "a TF.js model.json (its weight files beside it)");
}

/**
 * Load the train/validation data named by `--data`, checking a path exists first.
 *
 * @example
 * const { train, test } = await loadCliData(opts);
 */
export async function loadCliData(o: ModelDataOptions): Promise<DataSplits> {
  if (/\.(csv|json)$/i.test(o.data) && !existsSync(o.data)) {
    throw new UsageError(`invalid --data ${JSON.stringify(o.data)}: file not found`);
  }
  let data: DataSplits;
  try {
    data = await loadSplits(o.data, { trainLimit: o.limit, testLimit: o.valLimit, seed: o.seed, label: o.label });
  } catch (e) {
    // A data file the readers reject (missing label column, text in a feature, no rows) is bad
    // input like a bad flag: exit code 2 with the reader's message.
    if (e instanceof RangeError || e instanceof TypeError) throw new UsageError(`invalid --data ${JSON.stringify(o.data)}: ${e.message}`);
    throw e;
  }
  if (data.train.numClasses < 2) {
    const names = data.train.classNames?.length ? ` (${data.train.classNames.map((c) => JSON.stringify(c)).join(', ')})` : '';
    throw new UsageError(`invalid --data ${JSON.stringify(o.data)}: the label column ${JSON.stringify(o.label)} has ${data.train.numClasses} class${names}; classification needs at least 2`);
  }
  return data;
}

/**
 * Give the data the input shape of a saved `--model` when only the layout differs (same number of
 * values per example, e.g. a model trained on flat `[784]` vectors and MNIST's `[28, 28, 1]`
 * images). The features are row-major and flat already, so only `shape` changes. Embedded models
 * (mlp, cnn) are built for the data and need nothing.
 *
 * @example
 * const data = await fitDataToModel(opts, await loadCliData(opts)); // data.train.shape: [784]
 */
export async function fitDataToModel(o: ModelDataOptions, data: DataSplits): Promise<DataSplits> {
  if (o.model === 'mlp' || o.model === 'cnn') return data;
  if (!existsSync(o.model)) throw new UsageError(`invalid --model ${JSON.stringify(o.model)}: file not found`);
  const model = await loadCliModel(o.model);
  let fitted: number[];
  try {
    // Only the input matters here; the output is checked against the classes in buildModel.
    fitted = exampleShapeFor(model, { shape: data.train.shape, numClasses: model.outputs[0].shape[1] ?? 0 });
  } catch (e) {
    throw new UsageError(`invalid --model ${JSON.stringify(o.model)}: ${(e as Error).message}`);
  } finally {
    model.dispose();
  }
  return { train: { ...data.train, shape: [...fitted] }, test: { ...data.test, shape: [...fitted] } };
}

/**
 * A saved model named by --model; a malformed model.json or a missing, short or corrupt weights
 * file is bad input (exit 2 naming --model and the file), like a bad data file.
 *
 * @example
 * const model = await loadCliModel('saved/model.json');
 */
export async function loadCliModel(file: string): Promise<tf.LayersModel> {
  try {
    return await loadLayersModelFromFile(file);
  } catch (e) {
    throw new UsageError(`invalid --model ${JSON.stringify(file)}: ${(e as Error).message}`);
  }
}

/**
 * Build (or load) the model of `--model`, compiled with `--optimizer` at learning rate `lr`.
 *
 * @example
 * const model = await buildModel(opts, data.train, 0.01);
 */
export async function buildModel(o: ModelDataOptions, train: DataSplits['train'], lr: number): Promise<tf.LayersModel> {
  const common = {
    inputShape: train.shape,
    classes: train.numClasses,
    seed: o.seed,
    optimizer: o.optimizer,
    lr,
    optimizerOptions: { momentum: o.momentum },
  };
  if (o.model === 'mlp') return createMlp({ ...common, hidden: o.hidden });
  if (o.model === 'cnn') {
    if (train.shape.length !== 3) {
      throw new UsageError(`invalid --model "cnn": data ${JSON.stringify(o.data)} is not images (example shape ${JSON.stringify(train.shape)}); use mlp`);
    }
    return createCnn(common);
  }
  if (!existsSync(o.model)) throw new UsageError(`invalid --model ${JSON.stringify(o.model)}: file not found`);
  const model = await loadCliModel(o.model);
  try {
    exampleShapeFor(model, train); // fitDataToModel gave the data the model's layout already
    return compileClassifier(model, createOptimizer(o.optimizer, lr, { momentum: o.momentum }));
  } catch (e) {
    model.dispose();
    throw new UsageError(`invalid --model ${JSON.stringify(o.model)}: ${(e as Error).message}`);
  }
}

