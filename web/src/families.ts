// The designer's "PyTorch / Keras / Hugging Face" policy: any factory of lrkit's torch, keras and
// transformers families by its library name, with its options as JSON (what `lrkit schedule
// <name> --options` takes), prefilled from the designer's max LR and length.
import { FAMILY_FACTORIES as LIBRARY_FACTORIES, type Schedule } from 'lrkit';

/** Every family factory the designer offers, `torch.stepLR` ... `transformers.wsdSchedule` (the library's list). */
export const FAMILY_FACTORIES = LIBRARY_FACTORIES;

/** The names, in menu order. */
export const FAMILY_NAMES = Object.keys(FAMILY_FACTORIES);

/**
 * Options that make a sensible first design for `name` over `total` steps peaking at `lr`.
 *
 * @example
 * familyDefaults('torch.stepLR', 0.1, 1000); // { lr: 0.1, stepSize: 333, gamma: 0.1 }
 */
export function familyDefaults(name: string, lr: number, total: number): Record<string, unknown> {
  const third = Math.max(1, Math.floor(total / 3));
  const warm = Math.max(1, Math.floor(total / 10));
  const table: Record<string, Record<string, unknown>> = {
    'torch.stepLR': { lr, stepSize: third, gamma: 0.1 },
    'torch.multiStepLR': { lr, milestones: [Math.floor(total / 2), Math.floor((3 * total) / 4)], gamma: 0.1 },
    'torch.constantLR': { lr, factor: 1 / 3, totalIters: warm },
    'torch.linearLR': { lr, startFactor: 1 / 3, endFactor: 1, totalIters: warm },
    'torch.exponentialLR': { lr, gamma: Number((0.01 ** (1 / total)).toPrecision(6)) },
    'torch.polynomialLR': { lr, totalIters: total, power: 1 },
    'torch.cosineAnnealingLR': { lr, tMax: total, etaMin: 0 },
    'torch.cosineAnnealingWarmRestarts': { lr, t0: Math.max(1, Math.floor(total / 7)), tMult: 2, etaMin: 0 },
    'torch.sequentialLR': { lr, milestones: [warm], schedulers: [{ type: 'linearLR', startFactor: 0.1, totalIters: warm }, { type: 'cosineAnnealingLR', tMax: Math.max(1, total - warm) }] },
    'torch.cyclicLR': { baseLr: lr / 4, maxLr: lr, stepSizeUp: Math.max(1, Math.floor(total / 8)), mode: 'triangular2' },
    'torch.oneCycleLR': { maxLr: lr, totalSteps: total },
    'keras.exponentialDecay': { initialLearningRate: lr, decaySteps: third, decayRate: 0.5, staircase: false },
    'keras.piecewiseConstantDecay': { boundaries: [Math.floor(total / 2), Math.floor((3 * total) / 4)], values: [lr, lr / 10, lr / 100] },
    'keras.polynomialDecay': { initialLearningRate: lr, decaySteps: total, endLearningRate: lr / 100, power: 1, cycle: false },
    'keras.inverseTimeDecay': { initialLearningRate: lr, decaySteps: third, decayRate: 0.5, staircase: false },
    'keras.cosineDecay': { initialLearningRate: 0, decaySteps: Math.max(1, total - warm), alpha: 0, warmupTarget: lr, warmupSteps: warm },
    'keras.cosineDecayRestarts': { initialLearningRate: lr, firstDecaySteps: Math.max(1, Math.floor(total / 7)), tMul: 2, mMul: 1, alpha: 0 },
    'transformers.constantSchedule': { lr },
    'transformers.constantScheduleWithWarmup': { lr, numWarmupSteps: warm },
    'transformers.linearScheduleWithWarmup': { lr, numWarmupSteps: warm, numTrainingSteps: total },
    'transformers.cosineScheduleWithWarmup': { lr, numWarmupSteps: warm, numTrainingSteps: total },
    'transformers.cosineWithHardRestartsScheduleWithWarmup': { lr, numWarmupSteps: warm, numTrainingSteps: total, numCycles: 3 },
    'transformers.polynomialDecayScheduleWithWarmup': { lr, numWarmupSteps: warm, numTrainingSteps: total, lrEnd: lr / 100, power: 2 },
    'transformers.inverseSqrtSchedule': { lr, numWarmupSteps: warm },
    'transformers.cosineWithMinLrScheduleWithWarmup': { lr, numWarmupSteps: warm, numTrainingSteps: total, minLrRate: 0.1 },
    'transformers.wsdSchedule': { lr, numWarmupSteps: warm, numStableSteps: Math.max(0, total - 3 * warm), numDecaySteps: 2 * warm, decayType: 'cosine' },
  };
  return table[name] ?? { lr };
}

/**
 * Builds `name` from its JSON options; errors say which factory and what is wrong.
 *
 * @example
 * familySchedule('keras.cosineDecay', '{"initialLearningRate": 0.1, "decaySteps": 100}');
 */
export function familySchedule(name: string, json: string): Schedule {
  const make = FAMILY_FACTORIES[name];
  if (!make) throw new RangeError(`Factory must be one of ${FAMILY_NAMES.join(', ')}, got ${JSON.stringify(name)}`);
  let options: unknown;
  try {
    options = JSON.parse(json);
  } catch (e) {
    throw new RangeError(`Options must be JSON, e.g. ${JSON.stringify(familyDefaults(name, 0.1, 100))}: ${(e as Error).message}`);
  }
  try {
    return make(options as never);
  } catch (e) {
    throw new RangeError(`Options for ${name}: ${(e as Error).message}`);
  }
}
