// The one policy builder: a policy + learning-rate bounds + a length → schedule specs. Smith's
// constants live here and nowhere else, so `find`'s recommended schedules, `train`, `compare`,
// `schedule` and the page's designer build the same schedule from the same numbers.
import { constant } from './basic.js';
import { cyclic } from './cyclic.js';
import { oneCycle, oneCycleMomentum } from './one-cycle.js';
import { toSpec } from './spec.js';
import type { ScheduleSpec } from './types.js';
import { knownOptions, inRange, positive, positiveInteger, oneOf } from '../check/index.js';

/**
 * Smith's constants for schedules built from a range test (Smith 2017, 3.3; Smith 2018):
 * the cyclic half cycle in epochs (2–10; 4 is the middle ground of the paper's experiments) and
 * `baseLr = maxLr / baseDivisor` (Smith: 1/3 to 1/4 of max_lr).
 *
 * @example
 * SMITH.halfCycleEpochs; // 4
 */
export const SMITH = { halfCycleEpochs: 4, baseDivisor: 4 } as const;

/** The policies of {@link policySpec}, in lrkit's core vocabulary. @example POLICIES.includes('oneCycle') */
export const POLICIES = ['constant', 'triangular', 'triangular2', 'exp_range', 'oneCycle'] as const;

/** One of {@link POLICIES}. */
export type Policy = (typeof POLICIES)[number];

/** The policy names people type (the CLI's `--policy`, the page's menu) -> {@link POLICIES}. */
const POLICY_ALIASES: Readonly<Record<string, Policy>> = {
  ...Object.fromEntries(POLICIES.map((p) => [p, p])),
  fixed: 'constant',
  'one-cycle': 'oneCycle',
};

/**
 * The one translation of a policy name into the core vocabulary ({@link POLICIES}): the CLI's
 * `fixed` is `constant`, its `one-cycle` is `oneCycle`; core names stay. Anything else throws a
 * RangeError naming `what`.
 *
 * @example
 * corePolicy('one-cycle'); // 'oneCycle'
 * corePolicy('fixed');     // 'constant'
 */
export function corePolicy(name: unknown, what = 'policy'): Policy {
  const p = typeof name === 'string' && Object.hasOwn(POLICY_ALIASES, name) ? POLICY_ALIASES[name] : undefined;
  if (!p) throw new RangeError(`${what} must be one of ${POLICIES.join(', ')} (or fixed, one-cycle), got ${typeof name === 'string' ? JSON.stringify(name) : String(name)}`);
  return p;
}

/**
 * Options of {@link policySpec}.
 *
 * @example
 * const o: PolicySpecOptions = { maxLr: 0.1, totalSteps: 1000, itersPerEpoch: 100 };
 */
export interface PolicySpecOptions {
  /** The rate of `constant` (default `baseLr`, else `maxLr`). */
  lr?: number;
  /** Low end of the cycles (default `maxLr / SMITH.baseDivisor`). */
  baseLr?: number;
  /** High end of the cycles; the one-cycle peak. */
  maxLr?: number;
  /** Length of the run in optimizer steps. */
  totalSteps: number;
  /** Optimizer steps per epoch: sets the cyclic half cycle (default: a tenth of `totalSteps` is one epoch). */
  itersPerEpoch?: number;
  /** Cyclic half cycle in epochs, 2 to 10 (default `SMITH.halfCycleEpochs`). */
  stepSizeEpochs?: number;
  /** exp_range decay per step (default: the amplitude shrinks to a tenth over the run). */
  gamma?: number;
  /** One-cycle: cycle momentum 0.95 → 0.85 → 0.95 as well (default false). */
  cycleMomentum?: boolean;
}

/**
 * What {@link policySpec} built: the learning-rate spec, the momentum spec when cycled, the cyclic
 * half cycle in steps, and a note for each choice made for the user (a shortened half cycle).
 */
export interface PolicySpec {
  policy: Policy;
  lr: ScheduleSpec;
  momentum?: ScheduleSpec;
  stepSizeUp?: number;
  notes: string[];
}

/**
 * Builds the schedule of one policy over `totalSteps`:
 *
 *     constant      lr
 *     triangular*   cyclic(baseLr, maxLr, stepSizeUp = round(stepSizeEpochs × itersPerEpoch))
 *     exp_range     the same with gamma = 0.1^(1 / totalSteps) unless given
 *     oneCycle      oneCycle(maxLr, totalSteps) (PyTorch's OneCycleLR defaults)
 *
 * Smith's default half cycle, when longer than half the run, is shortened to fit one whole cycle;
 * a note says so (and says when a half cycle given by the user does not fit).
 *
 * @example
 * policySpec('triangular', { maxLr: 0.1, totalSteps: 2000, itersPerEpoch: 100 }).lr;
 * // { type: 'cyclic', baseLr: 0.025, maxLr: 0.1, stepSizeUp: 400, ... }
 */
export function policySpec(policy: Policy, options: PolicySpecOptions): PolicySpec {
  const fn = 'policySpec()';
  oneOf(fn, 'policy', policy, POLICIES);
  const o = knownOptions(fn, options, ['lr', 'baseLr', 'maxLr', 'totalSteps', 'itersPerEpoch', 'stepSizeEpochs', 'gamma', 'cycleMomentum']) as unknown as PolicySpecOptions;
  const totalSteps = positiveInteger(fn, 'totalSteps', o.totalSteps);
  const maxLr = o.maxLr === undefined ? undefined : positive(fn, 'maxLr', o.maxLr);
  const need = (v: number | undefined, name: string): number => {
    if (v === undefined) throw new RangeError(`${fn}: ${name} is required for ${policy}, got undefined`);
    return v;
  };
  const notes: string[] = [];
  if (policy === 'constant') {
    const lr = positive(fn, 'lr', o.lr ?? o.baseLr ?? need(maxLr, 'lr'));
    return { policy, lr: toSpec(constant(lr)), notes };
  }
  const peak = need(maxLr, 'maxLr');
  if (policy === 'oneCycle') {
    const momentum = o.cycleMomentum ? { momentum: toSpec(oneCycleMomentum({ totalSteps })) } : {};
    return { policy, lr: toSpec(oneCycle({ maxLr: peak, totalSteps })), ...momentum, notes };
  }
  const baseLr = positive(fn, 'baseLr', o.baseLr ?? peak / SMITH.baseDivisor);
  if (baseLr >= peak) throw new RangeError(`${fn}: baseLr (${baseLr}) must be below maxLr (${peak}) for ${policy}`);
  const itersPerEpoch = o.itersPerEpoch === undefined ? Math.max(1, Math.round(totalSteps / 10)) : positiveInteger(fn, 'itersPerEpoch', o.itersPerEpoch);
  const stepSizeEpochs = inRange(fn, 'stepSizeEpochs', o.stepSizeEpochs ?? SMITH.halfCycleEpochs, 0, Infinity, { lo: true });
  let stepSizeUp = Math.max(1, Math.round(stepSizeEpochs * itersPerEpoch));
  // A run shorter than one cycle never comes back down: Smith's default half cycle is shortened to
  // fit one whole cycle in it; a half cycle the user chose is kept, with a note.
  if (2 * stepSizeUp > totalSteps && totalSteps >= 2) {
    if (o.stepSizeEpochs === undefined) {
      const fitted = Math.floor(totalSteps / 2);
      notes.push(`half cycle shortened from ${stepSizeUp} to ${fitted} steps so that one whole cycle fits in the ${totalSteps}-step run`);
      stepSizeUp = fitted;
    } else {
      notes.push(`the ${totalSteps}-step run ends within the first cycle (${2 * stepSizeUp} steps)`);
    }
  }
  let gamma: number | undefined;
  if (policy === 'exp_range') gamma = o.gamma === undefined ? Math.pow(0.1, 1 / totalSteps) : positive(fn, 'gamma', o.gamma);
  else if (o.gamma !== undefined) throw new RangeError(`${fn}: gamma sets exp_range's decay, and the policy is ${policy}; got gamma ${o.gamma}`);
  const lr = cyclic({ baseLr, maxLr: peak, stepSizeUp, mode: policy, ...(gamma !== undefined ? { gamma } : {}) });
  return { policy, lr: toSpec(lr), stepSizeUp, notes };
}
