// The recommendation as schedules a user can run: each use built by the one policy builder
// (schedules/policy.ts) over a length that is either the user's or named as assumed.
import { policySpec, type ScheduleSpec } from '../schedules/index.js';
import type { Recommendation } from '../suggestions/index.js';
import { fmtRate } from './format.js';

/** How long the recommended schedules run, and which of the numbers were assumed rather than given. */
export interface ScheduleLength {
  totalSteps: number;
  itersPerEpoch?: number;
  epochs?: number;
  /** Names of the numbers that are defaults, not the user's (`epochs`, `itersPerEpoch`): said wherever the length is shown. */
  assumed: string[];
}

/** One recommended use as a schedule spec, with one sentence that says what it is. */
export interface RecommendedSchedule {
  spec: ScheduleSpec;
  /** One-cycle's momentum twin (0.95 → 0.85 → 0.95). */
  momentum?: ScheduleSpec;
  note: string;
}

/** The recommendation's uses as schedules (absent where the recommendation gives no answer). */
export interface RecommendedSchedules {
  constant?: RecommendedSchedule;
  oneCycle?: RecommendedSchedule;
  cyclic?: RecommendedSchedule;
}

/** `10 epochs x 100 steps = 1000 steps (assumed: pass --epochs ...)`-style words for a length. */
export function describeLength(l: ScheduleLength): string {
  const shape = l.epochs !== undefined && l.itersPerEpoch !== undefined ? `${l.epochs} epochs x ${l.itersPerEpoch} steps = ` : '';
  const assumed = l.assumed.length ? ` (assumed ${l.assumed.join(' and ')}: give your run's)` : '';
  return `${shape}${l.totalSteps} steps${assumed}`;
}

/**
 * Builds the recommended schedules: a constant rate; one-cycle to its peak over the whole length
 * (with its momentum twin); triangular between the cyclic bounds with the recommendation's half
 * cycle: `stepSizeEpochs` when the user gave one, else Smith's default, shortened to fit one
 * cycle in a shorter run.
 *
 * @example
 * recommendedSchedules(recommend(result, { itersPerEpoch: 937 }), { totalSteps: 9370, itersPerEpoch: 937, epochs: 10, assumed: [] }).oneCycle?.spec;
 */
export function recommendedSchedules(rec: Recommendation, length: ScheduleLength, stepSizeEpochs?: number): RecommendedSchedules {
  const out: RecommendedSchedules = {};
  const sure = (c: { confidence: string }) => (c.confidence === 'high' ? '' : ` (confidence ${c.confidence})`);
  const over = `over ${describeLength(length)}`;
  if (rec.constant) {
    const built = policySpec('constant', { lr: rec.constant.lr, totalSteps: length.totalSteps });
    out.constant = { spec: built.lr, note: `constant ${fmtRate(rec.constant.lr)}${sure(rec.constant)}: ${rec.constant.rule}` };
  }
  if (rec.oneCycle) {
    const built = policySpec('oneCycle', { maxLr: rec.oneCycle.maxLr, totalSteps: length.totalSteps, cycleMomentum: true });
    out.oneCycle = { spec: built.lr, momentum: built.momentum, note: `one-cycle to ${fmtRate(rec.oneCycle.maxLr)} ${over}${sure(rec.oneCycle)}: ${rec.oneCycle.rule}` };
  }
  if (rec.cyclic) {
    const itersPerEpoch = length.itersPerEpoch;
    const built = policySpec('triangular', {
      baseLr: rec.cyclic.baseLr, maxLr: rec.cyclic.maxLr, totalSteps: length.totalSteps,
      ...(itersPerEpoch ? { itersPerEpoch } : {}), ...(stepSizeEpochs ? { stepSizeEpochs } : {}),
    });
    const notes = built.notes.length ? ` (${built.notes.join('; ')})` : '';
    out.cyclic = {
      spec: built.lr,
      note: `triangular between ${fmtRate(rec.cyclic.baseLr)} and ${fmtRate(rec.cyclic.maxLr)}, half cycle ${built.stepSizeUp} steps${notes}, ${over}${sure(rec.cyclic)}: ${rec.cyclic.rule}`,
    };
  }
  return out;
}
