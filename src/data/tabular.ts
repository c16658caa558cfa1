import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseTabularCsv, parseTabularJson, type TabularOptions } from './tabular-parse.js';
import type { ClassificationData } from './types.js';

export { parseTabularCsv, parseTabularJson, tabularFromRecords, type TabularOptions } from './tabular-parse.js';

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
  const text = await readFile(path, 'utf8');
  const o = { ...opts, name: opts.name ?? path };
  return ext === '.csv' ? parseTabularCsv(text, o) : parseTabularJson(text, o);
}
