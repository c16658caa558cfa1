// What the page shows of a result: the recommendation box, the chart (the centred curve, the
// recommendation's markers, the EMA and fastai's rules on request) and the comparison with the last
// few curves, each drawn faintly until it is removed from the list under the chart.
import { fmtRate, valueAt } from 'lrkit';
import type { PageCurve } from './curveFile.js';
import { COLORS, FASTAI_COLORS, FinderChart, OVERLAY_COLORS, type ChartMarker, type Overlay } from './finderChart.js';
import { showRecommendation } from './recommendation.js';
import { fastaiPoints } from './suggest.js';
import { messageRow, showSuggestionTable } from './suggestionTable.js';

/** A curve on the page with what it came from (`spirals-momentum on wasm`, `history.json`). */
export interface Shown {
  label: string;
  mode: 'exp' | 'linear';
  curve: PageCurve;
}

/** How many earlier curves stay on the chart for comparison. */
export const MAX_OVERLAYS = 4;

/** The elements the view fills. */
export interface ResultElements {
  chart: HTMLElement;
  box: HTMLElement;
  table: HTMLTableElement;
  overlays: HTMLElement;
  ema: HTMLInputElement;
  fastai: HTMLInputElement;
}

/** The markers of a curve: one per recommended use, and fastai's rules when asked for. */
export function chartMarkers(curve: PageCurve, withFastai: boolean): ChartMarker[] {
  const { markers, curves } = curve.analysis;
  const own: ChartMarker[] = markers.map((m) => ({ label: m.label, lr: m.lr, value: m.value, color: COLORS[m.use], shape: 'dot' }));
  if (!withFastai) return own;
  // fastai's rules read the EMA; their diamonds sit on the centred curve at their rate, so every marker is on the bold line.
  const c = curves[0];
  const at = (lr: number) => valueAt(c.lrs, c.centred, lr) ?? NaN;
  const theirs = fastaiPoints(curve.analysis.fastai).map((p): ChartMarker => ({ label: `fastai ${p.name} ${fmtRate(p.lr)}`, lr: p.lr, value: at(p.lr), color: FASTAI_COLORS[p.name] ?? '#555', shape: 'diamond' }));
  return [...own, ...theirs];
}

export class ResultView {
  private chart: FinderChart | undefined;
  private current: Shown | undefined;
  private earlier: (Shown & { color: string; id: number })[] = [];
  private count = 0;

  constructor(
    private readonly els: ResultElements,
    private readonly use: (lr: number) => void,
  ) {
    els.ema.addEventListener('change', () => this.chart?.showEma(els.ema.checked));
    els.fastai.addEventListener('change', () => this.render());
  }

  /** The curve shown and the ones compared with it, for the plot downloads. */
  get shown(): { current: Shown | undefined; earlier: readonly (Shown & { color: string })[]; ema: boolean; fastai: boolean } {
    return { current: this.current, earlier: this.earlier, ema: this.els.ema.checked, fastai: this.els.fastai.checked };
  }

  /** A run starts: the curve shown so far joins the comparison, and a live chart takes its place. */
  beginRun(mode: 'exp' | 'linear', xRange: [number, number]): FinderChart {
    this.retire();
    this.els.table.tBodies[0].replaceChildren();
    this.chart?.destroy();
    this.chart = new FinderChart(this.els.chart, mode, xRange);
    this.chart.showEma(this.els.ema.checked);
    this.chart.setOverlays(this.overlays());
    return this.chart;
  }

  /** Shows a finished run (after `beginRun`), or an opened or restored curve (the shown one joins the comparison). */
  show(shown: Shown, afterRun = false): void {
    if (!afterRun) {
      this.retire();
      this.chart?.destroy();
      this.chart = undefined;
    }
    this.current = shown;
    this.chart ??= new FinderChart(this.els.chart, shown.mode);
    const c = shown.curve.analysis.curves[0];
    this.chart.show({ lrs: c.lrs, raw: c.raw, centred: c.centred, ema: c.ema ?? [] });
    this.chart.showEma(this.els.ema.checked);
    showRecommendation(this.els.box, shown.curve.analysis);
    this.render();
  }

  private overlays(): Overlay[] {
    return this.earlier.map((e) => {
      const c = e.curve.analysis.curves[0];
      return { label: e.label, lrs: c.lrs, values: c.centred, color: e.color };
    });
  }

  /** The shown curve becomes an overlay; the oldest beyond MAX_OVERLAYS goes. */
  private retire(): void {
    if (!this.current) return;
    const used = new Set(this.earlier.slice(-(MAX_OVERLAYS - 1)).map((e) => e.color));
    const color = OVERLAY_COLORS.find((c) => !used.has(c)) ?? OVERLAY_COLORS[0];
    this.earlier = [...this.earlier, { ...this.current, color, id: ++this.count }].slice(-MAX_OVERLAYS);
    this.current = undefined;
  }

  private remove(id: number): void {
    this.earlier = this.earlier.filter((e) => e.id !== id);
    this.render();
  }

  /** Redraws the markers, the overlays, their list and fastai's table. */
  private render(): void {
    const withFastai = this.els.fastai.checked;
    if (this.current && this.chart) this.chart.setMarkers(chartMarkers(this.current.curve, withFastai));
    this.chart?.setOverlays(this.overlays());
    this.renderList();
    const table = this.els.table;
    table.hidden = !withFastai || !this.current;
    if (!this.current) return;
    const points = fastaiPoints(this.current.curve.analysis.fastai);
    if (points.length === 0) table.tBodies[0].replaceChildren(messageRow(`No suggestion: only ${this.current.curve.iterations} point(s).`));
    else showSuggestionTable(table.tBodies[0], points.map((p) => ({ ...p, color: FASTAI_COLORS[p.name] ?? '#555' })), this.use);
  }

  private renderList(): void {
    const list = this.els.overlays;
    list.hidden = this.earlier.length === 0;
    const items = this.earlier.map((e) => {
      const li = document.createElement('li');
      li.dataset.label = e.label;
      const sw = document.createElement('span');
      sw.className = 'key faint';
      sw.style.background = e.color;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'remove';
      remove.textContent = '×';
      remove.setAttribute('aria-label', `remove ${e.label} (#${e.id}) from the comparison`);
      remove.addEventListener('click', () => this.remove(e.id));
      li.append(sw, `#${e.id} ${e.label}`, remove);
      return li;
    });
    const heading = document.createElement('li');
    heading.className = 'heading';
    heading.textContent = 'Compared with (centred curves):';
    list.replaceChildren(...(items.length ? [heading, ...items] : []));
  }
}
