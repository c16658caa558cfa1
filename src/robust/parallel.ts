// Range tests in parallel worker threads, each with its own TensorFlow.js backend.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { errorFromWorker, startModuleWorker } from '../node/index.js';
import { func, integer, object } from '../check/index.js';
import type { FindLearningRateResult } from '../tfjs/find.js';
import { checkRecipe, type RangeTestRecipe } from './recipe.js';
import { findLearningRateRuns, MAX_RUNS, type RunsResult } from './runs.js';
import type { FromWorker, ToWorker } from './worker.js';

/** Options of {@link findLearningRateInWorkers}. */
export interface WorkerRunsOptions {
  /** Number of range tests (run i uses shuffle seed `find.seed + i`). */
  runs: number;
  /** Worker threads (default: min(runs, available cores)). */
  workers?: number;
  /** Stops all workers; each returns its partial curve (stopReason 'aborted'). */
  signal?: AbortSignal;
  /** Progress of every run, as its iterations are recorded. */
  onIteration?: (run: number, info: { iteration: number; lr: number; loss: number }) => void;
}

function startWorker(workerData: unknown): Worker {
  return startModuleWorker(new URL('./worker.js', import.meta.url), workerData);
}

/** One worker thread that runs range tests on request. */
class RunWorker {
  private readonly worker: Worker;
  readonly ready: Promise<void>;
  private pending: { index: number; resolve: (r: FindLearningRateResult) => void; reject: (e: Error) => void } | undefined;
  private failed: Error | undefined;
  private exited = false;

  constructor(recipe: RangeTestRecipe, onIteration: WorkerRunsOptions['onIteration']) {
    this.worker = startWorker({ recipe, progress: onIteration !== undefined });
    let readyResolve!: () => void;
    let readyReject!: (e: Error) => void;
    this.ready = new Promise((res, rej) => {
      readyResolve = res;
      readyReject = rej;
    });
    this.ready.catch(() => {});
    this.worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') readyResolve();
      else if (m.type === 'iteration') onIteration?.(m.index, m);
      else if (m.type === 'result') {
        const p = this.pending;
        this.pending = undefined;
        p?.resolve(m.result as FindLearningRateResult);
      } else if (m.type === 'error') {
        const e = errorFromWorker(m);
        if (m.index === undefined) {
          this.failed = e;
          readyReject(e);
        }
        const p = this.pending;
        this.pending = undefined;
        p?.reject(e);
      }
    });
    const die = (e: Error): void => {
      this.failed ??= e;
      readyReject(e);
      const p = this.pending;
      this.pending = undefined;
      p?.reject(e);
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => {
      this.exited = true;
      die(new Error(`range-test worker exited with code ${code}`));
    });
  }

  async run(index: number): Promise<FindLearningRateResult> {
    await this.ready;
    if (this.failed) throw this.failed;
    return new Promise((resolve, reject) => {
      this.pending = { index, resolve, reject };
      this.post({ type: 'run', index });
    });
  }

  post(m: ToWorker): void {
    try {
      this.worker.postMessage(m);
    } catch {
      // already gone; 'exit' has rejected what was pending
    }
  }

  async close(): Promise<void> {
    if (this.exited) return;
    this.post({ type: 'close' });
    // Give a clean close a moment (it disposes tensors), then make sure the thread is gone.
    const timer = setTimeout(() => void this.worker.terminate(), 2000);
    await new Promise<void>((res) => this.worker.once('exit', () => res()));
    clearTimeout(timer);
  }
}

/**
 * Runs the range test of `recipe` `runs` times in parallel worker threads (each with its own
 * wasm backend, so the runs do not share a model) and returns every curve plus the median
 * suggestion of each rule with its min..max spread. Run i shuffles the data with seed
 * `find.seed + i` (and initialises the model with `model.seed + i` when `varyInit`).
 *
 * @example
 * const r = await findLearningRateInWorkers(
 *   { data: { source: 'mnist', limit: 2000 }, model: { kind: 'mlp' }, find: { numIter: 100, batchSize: 64 } },
 *   { runs: 5, workers: 2 },
 * );
 * console.log(r.suggestions.valley.lr, r.suggestions.valley.spread);
 */
export async function findLearningRateInWorkers(
  recipe: RangeTestRecipe,
  options: WorkerRunsOptions,
): Promise<RunsResult<FindLearningRateResult>> {
  const checked = checkRecipe(recipe);
  const fn = 'findLearningRateInWorkers';
  object(fn, 'options', options);
  const runs = integer(fn, 'runs', options.runs, 1, MAX_RUNS);
  const workers = options.workers === undefined ? Math.min(runs, Math.max(1, availableParallelism())) : Math.min(runs, integer(fn, 'workers', options.workers, 1, 64));
  if (options.onIteration !== undefined) func(fn, 'onIteration', options.onIteration);
  const pool = Array.from({ length: workers }, () => new RunWorker(checked, options.onIteration));
  const idle = [...pool];
  const waiting: ((w: RunWorker) => void)[] = [];
  const acquire = (): Promise<RunWorker> => {
    const w = idle.pop();
    return w ? Promise.resolve(w) : new Promise((res) => waiting.push(res));
  };
  const release = (w: RunWorker): void => {
    const next = waiting.shift();
    if (next) next(w);
    else idle.push(w);
  };
  const abortAll = (): void => pool.forEach((w) => w.post({ type: 'abort' }));
  try {
    return await findLearningRateRuns({
      runs,
      concurrency: workers,
      signal: options.signal,
      run: async (i, signal) => {
        const w = await acquire();
        signal.addEventListener('abort', abortAll, { once: true });
        try {
          return await w.run(i);
        } finally {
          signal.removeEventListener('abort', abortAll);
          release(w);
        }
      },
    });
  } finally {
    await Promise.all(pool.map((w) => w.close()));
  }
}
