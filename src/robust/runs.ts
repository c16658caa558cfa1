// Repeating a range test several times and summarising the runs (framework-agnostic).
import { fail, func, integer, object } from '../check/index.js';
import type { RangeTestResult } from '../finder/index.js';
import { summarizeRuns, type RunsSummary } from './summary.js';

/** Most runs one call accepts: a guard against a typo such as 1e6. */
export const MAX_RUNS = 1000;

/** Options of {@link findLearningRateRuns}. */
export interface RunsOptions<R extends RangeTestResult = RangeTestResult> {
  /** How many runs (an integer in [1, 1000]). */
  runs: number;
  /** Performs run `index` (0-based): e.g. a range test with seed `index`. */
  run: (index: number, signal: AbortSignal) => Promise<R>;
  /** Runs in flight at once (default 1). Use > 1 only when `run` does not share state (e.g. workers). */
  concurrency?: number;
  /** Stops starting new runs; runs in flight get the signal and should return their partial curves. */
  signal?: AbortSignal;
}

/** What {@link findLearningRateRuns} returns: every run, in index order, and their summary. */
export interface RunsResult<R extends RangeTestResult = RangeTestResult> extends RunsSummary {
  results: R[];
  /** True when the signal stopped the runs early (fewer results than asked, or aborted curves). */
  aborted: boolean;
}


/**
 * Runs `run(0..runs-1)` (up to `concurrency` at a time) and summarises the suggestions: median
 * learning rate per rule with its min..max spread (see {@link summarizeRuns}). The first error
 * of a run rejects the whole call once the runs in flight have settled.
 *
 * @example
 * const r = await findLearningRateRuns({
 *   runs: 5,
 *   run: (i) => findLearningRate(model, data, { seed: i, numIter: 100 }),
 * });
 * console.log(r.suggestions.valley.lr, r.suggestions.valley.min, r.suggestions.valley.max);
 */
export async function findLearningRateRuns<R extends RangeTestResult>(options: RunsOptions<R>): Promise<RunsResult<R>> {
  const fn = 'findLearningRateRuns';
  object(fn, 'options', options);
  const runs = integer(fn, 'runs', options.runs, 1, MAX_RUNS);
  func(fn, 'run', options.run, 'a function (index, signal) => Promise<RangeTestResult>');
  const concurrency = options.concurrency === undefined ? 1 : integer(fn, 'concurrency', options.concurrency, 1, 64);
  const outer = options.signal;
  if (outer !== undefined && !(outer instanceof AbortSignal)) fail(fn, 'signal', 'an AbortSignal', outer, TypeError);

  // Our own controller so that one failing run also stops the others.
  const ctl = new AbortController();
  const onAbort = (): void => ctl.abort();
  outer?.addEventListener('abort', onAbort, { once: true });
  if (outer?.aborted) ctl.abort();
  const results: (R | undefined)[] = new Array(runs).fill(undefined);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < runs && !ctl.signal.aborted) {
      const i = next++;
      try {
        results[i] = await options.run(i, ctl.signal);
      } catch (error) {
        failure ??= { error };
        ctl.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, runs) }, lane));
  } finally {
    outer?.removeEventListener('abort', onAbort);
  }
  if (failure) throw failure.error;
  const done = results.filter((r): r is R => r !== undefined);
  const aborted = outer?.aborted === true || done.length < runs || done.some((r) => r.stopReason === 'aborted');
  if (done.length === 0) {
    const none = { constant: null, oneCycle: null, cyclic: null, confidence: 'low' as const };
    const recommendation = { ...none, warnings: [{ code: 'partial' as const, message: 'stopped before any run finished: run again and let at least one finish' }] };
    return { results: [], aborted, suggestions: {}, perRun: [], stopReasons: [], recommendation };
  }
  return { results: done, aborted, ...summarizeRuns(done) };
}
