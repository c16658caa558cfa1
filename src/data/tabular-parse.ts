// Tabular data (CSV / JSON records with a label column) without node: the web page reads its
// users' CSV with these (csv-parse's browser build); the CLI streams files through loadTabular
// (tabular.ts, csv-parse's Node build) into tabularFromRecords.
import { parse } from 'csv-parse/browser/esm/sync';
import { z } from 'zod';
import type { ClassificationData } from './types.js';

/**
 * Options of {@link loadTabular} and {@link tabularFromRecords}.
 *
 * @example
 * const opts: TabularOptions = { label: 'species', standardize: true };
 */
export interface TabularOptions {
  /** Name of the label column (default `label`). */
  label?: string;
  /** Feature columns to use (default: every column except the label). */
  features?: string[];
  /** Scale every feature to mean 0, standard deviation 1 (default false). */
  standardize?: boolean;
  /** Name for messages (default: the file name). */
  name?: string;
}

const cell = z.union([z.number(), z.string(), z.boolean(), z.null()]);
/** JSON tabular data: an array of records, or `{ features: number[][], labels: [...] }`. */
const TabularJson = z.union([
  z.array(z.record(z.string(), cell)).min(1),
  z.object({
    features: z.array(z.array(z.number())).min(1),
    labels: z.array(z.union([z.number(), z.string()])).min(1),
    featureNames: z.array(z.string()).optional(),
  }),
]);

type Row = Record<string, string | number | boolean | null>;

/**
 * Turn records (one object per example) into a classification data set. Labels that are all
 * non-negative integers are used as class indices; any other labels are sorted and numbered,
 * and their names kept in `classNames`.
 *
 * @example
 * const data = tabularFromRecords([{ x: 1, y: 2, label: 'a' }, { x: 0, y: 1, label: 'b' }]);
 * data.shape;      // [2]
 * data.classNames; // ['a', 'b']
 */
export function tabularFromRecords(rows: Row[], opts: TabularOptions = {}): ClassificationData {
  const labelCol = opts.label ?? 'label';
  const name = opts.name ?? 'table';
  if (rows.length === 0) throw new RangeError(`${name}: no rows`);
  const columns = Object.keys(rows[0]);
  if (!columns.includes(labelCol)) {
    throw new RangeError(
      `label column ${JSON.stringify(labelCol)} not found in ${name}; columns are ${columns.join(', ')}`,
    );
  }
  const featureCols = opts.features ?? columns.filter((c) => c !== labelCol);
  if (featureCols.length === 0) throw new RangeError(`${name}: no feature columns besides ${labelCol}`);
  for (const c of featureCols) {
    if (!columns.includes(c)) throw new RangeError(`feature column ${JSON.stringify(c)} not found in ${name}; columns are ${columns.join(', ')}`);
    if (c === labelCol) throw new RangeError(`feature column ${JSON.stringify(c)} is also the label column`);
  }
  const d = featureCols.length;
  const features = new Float32Array(rows.length * d);
  const raw: string[] = [];
  rows.forEach((row, r) => {
    featureCols.forEach((c, j) => {
      const v = row[c];
      const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(x)) {
        throw new TypeError(`${name}: row ${r + 1}, column ${JSON.stringify(c)}: ${JSON.stringify(v)} is not a finite number`);
      }
      features[r * d + j] = x;
    });
    const l = row[labelCol];
    if (l === null || l === undefined || String(l).trim() === '') {
      throw new TypeError(`${name}: row ${r + 1} has an empty label in column ${JSON.stringify(labelCol)}`);
    }
    raw.push(String(l).trim());
  });
  const { labels, numClasses, classNames } = encodeLabels(raw, name);
  if (opts.standardize) standardize(features, d);
  return {
    name, features, labels, count: rows.length, shape: [d], numClasses,
    ...(classNames ? { classNames } : {}),
  };
}

function encodeLabels(raw: string[], name: string): { labels: Uint8Array; numClasses: number; classNames?: string[] } {
  const labels = new Uint8Array(raw.length);
  if (raw.every((s) => /^\d+$/.test(s))) {
    const ints = raw.map(Number);
    // A loop, not Math.max(...ints): a spread of ~125k arguments overflows the stack.
    const numClasses = ints.reduce((m, v) => (v > m ? v : m), -1) + 1;
    if (numClasses > 256) throw new RangeError(`${name}: label ${numClasses - 1} is too large; at most 256 classes are supported`);
    ints.forEach((v, i) => (labels[i] = v));
    return { labels, numClasses };
  }
  const classNames = [...new Set(raw)].sort();
  if (classNames.length > 256) throw new RangeError(`${name}: ${classNames.length} distinct labels; at most 256 classes are supported`);
  const index = new Map(classNames.map((c, i) => [c, i]));
  raw.forEach((s, i) => (labels[i] = index.get(s)!));
  return { labels, numClasses: classNames.length, classNames };
}

/** In-place z-scoring of each of the `d` columns; constant columns become 0. */
function standardize(x: Float32Array, d: number): void {
  const n = x.length / d;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i * d + j];
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (x[i * d + j] - mean) ** 2;
    const sd = Math.sqrt(v / n) || 1;
    for (let i = 0; i < n; i++) x[i * d + j] = (x[i * d + j] - mean) / sd;
  }
}

/**
 * Parse CSV text (with a header row) into a classification data set.
 *
 * @example
 * const data = parseTabularCsv('x,y,label\n1,2,0\n3,4,1\n');
 * data.count; // 2
 */
export function parseTabularCsv(text: string, opts: TabularOptions = {}): ClassificationData {
  const name = opts.name ?? 'CSV';
  let rows: Row[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, comment: '#' }) as Row[];
  } catch (e) {
    throw new TypeError(`${name}: cannot parse CSV: ${(e as Error).message}`);
  }
  return tabularFromRecords(rows, { ...opts, name });
}

/**
 * Parse JSON tabular data: an array of records (`[{"x": 1, "label": 0}, ...]`) or
 * `{ "features": [[...], ...], "labels": [...], "featureNames"?: [...] }`.
 *
 * @example
 * parseTabularJson('{"features": [[0, 1], [1, 0]], "labels": [0, 1]}').numClasses; // 2
 */
export function parseTabularJson(text: string, opts: TabularOptions = {}): ClassificationData {
  const name = opts.name ?? 'JSON';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TypeError(`${name}: not valid JSON: ${(e as Error).message}`);
  }
  const r = TabularJson.safeParse(json);
  if (!r.success) {
    throw new TypeError(
      `${name}: expected an array of records or {features: number[][], labels: []}: ${z.prettifyError(r.error)}`,
    );
  }
  if (Array.isArray(r.data)) return tabularFromRecords(r.data, { ...opts, name });
  const { features, labels, featureNames } = r.data;
  if (features.length !== labels.length) {
    throw new TypeError(`${name}: ${features.length} feature rows but ${labels.length} labels`);
  }
  const d = features[0].length;
  const cols = featureNames ?? Array.from({ length: d }, (_, j) => `x${j}`);
  if (cols.length !== d) throw new TypeError(`${name}: ${cols.length} featureNames for ${d} features`);
  const records = features.map((f, i) => {
    if (f.length !== d) throw new TypeError(`${name}: feature row ${i + 1} has ${f.length} values, expected ${d}`);
    const rec: Row = { __label: labels[i] };
    cols.forEach((c, j) => (rec[c] = f[j]));
    return rec;
  });
  return tabularFromRecords(records, { ...opts, name, label: '__label', features: opts.features ?? cols });
}

