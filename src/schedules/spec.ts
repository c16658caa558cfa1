// JSON form of schedules. zod checks the shape (types, unknown keys, the `type` tag); the
// factories then check values, so a spec and a code call reject the same bad options.
import { z } from 'zod';
import { constant, cosine, exponential, linear, warmRestarts } from './basic.js';
import { cyclic, cyclicMomentum } from './cyclic.js';
import { join } from './join.js';
import { oneCycle, oneCycleMomentum } from './one-cycle.js';
import { specThunk } from './registry.js';
import { KERAS_FACTORIES } from './keras.js';
import { sequentialLR, TORCH_FACTORIES } from './torch.js';
import { TRANSFORMERS_FACTORIES } from './transformers.js';

const FAMILY_FACTORIES = { ...TORCH_FACTORIES, ...KERAS_FACTORIES, ...TRANSFORMERS_FACTORIES };
import type { Schedule, ScheduleSpec } from './types.js';
import { show } from '../check/index.js';

const num = z.number();
const opt = num.optional();
const cycleFields = {
  stepSizeUp: opt,
  stepSizeDown: opt,
  mode: z.enum(['triangular', 'triangular2', 'exp_range']).optional(),
  gamma: opt,
  scaleMode: z.enum(['cycle', 'iterations']).optional(),
};
const bool = z.boolean().optional();
const training = { lr: num, numWarmupSteps: num, numTrainingSteps: num };
const wsdShape = z.enum(['linear', 'cosine', '1-sqrt']).optional();
const oneCycleFields = {
  totalSteps: opt,
  epochs: opt,
  stepsPerEpoch: opt,
  pctStart: opt,
  annealStrategy: z.enum(['cos', 'linear']).optional(),
  threePhase: z.boolean().optional(),
};

/**
 * zod schema of {@link ScheduleSpec} (shape only; value ranges are checked by the factories).
 *
 * @example
 * scheduleSpecSchema.safeParse({ type: 'constant', value: 0.1 }).success; // true
 */
export const scheduleSpecSchema: z.ZodType<ScheduleSpec> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('constant'), value: num }),
    z.strictObject({ type: z.literal('linear'), start: num, end: num, steps: num }),
    z.strictObject({ type: z.literal('exponential'), start: num, gamma: opt, end: opt, steps: opt }),
    z.strictObject({ type: z.literal('cosine'), start: num, end: opt, steps: num }),
    z.strictObject({ type: z.literal('warmRestarts'), max: num, min: opt, period: num, multiplier: opt }),
    z.strictObject({ type: z.literal('cyclic'), baseLr: num, maxLr: num, ...cycleFields }),
    z.strictObject({ type: z.literal('cyclicMomentum'), baseMomentum: opt, maxMomentum: opt, ...cycleFields }),
    z.strictObject({
      type: z.literal('oneCycle'),
      maxLr: num,
      divFactor: opt,
      finalDivFactor: opt,
      ...oneCycleFields,
    }),
    z.strictObject({ type: z.literal('oneCycleMomentum'), baseMomentum: opt, maxMomentum: opt, ...oneCycleFields }),
    z.strictObject({
      type: z.literal('join'),
      schedules: z.array(scheduleSpecSchema).min(1),
      boundaries: z.array(num),
    }),
    z.strictObject({ type: z.literal('torch.stepLR'), lr: num, stepSize: num, gamma: opt }),
    z.strictObject({ type: z.literal('torch.multiStepLR'), lr: num, milestones: z.array(num), gamma: opt }),
    z.strictObject({ type: z.literal('torch.constantLR'), lr: num, factor: opt, totalIters: opt }),
    z.strictObject({ type: z.literal('torch.linearLR'), lr: num, startFactor: opt, endFactor: opt, totalIters: opt }),
    z.strictObject({ type: z.literal('torch.exponentialLR'), lr: num, gamma: num }),
    z.strictObject({ type: z.literal('torch.polynomialLR'), lr: num, totalIters: opt, power: opt }),
    z.strictObject({ type: z.literal('torch.cosineAnnealingLR'), lr: num, tMax: num, etaMin: opt }),
    z.strictObject({ type: z.literal('torch.cosineAnnealingWarmRestarts'), lr: num, t0: num, tMult: opt, etaMin: opt }),
    z.strictObject({ type: z.literal('keras.exponentialDecay'), initialLearningRate: num, decaySteps: num, decayRate: num, staircase: bool }),
    z.strictObject({ type: z.literal('keras.piecewiseConstantDecay'), boundaries: z.array(num), values: z.array(num) }),
    z.strictObject({ type: z.literal('keras.polynomialDecay'), initialLearningRate: num, decaySteps: num, endLearningRate: opt, power: opt, cycle: bool }),
    z.strictObject({ type: z.literal('keras.inverseTimeDecay'), initialLearningRate: num, decaySteps: num, decayRate: num, staircase: bool }),
    z.strictObject({ type: z.literal('keras.cosineDecay'), initialLearningRate: num, decaySteps: num, alpha: opt, warmupTarget: num.nullable().optional(), warmupSteps: opt }),
    z.strictObject({ type: z.literal('keras.cosineDecayRestarts'), initialLearningRate: num, firstDecaySteps: num, tMul: opt, mMul: opt, alpha: opt }),
    z.strictObject({ type: z.literal('transformers.constantSchedule'), lr: num }),
    z.strictObject({ type: z.literal('transformers.constantScheduleWithWarmup'), lr: num, numWarmupSteps: num }),
    z.strictObject({ type: z.literal('transformers.linearScheduleWithWarmup'), ...training }),
    z.strictObject({ type: z.literal('transformers.cosineScheduleWithWarmup'), ...training, numCycles: opt }),
    z.strictObject({ type: z.literal('transformers.cosineWithHardRestartsScheduleWithWarmup'), ...training, numCycles: opt }),
    z.strictObject({ type: z.literal('transformers.polynomialDecayScheduleWithWarmup'), ...training, lrEnd: opt, power: opt }),
    z.strictObject({ type: z.literal('transformers.inverseSqrtSchedule'), lr: num, numWarmupSteps: num, timescale: opt }),
    z.strictObject({ type: z.literal('transformers.cosineWithMinLrScheduleWithWarmup'), ...training, numCycles: opt, minLr: opt, minLrRate: opt }),
    z.strictObject({
      type: z.literal('transformers.wsdSchedule'), lr: num, numWarmupSteps: num, numDecaySteps: num, numTrainingSteps: opt, numStableSteps: opt,
      warmupType: wsdShape, decayType: wsdShape, minLrRatio: opt, numCycles: opt,
    }),
    z.strictObject({
      type: z.literal('torch.sequentialLR'),
      lr: num,
      schedulers: z.array(scheduleSpecSchema).min(1),
      milestones: z.array(num),
    }),
  ]),
) as z.ZodType<ScheduleSpec>;

// Factories whose spec is `{ type, ...options }` (constant and join take other arguments).
const factories = { linear, exponential, cosine, warmRestarts, cyclic, cyclicMomentum, oneCycle, oneCycleMomentum };

function build(spec: ScheduleSpec, path: string): Schedule {
  try {
    switch (spec.type) {
      case 'constant':
        return constant(spec.value);
      case 'join':
        return join(
          spec.schedules.map((s, i) => build(s, `${path}.schedules[${i}]`)),
          spec.boundaries,
        );
      case 'torch.sequentialLR':
        return sequentialLR({ lr: spec.lr, schedulers: spec.schedulers.map((s, i) => build(s, `${path}.schedulers[${i}]`)), milestones: spec.milestones });
      default: {
        const { type, ...options } = spec;
        const make = (factories as Record<string, (o: object) => Schedule>)[type] ?? FAMILY_FACTORIES[type];
        return make(options as never);
      }
    }
  } catch (err) {
    // Say where in a nested spec the bad option sits; keep the error class (RangeError/TypeError).
    if (err instanceof Error && !err.message.startsWith('fromSpec()')) {
      err.message = `fromSpec(): at ${path}: ${err.message}`;
    }
    throw err;
  }
}

/**
 * Builds a schedule from its JSON form (an object or a JSON string), as written by {@link toSpec}.
 * Shape errors are TypeErrors naming the path; value errors come from the factory.
 *
 * @example
 * const lr = fromSpec({ type: 'cyclic', baseLr: 0.001, maxLr: 0.006, stepSizeUp: 5 });
 * lr(5); // 0.006
 * fromSpec('{"type":"constant","value":0.1}')(3); // 0.1
 */
export function fromSpec(json: unknown): Schedule {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (err) {
      const start = json.length > 40 ? `${json.slice(0, 40)}...` : json;
      throw new TypeError(`fromSpec(): not valid JSON: ${(err as Error).message}; got ${JSON.stringify(start)}`);
    }
  }
  const parsed = scheduleSpecSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = ['spec', ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join('');
    // zod's message says what is expected; add the value found there so the error shows both.
    let found: unknown = value;
    for (const p of issue.path) found = found !== null && typeof found === 'object' ? (found as Record<PropertyKey, unknown>)[p as string] : undefined;
    const got = issue.code === 'unrecognized_keys' ? '' : `; got ${show(found)}`;
    throw new TypeError(`fromSpec(): at ${at}: ${issue.message}${got}`);
  }
  return build(parsed.data, 'spec');
}

/**
 * The JSON form of a factory-made schedule: `{ type: <factory>, ...options }` with defaults
 * filled in, so `fromSpec(toSpec(s))` gives the same values as `s`. Throws a TypeError for a
 * plain function and for a cyclic schedule with a custom `scaleFn` (functions have no JSON form).
 *
 * @example
 * toSpec(cosine({ start: 0.1, steps: 100 })); // { type: 'cosine', start: 0.1, end: 0, steps: 100 }
 * JSON.stringify(toSpec(oneCycle({ maxLr: 0.1, totalSteps: 1000 })));
 */
export function toSpec(schedule: Schedule): ScheduleSpec {
  const thunk = typeof schedule === 'function' ? specThunk(schedule) : undefined;
  if (!thunk) {
    throw new TypeError(`toSpec(): expected a schedule made by an lrkit factory, got ${show(schedule)}`);
  }
  return thunk();
}
