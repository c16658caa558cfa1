// `lrkit schedule`: print, chart and plot a learning-rate schedule from flags or a JSON spec.
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { policySchedules, POLICY_NAMES } from '../models/policy.js';
import { schedulePlot } from '../report/plots.js';
import { renderPng, renderSvg } from '../report/render.js';
import { asciiSchedule } from '../report/ascii.js';
import { fromSpec, sample, toSpec, type Schedule, type ScheduleSpec } from '../schedules/index.js';
import { num, parseOptions, UsageError } from './errors.js';
import { fmtLr, outputs, type Io } from './common.js';

/** Files `lrkit schedule` writes. @example SCHEDULE_FILES[0] // 'schedule.json' */
export const SCHEDULE_FILES = ['schedule.json', 'schedule.csv', 'schedule.svg', 'schedule.png'] as const;

const schema = z.object({
  policy: z.string().optional(),
  spec: z.string().optional(),
  baseLr: num.positive.optional(),
  maxLr: num.positive,
  epochs: num.posInt,
  itersPerEpoch: num.posInt,
  stepSize: num.positive,
  gamma: num.positive.refine((g) => g <= 1, 'expected a number in (0, 1]').optional(),
  cycleMomentum: z.boolean(),
  rows: num.posInt.refine((n) => n >= 2, 'expected an integer >= 2'),
  out: z.string().min(1),
  plot: z.boolean(),
  force: z.boolean(),
  json: z.boolean(),
});

/** Add `lrkit schedule` to a commander program. @example registerSchedule(program, processIo(), done); */
export function registerSchedule(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('schedule')
    .description('print (table + terminal chart) and plot a learning-rate schedule')
    .argument('[policy]', `${POLICY_NAMES.join(', ')} (or give --spec)`)
    .option('--spec <file>', 'a JSON schedule spec file ({"type": "cyclic", ...}, as written by find/train)')
    .option('--base-lr <lr>', 'low end of the cycles / the rate of "fixed" (default: max-lr / 4)')
    .option('--max-lr <lr>', 'high end of the cycles / one-cycle peak', '0.1')
    .option('--epochs <n>', 'training length in epochs', '10')
    .option('--iters-per-epoch <n>', 'optimizer steps per epoch', '100')
    .option('--step-size <epochs>', 'half-cycle length in epochs (Smith: 2-10 x iterations per epoch)', '2')
    .option('--gamma <g>', 'exp_range amplitude decay per step (default: shrink to 1/10 over the run)')
    .option('--cycle-momentum', 'one-cycle: also show the momentum schedule 0.95 -> 0.85 -> 0.95', false)
    .option('--rows <n>', 'rows of the printed table', '11')
    .option('--out <dir>', 'output directory for schedule.json/.csv/.svg/.png', 'lrkit-out')
    .option('--no-plot', 'print only, write no files')
    .option('--force', 'overwrite existing output files', false)
    .option('--json', 'print the spec and the values as JSON on stdout', false)
    .addHelpText('after', '\nExamples:\n  lrkit schedule triangular2 --base-lr 0.001 --max-lr 0.006 --epochs 10 --iters-per-epoch 500 --step-size 2\n  lrkit schedule one-cycle --max-lr 0.1 --epochs 5 --cycle-momentum\n  lrkit schedule --spec lrkit-out/schedule.json')
    .action(async (policy: string | undefined, raw: Record<string, unknown>) => {
      done(await runSchedule({ ...raw, policy }, io));
    });
}

function loadSpec(file: string): Schedule {
  if (!existsSync(file)) throw new UsageError(`invalid --spec ${JSON.stringify(file)}: file not found`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`invalid --spec ${JSON.stringify(file)}: not valid JSON (${(e as Error).message})`);
  }
  // Accept a bare spec or the files lrkit writes ({ spec } / { lr } wrappers).
  const obj = json as Record<string, unknown>;
  const inner = obj && typeof obj === 'object' && !('type' in obj) ? (obj.spec ?? obj.lr ?? json) : json;
  try {
    return fromSpec(inner);
  } catch (e) {
    throw new UsageError(`invalid --spec ${JSON.stringify(file)}: ${(e as Error).message}`);
  }
}

async function runSchedule(raw: Record<string, unknown>, io: Io): Promise<number> {
  const o = parseOptions(schema, raw);
  if (!o.policy && !o.spec) throw new UsageError('give a policy (' + POLICY_NAMES.join(', ') + ') or --spec <file>');
  if (o.policy && o.spec) throw new UsageError(`give either a policy (${JSON.stringify(o.policy)}) or --spec, not both`);
  if (o.policy && !(POLICY_NAMES as readonly string[]).includes(o.policy)) {
    throw new UsageError(`invalid policy ${JSON.stringify(o.policy)}: expected one of ${POLICY_NAMES.join(', ')}`);
  }
  const total = o.epochs * o.itersPerEpoch;
  let lr: Schedule;
  let momentum: Schedule | undefined;
  let name: string;
  if (o.spec) {
    lr = loadSpec(o.spec);
    name = `spec ${o.spec}`;
  } else {
    if (o.baseLr !== undefined && o.baseLr >= o.maxLr && ['triangular', 'triangular2', 'exp_range'].includes(o.policy!)) {
      throw new UsageError(`invalid --base-lr ${o.baseLr}: expected a value below --max-lr (${o.maxLr}) for ${o.policy}`);
    }
    try {
      const p = policySchedules(o.policy!, {
        maxLr: o.maxLr,
        ...(o.baseLr !== undefined ? { baseLr: o.baseLr } : {}),
        epochs: o.epochs,
        itersPerEpoch: o.itersPerEpoch,
        stepSizeEpochs: o.stepSize,
        ...(o.gamma !== undefined ? { gamma: o.gamma } : {}),
        cycleMomentum: o.cycleMomentum,
      });
      lr = p.lr;
      momentum = p.momentum;
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    name = o.policy!;
  }
  const files = o.plot ? await outputs(o.out, SCHEDULE_FILES, o.force) : undefined;
  let values: number[];
  let moms: number[] | undefined;
  try {
    values = sample(lr, total);
    moms = momentum ? sample(momentum, total) : undefined;
  } catch (e) {
    throw new UsageError(`cannot evaluate the schedule over ${total} steps: ${(e as Error).message}`);
  }
  let spec: ScheduleSpec | undefined;
  try {
    spec = toSpec(lr);
  } catch {
    spec = undefined;
  }
  const momentumSpec = momentum ? toSpec(momentum) : undefined;
  const rowSteps = Array.from({ length: o.rows }, (_, i) => Math.round((i * (total - 1)) / (o.rows - 1)));
  if (o.json) {
    io.out(JSON.stringify({ name, steps: total, spec, momentumSpec, lr: values, momentum: moms }, null, 2));
  } else {
    io.out(`${name}: ${total} steps (${o.epochs} epochs x ${o.itersPerEpoch})\n`);
    io.out(`${'step'.padStart(8)} ${'epoch'.padStart(7)} ${'lr'.padStart(11)}${moms ? ' ' + 'momentum'.padStart(9) : ''}`);
    for (const s of rowSteps) {
      io.out(`${String(s).padStart(8)} ${(s / o.itersPerEpoch).toFixed(2).padStart(7)} ${values[s].toExponential(4).padStart(11)}${moms ? ' ' + moms[s].toFixed(4).padStart(9) : ''}`);
    }
    const min = Math.min(...values);
    const max = Math.max(...values);
    io.out(`\nmin ${fmtLr(min)}, max ${fmtLr(max)}\n`);
    io.out('y: learning rate');
    io.out(asciiSchedule(values, { width: 70, height: 10 }));
  }
  if (files) {
    await files.write('schedule.json', JSON.stringify({ name, steps: total, epochs: o.epochs, itersPerEpoch: o.itersPerEpoch, spec, ...(momentumSpec ? { momentumSpec } : {}) }, null, 2) + '\n');
    await files.write('schedule.csv', 'step,epoch,lr' + (moms ? ',momentum' : '') + '\n' +
      values.map((v, i) => `${i},${i / o.itersPerEpoch},${v}${moms ? ',' + moms[i] : ''}`).join('\n') + '\n');
    const svg = await renderSvg(schedulePlot({
      series: [{ name: 'lr', values }],
      title: `${name}: ${o.epochs} epochs x ${o.itersPerEpoch} steps`,
      yTitle: 'learning rate',
    }));
    await files.write('schedule.svg', svg);
    await files.write('schedule.png', await renderPng(svg, { width: 1200 }));
    if (!o.json) io.out(`\nwrote ${[...files.paths.values()].join(', ')}`);
  }
  return 0;
}
