// One reader for the curve logs other tools write, shared by `lrkit analyze` and the web page:
// CSV/TSV (column names detected, or given by name or 0-based index), JSON (lrkit's curve file,
// pytorch-lr-finder's history and Lightning's results `{ lr, loss }`, or any object of arrays with
// the key flags) and TensorBoard event files. Pure: bytes in, curve out (no file system).
import { parseCurveCsv } from './csv.js';
import { parseCurveJson } from './json.js';
import { curveFromScalars, parseTensorBoardEvents } from './tensorboard.js';

/** Which columns, keys or tags hold the learning rate and the loss (detected when absent). */
export interface CurveLogOptions {
  lrColumn?: string;
  lossColumn?: string;
  lrTag?: string;
  lossTag?: string;
}

/** A curve read from a log, with where its points came from (for messages). */
export interface CurveLog {
  curve: { lrs: number[]; losses: number[]; smoothed?: number[] };
  /** e.g. `columns lr=lr, loss=loss` or `tags lr=lr-SGD, loss=train_loss`. */
  source: string;
  /** The learning-rate column, key or tag, quoted. */
  lrName: string;
  /** Names point i: `line 7`, `lrs[3]`, `step 120`. */
  pointName: (i: number) => string;
}

/** The kind of log a file name says it is. */
export function curveLogKind(name: string): 'tensorboard' | 'json' | 'csv' | undefined {
  const base = name.split(/[\\/]/).pop() ?? name;
  if (/tfevents/i.test(base)) return 'tensorboard';
  if (/\.json$/i.test(base)) return 'json';
  if (/\.(csv|tsv)$/i.test(base)) return 'csv';
  return undefined;
}

/** A CSV column flag: a 0-based index when it is all digits, else a name. */
const column = (v: string | undefined) => (v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : v);
const numbers = (v: unknown): v is (number | null)[] => Array.isArray(v) && v.every((x) => typeof x === 'number' || x === null);
const asNumbers = (v: (number | null)[]) => v.map((x) => (x === null ? NaN : x));

function jsonLog(text: string, o: CurveLogOptions): CurveLog {
  const lrkit = (): CurveLog => ({ curve: parseCurveJson(text), source: '', lrName: '"lrs"', pointName: (i) => `lrs[${i}]` });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return lrkit(); // its message says what is wrong with the text
  }
  const obj = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const keys = Object.keys(obj).map((k) => JSON.stringify(k)).join(', ') || 'none';
  if (o.lrColumn !== undefined || o.lossColumn !== undefined) {
    const lrKey = o.lrColumn ?? 'lr';
    const lossKey = o.lossColumn ?? 'loss';
    for (const [flag, key] of [['lrColumn', lrKey], ['lossColumn', lossKey]] as const) {
      if (!numbers(obj[key])) throw new RangeError(`${flag} ${JSON.stringify(key)} is not an array of numbers in this JSON; its keys: ${keys}`);
    }
    return {
      curve: { lrs: asNumbers(obj[lrKey] as (number | null)[]), losses: asNumbers(obj[lossKey] as (number | null)[]) },
      source: `keys lr=${lrKey}, loss=${lossKey}`, lrName: JSON.stringify(lrKey), pointName: (i) => `${lrKey}[${i}]`,
    };
  }
  // pytorch-lr-finder's json.dump(lr_finder.history) and Lightning's lr_finder.results: { lr, loss }
  if (!('lrs' in obj) && numbers(obj.lr) && numbers(obj.loss)) {
    return {
      curve: { lrs: asNumbers(obj.lr), losses: asNumbers(obj.loss) },
      source: 'keys lr, loss (pytorch-lr-finder history / Lightning lr_finder.results)', lrName: '"lr"', pointName: (i) => `lr[${i}]`,
    };
  }
  return lrkit();
}

/**
 * Reads one curve log from its bytes; `name` (the file name) says which kind it is. Throws a
 * RangeError saying what is wrong, naming the option (`lrColumn`, `lrTag`, ...) where one applies.
 *
 * @example
 * const { curve, source } = parseCurveLog('lr_finder.csv', bytes);
 * recommend(curve);
 */
export function parseCurveLog(name: string, bytes: Uint8Array, o: CurveLogOptions = {}): CurveLog {
  const kind = curveLogKind(name);
  if (kind === 'tensorboard') {
    if (o.lrColumn !== undefined || o.lossColumn !== undefined) throw new RangeError('a TensorBoard log has tags, not columns: use lrTag / lossTag');
    const { scalars } = parseTensorBoardEvents(bytes, name);
    const { curve, tags } = curveFromScalars(scalars, { lrTag: o.lrTag, lossTag: o.lossTag });
    const steps = scalars.get(tags.lr)!.map((p) => p.step).filter((s) => scalars.get(tags.loss)!.some((q) => q.step === s));
    return { curve, source: `tags lr=${tags.lr}, loss=${tags.loss}`, lrName: JSON.stringify(tags.lr), pointName: (i) => `step ${steps[i]}` };
  }
  if (o.lrTag !== undefined || o.lossTag !== undefined) throw new RangeError('lrTag / lossTag are for TensorBoard logs; a CSV or JSON file takes lrColumn / lossColumn');
  if (!kind) throw new RangeError('expected a .csv, .tsv or .json curve, or a TensorBoard event file (events.out.tfevents.*)');
  const text = new TextDecoder().decode(bytes);
  if (kind === 'json') return jsonLog(text, o);
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
}
