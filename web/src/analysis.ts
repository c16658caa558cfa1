// The one answer the page renders, in the shape of the library's coming `analyzeCurve` (issue #25):
// recommend()'s recommendation, the curve it reads (the lag-free centred one), one marker per use on
// that curve, and fastai's rules for the toggle. Until `analyzeCurve` lands this computes the same
// from the library's own pieces, so the box, the chart and the table cannot disagree.
import { centredSmooth, recommend, suggest, type Recommendation, type RecommendInput, type SuggestionSet } from 'lrkit';

/** One recommended use marked on the chart: at `lr`, on the centred curve (`value`). */
export interface AnalysisMarker {
  use: 'constant' | 'oneCycle';
  label: string;
  lr: number;
  value: number;
}

/** One curve as drawn: points up to the first non-finite value; `centred` in the values' own units. */
export interface AnalysisCurve {
  lrs: number[];
  raw: number[];
  centred: number[];
  ema?: number[];
}

/** What the page shows for a curve. */
export interface Analysis {
  recommendation: Recommendation;
  curves: AnalysisCurve[];
  markers: AnalysisMarker[];
  fastai: SuggestionSet | null;
  headline: string;
}

/**
 * A rate with 3 significant digits, as the box, the chart and the table all write it.
 *
 * @example
 * fmtRate(0.0955); // '9.55e-2'
 */
export function fmtRate(v: number): string {
  return v.toExponential(2).replace('e+', 'e');
}

/** The centred curve at `lr` (linear between neighbouring points in log lr). */
function valueAt(c: AnalysisCurve, lr: number): number {
  const i = c.lrs.findIndex((x) => x >= lr);
  if (i <= 0) return c.centred[Math.max(0, i)] ?? NaN;
  const [a, b] = [Math.log(c.lrs[i - 1]), Math.log(c.lrs[i])];
  const t = b > a ? (Math.log(lr) - a) / (b - a) : 1;
  return c.centred[i - 1] + t * (c.centred[i] - c.centred[i - 1]);
}

/**
 * Analyses one range-test curve (raw `losses`, the run's EMA `smoothed` when it has one; a run's
 * `stopReason` too, so a stopped run says so) as the page shows it.
 *
 * @example
 * const a = analyzePageCurve({ lrs, losses, smoothed });
 * a.markers; // [{ use: 'constant', label: 'constant 9.55e-2', lr: 0.0955, value: 0.41 }, ...]
 */
export function analyzePageCurve(input: RecommendInput & { smoothed?: readonly number[] }): Analysis {
  const recommendation = recommend(input);
  // The rules read the curve up to its first non-finite value: so does the drawing.
  let end = input.losses.findIndex((v) => !Number.isFinite(v));
  if (end < 0) end = input.losses.length;
  const lrs = input.lrs.slice(0, end);
  const raw = input.losses.slice(0, end);
  const curve: AnalysisCurve = { lrs, raw, centred: raw.length > 0 ? centredSmooth(raw) : [], ...(input.smoothed ? { ema: input.smoothed.slice(0, end) } : {}) };
  const markers: AnalysisMarker[] = [];
  const { constant, oneCycle } = recommendation;
  if (constant) markers.push({ use: 'constant', label: `constant ${fmtRate(constant.lr)}`, lr: constant.lr, value: valueAt(curve, constant.lr) });
  if (oneCycle) markers.push({ use: 'oneCycle', label: `one-cycle peak ${fmtRate(oneCycle.maxLr)}`, lr: oneCycle.maxLr, value: valueAt(curve, oneCycle.maxLr) });
  const fastai = input.lrs.length >= 2 ? suggest.all(input) : null;
  const parts = [constant && `constant ${fmtRate(constant.lr)}`, oneCycle && `one-cycle peak ${fmtRate(oneCycle.maxLr)}`].filter(Boolean);
  const headline = [...(parts.length ? parts : ['no rate recommended']), `confidence ${recommendation.confidence}`].join(' · ');
  return { recommendation, curves: [curve], markers, fastai, headline };
}
