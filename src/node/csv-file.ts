// Curve CSV files in Node: csv-parse's Node build, fed 1 MiB at a time, so a multi-GB log is never
// held as one string nor as a table of records (the browser build copies its input into a JS byte
// array: 1e6 rows took 1.8 GB). Synchronous on purpose: readCurveFile() and parseCurveLog() return
// a curve, not a promise. The chunks go through the same transform that csv-parse's stream
// (`Parser._transform`) calls, `parser.api.parse(buf, end, push, close)` (csv-parse 7.0.3).
import { closeSync, openSync, readSync } from 'node:fs';
import { Parser } from 'csv-parse';
import { csvSetup, type ParseCurveCsvOptions } from '../io/csv.js';
import type { ParsedCurve } from '../io/csv-table.js';
import { detectEncoding, encodingNote, SNIFF_BYTES } from '../io/text.js';

type Push = (record: string[]) => void;
interface ParserApi { parse(buf: Buffer | undefined, end: boolean, push: Push, close: () => void): Error | undefined; info: { lines: number } }

const CHUNK = 1 << 20;

/**
 * Reads a curve CSV file streamed, in any encoding {@link detectEncoding} finds; the same columns,
 * merging and errors as {@link parseCurveCsv}, plus a note when the file was not plain UTF-8.
 *
 * @example
 * const curve = readCurveCsvFile('lightning_logs/version_0/metrics.csv');
 * curve.columns; // { lr: 'lr-SGD', loss: 'train_loss', step: 'step', epoch: 'epoch' }
 */
export function readCurveCsvFile(file: string, options: ParseCurveCsvOptions = {}): ParsedCurve {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    const read = () => readSync(fd, buf, 0, CHUNK, null);
    let n = read();
    const { encoding, bom } = detectEncoding(buf.subarray(0, Math.min(n, SNIFF_BYTES)), 'curve CSV');
    // Non-UTF-8 text is decoded chunk by chunk (a character may span two chunks) and re-encoded.
    const decoder = encoding === 'utf-8' ? undefined : new TextDecoder(encoding);
    const asUtf8 = (bytes: Buffer, end: boolean): Buffer => (decoder ? Buffer.from(decoder.decode(bytes, { stream: !end })) : bytes);
    const head = new TextDecoder(encoding).decode(buf.subarray(bom, Math.min(n, SNIFF_BYTES)));
    const { table, parseOptions } = csvSetup(head, options);
    // info: false and the line read from the parser's own counter when a record is pushed: a
    // snapshot object per record (info: true) tripled the time of a 1e6-row file.
    const parser = (new Parser({ ...parseOptions, info: false }) as unknown as { api: ParserApi }).api;
    const push: Push = (record) => table.add(record, parser.info.lines);
    const feed = (bytes: Buffer | undefined, end: boolean) => {
      const err = parser.parse(bytes, end, push, () => {});
      if (err) throw new RangeError(`invalid curve CSV: ${err.message}`);
    };
    let first = true;
    while (n > 0) {
      // The parser keeps a chunk's unfinished last record until the next call: hand it a copy, not buf.
      const chunk = Buffer.from(buf.subarray(first ? bom : 0, n));
      first = false;
      feed(asUtf8(chunk, false), false);
      n = read();
    }
    if (decoder) feed(asUtf8(Buffer.alloc(0), true), false);
    feed(undefined, true);
    const out = table.finish();
    const note = encodingNote(encoding, bom);
    if (note) out.notes.unshift(note);
    return out;
  } finally {
    closeSync(fd);
  }
}
