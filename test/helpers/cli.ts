// Runs the lrkit CLI in-process with captured output (fast), for the CLI tests.
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/program.js';
import type { Io } from '../../src/cli/common.js';

/** The launcher the README tells users to run (`npx lrkit` resolves to it). */
export const BIN = fileURLToPath(new URL('../../bin/lrkit.js', import.meta.url));

/** Runs `lrkit <args>` in this process; resolves to its exit code and what it printed. */
export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), tty: false };
  const code = await runCli(args, io);
  return { code, out, err };
}
