// Loss-vs-LR chart of the range test (uPlot, log-x for exponential sweeps): the curve the
// recommendation reads (the lag-free centred one) bold, the raw loss faint, the EMA only on request;
// a dot per recommended use on the centred curve, fastai's rules only on request, earlier curves as
// faint overlays. Names and values sit in a legend under the plot, so no label crosses a line.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartWidth, followWidth } from './resize.js';
import { fmtRate } from 'lrkit';

/** A point marked on the chart: a recommended use (dot) or one of fastai's rules (diamond). */
export interface ChartMarker {
  label: string;
  lr: number;
  value: number;
  color: string;
  shape: 'dot' | 'diamond';
}

/** An earlier curve drawn faintly under the current one. */
export interface Overlay {
  label: string;
  lrs: number[];
  values: number[];
  color: string;
}

/** The curve shown: raw values, the centred curve (empty while a run is live), the EMA. */
export interface ChartCurve {
  lrs: number[];
  raw: number[];
  centred: number[];
  ema: number[];
}

export const COLORS = { raw: '#a9bcdb', centred: '#1f4fa0', ema: '#e07b00', constant: '#d62728', oneCycle: '#2ca02c' } as const;
export const FASTAI_COLORS: Record<string, string> = { valley: '#9467bd', steep: '#8c564b', minimum: '#17becf', slide: '#e377c2' };
// Opaque and light (the canvas is transparent: a translucent line would read differently on every background).
export const OVERLAY_COLORS = ['#9aa0aa', '#c2a3d1', '#8fc2a8', '#d4b27a'];

const HEIGHT = 300;
const finite = (a: number[]) => a.map((v) => (Number.isFinite(v) ? v : null));

/**
 * Over three decades or more of a log x axis, one label, tick and grid line per power of ten (as
 * fastai's plot): uPlot's 2..9 multiples draw some fifty lines across a usual sweep.
 */
function decades(u: uPlot, splits: number[]): (number | null)[] {
  const { min, max, distr } = u.scales.x;
  if (distr !== 3 || min == null || max == null || max / min < 1000) return splits;
  return splits.map((v) => (v != null && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 ? v : null));
}

/**
 * Owns one uPlot instance; a run streams points in with `push`, a finished curve comes with `show`.
 *
 * @example
 * const chart = new FinderChart(el, 'exp', [1e-5, 10]);
 * chart.show({ lrs, raw, centred, ema });
 * chart.setMarkers([{ label: 'constant 9.55e-2', lr: 0.0955, value: 0.4, color: COLORS.constant, shape: 'dot' }]);
 */
export class FinderChart {
  private curve: ChartCurve = { lrs: [], raw: [], centred: [], ema: [] };
  private markers: ChartMarker[] = [];
  private overlays: Overlay[] = [];
  private emaShown = false;
  private plot: uPlot;
  private pending = false;
  private readonly legend: HTMLElement;
  private readonly unfollow: () => void;

  /** `xRange`: the sweep's rates, so a live run's x axis does not rescale as points arrive. */
  constructor(
    private readonly el: HTMLElement,
    mode: 'exp' | 'linear',
    private xRange?: [number, number],
  ) {
    el.replaceChildren();
    // Read by the browser tests: what is plotted, where the markers were drawn.
    el.dataset.points = '0';
    el.dataset.markers = '[]';
    const holder = document.createElement('div');
    this.legend = document.createElement('ul');
    this.legend.className = 'chart-legend';
    this.legend.dataset.testid = 'chart-legend';
    el.append(holder, this.legend);
    this.plot = new uPlot(this.options(mode), [[], [], [], []], holder);
    this.unfollow = followWidth(el, (width) => this.plot.setSize({ width, height: HEIGHT }));
    this.renderLegend();
  }

  private options(mode: 'exp' | 'linear'): uPlot.Options {
    return {
      width: chartWidth(this.el),
      height: HEIGHT,
      legend: { show: false },
      scales: {
        x: { time: false, distr: mode === 'exp' ? 3 : 1, range: (_u, min, max) => this.xBounds(min, max, mode === 'exp') },
        // Once the loss explodes the interesting part would be a flat line at the bottom: cap the
        // top at 1.5x the curve's first value, as fastai's plot does by skipping the tail.
        y: { range: (_u, min, max) => this.yRange(min, max) },
      },
      axes: [
        {
          label: 'learning rate',
          values: (_u, vals) => vals.map((v) => (v == null ? '' : fmtLr(v))),
          // Over three decades or more, one grid line per decade (as fastai's plot): the 2..9
          // multiples would draw some fifty lines across a usual sweep.
          filter: decades,
          grid: { filter: decades },
          ticks: { filter: decades },
        },
        { label: 'loss' },
      ],
      series: [
        {},
        { label: 'raw loss', stroke: COLORS.raw, width: 1 },
        { label: 'EMA', stroke: COLORS.ema, width: 1.5, show: false },
        { label: 'centred', stroke: COLORS.centred, width: 2.5 },
      ],
      hooks: { drawAxes: [(u) => this.drawOverlays(u)], draw: [(u) => this.drawMarkers(u)] },
    };
  }

  private xBounds(min: number | null, max: number | null, log: boolean): uPlot.Range.MinMax {
    const xs = this.overlays.flatMap((o) => [o.lrs[0], o.lrs[o.lrs.length - 1]]);
    let lo = Math.min(this.xRange?.[0] ?? Infinity, min ?? Infinity, ...xs);
    let hi = Math.max(this.xRange?.[1] ?? -Infinity, max ?? -Infinity, ...xs);
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo && (!log || lo > 0))) return [1e-5, 10];
    if (log) {
      // Whole decades: uPlot's log ticks step from the scale's minimum, and from a minimum off a
      // power of ten (a float32 1e-6 from a TensorBoard file) they took millions of steps (~25 s).
      // The slack keeps such a value in its own decade.
      lo = Number(`1e${Math.floor(Math.log10(lo) + 1e-6)}`);
      hi = Number(`1e${Math.ceil(Math.log10(hi) - 1e-6)}`);
    }
    return [lo, hi > lo ? hi : lo * 10];
  }

  private yRange(min: number | null, max: number | null): uPlot.Range.MinMax {
    const lo = min ?? 0;
    let hi = max ?? 1;
    const first = [this.curve.centred, this.emaShown ? this.curve.ema : [], this.curve.raw].map((a) => a.find(Number.isFinite)).find((v) => v !== undefined);
    if (first !== undefined && hi > 1.5 * first) hi = 1.5 * first;
    if (!(hi > lo)) hi = lo + 1;
    const pad = (hi - lo) * 0.05;
    return [lo - pad, hi + pad];
  }

  /** Earlier curves, under the current one and clipped to the plot. */
  private drawOverlays(u: uPlot): void {
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.lineWidth = 1.5 * devicePixelRatio;
    for (const o of this.overlays) {
      ctx.strokeStyle = o.color;
      ctx.beginPath();
      let drawing = false;
      o.lrs.forEach((lr, i) => {
        if (!Number.isFinite(o.values[i])) return void (drawing = false);
        const x = u.valToPos(lr, 'x', true);
        const y = u.valToPos(o.values[i], 'y', true);
        if (drawing) ctx.lineTo(x, y);
        else ctx.moveTo(x, y);
        drawing = true;
      });
      ctx.stroke();
    }
    ctx.restore();
  }

  private drawMarkers(u: uPlot): void {
    const ctx = u.ctx;
    const dpr = devicePixelRatio;
    const { left, top, width, height } = u.bbox;
    const placed: { label: string; color: string; x: number; y: number }[] = [];
    ctx.save();
    for (const m of this.markers) {
      const x = u.valToPos(m.lr, 'x', true);
      const y = u.valToPos(m.value, 'y', true);
      if (!Number.isFinite(x) || !Number.isFinite(y) || x < left - 1 || x > left + width + 1 || y < top - 1 || y > top + height + 1) continue;
      ctx.beginPath();
      const r = (m.shape === 'dot' ? 6 : 5) * dpr;
      if (m.shape === 'dot') ctx.arc(x, y, r, 0, 2 * Math.PI);
      else ctx.moveTo(x, y - r), ctx.lineTo(x + r, y), ctx.lineTo(x, y + r), ctx.lineTo(x - r, y), ctx.closePath();
      ctx.fillStyle = m.color;
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 2 * dpr;
      ctx.fill();
      ctx.stroke();
      // In CSS pixels of the chart's canvas, for the browser tests.
      placed.push({ label: m.label, color: m.color, x: x / dpr, y: y / dpr });
    }
    ctx.restore();
    this.el.dataset.markers = JSON.stringify(placed);
    // The plot's box in CSS pixels and its x scale, so a test can say where a rate must be drawn.
    const { min, max, distr } = u.scales.x;
    this.el.dataset.plot = JSON.stringify({ left: left / dpr, top: top / dpr, right: (left + width) / dpr, bottom: (top + height) / dpr, xMin: min, xMax: max, log: distr === 3 });
  }

  /** The legend: what each line and marker is, with its rate; never drawn over the plot. */
  private renderLegend(): void {
    const item = (color: string, text: string, kind: 'line' | 'faint' | 'dot' | 'diamond') => {
      const li = document.createElement('li');
      const sw = document.createElement('span');
      sw.className = `key ${kind}`;
      sw.style.background = color;
      li.append(sw, text);
      return li;
    };
    const has = this.curve.lrs.length > 0;
    this.legend.replaceChildren(
      ...(has && this.curve.centred.length ? [item(COLORS.centred, 'loss, centred (what the recommendation reads)', 'line')] : []),
      ...(has ? [item(COLORS.raw, 'raw loss', 'faint')] : []),
      ...(has && this.emaShown ? [item(COLORS.ema, 'EMA (the run\'s moving average)', 'line')] : []),
      ...this.markers.map((m) => item(m.color, m.label, m.shape)),
    );
  }

  /** Adds one iteration of a live run; redraws at most once per animation frame. */
  push(lr: number, loss: number, ema: number): void {
    this.curve.lrs.push(lr);
    this.curve.raw.push(loss);
    this.curve.ema.push(ema);
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.setData();
    });
  }

  /** Replaces the curve (a finished run, an opened or restored file). */
  show(curve: ChartCurve): void {
    this.curve = { lrs: [...curve.lrs], raw: [...curve.raw], centred: [...curve.centred], ema: [...curve.ema] };
    this.xRange = undefined;
    this.setData();
  }

  /** Shows the recommendation's markers (and fastai's, when asked for). */
  setMarkers(markers: ChartMarker[]): void {
    this.markers = markers;
    this.refresh();
  }

  /** Draws earlier curves faintly. */
  setOverlays(overlays: Overlay[]): void {
    this.overlays = overlays;
    this.setData(); // the x range covers them
  }

  /** Shows or hides the EMA. */
  showEma(on: boolean): void {
    this.emaShown = on;
    this.plot.setSeries(2, { show: on });
    this.renderLegend();
  }

  /** Number of points currently plotted. */
  get length(): number {
    return this.curve.lrs.length;
  }

  private setData(): void {
    const { lrs, raw, ema, centred } = this.curve;
    // uPlot treats null as a gap; NaN/Infinity would break the autoscale.
    this.plot.setData([lrs, finite(raw), finite(ema), centred.length === lrs.length ? finite(centred) : lrs.map(() => null)] as uPlot.AlignedData);
    this.el.dataset.points = String(lrs.length);
    this.renderLegend();
  }

  /**
   * Redraws without touching the scales. (uPlot's `redraw()` re-applies the x scale it had: after a
   * `setData` in the same tick, whose range is still pending, that was the unset range of a new
   * chart, so an opened or restored curve was drawn as bare axes. The x range function, which
   * always answers with the data's or the sweep's range, guards the same path.)
   */
  private refresh(): void {
    this.plot.redraw(false);
    this.renderLegend();
  }

  /** Releases the chart. */
  destroy(): void {
    this.unfollow();
    this.plot.destroy();
  }
}

/**
 * Formats a learning rate for an axis tick: short, round values (`1e-3`, `0.1`, `10`).
 *
 * @example
 * fmtLr(0.001) // '1e-3'
 */
export function fmtLr(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 0.01 && a < 1000) return String(Number(v.toPrecision(3)));
  return v.toExponential().replace('e+', 'e').replace(/^(-?\d)\.(\d{1,2})\d*e/, '$1.$2e');
}

export { fmtRate };
