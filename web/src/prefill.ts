// Filling the designer from a result: the recommendation's bounds per policy, a suggestion's
// "use as max LR", and a policy change that keeps what the user typed.
import { byId } from './form.js';
import type { PageBounds } from './suggest.js';

/**
 * "use as max LR": sets the designer's max LR and keeps the design valid — a min LR at or above the
 * new max becomes max / 4 (the recommendation's cyclic base), as Smith's base = max/3–4.
 */
export function useAsMaxLr(lr: number): void {
  const max = Number(lr.toPrecision(3));
  byId<HTMLInputElement>('max-lr').value = String(max);
  const min = byId<HTMLInputElement>('min-lr');
  if (!(Number(min.value) < max)) min.value = String(Number((max / 4).toPrecision(3)));
}

let suggested: PageBounds | undefined;

/** The bounds the next prefill uses (the recommendation of the last result). */
export function setSuggested(bounds: PageBounds): void {
  suggested = bounds;
}

/** The designer's LR fields for `policy`, from the recommendation of the last run. */
function policyPrefill(policy: string, b: PageBounds): { minLr: number; maxLr: number } {
  // Cyclical policies: the recommendation's cyclic bounds. One-cycle, cosine and SGDR start their
  // decay at the peak: take its one-cycle maxLr, and anneal to 0 as PyTorch's eta_min does by default.
  if (policy === 'triangular' || policy === 'triangular2' || policy === 'exp_range') return { minLr: b.baseLr, maxLr: b.maxLr };
  return { minLr: 0, maxLr: b.oneCycleMaxLr };
}

/**
 * Fills the designer's LR fields from the recommendation. With `onlyUntouched`, fields the user
 * edited since the last fill are kept (a policy change must not undo their edits).
 */
export function prefill(onlyUntouched = false): void {
  if (!suggested) return;
  const values = policyPrefill(byId<HTMLSelectElement>('policy').value, suggested);
  for (const [id, v] of [['min-lr', values.minLr], ['max-lr', values.maxLr]] as const) {
    const input = byId<HTMLInputElement>(id);
    if (onlyUntouched && input.value !== input.dataset.auto) continue;
    input.value = input.dataset.auto = String(Number(v.toPrecision(3)));
  }
}

