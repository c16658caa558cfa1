// The 1cycle policy (Smith & Topin 2018, "Super-Convergence"), computed as
// torch.optim.lr_scheduler.OneCycleLR does so values match PyTorch to rounding.
import { makeSchedule } from './registry.js';
import type { AnnealStrategy, OneCycleMomentumOptions, OneCycleOptions, OneCycleShape, Schedule } from './types.js';
import { bool, knownOptions, inRange, oneOf, ordered, positive, positiveInteger } from '../check/index.js';

const SHAPE_KEYS = ['totalSteps', 'epochs', 'itersPerEpoch', 'stepsPerEpoch', 'pctStart', 'annealStrategy', 'threePhase'] as const;
const LR_KEYS = ['maxLr', 'divFactor', 'finalDivFactor'] as const;
const MOMENTUM_KEYS = ['baseMomentum', 'maxMomentum'] as const;

interface Shape {
  totalSteps: number;
  pctStart: number;
  annealStrategy: AnnealStrategy;
  threePhase: boolean;
  /** Last step of each phase, as PyTorch's `_schedule_phases[i]['end_step']`. */
  ends: number[];
  /** Fields for the spec, keeping the form the caller used (totalSteps or epochs x stepsPerEpoch). */
  specFields: Pick<OneCycleShape, 'totalSteps' | 'epochs' | 'stepsPerEpoch'>;
}

/**
 * Optimizer steps per epoch: `itersPerEpoch` (lrkit's name, as in recommend() and the CLI) or its
 * alias `stepsPerEpoch` (PyTorch's steps_per_epoch); both at once must agree.
 */
function perEpoch(fn: string, o: OneCycleShape): number | undefined {
  if (o.itersPerEpoch !== undefined && o.stepsPerEpoch !== undefined && o.itersPerEpoch !== o.stepsPerEpoch) {
    throw new TypeError(`${fn}: itersPerEpoch ${o.itersPerEpoch} and its alias stepsPerEpoch ${o.stepsPerEpoch} differ; give one`);
  }
  return o.itersPerEpoch ?? o.stepsPerEpoch;
}

function shape(fn: string, o: OneCycleShape): Shape {
  let totalSteps: number;
  let specFields: Shape['specFields'];
  const per = perEpoch(fn, o);
  const perName = o.itersPerEpoch === undefined && o.stepsPerEpoch !== undefined ? 'stepsPerEpoch' : 'itersPerEpoch';
  if (o.totalSteps !== undefined) {
    if (o.epochs !== undefined || per !== undefined) {
      // PyTorch silently prefers total_steps; two sources of truth are more likely a mistake.
      throw new TypeError(`${fn}: give either totalSteps or epochs and itersPerEpoch, not both`);
    }
    totalSteps = positiveInteger(fn, 'totalSteps', o.totalSteps);
    specFields = { totalSteps };
  } else if (o.epochs !== undefined || per !== undefined) {
    const epochs = positiveInteger(fn, 'epochs', o.epochs);
    const stepsPerEpoch = positiveInteger(fn, perName, per);
    totalSteps = epochs * stepsPerEpoch;
    // The spec keeps PyTorch's name (OneCycleLR's steps_per_epoch): one JSON form for either spelling.
    specFields = { epochs, stepsPerEpoch };
  } else {
    throw new TypeError(`${fn}: totalSteps is required (or epochs and itersPerEpoch), got neither`);
  }
  const pctStart = inRange(fn, 'pctStart', o.pctStart ?? 0.3, 0, 1, { lo: true, hi: true });
  const annealStrategy = oneOf(fn, 'annealStrategy', o.annealStrategy ?? 'cos', ['cos', 'linear'] as const);
  const threePhase = bool(fn, 'threePhase', o.threePhase ?? false);
  const up = pctStart * totalSteps - 1;
  const ends = threePhase ? [up, 2 * pctStart * totalSteps - 2, totalSteps - 1] : [up, totalSteps - 1];
  // Every phase must span more than zero steps, else PyTorch divides by zero (or runs phases backwards).
  if (!(up > 0)) {
    throw new RangeError(
      `${fn}: pctStart * totalSteps must be > 1 so the rise spans at least one step, got ` +
        `pctStart ${pctStart} x totalSteps ${totalSteps} = ${pctStart * totalSteps}`,
    );
  }
  for (let i = 1; i < ends.length; i++) {
    if (!(ends[i] > ends[i - 1])) {
      throw new RangeError(
        `${fn}: pctStart ${pctStart} is too large for threePhase with totalSteps ${totalSteps}: ` +
          `the rise and the fall back (2 x pctStart x totalSteps) must end before the last step`,
      );
    }
  }
  return { totalSteps, pctStart, annealStrategy, threePhase, ends, specFields };
}

/** cos: end + (start - end) / 2 * (cos(pi * pct) + 1); linear: (end - start) * pct + start. */
function anneal(strategy: AnnealStrategy, start: number, end: number, pct: number): number {
  if (strategy === 'cos') return end + ((start - end) / 2.0) * (Math.cos(Math.PI * pct) + 1);
  return (end - start) * pct + start;
}

/** Walks the phases the way PyTorch's get_lr does; `points[i]` is the value at phase i's start. */
function phaseValue(s: Shape, points: number[], step: number): number {
  // Past the end hold the final value: PyTorch extrapolates at step totalSteps and raises after.
  const t = Math.min(step, s.totalSteps - 1);
  let startStep = 0;
  for (let i = 0; i < s.ends.length; i++) {
    const end = s.ends[i];
    if (t <= end || i === s.ends.length - 1) {
      const pct = (t - startStep) / (end - startStep);
      return anneal(s.annealStrategy, points[i], points[i + 1], pct);
    }
    startStep = end;
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}

function shapeSpec(s: Shape) {
  return { ...s.specFields, pctStart: s.pctStart, annealStrategy: s.annealStrategy, threePhase: s.threePhase };
}

/**
 * One-cycle learning rate, PyTorch's `OneCycleLR` (defaults equal PyTorch's). With
 * initial = maxLr / divFactor and min = initial / finalDivFactor, it anneals (cos or linear)
 *
 *     initial -> maxLr over steps [0, pctStart*T - 1], then maxLr -> min until step T - 1;
 *     threePhase: initial -> maxLr, maxLr -> initial (until 2*pctStart*T - 2), initial -> min.
 *
 * T = totalSteps or epochs * itersPerEpoch (alias: stepsPerEpoch). Past step T - 1 the schedule holds min (PyTorch
 * extrapolates one step further and then raises).
 *
 * @example
 * const lr = oneCycle({ maxLr: 0.1, totalSteps: 100 });
 * lr(0); // 0.004 (maxLr / 25)
 * lr(29); // 0.1
 * lr(99); // 4e-7 (maxLr / 25 / 1e4), held afterwards
 */
export function oneCycle(options: OneCycleOptions): Schedule {
  const fn = 'oneCycle()';
  const o = knownOptions(fn, options, [...SHAPE_KEYS, ...LR_KEYS, ...MOMENTUM_KEYS]) as unknown as OneCycleOptions;
  const maxLr = positive(fn, 'maxLr', o.maxLr);
  const divFactor = positive(fn, 'divFactor', o.divFactor ?? 25);
  const finalDivFactor = positive(fn, 'finalDivFactor', o.finalDivFactor ?? 1e4);
  const s = shape(fn, o);
  const initial = maxLr / divFactor;
  const min = initial / finalDivFactor;
  const points = s.threePhase ? [initial, maxLr, initial, min] : [initial, maxLr, min];
  return makeSchedule(
    (t) => phaseValue(s, points, t),
    () => ({ type: 'oneCycle', maxLr, ...shapeSpec(s), divFactor, finalDivFactor }),
  );
}

/**
 * Momentum (or Adam's beta1) for the one-cycle policy, PyTorch's `OneCycleLR` cycle_momentum
 * (defaults 0.85 / 0.95): maxMomentum -> baseMomentum while the rate rises, back to maxMomentum
 * while it falls; with threePhase it stays at maxMomentum during the last phase.
 * Accepts (and ignores) maxLr / divFactor / finalDivFactor so one options object drives both.
 *
 * @example
 * const opts = { maxLr: 0.1, totalSteps: 100 };
 * const lr = oneCycle(opts), beta1 = oneCycleMomentum(opts);
 * beta1(0); // 0.95
 * beta1(29); // 0.85
 */
export function oneCycleMomentum(options: OneCycleMomentumOptions): Schedule {
  const fn = 'oneCycleMomentum()';
  const o = knownOptions(fn, options, [...SHAPE_KEYS, ...LR_KEYS, ...MOMENTUM_KEYS]) as OneCycleMomentumOptions;
  if (o.maxLr !== undefined) positive(fn, 'maxLr', o.maxLr);
  if (o.divFactor !== undefined) positive(fn, 'divFactor', o.divFactor);
  if (o.finalDivFactor !== undefined) positive(fn, 'finalDivFactor', o.finalDivFactor);
  const baseMomentum = inRange(fn, 'baseMomentum', o.baseMomentum ?? 0.85, 0, 1);
  const maxMomentum = inRange(fn, 'maxMomentum', o.maxMomentum ?? 0.95, 0, 1);
  ordered(fn, 'baseMomentum', baseMomentum, 'maxMomentum', maxMomentum);
  const s = shape(fn, o);
  const points = s.threePhase
    ? [maxMomentum, baseMomentum, maxMomentum, maxMomentum]
    : [maxMomentum, baseMomentum, maxMomentum];
  return makeSchedule(
    (t) => phaseValue(s, points, t),
    () => ({ type: 'oneCycleMomentum', ...shapeSpec(s), baseMomentum, maxMomentum }),
  );
}
