// Prodigy (Mishchenko & Defazio 2024): Adam whose step size d is estimated on the fly, so the
// learning rate is only a multiplier (default 1). A port of the reference PyTorch optimizer read at
// konstmish/prodigy@a1b4f0eff7ef988ac10d6f11f26b0da15d254588, prodigyopt/prodigy.py, written for
// tfjs (one parameter group). The scalars d, d_max and the numerator live on the host as doubles,
// as in the reference (Python floats); each step reads two numbers per variable back (one
// dataSync), which is why the step is synchronous. Checked against a transcription of the
// reference in PyTorch: scripts/lr-free-fixtures.py, test/tfjs.prodigy.test.ts.
import * as tf from '@tensorflow/tfjs';
import { bool, numberIn, optional, knownOptions, type Bounds } from '../check/index.js';
import {
  betasOption,
  ExportedTensors,
  finiteOrNull,
  gradientList,
  makeSlot,
  zeroSlot,
  packDoubles,
  unpackDoubles,
  variableNamed,
  type Config,
  type NamedTensor,
  type Slot,
  type VariableGradients,
} from './lr-free-common.js';

/** Options of {@link prodigy}: the reference's arguments, camelCased, with its defaults. */
export interface ProdigyOptions {
  /** Multiplier of the estimated step size (default 1; leave it unless training is unstable). */
  lr?: number;
  /** Adam's [beta1, beta2] (default [0.9, 0.999]); beta1 = 0 keeps no first moment. */
  betas?: [number, number];
  /** Decay of the step-size statistics (default null: sqrt(beta2)). */
  beta3?: number | null;
  /** Added to the denominator, times d (default 1e-8). */
  eps?: number;
  /** Weight decay (default 0). */
  weightDecay?: number;
  /** AdamW-style decoupled weight decay (default true); false adds it to the gradient. */
  decouple?: boolean;
  /** Adam's bias correction (default false). */
  useBiasCorrection?: boolean;
  /** Leave lr out of the step-size denominator, for warm-up (default false). */
  safeguardWarmup?: boolean;
  /** Initial estimate of d (default 1e-6). */
  d0?: number;
  /** Coefficient of the d estimate (default 1; the preferred knob, 0.5 and 2 often work too). */
  dCoef?: number;
  /** Largest factor d may grow by per step (default Infinity; 1.02 acts as a warm-up). */
  growthRate?: number;
  /** The reference's sharded-parameters switch. On one process its all-reduce is the identity, so
   * the only effect is that a step with all-zero statistics is not skipped (default false). */
  fsdpInUse?: boolean;
  /** Compute the d statistics on every slice_p-th entry of each weight (default 1: all). */
  sliceP?: number;
}

const KNOWN = ['lr', 'betas', 'beta3', 'eps', 'weightDecay', 'decouple', 'useBiasCorrection', 'safeguardWarmup', 'd0', 'dCoef', 'growthRate', 'fsdpInUse', 'sliceP'] as const;
const WHO = 'prodigy';

type Resolved = Required<Omit<ProdigyOptions, 'beta3'>> & { beta3: number | null };

function resolve(options: ProdigyOptions): Resolved {
  knownOptions(WHO, options, KNOWN);
  const o = options;
  const num = (name: keyof ProdigyOptions, fallback: number, b: Bounds) => optional(o[name], fallback, (v) => numberIn(WHO, name, v, b));
  const boolOption = (name: keyof ProdigyOptions, fallback: boolean) => optional(o[name], fallback, (v) => bool(WHO, name, v));
  return {
    lr: num('lr', 1, { min: 0, minOpen: true }),
    betas: betasOption(WHO, o.betas, [0.9, 0.999]),
    beta3: o.beta3 == null ? null : num('beta3', 0, { min: 0, max: 1, maxOpen: true }),
    eps: num('eps', 1e-8, { min: 0, minOpen: true }),
    weightDecay: num('weightDecay', 0, { min: 0 }),
    decouple: boolOption('decouple', true),
    useBiasCorrection: boolOption('useBiasCorrection', false),
    safeguardWarmup: boolOption('safeguardWarmup', false),
    d0: num('d0', 1e-6, { min: 0, minOpen: true }),
    dCoef: num('dCoef', 1, { min: 0, minOpen: true }),
    growthRate: num('growthRate', Infinity, { min: 0, minOpen: true, infinite: true }),
    fsdpInUse: boolOption('fsdpInUse', false),
    sliceP: num('sliceP', 1, { min: 1, integer: true }),
  };
}

interface VarState {
  s: Slot;
  p0: Slot;
  expAvg: Slot | null;
  expAvgSq: Slot;
}

/** Every `sliceP`-th entry of x, flattened (the reference's `x.flatten()[::slice_p]`). */
function sliced(x: tf.Tensor, sliceP: number): tf.Tensor1D {
  const flat = tf.reshape(x, [-1]) as tf.Tensor1D;
  return sliceP === 1 ? flat : (tf.stridedSlice(flat, [0], [flat.size], [sliceP]) as tf.Tensor1D);
}

/**
 * Prodigy as a tf.Optimizer: works with `model.compile`, `model.fit` and `minimize`, saves and
 * loads with the model (registered as `Prodigy`). `learningRate` is the multiplier `lr`, so lrkit's
 * `setLearningRate` / `getLearningRate` work on it.
 *
 * @example
 * const opt = new ProdigyOptimizer({ weightDecay: 0.01 });
 * opt.d; // 1e-6: the step-size estimate, updated every step
 */
export class ProdigyOptimizer extends tf.Optimizer {
  /** @nocollapse */
  static get className(): string {
    return 'Prodigy';
  }
  /** The multiplier of the estimated step size (the reference's lr). */
  learningRate: number;
  readonly options: Readonly<Resolved>;
  /** Current step-size estimate d, its running maximum, and the last step's statistics. */
  d: number;
  dMax: number;
  dNumerator = 0;
  dDenom = 0;
  dHat = 0;
  private state: VarState[] = [];
  private readonly exported = new ExportedTensors();

  constructor(options: ProdigyOptions = {}) {
    super();
    this.options = Object.freeze(resolve(options));
    this.learningRate = this.options.lr;
    this.d = this.options.d0;
    this.dMax = this.options.d0;
  }

  /** Steps taken (the reference's k). */
  get k(): number {
    return this.iterations;
  }

  applyGradients(variableGradients: VariableGradients): void {
    const o = this.options;
    const [beta1, beta2] = o.betas;
    const beta3 = o.beta3 ?? Math.sqrt(beta2);
    const k = this.iterations;
    const lr = this.learningRate;
    let d = this.d;
    const bc = o.useBiasCorrection ? (1 - beta2 ** (k + 1)) ** 0.5 / (1 - beta1 ** (k + 1)) : 1;
    const dlr = d * lr * bc;
    const entries = gradientList(variableGradients).map((e, i) => ({ ...e, i, value: variableNamed(e.name, WHO) }));
    // The coupled variant adds the decay to the gradient, and later reads of `grad` see it.
    const gradOf = (g: tf.Tensor, p: tf.Tensor) => (o.weightDecay !== 0 && !o.decouple ? tf.add(g, tf.mul(p, o.weightDecay)) : g);
    const active = entries.filter((e) => e.grad != null);
    for (const e of active) this.state[e.i] ??= this.initState(e.name, e.value);
    let stats: Float32Array | null = null;
    if (lr > 0 && active.length > 0) {
      // First pass: the EMAs and s, and per variable <g, p0 - p> and sum|s| (read back once).
      const parts = tf.tidy(() => {
        const out: tf.Tensor[] = [];
        for (const e of active) {
          const st = this.state[e.i];
          const grad = gradOf(e.grad!, e.value);
          const g = sliced(grad, o.sliceP);
          out.push(tf.reshape(tf.dot(g, tf.sub(st.p0.variable, sliced(e.value, o.sliceP))), [1]));
          if (st.expAvg != null) st.expAvg.variable.assign(tf.add(tf.mul(st.expAvg.variable, beta1), tf.mul(grad, d * (1 - beta1))));
          st.expAvgSq.variable.assign(tf.add(tf.mul(st.expAvgSq.variable, beta2), tf.mul(tf.square(grad), d * d * (1 - beta2))));
          const alpha = o.safeguardWarmup ? (d / o.d0) * d : (d / o.d0) * dlr;
          st.s.variable.assign(tf.add(tf.mul(st.s.variable, beta3), tf.mul(g, alpha)));
          out.push(tf.reshape(tf.sum(tf.abs(st.s.variable)), [1]));
        }
        return tf.concat(out);
      });
      stats = parts.dataSync() as Float32Array;
      parts.dispose();
    }
    let deltaNumerator = 0;
    let dDenom = 0;
    if (stats != null) {
      for (let j = 0; j < active.length; j++) {
        deltaNumerator += (d / o.d0) * dlr * stats[2 * j];
        dDenom += stats[2 * j + 1];
      }
    }
    // No progress possible (no gradient, all zero, or lr = 0): the reference returns before
    // counting the step.
    if (lr === 0 || (dDenom === 0 && !o.fsdpInUse)) return;
    const numerator = this.dNumerator * beta3 + deltaNumerator;
    const dHat = (o.dCoef * numerator) / dDenom;
    let dMax = this.dMax;
    if (d === o.d0) d = Math.max(d, dHat);
    dMax = Math.max(dMax, dHat);
    d = Math.min(dMax, d * o.growthRate);
    Object.assign(this, { dNumerator: numerator, dDenom, d, dMax, dHat });
    tf.tidy(() => {
      for (const e of active) {
        const st = this.state[e.i];
        const denom = tf.add(tf.sqrt(st.expAvgSq.variable), d * o.eps);
        let p: tf.Tensor = e.value;
        if (o.weightDecay !== 0 && o.decouple) p = tf.add(p, tf.mul(p, -o.weightDecay * dlr));
        p = st.expAvg != null
          ? tf.add(p, tf.mul(tf.div(st.expAvg.variable, denom), -dlr))
          : tf.add(p, tf.mul(tf.div(gradOf(e.grad!, e.value), denom), -dlr * d));
        e.value.assign(p);
      }
    });
    this.incrementIterations();
  }

  private initState(name: string, value: tf.Variable): VarState {
    const p0 = tf.tidy(() => sliced(value, this.options.sliceP));
    const st: VarState = {
      s: zeroSlot(`${name}/prodigy_s`, p0),
      p0: makeSlot(`${name}/prodigy_p0`, p0),
      expAvg: this.options.betas[0] > 0 ? zeroSlot(`${name}/prodigy_exp_avg`, value) : null,
      expAvgSq: zeroSlot(`${name}/prodigy_exp_avg_sq`, value),
    };
    p0.dispose();
    return st;
  }

  private slots(): Slot[] {
    const all: Slot[] = [];
    for (const st of this.state) {
      if (st == null) continue;
      all.push(st.s, st.p0, st.expAvgSq);
      if (st.expAvg != null) all.push(st.expAvg);
    }
    return all;
  }

  override dispose(): void {
    super.dispose();
    this.exported.dispose();
    tf.dispose(this.slots().map((s) => s.variable));
    this.state = [];
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const perVar = this.slots().map((s) => ({ name: s.originalName, tensor: s.variable as tf.Tensor }));
    const scalars = packDoubles('prodigy/state', [this.d, this.dMax, this.dNumerator, this.dDenom, this.dHat]);
    const iter = await this.saveIterations();
    this.exported.replace([iter.tensor, scalars.tensor]);
    return [iter, scalars, ...perVar];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    const scalars = rest.find((w) => w.name === 'prodigy/state');
    if (scalars == null) throw new Error(`${WHO}: setWeights needs the "prodigy/state" weight (saved by getWeights), got ${rest.map((w) => w.name).join(', ')}`);
    [this.d, this.dMax, this.dNumerator, this.dDenom, this.dHat] = await unpackDoubles(scalars.tensor);
    const old = this.slots().map((s) => s.variable); // freed after the new ones exist: they may be the same data
    // Slots come in variable order, 3 or 4 per variable: s, p0, exp_avg_sq[, exp_avg].
    const state: VarState[] = [];
    for (const w of rest) {
      if (w === scalars) continue;
      const slot = { originalName: w.name, variable: w.tensor.variable(false) };
      const kind = w.name.slice(w.name.lastIndexOf('/prodigy_') + '/prodigy_'.length);
      if (kind === 's') state.push({ s: slot } as VarState);
      else if (kind === 'p0') state[state.length - 1].p0 = slot;
      else if (kind === 'exp_avg_sq') state[state.length - 1].expAvgSq = slot;
      else if (kind === 'exp_avg') state[state.length - 1].expAvg = slot;
      else throw new Error(`${WHO}: setWeights got an unknown weight ${JSON.stringify(w.name)}`);
    }
    for (const st of state) st.expAvg ??= null;
    this.state = state;
    tf.dispose(old);
  }

  getConfig(): Config {
    const o = this.options;
    return {
      lr: this.learningRate, betas: [...o.betas], beta3: o.beta3, eps: o.eps, weightDecay: o.weightDecay,
      decouple: o.decouple, useBiasCorrection: o.useBiasCorrection, safeguardWarmup: o.safeguardWarmup, d0: o.d0,
      dCoef: o.dCoef, growthRate: finiteOrNull(o.growthRate), fsdpInUse: o.fsdpInUse, sliceP: o.sliceP,
    };
  }

  /** @nocollapse */
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: Config): T {
    // Deserialization adds its own keys (customObjects): keep the options only.
    const c = Object.fromEntries(Object.entries(config).filter(([k]) => (KNOWN as readonly string[]).includes(k))) as Record<string, unknown>;
    if (c.growthRate === null) c.growthRate = Infinity;
    return new (cls as unknown as new (o: ProdigyOptions) => T)(c as ProdigyOptions);
  }
}
tf.serialization.registerClass(ProdigyOptimizer);

/**
 * A Prodigy optimizer (every option of the reference, with its defaults).
 *
 * @example
 * model.compile({ optimizer: prodigy(), loss: 'meanSquaredError' });
 * model.compile({ optimizer: prodigy({ weightDecay: 0.01, safeguardWarmup: true, useBiasCorrection: true }), loss: 'meanSquaredError' });
 */
export function prodigy(options: ProdigyOptions = {}): ProdigyOptimizer {
  return new ProdigyOptimizer(options);
}
