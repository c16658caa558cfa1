// A schedule as plain Python: one function per spec returning the absolute rate at step `s`, with
// the same operations in the same order as lrkit's TypeScript, so float64 Python gives lrkit's
// values to rounding. The PyTorch export wraps it in a LambdaLR on a base rate of 1.0 (for what
// has no scheduler class of its own); the Keras and optax exports tabulate it. Also the small
// pieces every export writes with: Python literals, keyword arguments, the header line.
import type { ScheduleSpec } from './types.js';

// JavaScript's shortest round-trip number text is valid Python and parses to the same double.
export const py = (v: unknown): string => {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return String(v);
    return Number.isNaN(v) ? 'math.nan' : v > 0 ? 'math.inf' : '-math.inf';
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`;
  if (v === null || v === undefined) return 'None';
  throw new TypeError(`cannot write ${typeof v} as Python`);
};

/** `name=value, ...` with Python literals. */
export const kwargs = (o: Record<string, unknown>): string => Object.entries(o).map(([k, v]) => `${k}=${py(v)}`).join(', ');

/** The first line of every export: what it was written from. */
export const header = (spec: ScheduleSpec): string => `# Written by lrkit (toEngine) from ${JSON.stringify(spec)}`;

/** SGDR's body (warmRestarts, torch.cosineAnnealingWarmRestarts): lrkit's cosineWithRestarts in Python. */
function restartsBody(min: string, max: string, period: string, multiplier: unknown): string[] {
  return [
    `ti = ${period}`,
    multiplier === 1 ? `tc = s % ${period}` : 'tc = s',
    ...(multiplier === 1 ? [] : ['while tc >= ti:', '    tc -= ti', `    ti *= ${py(multiplier)}`]),
    `return ${min} + ((${max} - ${min}) * (1 + math.cos((math.pi * tc) / ti))) / 2`,
  ];
}

// The cycle of a cyclic / cyclicMomentum spec, and the run of a oneCycle / oneCycleMomentum one,
// in PyTorch's argument names: a momentum schedule goes into the same scheduler only when these match.
export type Shape = Record<string, string | number | boolean>;
export const cycleShape = (s: Record<string, unknown>): Shape => ({
  step_size_up: (s.stepSizeUp as number) ?? 2000,
  step_size_down: (s.stepSizeDown as number) ?? (s.stepSizeUp as number) ?? 2000,
  mode: (s.mode as string) ?? 'triangular',
  gamma: (s.gamma as number) ?? 1,
});
export const oneCycleShape = (s: Record<string, unknown>): Shape => ({
  total_steps: (s.totalSteps as number) ?? (s.epochs as number) * (s.stepsPerEpoch as number),
  pct_start: (s.pctStart as number) ?? 0.3,
  anneal_strategy: (s.annealStrategy as string) ?? 'cos',
  three_phase: (s.threePhase as boolean) ?? false,
});

/** Python source: helper functions, then `def {name}(s)` for the spec's absolute rate. */
export function pythonFunction(spec: ScheduleSpec, name = 'lrkit_lr'): string {
  const defs: string[] = [];
  let n = 0;
  const write = (sp: ScheduleSpec, fname: string): void => {
    const body = bodyOf(sp, (child) => {
      const childName = `${name}_${++n}`;
      write(child, childName);
      return childName;
    });
    defs.push(`def ${fname}(s):\n${body.map((l) => `    ${l}`).join('\n')}\n`);
  };
  write(spec, name);
  return defs.join('\n\n');
}

/** The function body (lines) for one spec; `child` writes a nested spec's function and names it. */
function bodyOf(spec: ScheduleSpec, child: (s: ScheduleSpec) => string): string[] {
  const s = spec as unknown as Record<string, unknown>;
  const v = (k: string) => py(s[k]);
  switch (spec.type) {
    case 'constant':
      return [`return ${v('value')}`];
    case 'linear':
      return [`return ${v('end')} if s >= ${v('steps')} else ${v('start')} + (${v('end')} - ${v('start')}) * (s / ${v('steps')})`];
    case 'exponential':
      if (spec.gamma !== undefined) {
        if (spec.end === undefined) return [`return ${v('start')} * ${v('gamma')} ** s`];
        return [`return ${spec.gamma < 1 ? 'max' : 'min'}(${v('start')} * ${v('gamma')} ** s, ${v('end')})`];
      }
      return [`ratio = ${v('end')} / ${v('start')}`, `return ${v('end')} if s >= ${v('steps')} else ${v('start')} * ratio ** (s / ${v('steps')})`];
    case 'cosine':
      return [`return ${v('end')} + ((${v('start')} - ${v('end')}) * (1 + math.cos((math.pi * min(s, ${v('steps')})) / ${v('steps')}))) / 2`];
    case 'warmRestarts':
      return restartsBody(v('min'), v('max'), v('period'), spec.multiplier);
    case 'join': {
      const names = spec.schedules.map(child);
      const lines: string[] = [];
      spec.boundaries.forEach((b, i) => {
        lines.push(`${i === 0 ? 'if' : 'elif'} s < ${py(b)}:`, `    return ${names[i]}(${i === 0 ? 's' : `s - ${py(spec.boundaries[i - 1])}`})`);
      });
      lines.push(`return ${names[names.length - 1]}(s - ${py(spec.boundaries[spec.boundaries.length - 1])})`);
      return lines;
    }
    case 'cyclic': {
      const { step_size_up: up, step_size_down: down, mode, gamma } = cycleShape(s);
      const scale = mode === 'triangular' ? '1' : mode === 'triangular2' ? '1 / 2 ** (cycle - 1)' : `${py(gamma)} ** s`;
      return [
        `total_size = ${py(up)} + ${py(down)}`,
        `step_ratio = ${py(up)} / total_size`,
        'cycle = math.floor(1 + s / total_size)',
        'x = 1 + s / total_size - cycle',
        'scale_factor = x / step_ratio if x <= step_ratio else (x - 1) / (step_ratio - 1)',
        `base_height = (${v('maxLr')} - ${v('baseLr')}) * scale_factor`,
        `return ${v('baseLr')} + base_height * (${scale})`,
      ];
    }
    case 'oneCycle': {
      const { total_steps: total, pct_start: pct, anneal_strategy: strategy, three_phase: three } = oneCycleShape(s);
      const up = `${py(pct)} * ${py(total)} - 1`;
      const ends = three ? [up, `2 * ${py(pct)} * ${py(total)} - 2`, `${py(total)} - 1`] : [up, `${py(total)} - 1`];
      const points = three ? ['initial', 'max_lr', 'initial', 'min_lr'] : ['initial', 'max_lr', 'min_lr'];
      const anneal = strategy === 'cos'
        ? (a: string, b: string) => `${b} + ((${a} - ${b}) / 2.0) * (math.cos(math.pi * pct) + 1)`
        : (a: string, b: string) => `(${b} - ${a}) * pct + ${a}`;
      const lines = [
        `max_lr = ${v('maxLr')}`,
        `initial = max_lr / ${py(spec.divFactor ?? 25)}`,
        `min_lr = initial / ${py(spec.finalDivFactor ?? 1e4)}`,
        `t = min(s, ${py(total)} - 1)`,
        'start = 0',
      ];
      ends.forEach((end, i) => {
        const last = i === ends.length - 1;
        lines.push(
          ...(last ? [] : [`if t <= ${end}:`]),
          `${last ? '' : '    '}pct = (t - start) / (${end} - start)`,
          `${last ? '' : '    '}return ${anneal(points[i], points[i + 1])}`,
          ...(last ? [] : [`start = ${end}`]),
        );
      });
      return lines;
    }
    default:
      if (spec.type.startsWith('keras.')) return kerasBody(s);
      if (spec.type.startsWith('torch.')) return torchBody(s, child);
      if (spec.type.startsWith('transformers.')) return [`return ${py(s.lr)} * (${transformersLambda(s)})`];
      throw new RangeError(`${spec.type} has no plain-Python form`);
  }
}

/** PyTorch's schedulers in the closed forms lrkit's torch.ts computes. */
function torchBody(s: Record<string, unknown>, child: (s: ScheduleSpec) => string): string[] {
  const v = (k: string) => py(s[k]);
  const lr = v('lr');
  const cosine = (tc: string, ti: string) => `return ${v('etaMin')} + ((${lr} - ${v('etaMin')}) * (1 + math.cos((math.pi * ${tc}) / ${ti}))) / 2`;
  switch (s.type) {
    case 'torch.stepLR':
      return [`return ${lr} * ${v('gamma')} ** math.floor(s / ${v('stepSize')})`];
    case 'torch.multiStepLR':
      return [`milestones = sorted(${v('milestones')})`, 'k = 0', 'while k < len(milestones) and milestones[k] <= s:', '    k += 1', `return ${lr} * ${v('gamma')} ** k`];
    case 'torch.constantLR':
      return [`return ${lr} * ${v('factor')} if s < ${v('totalIters')} else ${lr}`];
    case 'torch.linearLR':
      return [`return ${lr} * ${v('endFactor')} if s >= ${v('totalIters')} else ${lr} * (${v('startFactor')} + ((${v('endFactor')} - ${v('startFactor')}) * s) / ${v('totalIters')})`];
    case 'torch.exponentialLR':
      return [`return ${lr} * ${v('gamma')} ** s`];
    case 'torch.polynomialLR':
      return [`return ${lr} * (1 - min(s, ${v('totalIters')}) / ${v('totalIters')}) ** ${v('power')}`];
    case 'torch.cosineAnnealingLR':
      return [cosine('s', v('tMax'))];
    case 'torch.cosineAnnealingWarmRestarts':
      return restartsBody(v('etaMin'), lr, v('t0'), s.tMult);
    case 'torch.sequentialLR':
      return bodyOf({ type: 'join', schedules: s.schedulers as ScheduleSpec[], boundaries: s.milestones as number[] }, child);
    default:
      throw new RangeError(`${String(s.type)} has no plain-Python form`);
  }
}

/** Keras 3's formulas, as lrkit's keras.ts computes them (float64). */
function kerasBody(s: Record<string, unknown>): string[] {
  const v = (k: string) => py(s[k]);
  const lr = v('initialLearningRate');
  switch (s.type) {
    case 'keras.exponentialDecay':
      return [`return ${lr} * ${v('decayRate')} ** (${s.staircase ? `math.floor(s / ${v('decaySteps')})` : `s / ${v('decaySteps')}`})`];
    case 'keras.piecewiseConstantDecay':
      return [`boundaries = ${v('boundaries')}`, `values = ${v('values')}`, 'i = 0', 'while i < len(boundaries) and s > boundaries[i]:', '    i += 1', 'return values[i]'];
    case 'keras.polynomialDecay':
      return [
        ...(s.cycle
          ? [`steps = ${v('decaySteps')} * (1 if s == 0 else math.ceil(s / ${v('decaySteps')}))`, 'p = s / steps']
          : [`p = min(s, ${v('decaySteps')}) / ${v('decaySteps')}`]),
        `return (${lr} - ${v('endLearningRate')}) * (1 - p) ** ${v('power')} + ${v('endLearningRate')}`,
      ];
    case 'keras.inverseTimeDecay':
      return [`return ${lr} / (1 + ${v('decayRate')} * (${s.staircase ? `math.floor(s / ${v('decaySteps')})` : `s / ${v('decaySteps')}`}))`];
    case 'keras.cosineDecay': {
      const factor = (f: string) => `(1 - ${v('alpha')}) * 0.5 * (1 + math.cos(math.pi * ${f})) + ${v('alpha')}`;
      if (s.warmupTarget === null || s.warmupTarget === undefined) return [`return ${lr} * (${factor(`min(s, ${v('decaySteps')}) / ${v('decaySteps')}`)})`];
      return [
        `t = min(s, ${v('decaySteps')} + ${v('warmupSteps')})`,
        `if t < ${v('warmupSteps')}:`,
        `    return (${v('warmupTarget')} - ${lr}) * (t / ${v('warmupSteps')}) + ${lr}`,
        `return ${v('warmupTarget')} * (${factor(`(t - ${v('warmupSteps')}) / ${v('decaySteps')}`)})`,
      ];
    }
    case 'keras.cosineDecayRestarts':
      return [
        `fraction = s / ${v('firstDecaySteps')}`,
        ...(s.tMul === 1
          ? ['restart = math.floor(fraction)', 'fraction -= restart']
          : [
              `restart = math.floor(math.log(1 - fraction * (1 - ${v('tMul')})) / math.log(${v('tMul')}))`,
              `sum_r = (1 - ${v('tMul')} ** restart) / (1 - ${v('tMul')})`,
              `fraction = (fraction - sum_r) / ${v('tMul')} ** restart`,
            ]),
        `decayed = 0.5 * ${v('mMul')} ** restart * (1 + math.cos(math.pi * fraction))`,
        `return ${lr} * ((1 - ${v('alpha')}) * decayed + ${v('alpha')})`,
      ];
    default:
      throw new RangeError(`${String(s.type)} has no plain-Python form`);
  }
}

/** A transformers schedule's lr_lambda as a Python expression of `s` (the step). */
export function transformersLambda(spec: Record<string, unknown>): string {
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

