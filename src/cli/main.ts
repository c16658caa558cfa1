// Entry point of the `lrkit` command (bin/lrkit.js imports this file): runs the CLI on import.
import { runCli } from './program.js';

// `lrkit ... | head`: the reader went away. Files are written before anything is printed, so
// there is nothing left to do; leave quietly instead of crashing on an unhandled 'error' event.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const code = await runCli(process.argv.slice(2));
// Let stdout drain, then leave even if tfjs keeps timers or workers alive.
process.stdout.write('', () => process.exit(code));
