// Learning-rate suggestions from a range-test curve: fastai's four rules plus cyclical/one-cycle ones.
import { fail, object, oneOf, knownOptions } from '../check/index.js';
import { type Curve, type CurveMetric, type Suggestion, type TrimOptions, trimCurve } from './curve.js';
import { cyclicBounds, oneCycle, type CyclicBoundsSuggestion } from './cyclic.js';
import { minimum, slide, steep, valley } from './fastai.js';

export { trimCurve } from './curve.js';
export type { Curve, CurveMetric, MetricOption, Suggestion, TrimOptions, TrimmedCurve } from './curve.js';
export type { CyclicBoundsOptions, CyclicBoundsSuggestion, OneCycleSuggestOptions } from './cyclic.js';
export type { SlideOptions } from './fastai.js';
export { CONSTANT_CAVEAT, recommend, recommendWithLandmarks, RULES as RECOMMENDATION_RULES, SUITE_CALIBRATION } from './recommend.js';
export type { Confidence, Recommendation, RecommendInput, RecommendOptions } from './recommend.js';
export { CLIFF_RATIO, curveLandmarks, diagnoseCurve, MIN_POINTS } from './diagnose.js';
export type { CurveLandmarks, CurveWarning, DiagnoseInput, WarningCode } from './diagnose.js';
export { centredHalfWidth, centredSmooth, differenceNoise } from './centered.js';
export { logMedian } from './median.js';

/** What {@link all} accepts: a curve, or a range-test result (its `smoothed` values are used). */
export interface SuggestInput extends Curve {
  smoothed?: readonly number[];
  metric?: CurveMetric;
  numIter?: number;
}

/** Options of {@link all}. */
export interface SuggestAllOptions {
  /** Defaults to the input's `metric`, else `'loss'`. */
  metric?: CurveMetric;
  /** fastai's `[num_it//10:-5]` trim (default true), `false`, or explicit {@link TrimOptions}. */
  trim?: boolean | TrimOptions;
}

/** Every suggestion for one curve; `slide` is absent when the curve has fewer than 16 points. */
export interface SuggestionSet {
  minimum: Suggestion;
  steep: Suggestion;
  valley: Suggestion;
  slide?: Suggestion;
  cyclicBounds: CyclicBoundsSuggestion;
  oneCycle: Suggestion;
}

/**
 * All suggestions at once, computed as fastai's `lr_find` does: on the smoothed values when the
 * input has them (fastai records smoothed losses), after trimming `[num_it//10:-5]` and cutting at
 * the first NaN. If trimming leaves fewer than 2 points (a test that diverged early) the untrimmed
 * curve is used. Every `index` (and `baseIndex`) points into the full, untrimmed input.
 *
 * @example
 * const result = await rangeTest({ step });
 * const s = suggest.all(result);
 * s.valley.lr; s.minimum.lr; s.cyclicBounds.baseLr;
 */
function all(input: SuggestInput, options: SuggestAllOptions = {}): SuggestionSet {
  const c = object('suggest.all', 'input', input);
  const o = knownOptions('suggest.all', options, ['metric', 'trim'], true);
  const metric = oneOf('suggest.all', 'metric', o.metric ?? c.metric ?? 'loss', ['loss', 'higher-is-better'] as const);
  const values = c.smoothed ?? c.losses;
  const trim = o.trim ?? true;
  if (typeof trim !== 'boolean' && (trim === null || typeof trim !== 'object')) {
    fail('suggest.all', 'trim', 'a boolean or trim options', trim, TypeError);
  }
  const full = { lrs: c.lrs as readonly number[], losses: values as readonly number[], numIter: c.numIter as number | undefined };
  let t = trimCurve(full, trim === false ? { skipStart: 0, skipEnd: 0 } : trim === true ? {} : trim);
  if (t.lrs.length < 2) t = trimCurve(full, { skipStart: 0, skipEnd: 0 });
  const curve = { lrs: t.lrs, losses: t.losses };
  const shift = <S extends Suggestion>(s: S): S => ({ ...s, index: s.index + t.offset });
  const bounds = cyclicBounds(curve, { metric });
  const set: SuggestionSet = {
    minimum: shift(minimum(curve, { metric })),
    steep: shift(steep(curve, { metric })),
    valley: shift(valley(curve, { metric })),
    cyclicBounds: { ...shift(bounds), baseIndex: bounds.baseIndex + t.offset },
    oneCycle: shift(oneCycle(curve, { metric })),
  };
  if (curve.lrs.length >= 16) set.slide = shift(slide(curve, { metric }));
  return set;
}

/**
 * Learning-rate suggestions for a range-test curve `{ lrs, losses }`. Each returns
 * `{ name, lr, index, loss }` with `index` into the curve given.
 * - `minimum`, `steep`, `valley`, `slide`: fastai's rules (same results for the same inputs).
 * - `cyclicBounds`: base/max learning rates for a cyclical schedule.
 * - `oneCycle`: max_lr for a one-cycle schedule.
 * - `all`: every one of them, trimmed and smoothed as fastai's `lr_find` does.
 *
 * @example
 * const curve = { lrs: [1e-3, 1e-2, 1e-1, 1, 10], losses: [3, 2, 1, 0.5, 4] };
 * suggest.minimum(curve).lr;      // 0.1 (the lowest point, 1, divided by 10)
 * suggest.cyclicBounds(curve);    // maxLr 0.333 (the lowest point, 1, / 3), baseLr 0.0833
 */
export const suggest = { minimum, steep, valley, slide, cyclicBounds, oneCycle, all } as const;
