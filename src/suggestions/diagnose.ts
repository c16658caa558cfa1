// Curve diagnostics: what is wrong with a range-test curve, each as a warning with a stable code
// and a message that says what to change. They read the lag-free centred curve (centered.ts).
import type { StopReason } from '../finder/range-test.js';
import { centredHalfWidth, centredSmooth, differenceNoise } from './centered.js';
import { argmin, type CurveMetric } from './curve.js';

/** Stable codes of the curve diagnostics. */
export type WarningCode = 'partial' | 'too-short' | 'flat' | 'rising' | 'noisy' | 'no-divergence' | 'min-at-start' | 'cliff' | 'spread';

/** One diagnostic: a stable `code` for programs and a `message` for people. */
export interface CurveWarning {
  code: WarningCode;
  message: string;
}

/** Fewer points than this and no rule is applied (`too-short`). */
export const MIN_POINTS = 20;

/** Share of the descent that marks the knee of the curve (see {@link CurveLandmarks.lrAtKnee}). */
export const KNEE_FRACTION = 0.8;

/**
 * A cliff: the centred curve climbs back a quarter of its descent before the rate has grown by
 * this factor past its lowest point. On the validation suite (docs/bench.md) every such curve's
 * constant rate missed the grid's best, in either direction, and half its one-cycle peaks did.
 */
export const CLIFF_RATIO = 2;

/** What the diagnostics found on the curve, in the units of the values (a loss, or -metric). */
export interface CurveLandmarks {
  /** Points used (up to the first non-finite value). */
  points: number;
  /** Index and learning rate of the lowest point of the centred curve. */
  minIndex: number;
  lrAtMin: number;
  /**
   * The knee: the learning rate where the centred curve first completes {@link KNEE_FRACTION} of
   * its descent. Larger rates bought the sweep little more progress, only more noise.
   */
  lrAtKnee: number;
  /** Centred value at the start minus its lowest value (> 0: the curve falls). */
  descent: number;
  /** Centred value at the end minus its lowest value (> 0: the curve turned up). */
  rise: number;
  /** Robust standard deviation of single points around the centred curve up to its lowest point (batch noise). */
  noise: number;
  /** The smallest descent (and rise) that counts as real: 3 standard errors of the centred level, at least 2 % of the start. */
  threshold: number;
  /**
   * How far past the lowest point the centred curve climbs back a quarter of its descent: that
   * rate / lrAtMin (log-interpolated between points); null when it never climbs that far.
   */
  cliffRatio: number | null;
  /** The centred curve itself (values to minimise: the loss, or -metric). */
  centred: number[];
}

/** What {@link diagnoseCurve} reads: a curve and, where known, how its test ended. */
export interface DiagnoseInput {
  lrs: readonly number[];
  losses: readonly number[];
  stopReason?: StopReason;
  startLr?: number;
  endLr?: number;
}

const fmt = (x: number) => Number(x.toPrecision(3)).toExponential().replace(/\.?0*e/, 'e');

/** Measures the centred curve: lowest point, descent, rise at the end, noise. Needs >= 2 points. */
export function curveLandmarks(lrs: readonly number[], losses: readonly number[], metric: CurveMetric = 'loss'): CurveLandmarks {
  const y = metric === 'loss' ? [...losses] : losses.map((v) => -v);
  const n = y.length;
  const h = centredHalfWidth(n);
  const c = centredSmooth(y, h);
  const minIndex = argmin(c);
  const descent = c[0] - c[minIndex];
  // Batch noise from the points up to the lowest one: past it the loss explodes, and its jumps say
  // nothing about the noise of a batch.
  const noise = differenceNoise(y.slice(0, Math.min(n, Math.max(minIndex, 2 * h) + 1)));
  const scale = metric === 'loss' ? Math.abs(c[0]) : 1; // an accuracy moves in [0, 1]
  const threshold = Math.max((3 * noise) / Math.sqrt(2 * h + 1), 0.02 * scale);
  let knee = 0;
  while (knee < minIndex && c[knee] > c[0] - KNEE_FRACTION * descent) knee++;
  return {
    points: n, minIndex, lrAtMin: lrs[minIndex], lrAtKnee: lrs[knee], descent, rise: c[n - 1] - c[minIndex], noise, threshold,
    cliffRatio: climbBack(lrs, c, minIndex, 0.25 * descent), centred: c,
  };
}

/** The rate where `c` first climbs `by` above its lowest point (log-interpolated), over lrs[minIndex]; null if never. */
function climbBack(lrs: readonly number[], c: readonly number[], minIndex: number, by: number): number | null {
  const level = c[minIndex] + by;
  let k = minIndex + 1;
  while (k < c.length && c[k] <= level) k++;
  if (k >= c.length || !(by > 0)) return null;
  const f = (level - c[k - 1]) / (c[k] - c[k - 1]);
  const log = Math.log(lrs[k - 1]) + f * (Math.log(lrs[k]) - Math.log(lrs[k - 1]));
  return Math.exp(log) / lrs[minIndex];
}

/**
 * The diagnostics of one curve (values cut at the first non-finite one), most serious first:
 * - `too-short`: fewer than {@link MIN_POINTS} points;
 * - `rising` / `flat`: no descent larger than the noise, ending higher than it started (rising) or not;
 *   a curve flat for its first half before it rises asks for a longer test, one rising earlier for a lower startLr;
 * - `min-at-start`: the lowest point lies in the first tenth of the sweep;
 * - `partial`: the test was aborted before the loss turned up;
 * - `no-divergence`: the sweep completed before the loss turned up;
 * - `cliff`: the loss climbs back a quarter of its descent within x{@link CLIFF_RATIO} of its lowest
 *   point, so the best rate lies near that edge and one test cannot say on which side;
 * - `noisy`: the batch noise is at least half the descent.
 *
 * @example
 * diagnoseCurve({ lrs, losses, stopReason: 'aborted' }).warnings.map((w) => w.code); // ['partial']
 */
export function diagnoseCurve(input: DiagnoseInput, metric: CurveMetric = 'loss'): { warnings: CurveWarning[]; landmarks?: CurveLandmarks } {
  const { lrs, losses, stopReason } = input;
  const what = metric === 'loss' ? 'loss' : 'metric';
  if (lrs.length < MIN_POINTS) {
    return {
      warnings: [{
        code: 'too-short',
        message: `only ${lrs.length} point(s) recorded; the rules need at least ${MIN_POINTS}: run the test longer (numIter >= 100)` +
          (stopReason === 'diverged' ? ` or start lower (startLr below ${fmt(lrs[0] ?? input.startLr ?? 1e-7)}): it diverged at once` : ''),
      }],
    };
  }
  const m = curveLandmarks(lrs, losses, metric);
  const first = lrs[0];
  const last = lrs[lrs.length - 1];
  const warnings: CurveWarning[] = [];
  if (m.descent <= m.threshold) {
    if (m.rise - m.descent > m.threshold) {
      // Where it first climbs clearly (3 thresholds, above a noise bump) tells the two causes apart:
      // within the first half (startLr too high), or after a flat first half (nothing learned in the test's steps).
      const onset = m.centred.findIndex((v) => v > m.centred[0] + 3 * m.threshold);
      warnings.push({
        code: 'rising',
        message: onset > m.points / 2
          ? `the ${what} never falls: it stays flat up to ${fmt(lrs[onset])} and then blows up, so the model learned nothing within the test's ${m.points} steps; ` +
            `run a longer test (numIter 300 or more), and check that the model learns at a small rate`
          : `the ${what} never falls: it rises from the first rate on, so startLr (${fmt(first)}) is already too high, or the model does not train; ` +
            `run again from a startLr 100x lower, and check that the model learns at a small rate`,
      });
    } else {
      warnings.push({
        code: 'flat',
        message: `no descent larger than the noise between ${fmt(first)} and ${fmt(last)}: the rates never reached the useful region, or the model does not learn; ` +
          `widen the range (startLr 1e-7, endLr 10), check the data and labels, or use more iterations`,
      });
    }
    return { warnings, landmarks: m };
  }
  // Within the first tenth, give or take the smoother's half window (it resolves positions no finer).
  if (m.minIndex <= 0.1 * (m.points - 1) + centredHalfWidth(m.points)) {
    warnings.push({
      code: 'min-at-start',
      message: `the ${what} is lowest at the first points (near ${fmt(m.lrAtMin)}): startLr (${fmt(first)}) is too high; run again with a startLr 100x lower`,
    });
  }
  // A turn-up is a rise of at least a quarter of the descent and clearly above the noise (twice
  // the threshold): a diverging loss explodes or climbs back towards its start, noise does neither.
  const turnedUp = m.rise > Math.max(2 * m.threshold, 0.25 * m.descent) || stopReason === 'diverged' || stopReason === 'non-finite';
  if (!turnedUp && stopReason === 'aborted') {
    warnings.push({
      code: 'partial',
      message: `the test was stopped at ${fmt(last)} before the ${what} turned up: the curve never reached its valley, so every rate from it is a guess; ` +
        `let the test finish`,
    });
  } else if (!turnedUp) {
    warnings.push({
      code: 'no-divergence',
      message: `the ${what} had not turned up by the last rate (${fmt(last)}): the sweep ended too early, so the recommended rates are lower bounds; ` +
        `run again with a higher endLr (e.g. ${fmt(last * 10)})`,
    });
  }
  // (A lowest point at the start is its own, graver warning: what follows it says nothing of a peak.)
  const atStart = warnings.some((w) => w.code === 'min-at-start');
  if (turnedUp && !atStart && m.cliffRatio !== null && m.cliffRatio < CLIFF_RATIO) {
    warnings.push({
      code: 'cliff',
      message: `the ${what} climbs back a quarter of its descent by ${fmt(m.lrAtMin * m.cliffRatio)}, within x${m.cliffRatio.toFixed(2)} of its lowest point ` +
        `(${fmt(m.lrAtMin)}): the best rate lies near that edge, above or below it, and one range test cannot say which; ` +
        `the constant rate may be off by x3 or more either way. Check before training: lrkit find --refine (about one training's steps), ` +
        `or train one-cycle at the peak and at half of it`,
    });
  }
  if (m.noise >= 0.5 * m.descent) {
    warnings.push({
      code: 'noisy',
      message: `batch noise (±${fmt(m.noise)}) is comparable to the descent (${fmt(m.descent)}): use a larger batch, more iterations, ` +
        `or several runs (--runs 3 to 5) and take the median`,
    });
  }
  return { warnings, landmarks: m };
}
