// `--optimizer prodigy | schedule-free-adamw`: optimizers that set their own step size. `train`
// runs them at a constant rate (their default, or --base-lr / --max-lr) with no range test; `find`
// and `compare` refuse them (a range test or a comparison of LR policies means nothing for them).
import { isLrFreeOptimizerName, LR_FREE_DEFAULT_LR } from '../models/index.js';
import { UsageError } from './errors.js';

/**
 * Throws a UsageError (exit 2) for an LR-free optimizer in a command that tunes the learning rate.
 *
 * @example
 * refuseLrFreeOptimizer('prodigy', 'find'); // throws: invalid --optimizer prodigy: ...
 */
export function refuseLrFreeOptimizer(optimizer: string, command: 'find' | 'compare'): void {
  if (!isLrFreeOptimizerName(optimizer)) return;
  const what = command === 'find' ? 'needs no LR range test' : 'has no learning-rate policies to compare';
  throw new UsageError(
    `invalid --optimizer ${optimizer}: an LR-free optimizer sets its own step size and ${what}; train with it directly: lrkit train --optimizer ${optimizer}`,
  );
}

/**
 * For `lrkit train` with an LR-free optimizer: the constant policy at the optimizer's rate (no range
 * test). An explicit --policy other than fixed is refused. Returns the note to print, or undefined.
 *
 * @example
 * lrFreeTrainSettings(o, false); // o.policy = 'fixed', o.baseLr = o.maxLr = 1 for prodigy
 */
export function lrFreeTrainSettings(o: { optimizer: string; policy: string; baseLr?: number; maxLr?: number; lrFrom?: string }, policyGiven: boolean): string | undefined {
  if (!isLrFreeOptimizerName(o.optimizer)) return undefined;
  if (policyGiven && o.policy !== 'fixed') {
    throw new UsageError(`invalid --policy ${o.policy}: --optimizer ${o.optimizer} sets its own step size; omit --policy (or use fixed)`);
  }
  const given = o.baseLr ?? o.maxLr;
  const lr = given ?? LR_FREE_DEFAULT_LR[o.optimizer];
  // Where the rate came from, as `train` prints it ("bounds from ...").
  Object.assign(o, { policy: 'fixed', baseLr: lr, maxLr: lr, lrFrom: given === undefined ? `${o.optimizer}'s reference default` : 'flags' });
  const what = o.optimizer === 'prodigy' ? 'multiplier of its own step size' : 'base rate (its own warm-up and averaging do the rest)';
  return `${o.optimizer} sets its own step size: no range test, no schedule; lr ${lr} = its ${what}${given === undefined ? ' (the reference default)' : ''}`;
}
