// CSV records -> a curve, one record at a time, shared by the browser parser (csv.ts) and the Node
// stream (csv-node.ts). Sparse rows (Lightning's CSVLogger: `lr-SGD` and `train_loss` on separate
// rows of one `step`; W&B exports) are merged by step, or by order without a step column.
import { isLrName, LOSS_NAMES, LR_NAMES, normName, parseCell, SMOOTHED_NAMES, STEP_NAMES } from './cells.js';
import type { CurveData } from './curve.js';

/** Something a reader did to the file's data that the user should know: skipped rows, a cut file. */
export interface LogWarning {
  code: string;
  message: string;
}

/** Which columns hold what (names or 0-based indices), and how numbers are written. */
export interface CurveTableOptions {
  lrColumn?: string | number;
  lossColumn?: string | number;
  smoothedColumn?: string | number | false;
  /** Cells like `0,5` are numbers (a `;` or tab delimited file). */
  decimalComma?: boolean;
}

/**
 * A curve parsed from CSV, with the column names that were used.
 *
 * @example
 * const { lrs, losses, columns } = parseCurveCsv('lr,loss\n1e-4,2.3\n1e-3,1.9\n');
 * columns.lr; // 'lr'
 */
export interface ParsedCurve extends CurveData {
  columns: { lr: string; loss: string; smoothed?: string; step?: string; epoch?: string };
  /** The file's line number (1-based) of each point, for messages that name a row. */
  lines: number[];
  /** Each point's epoch, when the file has an `epoch` column (Keras' running mean restarts there). */
  epochs?: number[];
  /** Rows merged or left out while reading, in words. */
  warnings: LogWarning[];
  /** How the rows were read (e.g. merged by step), in words. */
  notes: string[];
}

const LR = 1;
const LOSS = 2;
const SM = 4;
const BAD = 8; // reported already (a non-finite rate): left out of everything else
const listLines = (lines: number[]) => (lines.length > 8 ? `${lines.slice(0, 8).join(', ')}, ...` : lines.join(', '));

/** Collects records; {@link CurveTable.finish} resolves sparse rows into a curve. */
export class CurveTable {
  private names: string[] = [];
  private hasHeader = false;
  private started = false;
  private idx = { lr: -1, loss: -1, sm: -1, step: -1, epoch: -1 };
  private readonly badLr: number[] = [];
  private readonly rows = { lr: [] as number[], loss: [] as number[], sm: [] as number[], step: [] as number[], epoch: [] as number[], has: [] as number[], line: [] as number[] };

  constructor(private readonly o: CurveTableOptions = {}) {}

  /** One parsed record and its 1-based line number. Throws a RangeError naming the line for a bad cell. */
  add(record: string[], line: number): void {
    if (!this.started) {
      this.started = true;
      this.hasHeader = record.some((c) => c.trim() !== '' && parseCell(c, this.o.decimalComma) === undefined);
      this.names = this.hasHeader ? record.map((c) => c.trim()) : record.map((_, i) => `column ${i + 1}`);
      this.resolveColumns(record.length);
      if (this.hasHeader) return;
    }
    const r = this.rows;
    this.has = 0;
    r.lr.push(this.cell(record, this.idx.lr, LR, line));
    r.loss.push(this.cell(record, this.idx.loss, LOSS, line));
    // Columns the file lacks are not stored (reads of them give undefined, never output).
    if (this.idx.sm >= 0) r.sm.push(this.cell(record, this.idx.sm, SM, line));
    if (this.idx.step >= 0) r.step.push(this.cell(record, this.idx.step, 0, line));
    if (this.idx.epoch >= 0) r.epoch.push(this.cell(record, this.idx.epoch, 0, line));
    r.has.push(this.has & BAD ? BAD : this.has);
    r.line.push(line);
  }

  /** The learning-rate column's index once the first record is read (-1 before). */
  get lrIndex(): number {
    return this.started ? this.idx.lr : -1;
  }

  /**
   * Records after the first, already read as numbers (CsvFeeder's fast path): `rows` records of
   * `values.length / rows` cells each, every cell a finite number and every rate > 0 (the caller
   * has checked), numbered from `line`; the same rows as {@link add} of their text.
   */
  addNumbers(values: readonly number[], rows: number, line: number): void {
    const r = this.rows;
    const x = this.idx;
    const width = values.length / rows;
    const has = x.sm < 0 ? LR | LOSS : LR | LOSS | SM;
    for (let k = 0, o = 0; k < rows; k++, o += width) {
      r.lr.push(values[o + x.lr]);
      r.loss.push(values[o + x.loss]);
      if (x.sm >= 0) r.sm.push(values[o + x.sm]);
      if (x.step >= 0) r.step.push(values[o + x.step]);
      if (x.epoch >= 0) r.epoch.push(values[o + x.epoch]);
      r.has.push(has);
      r.line.push(line + k);
    }
  }

  // Per cell, without a closure per row: a 1e6-row file calls this 5e6 times.
  private has = 0;
  private cell(record: string[], i: number, bit: number, line: number): number {
    if (i < 0) return NaN;
    const text = record[i] ?? '';
    if (text === '') return NaN;
    const v = parseCell(text, this.o.decimalComma);
    if (v === undefined) throw new RangeError(`curve CSV line ${line}, column ${JSON.stringify(this.names[i])}: ${JSON.stringify(text)} is not a number`);
    if (bit === LR) {
      if (v <= 0) throw new RangeError(`curve CSV line ${line}, column ${JSON.stringify(this.names[i])}: learning rate must be > 0, got ${text}`);
      if (!Number.isFinite(v)) {
        this.badLr.push(line); // the row is skipped: a curve's rates are finite
        this.has |= BAD;
        return NaN;
      }
    }
    this.has |= bit;
    return v;
  }

  private resolveColumns(ncols: number): void {
    const { o, names, hasHeader } = this;
    const normed = names.map(normName);
    const resolve = (opt: string | number, optName: string): number => {
      if (typeof opt === 'number') {
        if (opt >= ncols) throw new RangeError(`${optName} ${opt} is out of range: the CSV has ${ncols} columns (0-based indices 0..${ncols - 1})`);
        return opt;
      }
      if (!hasHeader) throw new RangeError(`${optName} "${opt}" is a name but the CSV has no header row; pass a 0-based column index`);
      const i = names.findIndex((n, j) => n === opt || normed[j] === normName(opt));
      if (i < 0) throw new RangeError(`${optName} "${opt}" not found; the CSV header has columns ${JSON.stringify(names)}`);
      return i;
    };
    const byNames = (candidates: string[], exclude: number[]): number => {
      for (const c of candidates) {
        const i = normed.findIndex((n, j) => n === c && !exclude.includes(j));
        if (i >= 0) return i;
      }
      return -1;
    };
    const idx = this.idx;
    if (!hasHeader && (o.lrColumn === undefined || o.lossColumn === undefined)) {
      if (ncols !== 2) {
        throw new RangeError(`curve CSV has no header row and ${ncols} columns; add a header (lr,loss) or pass lrColumn and lossColumn as 0-based indices`);
      }
      idx.lr = o.lrColumn === undefined ? (o.lossColumn === 0 ? 1 : 0) : resolve(o.lrColumn, 'lrColumn');
      idx.loss = o.lossColumn === undefined ? 1 - idx.lr : resolve(o.lossColumn, 'lossColumn');
    } else {
      if (o.lrColumn !== undefined) idx.lr = resolve(o.lrColumn, 'lrColumn');
      else {
        idx.lr = byNames(LR_NAMES, []);
        if (idx.lr < 0) {
          // Lightning's `lr-Adam`, `lr-SGD/pg1`; W&B's `train/lr`: the same rule as TensorBoard tags.
          const found = names.map((n, i) => (isLrName(n) ? i : -1)).filter((i) => i >= 0);
          if (found.length > 1) throw new RangeError(`several learning-rate columns: ${found.map((i) => JSON.stringify(names[i])).join(', ')}; pass lrColumn`);
          idx.lr = found.length ? found[0] : -1;
        }
        if (idx.lr < 0) throw new RangeError(`no learning-rate column found in CSV header ${JSON.stringify(names)}; expected one named lr or learning_rate, or pass lrColumn`);
      }
      if (o.smoothedColumn !== undefined && o.smoothedColumn !== false) idx.sm = resolve(o.smoothedColumn, 'smoothedColumn');
      else if (o.smoothedColumn === undefined && hasHeader) idx.sm = byNames(SMOOTHED_NAMES, [idx.lr]);
      if (o.lossColumn !== undefined) idx.loss = resolve(o.lossColumn, 'lossColumn');
      else {
        idx.loss = byNames(LOSS_NAMES, [idx.lr, idx.sm]);
        if (idx.loss < 0) {
          // W&B: 'train/loss', '<run> - train/loss' (not a validation or test loss)
          const hits = normed.map((n, i) => (![idx.lr, idx.sm].includes(i) && /(^|_)(train|training|batch)_loss$/.test(n) ? i : -1)).filter((i) => i >= 0);
          idx.loss = hits.length === 1 ? hits[0] : -1;
        }
        if (idx.loss < 0 && idx.sm >= 0) {
          // fastai's recorder keeps only the smoothed loss: it is the curve (logs.ts says how it is read).
          idx.loss = idx.sm;
          idx.sm = -1;
        }
        if (idx.loss < 0) throw new RangeError(`no loss column found in CSV header ${JSON.stringify(names)}; expected one named loss or smoothed_loss, or pass lossColumn`);
      }
      if (hasHeader) {
        idx.step = byNames(STEP_NAMES, [idx.lr, idx.loss, idx.sm]);
        if (idx.step < 0) idx.step = normed.findIndex((n) => n === '_step' || n.endsWith('_step') && n !== 'train_loss_step' && n !== 'loss_step');
        idx.epoch = normed.indexOf('epoch');
      }
    }
    if (idx.lr === idx.loss) throw new RangeError(`lrColumn and lossColumn must differ, both are column ${JSON.stringify(names[idx.lr])}`);
    if (idx.sm === idx.lr || idx.sm === idx.loss) idx.sm = -1;
  }

  /** The curve: dense rows as they are; sparse rows merged by step, or by order. */
  finish(): ParsedCurve {
    if (!this.started) throw new RangeError('curve CSV is empty; expected a header and at least 2 rows of lr,loss');
    const r = this.rows;
    const n = r.has.length;
    const { idx, names } = this;
    const columns: ParsedCurve['columns'] = { lr: names[idx.lr], loss: names[idx.loss] };
    if (idx.sm >= 0) columns.smoothed = names[idx.sm];
    if (idx.step >= 0) columns.step = names[idx.step];
    if (idx.epoch >= 0) columns.epoch = names[idx.epoch];
    const warnings: LogWarning[] = [];
    const notes: string[] = [];
    let order: number[] = [];
    let bothFrom: Map<number, { lr: number; loss: number; sm: number }> | undefined;
    let full = 0;
    let usable = 0;
    for (let i = 0; i < n; i++) {
      if ((r.has[i] & (LR | LOSS)) === (LR | LOSS)) full++;
      if (r.has[i] !== BAD) usable++;
    }
    if (full === n && n >= 2) {
      // read below, without an order
    } else if (full === usable) {
      for (let i = 0; i < n; i++) if (r.has[i] !== BAD) order.push(i);
    } else if (idx.step >= 0) {
      // Group by step: lr from the rows that have it, loss from the rows that have it.
      const groups = new Map<number, { lr: number; loss: number; sm: number; line: number; has: number; row: number }>();
      for (let i = 0; i < n; i++) {
        if (r.has[i] === 0 || r.has[i] === BAD || Number.isNaN(r.step[i])) continue;
        let g = groups.get(r.step[i]);
        if (!g) groups.set(r.step[i], (g = { lr: NaN, loss: NaN, sm: NaN, line: r.line[i], has: 0, row: i }));
        if (r.has[i] & LR) g.lr = r.lr[i];
        if (r.has[i] & LOSS) { g.loss = r.loss[i]; g.line = r.line[i]; g.row = i; }
        if (r.has[i] & SM) g.sm = r.sm[i];
        g.has |= r.has[i];
      }
      const steps = [...groups.keys()].sort((a, b) => a - b);
      bothFrom = new Map();
      const unpaired: number[] = [];
      for (const s of steps) {
        const g = groups.get(s)!;
        if ((g.has & (LR | LOSS)) !== (LR | LOSS)) {
          unpaired.push(g.line);
          continue;
        }
        order.push(g.row);
        bothFrom.set(g.row, g);
      }
      notes.push(`rows merged by ${JSON.stringify(columns.step)}: ${order.length} steps have both ${JSON.stringify(columns.lr)} and ${JSON.stringify(columns.loss)} (from ${n} rows)`);
      if (unpaired.length) {
        warnings.push({ code: 'unpaired-steps', message: `${unpaired.length} step(s) have only one of ${JSON.stringify(columns.lr)} / ${JSON.stringify(columns.loss)} and were left out (lines ${listLines(unpaired)})` });
      }
    } else if (full === 0) {
      // No step column and never both on a row: the k-th lr goes with the k-th loss.
      const lrRows: number[] = [];
      const lossRows: number[] = [];
      for (let i = 0; i < n; i++) {
        if (r.has[i] & LR) lrRows.push(i);
        if (r.has[i] & LOSS) lossRows.push(i);
      }
      const m = Math.min(lrRows.length, lossRows.length);
      bothFrom = new Map();
      for (let k = 0; k < m; k++) {
        order.push(lossRows[k]);
        bothFrom.set(lossRows[k], { lr: r.lr[lrRows[k]], loss: r.loss[lossRows[k]], sm: r.sm[lossRows[k]] });
      }
      notes.push(`no row has both ${JSON.stringify(columns.lr)} and ${JSON.stringify(columns.loss)} and there is no step column: the k-th learning rate is paired with the k-th loss`);
      if (lrRows.length !== lossRows.length) {
        warnings.push({ code: 'unpaired-rows', message: `${lrRows.length} learning-rate rows but ${lossRows.length} loss rows: the last ${Math.abs(lrRows.length - lossRows.length)} were left out` });
      }
    } else {
      // A dense file with a few empty cells: those rows are skipped, the rest stay in place.
      const skipped: number[] = [];
      for (let i = 0; i < n; i++) {
        if ((r.has[i] & (LR | LOSS)) === (LR | LOSS)) order.push(i);
        else if (r.has[i] !== 0 && r.has[i] !== BAD) skipped.push(r.line[i]);
      }
      if (skipped.length) warnings.push({ code: 'missing-values', message: `${skipped.length} row(s) with an empty ${JSON.stringify(columns.lr)} or ${JSON.stringify(columns.loss)} cell were skipped (lines ${listLines(skipped)})` });
    }
    if (this.badLr.length) {
      warnings.push({ code: 'bad-lr', message: `${this.badLr.length} row(s) with a non-finite learning rate were skipped (lines ${listLines(this.badLr)})` });
    }
    if (full === n && n >= 2) {
      // Every row full (the usual file): the columns as read, no copies.
      const out: ParsedCurve = { lrs: r.lr, losses: r.loss, columns, lines: r.line, warnings, notes };
      if (idx.sm >= 0) out.smoothed = r.sm;
      if (idx.epoch >= 0) out.epochs = r.epoch;
      return out;
    }
    if (order.length < 2) throw new RangeError(`curve CSV has ${order.length} data row${order.length === 1 ? '' : 's'} with both a learning rate and a loss; expected at least 2`);
    const out: ParsedCurve = { lrs: [], losses: [], columns, lines: [], warnings, notes };
    const sm: number[] = [];
    const epochs: number[] = [];
    for (const i of order) {
      const g = bothFrom?.get(i);
      out.lrs.push(g ? g.lr : r.lr[i]);
      out.losses.push(g ? g.loss : r.loss[i]);
      sm.push(g ? g.sm : r.sm[i]);
      epochs.push(r.epoch[i]);
      out.lines.push(r.line[i]);
    }
    if (idx.sm >= 0) out.smoothed = sm;
    if (idx.epoch >= 0) out.epochs = epochs;
    return out;
  }
}
