// A schedule as code for the engine the big run trains on: toEngine, and its PyTorch form (the
// torch.* family, cyclic and oneCycle as the scheduler classes they mirror, the transformers
// family as a LambdaLR with the source's own lambda, anything else as a LambdaLR over lrkit's
// formula). Keras, optax and DeepSpeed: export-engines.ts. What an engine cannot reproduce exactly
// is refused, with why, rather than written approximately.
import { oneOf } from '../check/index.js';
import { deepspeedConfig, kerasCode, optaxCode } from './export-engines.js';
import { cycleShape, header, kwargs, oneCycleShape, py, pythonFunction, transformersLambda, type Shape } from './export-python.js';
import { toSpec } from './spec.js';
import type { Schedule, ScheduleSpec } from './types.js';

/** Engines {@link toEngine} writes for. */
export type Engine = 'pytorch' | 'keras' | 'optax' | 'deepspeed';

/** The engines, for messages and the CLI. */
export const ENGINES: readonly Engine[] = ['pytorch', 'keras', 'optax', 'deepspeed'];

/** Options of {@link toEngine}. */
export interface EngineOptions {
  /** Training steps, for the engines that tabulate a schedule (Keras and optax for non-native schedules) or need the length to know an equivalent is exact (DeepSpeed). */
  steps?: number;
  /**
   * PyTorch: the momentum schedule cycled with `schedule` — a cyclicMomentum beside a cyclic, a
   * oneCycleMomentum beside a oneCycle, with the same shape — written as `cycle_momentum=True`
   * with its bounds. Other engines cannot schedule momentum and refuse it.
   */
  momentum?: Schedule | ScheduleSpec;
}

/** The scheduler construction for one spec, as a Python expression of `optimizer`. */
function pytorchScheduler(spec: ScheduleSpec, momentum?: ScheduleSpec): { lr: number; code: string; defs?: string } {
  const s = spec as unknown as Record<string, unknown>;
  const cls = (name: string, args: Record<string, unknown>) => `lr_scheduler.${name}(optimizer, ${kwargs(args)})`;
  switch (spec.type) {
    case 'torch.stepLR':
      return { lr: spec.lr, code: cls('StepLR', { step_size: spec.stepSize, gamma: spec.gamma }) };
    case 'torch.multiStepLR':
      return { lr: spec.lr, code: cls('MultiStepLR', { milestones: spec.milestones, gamma: spec.gamma }) };
    case 'torch.constantLR':
      return { lr: spec.lr, code: cls('ConstantLR', { factor: spec.factor, total_iters: spec.totalIters }) };
    case 'torch.linearLR':
      return { lr: spec.lr, code: cls('LinearLR', { start_factor: spec.startFactor, end_factor: spec.endFactor, total_iters: spec.totalIters }) };
    case 'torch.exponentialLR':
      return { lr: spec.lr, code: cls('ExponentialLR', { gamma: spec.gamma }) };
    case 'torch.polynomialLR':
      return { lr: spec.lr, code: cls('PolynomialLR', { total_iters: spec.totalIters, power: spec.power }) };
    case 'torch.cosineAnnealingLR':
      return { lr: spec.lr, code: cls('CosineAnnealingLR', { T_max: spec.tMax, eta_min: spec.etaMin }) };
    case 'torch.cosineAnnealingWarmRestarts':
      return { lr: spec.lr, code: cls('CosineAnnealingWarmRestarts', { T_0: spec.t0, T_mult: spec.tMult, eta_min: spec.etaMin }) };
    case 'torch.sequentialLR': {
      const children = spec.schedulers.map((c) => pytorchScheduler(c));
      if (children.some((c) => c.lr !== spec.lr)) throw new RangeError('toEngine: a sequentialLR child with another lr has no PyTorch form');
      return { lr: spec.lr, code: `lr_scheduler.SequentialLR(optimizer, schedulers=[\n        ${children.map((c) => c.code).join(',\n        ')},\n    ], milestones=${py(spec.milestones)})` };
    }
    case 'cyclic': {
      const shape = cycleShape(spec);
      return {
        lr: spec.baseLr,
        code: cls('CyclicLR', { base_lr: spec.baseLr, max_lr: spec.maxLr, ...shape, ...momentumArgs('cyclicMomentum', shape, momentum, cycleShape) }),
      };
    }
    case 'oneCycle': {
      const shape = oneCycleShape(spec);
      return {
        lr: spec.maxLr,
        code: cls('OneCycleLR', {
          max_lr: spec.maxLr, total_steps: shape.total_steps, pct_start: shape.pct_start, anneal_strategy: shape.anneal_strategy,
          div_factor: spec.divFactor ?? 25, final_div_factor: spec.finalDivFactor ?? 1e4, three_phase: shape.three_phase,
          ...momentumArgs('oneCycleMomentum', shape, momentum, oneCycleShape),
        }),
      };
    }
    case 'constant':
      return { lr: spec.value, code: 'lr_scheduler.LambdaLR(optimizer, lambda s: 1.0)' };
    default:
      if (spec.type.startsWith('transformers.')) {
        const lr = s.lr as number;
        return { lr, code: `lr_scheduler.LambdaLR(optimizer, lambda s: ${transformersLambda(s)})` };
      }
      if (spec.type.startsWith('torch.') || spec.type === 'cyclicMomentum' || spec.type === 'oneCycleMomentum') {
        throw new RangeError(`toEngine: ${spec.type} cannot be written for PyTorch exactly`);
      }
      // Everything else as its own formula: a base rate of 1.0 times lrkit_lr(step) is the rate itself.
      return { lr: 1.0, code: 'lr_scheduler.LambdaLR(optimizer, lrkit_lr)', defs: pythonFunction(spec) };
  }
}

/** cycle_momentum and its bounds: on when `momentum` is the twin of the lr schedule's shape. */
function momentumArgs(twin: string, shape: Shape, momentum: ScheduleSpec | undefined, shapeOf: (s: Record<string, unknown>) => Shape): Shape {
  if (!momentum) return { cycle_momentum: false };
  const m = momentum as unknown as Record<string, unknown>;
  if (momentum.type !== twin) throw new RangeError(`toEngine: PyTorch cycles momentum inside this scheduler only as ${twin} (got ${momentum.type})`);
  const other = shapeOf(m);
  for (const [k, v] of Object.entries(shape)) {
    if (other[k] !== v) throw new RangeError(`toEngine: the momentum schedule's ${k} is ${String(other[k])}, the learning rate's ${String(v)}: PyTorch cycles both with one shape`);
  }
  return { cycle_momentum: true, base_momentum: m.baseMomentum as number, max_momentum: m.maxMomentum as number };
}

/**
 * Code that rebuilds `schedule` in another engine, with lrkit's step convention (the rate before
 * the t-th optimizer step is `schedule(t)`):
 * - `'pytorch'`: `make_scheduler(optimizer)`, a torch.optim.lr_scheduler scheduler; call
 *   `scheduler.step()` after every `optimizer.step()`. The torch.* family, cyclic and oneCycle
 *   become the classes they mirror (with `{ momentum }`, cycling it too); anything else a
 *   LambdaLR on a base rate of 1.0.
 * - `'keras'`: `make_schedule()` for `learning_rate=`: Keras's own class for the keras.* family,
 *   otherwise a LearningRateSchedule reading a float64 table of `steps` values.
 * - `'optax'`: `schedule(count)`, a table of `steps` values (constant: `optax.constant_schedule`).
 * - `'deepspeed'`: the `scheduler` block of ds_config.json, where one of DeepSpeed's schedulers is
 *   the schedule exactly (a triangular cycle: OneCycle; a linear rise: LRRangeTest).
 * Throws a RangeError, saying why and what to do instead, for a schedule the engine cannot
 * reproduce exactly.
 *
 * @example
 * toEngine(torch.stepLR({ lr: 0.1, stepSize: 30 }), 'pytorch');
 * // "...return lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)"
 * toEngine(keras.cosineDecay({ initialLearningRate: 0.1, decaySteps: 1000 }), 'keras');
 * // "...return keras.optimizers.schedules.CosineDecay(initial_learning_rate=0.1, decay_steps=1000, ...)"
 */
export function toEngine(schedule: Schedule | ScheduleSpec, engine: Engine, options: EngineOptions = {}): string {
  oneOf('toEngine', 'engine', engine, ENGINES);
  const spec = typeof schedule === 'function' ? toSpec(schedule) : schedule;
  const momentum = options.momentum === undefined ? undefined : typeof options.momentum === 'function' ? toSpec(options.momentum) : options.momentum;
  if (momentum && engine !== 'pytorch') {
    throw new RangeError(`toEngine: ${engine} cannot schedule momentum with the learning rate; export the momentum schedule for PyTorch, or leave it out`);
  }
  if (engine === 'keras') return kerasCode(spec, options.steps);
  if (engine === 'optax') return optaxCode(spec, options.steps);
  if (engine === 'deepspeed') return deepspeedConfig(spec, options.steps);
  if (momentum && spec.type !== 'cyclic' && spec.type !== 'oneCycle') {
    throw new RangeError(`toEngine: PyTorch cycles momentum only in CyclicLR and OneCycleLR, not beside ${spec.type}`);
  }
  const { lr, code, defs } = pytorchScheduler(spec, momentum);
  return `${header(spec)}
import math
from torch.optim import lr_scheduler

${defs ? `\n${defs}\n` : ''}
def make_scheduler(optimizer):
    """The lrkit schedule as a PyTorch scheduler: call scheduler.step() after every optimizer.step()."""
    for group in optimizer.param_groups:
        group["lr"] = ${py(lr)}
        group.pop("initial_lr", None)
    return ${code}
`;
}
