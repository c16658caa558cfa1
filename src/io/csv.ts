// Curve CSV files: written by lrkit, or exported from PyTorch / Keras / fastai logs.
// The browser build: self-contained (no Node Buffer), so 'lrkit' bundles for a page without aliases.
import { parse } from 'csv-parse/browser/esm/sync';
import { assertCurve, type CurveData, type CurveLike } from './curve.js';

/**
 * Options of {@link parseCurveCsv}. Columns are header names (case-insensitive) or 0-based indices.
 *
 * @example
 * parseCurveCsv(text, { lrColumn: 'lr-Adam', lossColumn: 'train_loss' });
 */
export interface ParseCurveCsvOptions {
  /** Learning-rate column; default: first of lr, learning_rate, lrs, lr-<optimizer>... */
  lrColumn?: string | number;
  /** Loss column; default: first of loss, losses, train_loss, ...; falls back to a smoothed column. */
  lossColumn?: string | number;
  /** Smoothed-loss column; default: first of smoothed, smoothed_loss, smooth_loss, ...; false: ignore. */
  smoothedColumn?: string | number | false;
  /** Field delimiter(s); default `[',', '\t', ';']`. */
  delimiter?: string | string[];
}

/**
 * A curve parsed from CSV, with the column names that were used.
 *
 * @example
 * const { lrs, losses, columns } = parseCurveCsv('lr,loss\n1e-4,2.3\n1e-3,1.9\n');
 * columns.lr; // 'lr'
 */
export interface ParsedCurve extends CurveData {
  columns: { lr: string; loss: string; smoothed?: string };
  /** The file's line number (1-based) of each data row, for messages that name a row. */
  lines: number[];
}

// Names seen in the wild, normalised by normName(); first match wins.
const LR_NAMES = ['lr', 'lrs', 'learning_rate', 'learning_rates', 'learningrate', 'lr_0', 'lr_group_0', 'learning_rate_0'];
const LOSS_NAMES = [
  'loss', 'losses', 'raw_loss', 'train_loss', 'training_loss', 'batch_loss', 'train_loss_step', 'loss_step',
  'trn_loss', 'trainloss', 'loss_raw',
];
const SMOOTHED_NAMES = [
  'smoothed', 'smoothed_loss', 'smooth_loss', 'loss_smoothed', 'smoothed_losses', 'ema_loss', 'loss_ema',
  'avg_loss', 'average_loss', 'avg_losses', 'smooth',
];

/** The one column (outside `skip`) whose normalised name matches `pattern`, or -1 (none, or several). */
function uniqueSuffix(names: readonly string[], pattern: RegExp, skip: number[]): number {
  const hits = names.map((n, i) => (!skip.includes(i) && pattern.test(normName(n)) ? i : -1)).filter((i) => i >= 0);
  return hits.length === 1 ? hits[0] : -1;
}

function normName(s: string): string {
  return s.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE: Record<string, number> = {
  nan: NaN, '+nan': NaN, '-nan': NaN,
  inf: Infinity, '+inf': Infinity, infinity: Infinity, '+infinity': Infinity,
  '-inf': -Infinity, '-infinity': -Infinity,
};

/** Strict decimal parse: Number() would accept '', '0x1f' and whitespace. */
function parseNumber(cell: string, allowNonFinite: boolean): number | undefined {
  const s = cell.trim();
  if (DECIMAL.test(s)) {
    const v = Number(s);
    // '1e999' is decimal syntax but overflows to Infinity.
    if (Number.isFinite(v) || allowNonFinite) return v;
    return undefined;
  }
  if (allowNonFinite) {
    const key = s.toLowerCase();
    if (key in NON_FINITE) return NON_FINITE[key];
  }
  return undefined;
}

function checkColumnOption(name: string, v: unknown, allowFalse: boolean): void {
  if (v === undefined || (allowFalse && v === false)) return;
  if (typeof v === 'string' && v.trim() !== '') return;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return;
  throw new TypeError(
    `${name} must be a column name or a 0-based column index${allowFalse ? ' or false' : ''}, got ${JSON.stringify(v) ?? String(v)}`,
  );
}

/**
 * Writes a curve as CSV with a header `iteration,lr,loss[,smoothed]`.
 * Numbers use JavaScript's shortest round-trip form, so `parseCurveCsv(curveToCsv(c))` gives back
 * exactly the same numbers (non-finite losses are written as NaN / Infinity).
 *
 * @example
 * curveToCsv({ lrs: [1e-4, 1e-3], losses: [2.3, 1.9] });
 * // 'iteration,lr,loss\n0,0.0001,2.3\n1,0.001,1.9\n'
 */
export function curveToCsv(result: CurveLike): string {
  assertCurve(result, 'result');
  const hasSmoothed = result.smoothed !== undefined;
  const lines = [hasSmoothed ? 'iteration,lr,loss,smoothed' : 'iteration,lr,loss'];
  for (let i = 0; i < result.lrs.length; i++) {
    const row = [String(i), num(result.lrs[i]), num(result.losses[i])];
    if (hasSmoothed) row.push(num(result.smoothed![i]));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

// String(-0) is '0': keep the sign so the round trip is exact.
const num = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

interface InfoRecord {
  record: string[];
  info: { lines: number };
}

/**
 * Parses a loss-vs-lr curve from CSV text: lrkit's own files and logs from PyTorch, Keras or fastai
 * (columns such as `lr`, `learning_rate`, `lr-Adam`, `loss`, `train_loss`, `smoothed_loss`).
 * A header row is detected automatically; a file without header must have exactly two columns
 * (lr, loss) unless columns are given as indices. Throws a RangeError naming the line and column
 * for a missing or non-numeric value, an lr that is not > 0, or fewer than 2 data rows.
 *
 * @example
 * const curve = parseCurveCsv('learning_rate,loss\n1e-5,2.31\n1e-4,2.05\n1e-3,1.62\n');
 * curve.lrs; // [1e-5, 1e-4, 1e-3]
 */
export function parseCurveCsv(text: string, options: ParseCurveCsvOptions = {}): ParsedCurve {
  if (typeof text !== 'string') throw new TypeError(`CSV text must be a string, got ${text === null ? 'null' : typeof text}`);
  if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object, got ${String(options)}`);
  checkColumnOption('lrColumn', options.lrColumn, false);
  checkColumnOption('lossColumn', options.lossColumn, false);
  checkColumnOption('smoothedColumn', options.smoothedColumn, true);
  const delimiter = options.delimiter ?? [',', '\t', ';'];
  const delims = Array.isArray(delimiter) ? delimiter : [delimiter];
  if (delims.length === 0 || delims.some((d) => typeof d !== 'string' || d.length === 0 || /["\r\n#]/.test(d))) {
    throw new TypeError(`delimiter must be a non-empty string or array of strings (not a quote, newline or #), got ${JSON.stringify(delimiter)}`);
  }

  let rows: InfoRecord[];
  try {
    rows = parse(text, {
      bom: true, comment: '#', skip_empty_lines: true, trim: true, info: true, delimiter: delims,
    }) as unknown as InfoRecord[];
  } catch (e) {
    throw new RangeError(`invalid curve CSV: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (rows.length === 0) throw new RangeError('curve CSV is empty; expected a header and at least 2 rows of lr,loss');

  const first = rows[0].record;
  const hasHeader = first.some((cell) => parseNumber(cell, true) === undefined);
  const names = hasHeader ? first.map((c) => c.trim()) : first.map((_, i) => `column ${i + 1}`);
  const data = hasHeader ? rows.slice(1) : rows;
  const ncols = first.length;

  const resolve = (opt: string | number, optName: string): number => {
    if (typeof opt === 'number') {
      if (opt >= ncols) throw new RangeError(`${optName} ${opt} is out of range: the CSV has ${ncols} columns (0-based indices 0..${ncols - 1})`);
      return opt;
    }
    if (!hasHeader) throw new RangeError(`${optName} "${opt}" is a name but the CSV has no header row; pass a 0-based column index`);
    const want = normName(opt);
    const idx = names.findIndex((n) => n === opt || normName(n) === want);
    if (idx < 0) throw new RangeError(`${optName} "${opt}" not found; the CSV header has columns ${JSON.stringify(names)}`);
    return idx;
  };
  const findByNames = (candidates: string[], exclude: number[]): number => {
    const normed = names.map(normName);
    for (const c of candidates) {
      const i = normed.findIndex((n, j) => n === c && !exclude.includes(j));
      if (i >= 0) return i;
    }
    return -1;
  };

  let lrIdx: number;
  let lossIdx: number;
  let smIdx = -1;
  if (!hasHeader && (options.lrColumn === undefined || options.lossColumn === undefined)) {
    if (ncols !== 2) {
      throw new RangeError(
        `curve CSV has no header row and ${ncols} columns; add a header (lr,loss) or pass lrColumn and lossColumn as 0-based indices`,
      );
    }
    lrIdx = options.lrColumn === undefined ? (options.lossColumn === 0 ? 1 : 0) : resolve(options.lrColumn, 'lrColumn');
    lossIdx = options.lossColumn === undefined ? 1 - lrIdx : resolve(options.lossColumn, 'lossColumn');
  } else {
    if (options.lrColumn !== undefined) lrIdx = resolve(options.lrColumn, 'lrColumn');
    else {
      lrIdx = findByNames(LR_NAMES, []);
      // PyTorch Lightning's LearningRateMonitor logs 'lr-Adam', 'lr-SGD/pg1', ...
      if (lrIdx < 0) lrIdx = names.map(normName).findIndex((n) => n.startsWith('lr_'));
      // W&B exports name columns by their logged key, 'train/lr' or '<run> - train/learning_rate'.
      if (lrIdx < 0) lrIdx = uniqueSuffix(names, /_(lr|learning_rate)$/, []);
      if (lrIdx < 0) {
        throw new RangeError(`no learning-rate column found in CSV header ${JSON.stringify(names)}; expected one named lr or learning_rate, or pass lrColumn`);
      }
    }
    if (options.smoothedColumn !== undefined && options.smoothedColumn !== false) {
      smIdx = resolve(options.smoothedColumn, 'smoothedColumn');
    } else if (options.smoothedColumn === undefined && hasHeader) {
      smIdx = findByNames(SMOOTHED_NAMES, [lrIdx]);
    }
    if (options.lossColumn !== undefined) lossIdx = resolve(options.lossColumn, 'lossColumn');
    else {
      lossIdx = findByNames(LOSS_NAMES, [lrIdx, smIdx]);
      // W&B: 'train/loss', '<run> - train/loss' (not a validation or test loss)
      if (lossIdx < 0) lossIdx = uniqueSuffix(names, /(^|_)(train|training|batch)_loss$/, [lrIdx, smIdx]);
      if (lossIdx < 0 && smIdx >= 0) {
        // fastai's recorder only keeps the smoothed loss: use it as the curve.
        lossIdx = smIdx;
        smIdx = -1;
      }
      if (lossIdx < 0) {
        throw new RangeError(`no loss column found in CSV header ${JSON.stringify(names)}; expected one named loss or smoothed_loss, or pass lossColumn`);
      }
    }
  }
  if (lrIdx === lossIdx) throw new RangeError(`lrColumn and lossColumn must differ, both are column ${JSON.stringify(names[lrIdx])}`);
  if (smIdx === lrIdx || smIdx === lossIdx) smIdx = -1;

  if (data.length < 2) {
    throw new RangeError(`curve CSV has ${data.length} data row${data.length === 1 ? '' : 's'}; expected at least 2`);
  }
  const lrs: number[] = [];
  const losses: number[] = [];
  const smoothed: number[] = [];
  const cellValue = (row: InfoRecord, idx: number, isLr: boolean): number => {
    const cell = row.record[idx] ?? '';
    const where = `line ${row.info.lines}, column ${JSON.stringify(names[idx])}`;
    if (cell.trim() === '') throw new RangeError(`curve CSV ${where}: missing value; expected a number`);
    const v = parseNumber(cell, !isLr);
    if (v === undefined) {
      throw new RangeError(`curve CSV ${where}: ${JSON.stringify(cell)} is not ${isLr ? 'a finite number' : 'a number'}`);
    }
    if (isLr && v <= 0) throw new RangeError(`curve CSV ${where}: learning rate must be > 0, got ${cell}`);
    return v;
  };
  const lines: number[] = [];
  for (const row of data) {
    lines.push(row.info.lines);
    lrs.push(cellValue(row, lrIdx, true));
    losses.push(cellValue(row, lossIdx, false));
    if (smIdx >= 0) smoothed.push(cellValue(row, smIdx, false));
  }
  const out: ParsedCurve = { lrs, losses, columns: { lr: names[lrIdx], loss: names[lossIdx] }, lines };
  if (smIdx >= 0) {
    out.smoothed = smoothed;
    out.columns.smoothed = names[smIdx];
  }
  return out;
}
