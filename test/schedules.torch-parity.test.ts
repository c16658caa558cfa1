// The torch.* family against real PyTorch 1.13 (test/fixtures/pytorch*, written by
// scripts/pytorch-fixtures.py with Debian python3-torch; CI needs no PyTorch). Each fixture's
// constructor arguments become options by the naming rule alone (snake_case -> camelCase, first
// letter lower-case: step_size -> stepSize, T_max -> tMax, T_0 -> t0), and the initial rate is `lr`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { torch, type Schedule } from '../src/schedules/index.js';

type Args = Record<string, any>;
interface Fixture { name: string; torch: string; optimizer: { args: Args }; scheduler: { class: string; args: Args }; steps: number[]; lr: number[] }
interface PlateauFixture { name: string; torch: string; lr0: number; args: Args; metrics: (number | null)[]; lr: number[] }

const read = <T>(dir: string) => {
  const url = new URL(`./fixtures/${dir}/`, import.meta.url);
  return readdirSync(url).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(new URL(f, url), 'utf8')) as T);
};

/** PyTorch's argument name in lrkit's convention. */
const camel = (name: string) => name.split('_').map((p, i) => (i === 0 ? p.toLowerCase() : p[0].toUpperCase() + p.slice(1))).join('');
const options = (args: Args) => Object.fromEntries(Object.entries(args).map(([k, v]) => [camel(k), v]));

const FACTORY: Record<string, keyof typeof torch> = {
  StepLR: 'stepLR', MultiStepLR: 'multiStepLR', ConstantLR: 'constantLR', LinearLR: 'linearLR', ExponentialLR: 'exponentialLR',
  PolynomialLR: 'polynomialLR', CosineAnnealingLR: 'cosineAnnealingLR', CosineAnnealingWarmRestarts: 'cosineAnnealingWarmRestarts',
  SequentialLR: 'sequentialLR',
};

/** A child of SequentialLR as a torch spec without lr (it takes the parent's). */
const childSpec = (s: { class: string; args: Args }) => ({ type: FACTORY[s.class], ...options(s.args) });

function build(s: { class: string; args: Args }, lr: number): Schedule {
  const o = options(s.args);
  if (s.class === 'SequentialLR') return torch.sequentialLR({ lr, milestones: o.milestones, schedulers: s.args.schedulers.map(childSpec) });
  if (s.class === 'CyclicLR') return torch.cyclicLR(o as never);
  if (s.class === 'OneCycleLR') return torch.oneCycleLR(o as never);
  return (torch[FACTORY[s.class]] as (o: object) => Schedule)({ lr, ...o });
}

// 1e-9 relative, as for the other parity tests; values PyTorch's recursion leaves at ~1e-18
// instead of an exact 0 are compared absolutely.
function close(actual: number, expected: number, what: string) {
  const tol = Math.max(1e-9 * Math.max(Math.abs(actual), Math.abs(expected)), 1e-15);
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, PyTorch ${expected}`);
}

const fixtures = read<Fixture>('pytorch').filter((f) => f.scheduler.class in FACTORY || (['CyclicLR', 'OneCycleLR'].includes(f.scheduler.class) && !f.scheduler.args.scale_fn));
const plateau = read<PlateauFixture>('pytorch-plateau');

test('every torch factory has PyTorch fixtures (several configurations each)', () => {
  for (const c of Object.keys(FACTORY)) {
    const n = fixtures.filter((f) => f.scheduler.class === c || f.scheduler.args.schedulers?.some((s: { class: string }) => s.class === c)).length;
    assert.ok(n >= 2, `${c}: ${n} fixture(s)`);
  }
  assert.ok(plateau.length >= 8);
  for (const f of [...fixtures, ...plateau]) assert.match(f.torch, /^1\.13/, f.name);
});

for (const f of fixtures) {
  test(`torch parity: ${f.name} (${f.scheduler.class})`, () => {
    const lr = build(f.scheduler, f.optimizer.args.lr);
    f.steps.forEach((step, i) => close(lr(step), f.lr[i], `${f.name} at step ${step}`));
  });
}

for (const f of plateau) {
  test(`torch parity: ${f.name} (ReduceLROnPlateau, ${f.metrics.length} epochs)`, () => {
    const p = torch.reduceLROnPlateau({ lr: f.lr0, ...options(f.args) } as never);
    f.metrics.forEach((m, i) => close(p.step(m ?? NaN), f.lr[i], `${f.name} after epoch ${i}`));
    assert.equal(p.lr, f.lr.at(-1));
  });
}

test('the plateau fixtures really reduce: falling never, flat with cooldown at PyTorch\'s epochs, minLr reached', () => {
  const by = (name: string) => plateau.find((f) => f.name === name)!;
  assert.ok(by('plateau-defaults-falling').lr.every((v) => v === 0.1));
  // patience 1, cooldown 3 on a curve flat from epoch 5: halvings every 5 epochs from epoch 7
  const cool = by('plateau-flat-cooldown').lr;
  const drops = cool.map((v, i) => (i > 0 && v < cool[i - 1] ? i : -1)).filter((i) => i >= 0);
  assert.deepEqual(drops.slice(0, 4), [7, 12, 17, 22]);
  assert.equal(Math.min(...by('plateau-flat-min-lr').lr), 0.004);
  // eps 1e-7: 1e-6 halves while the cut exceeds eps, so it stops at 1.25e-7 (the next cut, 6.25e-8, is skipped)
  const eps = by('plateau-eps').lr;
  assert.equal(eps.at(-1), 1.25e-7);
});
