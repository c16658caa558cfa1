// Choosing a TensorFlow.js backend, with tfjs-node as an optional extra.
import * as tf from '@tensorflow/tfjs';
import { choices, fail } from '../check/index.js';
import { registerFastWasmKernels } from './fast-kernels.js';

/** Backends setBackend accepts; 'auto' = tfjs-node if installed, else wasm, else cpu. */
export type BackendChoice = 'auto' | 'node' | 'wasm' | 'cpu' | 'webgl';

const CHOICES: readonly BackendChoice[] = ['auto', 'node', 'wasm', 'cpu', 'webgl'];

// Held in variables so TypeScript and bundlers do not try to resolve optional packages.
const NODE_PACKAGE = '@tensorflow/tfjs-node';
const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

async function importOptional(name: string): Promise<void> {
  await import(/* @vite-ignore */ name);
}

/** Name under which tfjs registered a backend instance. */
function nameOf(backend: tf.KernelBackend | undefined): string | undefined {
  const registry = tf.engine().registry;
  return Object.keys(registry).find((name) => registry[name] === backend);
}

/**
 * The backend holding a tensor's data ('cpu', 'wasm', ...): the one that made it, until tfjs moves
 * it. undefined for a disposed tensor.
 *
 * @example
 * await setBackend('wasm');
 * backendOf(tf.zeros([2])); // 'wasm'
 */
export function backendOf(tensor: tf.Tensor): string | undefined {
  if (tensor.isDisposed) return undefined;
  return nameOf(tf.engine().state.tensorInfo.get(tensor.dataId)?.backend);
}

/**
 * Moves every variable (model weights, optimizer state) to the active backend, now rather than when
 * a kernel first reads it. A model made on one backend and trained under another has trained on
 * garbage (losses of 1.4e-45) while the range test still reported high confidence; moved at the
 * switch, the weights live where they are trained. Plain tensors cannot be enumerated (tfjs keeps
 * them in WeakMaps): tfjs moves them when read, and findLearningRate refuses data left elsewhere.
 */
function moveVariablesHere(): number {
  const engine = tf.engine();
  const here = engine.backend;
  let moved = 0;
  for (const v of Object.values(engine.state.registeredVariables)) {
    const info = v.isDisposed ? undefined : engine.state.tensorInfo.get(v.dataId);
    if (info === undefined || info.backend === here) continue;
    engine.moveData(here, v.dataId);
    moved++;
  }
  return moved;
}

async function activate(registryName: string): Promise<boolean> {
  // tf.setBackend throws for names nobody registered and resolves false when init fails.
  if (tf.findBackendFactory(registryName) == null) return false;
  try {
    const ok = await tf.setBackend(registryName);
    if (ok) await tf.ready();
    return ok;
  } catch {
    return false;
  }
}

async function tryNode(): Promise<string | undefined> {
  try {
    await importOptional(NODE_PACKAGE);
  } catch {
    return undefined;
  }
  return (await activate('tensorflow')) ? 'tensorflow' : undefined;
}

async function tryWasm(): Promise<string | undefined> {
  // A bundler (e.g. the web page) may have registered wasm already; a bare dynamic import of the
  // package would not resolve in a browser.
  if (!tf.findBackendFactory('wasm')) {
    try {
      // Registers 'wasm'; in Node the .wasm binaries are read from the package, no network.
      await importOptional(WASM_PACKAGE);
    } catch {
      return undefined;
    }
  }
  if (!(await activate('wasm'))) return undefined;
  // lrkit's matmul kernels and conv2d gradient (fast-kernels.ts): every training step on wasm,
  // the range test and model.fit alike, runs its gradients on XNNPACK.
  registerFastWasmKernels();
  return 'wasm';
}

/**
 * Selects a TensorFlow.js backend and resolves to the name tfjs reports as active
 * ('tensorflow' for tfjs-node). 'auto' tries tfjs-node (only if installed), then wasm, then cpu.
 * An explicit choice that cannot start throws an Error saying why. Variables made under another
 * backend (a model's weights, an optimizer's state) are moved to the new one; data tensors are
 * not (tfjs cannot list them): call it before making data, as findLearningRate checks. On wasm it also registers
 * lrkit's faster kernels ({@link registerFastWasmKernels}).
 *
 * @example
 * const name = await setBackend('auto'); // 'wasm' where tfjs-node is not installed
 */
export async function setBackend(choice: BackendChoice = 'auto'): Promise<string> {
  if (!CHOICES.includes(choice)) {
    fail('setBackend', 'backend', choices(CHOICES), choice);
  }
  let used: string | undefined;
  switch (choice) {
    case 'auto':
      used = (await tryNode()) ?? (await tryWasm()) ?? ((await activate('cpu')) ? 'cpu' : undefined);
      break;
    case 'node':
      used = await tryNode();
      if (!used) {
        throw new Error(
          `backend "node": ${NODE_PACKAGE} is not installed or failed to start; install it (npm i ${NODE_PACKAGE}) or use "wasm"`,
        );
      }
      break;
    case 'wasm':
      used = await tryWasm();
      if (!used) throw new Error(`backend "wasm": ${WASM_PACKAGE} could not be loaded or initialised`);
      break;
    case 'cpu':
      used = (await activate('cpu')) ? 'cpu' : undefined;
      break;
    case 'webgl':
      used = (await activate('webgl')) ? 'webgl' : undefined;
      if (!used) throw new Error('backend "webgl" is not available here (it needs a browser with WebGL)');
      break;
  }
  if (!used) throw new Error(`backend "${choice}": no backend could be started`);
  moveVariablesHere();
  return tf.getBackend();
}

/**
 * Throws when a model's weights or a data tensor live on another backend than the active one,
 * naming both backends and the fix (findLearningRate calls it before anything runs).
 *
 * @example
 * assertOnActiveBackend([['model weight', model.weights[0].read()], ['data xs', xs]]);
 */
export function assertOnActiveBackend(tensors: ReadonlyArray<readonly [string, tf.Tensor]>): void {
  const active = tf.getBackend();
  for (const [what, t] of tensors) {
    const on = backendOf(t);
    if (on !== undefined && on !== active) {
      throw new Error(
        `${what} lives on the "${on}" backend but the active backend is "${active}": tfjs can compute garbage ` +
          'when they are mixed. Call setBackend before making the model and the data, or make them again after it.',
      );
    }
  }
}
