// The last steps every log reader shares: which tool wrote the file (given, or what the file tells),
// the raw losses recovered where that tool smoothed them, non-finite rows inside the curve skipped
// and duplicate learning rates merged, each said in `notes` / `warnings`.
import { oneOf, optional } from '../check/index.js';
import type { LogWarning } from './csv-table.js';
import { TOOL_SMOOTHING, unsmoothLosses } from './smoothing.js';

/** Which tool wrote a log, i.e. how its losses were smoothed; `auto`: what the file itself tells. */
export type LogSource = 'auto' | 'pytorch-lr-finder' | 'lightning' | 'fastai' | 'keras' | 'raw';
/** Every {@link LogSource}, for option checks and menus. */
export const LOG_SOURCES: readonly LogSource[] = ['auto', 'pytorch-lr-finder', 'lightning', 'fastai', 'keras', 'raw'];
type Tool = Exclude<LogSource, 'auto'>;

/** A curve read from a log, with where its points came from and what was assumed. */
export interface CurveLog {
  /** `losses` are raw (recovered where the file held smoothed ones); `smoothed` only from a raw file's own column. */
  curve: { lrs: number[]; losses: number[]; smoothed?: number[] };
  /** e.g. `columns lr=lr, loss=loss` or `tags lr=lr-SGD, loss=train_loss`. */
  source: string;
  /** The learning-rate column, key or tag, quoted. */
  lrName: string;
  /** Names point i: `line 7`, `lrs[3]`, `step 120`. */
  pointName: (i: number) => string;
  /** The tool the losses were read as (see {@link LogSource}). */
  tool: Tool;
  /** What was assumed and done, in words (e.g. the smoothing inverted). */
  notes: string[];
  /** Rows skipped or merged, a file cut short: what the user should know. */
  warnings: LogWarning[];
}

/** A log as a reader found it, before {@link finishLog}. */
export interface RawLog extends Omit<CurveLog, 'tool'> {
  /** Each point's epoch (Keras' running mean restarts there). */
  epochs?: number[];
  /** What the file tells about the tool that wrote it, why, and whether another tool writes the same. */
  guess: { tool: Tool; why: string; ambiguous?: boolean };
}

const WHAT: Record<Tool, string> = {
  'pytorch-lr-finder': "pytorch-lr-finder's history (losses smoothed by an EMA, smooth_f 0.05, no bias correction)",
  lightning: "Lightning's lr_find results (losses smoothed by an EMA, beta 0.98, bias-corrected)",
  fastai: "fastai's recorder (losses smoothed by an EMA, beta 0.98, bias-corrected)",
  keras: "Keras batch logs (each loss the running mean of its epoch so far)",
  raw: 'raw losses, as logged',
};

const listed = (names: string[]) => (names.length > 8 ? `${names.slice(0, 8).join(', ')}, ...` : names.join(', '));

/**
 * Applies the source (inverting a tool's smoothing), skips non-finite rows inside the curve, keeps a
 * non-finite tail as NaN (divergence: where recommend() stops reading) and merges equal learning
 * rates in a row (mean loss). `fn` is the function the user called (named in errors).
 *
 * @example
 * const log = finishLog(raw, 'lightning');
 * log.notes; // ["read as Lightning's lr_find results (...): raw losses recovered by inverting ..."]
 */
export function finishLog(raw: RawLog, sourceOption: unknown = 'auto', fn = 'parseCurveLog'): CurveLog {
  const source = optional(sourceOption, 'auto' as const, (v) => oneOf(fn, 'source', v, LOG_SOURCES));
  const tool = source === 'auto' ? raw.guess.tool : source;
  const notes = [...raw.notes];
  const warnings = [...raw.warnings];
  const how = source === 'auto' ? `${raw.guess.why}` : `--source ${tool}`;
  let losses = raw.curve.losses;
  let smoothed = raw.curve.smoothed;
  if (tool === 'raw') {
    notes.push(`read as ${WHAT.raw} (${how})${source === 'auto' ? '; pass --source pytorch-lr-finder, lightning, fastai or keras if a tool smoothed them' : ''}`);
  } else {
    losses = unsmoothLosses(losses, TOOL_SMOOTHING[tool], tool === 'keras' ? raw.epochs : undefined);
    smoothed = undefined; // the tool's curve lags; the analysis smooths the recovered losses itself
    const recovered = tool === 'keras' ? 'raw losses recovered from the running means' : 'raw losses recovered by inverting its EMA';
    const others = raw.guess.ambiguous && source === 'auto'
      ? `; if another tool wrote it, pass ${(['pytorch-lr-finder', 'lightning', 'fastai', 'raw'] as const).filter((t) => t !== tool).map((t) => `--source ${t}`).join(', ')} (raw: losses never smoothed)`
      : '';
    notes.push(`read as ${WHAT[tool]} (${how}): ${recovered}${others}`);
  }
  const { lrs } = raw.curve;
  // Where the curve ends: the last point with a finite loss and a usable rate; after it, divergence.
  let last = -1;
  for (let i = lrs.length - 1; i >= 0 && last < 0; i--) if (Number.isFinite(losses[i]) && Number.isFinite(lrs[i]) && lrs[i] > 0) last = i;
  if (isClean(lrs, losses, last)) {
    // The usual log: nothing to skip or merge, so no copies (a 1e6-point log spent 0.5 s here).
    return { curve: { lrs, losses, ...(smoothed ? { smoothed } : {}) }, source: raw.source, lrName: raw.lrName, pointName: raw.pointName, tool, notes, warnings };
  }
  const kept: number[] = [];
  const badLr: string[] = [];
  const nonFinite: string[] = [];
  for (let i = 0; i < lrs.length; i++) {
    if (!(Number.isFinite(lrs[i]) && lrs[i] > 0)) badLr.push(raw.pointName(i));
    else if (i < last && !Number.isFinite(losses[i])) nonFinite.push(raw.pointName(i));
    else kept.push(i);
  }
  if (nonFinite.length) {
    warnings.push({ code: 'non-finite-rows', message: `${nonFinite.length} point(s) with a non-finite loss inside the curve were skipped (${listed(nonFinite)}); the rest is used` });
  }
  if (badLr.length) warnings.push({ code: 'bad-lr', message: `${badLr.length} point(s) without a finite learning rate > 0 were skipped (${listed(badLr)})` });
  // Equal rates in a row (a logger writing a step twice, a rate held for a few steps): one point
  // each, the mean of its finite losses. One pass, no per-point allocation (1e6-point logs).
  const out = { lrs: [] as number[], losses: [] as number[], smoothed: smoothed ? ([] as number[]) : undefined };
  const origin: number[] = [];
  let merged = 0;
  let firstMerged = '';
  for (let k = 0; k < kept.length; ) {
    const i0 = kept[k];
    let end = k + 1;
    while (end < kept.length && lrs[kept[end]] === lrs[i0]) end++;
    out.lrs.push(lrs[i0]);
    origin.push(i0);
    if (end === k + 1) {
      out.losses.push(Number.isFinite(losses[i0]) ? losses[i0] : NaN);
      if (out.smoothed) out.smoothed.push(smoothed![i0]);
    } else {
      merged += end - k - 1;
      firstMerged ||= raw.pointName(i0);
      out.losses.push(finiteMean(losses, kept, k, end));
      if (out.smoothed) out.smoothed.push(finiteMean(smoothed!, kept, k, end));
    }
    k = end;
  }
  if (merged) {
    warnings.push({ code: 'duplicate-lrs', message: `${merged} point(s) repeat the learning rate before them and were merged into it (mean loss), first at ${firstMerged}` });
  }
  return {
    curve: { lrs: out.lrs, losses: out.losses, ...(out.smoothed ? { smoothed: out.smoothed } : {}) },
    source: raw.source, lrName: raw.lrName, pointName: (i) => raw.pointName(origin[i] ?? i),
    tool, notes, warnings,
  };
}

/** Every rate finite, > 0 and unlike the one before; every loss finite, or NaN after the last finite one. */
function isClean(lrs: readonly number[], losses: readonly number[], last: number): boolean {
  for (let i = 0; i < lrs.length; i++) {
    const lr = lrs[i];
    if (!(lr > 0 && lr < Infinity) || (i > 0 && lr === lrs[i - 1])) return false;
    const loss = losses[i];
    if (!(loss - loss === 0) && (i < last || loss === loss)) return false;
  }
  return true;
}

/** The mean of the finite values of `v` at kept[from..to), NaN when none is. */
function finiteMean(v: readonly number[], kept: number[], from: number, to: number): number {
  let sum = 0;
  let count = 0;
  for (let k = from; k < to; k++) {
    if (Number.isFinite(v[kept[k]])) {
      sum += v[kept[k]];
      count++;
    }
  }
  return count ? sum / count : NaN;
}
