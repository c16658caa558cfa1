// What the page shows from a finished range test: the adapter's suggestions (suggest.all on the
// smoothed, fastai-trimmed curve) as markers, plus the bounds that prefill the schedule designer.
import type { SuggestionSet } from '../../src/suggestions/index.js';

/** Suggestions to mark on the chart, and the designer's prefill. */
export interface PageSuggestions {
  /** Marked on the chart and listed in the table, in this order. */
  points: { name: string; lr: number }[];
  /** cyclicBounds' base/max LR (cyclical policies) and oneCycle's max_lr (one-cycle, cosine, SGDR). */
  bounds: { baseLr: number; maxLr: number; oneCycleMaxLr: number };
}

/**
 * Picks what the page shows from a suggestion set.
 *
 * @example
 * const { points, bounds } = pageSuggestions(result.suggestions);
 * points.map((p) => p.name); // ['valley', 'steep', 'minimum', 'slide', 'oneCycle']
 */
export function pageSuggestions(s: SuggestionSet): PageSuggestions {
  const points = [s.valley, s.steep, s.minimum, ...(s.slide ? [s.slide] : []), s.oneCycle].map((p) => ({ name: p.name, lr: p.lr }));
  return {
    points,
    bounds: { baseLr: s.cyclicBounds.baseLr, maxLr: s.cyclicBounds.maxLr, oneCycleMaxLr: s.oneCycle.lr },
  };
}
