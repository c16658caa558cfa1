// The `lrkit` command: commander program, exit codes and error reporting.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { OutputExistsError } from '../node/index.js';
import { EXIT, UsageError } from './errors.js';
import { processIo, type Io } from './common.js';
import { finishOutputs, releaseOutputs } from './outputs.js';

type Register = (program: Command, io: Io, done: (code: number) => void) => void;
// A command's module loads only when it runs (or for help): `analyze` never loads TensorFlow.js.
const COMMANDS: Record<string, () => Promise<Register>> = {
  find: async () => (await import('./find.js')).registerFind,
  schedule: async () => (await import('./schedule.js')).registerSchedule,
  analyze: async () => (await import('./analyze.js')).registerAnalyze,
  train: async () => (await import('./train.js')).registerTrain, // train and compare
};
const MODULE_OF: Record<string, string> = { find: 'find', schedule: 'schedule', analyze: 'analyze', train: 'train', compare: 'train' };

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Run the CLI with `argv` (without node and script) and resolve to the exit code: 0 ok,
 * 1 failure (also: an output file had to be rescued), 2 bad usage (also: the --out folder is taken by
 * another run or holds files it may not replace), 130 interrupted by SIGINT, 143 by SIGTERM.
 *
 * @example
 * const code = await runCli(['schedule', 'triangular2', '--max-lr', '0.1', '--epochs', '10']);
 */
export async function runCli(argv: string[], io: Io = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  const done = (c: number) => {
    code = c;
  };
  const program = new Command('lrkit')
    .description('LR range test ("LR finder") and cyclical / one-cycle learning-rate schedules for TensorFlow.js')
    .version(version())
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      // Commander's own messages ("error: unknown option ...") get the prefix of every other error.
      outputError: (s, write) => write(s.replace(/^error: /, 'lrkit: ')),
    })
    .exitOverride();
  // The command named first, or all of them (help, a typo: commander lists or suggests them).
  const named = Object.hasOwn(MODULE_OF, argv[0] ?? '') ? MODULE_OF[argv[0]] : undefined;
  for (const name of named ? [named] : Object.keys(COMMANDS)) (await COMMANDS[name]())(program, io, done);
  for (const c of program.commands) c.exitOverride().showHelpAfterError('(run with --help for usage)');
  if (argv.length === 0) {
    // No command is a usage error, not a success: say what there is to run.
    io.err(program.helpInformation().trimEnd());
    return EXIT.usage;
  }
  // Only this command's writers decide its exit code: nothing an earlier in-process caller of
  // outputs() left open (a library user, a test) counts against it.
  releaseOutputs();
  try {
    await program.parseAsync(argv, { from: 'user' });
    // A signal or a failed write during the command decides its exit code (130/143, 1).
    return finishOutputs(code, io);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      if (e.code === 'commander.executeSubCommandAsync') return EXIT.failure;
      return EXIT.usage; // commander already printed the message
    }
    if (e instanceof UsageError) {
      io.err(`lrkit: ${e.message}`);
      return EXIT.usage;
    }
    if (e instanceof OutputExistsError) {
      io.err(`lrkit: ${e.message}`);
      return EXIT.failure;
    }
    const err = e as Error;
    io.err(`lrkit: error: ${err?.message ?? String(e)}`);
    if (process.env.LRKIT_DEBUG) io.err(String(err?.stack));
    return EXIT.failure;
  } finally {
    releaseOutputs(); // the output folder's lock and the signal handlers end with the command
  }
}
