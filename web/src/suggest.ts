// What the page takes from an analysis besides the box: the designer's prefill (when the
// recommendation is sure enough) and fastai's rules, shown only on request.
import type { FastaiRules, Recommendation } from 'lrkit';

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

/** One of fastai's rules as the page shows it (behind "show fastai's rules"). */
export interface FastaiPoint {
  /** The rule: valley, steep, minimum, slide. */
  name: string;
  lr: number;
}

/**
 * fastai's four rules (lr_find's suggestions, on the EMA-smoothed, trimmed curve), in fastai's order;
 * `slide` only when the curve has the 16 points it needs. The older cyclicBounds and oneCycle rules
 * are not shown: the recommendation gives those uses.
 *
 * @example
 * fastaiPoints(analysis.fastai).map((p) => p.name); // ['valley', 'steep', 'minimum', 'slide']
 */
export function fastaiPoints(s: FastaiRules | null): FastaiPoint[] {
  if (!s) return [];
  return [s.valley, s.steep, s.minimum, ...(s.slide ? [s.slide] : [])].map((p) => ({ name: p.name, lr: p.lr }));
}
