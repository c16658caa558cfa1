// A `file://` IOHandler for Node. tfjs-node ships one, but tfjs-node cannot be installed here
// (its install downloads libtensorflow), so plain @tensorflow/tfjs needs this fs-based handler to
// load and save LayersModels.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs';

// TensorFlow.js loads on first use: 'lrkit/node' also serves programs that never train (`lrkit
// analyze` reads logs), and loading tfjs costs them ~0.3 s. Node's ESM import of @tensorflow/tfjs
// gives its CommonJS main too, so this is the one instance every other import sees.
const tf = (): typeof TF => createRequire(import.meta.url)('@tensorflow/tfjs') as typeof TF;

const SCHEME = 'file://';

function toPath(pathOrUrl: string): string {
  return pathOrUrl.startsWith(SCHEME) ? fileURLToPath(pathOrUrl) : resolve(pathOrUrl);
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A tf.io handler reading and writing `model.json` + a weights file with `node:fs`. For saving,
 * a path ending in `.json` names the model file; any other path is a directory that receives
 * `model.json` and `weights.bin`. For loading, a directory means its `model.json`.
 *
 * @example
 * await model.save(fileSystem('out/my-model'));
 * const again = await tf.loadLayersModel(fileSystem('out/my-model/model.json'));
 */
export function fileSystem(pathOrUrl: string): TF.io.IOHandler {
  const target = toPath(pathOrUrl);
  const modelFile = async () =>
    extname(target).toLowerCase() === '.json' ? target : join(target, 'model.json');

  return {
    async load(): Promise<TF.io.ModelArtifacts> {
      const file = (await isDirectory(target)) ? join(target, 'model.json') : target;
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        throw new Error(`cannot read model file ${file}: ${(e as Error).message}`);
      }
      let json: TF.io.ModelJSON;
      try {
        json = JSON.parse(text) as TF.io.ModelJSON;
      } catch (e) {
        throw new TypeError(`${file} is not valid JSON: ${(e as Error).message}`);
      }
      if (json == null || typeof json !== 'object' || json.modelTopology == null) {
        throw new TypeError(`${file} is not a TF.js model.json (no modelTopology)`);
      }
      const dir = dirname(file);
      return tf().io.getModelArtifactsForJSON(json, async (manifest) => {
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const p of group.paths) {
            const bytes = await readFile(join(dir, p));
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          }
        }
        return [tf().io.getWeightSpecs(manifest), tf().io.CompositeArrayBuffer.join(buffers)];
      });
    },

    async save(artifacts: TF.io.ModelArtifacts): Promise<TF.io.SaveResult> {
      const topology = artifacts.modelTopology;
      if (topology == null || topology instanceof ArrayBuffer) {
        throw new TypeError('fileSystem handler saves JSON model topologies only (not binary graphs)');
      }
      const file = await modelFile();
      const dir = dirname(file);
      await mkdir(dir, { recursive: true });
      const weightsName = `${basename(file, extname(file)) === 'model' ? '' : basename(file, extname(file)) + '.'}weights.bin`;
      const json: TF.io.ModelJSON = {
        modelTopology: topology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [`./${weightsName}`], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.signature ? { signature: artifacts.signature } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      const data = artifacts.weightData ? tf().io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0);
      await writeFile(join(dir, weightsName), new Uint8Array(data));
      await writeFile(file, JSON.stringify(json));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
          weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
          weightDataBytes: data.byteLength,
        },
      };
    },
  };
}

let routed = false;

/**
 * Lets `tf.loadLayersModel('file://…')` and `model.save('file://…')` use {@link fileSystem}
 * (idempotent).
 *
 * @example
 * registerFileRouter();
 * const model = await tf.loadLayersModel('file:///home/me/model/model.json');
 */
export function registerFileRouter(): void {
  if (routed) return;
  routed = true;
  const router = (url: string | string[]) =>
    typeof url === 'string' && url.startsWith(SCHEME) ? fileSystem(url) : null;
  type Router = Parameters<typeof TF.io.registerLoadRouter>[0];
  tf().io.registerLoadRouter(router as Router);
  tf().io.registerSaveRouter(router as Router);
}

/**
 * Load a saved TF.js LayersModel from a local `model.json` (path, directory or `file://` URL).
 *
 * @example
 * const model = await loadLayersModelFromFile('./my-model/model.json');
 */
export async function loadLayersModelFromFile(pathOrUrl: string): Promise<TF.LayersModel> {
  return tf().loadLayersModel(fileSystem(pathOrUrl));
}
