// Where a command's results go: the --out folder claimed and checked before any work, atomic
// writes, a rescue folder when a write still fails, and signals that never cut a write short.
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { claimOutputDir, type DirClaim, OUTPUT_MANIFEST, OutputDirBusyError, OutputExistsError, prepareOutputDir, readOutputManifest, recordOutputs, removeStaleTempFiles, writeFileAtomic } from '../node/index.js';
import type { Io } from './common.js';
import { UsageError } from './errors.js';
import { endInterrupts, guardWrites, interruptedBy, signalExitCode } from './interrupt.js';
import { waitForWriteGate, injectedWriteFailure } from './write-hooks.js';

export { onInterrupt } from './interrupt.js';

/** How {@link outputs} treats files already there. */
export interface OutputOptions {
  /** Overwrite whatever is there (`--force`). */
  force?: boolean;
  /**
   * The folder was named with `--out` (default true). The default folder (false) is lrkit's own:
   * files lrkit wrote there before (listed in its manifest) are replaced, saying so; any other
   * file in the way is refused.
   */
  explicit?: boolean;
}

type Writer = Awaited<ReturnType<typeof outputs>>;
/** The writers and folder claims of the running command, settled by {@link finishOutputs}. */
const open = { writers: new Set<Writer>(), claims: new Set<DirClaim>() };

/**
 * Claim the output folder (one lrkit process per folder), check every output file up front and
 * return a writer for them (atomic writes). Refuses before any work, with exit 2 (a UsageError):
 * when another lrkit writes there, when a file lrkit did not write is in the default folder's
 * way, and for existing files in an explicit `--out` without `--force`.
 *
 * @example
 * const w = await outputs('lrkit-out', ['curve.json'], { force: false, explicit: false }, io);
 * await w.write('curve.json', text);
 */
export async function outputs(dir: string, files: readonly string[], options: boolean | OutputOptions, io?: Io) {
  const force = typeof options === 'boolean' ? options : options.force === true;
  const explicit = typeof options === 'boolean' ? true : options.explicit !== false;
  let paths: string[];
  try {
    paths = await prepareOutputDir(dir, files, { force: true });
  } catch (e) {
    throw outputError(dir, e);
  }
  const root = path.resolve(dir);
  let claim: DirClaim;
  try {
    claim = await claimOutputDir(dir);
  } catch (e) {
    if (e instanceof OutputDirBusyError) throw new UsageError(`output folder ${e.message}`);
    throw outputError(dir, e);
  }
  open.claims.add(claim);
  try {
    if (claim.tookOverFrom) io?.err(`lrkit: took over ${JSON.stringify(dir)} from pid ${claim.tookOverFrom}, which is no longer running`);
    const stale = await removeStaleTempFiles(root);
    if (stale.length) io?.err(`lrkit: removed ${stale.length} temp file(s) left in ${JSON.stringify(dir)} by processes no longer running: ${stale.join(', ')}`);
    const existing = files.filter((_, i) => existsSync(paths[i]));
    if (existing.length && !force) {
      // A refusal before any work, like every other problem with --out: exit 2.
      if (explicit) throw new UsageError(new OutputExistsError(existing.map((f) => paths[files.indexOf(f)])).message);
      const mine = await readOutputManifest(root);
      const foreign = existing.filter((f) => !mine.has(f));
      if (foreign.length) {
        throw new UsageError(
          `refusing to replace ${foreign.map((f) => path.join(dir, f)).join(', ')}: lrkit did not write ${foreign.length > 1 ? 'them' : 'it'} ` +
            `(not in ${path.join(dir, OUTPUT_MANIFEST)}); move ${foreign.length > 1 ? 'them' : 'it'} away, or pass --out <folder> or --force`,
        );
      }
      io?.err(`replacing lrkit's earlier outputs in ${dir.replace(/\/*$/, '/')}: ${existing.join(', ')}`);
    }
    // Find an unwritable place now, before any training, not when the results are ready.
    const probe = path.join(root, `.lrkit-write-test-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (e) {
    claim.release();
    open.claims.delete(claim);
    throw outputError(dir, e);
  }
  const writer = makeWriter(dir, root, files, paths, io);
  open.writers.add(writer);
  guardWrites(io, writer, () => claim.release());
  return writer;
}

function makeWriter(dir: string, root: string, files: readonly string[], paths: string[], io?: Io) {
  const byName = new Map(files.map((f, i) => [f, paths[i]]));
  const written = new Set<string>();
  const rescued: string[] = [];
  const lost: string[] = [];
  let recorded = false;
  let started = false;
  let rescueDir: string | undefined;
  return {
    dir,
    paths: byName,
    /** Files that could not be written where asked and went to a rescue folder instead. */
    rescued,
    /** Files that could be written neither where asked nor to a rescue folder. */
    lost,
    /** The rescue folder, once a write needed one. */
    rescueDir: () => rescueDir,
    /** The declared files not written yet. */
    unwritten: () => files.filter((f) => !written.has(f)).map((f) => byName.get(f)!),
    /** Whether the write phase has begun (a signal then says which files are left). */
    writing: () => started,
    /**
     * Writes one output atomically. If that fails (disk full, permissions changed during the run),
     * it says which file and why, and saves the data atomically to a rescue folder instead (the
     * system's temp dir, /dev/shm or the home folder, the first that takes it); it never throws
     * for a failed write, so the command still prints its results. Resolves to where it went.
     */
    async write(name: string, data: string | Uint8Array | readonly string[]): Promise<string> {
      const p = byName.get(name);
      if (!p) throw new Error(`internal: output ${name} was not declared`);
      started = true;
      if (!recorded) {
        recorded = true;
        // Listed before written: a run killed half-way leaves files the next run may replace.
        await recordOutputs(root, files).catch((e) => io?.err(`lrkit: could not record the outputs in ${path.join(dir, OUTPUT_MANIFEST)} (${describeOsError(e)})`));
      }
      await waitForWriteGate(name, io);
      try {
        injectedWriteFailure(p);
        await writeFileAtomic(p, data);
        written.add(name);
        return p;
      } catch (e) {
        const why = describeOsError(e);
        const tried: string[] = [];
        for (const base of rescueBases()) {
          try {
            rescueDir ??= await mkdtemp(path.join(base, 'lrkit-rescue-'));
            const fallback = path.join(rescueDir, name);
            injectedWriteFailure(fallback);
            await writeFileAtomic(fallback, data);
            rescued.push(fallback);
            written.add(name);
            byName.set(name, fallback);
            io?.err(`lrkit: could not write ${p} (${why}); saved it to ${fallback} instead`);
            return fallback;
          } catch (e2) {
            tried.push(`${rescueDir ?? base}: ${describeOsError(e2)}`);
            rescueDir = undefined;
          }
        }
        lost.push(p);
        written.add(name);
        io?.err(`lrkit: could not write ${p} (${why}), nor save it to a rescue folder (${tried.join('; ')}): it is not saved`);
        return p; // listed in `lost`: the path it should have had
      }
    },
  };
}

/** Where rescued files go, in order: the temp dir, a RAM disk, the home folder. */
function rescueBases(): string[] {
  return [...new Set([tmpdir(), '/dev/shm', homedir()])].filter((d) => existsSync(d));
}

/**
 * The command is over: its exit code, given what happened to its outputs. A signal during the
 * command makes it 130 (SIGINT) or 143 (SIGTERM); a file rescued or lost makes a success 1, and
 * the rescue folder is named once more after the results. Then the folder locks are released.
 *
 * @example
 * return finishOutputs(await command(), io);
 */
export function finishOutputs(code: number, io?: Io): number {
  let result = code;
  for (const w of open.writers) {
    if (w.rescued.length) io?.err(`lrkit: ${w.rescued.length} file(s) could not be written to ${w.dir}; they are in ${path.dirname(w.rescued[0])}: ${w.rescued.map((f) => path.basename(f)).join(', ')}`);
    if (w.lost.length) io?.err(`lrkit: not saved anywhere: ${w.lost.join(', ')}`);
    if ((w.rescued.length || w.lost.length) && result === 0) result = 1;
  }
  const signal = interruptedBy();
  if (signal && (result === 0 || result === 130)) result = signalExitCode(signal);
  releaseOutputs();
  return result;
}

/** Release every folder lock and signal handler of the command (idempotent). @example releaseOutputs(); */
export function releaseOutputs(): void {
  for (const c of open.claims) c.release();
  open.claims.clear();
  open.writers.clear();
  endInterrupts();
}

// A process.exit() elsewhere (a second signal, main.ts) still removes this process's locks.
process.once('exit', () => {
  for (const c of open.claims) c.release();
});

/** "permission denied", "no space left on device", ... for an fs error; its message otherwise. */
export function describeOsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const words: Record<string, string> = {
    EACCES: 'permission denied', EPERM: 'operation not permitted', EROFS: 'read-only file system', ENOSPC: 'no space left on device',
    EEXIST: 'a file is in the way', ENOTDIR: 'a path component is a file, not a directory', EISDIR: 'it is a directory', ENOENT: 'no such file or directory',
    EDQUOT: 'disk quota exceeded', EIO: 'input/output error',
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
  if (e instanceof OutputExistsError || e instanceof UsageError || !(e as NodeJS.ErrnoException)?.code) return e as Error;
  const code = (e as NodeJS.ErrnoException).code!;
  if (code === 'EDANGLING') {
    const { path: link, target } = e as { path: string; target: string };
    const rel = path.relative(process.cwd(), link) || link;
    return new UsageError(`invalid --out ${JSON.stringify(dir)}: ${JSON.stringify(rel)} is a symbolic link to ${JSON.stringify(target)}, which does not exist`);
  }
  const why = code === 'EEXIST' || code === 'ENOTDIR'
    ? `${JSON.stringify(fileInTheWay(dir))} is a file, not a directory`
    : `cannot create or write files there (${describeOsError(e)})`;
  return new UsageError(`invalid --out ${JSON.stringify(dir)}: ${why}`);
}
