// One lrkit process per output folder: a lock file claims the folder before any work, so two runs
// into one folder never mix their files. Also: temp files left by dead processes, and the
// manifest of the files lrkit wrote there (so a re-run knows which files it may replace).
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './files.js';

/** The lock file's name inside a claimed folder. */
export const LOCK_FILE = '.lrkit.lock';
/** The manifest's name: the output files lrkit wrote in a folder. */
export const OUTPUT_MANIFEST = '.lrkit-outputs.json';

/**
 * Thrown by {@link claimOutputDir} when a live process holds the folder.
 *
 * @example
 * try { await claimOutputDir('out'); } catch (e) { if (e instanceof OutputDirBusyError) console.error(e.pid); }
 */
export class OutputDirBusyError extends Error {
  readonly code = 'EBUSY';
  constructor(readonly dir: string, readonly pid: number | undefined, readonly lock: string) {
    super(
      `${JSON.stringify(dir)} is being written by another lrkit process${pid ? ` (pid ${pid})` : ''}; ` +
        `wait for it to finish or choose another output folder (if no lrkit is running, delete ${lock})`,
    );
    this.name = 'OutputDirBusyError';
  }
}

/** Whether a process with this pid exists (EPERM: it does, as another user's). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface LockBody { pid: number; token: string; started: string; argv: string }

function parseLock(text: string): LockBody | undefined {
  try {
    const b = JSON.parse(text) as LockBody;
    return Number.isInteger(b?.pid) && typeof b.token === 'string' ? b : undefined;
  } catch {
    return undefined;
  }
}

/** The lock's holder; 'gone' when the lock vanished, 'unreadable' for content that is not a lock. */
async function holder(lock: string): Promise<LockBody | 'gone' | 'unreadable'> {
  try {
    return parseLock(await readFile(lock, 'utf8')) ?? 'unreadable';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
}

/** A held claim: `release()` removes the lock if it is still this claim's (sync: it runs on exit). */
export interface DirClaim {
  lock: string;
  /** The pid of the dead process whose stale lock was taken over, if any. */
  tookOverFrom?: number;
  release(): void;
}

/**
 * Claims `dir` (which must exist) for this process: creates `dir/.lrkit.lock` exclusively, holding
 * this pid. A lock whose process is dead is taken over (moved aside by one atomic rename, so of two
 * processes taking over only one can win); a live one makes it throw {@link OutputDirBusyError}.
 *
 * @example
 * const claim = await claimOutputDir('lrkit-out');
 * try { ...write the files... } finally { claim.release(); }
 */
export async function claimOutputDir(dir: string): Promise<DirClaim> {
  const lock = path.join(dir, LOCK_FILE);
  const body: LockBody = { pid: process.pid, token: randomBytes(8).toString('hex'), started: new Date().toISOString(), argv: process.argv.slice(2).join(' ') };
  const release = () => {
    try {
      if (parseLock(readFileSync(lock, 'utf8'))?.token === body.token) unlinkSync(lock);
    } catch {
      // already gone, or the folder is: nothing to release
    }
  };
  // The whole lock is written to a temp file first and published by link(), which, like an
  // exclusive create, fails if the lock exists; unlike `wx` then write, nobody ever reads a lock
  // that exists but is still empty (and cannot tell a starting run from a crashed one).
  const tmp = path.join(dir, `${LOCK_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx');
  await fh.writeFile(JSON.stringify(body) + '\n');
  await fh.close();
  let tookOverFrom: number | undefined;
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(tmp, lock);
        return { lock, release, ...(tookOverFrom ? { tookOverFrom } : {}) };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const h = await holder(lock);
      if (h === 'gone') continue; // released meanwhile: try again
      if (h === 'unreadable' || pidAlive(h.pid)) throw new OutputDirBusyError(dir, h === 'unreadable' ? undefined : h.pid, lock);
      // Stale: move it aside. Two takers race on one rename; the loser gets ENOENT and retries.
      const aside = `${lock}.${process.pid}.stale`;
      try {
        await rename(lock, aside);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
      const moved = await holder(aside);
      if (moved !== 'gone' && moved !== 'unreadable' && moved.token !== h.token) {
        // Another taker had already replaced the stale lock with its live one: put it back.
        await link(aside, lock).catch(() => {});
        await unlink(aside).catch(() => {});
        throw new OutputDirBusyError(dir, moved.pid, lock);
      }
      await unlink(aside).catch(() => {});
      tookOverFrom = h.pid;
    }
    throw new OutputDirBusyError(dir, undefined, lock);
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

/** `.name.<pid>.<12 hex>.tmp`: writeFileAtomic's temp files (and the lock's). */
const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes the temp files that processes which are no longer running left in `dir` (a crash or a
 * kill between writing and renaming). Returns the names removed.
 *
 * @example
 * await removeStaleTempFiles('lrkit-out'); // ['.curve.json.4242.0a1b2c3d4e5f.tmp']
 */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir)) {
    const m = TEMP.exec(name);
    if (!m || Number(m[2]) === process.pid || pidAlive(Number(m[2]))) continue;
    try {
      await unlink(path.join(dir, name));
      removed.push(name);
    } catch {
      // gone already, or not ours to remove: leave it
    }
  }
  return removed;
}

/**
 * The output files lrkit wrote in `dir`, from its manifest (empty when there is none or it is
 * unreadable: then no file counts as lrkit's).
 *
 * @example
 * (await readOutputManifest('lrkit-out')).has('curve.json'); // true after `lrkit find`
 */
export async function readOutputManifest(dir: string): Promise<Set<string>> {
  try {
    const m = JSON.parse(await readFile(path.join(dir, OUTPUT_MANIFEST), 'utf8')) as { files?: unknown };
    return new Set(Array.isArray(m.files) ? m.files.filter((f): f is string => typeof f === 'string') : []);
  } catch {
    return new Set();
  }
}

/**
 * Adds `files` to the manifest of `dir` (atomically), before they are written: a run killed
 * half-way leaves them listed, so the next run may replace them.
 *
 * @example
 * await recordOutputs('lrkit-out', ['curve.json', 'curve.csv']);
 */
export async function recordOutputs(dir: string, files: readonly string[]): Promise<void> {
  const all = await readOutputManifest(dir);
  for (const f of files) all.add(f);
  const text = JSON.stringify({ note: 'files written by lrkit in this folder; a re-run may replace these (and only these)', files: [...all].sort() }, null, 2);
  await writeFileAtomic(path.join(dir, OUTPUT_MANIFEST), text + '\n');
}
