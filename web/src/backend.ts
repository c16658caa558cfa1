// Backend selection for the page. The wasm binaries come from the installed
// @tensorflow/tfjs-backend-wasm package as Vite asset URLs, so the page never reaches for a CDN.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { setBackend } from 'lrkit/tfjs';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
});

/** Backends offered by the page. */
export type PageBackend = 'wasm' | 'webgl' | 'cpu';

/**
 * Switches TensorFlow.js to `name` and returns the backend actually in use
 * (tfjs falls back when, e.g., WebGL cannot start).
 *
 * @example
 * const used = await useBackend('wasm'); // 'wasm'
 */
export async function useBackend(name: PageBackend): Promise<string> {
  if (name !== 'wasm' && name !== 'webgl' && name !== 'cpu') {
    throw new RangeError(`backend must be wasm, webgl or cpu, got ${JSON.stringify(name)}`);
  }
  return setBackend(name);
}
