// Conv2D filter gradient for backends without a Conv2DBackpropFilter kernel (wasm).
import * as tf from '@tensorflow/tfjs';
import { bool, fail } from '../check/index.js';

type GradConfig = ReturnType<typeof tf.getGradient>;
type GradFunc = NonNullable<GradConfig['gradFunc']>;

/** Options for registerWasmConv2DGradient. */
export interface Conv2DGradientOptions {
  /**
   * Use the forward-conv filter gradient on every backend, not only on those lacking a
   * `Conv2DBackpropFilter` kernel. Default false (cpu/webgl/tfjs-node keep their own kernel).
   */
  always?: boolean;
  /**
   * On wasm, compute the input gradient of stride-1 NHWC convolutions with a forward convolution
   * ({@link conv2dInputGradient}). Default true; false keeps tfjs's Conv2DBackpropInput (the
   * benchmarks' baseline).
   */
  fastInput?: boolean;
}

let original: GradConfig | undefined;

/** A size, stride or dilation given as one number or a pair, as a checked pair of positive integers. */
export function pair(v: number | [number, number] | undefined, name: string): [number, number] {
  if (v === undefined) return [1, 1];
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((n) => Number.isInteger(n) && n >= 1)) {
    fail('conv2d gradient', name, 'a positive integer or a pair of them', v);
  }
  return p;
}

/**
 * dL/dfilter as one forward convolution. With x padded like the forward pass (by the convolution),
 *   dW[i,j,c,o] = sum_{n,p,q} x[n, p*sh + i, q*sw + j, c] * dy[n,p,q,o],
 * which is conv2d(input = x transposed to [C, H, W, N], filter = dy transposed to
 * [Ho, Wo, N, Cout], stride 1, dilation = the forward stride), cropped to the filter size and
 * transposed back to [kh, kw, Cin, Cout]. Forward conv2d is fast on every backend.
 */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding,
  dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const [sh, sw] = pair(strides, 'strides');
    const xs = dataFormat === 'NCHW' ? tf.transpose(x, [0, 2, 3, 1]) : x;
    const dys = dataFormat === 'NCHW' ? tf.transpose(dy, [0, 2, 3, 1]) : dy;
    const info = tf.backend_util.computeConv2DInfo(
      xs.shape as [number, number, number, number],
      filterShape,
      [sh, sw],
      1,
      pad,
      dimRoundingMode,
      false,
      'channelsLast',
    );
    const { top, bottom, left, right } = info.padInfo;
    const [kh, kw] = filterShape;
    // The forward pass's padding as the convolution's own: tfjs-backend-wasm's PadV2 is a slow
    // generic loop (~0.9 ms for a [64, 28, 28, 1] batch), the convolution pads for free.
    const padding: tf.backend_util.ExplicitPadding = [[0, 0], [Math.max(top, 0), Math.max(bottom, 0)], [Math.max(left, 0), Math.max(right, 0)], [0, 0]];
    const input = tf.transpose(xs, [3, 1, 2, 0]);
    const kernel = tf.transpose(dys, [1, 2, 0, 3]);
    const full = tf.conv2d(input as tf.Tensor4D, kernel as tf.Tensor4D, 1, padding, 'NHWC', [sh, sw]);
    // 'valid' with a stride that does not divide evenly leaves extra rows/columns: crop them.
    const cropped = full.shape[1] === kh && full.shape[2] === kw
      ? full
      : tf.slice(full, [0, 0, 0, 0], [-1, kh, kw, -1]);
    return tf.transpose(cropped, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}

/**
 * dL/dx of a stride-1, dilation-1 NHWC convolution as one forward convolution of `dy` with the
 * filter flipped in space and its channels swapped, padded so the output has x's size:
 *   dx = conv2d(dy, reverse(W, [0, 1]) with in/out swapped, padding kh-1-top .. kh-1-bottom),
 * which XNNPACK runs fast on wasm, where tfjs's Conv2DBackpropInput kernel is a plain loop.
 *
 * @example
 * const dx = conv2dInputGradient(dy, filter, x.shape, 'same'); // same shape as x
 */
export function conv2dInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  xShape: [number, number, number, number],
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw] = filter.shape;
    const info = tf.backend_util.computeConv2DInfo(xShape, filter.shape, 1, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { top, bottom, left, right } = info.padInfo;
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    const padding: tf.backend_util.ExplicitPadding = [[0, 0], [kh - 1 - top, kh - 1 - bottom], [kw - 1 - left, kw - 1 - right], [0, 0]];
    return tf.conv2d(dy, flipped, 1, padding);
  });
}

/**
 * Registers a Conv2D gradient whose filter part is computed with a forward convolution (see
 * conv2dFilterGradient), so conv1d/conv2d layers train on the wasm backend, which lacks the
 * `Conv2DBackpropFilter` kernel. On wasm, the input gradient of a stride-1 NHWC convolution is a
 * forward convolution too ({@link conv2dInputGradient}); elsewhere it stays tfjs's own. Opt-in because tfjs keeps
 * one gradient registry for all backends: by default other backends still use their kernel.
 *
 * Supports: NHWC and NCHW, any strides, 'same' / 'valid' / numeric / explicit padding.
 * Throws (like tfjs itself) for dilations > 1. Returns a function that restores tfjs's gradient.
 * Calling it again replaces the previous registration.
 *
 * @example
 * await setBackend('wasm');
 * const unregister = registerWasmConv2DGradient();
 * await cnn.fit(xs, ys); // conv layers now train on wasm
 * unregister();
 */
export function registerWasmConv2DGradient(options: Conv2DGradientOptions = {}): () => void {
  const fn = 'registerWasmConv2DGradient';
  if (options == null || typeof options !== 'object') fail(fn, 'options', 'an object { always?: boolean, fastInput?: boolean }', options, TypeError);
  if (options.always !== undefined) bool(fn, 'always', options.always);
  if (options.fastInput !== undefined) bool(fn, 'fastInput', options.fastInput);
  const always = options.always ?? false;
  const fastInput = options.fastInput ?? true;
  original ??= tf.getGradient('Conv2D');
  const baseConfig = original;
  const baseFunc = baseConfig.gradFunc as GradFunc;
  const gradFunc: GradFunc = (dy, saved, attrs) => {
    const base = baseFunc(dy, saved, attrs);
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const a = attrs as unknown as {
      strides: number | [number, number];
      pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
      dataFormat?: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      dilations?: number | [number, number];
    };
    // On wasm a stride-1 input gradient is a forward convolution too (conv2dInputGradient).
    const [sh, sw] = pair(a.strides, 'strides');
    const [dh0, dw0] = pair(a.dilations, 'dilations');
    const grads = fastInput && tf.getBackend() === 'wasm' && sh === 1 && sw === 1 && dh0 === 1 && dw0 === 1 && (a.dataFormat ?? 'NHWC') === 'NHWC'
      ? { ...base, x: () => conv2dInputGradient(dy as tf.Tensor4D, filter, x.shape, a.pad, a.dimRoundingMode) }
      : base;
    if (!always && tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) != null) return grads;
    const [dh, dw] = pair(a.dilations, 'dilations');
    if (dh !== 1 || dw !== 1) {
      throw new RangeError(`conv2d gradient: dilations > 1 are not supported, got ${JSON.stringify(a.dilations)}`);
    }
    return {
      ...grads,
      filter: () =>
        conv2dFilterGradient(
          x,
          dy as tf.Tensor4D,
          filter.shape as [number, number, number, number],
          a.strides,
          a.pad,
          a.dataFormat ?? 'NHWC',
          a.dimRoundingMode,
        ),
    };
  };
  tf.registerGradient({ ...baseConfig, gradFunc });
  const kernel = registerFilterKernel();
  return () => {
    tf.registerGradient(baseConfig);
    kernel?.();
  };
}

/**
 * A `Conv2DBackpropFilter` kernel for wasm, from conv2dFilterGradient. tfjs's fused conv2d (a
 * conv2d layer with a linear activation, as before batch norm) computes its filter gradient with
 * that kernel directly, past the Conv2D gradient above. Like the gradient, the last registration
 * wins and its restore removes it. Returns that, or undefined when wasm has a kernel of its own.
 */
let ours: tf.KernelConfig | undefined;

function registerFilterKernel(): (() => void) | undefined {
  const current = tf.getKernel('Conv2DBackpropFilter', 'wasm');
  if (current != null && current !== ours) return undefined; // wasm's own
  if (current != null) tf.unregisterKernel('Conv2DBackpropFilter', 'wasm'); // ours, registered again: replaced, as the gradient is
  ours = {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    // tfjs's engine takes a returned Tensor as the kernel's output as it is (it is already tracked).
    kernelFunc: ({ inputs, attrs }) => {
      const { x, dy } = inputs as unknown as { x: tf.Tensor4D; dy: tf.Tensor4D };
      const a = attrs as unknown as {
        strides: number | [number, number];
        pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
        dataFormat: 'NHWC' | 'NCHW';
        dimRoundingMode?: 'floor' | 'round' | 'ceil';
        filterShape: [number, number, number, number];
      };
      return conv2dFilterGradient(x, dy, a.filterShape, a.strides, a.pad, a.dataFormat, a.dimRoundingMode) as unknown as tf.TensorInfo;
    },
  };
  tf.registerKernel(ours);
  const registered = ours;
  return () => {
    if (tf.getKernel('Conv2DBackpropFilter', 'wasm') === registered) tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
  };
}
