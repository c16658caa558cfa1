// Live loss-vs-LR chart of the range test (uPlot, log-x for exponential sweeps), with the
// suggestions drawn as labelled vertical markers.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { placeLabels } from './labels.js';
import { chartWidth, followWidth } from './resize.js';

/** A marker drawn on the finder chart at a suggested learning rate. */
export interface Marker {
  name: string;
  lr: number;
  color: string;
}

/** Colours for suggestion markers, in suggestion order. */
export const MARKER_COLORS = ['#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b'];

/**
 * Owns one uPlot instance for a range-test run; points stream in with `push`.
 *
 * @example
 * const chart = new FinderChart(el, 'exp');
 * chart.push(1e-4, 2.3, 2.3);
 * chart.setMarkers([{ name: 'valley', lr: 3e-3, color: '#d62728' }]);
 */
export class FinderChart {
  private lrs: number[] = [];
  private raw: number[] = [];
  private smooth: number[] = [];
  private markers: Marker[] = [];
  private plot: uPlot;
  private pending = false;
  private readonly unfollow: () => void;

  constructor(
    private readonly el: HTMLElement,
    mode: 'exp' | 'linear',
  ) {
    el.replaceChildren();
    // Read by the browser test: what is plotted and which markers were drawn.
    el.dataset.points = '0';
    el.dataset.markers = '';
    this.plot = new uPlot(this.options(mode), [[], [], []], el);
    this.unfollow = followWidth(el, (width) => this.plot.setSize({ width, height: 300 }));
  }

  private options(mode: 'exp' | 'linear'): uPlot.Options {
    const width = chartWidth(this.el);
    return {
      width,
      height: 300,
      scales: {
        x: { time: false, distr: mode === 'exp' ? 3 : 1 },
        // Once the loss explodes the interesting part would be a flat line at the bottom: cap the
        // top at 1.5x the first smoothed loss, as fastai's plot does by skipping the tail.
        y: { range: (_u, min, max) => this.yRange(min, max) },
      },
      axes: [
        { label: 'learning rate', values: (_u, vals) => vals.map((v) => (v == null ? '' : fmtLr(v))) },
        { label: 'loss' },
      ],
      series: [
        { label: 'LR', value: (_u, v) => (v == null ? '—' : fmtLr(v)) },
        { label: 'loss', stroke: '#9fb6d9', width: 1 },
        { label: 'smoothed', stroke: '#1f4fa0', width: 2 },
      ],
      hooks: { draw: [(u) => this.drawMarkers(u)] },
    };
  }

  private yRange(min: number | null, max: number | null): uPlot.Range.MinMax {
    const lo = min ?? 0;
    let hi = max ?? 1;
    const first = this.smooth.find(Number.isFinite);
    if (first !== undefined && hi > 1.5 * first) hi = 1.5 * first;
    if (!(hi > lo)) hi = lo + 1;
    const pad = (hi - lo) * 0.05;
    return [lo - pad, hi + pad];
  }

  private drawMarkers(u: uPlot): void {
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    const dpr = devicePixelRatio;
    ctx.save();
    ctx.font = `${Math.round(11 * dpr)}px 'DejaVu Sans', sans-serif`;
    const shown = this.markers
      .map((m) => ({ m, x: Math.round(u.valToPos(m.lr, 'x', true)), text: `${m.name} ${fmtLr(m.lr)}` }))
      .filter((d) => Number.isFinite(d.x));
    // Labels in rows that never overlap (web/src/labels.ts), left of the line near the right edge.
    const placed = placeLabels(shown.map((d) => ({ x: d.x, width: ctx.measureText(d.text).width })), left, left + width, 4 * dpr, 6 * dpr);
    const rowHeight = 14 * dpr;
    const boxes = shown.map((d, i) => {
      ctx.strokeStyle = d.m.color;
      ctx.fillStyle = d.m.color;
      ctx.lineWidth = 1.5 * dpr;
      ctx.setLineDash([5 * dpr, 4 * dpr]);
      ctx.beginPath();
      ctx.moveTo(d.x, top);
      ctx.lineTo(d.x, top + height);
      ctx.stroke();
      const y = top + rowHeight * (placed[i].row + 1);
      ctx.fillText(d.text, placed[i].left, y);
      // In CSS pixels of the chart's canvas, for the browser test.
      return { name: d.m.name, left: placed[i].left / dpr, right: (placed[i].left + ctx.measureText(d.text).width) / dpr, top: (y - 11 * dpr) / dpr, bottom: y / dpr };
    });
    ctx.restore();
    this.el.dataset.markers = shown.map((d) => d.m.name).join(',');
    this.el.dataset.labels = JSON.stringify(boxes);
    this.el.dataset.plot = JSON.stringify({ left: left / dpr, right: (left + width) / dpr });
  }

  /** Adds one iteration; redraws at most once per animation frame. */
  push(lr: number, loss: number, smoothed: number): void {
    this.lrs.push(lr);
    this.raw.push(Number.isFinite(loss) ? loss : NaN);
    this.smooth.push(Number.isFinite(smoothed) ? smoothed : NaN);
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.redraw();
    });
  }

  /** Replaces all points at once (the final result of a run). */
  setData(lrs: number[], losses: number[], smoothed: number[]): void {
    this.lrs = [...lrs];
    this.raw = [...losses];
    this.smooth = [...smoothed];
    this.redraw();
  }

  /** Shows suggestion markers. */
  setMarkers(markers: Marker[]): void {
    this.markers = markers;
    this.plot.redraw();
  }

  /** Number of points currently plotted. */
  get length(): number {
    return this.lrs.length;
  }

  private redraw(): void {
    // uPlot treats null as a gap; NaN/Infinity would break the autoscale.
    const clean = (a: number[]) => a.map((v) => (Number.isFinite(v) ? v : null));
    this.plot.setData([this.lrs, clean(this.raw), clean(this.smooth)] as uPlot.AlignedData);
    this.el.dataset.points = String(this.lrs.length);
  }

  /** Releases the chart. */
  destroy(): void {
    this.unfollow();
    this.plot.destroy();
  }
}

/**
 * Formats a learning rate compactly: `3.0e-3`, `0.10`.
 *
 * @example
 * fmtLr(0.003) // '3.0e-3'
 */
export function fmtLr(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 0.01 && a < 1000) return String(Number(v.toPrecision(2)));
  return v.toExponential(1).replace('e+', 'e');
}
