// `lrkit schedule`: print, chart and plot a learning-rate schedule from flags or a JSON spec.
import type { Command } from 'commander';
import { z } from 'zod';
import { cliNumber, num, oneOf, parseOptions, UsageError } from './errors.js';
import { addFontOption, chartWidth, fmtLr, fontField, pngFonts, type Io } from './common.js';
import { outputs } from './outputs.js';
import { plural, USES } from './recommendation.js';
import { loadScheduleFile } from './schedule-file.js';
import type { TopLevelSpec } from 'vega-lite';
import { asciiSchedule, renderPng, renderSvg, schedulePlot } from '../report/index.js';
import { ENGINES, FAMILY_FACTORIES, POLICY_NAMES, policySchedules, sample, type Schedule, type ScheduleSpec, SMITH, toEngine, toSpec } from '../index.js';

/** The longest schedule `lrkit schedule` samples (ten million steps: 80 MB of values). */
const MAX_STEPS = 10_000_000;

/** Files `lrkit schedule` writes. @example SCHEDULE_FILES[0] // 'schedule.json' */
export const SCHEDULE_FILES = ['schedule.json', 'schedule.csv', 'schedule.svg', 'schedule.png'] as const;

const schema = z.object({
  policy: z.string().optional(),
  spec: z.string().optional(),
  options: z.string().optional(),
  export: oneOf(ENGINES).optional(),
  use: oneOf(USES).optional(),
  baseLr: num.positive.optional(),
  maxLr: num.positive,
  epochs: num.posInt,
  itersPerEpoch: num.posInt,
  stepSize: num.positive,
  // Any gamma > 0, as PyTorch's CyclicLR: above 1 the exp_range amplitude grows (train/compare keep (0, 1]).
  gamma: num.positive.optional(),
  cycleMomentum: z.boolean(),
  rows: cliNumber('an integer >= 2').refine((n) => Number.isInteger(n) && n >= 2, 'expected an integer >= 2'),
  out: z.string().min(1),
  plot: z.boolean(),
  force: z.boolean(),
  json: z.boolean(),
  font: fontField(),
  /** Which of --epochs / --iters-per-epoch were typed (a spec file's own length wins otherwise). */
  given: z.object({ epochs: z.boolean(), itersPerEpoch: z.boolean() }),
});

/** Add `lrkit schedule` to a commander program. @example registerSchedule(program, processIo(), done); */
export function registerSchedule(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command('schedule')
    .description('print (table + terminal chart) and plot a learning-rate schedule')
    .argument('[policy]', `${POLICY_NAMES.join(', ')}, or a family factory such as torch.stepLR, keras.cosineDecay, transformers.linearScheduleWithWarmup (with --options); or give --spec`)
    .option('--export <engine>', 'also write the schedule for another engine: pytorch (schedule.py: make_scheduler(optimizer)), keras (schedule.py: make_schedule()), optax (schedule.py: schedule(count)), deepspeed (ds_config.scheduler.json: the "scheduler" block)')
    .option('--options <json>', 'the options of a family factory as JSON, e.g. \'{"lr": 0.1, "stepSize": 30}\' for torch.stepLR')
    .option('--spec <file>', 'a JSON schedule spec file ({"type": "cyclic", ...}, or schedule.json / train.json / a recommended entry of find); its length and momentum are used')
    .option('--base-lr <lr>', 'low end of the cycles / the rate of "fixed" (default: max-lr / 4)')
    .option('--max-lr <lr>', 'high end of the cycles / one-cycle peak', '0.1')
    .option('--epochs <n>', 'training length in epochs (with --spec: default the file\'s length)', '10')
    .option('--iters-per-epoch <n>', 'optimizer steps per epoch', '100')
    .option('--step-size <epochs>', 'half-cycle length in epochs (Smith: 2-10 x iterations per epoch)', String(SMITH.halfCycleEpochs))
    .option('--use <use>', `with --spec <find or analyze output>: which recommended schedule (${USES.join(', ')}; default oneCycle)`)
    .option('--gamma <g>', 'exp_range amplitude factor per step, > 0; below 1 it decays (default: shrink to 1/10 over the run)')
    .option('--cycle-momentum', 'one-cycle: also show the momentum schedule 0.95 -> 0.85 -> 0.95', false)
    .option('--rows <n>', 'rows of the printed table', '11')
    .option('--out <dir>', 'output directory for schedule.json/.csv/.svg/.png', 'lrkit-out')
    .option('--no-plot', 'print only, write no files')
    .option('--force', 'overwrite existing output files', false)
    .option('--json', 'print the spec and the values as JSON on stdout', false);
  addFontOption(cmd)
    .addHelpText('after', '\nExamples:\n  lrkit schedule triangular2 --base-lr 0.001 --max-lr 0.006 --epochs 10 --iters-per-epoch 500 --step-size 2\n  lrkit schedule one-cycle --max-lr 0.1 --epochs 5 --cycle-momentum\n  lrkit schedule torch.stepLR --options \'{"lr": 0.1, "stepSize": 300}\' --epochs 10\n  lrkit schedule transformers.linearScheduleWithWarmup --options \'{"lr": 5e-5, "numWarmupSteps": 100, "numTrainingSteps": 1000}\'\n  lrkit schedule --spec lrkit-out/schedule.json\n  lrkit schedule --spec lrkit-out/curve.json --export pytorch   # find\'s recommended one-cycle')
    .action(async (policy: string | undefined, raw: Record<string, unknown>, c: Command) => {
      const given = { epochs: c.getOptionValueSource('epochs') === 'cli', itersPerEpoch: c.getOptionValueSource('itersPerEpoch') === 'cli' };
      done(await runSchedule({ ...raw, policy, given, outGiven: c.getOptionValueSource('out') === 'cli' }, io));
    });
}

/** The family factories by name (the library's FAMILY_FACTORIES). */
export const FAMILY_SCHEDULES = FAMILY_FACTORIES;

/** A family factory called with the JSON of --options; usage errors name the flag. */
function familySchedule(name: string, optionsJson: string | undefined): Schedule {
  const make = FAMILY_SCHEDULES[name];
  if (!make) {
    const near = Object.keys(FAMILY_SCHEDULES).filter((k) => k.split('.')[0] === name.split('.')[0]);
    throw new UsageError(`invalid policy ${JSON.stringify(name)}: expected ${POLICY_NAMES.join(', ')} or a family factory: ${(near.length ? near : Object.keys(FAMILY_SCHEDULES)).join(', ')}`);
  }
  if (optionsJson === undefined) throw new UsageError(`${name} needs --options <json> with its options, e.g. --options '{"lr": 0.1, ...}'`);
  let options: unknown;
  try {
    options = JSON.parse(optionsJson);
  } catch (e) {
    throw new UsageError(`invalid --options ${JSON.stringify(optionsJson)}: not valid JSON (${(e as Error).message})`);
  }
  try {
    return make(options as never);
  } catch (e) {
    throw new UsageError(`invalid --options for ${name}: ${(e as Error).message}`);
  }
}

async function runSchedule(raw: Record<string, unknown>, io: Io): Promise<number> {
  const o = parseOptions(schema, raw);
  if (!o.policy && !o.spec) throw new UsageError('give a policy (' + POLICY_NAMES.join(', ') + ') or --spec <file>');
  if (o.policy && o.spec) throw new UsageError(`give either a policy (${JSON.stringify(o.policy)}) or --spec, not both`);
  const family = o.policy !== undefined && o.policy.includes('.');
  if (o.policy && !family && !(POLICY_NAMES as readonly string[]).includes(o.policy)) {
    throw new UsageError(`invalid policy ${JSON.stringify(o.policy)}: expected one of ${POLICY_NAMES.join(', ')}, or a family factory such as torch.stepLR`);
  }
  if (o.use !== undefined && !o.spec) throw new UsageError(`invalid --use ${o.use}: it picks a recommended schedule of a --spec file (find's curve.json, analyze's analysis.json)`);
  if (o.options !== undefined && !family) throw new UsageError('--options goes with a family factory (torch.*, keras.*, transformers.*); the policies take their own flags');
  if (o.gamma !== undefined && o.policy !== 'exp_range') {
    throw new UsageError(`invalid --gamma ${o.gamma}: it sets exp_range's decay, and the ${o.policy ? `policy is ${o.policy}` : 'schedule comes from --spec'}`);
  }
  let lr: Schedule;
  let momentum: Schedule | undefined;
  let name: string;
  let total = o.epochs * o.itersPerEpoch;
  // Steps per epoch, when known (a spec file may give only its total length).
  let ipe: number | undefined = o.itersPerEpoch;
  if (o.spec) {
    const f = loadScheduleFile(o.spec, o.use);
    lr = f.lr;
    momentum = f.momentum;
    name = `spec ${o.spec}`;
    // The file's own length unless --epochs / --iters-per-epoch were typed.
    const cliEpochs = o.given.epochs ? o.epochs : undefined;
    ipe = o.given.itersPerEpoch ? o.itersPerEpoch : f.itersPerEpoch;
    if (cliEpochs !== undefined) total = cliEpochs * (ipe ?? o.itersPerEpoch);
    else if (f.steps !== undefined) total = f.steps;
    else if (f.epochs !== undefined && ipe !== undefined) total = f.epochs * ipe;
    else total = o.epochs * (ipe ?? o.itersPerEpoch);
    if (cliEpochs !== undefined && ipe === undefined) ipe = o.itersPerEpoch;
  } else if (family) {
    lr = familySchedule(o.policy!, o.options);
    name = o.policy!;
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
  if (total > MAX_STEPS) {
    throw new UsageError(`the schedule is ${total} steps long (--epochs x --iters-per-epoch): at most ${MAX_STEPS.toLocaleString('en-US')} steps can be sampled and printed`);
  }
  if (total < 2) throw new UsageError(`the schedule is ${total} step${total === 1 ? '' : 's'} long: expected at least 2 (set --epochs / --iters-per-epoch)`);
  // The engine's code before any file is touched: a schedule it cannot express is a usage error.
  let exported: string | undefined;
  if (o.export) {
    try {
      // PyTorch cycles the momentum in the same scheduler; the other engines take the rate alone.
      const withMomentum = momentum && o.export === 'pytorch' ? { momentum } : {};
      exported = toEngine(lr, o.export, { steps: total, ...withMomentum });
      if (momentum && o.export !== 'pytorch') io.err(`note: --export ${o.export} writes the learning rate only; ${o.export} cannot schedule momentum beside it (pytorch can)`);
    } catch (e) {
      throw new UsageError(`invalid --export ${o.export}: ${(e as Error).message.replace(/^toEngine: /, '')}`);
    }
  }
  const fonts = o.plot ? pngFonts(o.font, io, 'schedule.png') : undefined;
  const exportFile = o.export === 'deepspeed' ? 'ds_config.scheduler.json' : 'schedule.py';
  const names = [...(fonts ? SCHEDULE_FILES : SCHEDULE_FILES.filter((f) => f !== 'schedule.png')), ...(exported ? [exportFile] : [])];
  const files = o.plot ? await outputs(o.out, names, { force: o.force, explicit: raw.outGiven !== false }, io) : undefined;
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
  const epochs = ipe !== undefined ? total / ipe : undefined;
  const length = `${total} steps${ipe !== undefined ? ` (${plural(epochs!, 'epoch')} x ${ipe})` : ''}`;

  // Files first: when stdout is a pipe that closes early (| head), the results are already saved.
  if (files) {
    await files.write('schedule.json', JSON.stringify({
      name, steps: total, ...(ipe !== undefined ? { epochs: epochs!, itersPerEpoch: ipe } : {}), spec, ...(momentumSpec ? { momentumSpec } : {}),
    }, null, 2) + '\n');
    await files.write('schedule.csv', 'step,epoch,lr' + (moms ? ',momentum' : '') + '\n' +
      values.map((v, i) => `${i},${ipe !== undefined ? i / ipe : ''},${v}${moms ? ',' + moms[i] : ''}`).join('\n') + '\n');
    const title = `${name}: ${length}`;
    const lrPlot = schedulePlot({ series: [{ name: 'lr', values }], title, yTitle: 'learning rate' });
    // Momentum lives on another scale (0.85..0.95 vs 1e-3..1e-1): a second panel under the lr.
    const svg = await renderSvg(moms ? stacked(lrPlot, schedulePlot({ series: [{ name: 'momentum', values: moms }], yTitle: 'momentum', height: 150 })) : lrPlot);
    await files.write('schedule.svg', svg);
    if (fonts) await files.write('schedule.png', await renderPng(svg, { width: 1200, fontFiles: fonts }));
    if (exported) await files.write(exportFile, exported);
  }
  if (o.json) {
    io.out(JSON.stringify({ name, steps: total, ...(ipe !== undefined ? { epochs, itersPerEpoch: ipe } : {}), spec, momentumSpec, lr: values, momentum: moms, ...(exported ? { export: { engine: o.export, code: exported } } : {}) }, null, 2));
    return files?.rescued.length ? 1 : 0;
  }
  // Round steps (0, 100, 200, ... and the last), so peaks at multiples of the half cycle show exactly.
  const rowSteps = Array.from({ length: o.rows }, (_, i) => Math.min(total - 1, Math.round((i * total) / (o.rows - 1))));
  io.out(`${name}: ${length}\n`);
  io.out(`${'step'.padStart(8)}${ipe !== undefined ? ' ' + 'epoch'.padStart(7) : ''} ${'lr'.padStart(11)}${moms ? ' ' + 'momentum'.padStart(9) : ''}`);
  for (const st of rowSteps) {
    io.out(`${String(st).padStart(8)}${ipe !== undefined ? ' ' + (st / ipe).toFixed(2).padStart(7) : ''} ${values[st].toExponential(4).padStart(11)}${moms ? ' ' + moms[st].toFixed(4).padStart(9) : ''}`);
  }
  const min = values.reduce((m, v) => Math.min(m, v), Infinity);
  const max = values.reduce((m, v) => Math.max(m, v), -Infinity);
  io.out(`\nmin ${fmtLr(min)}, max ${fmtLr(max)}${moms ? `; momentum ${moms.reduce((m, v) => Math.min(m, v), Infinity).toFixed(4)} .. ${moms.reduce((m, v) => Math.max(m, v), -Infinity).toFixed(4)}` : ''}\n`);
  io.out('y: learning rate');
  io.out(asciiSchedule(values, { width: chartWidth(io), height: 10 }));
  if (exported) io.out(`\n${o.export}:\n${exported}`);
  if (files) io.out(`\nwrote ${[...files.paths.values()].join(', ')}`);
  return files?.rescued.length ? 1 : 0;
}

/** Two vega-lite charts one above the other (the second without its own title). */
function stacked(top: TopLevelSpec, bottom: TopLevelSpec): TopLevelSpec {
  const { $schema, config, title, ...a } = top as unknown as Record<string, unknown>;
  const { $schema: _s, config: _c, title: _t, ...b } = bottom as unknown as Record<string, unknown>;
  return { $schema, ...(config ? { config } : {}), ...(title ? { title } : {}), vconcat: [a, b] } as unknown as TopLevelSpec;
}
