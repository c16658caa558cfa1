import { oneOf, positiveInteger } from '../check/index.js';
import { corePolicy, policySpec, POLICIES, SMITH, type Policy } from './policy.js';
import { fromSpec } from './spec.js';
import type { Schedule, ScheduleSpec } from './types.js';

/**
 * Training policies of `lrkit train` / `lrkit compare` and {@link policySchedules}: the CLI's
 * names (`fixed` is the core `constant`, `one-cycle` the core `oneCycle`; {@link corePolicy}
 * translates them). policySchedules takes the core names ({@link POLICIES}) too.
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
  /** Half-cycle length in epochs for the cyclic policies (default `SMITH.halfCycleEpochs`, 4; Smith's 2–10). */
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
  /** The policy as it was named (a CLI name or a core one). */
  policy: PolicyName | Policy;
  lr: Schedule;
  momentum?: Schedule;
  spec: ScheduleSpec;
  momentumSpec?: ScheduleSpec;
  /** Choices made for the user (a half cycle shortened to fit the run). */
  notes: string[];
}

/**
 * Turn a policy name and learning-rate bounds into schedules over `epochs * itersPerEpoch` steps,
 * built by the one policy builder ({@link policySpec}, with Smith's constants): a half cycle of
 * `stepSizeEpochs` (default 4) epochs, shortened to fit one whole cycle in a shorter run; the
 * default exp_range gamma makes the amplitude shrink to about a tenth over the run.
 *
 * @example
 * const { lr } = policySchedules('one-cycle', { maxLr: 0.1, epochs: 5, itersPerEpoch: 100 });
 * lr(0); // 0.004 (maxLr / 25)
 */
export function policySchedules(policy: string, opts: PolicyOptions): PolicySchedules {
  const names: readonly string[] = [...POLICY_NAMES, ...POLICIES.filter((c) => !(POLICY_NAMES as readonly string[]).includes(c))];
  oneOf('policySchedules', 'policy', policy, names);
  const p = corePolicy(policy);
  const o = opts ?? ({} as PolicyOptions);
  for (const k of ['epochs', 'itersPerEpoch'] as const) {
    positiveInteger('policySchedules', k, o[k]);
  }
  const built = policySpec(p, {
    maxLr: o.maxLr,
    ...(o.baseLr !== undefined ? { baseLr: o.baseLr } : {}),
    ...(p === 'constant' ? { lr: o.fixedLr ?? o.baseLr ?? o.maxLr / SMITH.baseDivisor } : {}),
    totalSteps: o.epochs * o.itersPerEpoch,
    itersPerEpoch: o.itersPerEpoch,
    ...(o.stepSizeEpochs !== undefined ? { stepSizeEpochs: o.stepSizeEpochs } : {}),
    ...(o.gamma !== undefined && p === 'exp_range' ? { gamma: o.gamma } : {}),
    ...(p === 'oneCycle' && o.cycleMomentum ? { cycleMomentum: true } : {}),
  });
  return {
    policy: policy as PolicyName | Policy,
    lr: fromSpec(built.lr),
    spec: built.lr,
    notes: built.notes,
    ...(built.momentum ? { momentum: fromSpec(built.momentum), momentumSpec: built.momentum } : {}),
  };
}
