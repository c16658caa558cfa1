// A real `lrkit` process for the reliability tests (locks, signals, write failures need a process
// of their own): its stderr as it arrives, a wait for a line on it, and its exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './cli.js';

/** A running `node bin/lrkit.js <args>`. */
export interface Lrkit {
  child: ChildProcess;
  /** Everything printed so far. */
  out(): string;
  err(): string;
  /** Resolves once stderr matches `re` (rejects if the process exits first). */
  waitErr(re: RegExp): Promise<void>;
  /** The exit code (null when killed by a signal it did not handle). */
  exit: Promise<number | null>;
}

/** Starts `lrkit <args>` in `cwd` with extra environment variables. */
export function lrkit(args: string[], cwd: string, env: Record<string, string> = {}): Lrkit {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    for (const w of waiters.splice(0)) (w.re.test(err) ? w.resolve() : waiters.push(w));
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    out: () => out,
    err: () => err,
    exit,
    waitErr: (re) =>
      new Promise<void>((resolve, reject) => {
        if (re.test(err)) return resolve();
        waiters.push({ re, resolve });
        void exit.then((c) => reject(new Error(`lrkit exited (${c}) before stderr matched ${re}:\n${err}`)));
      }),
  };
}

/** A small range-test log (200 points, an exp sweep with a valley), as CSV text. */
export function curveCsv(scale = 1): string {
  const rows = ['lr,loss'];
  for (let i = 0; i < 200; i++) {
    const lr = 1e-5 * 10 ** (i / 40);
    rows.push(`${lr},${scale * (1 + Math.exp(-30 * lr) + 4 * lr * lr)}`); // falls from 2, bottoms near lr 0.1, rises
  }
  return rows.join('\n') + '\n';
}
