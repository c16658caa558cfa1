// A schedule as code for the engine the big run trains on. PyTorch first: the torch.* family,
// cyclic and oneCycle become the scheduler classes they mirror, and the transformers family a
// LambdaLR with the source's own lambda. What PyTorch cannot reproduce exactly is refused, with
// why, rather than written approximately.
import { toSpec } from './spec.js';
import type { Schedule, ScheduleSpec } from './types.js';

/** Engines {@link toEngine} writes for. */
export type Engine = 'pytorch';

// JavaScript's shortest round-trip number text is valid Python and parses to the same double.
const py = (v: unknown): string => {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`;
  if (v === null || v === undefined) return 'None';
  throw new TypeError(`cannot write ${typeof v} as Python`);
};
const kwargs = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => `${k}=${py(v)}`).join(', ');

/** A transformers schedule's lr_lambda as a Python expression of `s` (the step). */
function transformersLambda(spec: Record<string, unknown>): string {
  const w = spec.numWarmupSteps as number;
  const n = spec.numTrainingSteps as number;
  const warm = `s / max(1, ${w})`;
  const progress = `(s - ${w}) / max(1, ${n} - ${w})`;
  switch (spec.type) {
    case 'transformers.constantSchedule':
      return '1.0';
    case 'transformers.constantScheduleWithWarmup':
      return `${warm} if s < ${w} else 1.0`;
    case 'transformers.linearScheduleWithWarmup':
      return `${warm} if s < ${w} else max(0.0, (${n} - s) / max(1, ${n} - ${w}))`;
    case 'transformers.cosineScheduleWithWarmup':
      return `${warm} if s < ${w} else max(0.0, 0.5 * (1.0 + math.cos(math.pi * ${py(spec.numCycles)} * 2.0 * ${progress})))`;
    case 'transformers.cosineWithHardRestartsScheduleWithWarmup':
      return `${warm} if s < ${w} else (0.0 if ${progress} >= 1.0 else max(0.0, 0.5 * (1.0 + math.cos(math.pi * ((${py(spec.numCycles)} * ${progress}) % 1.0)))))`;
    case 'transformers.polynomialDecayScheduleWithWarmup': {
      const lr = spec.lr as number;
      const end = spec.lrEnd as number;
      return `${warm} if s < ${w} else (${py(end)} / ${py(lr)} if s > ${n} else ((${py(lr)} - ${py(end)}) * (1 - (s - ${w}) / (${n} - ${w})) ** ${py(spec.power)} + ${py(end)}) / ${py(lr)})`;
    }
    case 'transformers.inverseSqrtSchedule':
      return `${warm} if s < ${w} else 1.0 / math.sqrt((s + ${py(spec.timescale)} - ${w}) / ${py(spec.timescale)})`;
    case 'transformers.cosineWithMinLrScheduleWithWarmup': {
      const rate = spec.minLrRate ?? `${py(spec.minLr)} / ${py(spec.lr)}`;
      return `${warm} if s < ${w} else max(0, 0.5 * (1.0 + math.cos(math.pi * ${py(spec.numCycles)} * 2.0 * ${progress})) * (1 - ${rate}) + ${rate})`;
    }
    default:
      throw new RangeError(`toEngine: ${String(spec.type)} has no PyTorch form yet`);
  }
}

/** The scheduler construction for one spec, as a Python expression of `optimizer`. */
function pytorchScheduler(spec: ScheduleSpec): { lr: number; code: string } {
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
      return {
        lr: spec.baseLr,
        code: cls('CyclicLR', {
          base_lr: spec.baseLr, max_lr: spec.maxLr, step_size_up: spec.stepSizeUp ?? 2000, step_size_down: spec.stepSizeDown ?? spec.stepSizeUp ?? 2000,
          mode: spec.mode ?? 'triangular', gamma: spec.gamma ?? 1, cycle_momentum: false,
        }),
      };
    }
    case 'oneCycle': {
      const total = spec.totalSteps ?? (spec.epochs as number) * (spec.stepsPerEpoch as number);
      return {
        lr: spec.maxLr,
        code: cls('OneCycleLR', {
          max_lr: spec.maxLr, total_steps: total, pct_start: spec.pctStart ?? 0.3, anneal_strategy: spec.annealStrategy ?? 'cos',
          div_factor: spec.divFactor ?? 25, final_div_factor: spec.finalDivFactor ?? 1e4, three_phase: spec.threePhase ?? false, cycle_momentum: false,
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
      throw new RangeError(
        `toEngine: ${spec.type} cannot be written for PyTorch exactly yet (supported: the torch.* and transformers.* families, cyclic, oneCycle, constant)`,
      );
  }
}

/**
 * Code that rebuilds `schedule` in another engine. For `'pytorch'`: a Python function
 * `make_scheduler(optimizer)` that sets the optimizer's rate and returns the scheduler; call
 * `scheduler.step()` after every `optimizer.step()` (lrkit's convention). Throws a RangeError,
 * saying why, for a schedule that engine cannot reproduce exactly.
 *
 * @example
 * toEngine(torch.stepLR({ lr: 0.1, stepSize: 30 }), 'pytorch');
 * // "...return lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)"
 */
export function toEngine(schedule: Schedule | ScheduleSpec, engine: Engine): string {
  if (engine !== 'pytorch') throw new RangeError(`toEngine: engine must be 'pytorch', got ${JSON.stringify(engine)} (keras, optax and deepspeed are not written yet)`);
  const spec = typeof schedule === 'function' ? toSpec(schedule) : schedule;
  const { lr, code } = pytorchScheduler(spec);
  return `# Written by lrkit (toEngine) from ${JSON.stringify(spec)}
import math
from torch.optim import lr_scheduler


def make_scheduler(optimizer):
    """The lrkit schedule as a PyTorch scheduler: call scheduler.step() after every optimizer.step()."""
    for group in optimizer.param_groups:
        group["lr"] = ${py(lr)}
        group.pop("initial_lr", None)
    return ${code}
`;
}
