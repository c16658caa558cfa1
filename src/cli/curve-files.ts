// What `lrkit analyze` reads: one log file or a TensorBoard log directory, through lrkit/node's
// readCurveLogFile (the shared readers of io/logs.ts; CSV streamed through csv-parse's Node build).
// Every problem is a UsageError naming the file and the flag.
import { existsSync } from 'node:fs';
import type { CurveLog, CurveLogOptions } from '../index.js';
import { readCurveLogFile } from '../node/index.js';
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
    return withFlags(readCurveLogFile(file, o, onProgress));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw bad(asFlags((e as Error).message));
  }
}

/** Notes and warnings speak of flags too. */
function withFlags(log: CurveLog): CurveLog {
  return { ...log, notes: log.notes.map(asFlags), warnings: log.warnings.map((w) => ({ ...w, message: asFlags(w.message) })) };
}
