// Shared pieces of lrkit's LR-free optimizers (prodigy.ts, schedule-free.ts): the betas check;
// per-variable slot variables; and exact
// saving of the JavaScript doubles they keep on the host (d, weight sums) in tfjs weight files.
import * as tf from '@tensorflow/tfjs';
import { fail, inRange, optional } from '../check/index.js';

/** A slot variable as tfjs's own optimizers keep them (getWeights names them by `originalName`). */
export interface Slot {
  originalName: string;
  variable: tf.Variable;
}

/** Gradients as tf.Optimizer.applyGradients receives them. */
export type VariableGradients = Parameters<tf.Optimizer['applyGradients']>[0];

/** The variable names, in order, and a gradient lookup (null: that variable got no gradient). */
export function gradientList(g: VariableGradients): { name: string; grad: tf.Tensor | null }[] {
  if (Array.isArray(g)) return g.map((e) => ({ name: e.name, grad: e.tensor ?? null }));
  return Object.keys(g).map((name) => ({ name, grad: g[name] ?? null }));
}

/** The registered variable a gradient belongs to. */
export function variableNamed(name: string, who: string): tf.Variable {
  const v = tf.engine().registeredVariables[name];
  if (v == null) throw new Error(`${who}: no variable named ${JSON.stringify(name)} is registered`);
  return v;
}

/** A non-trainable slot variable holding `value` (the caller's tensor is not consumed). */
export function makeSlot(originalName: string, value: tf.Tensor): Slot {
  return { originalName, variable: tf.tidy(() => tf.clone(value).variable(false)) };
}

/** A non-trainable slot variable of zeros shaped like `like`. */
export function zeroSlot(originalName: string, like: tf.Tensor): Slot {
  return { originalName, variable: tf.tidy(() => tf.zerosLike(like).variable(false)) };
}

/** A weight as tf.Optimizer.getWeights returns them. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** A pair of betas, each in [0, 1). */
export function betasOption(who: string, value: unknown, fallback: [number, number]): [number, number] {
  return optional(value, fallback, (v) => {
    if (!Array.isArray(v) || v.length !== 2) fail(who, 'betas', 'a pair [beta1, beta2]', v, TypeError);
    return [inRange(who, 'betas[0]', v[0], 0, 1, { hi: true }), inRange(who, 'betas[1]', v[1], 0, 1, { hi: true })];
  });
}

// The host-side state (JS doubles) goes into weight files as the raw bits of each float64, held
// in an int32 tensor: float32 weights would round d and the weight sums, and a loaded optimizer
// would then step differently from the one saved.
/** Packs doubles into a named int32 tensor, bit for bit. */
export function packDoubles(name: string, values: number[]): NamedTensor {
  const bits = new Int32Array(new Float64Array(values).buffer);
  return { name, tensor: tf.tensor1d(bits, 'int32') };
}

/** Unpacks {@link packDoubles}' tensor. */
export async function unpackDoubles(t: tf.Tensor): Promise<number[]> {
  const bits = Int32Array.from(await t.data());
  return Array.from(new Float64Array(bits.buffer));
}

/**
 * tfjs's model.save encodes getWeights()'s tensors and never disposes them (its own optimizers leak
 * the iteration scalar each save). The LR-free optimizers hand out tensors they own instead: this
 * keeps the last batch and frees it at the next export or at dispose().
 */
export class ExportedTensors {
  private held: tf.Tensor[] = [];
  replace(tensors: tf.Tensor[]): void {
    tf.dispose(this.held);
    this.held = tensors;
  }
  dispose(): void {
    this.replace([]);
  }
}

/** tf.serialization's config type. */
export type Config = tf.serialization.ConfigDict;

/** Infinity survives JSON as null (JSON.stringify writes Infinity as null anyway). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
