// The rows the range-test plot draws, from an Analysis: the y range from the meaningful part of
// the curves (up to where they blow up, as fastai's plot), every value clamped into it so nothing
// leaves the canvas (resvg drops paths with coordinates near -1e13), and long curves reduced for
// drawing (the rules read every point; a 1e6-point line needs no more than a few per pixel).
import type { Analysis } from '../analysis/index.js';
import { downsampleIndices, startLevel } from './scales.js';

/** Points per drawn line: ~4 per pixel column of the widest chart. */
const MAX_DRAWN = 4000;

/** One drawn line: `role` says how (faint raw, bold centred, thin EMA, faint run of several). */
export interface PlotRow {
  series: string;
  role: 'raw' | 'centred' | 'ema' | 'run';
  lr: number;
  v: number;
}

/** What the plot draws, and how much of it was clipped. */
export interface PlotData {
  rows: PlotRow[];
  domain: [number, number];
  xDomain: [number, number];
  /** Points whose value lay outside `domain`: the first of a blow-up drawn at the edge, the rest not drawn. */
  clipped: number;
}

/** Lowest and highest finite value, without copying (curves can hold millions of points). */
function minMax(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * y range: every finite raw and centred value; with `clip`, the top is capped at start + 0.75 x
 * the descent (the bottom, for a higher-is-better metric) so the final blow-up (up to 1e20 before
 * NaN) does not squash the valley, as fastai's plot stops at the divergence.
 */
export function plotDomain(a: Analysis, clip: boolean): [number, number] {
  const higher = a.metric === 'higher-is-better';
  let [lo, hi] = [Infinity, -Infinity];
  for (const c of a.curves) {
    for (const ys of [c.raw, c.centred]) {
      const [l, h] = minMax(ys);
      [lo, hi] = [Math.min(lo, l), Math.max(hi, h)];
    }
  }
  if (clip) {
    const starts = a.curves.filter((c) => c.centred.length > 0).map((c) => startLevel(c.centred));
    let [cLo, cHi] = [Infinity, -Infinity];
    for (const c of a.curves) {
      const [l, h] = minMax(c.centred);
      [cLo, cHi] = [Math.min(cLo, l), Math.max(cHi, h)];
    }
    if (starts.length > 0) {
      const [sLo, sHi] = minMax(starts);
      if (!higher && sHi > cLo) hi = Math.min(hi, sHi + 0.75 * (sHi - cLo));
      if (higher && cHi > sLo) lo = Math.max(lo, sLo - 0.75 * (cHi - sLo));
    }
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi === lo) {
    const d = Math.abs(hi) * 0.05 || 1;
    return [lo - d, hi + d];
  }
  const pad = (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
}

/**
 * The rows to draw: each run's raw values (faint) and centred curve (bold; faint with several runs,
 * where the median is bold), the EMA when asked, each reduced to {@link MAX_DRAWN} points
 * (first/min/max/last per bucket) and clamped into the y range.
 */
export function plotData(a: Analysis, o: { clip: boolean; ema: boolean }): PlotData {
  const domain = plotDomain(a, o.clip);
  let clipped = 0;
  const rows: PlotRow[] = [];
  const higher = a.metric === 'higher-is-better';
  // A line ends where it first leaves the range on the blow-up side (as fastai's plot stops at the
  // divergence): that point is drawn at the edge, the rest is counted, not drawn along the edge.
  const push = (series: string, role: PlotRow['role'], lrs: readonly number[], ys: readonly number[]) => {
    const idx = downsampleIndices(ys, MAX_DRAWN);
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k];
      let v = ys[i];
      if (!Number.isFinite(v)) continue;
      const blownUp = higher ? v < domain[0] : v > domain[1];
      if (v < domain[0] || v > domain[1]) {
        clipped++;
        v = Math.min(domain[1], Math.max(domain[0], v));
      }
      rows.push({ series, role, lr: lrs[i], v });
      if (blownUp) {
        clipped += idx.length - 1 - k;
        break;
      }
    }
  };
  const multi = a.curves.length > 1;
  for (const c of a.curves) {
    if (!multi) push(`raw ${c.name}`, 'raw', c.lrs, c.raw);
    if (o.ema && c.ema) push(`EMA ${c.name}`, 'ema', c.lrs, c.ema);
    push(multi ? c.name : 'centred', multi ? 'run' : 'centred', c.lrs, c.centred);
  }
  if (a.median) push('median', 'centred', a.median.lrs, a.median.centred);
  // The x axis spans the whole sweep, also where the lines have ended: it shows how far the test went.
  let [xLo, xHi] = minMax(a.markers.map((m) => m.lr));
  for (const c of a.curves) if (c.lrs.length) [xLo, xHi] = [Math.min(xLo, c.lrs[0]), Math.max(xHi, c.lrs[c.lrs.length - 1])];
  return { rows, domain, xDomain: Number.isFinite(xLo) ? [xLo, xHi] : [1e-7, 10], clipped };
}
