// Output files: atomic writes and a guard against overwriting earlier results.
import { randomBytes } from 'node:crypto';
import { access, lstat, mkdir, open, readlink, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { bool, fail, object, string } from '../check/index.js';

/**
 * Writes `data` to `file` atomically: a temporary file in the same directory is written, flushed
 * and renamed over `file`, so readers never see a half-written file. On failure the temporary
 * file is removed and the error is rethrown. `data` may be an array of strings, written one after
 * the other (`jsonParts`: no single string of a long curve's whole file).
 *
 * @example
 * await writeFileAtomic('out/curve.csv', curveToCsv(result));
 * await writeFileAtomic('out/curve.json', [...jsonParts(curve), '\n']);
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array | readonly string[]): Promise<void> {
  string('writeFileAtomic', 'path', file);
  if (typeof data !== 'string' && !(data instanceof Uint8Array) && !(Array.isArray(data) && data.every((d) => typeof d === 'string'))) {
    fail('writeFileAtomic', 'data', 'a string, a Uint8Array (Buffer) or an array of strings', data, TypeError);
  }
  const dir = path.dirname(file);
  // Same directory as the target: rename() is only atomic within one file system.
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fh;
  try {
    fh = await open(tmp, 'wx');
    if (typeof data === 'string' || data instanceof Uint8Array) await fh.writeFile(data);
    else await writeParts(fh, data);
    await fh.sync();
    await fh.close();
    fh = undefined;
    await rename(tmp, file);
  } catch (e) {
    if (fh) await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

/**
 * Thrown by {@link prepareOutputDir} when target files exist and `force` is not set.
 *
 * @example
 * try { await prepareOutputDir('out', ['curve.csv']); }
 * catch (e) { if (e instanceof OutputExistsError) console.error(e.files); }
 */
export class OutputExistsError extends Error {
  readonly code = 'EEXIST';
  constructor(readonly files: string[]) {
    super(
      `refusing to overwrite existing file${files.length > 1 ? 's' : ''}: ${files.join(', ')}; ` +
        'pass force (--force) to overwrite or choose another output directory',
    );
    this.name = 'OutputExistsError';
  }
}

/**
 * Creates `dir` (recursively) and checks that none of `files` (names relative to `dir`) exists.
 * Throws {@link OutputExistsError} naming the existing ones unless `force` is true.
 * Returns the full paths in the order given.
 *
 * @example
 * const [csv, png] = await prepareOutputDir('runs/mnist', ['curve.csv', 'lr-finder.png'], { force: false });
 */
export async function prepareOutputDir(dir: string, files: readonly string[], options: { force?: boolean } = {}): Promise<string[]> {
  const fn = 'prepareOutputDir';
  string(fn, 'dir', dir);
  if (!Array.isArray(files)) fail(fn, 'files', 'an array of file names', files, TypeError);
  object(fn, 'options', options);
  if (options.force !== undefined) bool(fn, 'force', options.force);
  const root = path.resolve(dir);
  const targets = files.map((f) => {
    if (typeof f !== 'string' || f === '') throw new TypeError(`files must hold non-empty file names, got ${JSON.stringify(f)}`);
    const full = path.resolve(root, f);
    const rel = path.relative(root, full);
    // Keep every output inside dir: '../x' or an absolute path would escape the guard.
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new RangeError(`output file ${JSON.stringify(f)} must be a name inside ${JSON.stringify(dir)}`);
    }
    return full;
  });
  await makeDirs(root);
  if (!options.force) {
    const existing: string[] = [];
    for (const t of targets) {
      try {
        await access(t);
        existing.push(t);
      } catch {
        // absent: fine
      }
    }
    if (existing.length > 0) throw new OutputExistsError(existing);
  }
  return targets;
}

/**
 * Creates `dir` and its missing parents one level at a time. Node's `mkdir({ recursive: true })`
 * never returns under pseudo file systems such as /proc (it retries a parent that exists but
 * cannot take a folder); one `mkdir` per missing level fails at once instead. A symbolic link
 * whose target does not exist is an error with `code: 'EDANGLING'` and the target in `target`.
 */
async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let p = dir; ; p = path.dirname(p)) {
    try {
      const st = await lstat(p);
      if (st.isSymbolicLink()) {
        try {
          await stat(p);
        } catch {
          throw Object.assign(new Error(`${p} is a symbolic link to ${await readlink(p)}, which does not exist`), { code: 'EDANGLING', path: p, target: await readlink(p) });
        }
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(p) === p) throw e;
      missing.unshift(p);
    }
  }
  for (const m of missing) {
    try {
      await mkdir(m);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // made meanwhile by another run: fine
    }
  }
}

/**
 * Writes strings one after the other through one reused 1 MiB buffer: no Buffer (nor string) of
 * the whole file is made, and no fresh memory per piece (a 1e6-point analysis.json is ~80 MB).
 */
async function writeParts(fh: FileHandle, parts: readonly string[]): Promise<void> {
  const buf = Buffer.allocUnsafe(1 << 20);
  let used = 0;
  const flush = async () => {
    for (let off = 0; off < used; ) off += (await fh.write(buf, off, used - off)).bytesWritten;
    used = 0;
  };
  for (const part of parts) {
    const size = Buffer.byteLength(part);
    if (used + size > buf.length) await flush();
    if (size > buf.length) await fh.writeFile(part);
    else used += buf.write(part, used);
  }
  await flush();
}
