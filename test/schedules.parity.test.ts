// Parity with real PyTorch: sequences recorded by scripts/pytorch-fixtures.py (committed JSON,
// so CI needs no PyTorch). Each fixture's constructor args are translated key by key below;
// an argument PyTorch was not given is not given here either, so defaults are compared too.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  cosine,
  cyclic,
  cyclicMomentum,
  exponential,
  join,
  linear,
  oneCycle,
  oneCycleMomentum,
  warmRestarts,
  type Schedule,
} from '../src/schedules/index.js';

const dir = new URL('./fixtures/pytorch/', import.meta.url);
type Args = Record<string, any>;
interface Fixture {
  name: string;
  torch: string;
  optimizer: { class: string; args: Args };
  scheduler: { class: string; args: Args };
  steps: number[];
  lr: number[];
  momentumKey?: string;
  momentum?: number[];
}
// torch-*.json are the torch.* family's (test/schedules.torch-parity.test.ts reads every fixture).
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.startsWith('torch-'))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')));

// The fixtures' named Python scale functions, written again in JS.
const scaleFns: Record<string, (x: number) => number> = {
  half_power: (x) => 0.5 ** x,
  inverse: (x) => 1 / (1 + x),
};

/** Copies the args PyTorch was given under lrkit's names, skipping those it was not. */
function pick(args: Args, names: Record<string, string>): Args {
  const out: Args = {};
  for (const [py, ts] of Object.entries(names)) if (args[py] !== undefined) out[ts] = args[py];
  return out;
}

function translate(sched: { class: string; args: Args }, lr: number): { lr: Schedule; momentum?: Schedule } {
  const a = sched.args;
  switch (sched.class) {
    case 'CyclicLR': {
      const o = pick(a, {
        base_lr: 'baseLr',
        max_lr: 'maxLr',
        step_size_up: 'stepSizeUp',
        step_size_down: 'stepSizeDown',
        mode: 'mode',
        gamma: 'gamma',
        scale_mode: 'scaleMode',
        base_momentum: 'baseMomentum',
        max_momentum: 'maxMomentum',
      });
      if (a.scale_fn) o.scaleFn = scaleFns[a.scale_fn.name];
      return { lr: cyclic(o as any), momentum: cyclicMomentum(o as any) };
    }
    case 'OneCycleLR': {
      const o = pick(a, {
        max_lr: 'maxLr',
        total_steps: 'totalSteps',
        epochs: 'epochs',
        steps_per_epoch: 'stepsPerEpoch',
        pct_start: 'pctStart',
        anneal_strategy: 'annealStrategy',
        div_factor: 'divFactor',
        final_div_factor: 'finalDivFactor',
        three_phase: 'threePhase',
        base_momentum: 'baseMomentum',
        max_momentum: 'maxMomentum',
      });
      return { lr: oneCycle(o as any), momentum: oneCycleMomentum(o as any) };
    }
    case 'CosineAnnealingWarmRestarts':
      return { lr: warmRestarts({ max: lr, ...pick(a, { T_0: 'period', T_mult: 'multiplier', eta_min: 'min' }) } as any) };
    case 'CosineAnnealingLR':
      return { lr: cosine({ start: lr, ...pick(a, { T_max: 'steps', eta_min: 'end' }) } as any) };
    case 'ExponentialLR':
      return { lr: exponential({ start: lr, gamma: a.gamma }) };
    case 'LinearLR': {
      // PyTorch defaults: start_factor 1/3, end_factor 1, total_iters 5.
      const { start_factor = 1 / 3, end_factor = 1, total_iters = 5 } = a;
      return { lr: linear({ start: lr * start_factor, end: lr * end_factor, steps: total_iters }) };
    }
    case 'SequentialLR':
      return { lr: join(a.schedulers.map((s: any) => translate(s, lr).lr), a.milestones) };
    default:
      throw new Error(`no translation for ${sched.class}`);
  }
}

function assertClose(actual: number, expected: number, what: string) {
  const tol = 1e-9 * Math.max(Math.abs(actual), Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, PyTorch ${expected}`);
}

test('at least 12 PyTorch fixtures, each with torch version and constructor args', () => {
  assert.ok(fixtures.length >= 12, `only ${fixtures.length} fixtures`);
  for (const f of fixtures) {
    assert.match(f.torch, /^\d+\.\d+/);
    assert.ok(f.scheduler.class && f.scheduler.args, f.name);
    assert.equal(f.steps.length, f.lr.length, f.name);
    assert.ok(f.lr.length >= 25, f.name);
  }
  const classes = new Set(fixtures.map((f) => f.scheduler.class));
  for (const c of ['CyclicLR', 'OneCycleLR']) assert.ok(classes.has(c), c);
  const modes = new Set(fixtures.filter((f) => f.scheduler.class === 'CyclicLR').map((f) => f.scheduler.args.mode));
  for (const m of [undefined, 'triangular2', 'exp_range']) assert.ok(modes.has(m), `CyclicLR mode ${m}`);
  assert.ok(fixtures.some((f) => f.momentumKey === 'betas[0]'), 'an Adam beta1 fixture');
});

for (const f of fixtures) {
  test(`PyTorch parity: ${f.name} (${f.scheduler.class}, torch ${f.torch})`, () => {
    const { lr, momentum } = translate(f.scheduler, f.optimizer.args.lr);
    f.steps.forEach((step, i) => assertClose(lr(step), f.lr[i], `${f.name} lr at step ${step}`));
    if (f.momentum) {
      assert.ok(momentum, `${f.name}: PyTorch cycles momentum`);
      f.steps.forEach((step, i) =>
        assertClose(momentum(step), f.momentum![i], `${f.name} ${f.momentumKey} at step ${step}`),
      );
    }
  });
}

test('one-cycle holds its last value past totalSteps (where PyTorch would extrapolate, then raise)', () => {
  const f = fixtures.find((x) => x.name === 'one-cycle-cos')!;
  const { lr, momentum } = translate(f.scheduler, f.optimizer.args.lr);
  const total = f.scheduler.args.total_steps as number;
  for (const t of [total - 1, total, total + 1, 10 * total]) {
    assert.equal(lr(t), f.lr[f.lr.length - 1]);
    assert.equal(momentum!(t), f.momentum![f.momentum!.length - 1]);
  }
});
