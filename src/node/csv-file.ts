// Curve CSV files in Node, read 64 KiB at a time, so a multi-GB log is never held as one string nor
// as a table of records. Synchronous on purpose: readCurveFile() and parseCurveLog() return a
// curve, not a promise. CsvFeeder (csv-feed.ts) hands the text to csv-parse's Node build where it
// needs a CSV parser and splits plain lines itself.
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { csvSetup, type ParseCurveCsvOptions } from '../io/csv.js';
import { CsvFeeder } from './csv-feed.js';
import type { ParsedCurve } from '../io/csv-table.js';
import { detectEncoding, encodingNote, SNIFF_BYTES } from '../io/text.js';

/** Bytes read at a time: the text of a chunk stays under V8's large-object size (no fresh mmap, no page faults, per chunk). */
export const CSV_CHUNK_BYTES = 1 << 16;
const CHUNK = CSV_CHUNK_BYTES;

/**
 * Reads a curve CSV file streamed, in any encoding {@link detectEncoding} finds; the same columns,
 * merging and errors as {@link parseCurveCsv}, plus a note when the file was not plain UTF-8.
 * `onProgress` is called after each chunk ({@link CSV_CHUNK_BYTES}) read.
 *
 * @example
 * const curve = readCurveCsvFile('lightning_logs/version_0/metrics.csv');
 * curve.columns; // { lr: 'lr-SGD', loss: 'train_loss', step: 'step', epoch: 'epoch' }
 */
export function readCurveCsvFile(file: string, options: ParseCurveCsvOptions = {}, onProgress?: (bytesRead: number, totalBytes: number) => void): ParsedCurve {
  const fd = openSync(file, 'r');
  try {
    const total = onProgress ? fstatSync(fd).size : 0;
    let done = 0;
    const buf = Buffer.allocUnsafe(CHUNK);
    const read = () => readSync(fd, buf, 0, CHUNK, null);
    let n = read();
    const { encoding, bom } = detectEncoding(buf.subarray(0, Math.min(n, SNIFF_BYTES)), 'curve CSV');
    // Decoded chunk by chunk: a character may span two chunks.
    const decoder = new TextDecoder(encoding);
    const head = new TextDecoder(encoding).decode(buf.subarray(bom, Math.min(n, SNIFF_BYTES)));
    const { table, parseOptions } = csvSetup(head, options, 'readCurveCsvFile');
    const feeder = new CsvFeeder(table, parseOptions);
    let first = true;
    let pending = false; // the decoder holds part of a character
    while (n > 0) {
      const bytes = buf.subarray(first ? bom : 0, n);
      // ASCII (a long numeric log) as one-byte text straight from the bytes: V8's fastest strings.
      const ascii = encoding === 'utf-8' && !pending && isAscii(bytes);
      feeder.push(ascii ? bytes.toString('latin1') : decoder.decode(bytes, { stream: true }));
      if (!ascii && encoding === 'utf-8') pending = bytes[bytes.length - 1] >= 0x80;
      first = false;
      done += n;
      onProgress?.(done, total);
      n = read();
    }
    feeder.push(decoder.decode(), true);
    const out = table.finish();
    const note = encodingNote(encoding, bom);
    if (note) out.notes.unshift(note);
    return out;
  } finally {
    closeSync(fd);
  }
}
