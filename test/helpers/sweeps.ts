// Constructed range-test curves for the diagnostics tests: an exponential sweep over 1e-7 .. 10
// and a loss that falls around `valley`, bottoms out and turns up (a cliff, or gradually with
// `climb`), with seeded Gaussian noise.
import { gaussian, seededRandom } from '../../src/data/random.js';

export interface CurveSpec {
  points?: number;
  startLr?: number;
  endLr?: number;
  /** Where the descent is half done (default 1e-3). */
  fallAt?: number;
  /** Where the loss starts to blow up (default 1). */
  blowUpAt?: number;
  /**
   * Decades past blowUpAt over which the loss climbs back one `drop` (a gradual turn-up, as a
   * clean range test shows). Default: a cliff (it climbs back the default drop within 0.15 decades).
   */
  climb?: number;
  /** Start level and descent of the loss (default 2.3 and 2). */
  start?: number;
  drop?: number;
  /** Standard deviation of the batch noise (default 0.02). */
  noise?: number;
  seed?: number;
}

/** lrs and losses of a constructed sweep. */
export function sweep(o: CurveSpec = {}): { lrs: number[]; losses: number[] } {
  const n = o.points ?? 100;
  const a = o.startLr ?? 1e-7;
  const b = o.endLr ?? 10;
  const rand = seededRandom(o.seed ?? 1);
  const lrs = Array.from({ length: n }, (_, i) => a * (b / a) ** (i / (n - 1)));
  const fall = Math.log10(o.fallAt ?? 1e-3);
  const blow = Math.log10(o.blowUpAt ?? 1);
  const start = o.start ?? 2.3;
  const drop = o.drop ?? 2;
  const losses = lrs.map((lr) => {
    const x = Math.log10(lr);
    const base = start - drop / (1 + Math.exp(-3 * (x - fall)));
    const up = x <= blow ? 0 : o.climb === undefined ? (10 ** (2 * (x - blow)) - 1) * 2 : drop * (2 ** ((x - blow) / o.climb) - 1);
    return base + up + (o.noise ?? 0.02) * gaussian(rand);
  });
  return { lrs, losses };
}
