// The recommendation: one answer per use (constant rate, one-cycle, cyclic bounds), chosen by
// the rules that the validation suite (bench/suggestions.ts, docs/bench.md) supports, with how
// sure it is and what is wrong with the curve when it is wrong.
import type { StopReason } from '../finder/range-test.js';
import { fail, inRange, integer, object, oneOf, knownOptions } from '../check/index.js';
import { logMedian } from './median.js';
import { SMITH } from '../schedules/policy.js';
import { toNumbers, type CurveMetric } from './curve.js';
import { diagnoseCurve, type CurveLandmarks, type CurveWarning, type WarningCode } from './diagnose.js';

export type { CurveWarning, WarningCode } from './diagnose.js';

/** How far to trust a recommendation. */
export type Confidence = 'high' | 'medium' | 'low';

/** A range-test result, or any curve with what is known of how it was recorded. */
export interface RecommendInput {
  lrs: readonly number[];
  /** Raw values (a loss, or a metric with `metric: 'higher-is-better'`); the rules smooth them themselves. */
  losses: readonly number[];
  metric?: CurveMetric;
  stopReason?: StopReason;
  startLr?: number;
  endLr?: number;
}

/** Options of {@link recommend}. */
export interface RecommendOptions {
  /** Defaults to the input's `metric`, else `'loss'`. */
  metric?: CurveMetric;
  /** Optimizer steps per epoch: sets the cyclic half cycle (`stepSizeUp`); without it `stepSizeUp` is null. */
  itersPerEpoch?: number;
  /** Half cycle of the cyclic schedule in epochs, from 2 to 10 (Smith 2017; default 4). */
  stepSizeEpochs?: number;
  /** Length of the one-cycle schedule in optimizer steps, for `oneCycle.options` (else `epochs` x `itersPerEpoch`). */
  totalSteps?: number;
  /** Epochs of the one-cycle schedule, with `itersPerEpoch`. */
  epochs?: number;
}

/** One answer per use, how sure each is, and what is wrong with the curve. */
export interface Recommendation {
  /**
   * A constant rate for plain training; null when the curve does not support one. Its confidence
   * is `medium` at best (`low` on a `cliff`): `caveat` says why and what to do.
   */
  constant: { lr: number; rule: string; confidence: Confidence; caveat: string } | null;
  /** The peak of a one-cycle schedule (confidence: the curve's); `options` builds it with lrkit's `oneCycle` (totalSteps when known). */
  oneCycle: { maxLr: number; rule: string; confidence: Confidence; options: { maxLr: number; totalSteps?: number } } | null;
  /** Bounds of a triangular cyclical schedule (confidence `medium` at best: the suite does not measure it); `stepSizeUp` is null when steps per epoch are unknown. */
  cyclic: { baseLr: number; maxLr: number; stepSizeUp: number | null; rule: string; confidence: Confidence } | null;
  /** How far the curve can be trusted (its warnings); no answer's confidence is above it. */
  confidence: Confidence;
  warnings: CurveWarning[];
  /** With several runs: how many, and max/min of each answer over them. */
  runs?: { count: number; spread: { constant?: number; oneCycle?: number } };
}

// The rules, chosen on the validation suite (docs/bench.md, "Suggestion suite"); one constant each,
// the same for every task. The knee is where the lag-free centred curve has completed 80 % of its
// descent; lrAtMin is its lowest point, about the largest rate that still trains (Smith's max_lr).
const CYCLIC_BASE_DIVISOR = SMITH.baseDivisor;
export const RULES = {
  constant: 'the knee: lr where the centred curve has completed 80 % of its descent',
  oneCycle: 'lr at the lowest point of the centred curve',
  cyclic: `maxLr as one-cycle's, baseLr = maxLr / ${CYCLIC_BASE_DIVISOR}`,
} as const;

const LOW: readonly WarningCode[] = ['too-short', 'flat', 'rising', 'partial', 'min-at-start'];
const NO_ANSWER: readonly WarningCode[] = ['too-short', 'flat', 'rising'];
const SPREAD_LIMIT = 3;

/**
 * What the validation suite measured of each answer (docs/bench.md, "Confidence, measured"): how
 * often it came within target of the best of a 9-rate grid, over all task-seed pairs. A test keeps
 * these equal to bench/results/calibration.json.
 */
export const SUITE_CALIBRATION = { pairs: 27, constantWithinTarget: 10, oneCycleWithinTarget: 20 } as const;

/** Why a constant rate is never `high`, and what to do instead: the constant answer's `caveat`. */
export const CONSTANT_CAVEAT =
  `a constant rate from one range test was within target on ${SUITE_CALIBRATION.constantWithinTarget} of ${SUITE_CALIBRATION.pairs} ` +
  `suite pairs (one-cycle at the peak: ${SUITE_CALIBRATION.oneCycleWithinTarget}); prefer one-cycle, or check it with lrkit find --refine`;

function confidenceOf(warnings: readonly CurveWarning[]): Confidence {
  if (warnings.some((w) => LOW.includes(w.code))) return 'low';
  return warnings.length === 0 ? 'high' : warnings.length === 1 ? 'medium' : 'low';
}

const LEVELS: readonly Confidence[] = ['low', 'medium', 'high'];
const atMost = (c: Confidence, cap: Confidence): Confidence => LEVELS[Math.min(LEVELS.indexOf(c), LEVELS.indexOf(cap))];

/**
 * Each answer's confidence from the curve's warnings: one-cycle's is the curve's; a constant rate
 * is `medium` at best, `low` on a cliff (the suite: every such constant missed); cyclic bounds are
 * `medium` at best (not measured).
 */
function answerConfidence(warnings: readonly CurveWarning[]) {
  const curve = confidenceOf(warnings);
  const cliff = warnings.some((w) => w.code === 'cliff');
  return { curve, oneCycle: curve, constant: cliff ? 'low' as const : atMost(curve, 'medium'), cyclic: atMost(curve, 'medium') };
}

interface Checked {
  lrs: number[];
  losses: number[];
  stopReason?: StopReason;
  startLr?: number;
  endLr?: number;
}

function checkInput(name: string, input: unknown): Checked {
  const c = object('recommend', name, input);
  const l = toNumbers('recommend', `${name}.lrs`, c.lrs);
  const y = toNumbers('recommend', `${name}.losses`, c.losses);
  if (l.length !== y.length) throw new RangeError(`recommend: ${name}.lrs and ${name}.losses must have the same length; got ${l.length} and ${y.length}`);
  for (let i = 0; i < l.length; i++) {
    if (typeof l[i] !== 'number' || !Number.isFinite(l[i]) || l[i] <= 0) fail('recommend', `${name}.lrs[${i}]`, 'a finite number > 0', l[i]);
    if (i > 0 && !(l[i] > l[i - 1])) {
      throw new RangeError(`recommend: ${name}.lrs must be strictly increasing; lrs[${i}] = ${l[i]} is not above lrs[${i - 1}] = ${l[i - 1]}`);
    }
  }
  // A diverged test can end in NaN/Infinity: the rules read the curve up to its first such value.
  let end = y.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (end < 0) end = y.length;
  const stopReason = end < y.length ? 'non-finite' : (c.stopReason as StopReason | undefined);
  return {
    lrs: l.slice(0, end), losses: y.slice(0, end),
    ...(typeof stopReason === 'string' ? { stopReason } : {}),
    ...(typeof c.startLr === 'number' ? { startLr: c.startLr } : {}),
    ...(typeof c.endLr === 'number' ? { endLr: c.endLr } : {}),
  };
}

function checkOptions(options: unknown) {
  const o = knownOptions('recommend', options, ['metric', 'itersPerEpoch', 'stepSizeEpochs', 'totalSteps', 'epochs'], true);
  const opt = (k: string, min: number) => (o[k] === undefined ? undefined : integer('recommend', k, o[k], min));
  const stepSizeEpochs = inRange('recommend', 'stepSizeEpochs', o.stepSizeEpochs ?? SMITH.halfCycleEpochs, 2, 10);
  const itersPerEpoch = opt('itersPerEpoch', 1);
  const epochs = opt('epochs', 1);
  const totalSteps = opt('totalSteps', 1) ?? (epochs !== undefined && itersPerEpoch !== undefined ? epochs * itersPerEpoch : undefined);
  return {
    metric: o.metric === undefined ? undefined : oneOf('recommend', 'metric', o.metric, ['loss', 'higher-is-better'] as const),
    itersPerEpoch, stepSizeEpochs, totalSteps,
  };
}

type Opts = ReturnType<typeof checkOptions>;

function answers(m: CurveLandmarks, first: number, o: Opts, sure: ReturnType<typeof answerConfidence>): Pick<Recommendation, 'constant' | 'oneCycle' | 'cyclic'> {
  // Never below the first recorded rate: the curve says nothing about rates it did not try.
  const inRange = (lr: number) => (lr >= first ? lr : undefined);
  const lr = inRange(m.lrAtKnee);
  const maxLr = inRange(m.lrAtMin);
  const baseLr = maxLr === undefined ? undefined : inRange(maxLr / CYCLIC_BASE_DIVISOR);
  return {
    constant: lr === undefined ? null : { lr, rule: RULES.constant, confidence: sure.constant, caveat: CONSTANT_CAVEAT },
    oneCycle: maxLr === undefined ? null : { maxLr, rule: RULES.oneCycle, confidence: sure.oneCycle, options: { maxLr, ...(o.totalSteps ? { totalSteps: o.totalSteps } : {}) } },
    cyclic: maxLr === undefined || baseLr === undefined ? null : {
      baseLr, maxLr, stepSizeUp: o.itersPerEpoch ? Math.round(o.stepSizeEpochs * o.itersPerEpoch) : null, rule: RULES.cyclic, confidence: sure.cyclic,
    },
  };
}

function recommendOne(c: Checked, metric: CurveMetric, o: Opts): { rec: Recommendation; landmarks?: CurveLandmarks } {
  const { warnings, landmarks } = diagnoseCurve(c, metric);
  const none = { constant: null, oneCycle: null, cyclic: null };
  const sure = answerConfidence(warnings);
  const given = !landmarks || warnings.some((w) => NO_ANSWER.includes(w.code)) ? none : answers(landmarks, c.lrs[0], o, sure);
  return { rec: { ...given, confidence: sure.curve, warnings }, ...(landmarks ? { landmarks } : {}) };
}

/** The median of several runs' answers (each a log-median over the runs that gave one). */
function combine(per: Recommendation[], o: Opts): Recommendation {
  const got = <T>(f: (r: Recommendation) => T | null) => per.map(f).filter((v): v is T => v !== null);
  const constants = got((r) => r.constant?.lr ?? null);
  const peaks = got((r) => r.oneCycle?.maxLr ?? null);
  const spread = (v: number[]) => (v.length > 1 ? v.reduce((a, b) => Math.max(a, b)) / v.reduce((a, b) => Math.min(a, b)) : undefined); // no spread: no argument-count limit
  const warnings: CurveWarning[] = [];
  for (const r of per) {
    for (const w of r.warnings) {
      if (warnings.some((x) => x.code === w.code)) continue;
      const count = per.filter((x) => x.warnings.some((y) => y.code === w.code)).length;
      warnings.push({ code: w.code, message: `${count} of ${per.length} runs: ${w.message}` });
    }
  }
  const s = { constant: spread(constants), oneCycle: spread(peaks) };
  const worst = Math.max(s.constant ?? 1, s.oneCycle ?? 1);
  if (worst > SPREAD_LIMIT) {
    warnings.push({
      code: 'spread',
      message: `the ${per.length} runs disagree by x${worst.toFixed(1)} (more than x${SPREAD_LIMIT}): the median is less certain than it looks; ` +
        `use more runs, a larger batch or more iterations`,
    });
  }
  // A majority of runs must give an answer for the median to stand for them.
  const majority = (n: number) => n * 2 > per.length;
  const c = majority(constants.length) ? logMedian(constants) : undefined;
  const p = majority(peaks.length) ? logMedian(peaks) : undefined;
  const baseLrs = got((r) => r.cyclic?.baseLr ?? null);
  const sure = answerConfidence(warnings);
  return {
    constant: c === undefined ? null : { lr: c, rule: `median of ${constants.length} runs: ${RULES.constant}`, confidence: sure.constant, caveat: CONSTANT_CAVEAT },
    oneCycle: p === undefined ? null : {
      maxLr: p, rule: `median of ${peaks.length} runs: ${RULES.oneCycle}`, confidence: sure.oneCycle, options: { maxLr: p, ...(o.totalSteps ? { totalSteps: o.totalSteps } : {}) },
    },
    cyclic: p === undefined || !majority(baseLrs.length) ? null : {
      baseLr: p / CYCLIC_BASE_DIVISOR, maxLr: p, stepSizeUp: o.itersPerEpoch ? Math.round(o.stepSizeEpochs * o.itersPerEpoch) : null,
      rule: `median of ${peaks.length} runs: ${RULES.cyclic}`, confidence: sure.cyclic,
    },
    confidence: sure.curve,
    warnings,
    runs: { count: per.length, spread: { ...(s.constant ? { constant: s.constant } : {}), ...(s.oneCycle ? { oneCycle: s.oneCycle } : {}) } },
  };
}

/**
 * One recommendation per use from a range-test result (or any `{ lrs, losses }` curve), or the
 * median over several runs of it:
 * - `constant.lr`: a constant rate; `oneCycle.maxLr`: the peak of one-cycle;
 *   `cyclic`: `baseLr`, `maxLr`, `stepSizeUp` of a triangular schedule (half cycle `stepSizeEpochs` epochs);
 * - each answer's `confidence` (a constant rate is `medium` at best, with a `caveat`), the curve's
 *   `confidence` and its `warnings` (codes `partial`, `too-short`, `flat`, `rising`, `noisy`,
 *   `no-divergence`, `min-at-start`, `cliff`, `spread`), each message saying what to change.
 *
 * The rules read the raw values through a lag-free centred smoother (not the range test's moving
 * average, whose minimum lags decades behind on a 100-point sweep). No answer is given below the
 * first recorded rate, nor on a curve that is too short, flat or only rising (those fields are null).
 *
 * @example
 * const result = await rangeTest({ step });
 * const r = recommend(result, { itersPerEpoch: 937 });
 * r.constant?.lr; r.oneCycle?.maxLr; r.cyclic?.stepSizeUp; r.confidence; r.warnings;
 * recommend([run1, run2, run3]); // the median of three runs, with a 'spread' warning when they disagree
 */
export function recommend(input: RecommendInput | readonly RecommendInput[], options: RecommendOptions = {}): Recommendation {
  return recommendWithLandmarks(input, options).recommendation;
}

/**
 * {@link recommend}, also returning what the diagnostics measured on each curve (its centred
 * curve among them), so the analysis draws the very curve the rules read without computing it again.
 *
 * @example
 * const { recommendation, landmarks } = recommendWithLandmarks(result);
 * landmarks[0]?.centred; // the centred curve (values to minimise), undefined for a curve too short
 */
export function recommendWithLandmarks(
  input: RecommendInput | readonly RecommendInput[],
  options: RecommendOptions = {},
): { recommendation: Recommendation; landmarks: (CurveLandmarks | undefined)[] } {
  const o = checkOptions(options);
  const list = Array.isArray(input) ? (input as readonly RecommendInput[]) : [input as RecommendInput];
  if (list.length === 0) fail('recommend', 'input', 'a curve or a non-empty array of curves', list);
  const name = (i: number) => (Array.isArray(input) ? `input[${i}]` : 'input');
  const per = list.map((r, i) => {
    const c = checkInput(name(i), r);
    const metric = o.metric ?? oneOf('recommend', `${name(i)}.metric`, (r as RecommendInput).metric ?? 'loss', ['loss', 'higher-is-better'] as const);
    return recommendOne(c, metric, o);
  });
  const recs = per.map((p) => p.rec);
  return { recommendation: Array.isArray(input) ? combine(recs, o) : recs[0], landmarks: per.map((p) => p.landmarks) };
}
