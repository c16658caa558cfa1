// The lr_find picture of several runs: every curve, their min..max band and the median suggestions.
import type { TopLevelSpec } from 'vega-lite';
import type { RangeTestResult } from '../finder/index.js';
import { fail } from '../check/index.js';
import { finderPlot, type LrFinderPlotOptions } from '../report/plots.js';
import type { RunsResult } from './runs.js';

/** Options of {@link runsPlot}: lrFinderPlot's, without `runs` and `suggestions`. */
export type RunsPlotOptions = Omit<LrFinderPlotOptions, 'runs' | 'suggestions'> & {
  /** Label of run i (default `run i+1`). */
  names?: (index: number) => string;
  /** Median suggestions to mark (default valley, minimum, steep). */
  rules?: readonly string[];
};

/**
 * A vega-lite spec of all runs of a robust range test with their min..max band, marking the
 * median learning rate of each chosen rule. Render it with renderSvg / renderPng.
 *
 * @example
 * const r = await robustFindLearningRate(model, data, { runs: 5 });
 * fs.writeFileSync('runs.png', await renderPng(runsPlot(r, { names: (i) => `seed ${i}` })));
 */
export function runsPlot(result: Pick<RunsResult<RangeTestResult>, 'results' | 'suggestions'>, options: RunsPlotOptions = {}): TopLevelSpec {
  if (result === null || typeof result !== 'object' || !Array.isArray(result.results) || result.results.length === 0) {
    fail('runsPlot', 'result', 'what findLearningRateRuns / robustFindLearningRate return, with at least one run', result, TypeError);
  }
  const { names = (i: number) => `run ${i + 1}`, rules = ['valley', 'minimum', 'steep'], ...plot } = options;
  const suggestions = rules
    .filter((name) => result.suggestions[name] !== undefined)
    .map((name) => ({ name: `${name} (median)`, lr: result.suggestions[name].lr }));
  return finderPlot('runsPlot', {
    ...plot,
    title: plot.title ?? `LR range test, ${result.results.length} runs`,
    runs: result.results.map((r, i) => ({ lrs: r.lrs, losses: r.losses, smoothed: r.smoothed, name: names(i) })),
    suggestions,
  });
}
