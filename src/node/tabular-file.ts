// Tabular data files in Node (exported from 'lrkit/node'): CSV streamed through csv-parse's Node build (the browser build that
// tabular-parse.ts uses copies the whole text into a JS byte array first), JSON parsed whole.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse';
import { parseTabularJson, tabularFromRecords, type TabularOptions } from '../data/tabular-parse.js';
import type { ClassificationData } from '../data/types.js';

type Row = Record<string, string>;

/** The rows of a CSV file with a header, streamed. Throws a TypeError naming the file on a parse error. */
async function readCsvRows(path: string, name: string): Promise<Row[]> {
  const rows: Row[] = [];
  const parser = createReadStream(path).pipe(parse({ columns: true, skip_empty_lines: true, trim: true, comment: '#', bom: true }));
  try {
    for await (const row of parser) rows.push(row as Row);
  } catch (e) {
    throw new TypeError(`${name}: cannot parse CSV: ${(e as Error).message}`);
  }
  return rows;
}

/**
 * Load a CSV (`.csv`) or JSON (`.json`) file of features plus a label column.
 *
 * @example
 * const data = await loadTabular('iris.csv', { label: 'species', standardize: true });
 */
export async function loadTabular(path: string, opts: TabularOptions = {}): Promise<ClassificationData> {
  const ext = extname(path).toLowerCase();
  if (ext !== '.csv' && ext !== '.json') {
    throw new RangeError(`data file ${JSON.stringify(path)} must end in .csv or .json`);
  }
  const o = { ...opts, name: opts.name ?? path };
  if (ext === '.csv') return tabularFromRecords(await readCsvRows(path, o.name), o);
  return parseTabularJson(await readFile(path, 'utf8'), o);
}
