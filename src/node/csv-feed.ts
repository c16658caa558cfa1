// CSV text -> CurveTable, chunk by chunk. csv-parse reads anything that needs a CSV parser (quotes,
// comments, CR line ends, tabs, non-ASCII text); a chunk of plain ASCII lines with one delimiter and
// no quote, '#' or CR has no CSV syntax left but the delimiter, and is split line by line: 1e6 rows
// in ~0.4 s where csv-parse took ~1.3 s and made a record array per row for the GC (bench:scale).
// The two paths give the same records, line numbers and errors (test/io.csv-feed.test.ts). Node
// only: csv-parse's Node build (the page reads CSV with the browser build, io/csv.ts).
import { Parser } from 'csv-parse';
import type { CurveTable } from '../io/csv-table.js';

type Push = (record: string[]) => void;
interface ParserApi { parse(buf: Buffer | undefined, end: boolean, push: Push, close: () => void): Error | undefined; info: { lines: number } }

/** csv-parse's options (from csvSetup), less `info`. */
export type FeedParseOptions = Record<string, unknown> & { delimiter: readonly string[] };

// Printable ASCII less '"' and '#', and LF: text where splitting on LF and the delimiter is CSV.
const PLAIN = /^[\x20\x21\x24-\x7e\n]*$/;

/**
 * Feeds text to a {@link CurveTable} as it arrives. Records must have as many fields as the first
 * (csv-parse's message, with the file's line number). Once a quote appears, csv-parse reads the
 * rest of the file as one stream (a quoted field may span lines and chunks).
 */
export class CsvFeeder {
  private carry = '';
  private line = 0; // lines of the file already handed on
  private expect = -1;
  private shape?: RegExp; // a line of `expect` fields
  private stream?: { api: ParserApi; base: number };
  private readonly delim?: string;
  private readonly options: Record<string, unknown>;

  /** `fast: false` sends every chunk through csv-parse (the reference the tests compare with). */
  constructor(private readonly table: CurveTable, options: FeedParseOptions, fast = true) {
    // Field counts are checked here, once for both paths; csv-parse's own check would count from
    // the first record of each chunk.
    this.options = { ...options, info: false, relax_column_count: true };
    const d = options.delimiter;
    if (fast && d.length === 1 && d[0].length === 1 && PLAIN.test(d[0]) && d[0] !== ' ') this.delim = d[0];
  }

  /** The next piece of text (any length); `end` after the last. */
  push(text: string, end = false): void {
    if (this.stream) return this.feedStream(text, end);
    const all = this.carry + text;
    if (all.includes('"')) {
      // A quoted field may span lines: csv-parse reads everything from here on.
      this.carry = '';
      this.stream = { api: (new Parser(this.options) as unknown as { api: ParserApi }).api, base: this.line };
      return this.feedStream(all, end);
    }
    const cut = end ? all.length : all.lastIndexOf('\n') + 1;
    this.carry = all.slice(cut);
    if (cut > 0) this.lines(all.slice(0, cut));
  }

  /** Complete lines (the last may lack its LF at the end of the file), no quote among them. */
  private lines(text: string): void {
    if (this.numbers(text)) return;
    if (this.delim !== undefined && PLAIN.test(text)) {
      const rows = text.split('\n');
      if (rows[rows.length - 1] === '') rows.pop();
      for (const row of rows) {
        this.line++;
        if (row.trim() === '') continue; // csv-parse's skip_empty_lines with trim: blank lines too
        const record = row.split(this.delim);
        for (let k = 0; k < record.length; k++) record[k] = record[k].trim();
        this.add(record, this.line);
      }
      return;
    }
    const api = (new Parser(this.options) as unknown as { api: ParserApi }).api;
    const base = this.line;
    const push: Push = (record) => this.add(record, base + api.info.lines);
    this.check(api.parse(Buffer.from(text), false, push, () => {}) ?? api.parse(undefined, true, push, () => {}), base);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.line++;
    if (!text.endsWith('\n')) this.line++;
  }

  /**
   * Comma-separated lines of JSON-syntax numbers (the usual long log, after its header) parsed by
   * one JSON.parse of the whole chunk, no string per cell; false, having read nothing, for any other
   * text (blank lines, other field counts, a rate <= 0: the string path reads them, in its words).
   * JSON's numbers are a subset of the cells parseCell reads, to the same doubles.
   */
  private numbers(text: string): boolean {
    const lr = this.table.lrIndex;
    if (this.delim !== ',' || lr < 0 || !text.endsWith('\n') || !PLAIN.test(text)) return false;
    this.shape ??= new RegExp(`^(?:[^,\\n]+${',[^,\\n]+'.repeat(this.expect - 1)}\\n)*$`);
    if (!this.shape.test(text)) return false; // exactly `expect` non-empty fields on every line
    let values: unknown[];
    try {
      values = JSON.parse(`[${text.slice(0, -1).replace(/\n/g, ',')}]`) as unknown[];
    } catch {
      return false;
    }
    const rows = values.length / this.expect;
    // One value per field (`[1,2]` is one value) and every one a number.
    if (rows !== (text.length - text.replace(/\n/g, '').length)) return false;
    for (let k = 0; k < values.length; k++) if (typeof values[k] !== 'number') return false;
    for (let k = lr; k < values.length; k += this.expect) if (!((values[k] as number) > 0)) return false;
    this.table.addNumbers(values as number[], rows, this.line + 1);
    this.line += rows;
    return true;
  }

  private feedStream(text: string, end: boolean): void {
    const { api, base } = this.stream!;
    const push: Push = (record) => this.add(record, base + api.info.lines);
    if (text) this.check(api.parse(Buffer.from(text), false, push, () => {}), base);
    if (end) this.check(api.parse(undefined, true, push, () => {}), base);
  }

  private add(record: string[], line: number): void {
    if (this.expect < 0) this.expect = record.length;
    else if (record.length !== this.expect) {
      throw new RangeError(`invalid curve CSV: Invalid Record Length: expect ${this.expect}, got ${record.length} on line ${line}`);
    }
    this.table.add(record, line);
  }

  /** csv-parse's error with the file's line number (its count starts at the chunk). */
  private check(err: Error | undefined, base: number): void {
    if (!err) return;
    throw new RangeError(`invalid curve CSV: ${base ? err.message.replace(/line (\d+)/, (_, n) => `line ${Number(n) + base}`) : err.message}`);
  }
}
