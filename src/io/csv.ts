// Curve CSV files: written by lrkit, or exported from PyTorch / Keras / fastai logs.
// The browser build: self-contained (no Node Buffer), so 'lrkit' bundles for a page without aliases.
import { parse } from 'csv-parse/browser/esm/sync';
import { fail, object, string } from '../check/index.js';
import { assertCurve, type CurveLike } from './curve.js';
import { CurveTable, type ParsedCurve } from './csv-table.js';
import { sniffDelimiter } from './text.js';

export type { ParsedCurve, LogWarning } from './csv-table.js';

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
  /** Field delimiter(s); default: the one of `,`, tab, `;` the first line uses. */
  delimiter?: string | string[];
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
  assertCurve(result, 'result', 'curveToCsv');
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
 * Parses a loss-vs-lr curve from CSV text: lrkit's own files and logs from PyTorch, Keras, fastai,
 * Lightning's CSVLogger or W&B (columns such as `lr`, `learning_rate`, `lr-Adam`, `loss`,
 * `train_loss`, `smoothed_loss`). A header row is detected automatically; a file without header must
 * have exactly two columns (lr, loss) unless columns are given as indices. The delimiter is the one
 * the first line uses (`,`, tab or `;`; with `;` or tab, `0,5` is a decimal comma). Sparse rows
 * (lr and loss on separate rows of one step) are merged by the step column, or by order; rows with
 * an empty lr or loss cell in an otherwise full file are skipped (`warnings` says which). Throws a
 * RangeError naming the line and column for a non-numeric value, an lr that is not > 0, or fewer
 * than 2 usable rows. This is the browser build of csv-parse; Node reads files with
 * {@link readCurveCsvFile} (streamed).
 *
 * @example
 * const curve = parseCurveCsv('learning_rate,loss\n1e-5,2.31\n1e-4,2.05\n1e-3,1.62\n');
 * curve.lrs; // [1e-5, 1e-4, 1e-3]
 */
export function parseCurveCsv(text: string, options: ParseCurveCsvOptions = {}): ParsedCurve {
  string('parseCurveCsv', 'text', text, true);
  const { table, parseOptions } = csvSetup(text.slice(0, 65536), options);
  // Without quotes no record spans a newline: parse ~1 MB of whole lines at a time, so the browser
  // build's byte-array copy and its table of records stay small (1e6 rows at once took 1.8 GB).
  const step = text.includes('"') ? Infinity : 1 << 20;
  let line0 = 0;
  for (let from = 0; from < text.length; ) {
    let to = step === Infinity ? text.length : text.indexOf('\n', from + step);
    to = to < 0 ? text.length : to + 1;
    const chunk = text.slice(from, to);
    let rows: InfoRecord[];
    try {
      rows = parse(chunk, parseOptions) as unknown as InfoRecord[];
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new RangeError(`invalid curve CSV: ${line0 ? msg.replace(/line (\d+)/, (_, n) => `line ${Number(n) + line0}`) : msg}`);
    }
    for (const row of rows) table.add(row.record, row.info.lines + line0);
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) line0++;
    from = to;
  }
  return table.finish();
}

/**
 * Checks the options and makes the table and the csv-parse options both builds use; `head` is the
 * start of the text (where the delimiter is sniffed); `fn` is the function the user called.
 */
export function csvSetup(head: string, options: ParseCurveCsvOptions, fn = 'parseCurveCsv') {
  object(fn, 'options', options);
  for (const [name, orFalse] of [['lrColumn', false], ['lossColumn', false], ['smoothedColumn', true]] as const) {
    const v: unknown = options[name];
    const ok = v === undefined || (orFalse && v === false) || (typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isInteger(v) && v >= 0);
    if (!ok) fail(fn, name, `a column name or a 0-based column index${orFalse ? ' or false' : ''}`, v, TypeError);
  }
  const delimiter = options.delimiter ?? sniffDelimiter(head);
  const delims = Array.isArray(delimiter) ? delimiter : [delimiter];
  if (delims.length === 0 || delims.some((d) => typeof d !== 'string' || d.length === 0 || /["\r\n#]/.test(d))) {
    fail(fn, 'delimiter', 'a non-empty string or array of strings (not a quote, newline or #)', delimiter, TypeError);
  }
  const table = new CurveTable({
    lrColumn: options.lrColumn, lossColumn: options.lossColumn, smoothedColumn: options.smoothedColumn,
    decimalComma: !delims.includes(','),
  });
  const parseOptions = { bom: true, comment: '#', skip_empty_lines: true, trim: true, info: true, delimiter: delims } as const;
  return { table, parseOptions };
}
