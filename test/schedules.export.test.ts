// toEngine: the committed code is what lrkit writes today; PyTorch running it (scripts/
// export-fixtures.py, Debian torch 1.13) gives lrkit's values step for step, and so do the
// tabulated Keras / optax forms (run there with stand-ins for keras.ops / jax.numpy). DeepSpeed's
// blocks are held against a port of its schedulers (deepspeed/runtime/lr_schedules.py at
// deepspeedai/DeepSpeed@614e3f17a0ca82dfc1ee9aaf887b783cac97a5bb), as DeepSpeed does not install here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { constant, cosine, cyclic, cyclicMomentum, fromSpec, join, keras, linear, oneCycleMomentum, toEngine, torch, transformers, warmRestarts, type Engine } from '../src/schedules/index.js';

const read = (f: string) => JSON.parse(readFileSync(new URL(`./fixtures/export/${f}`, import.meta.url), 'utf8'));
const cases = read('cases.json') as { name: string; engine: Engine; spec: unknown; momentum?: unknown; code: string; steps: number }[];
const results = read('results.json') as { name: string; engine: Engine; torch?: string; code: string; lr: number[]; momentum?: number[] }[];

test('every exported case was run by PyTorch, on the code lrkit writes now', () => {
  assert.ok(cases.length >= 12);
  for (const c of cases) {
    const r = results.find((x) => x.name === c.name)!;
    assert.ok(r, `${c.name} was not run`);
    if (c.engine === 'pytorch') assert.match(r.torch ?? '', /^1\.13/);
    assert.equal(r.code, c.code, `${c.name}: fixture code is stale`);
    const opts = c.engine === 'pytorch' ? (c.momentum ? { momentum: fromSpec(c.momentum) } : {}) : { steps: c.steps };
    assert.equal(toEngine(fromSpec(c.spec), c.engine, opts), c.code, `${c.name}: toEngine now writes other code; rerun the export fixtures`);
  }
});

for (const c of cases) {
  test(`${c.engine === 'pytorch' ? 'PyTorch' : c.engine} runs the exported ${c.name} as lrkit computes it`, () => {
    const s = fromSpec(c.spec);
    const { lr } = results.find((x) => x.name === c.name)!;
    // A table holds its last value past the steps it was written for.
    assert.equal(lr.length, c.engine === 'pytorch' ? c.steps : c.steps + 3);
    const r = results.find((x) => x.name === c.name)!;
    if (c.momentum) {
      // The momentum PyTorch cycled beside the rate, step for step.
      const m = fromSpec(c.momentum);
      assert.equal(r.momentum?.length, c.steps);
      r.momentum!.forEach((v, t) => assert.ok(Math.abs(m(t) - v) <= 1e-9 * Math.abs(v), `${c.name} momentum at step ${t}: lrkit ${m(t)}, PyTorch ${v}`));
    }
    lr.forEach((v, t) => {
      const want = s(c.engine === 'pytorch' ? t : Math.min(t, c.steps - 1));
      const tol = Math.max(1e-9 * Math.abs(v), 1e-15);
      assert.ok(Math.abs(want - v) <= tol, `${c.name} at step ${t}: lrkit ${want}, ${c.engine} ${v}`);
    });
  });
}

test('what an engine cannot reproduce exactly is refused, saying why and what to do instead', () => {
  assert.throws(() => toEngine(torch.stepLR({ lr: 0.1, stepSize: 3 }), 'jax' as never), /toEngine: engine must be one of "pytorch", "keras", "optax", "deepspeed", got "jax"$/);
  assert.throws(() => toEngine(torch.stepLR({ lr: 0.1, stepSize: 3 }), 'keras'), /torch\.stepLR has no Keras class of its own, so it is written as a table of its values: give \{ steps \}/);
  assert.throws(() => toEngine(cosine({ start: 0.1, steps: 5 }), 'optax', { steps: 0 }), /toEngine: steps must be an integer from 1 to 10000000, got 0/);
  assert.throws(() => toEngine(transformers.linearScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 5, numTrainingSteps: 50 }), 'deepspeed'), /no scheduler that is transformers\.linearScheduleWithWarmup exactly .*same rate before steps 0 and 1.*deepspeed\.initialize\(lr_scheduler=/);
  assert.throws(() => toEngine(cyclic({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 10 }), 'deepspeed', { steps: 100 }), /only for \{ steps \} <= 21/);
  assert.throws(() => toEngine(linear({ start: 0.001, end: 1, steps: 50 }), 'deepspeed'), /LRRangeTest keeps rising past 1/);
  assert.match(toEngine(torch.stepLR({ lr: 0.1, stepSize: 30 }), 'pytorch'), /return lr_scheduler\.StepLR\(optimizer, step_size=30, gamma=0\.1\)/);
  assert.match(toEngine(warmRestarts({ max: 0.1, period: 5 }), 'pytorch'), /LambdaLR\(optimizer, lrkit_lr\)/);
  // Momentum: only as the lr scheduler's own twin, with the same shape, and only for PyTorch.
  const c = cyclic({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 10 });
  assert.match(toEngine(c, 'pytorch', { momentum: cyclicMomentum({ stepSizeUp: 10 }) }), /cycle_momentum=True, base_momentum=0\.8, max_momentum=0\.9/);
  assert.throws(() => toEngine(c, 'pytorch', { momentum: cyclicMomentum({ stepSizeUp: 12 }) }), /momentum schedule's step_size_up is 12, the learning rate's 10/);
  assert.throws(() => toEngine(c, 'pytorch', { momentum: oneCycleMomentum({ totalSteps: 20 }) }), /only as cyclicMomentum \(got oneCycleMomentum\)/);
  assert.throws(() => toEngine(cosine({ start: 0.1, steps: 10 }), 'pytorch', { momentum: cyclicMomentum({}) }), /only in CyclicLR and OneCycleLR, not beside cosine/);
  assert.throws(() => toEngine(c, 'keras', { steps: 10, momentum: cyclicMomentum({ stepSizeUp: 10 }) }), /keras cannot schedule momentum/);
});

test('Keras gets its own classes for the keras family, with Keras\'s argument names', () => {
  assert.match(toEngine(keras.cosineDecay({ initialLearningRate: 0.1, decaySteps: 1000, warmupTarget: 0.5, warmupSteps: 100 }), 'keras'),
    /keras\.optimizers\.schedules\.CosineDecay\(initial_learning_rate=0\.1, decay_steps=1000, alpha=0, warmup_target=0\.5, warmup_steps=100\)/);
  assert.match(toEngine(keras.piecewiseConstantDecay({ boundaries: [10, 20], values: [1, 0.5, 0.1] }), 'keras'), /PiecewiseConstantDecay\(boundaries=\[10, 20\], values=\[1, 0\.5, 0\.1\]\)/);
  assert.match(toEngine(keras.cosineDecay({ initialLearningRate: 0.1, decaySteps: 10 }), 'keras'), /warmup_target=None/);
  assert.match(toEngine(constant(0.01), 'keras'), /return 0\.01/);
  assert.match(toEngine(constant(0.01), 'optax'), /optax\.constant_schedule\(0\.01\)/);
});

// DeepSpeed's schedulers, ported from deepspeed/runtime/lr_schedules.py (see the header): the rate
// in param_groups[0]['lr'] before optimizer step k, with lr_scheduler.step() after each step.
function deepspeedRate(block: { type: string; params: Record<string, number | boolean> }, k: number): number {
  const p = block.params as Record<string, number>;
  if (block.type === 'OneCycle') {
    const f = p.cycle_first_step_size;
    const sec = p.cycle_second_step_size ?? f;
    const total = f + sec;
    if (k > total) return p.cycle_min_lr; // decay_lr_rate 0
    const b = k; // DeepSpeed's counter is k - 1 before step k; OneCycle uses counter + 1
    const x = b / total - Math.floor(b / total); // the position in the cycle, in [0, 1)
    const ratio = f / total;
    const scale = x <= ratio ? x / ratio : (1 - x) / (1 - ratio);
    return p.cycle_min_lr + (p.cycle_max_lr - p.cycle_min_lr) * scale;
  }
  if (block.type === 'LRRangeTest') {
    const i = p.lr_range_test_staircase ? Math.floor(k / p.lr_range_test_step_size) : k / p.lr_range_test_step_size;
    return p.lr_range_test_min_lr * (1 + p.lr_range_test_step_rate * i);
  }
  throw new Error(`no port of ${block.type}`);
}

test('DeepSpeed\'s OneCycle and LRRangeTest blocks give lrkit\'s rate at every step they are written for', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.double({ min: 1e-4, max: 0.1, noNaN: true }), fc.double({ min: 1.01, max: 100, noNaN: true }), (up, down, base, ratio) => {
      const c = cyclic({ baseLr: base, maxLr: base * ratio, stepSizeUp: up, stepSizeDown: down });
      for (const s of [join([c, constant(base)], [up + down]), c]) {
        const steps = s === c ? up + down + 1 : 3 * (up + down);
        const { scheduler } = JSON.parse(toEngine(s, 'deepspeed', { steps }));
        assert.equal(scheduler.type, 'OneCycle');
        assert.equal(scheduler.params.cycle_momentum, false, 'momentum is left to the optimizer');
        for (let k = 0; k < steps; k++) {
          const want = s(k);
          assert.ok(Math.abs(deepspeedRate(scheduler, k) - want) <= 1e-9 * want, `step ${k}: DeepSpeed ${deepspeedRate(scheduler, k)}, lrkit ${want}`);
        }
      }
    }),
    { numRuns: 50 },
  );
  const rise = linear({ start: 1e-5, end: 1, steps: 200 });
  const { scheduler } = JSON.parse(toEngine(rise, 'deepspeed', { steps: 201 }));
  assert.equal(scheduler.type, 'LRRangeTest');
  for (let k = 0; k <= 200; k++) assert.ok(Math.abs(deepspeedRate(scheduler, k) - rise(k)) <= 1e-9 * rise(k), `step ${k}`);
});
