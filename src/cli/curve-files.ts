// What `lrkit analyze` reads: one log file through the shared readers (io/logs.ts: the JSON forms, a
// TensorBoard event file; CSV streamed through csv-parse's Node build, io/csv-node.ts), or a
// TensorBoard log directory. Every problem is a UsageError naming the file and the flag.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseCurveLog, type CurveLog, type CurveLogOptions } from '../io/index.js';
import { readCurveCsvFile } from '../io/csv-node.js';
import { finishLog } from '../io/log-source.js';
import { checkFlagsFor, csvColumn, csvRawLog, curveLogKind, tensorBoardRawLog } from '../io/logs.js';
import { readTensorBoardLog } from '../io/tensorboard-files.js';
import { UsageError } from './errors.js';

/** The column / tag / source flags of `analyze`. */
export type CurveFileOptions = CurveLogOptions;

/** A curve read from a file, with where its points came from, what was assumed and what was skipped. */
export type CurveFile = CurveLog;

// The readers name their options; the user typed flags.
const FLAGS: Record<string, string> = { lrColumn: '--lr-column', lossColumn: '--loss-column', lrTag: '--lr-tag', lossTag: '--loss-tag', source: '--source' };
const asFlags = (message: string) => message.replace(/(?<![-\w])(lrColumn|lossColumn|lrTag|lossTag|source)\b/g, (k) => FLAGS[k]);

/**
 * Reads the curve `lrkit analyze` is given; throws a UsageError naming the file (and the flag) on
 * anything it cannot read. `curve.losses` are raw; `notes` and `warnings` are for the user.
 *
 * @example
 * const { curve, notes, warnings } = readCurveFile('lightning_logs/version_0', { lrTag: 'lr-SGD' });
 */
export function readCurveFile(file: string, o: CurveFileOptions, onProgress?: (bytesRead: number, totalBytes: number) => void): CurveFile {
  const bad = (why: string) => new UsageError(`invalid file ${JSON.stringify(file)}: ${why}`);
  if (!existsSync(file)) throw bad('not found');
  try {
    if (statSync(file).isDirectory()) {
      checkFlagsFor('tensorboard', o);
      const log = readTensorBoardLog(file, onProgress);
      const raw = tensorBoardRawLog(log.scalars, o, log.files.length);
      raw.warnings.push(...log.warnings);
      return withFlags(finishLog(raw, o.source));
    }
    if (curveLogKind(file) === 'csv') {
      checkFlagsFor('csv', o);
      const c = readCurveCsvFile(file, {
        ...(o.lrColumn !== undefined ? { lrColumn: csvColumn(o.lrColumn) } : {}),
        ...(o.lossColumn !== undefined ? { lossColumn: csvColumn(o.lossColumn) } : {}),
      }, onProgress);
      return withFlags(finishLog(csvRawLog(c), o.source));
    }
    return withFlags(parseCurveLog(file, readFileSync(file), o));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw bad(asFlags((e as Error).message));
  }
}

/** Notes and warnings speak of flags too. */
function withFlags(log: CurveLog): CurveLog {
  return { ...log, notes: log.notes.map(asFlags), warnings: log.warnings.map((w) => ({ ...w, message: asFlags(w.message) })) };
}
