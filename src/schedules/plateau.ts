// PyTorch's ReduceLROnPlateau (1.13): the one scheduler that is not a function of the step, but
// of the metrics seen so far. So it is a small state machine: `step(metric)` returns the rate after
// PyTorch's `scheduler.step(metric)`. Keras's callback of the same name differs in three details,
// selectable with `semantics: 'keras'`.
import { nonNegativeInteger, knownOptions, inRange, nonNegative, oneOf, show } from '../check/index.js';

/** Options of {@link reduceLROnPlateau}; defaults are PyTorch's. */
export interface ReduceLROnPlateauOptions {
  /** The rate before the first reduction. */
  lr: number;
  /** `'min'` (default: a loss) or `'max'` (an accuracy). */
  mode?: 'min' | 'max';
  /** new lr = lr * factor, in [0, 1) (default 0.1). */
  factor?: number;
  /** Epochs without improvement tolerated (default 10). */
  patience?: number;
  /** What counts as an improvement (default 1e-4). */
  threshold?: number;
  /** `'rel'` (default: best * (1 -/+ threshold)) or `'abs'` (best -/+ threshold). */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** The rate never goes below this (default 0). */
  minLr?: number;
  /** A reduction smaller than this is skipped (default 1e-8). */
  eps?: number;
  /**
   * `'pytorch'` (default) or `'keras'`: Keras's ReduceLROnPlateau callback reduces when the bad
   * epochs reach `patience` (PyTorch: exceed it), counts none during cooldown, always compares
   * with `threshold` as an absolute `min_delta`, and skips `eps`.
   */
  semantics?: 'pytorch' | 'keras';
}

/** The state of a plateau scheduler (JSON-serialisable, to save and restore). */
export interface PlateauState {
  lr: number;
  best: number;
  numBadEpochs: number;
  cooldownCounter: number;
  lastEpoch: number;
}

/** What {@link reduceLROnPlateau} returns. */
export interface PlateauScheduler {
  /** Feeds one metric value (once per epoch, or however often you evaluate); returns the rate now in effect. */
  step(metric: number): number;
  /** The rate now in effect. */
  readonly lr: number;
  /** A copy of the state. */
  state(): PlateauState;
  /** The options with defaults filled in. */
  readonly options: Required<ReduceLROnPlateauOptions>;
}

/**
 * `ReduceLROnPlateau`: multiplies the rate by `factor` when the metric has not improved for more
 * than `patience` steps, as PyTorch's `scheduler.step(metric)` does (NaN never improves).
 *
 * @example
 * const plateau = torch.reduceLROnPlateau({ lr: 0.1, patience: 2 });
 * [1, 0.9, 0.9, 0.9, 0.9].map((loss) => plateau.step(loss)); // [0.1, 0.1, 0.1, 0.1, ≈ 0.01]
 */
export function reduceLROnPlateau(options: ReduceLROnPlateauOptions): PlateauScheduler {
  const fn = 'torch.reduceLROnPlateau()';
  const o = knownOptions(fn, options, ['lr', 'mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps', 'semantics']);
  const count = (name: string, v: unknown, d: number) => nonNegativeInteger(fn, name, v ?? d);
  const opts: Required<ReduceLROnPlateauOptions> = {
    lr: nonNegative(fn, 'lr', o.lr),
    mode: oneOf(fn, 'mode', o.mode ?? 'min', ['min', 'max'] as const),
    factor: inRange(fn, 'factor', o.factor ?? 0.1, 0, 1, { hi: true }),
    patience: count('patience', o.patience, 10),
    threshold: nonNegative(fn, 'threshold', o.threshold ?? 1e-4),
    thresholdMode: oneOf(fn, 'thresholdMode', o.thresholdMode ?? 'rel', ['rel', 'abs'] as const),
    cooldown: count('cooldown', o.cooldown, 0),
    minLr: nonNegative(fn, 'minLr', o.minLr ?? 0),
    eps: nonNegative(fn, 'eps', o.eps ?? 1e-8),
    semantics: oneOf(fn, 'semantics', o.semantics ?? 'pytorch', ['pytorch', 'keras'] as const),
  };
  const { mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps, semantics } = opts;
  const keras = semantics === 'keras';
  const s: PlateauState = { lr: opts.lr, best: mode === 'min' ? Infinity : -Infinity, numBadEpochs: 0, cooldownCounter: 0, lastEpoch: 0 };

  const isBetter = (a: number, best: number): boolean => {
    if (keras || thresholdMode === 'abs') return mode === 'min' ? a < best - threshold : a > best + threshold;
    return mode === 'min' ? a < best * (1 - threshold) : a > best * (threshold + 1);
  };
  const reduce = () => {
    const next = Math.max(s.lr * factor, minLr);
    // PyTorch skips reductions smaller than eps; Keras reduces while lr > min_lr.
    if (keras ? s.lr > minLr : s.lr - next > eps) s.lr = next;
    s.cooldownCounter = cooldown;
    s.numBadEpochs = 0;
  };

  const step = (metric: number): number => {
    if (typeof metric !== 'number') throw new TypeError(`${fn}: step(metric) needs a number, got ${show(metric)}`);
    s.lastEpoch += 1;
    if (keras) {
      // keras.callbacks.ReduceLROnPlateau.on_epoch_end
      if (s.cooldownCounter > 0) {
        s.cooldownCounter -= 1;
        s.numBadEpochs = 0;
      }
      if (isBetter(metric, s.best)) {
        s.best = metric;
        s.numBadEpochs = 0;
      } else if (!(s.cooldownCounter > 0)) {
        s.numBadEpochs += 1;
        if (s.numBadEpochs >= patience) reduce();
      }
      return s.lr;
    }
    // torch.optim.lr_scheduler.ReduceLROnPlateau.step
    if (isBetter(metric, s.best)) {
      s.best = metric;
      s.numBadEpochs = 0;
    } else {
      s.numBadEpochs += 1;
    }
    if (s.cooldownCounter > 0) {
      s.cooldownCounter -= 1;
      s.numBadEpochs = 0;
    }
    if (s.numBadEpochs > patience) reduce();
    return s.lr;
  };
  // Metrics are taken as they are, as PyTorch does: NaN is never better, ±Infinity compares.
  return {
    step,
    get lr() {
      return s.lr;
    },
    state: () => ({ ...s }),
    options: opts,
  };
}
