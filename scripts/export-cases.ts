// Writes test/fixtures/export/cases.json: schedules and the code toEngine writes for them (PyTorch,
// and the tabulated Keras and optax forms). scripts/export-fixtures.py then runs that code — the
// PyTorch code with Debian's torch, the Keras / optax code with stand-ins for the few keras.ops /
// jax.numpy calls it makes (neither library installs here) — and records the rates, so
// test/schedules.export.test.ts can hold lrkit's values against them.
//   node --import tsx scripts/export-cases.ts && /usr/bin/python3 scripts/export-fixtures.py
import { writeFileSync } from 'node:fs';
import { constant, cosine, cyclic, cyclicMomentum, exponential, join, keras, linear, oneCycle, oneCycleMomentum, toEngine, toSpec, torch, transformers, warmRestarts, type Engine, type Schedule } from '../src/schedules/index.js';

const cases: [string, Schedule, number][] = [
  ['torch-step', torch.stepLR({ lr: 0.1, stepSize: 7, gamma: 0.5 }), 30],
  ['torch-multistep', torch.multiStepLR({ lr: 0.2, milestones: [5, 12, 12] }), 20],
  ['torch-cosine-periodic', torch.cosineAnnealingLR({ lr: 0.1, tMax: 10, etaMin: 0.001 }), 35],
  ['torch-warm-restarts', torch.cosineAnnealingWarmRestarts({ lr: 0.1, t0: 5, tMult: 2 }), 40],
  ['torch-sequential', torch.sequentialLR({ lr: 0.1, milestones: [5], schedulers: [{ type: 'linearLR', startFactor: 0.1, totalIters: 5 }, { type: 'polynomialLR', totalIters: 20, power: 2 }] }), 30],
  ['cyclic-triangular2', cyclic({ baseLr: 0.001, maxLr: 0.01, stepSizeUp: 4, stepSizeDown: 6, mode: 'triangular2' }), 45],
  ['cyclic-exp-range', cyclic({ baseLr: 0.001, maxLr: 0.01, stepSizeUp: 5, mode: 'exp_range', gamma: 0.97 }), 40],
  ['one-cycle', oneCycle({ maxLr: 0.1, totalSteps: 50, threePhase: true, annealStrategy: 'linear' }), 50],
  ['constant', constant(0.03), 5],
  ['hf-linear', transformers.linearScheduleWithWarmup({ lr: 5e-5, numWarmupSteps: 10, numTrainingSteps: 50 }), 55],
  ['hf-cosine-restarts', transformers.cosineWithHardRestartsScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 5, numTrainingSteps: 45, numCycles: 3 }), 50],
  ['hf-polynomial', transformers.polynomialDecayScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 3, numTrainingSteps: 30, lrEnd: 0.001, power: 2 }), 35],
  ['hf-inverse-sqrt', transformers.inverseSqrtSchedule({ lr: 0.1, numWarmupSteps: 8 }), 30],
  ['hf-cosine-min-lr', transformers.cosineWithMinLrScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 4, numTrainingSteps: 30, minLr: 0.01 }), 35],
];
// Schedules PyTorch has no class for: a LambdaLR over lrkit's formula in plain Python.
cases.push(
  ['keras-exponential-staircase', keras.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 4, decayRate: 0.5, staircase: true }), 20],
  ['keras-piecewise', keras.piecewiseConstantDecay({ boundaries: [3, 9], values: [0.1, 0.05, 0.01] }), 15],
  ['keras-polynomial-cycle', keras.polynomialDecay({ initialLearningRate: 0.1, decaySteps: 6, endLearningRate: 0.01, power: 2, cycle: true }), 20],
  ['keras-inverse-time', keras.inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 5, decayRate: 0.5 }), 20],
  ['keras-cosine-warmup', keras.cosineDecay({ initialLearningRate: 0, decaySteps: 20, alpha: 0.1, warmupTarget: 0.1, warmupSteps: 5 }), 30],
  ['keras-cosine-restarts', keras.cosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 5, tMul: 2, mMul: 0.8, alpha: 0.01 }), 40],
  ['linear', linear({ start: 0.001, end: 0.1, steps: 10 }), 15],
  ['exponential-end-steps', exponential({ start: 0.1, end: 0.001, steps: 12 }), 15],
  ['cosine', cosine({ start: 0.1, end: 0.001, steps: 20 }), 25],
  ['warm-restarts', warmRestarts({ max: 0.1, min: 0.001, period: 4, multiplier: 2 }), 30],
  ['join-warmup-cosine', join([linear({ start: 0, end: 0.1, steps: 5 }), cosine({ start: 0.1, steps: 20 })], [5]), 30],
  ['join-cycles', join([cyclic({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 3, mode: 'triangular2' }), oneCycle({ maxLr: 0.05, totalSteps: 12, annealStrategy: 'linear' })], [12]), 30],
);
const engines: Record<string, Engine> = {};
// Tabulated: schedules Keras / optax have no class for.
const tables: [string, Engine, Schedule, number][] = [
  ['keras-table-torch-step', 'keras', torch.stepLR({ lr: 0.1, stepSize: 4, gamma: 0.5 }), 12],
  ['keras-table-one-cycle', 'keras', oneCycle({ maxLr: 0.1, totalSteps: 20 }), 20],
  ['optax-table-hf-linear', 'optax', transformers.linearScheduleWithWarmup({ lr: 5e-5, numWarmupSteps: 3, numTrainingSteps: 15 }), 15],
  ['optax-table-sequential', 'optax', torch.sequentialLR({ lr: 0.1, milestones: [4], schedulers: [{ type: 'constantLR', factor: 0.5, totalIters: 4 }, { type: 'cosineAnnealingWarmRestarts', t0: 3, tMult: 2 }] }), 25],
];
for (const [name] of cases) engines[name] = 'pytorch';
// The learning rate with its momentum twin, cycled by the same PyTorch scheduler.
const withMomentum: [string, Schedule, Schedule, number][] = [
  ['cyclic-momentum', cyclic({ baseLr: 0.001, maxLr: 0.01, stepSizeUp: 4, stepSizeDown: 6, mode: 'triangular2' }), cyclicMomentum({ baseMomentum: 0.8, maxMomentum: 0.95, stepSizeUp: 4, stepSizeDown: 6, mode: 'triangular2' }), 30],
  ['one-cycle-momentum', oneCycle({ maxLr: 0.1, totalSteps: 40 }), oneCycleMomentum({ totalSteps: 40, baseMomentum: 0.85, maxMomentum: 0.95 }), 40],
];
const out = [
  ...cases.map(([name, s, steps]) => ({ name, engine: engines[name], spec: toSpec(s), code: toEngine(s, 'pytorch'), steps })),
  ...withMomentum.map(([name, s, m, steps]) => ({ name, engine: 'pytorch' as Engine, spec: toSpec(s), momentum: toSpec(m), code: toEngine(s, 'pytorch', { momentum: m }), steps })),
  ...tables.map(([name, engine, s, steps]) => ({ name, engine, spec: toSpec(s), code: toEngine(s, engine, { steps }), steps })),
];
writeFileSync(new URL('../test/fixtures/export/cases.json', import.meta.url), JSON.stringify(out, null, 1) + '\n');
console.log(`${out.length} cases`);
