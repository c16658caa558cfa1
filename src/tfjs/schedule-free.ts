// Schedule-Free AdamW (Defazio et al. 2024): no learning-rate schedule; the model's weights hold y
// (where gradients are taken) while training and x (the average, where the model is evaluated)
// after eval(). A port of the reference PyTorch optimizer read at
// facebookresearch/schedule_free@b3be06f3df5670edfa9af00b8d52413b1f00b7ec,
// schedulefree/adamw_schedulefree.py, written for tfjs (one parameter group). Checked against a
// transcription of the reference in PyTorch: scripts/lr-free-fixtures.py,
// test/tfjs.schedule-free.test.ts. The callback for model.fit is in schedule-free-callback.ts.
import * as tf from '@tensorflow/tfjs';
import { bool, numberIn, optional, knownOptions, type Bounds } from '../check/index.js';
import {
  betasOption,
  ExportedTensors,
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

/** Options of {@link scheduleFreeAdamW}: the reference's arguments, camelCased, with its defaults. */
export interface ScheduleFreeAdamWOptions {
  /** Learning rate (default 0.0025). */
  lr?: number;
  /** [beta1, beta2] (default [0.9, 0.999]); beta1 is the interpolation between z and x. */
  betas?: [number, number];
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** Weight decay, applied at y (default 0). */
  weightDecay?: number;
  /** Steps of linear warm-up (default 0). */
  warmupSteps?: number;
  /** Polynomial weighting of the average, power r (default 0). */
  r?: number;
  /** Weights of the average are lr_max to this power (default 2). */
  weightLrPower?: number;
  /** The reference's choice of PyTorch kernels; both compute the same, so it changes nothing here (default true). */
  foreach?: boolean;
}

const KNOWN = ['lr', 'betas', 'eps', 'weightDecay', 'warmupSteps', 'r', 'weightLrPower', 'foreach'] as const;
const WHO = 'scheduleFreeAdamW';

function resolve(options: ScheduleFreeAdamWOptions): Required<ScheduleFreeAdamWOptions> {
  knownOptions(WHO, options, KNOWN);
  const o = options;
  const num = (name: keyof ScheduleFreeAdamWOptions, fallback: number, b: Bounds) => optional(o[name], fallback, (v) => numberIn(WHO, name, v, b));
  return {
    lr: num('lr', 0.0025, { min: 0 }),
    betas: betasOption(WHO, o.betas, [0.9, 0.999]),
    eps: num('eps', 1e-8, { min: 0, minOpen: true }),
    weightDecay: num('weightDecay', 0, { min: 0 }),
    warmupSteps: num('warmupSteps', 0, { min: 0, integer: true }),
    r: num('r', 0, { min: 0 }),
    weightLrPower: num('weightLrPower', 2, { min: 0 }),
    foreach: optional(o.foreach, true, (v) => bool(WHO, 'foreach', v)),
  };
}

// torch.lerp's two formulas (by the weight), so the mode switches round as the reference's do.
function lerp(start: tf.Tensor, end: tf.Tensor, w: number): tf.Tensor {
  return w < 0.5 ? tf.add(start, tf.mul(tf.sub(end, start), w)) : tf.sub(end, tf.mul(tf.sub(end, start), 1 - w));
}

interface VarState {
  // Unknown after setWeights until the variables are named again (train(vars), eval(vars) or the
  // next step): a loaded model's variables get new names, so the saved ones cannot be looked up.
  value: tf.Variable | null;
  z: Slot;
  expAvgSq: Slot;
  // eval() keeps y and the data id it wrote, so that train() gives y back bit for bit unless the
  // weights were changed in between (then it interpolates, as the reference always does).
  savedY?: { y: tf.Tensor; wrote: object };
}

/**
 * Schedule-Free AdamW as a tf.Optimizer (registered as `ScheduleFreeAdamW`): works with
 * `model.compile`, `model.fit` (with {@link scheduleFreeEvalCallback}) and `minimize`. Like the
 * reference it starts in eval mode and refuses to step there: call `train()` before training steps
 * and `eval()` before evaluating or saving.
 *
 * @example
 * const opt = new ScheduleFreeAdamWOptimizer({ lr: 0.01, warmupSteps: 100 });
 * opt.train(); // ... opt.minimize(loss) ...
 * opt.eval();  // the weights now hold x
 */
export class ScheduleFreeAdamWOptimizer extends tf.Optimizer {
  /** @nocollapse */
  static get className(): string {
    return 'ScheduleFreeAdamW';
  }
  /** The base learning rate (the reference's lr); lrkit's setLearningRate changes it. */
  learningRate: number;
  readonly options: Readonly<Required<ScheduleFreeAdamWOptions>>;
  /** Whether the weights hold y (train mode) or x (eval mode). */
  trainMode = false;
  weightSum = 0;
  lrMax = -1;
  /** The rate of the last step, warm-up included (for logging, as in the reference). */
  scheduledLr = 0;
  /** Set by scheduleFreeEvalCallback: switch to eval() right after the next step. */
  evalAfterNextStep = false;
  private state: VarState[] = [];
  private readonly exported = new ExportedTensors();

  constructor(options: ScheduleFreeAdamWOptions = {}) {
    super();
    this.options = Object.freeze(resolve(options));
    this.learningRate = this.options.lr;
  }

  /**
   * Puts y into the weights (a no-op in train mode). `variables`: the trained variables in the
   * order the steps see them, needed only after setWeights (scheduleFreeEvalCallback passes them).
   */
  train(variables?: tf.Variable[]): void {
    if (this.trainMode) return;
    const [beta1] = this.options.betas;
    tf.tidy(() => {
      for (const st of this.bound(variables)) {
        const saved = st.savedY;
        st.savedY = undefined;
        const dataId = (st.value as unknown as { dataId: object }).dataId;
        if (saved != null && saved.wrote === dataId) st.value.assign(saved.y);
        else st.value.assign(lerp(st.value, st.z.variable, 1 - beta1));
        if (saved != null) tf.dispose(saved.y);
      }
    });
    this.trainMode = true;
  }

  /** Puts x into the weights, for evaluation and saving (a no-op in eval mode); `variables` as train()'s. */
  eval(variables?: tf.Variable[]): void {
    if (!this.trainMode) return;
    const [beta1] = this.options.betas;
    for (const st of this.bound(variables)) {
      const y = tf.keep(tf.clone(st.value));
      tf.tidy(() => st.value.assign(lerp(st.value, st.z.variable, 1 - 1 / beta1)));
      st.savedY = { y, wrote: (st.value as unknown as { dataId: object }).dataId };
    }
    this.trainMode = false;
  }

  // The states with their variables, binding the given ones (by position) where unknown.
  private bound(variables: tf.Variable[] | undefined): (VarState & { value: tf.Variable })[] {
    const out: (VarState & { value: tf.Variable })[] = [];
    this.state.forEach((st, i) => {
      if (st == null) return;
      st.value ??= variables?.[i] ?? null;
      if (st.value == null) {
        throw new Error(`${WHO}: the optimizer's state was loaded with setWeights; pass the trained variables to train(variables) / eval(variables) (in model.fit, scheduleFreeEvalCallback does)`);
      }
      out.push(st as VarState & { value: tf.Variable });
    });
    return out;
  }

  applyGradients(variableGradients: VariableGradients): void {
    if (!this.trainMode) {
      throw new Error(
        `${WHO}: the optimizer is in eval mode; call optimizer.train() before training steps (in model.fit, pass scheduleFreeEvalCallback() in callbacks)`,
      );
    }
    const o = this.options;
    const [beta1, beta2] = o.betas;
    const k = this.iterations;
    const sched = k < o.warmupSteps ? (k + 1) / o.warmupSteps : 1;
    const bc2 = 1 - beta2 ** (k + 1);
    const lr = this.learningRate * sched;
    this.scheduledLr = lr;
    this.lrMax = Math.max(lr, this.lrMax);
    const weight = (k + 1) ** o.r * this.lrMax ** o.weightLrPower;
    this.weightSum += weight;
    const ckp1 = this.weightSum === 0 ? 0 : weight / this.weightSum; // the reference's ZeroDivisionError case
    const active = gradientList(variableGradients)
      .map((e, i) => ({ ...e, i }))
      .filter((e) => e.grad != null);
    tf.tidy(() => {
      for (const e of active) {
        const value = variableNamed(e.name, WHO);
        const st = (this.state[e.i] ??= {
          value,
          z: makeSlot(`${e.name}/schedule_free_z`, value),
          expAvgSq: zeroSlot(`${e.name}/schedule_free_exp_avg_sq`, value),
        });
        st.value ??= value;
        const g = e.grad!;
        const v = tf.add(tf.mul(st.expAvgSq.variable, beta2), tf.mul(tf.square(g), 1 - beta2));
        st.expAvgSq.variable.assign(v);
        let gn = tf.div(g, tf.add(tf.sqrt(tf.div(v, bc2)), o.eps));
        if (o.weightDecay !== 0) gn = tf.add(gn, tf.mul(value, o.weightDecay));
        const y = lerp(value, st.z.variable, ckp1);
        value.assign(tf.add(y, tf.mul(gn, lr * (beta1 * (1 - ckp1) - 1))));
        st.z.variable.assign(tf.sub(st.z.variable, tf.mul(gn, lr)));
      }
    });
    this.incrementIterations();
    if (this.evalAfterNextStep) {
      this.evalAfterNextStep = false;
      this.eval();
    }
  }

  private slots(): Slot[] {
    return this.state.filter((st) => st != null).flatMap((st) => [st.z, st.expAvgSq]);
  }

  override dispose(): void {
    super.dispose();
    this.exported.dispose();
    for (const st of this.state) if (st?.savedY != null) tf.dispose(st.savedY.y);
    tf.dispose(this.slots().map((s) => s.variable));
    this.state = [];
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const scalars = packDoubles('schedule_free/state', [this.weightSum, this.lrMax, this.scheduledLr, this.trainMode ? 1 : 0]);
    const iter = await this.saveIterations();
    this.exported.replace([iter.tensor, scalars.tensor]);
    const perVar = this.slots().map((s) => ({ name: s.originalName, tensor: s.variable as tf.Tensor }));
    return [iter, scalars, ...perVar];
  }

  /**
   * Restores the state saved by getWeights. The slots belong to the variables in the order of the
   * next applyGradients call (as for tfjs's own optimizers); the mode saved comes back with them.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    const scalars = rest.find((w) => w.name === 'schedule_free/state');
    if (scalars == null) throw new Error(`${WHO}: setWeights needs the "schedule_free/state" weight (saved by getWeights), got ${rest.map((w) => w.name).join(', ')}`);
    const [weightSum, lrMax, scheduledLr, mode] = await unpackDoubles(scalars.tensor);
    Object.assign(this, { weightSum, lrMax, scheduledLr, trainMode: mode === 1 });
    const old = this.state;
    this.state = [];
    const slots = rest.filter((w) => w !== scalars);
    for (let j = 0; j + 1 < slots.length; j += 2) {
      this.state.push({
        value: null,
        z: { originalName: slots[j].name, variable: slots[j].tensor.variable(false) },
        expAvgSq: { originalName: slots[j + 1].name, variable: slots[j + 1].tensor.variable(false) },
      });
    }
    // Freed after the new variables exist: they may hold the same data (setWeights(getWeights())).
    for (const st of old) if (st != null) tf.dispose([st.z.variable, st.expAvgSq.variable, ...(st.savedY != null ? [st.savedY.y] : [])]);
  }

  getConfig(): Config {
    const o = this.options;
    return { lr: this.learningRate, betas: [...o.betas], eps: o.eps, weightDecay: o.weightDecay, warmupSteps: o.warmupSteps, r: o.r, weightLrPower: o.weightLrPower, foreach: o.foreach };
  }

  /** @nocollapse */
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: Config): T {
    // Deserialization adds its own keys (customObjects): keep the options only.
    const c = Object.fromEntries(Object.entries(config).filter(([k]) => (KNOWN as readonly string[]).includes(k)));
    return new (cls as unknown as new (o: ScheduleFreeAdamWOptions) => T)(c as ScheduleFreeAdamWOptions);
  }
}
tf.serialization.registerClass(ScheduleFreeAdamWOptimizer);

/**
 * A Schedule-Free AdamW optimizer (every option of the reference, with its defaults).
 *
 * @example
 * model.compile({ optimizer: scheduleFreeAdamW({ lr: 0.01, warmupSteps: 50 }), loss: 'meanSquaredError' });
 * await model.fit(xs, ys, { epochs: 5, callbacks: [scheduleFreeEvalCallback()] });
 */
export function scheduleFreeAdamW(options: ScheduleFreeAdamWOptions = {}): ScheduleFreeAdamWOptimizer {
  return new ScheduleFreeAdamWOptimizer(options);
}
