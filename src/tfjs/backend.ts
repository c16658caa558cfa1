// Choosing a TensorFlow.js backend, with tfjs-node as an optional extra.
import * as tf from '@tensorflow/tfjs';
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
 * An explicit choice that cannot start throws an Error saying why. On wasm it also registers
 * lrkit's faster kernels ({@link registerFastWasmKernels}).
 *
 * @example
 * const name = await setBackend('auto'); // 'wasm' where tfjs-node is not installed
 */
export async function setBackend(choice: BackendChoice = 'auto'): Promise<string> {
  if (!CHOICES.includes(choice)) {
    throw new RangeError(`backend must be one of ${CHOICES.join(', ')}, got ${JSON.stringify(choice)}`);
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
  return tf.getBackend();
}
