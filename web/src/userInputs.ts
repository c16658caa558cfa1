// "Bring your own": a TF.js model (model.json + its weight files) and a CSV/JSON table of features
// plus a label column, read in the browser with the same code as the CLI's --model and --data.
import * as tf from '@tensorflow/tfjs';
import { parseTabularCsv, parseTabularJson, type ClassificationData } from 'lrkit/data';
import { crossEntropyFor, exampleShapeFor } from 'lrkit/models';

/** The files of a saved model as the user chose them: model.json first, then its weights. */
export interface ModelFiles {
  json: File;
  weights: File[];
}

/**
 * Picks model.json and its weight files out of what the user chose or dropped; throws an Error
 * saying what is missing (no .json, two .json files, weights named in the manifest but not chosen).
 *
 * @example
 * const files = await modelFiles([...input.files]); // files.json.name === 'model.json'
 */
export async function modelFiles(chosen: File[]): Promise<ModelFiles> {
  const jsons = chosen.filter((f) => f.name.toLowerCase().endsWith('.json'));
  if (jsons.length !== 1) {
    throw new Error(`choose one model.json together with its weight files; got ${jsons.length} .json files among ${chosen.map((f) => f.name).join(', ') || 'none'}`);
  }
  const weights = chosen.filter((f) => f !== jsons[0]);
  let manifest: { weightsManifest?: { paths?: string[] }[] };
  try {
    manifest = JSON.parse(await jsons[0].text()) as typeof manifest;
  } catch (e) {
    throw new Error(`${jsons[0].name} is not JSON: ${(e as Error).message}`);
  }
  const named = (manifest.weightsManifest ?? []).flatMap((g) => g.paths ?? []).map((p) => p.split('/').pop() ?? p);
  const missing = named.filter((p) => !weights.some((w) => w.name === p));
  if (missing.length > 0) throw new Error(`${jsons[0].name} needs ${missing.join(', ')}: choose it with model.json (hold Ctrl or Shift)`);
  return { json: jsons[0], weights: weights.filter((w) => named.includes(w.name)) };
}

/**
 * A fresh copy of the user's model from its files (each run starts from the saved weights).
 *
 * @example
 * const model = await loadUserModel(files);
 */
export async function loadUserModel(files: ModelFiles): Promise<tf.LayersModel> {
  try {
    await tf.ready(); // the check at choosing time may come before any run started a backend
    return await tf.loadLayersModel(tf.io.browserFiles([files.json, ...files.weights]));
  } catch (e) {
    throw new Error(`${files.json.name}: ${(e as Error).message}`);
  }
}

/** One line about a loaded model, e.g. `model.json: input [4], 3 outputs, 83 weights`. */
export function describeModel(name: string, model: tf.LayersModel): string {
  const out = model.outputs[0].shape.slice(1);
  return `${name}: input [${model.inputs[0].shape.slice(1).join(', ')}], ${out.join('x')} outputs, ${model.countParams()} weights`;
}

/**
 * Why `model` cannot train on `data` ("model.json: its input shape [4] does not fit the data's
 * [2]"), or the data in the model's layout when it can.
 *
 * @example
 * const fitted = fitUserData('model.json', model, data);
 */
export function fitUserData<T extends Pick<ClassificationData, 'name' | 'shape' | 'numClasses'>>(name: string, model: Pick<tf.LayersModel, 'inputs' | 'outputs'>, data: T): T {
  try {
    return { ...data, shape: exampleShapeFor(model, data) };
  } catch (e) {
    throw new RangeError(`${name} does not fit ${data.name}: ${(e as Error).message}`);
  }
}

/**
 * Throws, naming the file, when the model's last activation is neither softmax nor linear (the
 * range test's cross-entropy needs class probabilities or logits).
 *
 * @example
 * checkOutputActivation('model.json', model); // a sigmoid output: RangeError
 */
export function checkOutputActivation(name: string, model: tf.LayersModel): void {
  try {
    crossEntropyFor(model);
  } catch (e) {
    throw new RangeError(`${name}: ${(e as Error).message}`);
  }
}

/** What the page checks a model by, read once when it is chosen (the model itself is disposed). */
export interface ModelFacts {
  /** The input and output shapes, as `fitUserData` reads them. */
  shapes: Pick<tf.LayersModel, 'inputs' | 'outputs'>;
  /** {@link describeModel}'s line. */
  description: string;
  /** Why its last activation cannot be trained by the range test, if it cannot. */
  activationError?: string;
}

/**
 * Loads the model once and keeps what the checks need, so that changing the data menu does not
 * load it again; throws, naming the file, when it does not load.
 *
 * @example
 * const facts = await readModelFacts(files);
 * fitUserData(files.json.name, facts.shapes, data);
 */
export async function readModelFacts(files: ModelFiles): Promise<ModelFacts> {
  const model = await loadUserModel(files);
  try {
    const shape = (t: tf.SymbolicTensor) => ({ shape: [...t.shape] }) as unknown as tf.SymbolicTensor;
    const facts: ModelFacts = {
      shapes: { inputs: model.inputs.map(shape), outputs: model.outputs.map(shape) },
      description: describeModel(files.json.name, model),
    };
    try {
      checkOutputActivation(files.json.name, model);
    } catch (e) {
      facts.activationError = (e as Error).message;
    }
    return facts;
  } finally {
    model.dispose();
  }
}

/**
 * A CSV (header row) or JSON table of numeric features and a label column, as `lrkit find --data`
 * reads it; errors name the file, row and column.
 *
 * @example
 * const data = await readUserData(file, { label: 'species', standardize: true });
 */
export async function readUserData(file: File, opts: { label: string; standardize: boolean }): Promise<ClassificationData> {
  const text = await file.text();
  const o = { label: opts.label, standardize: opts.standardize, name: file.name };
  return file.name.toLowerCase().endsWith('.json') ? parseTabularJson(text, o) : parseTabularCsv(text, o);
}
