// worker_threads entry of the suggestion suite: one wasm backend per worker, task data cached per
// worker. Jobs: run the range test once, train one model at a constant rate or with one-cycle, or
// run the refine stage from a range test's answer.
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { shuffledIndices } from '../../src/data/random.js';
import { constant, oneCycle, oneCycleMomentum, type Schedule } from '../../src/schedules/index.js';
import { setBackend } from '../../src/tfjs/backend.js';
import type { StopReason } from '../../src/finder/index.js';
import { findLearningRate } from '../../src/tfjs/find.js';
import { refineLearningRate } from '../../src/tfjs/refine.js';
import { analyzeCurve } from '../../src/analysis/index.js';
import { disposeOptimizer } from '../../src/tfjs/optimizer-clone.js';
import { setLearningRate, setMomentum } from '../../src/tfjs/optimizers.js';
import { prodigy } from '../../src/tfjs/prodigy.js';
import { scheduleFreeAdamW } from '../../src/tfjs/schedule-free.js';
import { scheduleFreeMode } from '../../src/tfjs/schedule-free-callback.js';
import { serve } from '../lib/common.js';
import { EVALS, EVALS_AVERAGED, taskByName, type SuiteTask, type TaskData } from './tasks.js';

/** lrFree: an LR-free optimizer at its reference defaults (Schedule-Free optionally with a warm-up of `warmup` x steps). */
export type LrFreePeer = { type: 'lrFree'; optimizer: 'prodigy' | 'schedule-free-adamw'; warmup: number };
/**
 * fastaiOneCycle: fastai's fit_one_cycle schedule (pct_start 0.25, div 25, div_final 1e5, moms
 * 0.95-0.85-0.95, cosine; fastai/callback/schedule.py), as lrkit's oneCycle with pctStart 0.25,
 * divFactor 25 and finalDivFactor 1e5 / 25 (PyTorch's final lr is maxLr / div / final_div).
 */
export type Policy = { type: 'constant'; lr: number } | { type: 'oneCycle'; maxLr: number } | { type: 'fastaiOneCycle'; maxLr: number } | LrFreePeer;
export interface FindJob { kind: 'find'; task: string; seed: number }
export interface TrainJob { kind: 'train'; task: string; seed: number; policy: Policy }
/** refine: lrkit's refine stage from the range test's answer, on the first 80 % of the training set, compared on the last 20 %. */
export interface RefineJob { kind: 'refine'; task: string; seed: number; find: { lrs: number[]; losses: number[] }; steps: number }
export type Job = FindJob | TrainJob | RefineJob;

export interface RefineRunResult {
  kind: 'refine';
  /** The winner's rate (null: no round finished). */
  lr: number | null;
  source: string | null;
  candidates: { lr: number; source: string; rounds: { steps: number; score: number }[] }[];
  steps: number;
  seconds: number;
}

export interface FindResult {
  kind: 'find';
  lrs: number[];
  losses: number[];
  smoothed: number[];
  stopReason: StopReason;
  iterations: number;
  numIter: number;
  startLr: number;
  endLr: number;
  seconds: number;
}

export interface TrainResult {
  kind: 'train';
  /** Mean of the last EVALS_AVERAGED evaluations (accuracy, or test MSE); null when training diverged. */
  score: number | null;
  evaluations: { step: number; value: number }[];
  diverged: boolean;
  steps: number;
  seconds: number;
}

/** Settings of the range test: findLearningRate's defaults, as a user gets them. */
const FIND = { numIter: 100, startLr: 1e-7, endLr: 10 } as const;

const cache = new Map<string, Promise<{ train: TaskData; test: TaskData }>>();
const dataOf = (t: SuiteTask) => {
  if (!cache.has(t.name)) cache.set(t.name, t.load());
  return cache.get(t.name)!;
};
const tensorsOf = (d: TaskData) => tf.tidy(() => ({ xs: tf.tensor(d.xs, [d.count, ...d.xShape]), ys: tf.tensor(d.ys, [d.count, d.yWidth]) }));

/** Shuffled mini-batches copied into reused typed arrays (one tensor pair per batch); the last partial batch of a pass is dropped. */
function* batches(d: TaskData, batchSize: number, seed: number): Generator<{ x: Float32Array; y: Float32Array }> {
  const xw = d.xs.length / d.count;
  const x = new Float32Array(batchSize * xw);
  const y = new Float32Array(batchSize * d.yWidth);
  for (let pass = 0; ; pass++) {
    const order = shuffledIndices(d.count, seed * 7919 + pass);
    for (let b = 0; b + batchSize <= d.count; b += batchSize) {
      for (let k = 0; k < batchSize; k++) {
        const i = order[b + k];
        x.set(d.xs.subarray(i * xw, (i + 1) * xw), k * xw);
        y.set(d.ys.subarray(i * d.yWidth, (i + 1) * d.yWidth), k * d.yWidth);
      }
      yield { x, y };
    }
  }
}

async function score(model: tf.LayersModel, test: { xs: tf.Tensor; ys: tf.Tensor }, metric: SuiteTask['metric']): Promise<number> {
  const out = model.evaluate(test.xs, test.ys, { batchSize: 500 });
  const list = Array.isArray(out) ? out : [out];
  const values = await Promise.all(list.map((t) => t.data()));
  tf.dispose(list);
  return metric === 'accuracy' ? values[1][0] : values[0][0];
}

async function train(t: SuiteTask, job: TrainJob, data: { train: TaskData; test: TaskData }): Promise<TrainResult> {
  const t0 = performance.now();
  const model = t.build(job.seed);
  const peer = job.policy.type === 'lrFree' ? job.policy : undefined;
  if (peer) lrFreeOptimizer(model, t, peer);
  const opt = model.optimizer;
  const test = tensorsOf(data.test);
  const p = job.policy;
  const fastai = { pctStart: 0.25, divFactor: 25, finalDivFactor: 1e5 / 25 };
  const lr: Schedule | undefined = p.type === 'constant' ? constant(p.lr)
    : p.type === 'oneCycle' ? oneCycle({ maxLr: p.maxLr, totalSteps: t.steps })
    : p.type === 'fastaiOneCycle' ? oneCycle({ maxLr: p.maxLr, totalSteps: t.steps, ...fastai })
    : undefined;
  // One-cycle cycles momentum (beta1 for Adam) where the optimizer has it, as PyTorch's OneCycleLR and fastai do.
  const cycles = t.optimizer === 'momentum' || t.optimizer === 'nesterov' || t.optimizer === 'adam';
  const momentum = !cycles ? undefined
    : p.type === 'oneCycle' ? oneCycleMomentum({ totalSteps: t.steps })
    : p.type === 'fastaiOneCycle' ? oneCycleMomentum({ totalSteps: t.steps, pctStart: fastai.pctStart })
    : undefined;
  const evaluations: TrainResult['evaluations'] = [];
  let diverged = false;
  let step = 0;
  try {
    const it = batches(data.train, t.batchSize, job.seed);
    for (; step < t.steps; step++) {
      const { x, y } = it.next().value!;
      if (lr) setLearningRate(opt, lr(step));
      scheduleFreeMode(model, 'train'); // Schedule-Free: gradients at y (no-op for the others)
      if (momentum) setMomentum(opt, momentum(step));
      const bx = tf.tensor(x, [t.batchSize, ...data.train.xShape]);
      const by = tf.tensor(y, [t.batchSize, data.train.yWidth]);
      const loss = await model.trainOnBatch(bx, by).finally(() => tf.dispose([bx, by]));
      const value = Array.isArray(loss) ? loss[0] : loss;
      if (!Number.isFinite(value)) {
        diverged = true;
        break;
      }
      if ((step + 1) % (t.steps / EVALS) === 0) {
        scheduleFreeMode(model, 'eval'); // Schedule-Free is evaluated at x
        evaluations.push({ step: step + 1, value: await score(model, test, t.metric) });
      }
    }
  } finally {
    tf.dispose([test.xs, test.ys]);
    if (peer) opt.dispose(); // disposeOptimizer knows the tf.train families only
    else disposeOptimizer(opt);
    model.dispose();
  }
  const last = evaluations.slice(-EVALS_AVERAGED).map((e) => e.value);
  const finite = !diverged && last.length === EVALS_AVERAGED && last.every(Number.isFinite);
  return {
    kind: 'train', score: finite ? last.reduce((a, b) => a + b, 0) / last.length : null, evaluations, diverged: !finite, steps: step,
    seconds: (performance.now() - t0) / 1000,
  };
}

// The task's model, recompiled with an LR-free optimizer at its reference defaults (same loss and metric).
function lrFreeOptimizer(model: tf.LayersModel, t: SuiteTask, peer: LrFreePeer): void {
  disposeOptimizer(model.optimizer);
  const optimizer = peer.optimizer === 'prodigy' ? prodigy() : scheduleFreeAdamW({ warmupSteps: Math.round(peer.warmup * t.steps) });
  model.compile({
    optimizer,
    loss: t.metric === 'accuracy' ? 'categoricalCrossentropy' : 'meanSquaredError',
    ...(t.metric === 'accuracy' ? { metrics: ['accuracy'] } : {}),
  });
}

async function find(t: SuiteTask, job: FindJob, data: { train: TaskData }): Promise<FindResult> {
  const t0 = performance.now();
  const model = t.build(job.seed);
  const { xs, ys } = tensorsOf(data.train);
  try {
    const r = await findLearningRate(model, { xs, ys }, { ...FIND, batchSize: t.batchSize, seed: job.seed });
    return {
      kind: 'find', lrs: r.lrs, losses: r.losses, smoothed: r.smoothed, stopReason: r.stopReason, iterations: r.iterations,
      numIter: r.numIter, startLr: r.startLr, endLr: r.endLr, seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    tf.dispose([xs, ys]);
    disposeOptimizer(model.optimizer);
    model.dispose();
  }
}

async function refine(t: SuiteTask, job: RefineJob, data: { train: TaskData }): Promise<RefineRunResult> {
  const t0 = performance.now();
  const model = t.build(job.seed);
  const d = data.train;
  const cut = Math.floor(d.count * 0.8);
  const xw = d.xs.length / d.count;
  const part = (from: number, to: number) => tensorsOf({ xs: d.xs.subarray(from * xw, to * xw), ys: d.ys.subarray(from * d.yWidth, to * d.yWidth), count: to - from, xShape: d.xShape, yWidth: d.yWidth });
  const train = part(0, cut);
  const validation = part(cut, d.count);
  try {
    const analysis = analyzeCurve(job.find);
    // No answer to refine (a flat or rising curve): the rule gives none, as the knee does.
    if (!analysis.recommendation.constant || !analysis.recommendation.oneCycle) return { kind: 'refine', lr: null, source: null, candidates: [], steps: 0, seconds: (performance.now() - t0) / 1000 };
    const r = await refineLearningRate(model, train, analysis, { validationData: validation, steps: job.steps, batchSize: t.batchSize, seed: job.seed });
    return {
      kind: 'refine', lr: r.winner?.lr ?? null, source: r.winner?.source ?? null,
      candidates: r.candidates.map((c) => ({ lr: c.lr, source: c.source, rounds: c.rounds })), steps: r.steps, seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    tf.dispose([train.xs, train.ys, validation.xs, validation.ys]);
    disposeOptimizer(model.optimizer);
    model.dispose();
  }
}

const ready = setBackend('wasm');

async function run(job: Job): Promise<FindResult | TrainResult | RefineRunResult> {
  await ready;
  const t = taskByName(job.task);
  const data = await dataOf(t);
  return job.kind === 'find' ? find(t, job, data) : job.kind === 'refine' ? refine(t, job, data) : train(t, job, data);
}

serve(parentPort!, run);
