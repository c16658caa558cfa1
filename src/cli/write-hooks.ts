// Two test hooks of the write phase, off unless their environment variable is set. They let tests
// put a real signal or a real write failure exactly where they mean to, with no timing guesses.
import { existsSync } from 'node:fs';
import type { Io } from './common.js';

/**
 * LRKIT_WRITE_GATE=<file>: before each output file is written, wait until <file> exists. A test
 * sees "waiting for <file>" on stderr, knows the command is in its write phase, sends a signal,
 * then creates <file>.
 *
 * @example
 * await waitForWriteGate('curve.json', io); // returns at once when LRKIT_WRITE_GATE is unset
 */
export async function waitForWriteGate(name: string, io?: Io): Promise<void> {
  const gate = process.env.LRKIT_WRITE_GATE;
  if (!gate || existsSync(gate)) return;
  io?.err(`lrkit: LRKIT_WRITE_GATE: waiting for ${gate} before writing ${name}`);
  while (!existsSync(gate)) await new Promise((r) => setTimeout(r, 20));
}

/**
 * LRKIT_FAIL_WRITES=<regex>: writing a file whose full path matches fails as a full disk does
 * (ENOSPC), to test what a failed write does.
 *
 * @example
 * injectedWriteFailure('/tmp/out/report.html'); // throws ENOSPC when LRKIT_FAIL_WRITES='report\.html$'
 */
export function injectedWriteFailure(file: string): void {
  const re = process.env.LRKIT_FAIL_WRITES;
  if (re && new RegExp(re).test(file)) {
    throw Object.assign(new Error(`ENOSPC: no space left on device, write '${file}' (injected by LRKIT_FAIL_WRITES)`), { code: 'ENOSPC' });
  }
}
