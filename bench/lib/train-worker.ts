// worker_threads entry used by the training benchmarks: one wasm backend per worker, data cached
// per worker, tasks = "train the MNIST MLP with a policy" or "run the LR finder once".
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { loadSplits } from '../../src/node/index.js';
import type { DataSplits } from '../../src/data/types.js';
import { createMlp, policySchedules, toTensors, trainWithSchedule, type PolicyOptions } from '../../src/models/index.js';
import { constant } from '../../src/schedules/index.js';
import { findLearningRate } from '../../src/tfjs/find.js';
import { setBackend } from '../../src/tfjs/backend.js';
import { serve } from './common.js';

/** Which data and how much of it; the subset is always drawn with seed 0 so every run sees the same examples. */
export interface DataChoice {
  data: 'mnist' | 'fashion-mnist';
  trainLimit?: number;
  testLimit?: number;
}

/** Train the MLP once. `lr` is a fixed rate or a policy with its bounds. */
export interface TrainTask extends DataChoice {
  kind: 'train';
  optimizer: string;
  lr: number | { policy: string; bounds: Omit<PolicyOptions, 'epochs' | 'itersPerEpoch'> };
  epochs: number;
  batchSize: number;
  seed: number;
  evalEvery?: number;
  evalLimit?: number;
  hidden?: number[];
}

/** Run findLearningRate once on the training data. */
export interface FindTask extends DataChoice {
  kind: 'find';
  optimizer: string;
  batchSize: number;
  seed: number;
  numIter: number;
  startLr: number;
  endLr: number;
  hidden?: number[];
}

export type Task = TrainTask | FindTask;

export interface TrainOutcome {
  kind: 'train';
  finalAccuracy: number;
  steps: number;
  seconds: number;
  diverged: boolean;
  evaluations: { step: number; accuracy: number; loss: number }[];
  finalTrainLoss: number;
}

export interface FindOutcome {
  kind: 'find';
  iterations: number;
  stopReason: string;
  seconds: number;
  lrs: number[];
  losses: number[];
  smoothed: number[];
  suggestions: Record<string, { lr: number; baseLr?: number; maxLr?: number }>;
}

const cache = new Map<string, Promise<DataSplits>>();
function dataFor(c: DataChoice): Promise<DataSplits> {
  const key = `${c.data}/${c.trainLimit}/${c.testLimit}`;
  let p = cache.get(key);
  if (!p) {
    p = loadSplits(c.data, { trainLimit: c.trainLimit, testLimit: c.testLimit, seed: 0 });
    cache.set(key, p);
  }
  return p;
}

const ready = setBackend('wasm');

async function run(task: Task): Promise<TrainOutcome | FindOutcome> {
  await ready;
  const { train, test } = await dataFor(task);
  const model = createMlp({
    inputShape: train.shape, classes: train.numClasses, hidden: task.hidden ?? [128], seed: task.seed,
    optimizer: task.optimizer, lr: 0.01,
  });
  try {
    if (task.kind === 'find') {
      const t0 = performance.now();
      const { xs, ys } = toTensors(train);
      try {
        const r = await findLearningRate(model, { xs, ys }, {
          batchSize: task.batchSize, seed: task.seed, numIter: task.numIter, startLr: task.startLr, endLr: task.endLr,
        });
        const s = r.suggestions!;
        return {
          kind: 'find', iterations: r.iterations, stopReason: r.stopReason, seconds: (performance.now() - t0) / 1000,
          lrs: r.lrs, losses: r.losses, smoothed: r.smoothed,
          suggestions: {
            valley: { lr: s.valley.lr }, steep: { lr: s.steep.lr }, minimum: { lr: s.minimum.lr },
            ...(s.slide ? { slide: { lr: s.slide.lr } } : {}),
            oneCycle: { lr: s.oneCycle.lr },
            cyclicBounds: { lr: s.cyclicBounds.lr, baseLr: s.cyclicBounds.baseLr, maxLr: s.cyclicBounds.maxLr },
          },
        };
      } finally {
        tf.dispose([xs, ys]);
      }
    }
    const itersPerEpoch = Math.floor(train.count / task.batchSize);
    const policy = typeof task.lr === 'number'
      ? { lr: constant(task.lr), momentum: undefined }
      : policySchedules(task.lr.policy, { ...task.lr.bounds, epochs: task.epochs, itersPerEpoch });
    const r = await trainWithSchedule({
      model, train, test, epochs: task.epochs, batchSize: task.batchSize, lr: policy.lr, seed: task.seed,
      ...(policy.momentum ? { momentum: policy.momentum } : {}),
      ...(task.evalEvery ? { evalEvery: task.evalEvery } : {}),
      ...(task.evalLimit ? { evalLimit: task.evalLimit } : {}),
    });
    const tail = r.losses.slice(-50);
    return {
      kind: 'train',
      finalAccuracy: r.finalAccuracy,
      steps: r.steps,
      seconds: r.seconds,
      // A NaN loss leaves the model predicting one class: accuracy ~0.1, recorded as is.
      diverged: r.losses.some((l) => !Number.isFinite(l)),
      evaluations: r.evaluations.map((e) => ({ step: e.step, accuracy: e.accuracy, loss: e.loss })),
      finalTrainLoss: tail.reduce((a, b) => a + b, 0) / tail.length,
    };
  } finally {
    model.optimizer?.dispose();
    model.dispose();
  }
}

serve(parentPort!, run);
