// The one place an answer is computed: a curve (or several runs) in, an Analysis out. Every
// surface (CLI, curve.json, plot, terminal chart, report.html, the page) renders an Analysis and
// recomputes nothing, so none can show a number the others contradict.
import type { StopReason } from '../finder/range-test.js';
import { centredHalfWidth, centredSmooth } from '../suggestions/centered.js';
import { suggest, type Suggestion } from '../suggestions/index.js';
import { logMedian } from '../suggestions/median.js';
import { recommendWithLandmarks, type Recommendation } from '../suggestions/recommend.js';
import type { CurveMetric } from '../suggestions/curve.js';
import { fmtRate } from './format.js';
import { recommendedSchedules, type RecommendedSchedules, type ScheduleLength } from './schedules.js';

/** One curve as {@link analyzeCurve} reads it: a range-test result fits. */
export interface AnalysisInput {
  lrs: readonly number[];
  /** Raw values: a loss, or a metric with `metric: 'higher-is-better'`. */
  losses: readonly number[];
  /** The range test's moving average, drawn only on request. */
  smoothed?: readonly number[];
  metric?: CurveMetric;
  stopReason?: StopReason;
  startLr?: number;
  endLr?: number;
  numIter?: number;
  /** Labels the curve where several are drawn. */
  name?: string;
}

/** What is known of the training the answer is for. */
export interface AnalysisContext {
  metric?: CurveMetric;
  /** Optimizer steps per epoch of the user's training. */
  itersPerEpoch?: number;
  /** Epochs of the user's training. */
  epochs?: number;
  /** Length of the user's training in optimizer steps (else epochs x itersPerEpoch). */
  totalSteps?: number;
  /** Cyclic half cycle in epochs (2 to 10; default Smith's 4). */
  stepSizeEpochs?: number;
  /** Which of epochs / itersPerEpoch are defaults rather than the user's: said wherever the length is shown. */
  assumed?: readonly ('epochs' | 'itersPerEpoch')[];
}

/** One run as drawn: the raw values faint, the centred curve (what the rules read) bold, the EMA on request. */
export interface AnalysisCurve {
  name: string;
  lrs: number[];
  raw: number[];
  /** The lag-free centred curve in the values' own units; the same length as `lrs`. */
  centred: number[];
  ema?: number[];
}

/** A recommended rate marked on the centred curve. */
export interface AnalysisMarker {
  use: 'constant' | 'oneCycle';
  /** `constant 9.55e-2`, `one-cycle peak 1.2e-1`. */
  label: string;
  lr: number;
  /** The centred curve (of the median, with several runs) at `lr`. */
  value: number;
}

/** fastai's four rules, exact (on the smoothed curve, trimmed as `lr_find` does); the median of each over several runs. */
export interface FastaiRules {
  valley: Suggestion;
  steep: Suggestion;
  minimum: Suggestion;
  slide?: Suggestion;
}

/** Everything every surface shows for a curve. */
export interface Analysis {
  metric: CurveMetric;
  recommendation: Recommendation;
  /** One per run, points up to the first non-finite value. */
  curves: AnalysisCurve[];
  /** With several runs: the pointwise median of their centred curves, on which the markers sit. */
  median?: { lrs: number[]; centred: number[] };
  markers: AnalysisMarker[];
  /** fastai's rules: shown only on request (`--all-rules`, the page's toggle), labelled as fastai's. */
  fastai: FastaiRules | null;
  /** The recommendation as schedules, when the length of the training is known. */
  schedules: RecommendedSchedules;
  length: ScheduleLength | null;
  /** One line a user can copy: the one-cycle peak and the constant rate, each with its confidence. */
  headline: string;
}

/** Points up to the first non-finite value of lr or loss. */
function finitePrefix(c: AnalysisInput): number {
  let n = 0;
  while (n < c.lrs.length && n < c.losses.length && Number.isFinite(c.losses[n]) && Number.isFinite(c.lrs[n])) n++;
  return n;
}

function drawn(c: AnalysisInput, i: number, metric: CurveMetric, read: number[] | undefined): AnalysisCurve {
  const n = finitePrefix(c);
  // One copy each, as plain arrays (typed arrays too).
  const head = (a: readonly number[]) => Array.prototype.slice.call(a, 0, n) as number[];
  const lrs = head(c.lrs);
  const raw = head(c.losses);
  const sign = metric === 'loss' ? 1 : -1;
  // The very curve the rules read (diagnose.ts), in the values' own units; the same window when
  // the curve was too short for the rules.
  const centred = read && read.length === n
    ? (sign === 1 ? read : read.map((v) => -v))
    : n >= 2 ? centredSmooth(raw.map((v) => sign * v), centredHalfWidth(n)).map((v) => sign * v) : raw.slice();
  const ema = c.smoothed ? head(c.smoothed) : undefined;
  return { name: c.name ?? `run ${i + 1}`, lrs, raw, centred, ...(ema ? { ema } : {}) };
}

/** Linear interpolation in log(lr); undefined outside the curve. */
export function valueAt(lrs: readonly number[], ys: readonly number[], lr: number): number | undefined {
  const n = lrs.length;
  if (n === 0 || !(lr >= lrs[0]) || !(lr <= lrs[n - 1])) return undefined;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (lrs[mid] <= lr) lo = mid;
    else hi = mid;
  }
  if (lrs[hi] === lr || hi === lo) return ys[hi];
  const t = Math.log(lr / lrs[lo]) / Math.log(lrs[hi] / lrs[lo]);
  return ys[lo] + t * (ys[hi] - ys[lo]);
}

/** The pointwise median of several runs' centred curves, on the grid of the longest run, where most runs have a value. */
function medianCurve(curves: AnalysisCurve[]): { lrs: number[]; centred: number[] } {
  const grid = curves.reduce((a, b) => (b.lrs.length > a.lrs.length ? b : a)).lrs;
  const lrs: number[] = [];
  const centred: number[] = [];
  for (const lr of grid) {
    const v = curves.map((c) => valueAt(c.lrs, c.centred, lr)).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
    if (v.length * 2 <= curves.length) continue;
    const m = v.length >> 1;
    lrs.push(lr);
    centred.push(v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2);
  }
  return { lrs, centred };
}

function fastaiRules(list: readonly AnalysisInput[], metric: CurveMetric): FastaiRules | null {
  const sets = list.filter((c) => finitePrefix(c) >= 2).map((c) => suggest.all({ ...c, metric }));
  if (sets.length === 0) return null;
  if (sets.length === 1 && list.length === 1) {
    const { valley, steep, minimum, slide } = sets[0];
    return { valley, steep, minimum, ...(slide ? { slide } : {}) };
  }
  const median = (name: 'valley' | 'steep' | 'minimum' | 'slide'): Suggestion | undefined => {
    const lrs = sets.map((s) => s[name]?.lr).filter((v): v is number => v !== undefined);
    return lrs.length * 2 > sets.length ? { name, lr: logMedian(lrs), index: -1 } : undefined;
  };
  const valley = median('valley');
  const steep = median('steep');
  const minimum = median('minimum');
  const slide = median('slide');
  return valley && steep && minimum ? { valley, steep, minimum, ...(slide ? { slide } : {}) } : null;
}

function lengthOf(ctx: AnalysisContext): ScheduleLength | null {
  const { itersPerEpoch, epochs } = ctx;
  const totalSteps = ctx.totalSteps ?? (epochs !== undefined && itersPerEpoch !== undefined ? epochs * itersPerEpoch : undefined);
  if (totalSteps === undefined) return null;
  return {
    totalSteps,
    ...(itersPerEpoch !== undefined ? { itersPerEpoch } : {}),
    ...(epochs !== undefined && ctx.totalSteps === undefined ? { epochs } : {}),
    assumed: [...(ctx.assumed ?? [])],
  };
}

/**
 * The headline: each answer with its own confidence, the surer first
 * (`one-cycle peak 1.20e-1 (confidence high) · constant 9.55e-2 (confidence medium)`), or why
 * there is no answer.
 *
 * @example
 * headline(recommend(result)); // 'one-cycle peak 1.20e-1 (confidence high) · constant 9.55e-2 (confidence medium)'
 */
export function headline(rec: Recommendation): string {
  const parts: string[] = [];
  if (rec.oneCycle) parts.push(`one-cycle peak ${fmtRate(rec.oneCycle.maxLr)} (confidence ${rec.oneCycle.confidence})`);
  if (rec.constant) parts.push(`constant ${fmtRate(rec.constant.lr)} (confidence ${rec.constant.confidence})`);
  if (parts.length === 0) parts.push(`no rate can be recommended from this curve (${rec.warnings.map((w) => w.code).join(', ') || 'no descent'})`, `confidence ${rec.confidence}`);
  return [...parts, ...(rec.runs ? [`median of ${rec.runs.count} runs`] : [])].join(' · ');
}

/**
 * The one analysis of a range-test curve, or of several runs of it (their median): lrkit's
 * recommendation with its confidence and warnings, the curves as drawn (raw, the centred curve
 * the rules read, the EMA), one marker per recommended use on the centred curve, fastai's four
 * rules (exact; for showing on request), the recommendation as schedules over the training's
 * length when it is known, and a one-line headline.
 *
 * @example
 * const a = analyzeCurve(result, { itersPerEpoch: 937, epochs: 10 });
 * a.headline;                       // 'one-cycle peak 1.20e-1 (confidence high) · constant 9.55e-2 (confidence medium)'
 * a.recommendation.oneCycle?.maxLr; // the peak, as every surface shows it
 * a.schedules.oneCycle?.spec;       // { type: 'oneCycle', maxLr: 0.12, totalSteps: 9370, ... }
 * analyzeCurve([run1, run2, run3]); // the median of three runs
 */
export function analyzeCurve(input: AnalysisInput | readonly AnalysisInput[], context: AnalysisContext = {}): Analysis {
  const list = (Array.isArray(input) ? input : [input]) as readonly AnalysisInput[];
  const { assumed: _a, ...recOptions } = context ?? {};
  const { recommendation, landmarks } = recommendWithLandmarks(Array.isArray(input) ? list : list[0], recOptions);
  const metric: CurveMetric = context.metric ?? list[0]?.metric ?? 'loss';
  const curves = list.map((c, i) => drawn(c, i, metric, landmarks[i]?.centred));
  const median = curves.length > 1 ? medianCurve(curves) : undefined;
  const lead = median ?? curves[0];
  const markers: AnalysisMarker[] = [];
  const mark = (use: AnalysisMarker['use'], lr: number, label: string) => {
    const value = valueAt(lead.lrs, lead.centred, lr);
    if (value !== undefined) markers.push({ use, label, lr, value });
  };
  if (recommendation.constant) mark('constant', recommendation.constant.lr, `constant ${fmtRate(recommendation.constant.lr)}`);
  if (recommendation.oneCycle) mark('oneCycle', recommendation.oneCycle.maxLr, `one-cycle peak ${fmtRate(recommendation.oneCycle.maxLr)}`);
  const length = lengthOf(context);
  const schedules = length ? recommendedSchedules(recommendation, length, context.stepSizeEpochs) : {};
  // The half cycle the schedule really has (the default is shortened to fit a short run) is the one reported.
  const built = schedules.cyclic?.spec as { stepSizeUp?: number } | undefined;
  if (recommendation.cyclic && built?.stepSizeUp !== undefined) recommendation.cyclic.stepSizeUp = built.stepSizeUp;
  return {
    metric,
    recommendation,
    curves,
    ...(median ? { median } : {}),
    markers,
    fastai: fastaiRules(list, metric),
    schedules,
    length,
    headline: headline(recommendation),
  };
}
