// A curve log read from a path (Node only, exported from 'lrkit/node'): a TensorBoard log directory
// or event file, a CSV file streamed (csv-file.ts), or a JSON file; the same readers, checks and
// notes as parseCurveLog (io/logs.ts), which reads a log from bytes in any JavaScript runtime.
import { readFileSync, statSync } from 'node:fs';
import { finishLog } from '../io/log-source.js';
import { checkFlagsFor, csvColumn, csvRawLog, curveLogKind, parseCurveLog, tensorBoardRawLog, type CurveLog, type CurveLogOptions } from '../io/logs.js';
import { readCurveCsvFile } from './csv-file.js';
import { readTensorBoardLog } from './tensorboard-files.js';

/**
 * Reads the curve log at `file`: a TensorBoard log directory (event files merged, see
 * {@link readTensorBoardLog}), a CSV file (streamed, see {@link readCurveCsvFile}), or anything
 * {@link parseCurveLog} reads; `onProgress` hears of each 64 KiB chunk (CSV) or event file read. Throws what those throw (a RangeError naming the option where one
 * applies), or the file system's error when the path cannot be read.
 *
 * @example
 * const { curve, notes, warnings } = readCurveLogFile('lightning_logs/version_0', { lrTag: 'lr-SGD' });
 * recommend(curve);
 */
export function readCurveLogFile(file: string, o: CurveLogOptions = {}, onProgress?: (bytesRead: number, totalBytes: number) => void): CurveLog {
  if (statSync(file).isDirectory()) {
    checkFlagsFor('tensorboard', o, 'readCurveLogFile');
    const log = readTensorBoardLog(file, onProgress);
    const raw = tensorBoardRawLog(log.scalars, o, log.files.length);
    raw.warnings.push(...log.warnings);
    return finishLog(raw, o.source, 'readCurveLogFile');
  }
  if (curveLogKind(file) === 'csv') {
    checkFlagsFor('csv', o, 'readCurveLogFile');
    const c = readCurveCsvFile(file, {
      ...(o.lrColumn !== undefined ? { lrColumn: csvColumn(o.lrColumn) } : {}),
      ...(o.lossColumn !== undefined ? { lossColumn: csvColumn(o.lossColumn) } : {}),
    }, onProgress);
    return finishLog(csvRawLog(c), o.source, 'readCurveLogFile');
  }
  return parseCurveLog(file, readFileSync(file), o);
}
