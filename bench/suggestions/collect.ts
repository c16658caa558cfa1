// Phase 1 of the suggestion suite: per task and seed, the range test and the 9-point grid of
// constant rates, all from the same initial weights, run on a pool of worker threads.
import { round, runPool } from '../lib/common.js';
import type { SuiteTask } from './tasks.js';
import type { FindResult, Job, Policy, RefineJob, RefineRunResult, TrainJob, TrainResult } from './worker.js';

/** 1e-4 .. 1 in half decades. */
export const GRID = Array.from({ length: 9 }, (_, k) => round(10 ** (-4 + k / 2), 6));

export interface GridPoint extends TrainResult { lr: number }
export interface TaskSeed {
  task: string;
  seed: number;
  find: FindResult;
  grid: GridPoint[];
}

const entry = new URL('./worker.ts', import.meta.url);

/** Key of a training run, so the same run is never trained twice. */
export const runKey = (task: string, seed: number, p: Policy) => `${task}/${seed}/${p.type}/${p.type === 'constant' ? p.lr : p.type === 'oneCycle' || p.type === 'fastaiOneCycle' ? p.maxLr : `${p.optimizer}/${p.warmup}`}`;

/**
 * Runs `jobs` on `workers` threads, the slowest tasks first (better packing), logging each.
 *
 * @example
 * const results = await runJobs(jobs, tasks, 2, log);
 */
export async function runJobs<J extends Job>(jobs: J[], tasks: SuiteTask[], workers: number, log: (line: string) => void) {
  const cost = (j: Job) => {
    const t = tasks.find((x) => x.name === j.task)!;
    return (j.kind === 'find' ? 100 : j.kind === 'refine' ? (j as RefineJob).steps : t.steps) * t.batchSize * (t.name.startsWith('cnn') ? 8 : t.name.startsWith('bn-cnn') ? 16 : t.name.startsWith('gru') ? 4 : 1);
  };
  const order = jobs.map((_, i) => i).sort((a, b) => cost(jobs[b]) - cost(jobs[a]));
  let done = 0;
  const t0 = performance.now();
  const results = await runPool<Job, FindResult | TrainResult | RefineRunResult>(entry, order.map((i) => jobs[i]), workers, (r, j) => {
    const p = j.kind === 'train' ? (j as TrainJob).policy : undefined;
    const what = j.kind === 'refine' ? `refine (${(j as RefineJob).steps} steps)` : !p ? 'range test' : p.type === 'constant' ? `lr ${p.lr.toExponential(2)}` : p.type === 'oneCycle' ? `one-cycle ${p.maxLr.toExponential(2)}` : p.type === 'fastaiOneCycle' ? `fastai one-cycle ${p.maxLr.toExponential(2)}` : `${p.optimizer}${p.warmup ? ` (${p.warmup * 100} % warm-up)` : ''}`;
    const res = r.kind === 'find' ? `${r.iterations} it (${r.stopReason})` : r.kind === 'refine' ? `winner ${r.lr?.toExponential(2) ?? 'none'} (${r.source ?? '-'})` : r.diverged ? 'diverged' : `score ${r.score?.toFixed(4)}`;
    log(`[${((performance.now() - t0) / 1000).toFixed(0)} s] ${++done}/${jobs.length} ${j.task} seed ${j.seed} ${what}: ${res} in ${r.seconds.toFixed(1)} s`);
  });
  const out = new Array<FindResult | TrainResult | RefineRunResult>(jobs.length);
  order.forEach((i, k) => (out[i] = results[k]));
  return out;
}

/**
 * The range test and the grid for every task and seed.
 *
 * @example
 * const raw = await collect(TASKS, 3, 2, console.log);
 */
export async function collect(tasks: SuiteTask[], seeds: number, workers: number, log: (line: string) => void): Promise<TaskSeed[]> {
  const pairs = tasks.flatMap((t) => Array.from({ length: seeds }, (_, seed) => ({ task: t.name, seed })));
  const jobs: Job[] = pairs.flatMap(({ task, seed }) => [
    { kind: 'find' as const, task, seed },
    ...GRID.map((lr) => ({ kind: 'train' as const, task, seed, policy: { type: 'constant' as const, lr } })),
  ]);
  const results = await runJobs(jobs, tasks, workers, log);
  return pairs.map((p, k) => {
    const base = k * (GRID.length + 1);
    return {
      ...p,
      find: results[base] as FindResult,
      grid: GRID.map((lr, g) => ({ lr, ...(results[base + 1 + g] as TrainResult) })),
    };
  });
}
