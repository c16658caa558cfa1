import type * as tf from '@tensorflow/tfjs';
import { fail } from '../check/index.js';
import type { ClassificationData } from '../data/types.js';
import { policySchedules, type PolicyName, type PolicyOptions, type PolicySchedules } from './policy.js';
import { trainWithSchedule, type TrainOptions, type TrainResult } from './train.js';

/**
 * Options of {@link comparePolicies}.
 *
 * @example
 * const opts: CompareOptions = {
 *   policies: ['fixed', 'triangular2', 'one-cycle'],
 *   makeModel: () => createMlp({ inputShape: [28, 28, 1], classes: 10, optimizer: 'momentum' }),
 *   train, test, epochs: 3, bounds: { baseLr: 0.01, maxLr: 0.1 },
 * };
 */
export interface CompareOptions extends Pick<TrainOptions, 'batchSize' | 'evalEvery' | 'evalLimit' | 'seed' | 'signal'> {
  policies: readonly string[];
  /** A fresh compiled model per policy (may be async); give it the same seed so every policy starts equal. */
  makeModel: () => tf.LayersModel | Promise<tf.LayersModel>;
  train: ClassificationData;
  test: ClassificationData;
  epochs: number;
  /** Learning-rate bounds and cycle settings shared by all policies. */
  bounds: Omit<PolicyOptions, 'epochs' | 'itersPerEpoch'>;
  /** Called before each policy starts. */
  onPolicy?: (policy: PolicyName, index: number) => void;
  /** Passed to trainWithSchedule for every policy. */
  onStep?: TrainOptions['onStep'];
}

/**
 * One policy's run in a {@link comparePolicies} result.
 *
 * @example
 * runs.map((r) => [r.policy, r.result.finalAccuracy]);
 */
export interface PolicyRun {
  policy: PolicyName;
  schedules: PolicySchedules;
  result: TrainResult;
}

/**
 * Train the same model (fresh weights from `makeModel`) once per policy on the same data and
 * batches, one after the other, and collect accuracy vs step for each. Stops early (keeping the
 * runs so far) when `signal` aborts.
 *
 * @example
 * const runs = await comparePolicies(opts);
 * for (const r of runs) console.log(r.policy, r.result.finalAccuracy);
 */
export async function comparePolicies(opts: CompareOptions): Promise<PolicyRun[]> {
  if (!Array.isArray(opts.policies) || opts.policies.length === 0) {
    fail('comparePolicies', 'policies', 'a non-empty list', opts.policies);
  }
  const batchSize = opts.batchSize ?? 64;
  const itersPerEpoch = Math.floor(opts.train.count / batchSize);
  // Validate every policy before spending time on training.
  const all = opts.policies.map((p) => policySchedules(p, { ...opts.bounds, epochs: opts.epochs, itersPerEpoch }));
  const runs: PolicyRun[] = [];
  for (const [i, schedules] of all.entries()) {
    if (opts.signal?.aborted) break;
    opts.onPolicy?.(opts.policies[i], i);
    const model = await opts.makeModel();
    try {
      const result = await trainWithSchedule({
        model,
        train: opts.train,
        test: opts.test,
        epochs: opts.epochs,
        batchSize,
        lr: schedules.lr,
        ...(schedules.momentum ? { momentum: schedules.momentum } : {}),
        ...(opts.evalEvery !== undefined ? { evalEvery: opts.evalEvery } : {}),
        ...(opts.evalLimit !== undefined ? { evalLimit: opts.evalLimit } : {}),
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onStep ? { onStep: opts.onStep } : {}),
      });
      runs.push({ policy: opts.policies[i], schedules, result });
    } finally {
      model.optimizer?.dispose();
      model.dispose();
    }
  }
  return runs;
}
