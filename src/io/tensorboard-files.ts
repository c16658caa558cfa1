// TensorBoard logs on disk (Node only, exported from 'lrkit/node'): one event file, or a log
// directory such as lightning_logs/version_0 or DeepSpeed's monitor folder, whose event files
// (names containing "tfevents") are read in name order and merged tag by tag.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { curveLogKind } from './logs.js';
import { parseTensorBoardEvents, type ScalarPoint, type TensorBoardScalars } from './tensorboard.js';

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
 * each tag's points in step order). Throws a RangeError naming the path when there is nothing to read.
 *
 * @example
 * const { scalars, files } = readTensorBoardLog('lightning_logs/version_0');
 * curveFromScalars(scalars);
 */
export function readTensorBoardLog(target: string): TensorBoardScalars & { files: string[] } {
  const files = statSync(target).isDirectory() ? eventFiles(target, 3) : [target];
  if (files.length === 0) throw new RangeError(`${target}: no TensorBoard event files (names containing "tfevents") in this directory or 3 levels below`);
  const scalars = new Map<string, ScalarPoint[]>();
  let records = 0;
  for (const file of files) {
    const r = parseTensorBoardEvents(readFileSync(file), file);
    records += r.records;
    for (const [tag, points] of r.scalars) scalars.set(tag, [...(scalars.get(tag) ?? []), ...points]);
  }
  for (const points of scalars.values()) points.sort((a, b) => a.step - b.step);
  return { scalars, records, files };
}
