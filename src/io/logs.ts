// One reader for the curve logs other tools write, shared by `lrkit analyze` and the web page:
// CSV/TSV (column names detected, or given by name or 0-based index), JSON (lrkit's curve file,
// pytorch-lr-finder's history and Lightning's results `{ lr, loss }`, or any object of arrays with
// the key flags) and TensorBoard event files. Pure: bytes in, curve out (no file system). The
// losses handed on are raw: a tool's smoothing is inverted (log-source.ts), never smoothed twice.
import { object, oneOf, optional } from '../check/index.js';
import { parseCurveCsv } from './csv.js';
import type { LogWarning, ParsedCurve } from './csv-table.js';
import { jsonRawLog } from './json-log.js';
import { finishLog, LOG_SOURCES, type CurveLog, type LogSource, type RawLog } from './log-source.js';
import { curveFromScalars, parseTensorBoardEvents, type ScalarPoint, type TensorBoardCut } from './tensorboard.js';
import { decodeText } from './text.js';

export type { CurveLog, LogSource } from './log-source.js';

/**
 * Which columns, keys or tags hold the learning rate and the loss (detected when absent), and which
 * tool wrote the log (`auto`: what the file tells; see {@link LogSource}).
 *
 * @example
 * const o: CurveLogOptions = { lrColumn: 'lr-SGD', source: 'lightning' };
 */
export interface CurveLogOptions {
  lrColumn?: string;
  lossColumn?: string;
  lrTag?: string;
  lossTag?: string;
  source?: LogSource;
}

/** The kind of log a file name says it is. @example curveLogKind('metrics.csv') // 'csv' */
export function curveLogKind(name: string): 'tensorboard' | 'json' | 'csv' | undefined {
  const base = name.split(/[\\/]/).pop() ?? name;
  if (/tfevents/i.test(base)) return 'tensorboard';
  if (/\.json$/i.test(base)) return 'json';
  if (/\.(csv|tsv)$/i.test(base)) return 'csv';
  return undefined;
}

/** A CSV column flag: a 0-based index when it is all digits, else a name. */
export const csvColumn = (v: string | undefined) => (v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : v);

/** A parsed CSV as a {@link RawLog}: what the columns tell about the tool that wrote it. */
export function csvRawLog(c: ParsedCurve): RawLog {
  const onlySmoothed = /smooth|ema|avg|average/i.test(c.columns.loss);
  return {
    curve: { lrs: c.lrs, losses: c.losses, ...(c.smoothed ? { smoothed: c.smoothed } : {}) },
    ...(c.epochs ? { epochs: c.epochs } : {}),
    source: `columns lr=${c.columns.lr}, loss=${c.columns.loss}${c.columns.smoothed ? `, smoothed=${c.columns.smoothed}` : ''}`,
    lrName: JSON.stringify(c.columns.lr),
    pointName: (i) => `line ${c.lines[i]}`,
    notes: c.notes,
    warnings: c.warnings,
    guess: onlySmoothed
      ? { tool: 'fastai', why: `the only loss column, ${JSON.stringify(c.columns.loss)}, is a smoothed one, as fastai's recorder keeps`, ambiguous: true }
      : { tool: 'raw', why: 'a CSV log' },
  };
}

/** A warning for an event file that was cut short or corrupt (its whole records were read). */
export function cutWarning(where: string, cut: TensorBoardCut, total: number, records: number): LogWarning | undefined {
  if (!cut.truncated) return undefined;
  const lost = total - cut.readBytes;
  return {
    code: 'truncated-event-file',
    message: `${where}: ${cut.why ?? 'cut short'}: ${records} whole record(s) read (${cut.readBytes} bytes); the last ${lost} of ${total} bytes (${((100 * lost) / total).toPrecision(2)}%) were not`,
  };
}

/** TensorBoard scalars as a {@link RawLog}. */
export function tensorBoardRawLog(scalars: Map<string, ScalarPoint[]>, o: CurveLogOptions, files?: number): RawLog {
  const { curve, tags, steps } = curveFromScalars(scalars, { lrTag: o.lrTag, lossTag: o.lossTag });
  const inFiles = files === undefined ? '' : ` (${files} event file${files === 1 ? '' : 's'})`;
  return {
    curve, source: `tags lr=${tags.lr}, loss=${tags.loss}${inFiles}`, lrName: JSON.stringify(tags.lr), pointName: (i) => `step ${steps[i]}`,
    notes: [], warnings: [], guess: { tool: 'raw', why: 'TensorBoard scalars' },
  };
}

/** The flags of one kind of log used on another are refused, naming the right ones. */
export function checkFlagsFor(kind: 'tensorboard' | 'json' | 'csv', o: CurveLogOptions, fn = 'parseCurveLog'): void {
  object(fn, 'options', o);
  optional(o.source, undefined, (v) => oneOf(fn, 'source', v, LOG_SOURCES));
  if (kind === 'tensorboard' && (o.lrColumn !== undefined || o.lossColumn !== undefined)) throw new RangeError('a TensorBoard log has tags, not columns: use lrTag / lossTag');
  if (kind !== 'tensorboard' && (o.lrTag !== undefined || o.lossTag !== undefined)) throw new RangeError('lrTag / lossTag are for TensorBoard logs; a CSV or JSON file takes lrColumn / lossColumn');
}

/**
 * Reads one curve log from its bytes; `name` (the file name) says which kind it is. The curve's
 * losses are raw (a tool's smoothing inverted); `notes` say what was assumed, `warnings` what was
 * skipped, merged or cut. Throws a RangeError saying what is wrong, naming the option (`lrColumn`,
 * `lrTag`, `source`, ...) where one applies.
 *
 * @example
 * const { curve, notes, warnings } = parseCurveLog('lr_finder.json', bytes, { source: 'lightning' });
 * recommend(curve);
 */
export function parseCurveLog(name: string, bytes: Uint8Array, o: CurveLogOptions = {}): CurveLog {
  const kind = curveLogKind(name);
  if (!kind) throw new RangeError('expected a .csv, .tsv or .json curve, or a TensorBoard event file (events.out.tfevents.*)');
  checkFlagsFor(kind, o);
  if (kind === 'tensorboard') {
    if (bytes.length === 0) throw new RangeError(`${name}: the event file is empty (0 bytes): nothing to read`);
    const r = parseTensorBoardEvents(bytes, name);
    if (r.records === 0) throw new RangeError(`${name}: no whole record in ${bytes.length} bytes (${r.why ?? 'cut short'}): nothing readable`);
    const raw = tensorBoardRawLog(r.scalars, o);
    const w = cutWarning(name, r, bytes.length, r.records);
    if (w) raw.warnings.push(w);
    return finishLog(raw, o.source);
  }
  const { text, note } = decodeText(bytes, name);
  const raw = kind === 'json'
    ? jsonRawLog(text, o)
    : csvRawLog(parseCurveCsv(text, {
      ...(o.lrColumn !== undefined ? { lrColumn: csvColumn(o.lrColumn) } : {}),
      ...(o.lossColumn !== undefined ? { lossColumn: csvColumn(o.lossColumn) } : {}),
    }));
  if (note) raw.notes.unshift(note);
  return finishLog(raw, o.source);
}
