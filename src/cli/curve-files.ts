// What `lrkit analyze` reads: one log file through the shared reader (io/logs.ts: CSV/TSV, the
// JSON forms, a TensorBoard event file), or a TensorBoard log directory. Every problem is a
// UsageError naming the file and the flag.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { curveFromScalars, parseCurveLog, type CurveLog, type CurveLogOptions } from '../io/index.js';
import { readTensorBoardLog } from '../io/tensorboard-files.js';
import { UsageError } from './errors.js';

/** The column / tag flags of `analyze`. */
export type CurveFileOptions = CurveLogOptions;

/** A curve read from a file, with where its points came from (for messages). */
export type CurveFile = CurveLog;

/**
 * Reads the curve `lrkit analyze` is given; throws a UsageError naming the file (and the flag) on
 * anything it cannot read.
 *
 * @example
 * const { curve, source } = readCurveFile('lightning_logs/version_0', { lrTag: 'lr-SGD' });
 */
export function readCurveFile(file: string, o: CurveFileOptions): CurveFile {
  const bad = (why: string) => new UsageError(`invalid file ${JSON.stringify(file)}: ${why}`);
  if (!existsSync(file)) throw bad('not found');
  try {
    if (statSync(file).isDirectory()) {
      if (o.lrColumn !== undefined || o.lossColumn !== undefined) throw new RangeError('a TensorBoard log has tags, not columns: use lrTag / lossTag');
      const log = readTensorBoardLog(file);
      const { curve, tags } = curveFromScalars(log.scalars, { lrTag: o.lrTag, lossTag: o.lossTag });
      const steps = log.scalars.get(tags.lr)!.map((p) => p.step).filter((s) => log.scalars.get(tags.loss)!.some((q) => q.step === s));
      return { curve, source: `tags lr=${tags.lr}, loss=${tags.loss} (${log.files.length} event file${log.files.length === 1 ? '' : 's'})`, lrName: JSON.stringify(tags.lr), pointName: (i) => `step ${steps[i]}` };
    }
    return parseCurveLog(file, readFileSync(file), o);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    // The readers name their options; the user typed flags.
    const flags: Record<string, string> = { lrColumn: '--lr-column', lossColumn: '--loss-column', lrTag: '--lr-tag', lossTag: '--loss-tag' };
    throw bad((e as Error).message.replace(/\b(lrColumn|lossColumn|lrTag|lossTag)\b/g, (k) => flags[k]));
  }
}
