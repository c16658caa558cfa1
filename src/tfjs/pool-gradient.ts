// A faster MaxPool gradient for the wasm backend. tfjs-backend-wasm's MaxPoolGrad kernel searches
// every window again for its maximum (about a third of a small CNN's training step here). For
// the usual non-overlapping pooling (window = stride, e.g. 2x2 / 2, no padding needed), the
// gradient is a few elementwise ops on x with its windows as axes: each window's dy goes to its
// first maximum in row-major order — the cpu backend's choice among ties (maxPoolPositions keeps
// a position only when strictly greater), which matters after a ReLU, where windows of zeros tie.
// On wasm that is one pass of a JS loop over the backend's heap (WINDOW_GRAD_KERNEL): its
// broadcasting elementwise kernels are generic index loops, ~10x slower than same-shape ones.
import * as tf from '@tensorflow/tfjs';
import { pair } from './conv2d-gradient.js';

/** lrkit's own wasm kernel: dx of non-overlapping s x s max pooling, from dy and x. */
const WINDOW_GRAD_KERNEL = 'LrkitMaxPoolWindowGrad';

interface HeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

/**
 * Each window's dy to its first maximum (row-major; strictly greater, as the cpu backend: a
 * window of NaN or -Infinity takes none), everything else 0. Rows and columns past the last whole
 * window stay 0.
 */
function windowGradKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { dy, x } = args.inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
  const s = (args.attrs as { s: number }).s;
  const backend = args.backend as HeapBackend;
  const out = backend.makeOutput(x.shape, 'float32');
  // Views after makeOutput: allocating may grow the heap and detach earlier views.
  const [xv, dv, ov] = [x, dy, out].map((t) => backend.typedArrayFromHeap(t));
  ov.fill(0);
  const [n, h, w, c] = x.shape;
  const [, ho, wo] = dy.shape;
  const row = w * c;
  let d = 0;
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < ho; p++) {
      for (let q = 0; q < wo; q++) {
        const corner = ((b * h + p * s) * w + q * s) * c;
        if (s === 2) {
          // The usual 2x2 window, unrolled: the same first-maximum rule.
          for (let k = corner; k < corner + c; k++, d++) {
            let at = -1;
            let best = -Infinity;
            if (xv[k] > best) { best = xv[k]; at = k; }
            if (xv[k + c] > best) { best = xv[k + c]; at = k + c; }
            if (xv[k + row] > best) { best = xv[k + row]; at = k + row; }
            if (xv[k + row + c] > best) at = k + row + c;
            if (at >= 0) ov[at] = dv[d];
          }
          continue;
        }
        for (let ch = 0; ch < c; ch++, d++) {
          let best = -Infinity;
          let at = -1;
          for (let i = 0; i < s; i++) {
            for (let j = 0; j < s; j++) {
              const k = corner + i * row + j * c + ch;
              if (xv[k] > best) {
                best = xv[k];
                at = k;
              }
            }
          }
          if (at >= 0) ov[at] = dv[d];
        }
      }
    }
  }
  return out;
}

function ensureWindowGradKernel(): void {
  if (!tf.getKernel(WINDOW_GRAD_KERNEL, 'wasm')) tf.registerKernel({ kernelName: WINDOW_GRAD_KERNEL, backendName: 'wasm', kernelFunc: windowGradKernel as never });
}

type GradConfig = ReturnType<typeof tf.getGradient>;
type GradFunc = NonNullable<GradConfig['gradFunc']>;

/**
 * dL/dx of `y = maxPool(x, [s, s], [s, s])` for NHWC `x` whose height and width are multiples of
 * `s` (rows and columns beyond the last whole window get 0, as 'valid' pooling drops them).
 *
 * @example
 * const dx = maxPoolGradient(dy, x, y, 2); // same shape as x
 */
export function maxPoolGradient(dy: tf.Tensor4D, x: tf.Tensor4D, y: tf.Tensor4D, s: number): tf.Tensor4D {
  if (tf.getBackend() === 'wasm' && x.dtype === 'float32' && dy.dtype === 'float32') {
    ensureWindowGradKernel();
    return tf.engine().runKernel(WINDOW_GRAD_KERNEL, { dy, x }, { s }) as tf.Tensor4D;
  }
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const [, ho, wo] = y.shape;
    const hc = ho * s;
    const wc = wo * s;
    const xs = hc === h && wc === w ? x : tf.slice(x, [0, 0, 0, 0], [n, hc, wc, c]);
    // Other backends: windows as axes 2 and 4 of a free reshape, y and dy broadcast over them.
    const win = (t: tf.Tensor) => tf.reshape(t, [n, ho, 1, wo, 1, c]);
    const x6 = tf.reshape(xs, [n, ho, s, wo, s, c]);
    // 1 where x is its window's maximum (y - x is 0 there and > 0 elsewhere; step(0) = 0).
    const isMax = tf.sub(1, tf.step(tf.sub(win(y), x6)));
    // Each maximum's position in its window (row-major); the others score s*s, which none has.
    const last = s * s;
    const score = tf.sub(last, tf.mul(isMax, tf.sub(last, windowPositions(s))));
    const first = tf.neg(tf.maxPool(tf.reshape(tf.neg(score), [n, hc, wc, c]) as tf.Tensor4D, s, s, 'valid'));
    const take = tf.sub(1, tf.step(tf.sub(score, win(first))));
    let dx = tf.reshape(tf.mul(take, win(dy)), [n, hc, wc, c]) as tf.Tensor4D;
    if (hc !== h || wc !== w) dx = tf.pad(dx, [[0, 0], [0, h - hc], [0, w - wc], [0, 0]]);
    return dx;
  });
}

/** [1, 1, s, 1, s, 1]: p * s + q, the row-major position of (p, q) in an s x s window. */
function windowPositions(s: number): tf.Tensor {
  return tf.tensor(Array.from({ length: s * s }, (_, i) => i), [1, 1, s, 1, s, 1]);
}

let original: GradConfig | undefined;

/**
 * Registers {@link maxPoolGradient} as MaxPool's gradient on the wasm backend, for square windows
 * equal to their stride (up to 4) without padding (or 'same' on sizes that divide evenly, which pads
 * nothing). Anything else, and every other backend, keeps tfjs's gradient. Returns a function
 * that restores it. Part of registerFastWasmKernels.
 *
 * @example
 * const restore = registerWasmMaxPoolGradient();
 * await cnn.fit(xs, ys); // max-pooling layers backpropagate faster on wasm
 */
export function registerWasmMaxPoolGradient(): () => void {
  original ??= tf.getGradient('MaxPool');
  const base = original;
  const baseFunc = base.gradFunc as GradFunc;
  const gradFunc: GradFunc = (dy, saved, attrs) => {
    const [x, y] = saved as [tf.Tensor4D, tf.Tensor4D];
    const a = attrs as unknown as { filterSize: number | [number, number]; strides: number | [number, number]; pad: unknown };
    const [fh, fw] = pair(a.filterSize, 'filterSize');
    const [sh, sw] = pair(a.strides, 'strides');
    const s = fh;
    const square = fh === fw && sh === sw && fh === sh && s >= 2 && s <= 4;
    const noPadding = a.pad === 'valid' || a.pad === 0 || (a.pad === 'same' && x.shape[1] % s === 0 && x.shape[2] % s === 0);
    if (tf.getBackend() !== 'wasm' || !square || !noPadding || x.rank !== 4) return baseFunc(dy, saved, attrs);
    return { x: () => maxPoolGradient(dy as tf.Tensor4D, x, y, s) };
  };
  tf.registerGradient({ ...base, gradFunc });
  return () => tf.registerGradient(base);
}
