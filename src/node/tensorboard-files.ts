// TensorBoard logs on disk (Node only, exported from 'lrkit/node'): one event file, or a log
// directory such as lightning_logs/version_0 or DeepSpeed's monitor folder, whose event files
// (names containing "tfevents") are read in name order and merged tag by tag.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LogWarning } from '../io/csv-table.js';
import { curveLogKind, cutWarning } from '../io/logs.js';
import { parseTensorBoardEvents, type ScalarPoint, type TensorBoardScalars } from '../io/tensorboard.js';

/** Whether a path names a TensorBoard event file (`events.out.tfevents.*`, `*.tfevents`). */
export const isEventFileName = (file: string): boolean => curveLogKind(file) === 'tensorboard';

/** Event files under `dir`, up to `depth` folders down, in path order. */
function eventFiles(dir: string, depth: number): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && depth > 0) out.push(...eventFiles(p, depth - 1));
    else if (entry.isFile() && isEventFileName(entry.name)) out.push(p);
  }
  return out;
}

/**
 * Reads a TensorBoard event file or a log directory (event files up to 3 folders down, merged:
 * each tag's points in step order). A file cut short or corrupt after some whole records gives
 * those records and a warning naming it and how much was cut; an empty or unreadable file among
 * others is skipped with a warning. Throws a RangeError naming the path when nothing is readable.
 * `onProgress` is called after each file read.
 *
 * @example
 * const { scalars, files, warnings } = readTensorBoardLog('lightning_logs/version_0');
 * curveFromScalars(scalars);
 */
export function readTensorBoardLog(target: string, onProgress?: (bytesRead: number, totalBytes: number) => void): TensorBoardScalars & { files: string[]; warnings: LogWarning[] } {
  const files = statSync(target).isDirectory() ? eventFiles(target, 3) : [target];
  const total = onProgress ? files.reduce((sum, f) => sum + statSync(f).size, 0) : 0;
  let done = 0;
  if (files.length === 0) throw new RangeError(`${target}: no TensorBoard event files (names containing "tfevents") in this directory or 3 levels below`);
  const scalars = new Map<string, ScalarPoint[]>();
  const warnings: LogWarning[] = [];
  const unreadable: string[] = [];
  let records = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    onProgress?.((done += bytes.length), total);
    let r;
    try {
      if (bytes.length === 0) throw new RangeError(`${file}: the event file is empty (0 bytes)`);
      r = parseTensorBoardEvents(bytes, file);
      if (r.records === 0) throw new RangeError(`${file}: no whole record in ${bytes.length} bytes (${r.why ?? 'cut short'})`);
    } catch (e) {
      unreadable.push((e as Error).message);
      continue;
    }
    const w = cutWarning(file, r, bytes.length, r.records);
    if (w) warnings.push(w);
    records += r.records;
    for (const [tag, points] of r.scalars) {
      const all = scalars.get(tag);
      if (all) for (const p of points) all.push(p);
      else scalars.set(tag, points);
    }
  }
  if (unreadable.length === files.length) throw new RangeError(`nothing readable: ${unreadable.join('; ')}`);
  for (const why of unreadable) warnings.push({ code: 'unreadable-event-file', message: `${why}: skipped` });
  for (const points of scalars.values()) points.sort((a, b) => a.step - b.step);
  return { scalars, records, files, warnings };
}
