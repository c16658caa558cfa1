// Cyclical learning rates (Smith 2017, "Cyclical Learning Rates for Training Neural Networks"),
// computed exactly as torch.optim.lr_scheduler.CyclicLR so values match PyTorch to rounding.
import { makeSchedule } from './registry.js';
import type {
  CycleOptions,
  CyclicMode,
  CyclicMomentumOptions,
  CyclicOptions,
  Schedule,
  ScaleMode,
} from './types.js';
import { knownOptions, finite, inRange, nonNegative, oneOf, ordered, positive, show, func } from '../check/index.js';

const MODES: readonly CyclicMode[] = ['triangular', 'triangular2', 'exp_range'];
const SCALE_MODES: readonly ScaleMode[] = ['cycle', 'iterations'];
const CYCLE_KEYS = ['stepSizeUp', 'stepSizeDown', 'mode', 'gamma', 'scaleFn', 'scaleMode'] as const;
const LR_KEYS = ['baseLr', 'maxLr'] as const;
const MOMENTUM_KEYS = ['baseMomentum', 'maxMomentum'] as const;

/** Validated cycle shape plus the function giving (triangle height in [0,1]) x (amplitude scale). */
interface Cycle {
  stepSizeUp: number;
  stepSizeDown: number;
  mode?: CyclicMode;
  gamma: number;
  scaleMode: ScaleMode;
  scaleFn?: (x: number) => number;
  /** Returns [scaleFactor, amplitudeScale] for a step, as PyTorch's get_lr computes them. */
  at: (step: number) => [number, number];
}

function cycleShape(fn: string, o: CycleOptions): Cycle {
  const stepSizeUp = positive(fn, 'stepSizeUp', o.stepSizeUp ?? 2000);
  const stepSizeDown = positive(fn, 'stepSizeDown', o.stepSizeDown ?? stepSizeUp);
  let mode: CyclicMode | undefined;
  let scaleMode: ScaleMode;
  let scale: (x: number) => number;
  // Any gamma > 0, as PyTorch: < 1 decays the amplitude, > 1 grows it (past maxLr).
  const gamma = o.gamma === undefined ? 1 : positive(fn, 'gamma', o.gamma);
  if (o.scaleFn !== undefined) {
    func(fn, 'scaleFn', o.scaleFn, 'a function (x) => number in [0, 1]');
    // PyTorch silently ignores mode and gamma next to scale_fn; refusing them avoids the surprise.
    if (o.mode !== undefined) {
      throw new TypeError(`${fn}: mode ${show(o.mode)} is ignored when scaleFn is given; pass one or the other`);
    }
    if (o.gamma !== undefined) {
      throw new TypeError(`${fn}: gamma ${show(o.gamma)} is ignored when scaleFn is given; fold it into scaleFn`);
    }
    scale = o.scaleFn;
    scaleMode = oneOf(fn, 'scaleMode', o.scaleMode ?? 'cycle', SCALE_MODES);
  } else {
    mode = oneOf(fn, 'mode', o.mode ?? 'triangular', MODES);
    // Built-in modes fix scale_mode: triangular(2) scale per cycle, exp_range per step (as PyTorch).
    const auto: ScaleMode = mode === 'exp_range' ? 'iterations' : 'cycle';
    if (o.scaleMode !== undefined) {
      const given = oneOf(fn, 'scaleMode', o.scaleMode, SCALE_MODES);
      if (given !== auto) {
        throw new TypeError(
          `${fn}: scaleMode ${show(given)} does not apply to mode '${mode}', which always scales by ` +
            `'${auto}'; pass a scaleFn to choose scaleMode`,
        );
      }
    }
    if (gamma !== 1 && mode !== 'exp_range') {
      throw new TypeError(`${fn}: gamma ${show(gamma)} only applies to mode 'exp_range', got mode '${mode}'`);
    }
    scaleMode = auto;
    scale =
      mode === 'triangular'
        ? () => 1
        : mode === 'triangular2'
          ? (x) => 1 / 2 ** (x - 1)
          : (x) => {
              const s = gamma ** x;
              // gamma > 1 eventually overflows; Python raises OverflowError there, and returning
              // Infinity (or 0 * Infinity = NaN at a cycle start) would poison the optimizer.
              if (!Number.isFinite(s)) {
                throw new RangeError(
                  `${fn}: exp_range amplitude gamma^step overflows at step ${x} (gamma ${gamma}); ` +
                    `use gamma <= 1 or train for fewer steps`,
                );
              }
              return s;
            };
  }
  const totalSize = stepSizeUp + stepSizeDown;
  const stepRatio = stepSizeUp / totalSize;
  const at = (step: number): [number, number] => {
    // Same operations in the same order as PyTorch, so rounding matches too.
    const cycle = Math.floor(1 + step / totalSize);
    const x = 1 + step / totalSize - cycle;
    const scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
    return [scaleFactor, scale(scaleMode === 'cycle' ? cycle : step)];
  };
  return { stepSizeUp, stepSizeDown, mode, gamma, scaleMode, scaleFn: o.scaleFn, at };
}

function cycleSpec(fn: string, c: Cycle) {
  if (c.scaleFn !== undefined) {
    throw new TypeError(
      `toSpec(): ${fn} with a custom scaleFn cannot be serialised (functions have no JSON form); use mode ` +
        `'triangular' | 'triangular2' | 'exp_range', or rebuild the schedule in code`,
    );
  }
  return {
    stepSizeUp: c.stepSizeUp,
    stepSizeDown: c.stepSizeDown,
    mode: c.mode as CyclicMode,
    gamma: c.gamma,
    scaleMode: c.scaleMode,
  };
}

/**
 * Cyclical learning rate, PyTorch's `CyclicLR` (defaults equal PyTorch's):
 *
 *     cycle = floor(1 + t / (up + down)),  x = 1 + t / (up + down) - cycle
 *     h = x <= r ? x / r : (x - 1) / (r - 1)          where r = up / (up + down)
 *     lr(t) = baseLr + (maxLr - baseLr) * h * s
 *
 * with s = 1 ('triangular'), 1 / 2^(cycle - 1) ('triangular2'), gamma^t ('exp_range'),
 * or scaleFn(cycle | t) for a custom `scaleFn` (argument chosen by `scaleMode`).
 * The peak maxLr is reached at t = stepSizeUp (then every up + down steps). `gamma` may be any
 * number > 0 as in PyTorch; with gamma > 1 the peaks grow past maxLr, and a step where gamma^t
 * overflows throws a RangeError (PyTorch raises OverflowError).
 *
 * @example
 * const lr = cyclic({ baseLr: 0.001, maxLr: 0.006, stepSizeUp: 5, mode: 'triangular2' });
 * lr(0); // 0.001
 * lr(5); // 0.006
 * lr(15); // 0.0035 (second cycle: half the amplitude)
 */
export function cyclic(options: CyclicOptions): Schedule {
  const fn = 'cyclic()';
  const o = knownOptions(fn, options, [...LR_KEYS, ...CYCLE_KEYS, ...MOMENTUM_KEYS]) as unknown as CyclicOptions;
  const baseLr = nonNegative(fn, 'baseLr', o.baseLr);
  const maxLr = finite(fn, 'maxLr', o.maxLr);
  ordered(fn, 'baseLr', baseLr, 'maxLr', maxLr);
  const c = cycleShape(fn, o);
  return makeSchedule(
    (t) => {
      const [scaleFactor, s] = c.at(t);
      const baseHeight = (maxLr - baseLr) * scaleFactor;
      return baseLr + baseHeight * s;
    },
    () => ({ type: 'cyclic', baseLr, maxLr, ...cycleSpec(fn, c) }),
  );
}

/**
 * Momentum cycled opposite to {@link cyclic}, PyTorch's `cycle_momentum` (defaults 0.8 / 0.9):
 *
 *     m(t) = maxMomentum - (maxMomentum - baseMomentum) * h * s
 *
 * with h and s as in {@link cyclic}: maxMomentum at the start of each cycle, baseMomentum at
 * the learning-rate peak (below it when exp_range's gamma > 1, exactly as PyTorch). Accepts (and ignores) baseLr / maxLr so one options object can drive
 * both schedules.
 *
 * @example
 * const opts = { baseLr: 0.001, maxLr: 0.006, stepSizeUp: 5 };
 * const lr = cyclic(opts), momentum = cyclicMomentum(opts);
 * momentum(0); // 0.9
 * momentum(5); // 0.8
 */
export function cyclicMomentum(options: CyclicMomentumOptions = {}): Schedule {
  const fn = 'cyclicMomentum()';
  const o = knownOptions(fn, options, [...LR_KEYS, ...CYCLE_KEYS, ...MOMENTUM_KEYS]) as CyclicMomentumOptions;
  if (o.baseLr !== undefined) nonNegative(fn, 'baseLr', o.baseLr);
  if (o.maxLr !== undefined) finite(fn, 'maxLr', o.maxLr);
  const baseMomentum = inRange(fn, 'baseMomentum', o.baseMomentum ?? 0.8, 0, 1);
  const maxMomentum = inRange(fn, 'maxMomentum', o.maxMomentum ?? 0.9, 0, 1);
  ordered(fn, 'baseMomentum', baseMomentum, 'maxMomentum', maxMomentum);
  const c = cycleShape(fn, o);
  return makeSchedule(
    (t) => {
      const [scaleFactor, s] = c.at(t);
      const baseHeight = (maxMomentum - baseMomentum) * scaleFactor;
      return maxMomentum - baseHeight * s;
    },
    () => ({ type: 'cyclicMomentum', baseMomentum, maxMomentum, ...cycleSpec(fn, c) }),
  );
}
