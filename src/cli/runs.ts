// `lrkit find --runs N`: the CLI's options turned into a worker recipe, and the run that best
// represents the median suggestion.
import type { FindLearningRateResult } from '../tfjs/index.js';
import { findLearningRateInWorkers, type RunsResult } from '../robust/index.js';
import type { RangeTestRecipe } from '../robust/index.js';

/** What `lrkit find` knows when `--runs` is above 1. */
export interface CliRunsInput {
  runs: number;
  workers?: number;
  model: string;
  data: string;
  label: string;
  limit: number;
  seed: number;
  hidden: number[];
  optimizer: string;
  momentum: number;
  backend: string;
  find: NonNullable<RangeTestRecipe['find']>;
  signal?: AbortSignal;
  onIteration?: (run: number, info: { iteration: number; lr: number; loss: number }) => void;
}

/** Result of {@link cliFindRuns}: every run plus the one closest to the median valley. */
export interface CliRunsResult extends RunsResult<FindLearningRateResult> {
  /** Index (into `results`) of the run whose valley is closest to the median valley, on a log scale. */
  representative: number;
}

/**
 * Why `--runs` above 1 cannot run with these options, or undefined when it can. Workers rebuild
 * the embedded models only (a saved model.json would have to be loaded in every thread).
 *
 * @example
 * runsUnsupported({ model: 'model.json', validation: 'none' }); // 'needs --model mlp or cnn ...'
 */
export function runsUnsupported(o: { model: string; validation?: string }): string | undefined {
  if (o.model !== 'mlp' && o.model !== 'cnn') return `needs --model mlp or cnn (got ${JSON.stringify(o.model)})`;
  if (o.validation !== undefined && o.validation !== 'none') return `needs --validation none (got ${JSON.stringify(o.validation)})`;
  return undefined;
}

/**
 * Runs the CLI's range test `runs` times in worker threads (run i: shuffle seed `seed + i`),
 * each thread with its own wasm (or cpu) backend.
 *
 * @example
 * const r = await cliFindRuns({ runs: 5, model: 'mlp', data: 'mnist', ... });
 * r.suggestions.valley; r.results[r.representative];
 */
export async function cliFindRuns(input: CliRunsInput): Promise<CliRunsResult> {
  const reason = runsUnsupported(input);
  if (reason) throw new RangeError(`runs: ${reason}`);
  const recipe: RangeTestRecipe = {
    data: { source: input.data, limit: input.limit, label: input.label, seed: input.seed },
    model: {
      kind: input.model as 'mlp' | 'cnn',
      hidden: input.hidden,
      optimizer: input.optimizer as NonNullable<RangeTestRecipe['model']['optimizer']>,
      momentum: input.momentum,
      seed: Math.max(0, input.seed),
    },
    find: { ...input.find, seed: Math.max(0, input.seed) },
    // Workers get their own backend; tfjs-node cannot be shared, and 'auto' means wasm here.
    backend: input.backend === 'cpu' ? 'cpu' : 'wasm',
  };
  const r = await findLearningRateInWorkers(recipe, { runs: input.runs, workers: input.workers, signal: input.signal, onIteration: input.onIteration });
  const median = r.suggestions.valley?.lr;
  let representative = 0;
  if (median !== undefined) {
    let best = Infinity;
    r.perRun.forEach((s, i) => {
      if (!s) return;
      const d = Math.abs(Math.log(s.valley.lr / median));
      if (d < best) {
        best = d;
        representative = i;
      }
    });
  }
  return { ...r, representative };
}
