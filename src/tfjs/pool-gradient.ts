// A faster MaxPool gradient for the wasm backend. tfjs-backend-wasm's MaxPoolGrad kernel searches
// every window again for its maximum (about a third of a small CNN's training step here). For
// the usual non-overlapping pooling (window = stride, e.g. 2x2 / 2, no padding needed), the
// gradient is a few elementwise ops on the s x s strided views of x: each window's dy goes to its
// first maximum in row-major order — the cpu backend's choice among ties (maxPoolPositions keeps
// a position only when strictly greater), which matters after a ReLU, where windows of zeros tie.
import * as tf from '@tensorflow/tfjs';

type GradConfig = ReturnType<typeof tf.getGradient>;
type GradFunc = NonNullable<GradConfig['gradFunc']>;

const pair = (v: number | [number, number]) => (typeof v === 'number' ? [v, v] : v);

/**
 * dL/dx of `y = maxPool(x, [s, s], [s, s])` for NHWC `x` whose height and width are multiples of
 * `s` (rows and columns beyond the last whole window get 0, as 'valid' pooling drops them).
 *
 * @example
 * const dx = maxPoolGradient(dy, x, y, 2); // same shape as x
 */
export function maxPoolGradient(dy: tf.Tensor4D, x: tf.Tensor4D, y: tf.Tensor4D, s: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const [, ho, wo] = y.shape;
    const hc = ho * s;
    const wc = wo * s;
    const xs = hc === h && wc === w ? x : tf.slice(x, [0, 0, 0, 0], [n, hc, wc, c]);
    // Every op here is a fast wasm kernel (strided slices are not): nearest-neighbour upsampling
    // of y and dy to x's grid, and a max-pool of window positions to break ties.
    const up = (t: tf.Tensor4D) => tf.image.resizeNearestNeighbor(t, [hc, wc]);
    // Arithmetic rather than tf.where, which tiles its broadcast operands (slow on wasm).
    const isMax = tf.cast(tf.equal(xs, up(y)), 'float32');
    // Position of each cell in its window, row-major; non-maxima score s*s, which no position has.
    const last = s * s;
    const score = tf.sub(last, tf.mul(isMax, tf.sub(last, windowPositions(hc, wc, s))));
    const first = tf.neg(tf.maxPool(tf.neg(score) as tf.Tensor4D, s, s, 'valid')) as tf.Tensor4D;
    const take = tf.cast(tf.equal(score, up(first)), 'float32');
    let dx = tf.mul(take, up(dy)) as tf.Tensor4D;
    if (hc !== h || wc !== w) dx = tf.pad(dx, [[0, 0], [0, h - hc], [0, w - wc], [0, 0]]);
    return dx;
  });
}

/** [1, h, w, 1]: (row % s) * s + (column % s), each cell's position in its s x s window. */
function windowPositions(h: number, w: number, s: number): tf.Tensor4D {
  const v = new Float32Array(h * w);
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) v[i * w + j] = (i % s) * s + (j % s);
  return tf.tensor4d(v, [1, h, w, 1]);
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
    const [fh, fw] = pair(a.filterSize);
    const [sh, sw] = pair(a.strides);
    const s = fh;
    const square = fh === fw && sh === sw && fh === sh && s >= 2 && s <= 4;
    const noPadding = a.pad === 'valid' || a.pad === 0 || (a.pad === 'same' && x.shape[1] % s === 0 && x.shape[2] % s === 0);
    if (tf.getBackend() !== 'wasm' || !square || !noPadding || x.rank !== 4) return baseFunc(dy, saved, attrs);
    return { x: () => maxPoolGradient(dy as tf.Tensor4D, x, y, s) };
  };
  tf.registerGradient({ ...base, gradFunc });
  return () => tf.registerGradient(base);
}
