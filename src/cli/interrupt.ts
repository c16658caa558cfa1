// Ctrl-C (SIGINT) and SIGTERM in a command. One handler for the whole command: while training,
// the first signal stops after the current step and the command saves what it has; at any other
// time (loading, analysing, writing) the command goes on and finishes its writes; a second signal
// quits at once, naming the output files not written. The exit code is 128 + the signal number:
// 130 for SIGINT, 143 for SIGTERM.
import type { Io } from './common.js';

/** Something with files still to write (an output writer); `writing()`: its first write has begun. */
export interface Unwritten { unwritten(): string[]; writing?(): boolean }

const state = {
  first: undefined as NodeJS.Signals | undefined,
  ctl: undefined as AbortController | undefined,
  io: undefined as Io | undefined,
  pending: new Set<Unwritten>(),
  /** Synchronous clean-ups before a second signal exits (releasing the folder locks). */
  beforeQuit: new Set<() => void>(),
  installed: false,
};
/** Output writers in their write phase (they keep the handler installed). */
const guarded = new Set<Unwritten>();

/** 128 + the signal's number, the shell's convention: 130 for SIGINT, 143 for SIGTERM. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGTERM' ? 143 : 130;
}

function unwrittenFiles(): string[] {
  return [...state.pending].flatMap((p) => p.unwritten());
}

function handler(signal: NodeJS.Signals): void {
  const io = state.io;
  if (state.first) {
    const missing = unwrittenFiles();
    io?.err(`\n${signal} again: quitting now${missing.length ? `; not written: ${missing.join(', ')}` : ''}`);
    for (const f of state.beforeQuit) f();
    process.exit(signalExitCode(signal));
  }
  state.first = signal;
  const what = signal === 'SIGTERM' ? 'terminated' : 'interrupted';
  const again = `${signal === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'} again to quit now`;
  if (state.ctl) {
    io?.err(`\n${what}: stopping after the current step and saving the partial results (${again})`);
    state.ctl.abort();
  } else if ([...state.pending].some((p) => p.writing?.())) {
    const left = unwrittenFiles();
    io?.err(`\n${what}: finishing the writes${left.length ? ` (${left.length} to go: ${left.join(', ')})` : ''} (${again})`);
  } else {
    io?.err(`\n${what}: finishing up; the results are written before lrkit exits (${again})`);
  }
}

function install(io: Io | undefined): void {
  if (io) state.io = io;
  if (state.installed) return;
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  state.installed = true;
}

/**
 * The training phase: the first Ctrl-C (SIGINT) or SIGTERM aborts `ctl` so the command can save
 * what it has (at once, if a signal came before training started); a second one exits at once
 * (130 or 143), saying which of `out`'s files were not written yet. Call the returned function
 * when training ends; the handler stays for the write phase while an output writer is open.
 *
 * @example
 * const ctl = new AbortController();
 * const release = onInterrupt(ctl, io, out);
 * try { await train(ctl.signal); } finally { release(); }
 */
export function onInterrupt(ctl: AbortController, io: Io, out?: Unwritten): () => void {
  install(io);
  state.ctl = ctl;
  if (out) state.pending.add(out);
  if (state.first) ctl.abort();
  return () => {
    if (state.ctl === ctl) state.ctl = undefined;
    if (out && !guarded.has(out)) state.pending.delete(out);
    // An open output writer keeps the handler for its write phase.
    if (guarded.size === 0 && !state.ctl) uninstall();
  };
}

/**
 * The write phase: from now until {@link endInterrupts}, a first signal lets the command finish
 * writing `out` (and says what is left); a second runs `beforeQuit` and exits, naming what was not
 * written.
 *
 * @example
 * guardWrites(io, writer, () => claim.release());
 */
export function guardWrites(io: Io | undefined, out: Unwritten, beforeQuit?: () => void): void {
  install(io);
  state.pending.add(out);
  guarded.add(out);
  if (beforeQuit) state.beforeQuit.add(beforeQuit);
}

/** The first signal received during this command, if any. @example interruptedBy() === 'SIGTERM' */
export function interruptedBy(): NodeJS.Signals | undefined {
  return state.first;
}

function uninstall(): void {
  process.off('SIGINT', handler);
  process.off('SIGTERM', handler);
  state.installed = false;
}

/**
 * The command is over: remove the handlers and forget its signal, writers and clean-ups, so the
 * next command in this process (tests run many) starts fresh.
 *
 * @example
 * try { await command(); } finally { endInterrupts(); }
 */
export function endInterrupts(): void {
  uninstall();
  state.first = undefined;
  state.ctl = undefined;
  state.io = undefined;
  state.pending.clear();
  state.beforeQuit.clear();
  guarded.clear();
}
