// Where the range test says a design is too hot: the rate at which the curve blew up, read on the
// analysis's centred curve, or (when the sweep stopped before it blew up) three times the one-cycle peak.
import { fmtRate, type Analysis } from 'lrkit';

/** The rate a design's peak should stay below, and how it was read (said in the warning). */
export interface BlowUp {
  lr: number;
  /** `curve`: the last point of the centred curve before it rose past its starting loss; `peak x 3`: three times the one-cycle peak. */
  from: 'curve' | 'peak x 3';
}

/**
 * The rate where the range test's curve blew up: after the centred curve's lowest point, the last
 * point before it leaves the loss's range (rises above its first value); when it never does within
 * the sweep, 3 x the recommendation's one-cycle peak; undefined without either.
 *
 * @example
 * blowUpRate(result.analysis); // { lr: 1.9, from: 'curve' }
 */
export function blowUpRate(analysis: Analysis): BlowUp | undefined {
  const c = analysis.median ?? analysis.curves[0];
  if (analysis.metric === 'loss' && c && c.centred.length >= 2) {
    const ys = c.centred;
    let low = 0;
    for (let i = 1; i < ys.length; i++) if (ys[i] < ys[low]) low = i;
    for (let i = low + 1; i < ys.length; i++) if (!(ys[i] <= ys[0])) return { lr: c.lrs[i - 1], from: 'curve' };
  }
  const peak = analysis.recommendation.oneCycle?.maxLr;
  return peak !== undefined ? { lr: 3 * peak, from: 'peak x 3' } : undefined;
}

/**
 * The warning beside Max LR when a design's peak is above where the range test blew up, or undefined.
 *
 * @example
 * peakWarning(5, { lr: 1.9, from: 'curve' }); // 'This design peaks at 5.00e0, above 1.90e0, where ...'
 */
export function peakWarning(peak: number, blowUp: BlowUp | undefined): string | undefined {
  if (!blowUp || !(peak > blowUp.lr)) return undefined;
  const where = blowUp.from === 'curve'
    ? 'where the range test\'s loss blew up (the last rate before its centred curve rose above its starting loss)'
    : '3 x the range test\'s one-cycle peak (its curve did not blow up within the sweep, so this is only a rule of thumb)';
  return `This design peaks at ${fmtRate(peak)}, above ${fmtRate(blowUp.lr)}, ${where}: expect training to diverge.`;
}
