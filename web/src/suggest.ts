// What the page shows from a finished range test: the library's suggestions (suggest.all) as
// markers, plus the bounds that prefill the schedule designer.
import type { RangeTestResult } from '../../src/finder/index.js';
import { suggest } from '../../src/suggestions/index.js';

/** Suggestions to mark on the chart, and the designer's prefill. */
export interface PageSuggestions {
  /** Marked on the chart and listed in the table, in this order. */
  points: { name: string; lr: number }[];
  /** Designer prefill: cyclicBounds' baseLr, and oneCycle's max_lr for one-cycle or cyclicBounds' maxLr. */
  bounds: { baseLr: number; maxLr: number; oneCycleMaxLr: number };
}

/**
 * Runs `suggest.all` on a range-test result (smoothed, trimmed like fastai's lr_find) and picks
 * what the page shows. Throws the library's RangeError when the curve is too short.
 *
 * @example
 * const { points, bounds } = pageSuggestions(result);
 * points.map((p) => p.name); // ['valley', 'steep', 'minimum', 'slide', 'oneCycle']
 */
export function pageSuggestions(result: RangeTestResult): PageSuggestions {
  const s = suggest.all(result);
  const points = [s.valley, s.steep, s.minimum, ...(s.slide ? [s.slide] : []), s.oneCycle].map((p) => ({ name: p.name, lr: p.lr }));
  return {
    points,
    bounds: { baseLr: s.cyclicBounds.baseLr, maxLr: s.cyclicBounds.maxLr, oneCycleMaxLr: s.oneCycle.lr },
  };
}
