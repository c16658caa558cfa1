// What `lrkit analyze` reads: a CSV/TSV log, a JSON curve (lrkit's, pytorch-lr-finder's history,
// Lightning's lr_finder.results, or any object of arrays with --lr-column/--loss-column), or a
// TensorBoard event file / log directory. Every problem is a UsageError naming the file and flag.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { curveFromScalars, parseCurveCsv, parseCurveJson } from '../io/index.js';
import { isEventFileName, readTensorBoardLog } from '../io/tensorboard-files.js';
import { UsageError } from './errors.js';

/** The column / tag flags of `analyze`. */
export interface CurveFileOptions {
  lrColumn?: string;
  lossColumn?: string;
  lrTag?: string;
  lossTag?: string;
}

/** A curve read from a file, with where its points came from (for messages). */
export interface CurveFile {
  curve: { lrs: number[]; losses: number[]; smoothed?: number[] };
  /** e.g. `columns lr=lr, loss=loss` or `tags lr=lr-SGD, loss=train_loss (3 event files)`. */
  source: string;
  /** The learning-rate column, key or tag, quoted. */
  lrName: string;
  /** Names point i: `line 7`, `lrs[3]`, `step 120`. */
  pointName: (i: number) => string;
}

/** A CSV column flag: a 0-based index when it is all digits, else a name. */
const column = (v: string | undefined) => (v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : v);

const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' || x === null);

function jsonCurve(text: string, o: CurveFileOptions): CurveFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { curve: parseCurveJson(text), source: '', lrName: '"lrs"', pointName: (i) => `lrs[${i}]` }; // its message says what is wrong
  }
  const obj = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const keys = Object.keys(obj).map((k) => JSON.stringify(k)).join(', ') || 'none';
  const asNumbers = (v: unknown[]) => v.map((x) => (x === null ? NaN : (x as number)));
  if (o.lrColumn !== undefined || o.lossColumn !== undefined) {
    const lrKey = o.lrColumn ?? 'lr';
    const lossKey = o.lossColumn ?? 'loss';
    for (const [flag, key] of [['--lr-column', lrKey], ['--loss-column', lossKey]] as const) {
      if (!numbers(obj[key])) throw new RangeError(`${flag} ${JSON.stringify(key)} is not an array of numbers in this JSON; its keys: ${keys}`);
    }
    return { curve: { lrs: asNumbers(obj[lrKey] as unknown[]), losses: asNumbers(obj[lossKey] as unknown[]) }, source: `keys lr=${lrKey}, loss=${lossKey}`, lrName: JSON.stringify(lrKey), pointName: (i) => `${lrKey}[${i}]` };
  }
  // pytorch-lr-finder's json.dump(lr_finder.history) and Lightning's lr_finder.results: { lr, loss }
  if (!('lrs' in obj) && numbers(obj.lr) && numbers(obj.loss)) {
    const source = 'keys lr, loss (pytorch-lr-finder history / Lightning lr_finder.results)';
    return { curve: { lrs: asNumbers(obj.lr as unknown[]), losses: asNumbers(obj.loss as unknown[]) }, source, lrName: '"lr"', pointName: (i) => `lr[${i}]` };
  }
  return { curve: parseCurveJson(text), source: '', lrName: '"lrs"', pointName: (i) => `lrs[${i}]` };
}

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
  const isDir = statSync(file).isDirectory();
  const ext = extname(file).toLowerCase();
  try {
    if (isDir || isEventFileName(file)) {
      if (o.lrColumn !== undefined || o.lossColumn !== undefined) throw new RangeError('a TensorBoard log has tags, not columns: use --lr-tag / --loss-tag');
      const log = readTensorBoardLog(file);
      const { curve, tags } = curveFromScalars(log.scalars, { lrTag: o.lrTag, lossTag: o.lossTag });
      const steps = log.scalars.get(tags.lr)!.map((p) => p.step).filter((s) => log.scalars.get(tags.loss)!.some((q) => q.step === s));
      return { curve, source: `tags lr=${tags.lr}, loss=${tags.loss} (${log.files.length} event file${log.files.length === 1 ? '' : 's'})`, lrName: JSON.stringify(tags.lr), pointName: (i) => `step ${steps[i]}` };
    }
    if (o.lrTag !== undefined || o.lossTag !== undefined) throw new RangeError('--lr-tag / --loss-tag are for TensorBoard logs; a CSV or JSON file takes --lr-column / --loss-column');
    if (ext !== '.csv' && ext !== '.json' && ext !== '.tsv') throw new RangeError('expected a .csv, .tsv or .json curve, a TensorBoard event file (events.out.tfevents.*) or a log directory');
    const text = readFileSync(file, 'utf8');
    if (ext === '.json') return jsonCurve(text, o);
    const c = parseCurveCsv(text, {
      ...(o.lrColumn !== undefined ? { lrColumn: column(o.lrColumn) } : {}),
      ...(o.lossColumn !== undefined ? { lossColumn: column(o.lossColumn) } : {}),
    });
    return {
      curve: c,
      source: `columns lr=${c.columns.lr}, loss=${c.columns.loss}${c.columns.smoothed ? `, smoothed=${c.columns.smoothed}` : ''}`,
      lrName: JSON.stringify(c.columns.lr),
      pointName: (i) => `line ${c.lines[i]}`,
    };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    // The readers name their options; the user typed flags.
    const flags: Record<string, string> = { lrColumn: '--lr-column', lossColumn: '--loss-column', lrTag: '--lr-tag', lossTag: '--loss-tag' };
    throw bad((e as Error).message.replace(/\b(lrColumn|lossColumn|lrTag|lossTag)\b/g, (k) => flags[k]));
  }
}
