import { constant, cyclic, oneCycle, oneCycleMomentum, toSpec, type Schedule, type ScheduleSpec } from '../schedules/index.js';

/**
 * Training policies of `lrkit train` / `lrkit compare` and {@link policySchedules}.
 *
 * @example
 * POLICY_NAMES; // ['fixed', 'triangular', 'triangular2', 'exp_range', 'one-cycle']
 */
export const POLICY_NAMES = ['fixed', 'triangular', 'triangular2', 'exp_range', 'one-cycle'] as const;

/** One of {@link POLICY_NAMES}. */
export type PolicyName = (typeof POLICY_NAMES)[number];

/**
 * What a policy needs to become schedules.
 *
 * @example
 * const o: PolicyOptions = { baseLr: 0.01, maxLr: 0.1, epochs: 4, itersPerEpoch: 100 };
 */
export interface PolicyOptions {
  /** Low end of the cycles; the rate of `fixed` unless `fixedLr` is given (default maxLr / 4). */
  baseLr?: number;
  /** The rate of `fixed` (default baseLr): e.g. a recommended constant rate beside cyclic bounds. */
  fixedLr?: number;
  /** High end of the cycles; the one-cycle peak. */
  maxLr: number;
  /** Training length. */
  epochs: number;
  /** Optimizer steps per epoch. */
  itersPerEpoch: number;
  /** Half-cycle length in epochs for the cyclic policies (default 2, Smith's 2–10 x iterations per epoch). */
  stepSizeEpochs?: number;
  /** exp_range decay per step (default 0.99994 as in Smith's paper, scaled to short runs). */
  gamma?: number;
  /** Also cycle momentum 0.95 → 0.85 → 0.95 with one-cycle (default false). */
  cycleMomentum?: boolean;
}

/**
 * Schedules of one policy: `lr` for every step, optional `momentum`, and the JSON specs.
 *
 * @example
 * const { lr, spec } = policySchedules('triangular2', { baseLr: 0.01, maxLr: 0.1, epochs: 8, itersPerEpoch: 50 });
 */
export interface PolicySchedules {
  policy: PolicyName;
  lr: Schedule;
  momentum?: Schedule;
  spec: ScheduleSpec;
  momentumSpec?: ScheduleSpec;
}

function positive(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, got ${String(v)}`);
  }
  return v;
}

function positiveInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${String(v)}`);
  }
  return v;
}

/**
 * Turn a policy name and learning-rate bounds into schedules over `epochs * itersPerEpoch` steps.
 * The default exp_range gamma makes the amplitude shrink to about a tenth over the run.
 *
 * @example
 * const { lr } = policySchedules('one-cycle', { maxLr: 0.1, epochs: 5, itersPerEpoch: 100 });
 * lr(0); // 0.004 (maxLr / 25)
 */
export function policySchedules(policy: string, opts: PolicyOptions): PolicySchedules {
  if (!(POLICY_NAMES as readonly string[]).includes(policy)) {
    throw new RangeError(`policy must be one of ${POLICY_NAMES.join(', ')}, got ${JSON.stringify(policy)}`);
  }
  const maxLr = positive('maxLr', opts.maxLr);
  const baseLr = positive('baseLr', opts.baseLr ?? maxLr / 4);
  const epochs = positiveInt('epochs', opts.epochs);
  const itersPerEpoch = positiveInt('itersPerEpoch', opts.itersPerEpoch);
  const total = epochs * itersPerEpoch;
  const stepSizeEpochs = positive('stepSizeEpochs', opts.stepSizeEpochs ?? 2);
  const stepSizeUp = Math.max(1, Math.round(stepSizeEpochs * itersPerEpoch));
  const p = policy as PolicyName;
  let lr: Schedule;
  let momentum: Schedule | undefined;
  switch (p) {
    case 'fixed':
      lr = constant(opts.fixedLr === undefined ? baseLr : positive('fixedLr', opts.fixedLr));
      break;
    case 'triangular':
    case 'triangular2':
      if (baseLr >= maxLr) throw new RangeError(`baseLr (${baseLr}) must be below maxLr (${maxLr}) for ${p}`);
      lr = cyclic({ baseLr, maxLr, stepSizeUp, mode: p });
      break;
    case 'exp_range': {
      if (baseLr >= maxLr) throw new RangeError(`baseLr (${baseLr}) must be below maxLr (${maxLr}) for exp_range`);
      const gamma = opts.gamma ?? Math.pow(0.1, 1 / total);
      if (!(gamma > 0)) throw new RangeError(`gamma must be a number > 0, got ${String(gamma)}`);
      lr = cyclic({ baseLr, maxLr, stepSizeUp, mode: 'exp_range', gamma });
      break;
    }
    case 'one-cycle':
      lr = oneCycle({ maxLr, totalSteps: total });
      if (opts.cycleMomentum) momentum = oneCycleMomentum({ totalSteps: total });
      break;
  }
  return {
    policy: p,
    lr,
    spec: toSpec(lr),
    ...(momentum ? { momentum, momentumSpec: toSpec(momentum) } : {}),
  };
}
