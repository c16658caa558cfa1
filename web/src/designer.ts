// Schedule designer: turns the designer form into library schedules (cyclic, oneCycle, cosine,
// warmRestarts and their momentum twins), samples them for the preview, and renders the exports.
import {
  cosine,
  cyclicMomentum,
  fromSpec,
  policySpec,
  oneCycle,
  oneCycleMomentum,
  sample,
  toSpec,
  warmRestarts,
  type Schedule,
  type ScheduleSpec,
} from 'lrkit';
import { byId, FieldError, markField, plainMessage, readChoice, readNumber } from './form.js';
import { FAMILY_NAMES, familySchedule } from './families.js';
import type { ScheduleCurve } from './scheduleChart.js';

/** Policies offered by the designer. */
export const POLICIES = ['triangular', 'triangular2', 'exp_range', 'one-cycle', 'cosine', 'sgdr', 'family'] as const;

/** One of {@link POLICIES}. */
export type Policy = (typeof POLICIES)[number];

/** A designed schedule: what the form asked for, the library schedules and their specs. */
export interface Design {
  policy: Policy;
  epochs: number;
  stepsPerEpoch: number;
  totalSteps: number;
  lr: Schedule;
  momentum?: Schedule;
  spec: { lr: ScheduleSpec; momentum?: ScheduleSpec };
  /** What the policy builder noticed and chose (policySpec's `notes`): shown under the designer. */
  notes: string[];
}

/** The highest Max LR the page designs with (and the highest rate a factory's options may reach). */
export const MAX_DESIGN_LR = 10;

/**
 * Reads the designer form and builds the schedules with the library's factories.
 * Throws a RangeError naming the bad field (from the form or from the factory's own checks).
 *
 * @example
 * const design = readDesign(); // e.g. policy 'one-cycle', lr = oneCycle({ maxLr, epochs, stepsPerEpoch, ... })
 */
export function readDesign(): Design {
  const policy = readChoice('policy', POLICIES);
  const epochs = readNumber('epochs');
  const stepsPerEpoch = readNumber('steps-per-epoch');
  const totalSteps = epochs * stepsPerEpoch;
  if (totalSteps > 1_000_000) {
    const message = `Epochs x steps per epoch must be at most 1,000,000 steps, got ${epochs} x ${stepsPerEpoch} = ${totalSteps.toLocaleString('en')}`;
    markField(byId('epochs'), message);
    throw new FieldError('epochs', message);
  }
  const maxLr = readNumber('max-lr');
  const withMomentum = byId<HTMLInputElement>('cycle-momentum').checked && hasMomentum(policy);
  const momenta = () => ({
    maxMomentum: readNumber('max-momentum'),
    baseMomentum: readNumber('min-momentum'),
  });
  const notes: string[] = [];

  let lr: Schedule;
  let momentum: Schedule | undefined;
  switch (policy) {
    case 'triangular':
    case 'triangular2':
    case 'exp_range': {
      // Bounds the library would also refuse, checked here so the message names the field.
      const baseLr = readNumber('min-lr', { gt: 0, lt: maxLr, why: 'the low end of the cycle must be below Max LR' });
      // A half cycle longer than the run (at most 1,000,000 steps) never turns back: refused.
      const halfCycle = readNumber('half-cycle', { max: epochs, whyMax: `a half cycle longer than the run's ${epochs} epochs never comes back down` });
      // On the page gamma only decays (<= 1): above 1 the amplitude grows without bound (as PyTorch allows).
      const gamma = policy === 'exp_range' ? readNumber('gamma') : undefined;
      // The one policy builder (as find's recommended schedules, train, compare and schedule).
      const built = policySpec(policy, {
        baseLr, maxLr, totalSteps, itersPerEpoch: stepsPerEpoch, stepSizeEpochs: halfCycle, ...(gamma !== undefined ? { gamma } : {}),
      });
      lr = fromSpec(built.lr);
      notes.push(...built.notes.map((n) => `Half cycle: ${n}.`));
      if (withMomentum) momentum = cyclicMomentum({ ...momenta(), stepSizeUp: built.stepSizeUp!, mode: policy, ...(gamma !== undefined ? { gamma } : {}) });
      break;
    }
    case 'one-cycle': {
      const shape = { epochs, stepsPerEpoch, pctStart: readNumber('pct-start') };
      lr = oneCycle({
        maxLr,
        // Below 1 the warm-up would start above max LR, or the end above the start.
        divFactor: readNumber('div-factor'),
        finalDivFactor: readNumber('final-div-factor'),
        ...shape,
      });
      if (withMomentum) momentum = oneCycleMomentum({ ...momenta(), ...shape });
      break;
    }
    case 'cosine':
      lr = cosine({ start: maxLr, end: readNumber('min-lr', { lt: maxLr, why: 'the rate anneals from Max LR down to it' }), steps: totalSteps });
      break;
    case 'family': {
      // Any torch / keras / transformers factory by its name, options as JSON (web/src/families.ts).
      const name = readChoice('family', FAMILY_NAMES);
      const input = byId<HTMLTextAreaElement>('family-options');
      try {
        lr = familySchedule(name, input.value);
        // The factories check their options as PyTorch, Keras and Hugging Face do; the rates they
        // make are checked here as the page checks Max LR (a negative or runaway rate is refused).
        checkRates(name, lr, totalSteps);
        markField(input, undefined);
      } catch (e) {
        const message = plainMessage((e as Error).message);
        markField(input, message);
        throw new FieldError('family-options', message);
      }
      break;
    }
    case 'sgdr':
      lr = warmRestarts({
        max: maxLr,
        min: readNumber('min-lr', { lt: maxLr, why: 'each period anneals from Max LR down to it' }),
        period: Math.max(1, Math.round(readNumber('t0') * stepsPerEpoch)),
        multiplier: readNumber('t-mult'),
      });
      break;
  }
  return {
    policy,
    epochs,
    stepsPerEpoch,
    totalSteps,
    lr,
    momentum,
    spec: momentum ? { lr: toSpec(lr), momentum: toSpec(momentum) } : { lr: toSpec(lr) },
    notes,
  };
}

/**
 * Throws when a factory's schedule makes a rate no training can use: negative or not finite (PyTorch's
 * optimizers refuse a negative lr), or above {@link MAX_DESIGN_LR} (checked on the preview's steps).
 *
 * @example
 * checkRates('torch.stepLR', torch.stepLR({ lr: -1, stepSize: 10 }), 100); // RangeError: ... -1 at step 0
 */
export function checkRates(name: string, lr: Schedule, totalSteps: number): void {
  const stride = Math.max(1, Math.ceil(totalSteps / PREVIEW_POINTS));
  const steps: number[] = [];
  for (let t = 0; t < totalSteps; t += stride) steps.push(t);
  if (steps[steps.length - 1] !== totalSteps - 1) steps.push(totalSteps - 1);
  for (const t of steps) {
    const v = lr(t);
    if (!Number.isFinite(v) || v < 0) {
      throw new RangeError(`Options for ${name}: the rate at step ${t} is ${v}; a learning rate must be a finite number >= 0 (PyTorch's optimizers refuse a negative lr)`);
    }
    if (v > MAX_DESIGN_LR) {
      throw new RangeError(`Options for ${name}: the rate at step ${t} is ${v}, above ${MAX_DESIGN_LR}: no range test reaches a rate that trains above ${MAX_DESIGN_LR}`);
    }
  }
}

/**
 * Whether the policy has a momentum twin in the library (cyclic and one-cycle do).
 *
 * @example
 * hasMomentum('cosine'); // false
 */
export function hasMomentum(policy: Policy): boolean {
  return policy !== 'cosine' && policy !== 'sgdr' && policy !== 'family';
}

/** Most points the preview draws (and the SVG holds): a longer schedule is shown every n-th step. */
export const PREVIEW_POINTS = 4000;

/**
 * The design's schedules at every step, or — with `maxPoints` — at every `stride`-th step plus
 * the last, so a 1,000,000-step design previews as fast as a short one.
 *
 * @example
 * const all = sampleDesign(readDesign()); // all.lrs.length === design.totalSteps
 * const preview = sampleDesign(readDesign(), PREVIEW_POINTS); // at most 4,001 points
 */
export function sampleDesign(design: Design, maxPoints = Infinity): ScheduleCurve {
  const n = design.totalSteps;
  const stride = n <= maxPoints ? 1 : Math.ceil(n / maxPoints);
  if (stride === 1) {
    const steps = Array.from({ length: n }, (_, i) => i);
    const lrs = sample(design.lr, n);
    return design.momentum ? { steps, lrs, momentum: sample(design.momentum, n), stride } : { steps, lrs, stride };
  }
  const steps: number[] = [];
  for (let s = 0; s < n; s += stride) steps.push(s);
  if (steps[steps.length - 1] !== n - 1) steps.push(n - 1);
  const at = (f: Schedule) => steps.map((s) => f(s));
  return design.momentum ? { steps, lrs: at(design.lr), momentum: at(design.momentum), stride } : { steps, lrs: at(design.lr), stride };
}

/**
 * The curve as CSV: `step,epoch,lr[,momentum]`, full float precision.
 *
 * @example
 * curveCsv({ steps: [0], lrs: [0.1] }, 10); // 'step,epoch,lr\n0,0,0.1\n'
 */
export function curveCsv(curve: ScheduleCurve, stepsPerEpoch: number): string {
  const head = curve.momentum ? 'step,epoch,lr,momentum' : 'step,epoch,lr';
  const rows = curve.steps.map((s, i) => {
    const cells = [s, s / stepsPerEpoch, curve.lrs[i]];
    if (curve.momentum) cells.push(curve.momentum[i]);
    return cells.join(',');
  });
  return `${head}\n${rows.join('\n')}\n`;
}

/**
 * A TypeScript snippet that rebuilds the design with lrkit and applies it in `model.fit`.
 *
 * @example
 * designSnippet(readDesign(), 64); // "import { oneCycle, oneCycleMomentum } from 'lrkit'; ..."
 */
export function designSnippet(design: Design, batchSize: number): string {
  const call = (spec: ScheduleSpec) => {
    const { type, ...options } = spec;
    // JSON with bare keys reads as a TypeScript object literal.
    return `${type}(${JSON.stringify(options, null, 2).replace(/^(\s*)"(\w+)":/gm, '$1$2:')})`;
  };
  const names = [design.spec.lr.type, ...(design.spec.momentum ? [design.spec.momentum.type] : [])];
  const lines = [
    // torch.stepLR comes from the torch namespace: import the namespace, not the dotted name.
    `import { ${[...new Set(names.map((n) => n.split('.')[0]))].join(', ')} } from 'lrkit';`,
    `import { scheduleCallback } from 'lrkit/tfjs';`,
    '',
    `const lr = ${call(design.spec.lr)};`,
  ];
  if (design.spec.momentum) lines.push(`const momentum = ${call(design.spec.momentum)};`);
  lines.push(
    '',
    // Without batchSize, model.fit uses 32 and the schedule would run out of step with its epochs.
    `// the schedule assumes ${design.stepsPerEpoch} steps per epoch = ceil(train examples / ${batchSize})`,
    `await model.fit(xs, ys, {`,
    `  epochs: ${design.epochs},`,
    `  batchSize: ${batchSize},`,
    `  callbacks: [scheduleCallback({ ${design.spec.momentum ? 'lr, momentum' : 'lr'} })],`,
    `});`,
  );
  return lines.join('\n');
}
