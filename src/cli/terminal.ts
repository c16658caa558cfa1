// Terminal charts for the CLI (asciichart draws the lines; this file lays out the x axis).
import * as asciichart from 'asciichart';

/**
 * Options of {@link terminalChart}.
 *
 * @example
 * const o: TerminalChartOptions = { width: 60, height: 12, logX: true };
 */
export interface TerminalChartOptions {
  /** Plot columns (default 60). */
  width?: number;
  /** Plot rows (default 12). */
  height?: number;
  /** Space the x values by log10 (default false). */
  logX?: boolean;
  /** Marks drawn under the x axis: a letter per mark plus a legend line. */
  marks?: { name: string; x: number }[];
  /** Label under the x axis. */
  xLabel?: string;
  /** Format of the x tick labels. */
  formatX?: (x: number) => string;
  /** Draw several series in different colours (ANSI) when true (default false). */
  color?: boolean;
  /** Clip values above this (keeps a final blow-up from flattening the rest). */
  yMax?: number;
}

const LEFT = 11; // width of asciichart's y labels with its default padding and offset

function resample(xs: readonly number[], ys: readonly number[], grid: number[]): number[] {
  // Linear interpolation over the finite points (asciichart cannot draw NaN gaps); outside a
  // series' range its end values are held.
  const pts = xs
    .map((x, i) => [x, ys[i]] as const)
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
    .sort((a, b) => a[0] - b[0]);
  return grid.map((g) => {
    const j = pts.findIndex(([x]) => x >= g);
    if (j < 0) return pts[pts.length - 1][1];
    if (pts[j][0] === g || j === 0) return pts[j][1];
    const [x0, y0] = pts[j - 1];
    const [x1, y1] = pts[j];
    return y0 + ((y1 - y0) * (g - x0)) / (x1 - x0);
  });
}

/**
 * Draw one or more series y(x) as a terminal line chart, x resampled to `width` columns (log10
 * spaced with `logX`), with tick labels and lettered marks (e.g. suggested learning rates).
 *
 * @example
 * console.log(terminalChart([{ x: result.lrs, y: result.smoothed }], { logX: true, marks: [{ name: 'valley', x: 3e-3 }] }));
 */
export function terminalChart(
  series: { x: readonly number[]; y: readonly number[] }[],
  opts: TerminalChartOptions = {},
): string {
  const width = opts.width ?? 60;
  const height = opts.height ?? 12;
  const tx = (x: number) => (opts.logX ? Math.log10(x) : x);
  const all = series.flatMap((s) => s.x.map((x, i) => (Number.isFinite(s.y[i]) ? tx(x) : NaN))).filter(Number.isFinite);
  if (all.length < 2) return '(not enough points to draw)';
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const grid = Array.from({ length: width }, (_, i) => lo + ((hi - lo) * i) / (width - 1));
  const ys = series
    .filter((s) => s.y.some(Number.isFinite))
    .map((s) => resample(s.x.map(tx), s.y, grid));
  // Keep the chart readable: clip a final blow-up to 1.5x the range of the first half.
  const finite = ys.flat().filter(Number.isFinite);
  if (finite.length === 0) return '(no finite values to draw)';
  const colors = [asciichart.blue, asciichart.red, asciichart.green, asciichart.magenta, asciichart.cyan, asciichart.yellow];
  const cap = opts.yMax ?? Infinity;
  const chart = asciichart.plot(ys.map((row) => row.map((v) => (Number.isFinite(v) ? Math.min(v, cap) : Number.NaN))), {
    height,
    ...(opts.color && series.length > 1 ? { colors: ys.map((_, i) => colors[i % colors.length]) } : {}),
    format: (v: number) => v.toPrecision(4).padStart(LEFT - 2),
  });
  const fmt = opts.formatX ?? ((x: number) => (opts.logX ? x.toExponential(0) : String(+x.toPrecision(3))));
  const lines = [chart];
  // Tick labels at about every 15 columns.
  const ticks = Array(width + LEFT).fill(' ');
  for (let c = 0; c < width; c += 15) {
    const label = fmt(opts.logX ? 10 ** grid[c] : grid[c]);
    for (let k = 0; k < label.length && LEFT + c + k < ticks.length; k++) ticks[LEFT + c + k] = label[k];
  }
  lines.push(ticks.join('').trimEnd());
  if (opts.marks && opts.marks.length > 0) {
    const row = Array(width + LEFT).fill(' ');
    const legend: string[] = [];
    opts.marks.forEach((m, i) => {
      const letter = String.fromCharCode(65 + (i % 26));
      const col = Math.round(((tx(m.x) - lo) / (hi - lo || 1)) * (width - 1));
      if (col >= 0 && col < width) row[LEFT + col] = letter;
      legend.push(`${letter}=${m.name} ${fmt(m.x)}`);
    });
    lines.push(row.join('').trimEnd());
    lines.push(' '.repeat(LEFT) + legend.join('  '));
  }
  if (opts.xLabel) lines.push(' '.repeat(LEFT) + opts.xLabel);
  return lines.join('\n');
}
