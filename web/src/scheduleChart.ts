// Preview chart of a schedule: learning rate (left axis) and momentum (right axis) per step.
import uPlot from 'uplot';
import { chartWidth, followWidth } from './resize.js';

/** The sampled curves that the designer shows and exports. */
export interface ScheduleCurve {
  steps: number[];
  lrs: number[];
  /** Momentum per step, when the policy cycles it. */
  momentum?: number[];
  /** Steps between points (1: every step; more for a preview of a long schedule). */
  stride?: number;
}

/**
 * Owns the designer's uPlot chart.
 *
 * @example
 * const chart = new ScheduleChart(el);
 * chart.show({ steps: [0, 1, 2], lrs: [0.01, 0.1, 0.01] }, 79);
 */
export class ScheduleChart {
  private plot: uPlot | undefined;
  private hasMomentum: boolean | undefined;
  /** Where the range test blew up, drawn as a red line while the design's peak is above it. */
  private limit: { lr: number; label: string } | undefined;

  constructor(private readonly el: HTMLElement) {
    followWidth(el, (width) => this.plot?.setSize({ width, height: 280 }));
  }

  /** Draws `curve`; `stepsPerEpoch` places epoch ticks on the x axis. */
  show(curve: ScheduleCurve, stepsPerEpoch: number): void {
    const withMomentum = curve.momentum !== undefined;
    // uPlot cannot add or remove a series axis in place: rebuild when momentum appears or goes.
    if (!this.plot || this.hasMomentum !== withMomentum) {
      this.plot?.destroy();
      this.el.replaceChildren();
      this.plot = new uPlot(this.options(withMomentum), [[]], this.el);
      this.hasMomentum = withMomentum;
    }
    // Plot against epochs so the axis gets round ticks; the CSV keeps the step too.
    const data: (number | null)[][] = [curve.steps.map((s) => s / stepsPerEpoch), curve.lrs];
    if (curve.momentum) data.push(curve.momentum);
    this.plot.setData(data as uPlot.AlignedData);
  }

  /**
   * Marks (or, with undefined, unmarks) the rate where the range test blew up: a dashed red line
   * across the chart with its label, so a design that passes it shows it where it does.
   */
  setLimit(limit: { lr: number; label: string } | undefined): void {
    this.limit = limit;
    this.el.dataset.limit = limit ? String(limit.lr) : '';
    this.plot?.redraw(false);
  }

  private drawLimit(u: uPlot): void {
    if (!this.limit) return;
    const y = u.valToPos(this.limit.lr, 'lr', true);
    const { left, top, width, height } = u.bbox;
    if (!(y >= top && y <= top + height)) return; // above the lr axis's range: the warning says it
    const ctx = u.ctx;
    const dpr = devicePixelRatio || 1;
    ctx.save();
    ctx.strokeStyle = '#c62828';
    ctx.lineWidth = 2 * dpr;
    ctx.setLineDash([8 * dpr, 5 * dpr]);
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(left + width, y);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = `${12 * dpr}px sans-serif`;
    ctx.fillStyle = '#c62828';
    ctx.textBaseline = 'bottom';
    ctx.fillText(this.limit.label, left + 6 * dpr, y - 3 * dpr);
    ctx.restore();
  }

  private options(withMomentum: boolean): uPlot.Options {
    const series: uPlot.Series[] = [
      { label: 'epoch', value: (_u, v) => (v == null ? '—' : v.toFixed(2)) },
      { label: 'learning rate', stroke: '#1f4fa0', width: 2, scale: 'lr', value: (_u, v) => (v == null ? '—' : v.toPrecision(3)) },
    ];
    const axes: uPlot.Axis[] = [
      { label: 'epoch' },
      // A tick is a round value: write it whole (0.125, not 0.13), in exponent form below 1e-3.
      { label: 'learning rate', scale: 'lr', size: 70, values: (_u, vals) => vals.map((v) => (v == null ? '' : tick(v))) },
    ];
    if (withMomentum) {
      series.push({ label: 'momentum', stroke: '#e07b00', width: 2, dash: [6, 4], scale: 'mom', value: (_u, v) => (v == null ? '—' : v.toFixed(3)) });
      axes.push({ label: 'momentum', scale: 'mom', side: 1, grid: { show: false }, size: 60 });
    }
    return {
      width: chartWidth(this.el),
      height: 280,
      // The limit is drawn only when the design's peak passes it, so it is always inside the lr range.
      scales: { x: { time: false } },
      series,
      axes,
      hooks: { draw: [(u) => this.drawLimit(u)] },
    };
  }
}

/**
 * An axis tick as written: `0.125`, `0.1`, `2.5e-4` (rounding noise of the tick arithmetic dropped).
 *
 * @example
 * tick(0.125); // '0.125'
 */
export function tick(v: number): string {
  const r = Number(v.toPrecision(6));
  return r !== 0 && Math.abs(r) < 1e-3 ? r.toExponential().replace('e+', 'e') : String(r);
}
