// Entry point of the `lrkit` command (bin/lrkit.js imports this file): runs the CLI on import.
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2));
// Let stdout drain, then leave even if tfjs keeps timers or workers alive.
process.stdout.write('', () => process.exit(code));
