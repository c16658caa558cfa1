// toEngine's Keras, optax and DeepSpeed forms. Keras's own schedules are written as the Keras
// classes they mirror; any other schedule is tabulated: lrkit's formula as plain Python
// (export-python.ts), evaluated in float64 at steps 0..steps-1 and read at the step counter, so the
// engine sees lrkit's values (in its float32) and holds the last one after `steps`. DeepSpeed's
// `scheduler` block is written only where one of its schedulers is exactly the lrkit schedule
// (deepspeed/runtime/lr_schedules.py, read at deepspeedai/DeepSpeed@614e3f17a0ca82dfc1ee9aaf887b783cac97a5bb).
import { integer } from '../check/index.js';
import { cycleShape, header, kwargs, py, pythonFunction } from './export-python.js';
import type { ScheduleSpec } from './types.js';

function needSteps(engine: string, spec: ScheduleSpec, steps: number | undefined): number {
  if (steps === undefined) {
    throw new RangeError(`toEngine: ${spec.type} has no ${engine} class of its own, so it is written as a table of its values: give { steps } (the number of training steps)`);
  }
  return integer('toEngine', 'steps', steps, 1, 10_000_000);
}

const KERAS_CLASSES: Record<string, [string, Record<string, string>]> = {
  'keras.exponentialDecay': ['ExponentialDecay', { initial_learning_rate: 'initialLearningRate', decay_steps: 'decaySteps', decay_rate: 'decayRate', staircase: 'staircase' }],
  'keras.piecewiseConstantDecay': ['PiecewiseConstantDecay', { boundaries: 'boundaries', values: 'values' }],
  'keras.polynomialDecay': ['PolynomialDecay', { initial_learning_rate: 'initialLearningRate', decay_steps: 'decaySteps', end_learning_rate: 'endLearningRate', power: 'power', cycle: 'cycle' }],
  'keras.inverseTimeDecay': ['InverseTimeDecay', { initial_learning_rate: 'initialLearningRate', decay_steps: 'decaySteps', decay_rate: 'decayRate', staircase: 'staircase' }],
  'keras.cosineDecay': ['CosineDecay', { initial_learning_rate: 'initialLearningRate', decay_steps: 'decaySteps', alpha: 'alpha', warmup_target: 'warmupTarget', warmup_steps: 'warmupSteps' }],
  'keras.cosineDecayRestarts': ['CosineDecayRestarts', { initial_learning_rate: 'initialLearningRate', first_decay_steps: 'firstDecaySteps', t_mul: 'tMul', m_mul: 'mMul', alpha: 'alpha' }],
};

/** Keras 3: `make_schedule()`, the `learning_rate` of any keras.optimizers optimizer. */
export function kerasCode(spec: ScheduleSpec, steps?: number): string {
  const s = spec as unknown as Record<string, unknown>;
  const native = KERAS_CLASSES[spec.type];
  if (native) {
    const [cls, names] = native;
    const args = kwargs(Object.fromEntries(Object.entries(names).map(([k, from]) => [k, s[from]])));
    return `${header(spec)}
import keras


def make_schedule():
    """The lrkit schedule as Keras's own: pass it as learning_rate= to a keras.optimizers optimizer."""
    return keras.optimizers.schedules.${cls}(${args})
`;
  }
  if (spec.type === 'constant') {
    return `${header(spec)}


def make_schedule():
    """A constant rate: pass it as learning_rate= to a keras.optimizers optimizer."""
    return ${py(spec.value)}
`;
  }
  const n = needSteps('Keras', spec, steps);
  return `${header(spec)}
import math

import keras


${pythonFunction(spec)}

class LrkitSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """lrkit's rate at optimizer.iterations (0 before the first update), from a float64 table of
    steps 0..${n - 1}; after that the last value is held."""

    def __init__(self):
        self.table = keras.ops.convert_to_tensor([lrkit_lr(s) for s in range(${n})], dtype="float32")

    def __call__(self, step):
        return keras.ops.take(self.table, keras.ops.minimum(keras.ops.cast(step, "int32"), ${n - 1}))

    def get_config(self):
        return {}


def make_schedule():
    """Pass it as learning_rate= to a keras.optimizers optimizer."""
    return LrkitSchedule()
`;
}

/** optax: `schedule(count)`, for `optax.sgd(learning_rate=schedule)` and the like. */
export function optaxCode(spec: ScheduleSpec, steps?: number): string {
  if (spec.type === 'constant') {
    return `${header(spec)}
import optax

schedule = optax.constant_schedule(${py(spec.value)})
`;
  }
  const n = needSteps('optax', spec, steps);
  return `${header(spec)}
import math

import jax.numpy as jnp


${pythonFunction(spec)}

_TABLE = jnp.asarray([lrkit_lr(s) for s in range(${n})], dtype=jnp.float32)


def schedule(count):
    """lrkit's rate at optax's update count (0 for the first update), from a float64 table of
    steps 0..${n - 1}; after that the last value is held. Use as optax.sgd(learning_rate=schedule)."""
    return _TABLE[jnp.minimum(count, ${n - 1})]
`;
}

const INSTEAD = 'pass the PyTorch export (toEngine(schedule, "pytorch")) to deepspeed.initialize(lr_scheduler=make_scheduler(optimizer)) instead: DeepSpeed steps it after every optimizer step, as lrkit counts';

/**
 * DeepSpeed: the `scheduler` block of ds_config.json, for the two lrkit shapes one of its
 * schedulers reproduces exactly. DeepSpeed's counter is -1 before the first step and +1 after
 * each, so OneCycle and LRRangeTest (which use counter + 1) give rate f(k) before step k; its
 * Warmup* schedulers repeat their first rate (the same before steps 0 and 1) and match no lrkit
 * schedule.
 */
export function deepspeedConfig(spec: ScheduleSpec, steps?: number): string {
  const block = (type: string, params: Record<string, unknown>) => `${JSON.stringify({ scheduler: { type, params } }, null, 2)}\n`;
  // One triangular cycle, then its base rate: OneCycle with no decay.
  type Cyclic = Extract<ScheduleSpec, { type: 'cyclic' }>;
  const upDown = (c: Cyclic) => {
    const { step_size_up: up, step_size_down: down } = cycleShape(c as unknown as Record<string, unknown>);
    return [up as number, down as number];
  };
  const oneCycle = (c: Cyclic) =>
    block('OneCycle', {
      cycle_min_lr: c.baseLr, cycle_max_lr: c.maxLr, decay_lr_rate: 0,
      cycle_first_step_size: upDown(c)[0], cycle_second_step_size: upDown(c)[1],
      cycle_momentum: false,
    });
  const triangular = (c: ScheduleSpec): c is Cyclic =>
    c.type === 'cyclic' && (c.mode ?? 'triangular') === 'triangular' && upDown(c).every(Number.isInteger);
  const cycleLength = (c: Cyclic) => upDown(c)[0] + upDown(c)[1];
  if (spec.type === 'join' && spec.schedules.length === 2 && triangular(spec.schedules[0])) {
    const [c, tail] = spec.schedules;
    if (tail.type === 'constant' && tail.value === c.baseLr && spec.boundaries[0] === cycleLength(c)) return oneCycle(c);
  }
  if (triangular(spec)) {
    if (steps !== undefined && steps <= cycleLength(spec) + 1) return oneCycle(spec);
    throw new RangeError(`toEngine: DeepSpeed's OneCycle runs one triangular cycle and then holds cycle_min_lr, so it is this cyclic schedule only for { steps } <= ${cycleLength(spec) + 1} (or write join([cyclic, constant(baseLr)], [${cycleLength(spec)}])); otherwise ${INSTEAD}`);
  }
  if (spec.type === 'linear' && spec.start > 0 && spec.end >= spec.start) {
    // LRRangeTest: min * (1 + rate * k / size) grows forever; lrkit's linear stops at `end`.
    if (steps !== undefined && steps <= spec.steps + 1) {
      return block('LRRangeTest', {
        lr_range_test_min_lr: spec.start, lr_range_test_step_size: 1,
        lr_range_test_step_rate: (spec.end - spec.start) / spec.start / spec.steps, lr_range_test_staircase: false,
      });
    }
    throw new RangeError(`toEngine: DeepSpeed's LRRangeTest keeps rising past ${spec.end}, so it is this linear schedule only for { steps } <= ${spec.steps + 1}; otherwise ${INSTEAD}`);
  }
  throw new RangeError(`toEngine: DeepSpeed has no scheduler that is ${spec.type} exactly (its WarmupLR, WarmupDecayLR and WarmupCosineLR use the same rate before steps 0 and 1); ${INSTEAD}`);
}
