// Combining several range-test runs into one suggestion with a spread.
import type { RangeTestResult } from '../finder/index.js';
import { fail } from '../check/index.js';
import { recommend, suggest, type Recommendation, type SuggestionSet } from '../suggestions/index.js';
import { logMedian } from '../suggestions/median.js';

export { logMedian } from '../suggestions/median.js';

/** The spread of one suggestion rule over several runs. */
export interface SuggestionSpread {
  /** Rule name: valley, minimum, steep, slide, oneCycle, cyclicBounds (its maxLr) or cyclicBase (its baseLr). */
  name: string;
  /** Median over the runs that produced this suggestion (geometric mean of the middle two for an even count). */
  lr: number;
  min: number;
  max: number;
  /** max / min: 1 means every run agreed; 2 means a factor of two between the extremes. */
  spread: number;
  /** The suggestion of each run, in run order (undefined where that run had too short a curve). */
  lrs: (number | undefined)[];
}

/** What {@link summarizeRuns} returns. */
export interface RunsSummary {
  /** One entry per rule; `valley` is fastai's default choice. */
  suggestions: Record<string, SuggestionSpread>;
  /** Per-run suggestions (undefined for a run with fewer than 2 recorded points). */
  perRun: (SuggestionSet | undefined)[];
  /** stopReason of each run. */
  stopReasons: RangeTestResult['stopReason'][];
  /** `recommend(results)`: the log-median of the runs' recommendations, with a 'spread' warning past x3. */
  recommendation: Recommendation;
}

function suggestionsOf(r: RangeTestResult): SuggestionSet | undefined {
  const withSet = r as RangeTestResult & { suggestions?: SuggestionSet };
  if (withSet.suggestions !== undefined) return withSet.suggestions;
  return r.lrs.length >= 2 ? suggest.all(r) : undefined;
}

/**
 * Suggestions of several range-test runs (e.g. different data orders or seeds) reduced to the
 * median learning rate of each rule with its min..max spread.
 *
 * @example
 * const s = summarizeRuns([run1, run2, run3]);
 * s.suggestions.valley.lr;     // median valley
 * s.suggestions.valley.spread; // max/min over the runs
 * s.recommendation.constant?.lr; // the median recommendation
 */
export function summarizeRuns(results: readonly RangeTestResult[]): RunsSummary {
  if (!Array.isArray(results) || results.length === 0) {
    fail('summarizeRuns', 'results', 'a non-empty array of range-test results', results);
  }
  results.forEach((r, i) => {
    if (r === null || typeof r !== 'object' || !Array.isArray(r.lrs) || !Array.isArray(r.losses)) {
      fail('summarizeRuns', `results[${i}]`, 'a range-test result with lrs and losses', r, TypeError);
    }
  });
  const perRun = results.map(suggestionsOf);
  const byName = new Map<string, (number | undefined)[]>();
  perRun.forEach((set, i) => {
    if (!set) return;
    const entries: [string, number][] = Object.entries(set).map(([k, s]) => [k, (s as { lr: number }).lr]);
    entries.push(['cyclicBase', set.cyclicBounds.baseLr]);
    for (const [name, lr] of entries) {
      if (!byName.has(name)) byName.set(name, new Array<number | undefined>(results.length).fill(undefined));
      byName.get(name)![i] = lr;
    }
  });
  const suggestions: Record<string, SuggestionSpread> = {};
  for (const [name, lrs] of byName) {
    const got = lrs.filter((v): v is number => v !== undefined);
    const min = Math.min(...got);
    const max = Math.max(...got);
    suggestions[name] = { name, lr: logMedian(got), min, max, spread: max / min, lrs };
  }
  return { suggestions, perRun, stopReasons: results.map((r) => r.stopReason), recommendation: recommend(results) };
}
