// What the page shows from a finished range test: the recommendation first (it prefills the
// schedule designer when it is sure enough), then the adapter's suggestions (suggest.all on the
// smoothed, fastai-trimmed curve) as markers and table rows.
import type { Recommendation, SuggestionSet } from 'lrkit';

/** One suggestion marked on the chart and listed in the table. */
export interface PagePoint {
  name: string;
  /** Where the marker is drawn; for `cyclicBounds` its max LR. */
  lr: number;
  /** Only for `cyclicBounds`: the low end of the cycle, shown next to `lr` in the table. */
  baseLr?: number;
}

/** Suggestions to mark on the chart and list in the table. */
export interface PageSuggestions {
  /** Marked on the chart and listed in the table, in this order. */
  points: PagePoint[];
}

/** The designer's prefill: the recommendation's cyclic bounds and one-cycle peak. */
export interface PageBounds {
  baseLr: number;
  maxLr: number;
  oneCycleMaxLr: number;
}

/**
 * What prefills the designer: the recommendation's cyclic bounds (cyclical policies) and its
 * one-cycle peak (one-cycle, cosine, SGDR), or undefined with the reason when the recommendation
 * is not sure enough (confidence low, e.g. a stopped run that never reached its valley) or gave
 * no answer, so the designer keeps what it had.
 *
 * @example
 * const { bounds, why } = designerBounds(result.recommendation);
 */
export function designerBounds(rec: Recommendation): { bounds?: PageBounds; why?: string } {
  if (rec.confidence === 'low') return { why: `confidence is low (${rec.warnings.map((w) => w.code).join(', ') || 'no answer'})` };
  if (!rec.cyclic || !rec.oneCycle) return { why: 'the recommendation gives no schedule bounds' };
  return { bounds: { baseLr: rec.cyclic.baseLr, maxLr: rec.cyclic.maxLr, oneCycleMaxLr: rec.oneCycle.maxLr } };
}

/**
 * Picks what the page shows from a suggestion set. The cyclical bounds are listed too, so every
 * value the designer is prefilled with can be read in the table.
 *
 * @example
 * const { points } = pageSuggestions(result.suggestions);
 * points.map((p) => p.name); // ['valley', 'steep', 'minimum', 'slide', 'oneCycle', 'cyclicBounds']
 */
export function pageSuggestions(s: SuggestionSet): PageSuggestions {
  const points: PagePoint[] = [s.valley, s.steep, s.minimum, ...(s.slide ? [s.slide] : []), s.oneCycle].map((p) => ({ name: p.name, lr: p.lr }));
  points.push({ name: s.cyclicBounds.name, lr: s.cyclicBounds.maxLr, baseLr: s.cyclicBounds.baseLr });
  return { points };
}
