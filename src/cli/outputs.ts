// Where a command's results go: the --out folder checked before any work, atomic writes, a
// rescue folder when a write still fails, and Ctrl-C / SIGTERM that stop and save.
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OutputExistsError, prepareOutputDir, writeFileAtomic } from '../io/files.js';
import type { Io } from './common.js';
import { UsageError } from './errors.js';

/**
 * Abort on the first Ctrl-C (SIGINT) or SIGTERM so the command can save what it has; a second
 * signal exits at once with code 130, saying which output files were not written yet (`out`).
 * Call the returned function to remove the handlers.
 *
 * @example
 * const ctl = new AbortController();
 * const release = onInterrupt(ctl, io, out);
 */
export function onInterrupt(ctl: AbortController, io: Io, out?: { unwritten(): string[] }): () => void {
  const handler = (signal: NodeJS.Signals) => {
    if (ctl.signal.aborted) {
      const missing = out?.unwritten() ?? [];
      io.err(`\n${signal} again: quitting now${missing.length ? `; not written: ${missing.join(', ')}` : ''}`);
      process.exit(130);
    }
    io.err(`\n${signal === 'SIGTERM' ? 'terminated' : 'interrupted'}: stopping after the current step and saving the partial results (${signal === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'} again to quit now)`);
    ctl.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/**
 * Check all output files up front (refusing to overwrite without `--force`) and return a writer
 * for them (atomic writes).
 *
 * @example
 * const w = await outputs('lrkit-out', ['curve.json'], false);
 * await w.write('curve.json', text);
 */
export async function outputs(dir: string, files: readonly string[], force: boolean, io?: Io) {
  let paths: string[];
  try {
    paths = await prepareOutputDir(dir, files, { force });
    // Find an unwritable place now, before any training, not when the results are ready.
    const probe = path.join(path.resolve(dir), `.lrkit-write-test-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (e) {
    throw outputError(dir, e);
  }
  const byName = new Map(files.map((f, i) => [f, paths[i]]));
  const written = new Set<string>();
  const rescued: string[] = [];
  let rescueDir: string | undefined;
  return {
    paths: byName,
    /** Files that could not be written where asked and went to a rescue folder instead. */
    rescued,
    /** The declared files not written yet. */
    unwritten: () => files.filter((f) => !written.has(f)).map((f) => byName.get(f)!),
    /**
     * Writes one output atomically. If that fails (disk full, permissions changed during the run),
     * the data goes to a folder in the system's temp dir instead and the failure is reported, so
     * results are never lost to an unwritable output.
     */
    async write(name: string, data: string | Uint8Array): Promise<string> {
      const p = byName.get(name);
      if (!p) throw new Error(`internal: output ${name} was not declared`);
      try {
        await writeFileAtomic(p, data);
        written.add(name);
        return p;
      } catch (e) {
        rescueDir ??= await mkdtemp(path.join(tmpdir(), 'lrkit-rescue-'));
        const fallback = path.join(rescueDir, name);
        await writeFile(fallback, data);
        rescued.push(fallback);
        written.add(name);
        byName.set(name, fallback);
        io?.err(`lrkit: could not write ${p} (${describeOsError(e)}); saved it to ${fallback} instead`);
        return fallback;
      }
    },
  };
}

/** "permission denied", "no space left on device", ... for an fs error; its message otherwise. */
export function describeOsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const words: Record<string, string> = {
    EACCES: 'permission denied', EPERM: 'operation not permitted', EROFS: 'read-only file system', ENOSPC: 'no space left on device',
    EEXIST: 'a file is in the way', ENOTDIR: 'a path component is a file, not a directory', EISDIR: 'it is a directory', ENOENT: 'no such file or directory',
  };
  return code && words[code] ? `${words[code]}, ${code}` : (e as Error)?.message ?? String(e);
}

/** The first part of `dir` (itself or a parent) that exists and is not a directory. */
function fileInTheWay(dir: string): string {
  let p = path.resolve(dir);
  while (!existsSync(p) || statSync(p).isDirectory()) {
    const up = path.dirname(p);
    if (up === p) return dir;
    p = up;
  }
  return path.relative(process.cwd(), p) || p;
}

/** An output place that cannot be used, as a UsageError naming --out (exit 2 before any work). */
function outputError(dir: string, e: unknown): Error {
  if (e instanceof OutputExistsError || !(e as NodeJS.ErrnoException)?.code) return e as Error;
  const code = (e as NodeJS.ErrnoException).code!;
  const why = code === 'EEXIST' || code === 'ENOTDIR'
    ? `${JSON.stringify(fileInTheWay(dir))} is a file, not a directory`
    : `cannot create or write files there (${describeOsError(e)})`;
  return new UsageError(`invalid --out ${JSON.stringify(dir)}: ${why}`);
}

