// Writes test/fixtures/export/cases.json: schedules and the PyTorch code toEngine writes for them.
// scripts/export-fixtures.py then runs that code with Debian's torch and records what PyTorch
// really does, so test/schedules.export.test.ts can hold lrkit's values against it.
//   node --import tsx scripts/export-cases.ts && /usr/bin/python3 scripts/export-fixtures.py
import { writeFileSync } from 'node:fs';
import { cyclic, oneCycle, constant, toEngine, toSpec, torch, transformers, type Schedule } from '../src/schedules/index.js';

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
const out = cases.map(([name, s, steps]) => ({ name, spec: toSpec(s), code: toEngine(s, 'pytorch'), steps }));
writeFileSync(new URL('../test/fixtures/export/cases.json', import.meta.url), JSON.stringify(out, null, 1) + '\n');
console.log(`${out.length} cases`);
