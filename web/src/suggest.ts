// What the page shows from a finished range test: the adapter's suggestions (suggest.all on the
// smoothed, fastai-trimmed curve) as markers, plus the bounds that prefill the schedule designer.
import type { SuggestionSet } from '../../src/suggestions/index.js';

/** One suggestion marked on the chart and listed in the table. */
export interface PagePoint {
  name: string;
  /** Where the marker is drawn; for `cyclicBounds` its max LR. */
  lr: number;
  /** Only for `cyclicBounds`: the low end of the cycle, shown next to `lr` in the table. */
  baseLr?: number;
}

/** Suggestions to mark on the chart, and the designer's prefill. */
export interface PageSuggestions {
  /** Marked on the chart and listed in the table, in this order. */
  points: PagePoint[];
  /** cyclicBounds' base/max LR (cyclical policies) and oneCycle's max_lr (one-cycle, cosine, SGDR). */
  bounds: { baseLr: number; maxLr: number; oneCycleMaxLr: number };
}

/**
 * Picks what the page shows from a suggestion set. The cyclical bounds are listed too, so every
 * value the designer is prefilled with can be read in the table.
 *
 * @example
 * const { points, bounds } = pageSuggestions(result.suggestions);
 * points.map((p) => p.name); // ['valley', 'steep', 'minimum', 'slide', 'oneCycle', 'cyclicBounds']
 */
export function pageSuggestions(s: SuggestionSet): PageSuggestions {
  const points: PagePoint[] = [s.valley, s.steep, s.minimum, ...(s.slide ? [s.slide] : []), s.oneCycle].map((p) => ({ name: p.name, lr: p.lr }));
  points.push({ name: s.cyclicBounds.name, lr: s.cyclicBounds.maxLr, baseLr: s.cyclicBounds.baseLr });
  return {
    points,
    bounds: { baseLr: s.cyclicBounds.baseLr, maxLr: s.cyclicBounds.maxLr, oneCycleMaxLr: s.oneCycle.lr },
  };
}
