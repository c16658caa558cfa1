// `lrkit train` and `lrkit compare`: train the embedded model with learning-rate policies.
import type { Command } from 'commander';
import { z } from 'zod';
import type { DataSplits } from '../data/index.js';
import { asciiLines, linesPlot, renderPng, renderSvg } from '../report/index.js';
import { jsonText, recommend, sample, SMITH } from '../index.js';
import { findLearningRate } from '../tfjs/index.js';
import { batchDataset, comparePolicies, policySchedules, POLICY_NAMES, trainWithSchedule, type PolicyName, type PolicyRun } from '../models/index.js';
import { num, oneOf, parseOptions, UsageError } from './errors.js';
import { addFontOption, fmtLr, pngFonts, progress, type Io } from './common.js';
import { buildModel, checkInputPaths, fitDataToModel, loadCliData, modelDataFields, startBackend, type ModelDataOptions } from './model-data.js';
import { onInterrupt, outputs } from './outputs.js';
import { plural } from './recommendation.js';
import { lrFreeTrainSettings, refuseLrFreeOptimizer } from './lr-free.js';

/** Files `lrkit train` writes. @example TRAIN_FILES[0] // 'train.json' */
export const TRAIN_FILES = ['train.json', 'accuracy.svg', 'accuracy.png'] as const;
/** Files `lrkit compare` writes. @example COMPARE_FILES[0] // 'compare.json' */
export const COMPARE_FILES = ['compare.json', 'compare.csv', 'compare.svg', 'compare.png'] as const;

const policy = oneOf(POLICY_NAMES);
const shared = {
  ...modelDataFields,
  epochs: num.posInt,
  baseLr: num.positive.optional(),
  maxLr: num.positive.optional(),
  stepSize: num.positive,
  gamma: num.positive.refine((g) => g <= 1, 'expected a number in (0, 1]').optional(),
  cycleMomentum: z.boolean(),
  evalEvery: num.posInt.optional(),
};
const trainSchema = z.object({ ...shared, policy });
const compareSchema = z.object({
  ...shared,
  policies: z.string().transform((s, ctx) => {
    const list = s.split(',').map((p) => p.trim()).filter(Boolean);
    const bad = list.filter((p) => !(POLICY_NAMES as readonly string[]).includes(p));
    if (list.length === 0 || bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `expected a comma-separated list of ${POLICY_NAMES.join(', ')}${bad.length ? `; unknown: ${bad.join(', ')}` : ''}` });
      return z.NEVER;
    }
    if (new Set(list).size !== list.length) {
      ctx.addIssue({ code: 'custom', message: 'expected each policy at most once' });
      return z.NEVER;
    }
    return list as PolicyName[];
  }),
});

type Shared = z.output<typeof trainSchema>;

function addShared(cmd: Command): Command {
  return addFontOption(cmd
    .option('--model <model>', 'mlp, cnn, or the path of a saved TF.js LayersModel model.json', 'mlp')
    .option('--data <data>', 'mnist, fashion-mnist, spirals, blobs, or a .csv/.json file of features + label', 'mnist')
    .option('--label <column>', 'label column of a CSV/JSON data file', 'label')
    .option('--limit <n>', 'training examples (seeded random subset)', '60000')
    .option('--val-limit <n>', 'test examples used for accuracy', '10000')
    .option('--epochs <n>', 'epochs to train', '3')
    .option('--batch-size <n>', 'mini-batch size', '64')
    .option('--optimizer <name>', 'sgd, momentum, nesterov, adam, adamax, rmsprop, adagrad, adadelta; train also: prodigy, schedule-free-adamw (LR-free: no range test, no schedule)', 'momentum')
    .option('--momentum <m>', 'momentum for momentum/nesterov/rmsprop', '0.9')
    .option('--hidden <units>', 'hidden layer sizes of the MLP, comma-separated', '128')
    .option('--base-lr <lr>', 'low end of the cycles / the rate of "fixed" (default: from a range test)')
    .option('--max-lr <lr>', 'high end of the cycles / one-cycle peak (default: from a range test)')
    .option('--step-size <epochs>', 'half-cycle length in epochs for the cyclic policies (shortened to fit one cycle in a shorter run)', String(SMITH.halfCycleEpochs))
    .option('--gamma <g>', 'exp_range decay per step (default: amplitude shrinks to 1/10 over the run)')
    .option('--cycle-momentum', 'one-cycle: cycle momentum 0.95 -> 0.85 -> 0.95 as well', false)
    .option('--eval-every <n>', 'also evaluate test accuracy every n steps (default: about 20 points per run)')
    .option('--seed <n>', 'seed for data subset, shuffling and weights', '0')
    .option('--backend <name>', 'auto, node, wasm or cpu', 'auto')
    .option('--out <dir>', 'output directory', 'lrkit-out')
    .option('--force', 'overwrite existing output files', false)
    .option('--json', 'print a machine-readable JSON summary on stdout', false)
    .option('--no-progress', 'no progress output'));
}

/** Add `lrkit train` and `lrkit compare` to a commander program. @example registerTrain(program, processIo(), done); */
export function registerTrain(program: Command, io: Io, done: (code: number) => void): void {
  addShared(
    program
      .command('train')
      .description('train the embedded model with one learning-rate policy; report test accuracy per epoch and plot it')
      .option('--policy <policy>', POLICY_NAMES.join(', '), 'one-cycle'),
  )
    .addHelpText('after', '\nExamples:\n  lrkit train --policy triangular2 --epochs 4\n  lrkit train --policy one-cycle --max-lr 0.3 --epochs 3 --cycle-momentum')
    .action(async (raw: Record<string, unknown>, c: Command) => done(await runTrain({ ...raw, outGiven: c.getOptionValueSource('out') === 'cli', policyGiven: c.getOptionValueSource('policy') === 'cli' }, io)));
  addShared(
    program
      .command('compare')
      .description('train the same model with several policies and plot test accuracy vs iteration side by side')
      .option('--policies <list>', 'comma-separated policies', 'fixed,triangular2,one-cycle'),
  )
    .addHelpText('after', '\nExamples:\n  lrkit compare --policies fixed,triangular,triangular2,exp_range,one-cycle --epochs 2 --limit 10000')
    .action(async (raw: Record<string, unknown>, c: Command) => done(await runCompare({ ...raw, outGiven: c.getOptionValueSource('out') === 'cli' }, io)));
}

/** LR bounds from flags, or from a quick range test when --max-lr is missing (its analysis is returned to be written). */
async function bounds(o: Shared, data: DataSplits, policies: readonly PolicyName[], io: Io, stepsPerEpoch: number) {
  if (o.maxLr !== undefined) {
    if (o.baseLr !== undefined && o.baseLr >= o.maxLr && policies.some((p) => p !== 'fixed' && p !== 'one-cycle')) {
      throw new UsageError(`invalid --base-lr ${o.baseLr}: expected a value below --max-lr (${o.maxLr})`);
    }
    return { maxLr: o.maxLr, ...(o.baseLr !== undefined ? { baseLr: o.baseLr } : {}), source: (o as { lrFrom?: string }).lrFrom ?? 'flags' };
  }
  const model = await buildModel(o as unknown as ModelDataOptions, data.train, 1e-7);
  try {
    // The same batches, model and settings as `lrkit find` with its defaults, so both recommend alike;
    // its analysis is the one answer, written as curve.json beside the training's results.
    const r = await findLearningRate(model, batchDataset(data.train, { batchSize: o.batchSize, seed: o.seed }), {
      numIter: 100, batchSize: o.batchSize, seed: o.seed, context: { itersPerEpoch: stepsPerEpoch, epochs: o.epochs },
    });
    const rec = r.analysis.recommendation;
    const onlyOneCycle = policies.length === 1 && policies[0] === 'one-cycle';
    const onlyFixed = policies.length === 1 && policies[0] === 'fixed';
    const maxLr = onlyOneCycle ? rec.oneCycle?.maxLr : onlyFixed ? rec.constant?.lr : rec.cyclic?.maxLr;
    const baseLr = o.baseLr ?? (onlyFixed ? rec.constant?.lr : rec.cyclic?.baseLr);
    if (maxLr === undefined || baseLr === undefined) {
      throw new Error(`the range test gave no recommendation (${rec.warnings.map((w) => w.message).join('; ')}); pass --max-lr`);
    }
    if (!o.json) {
      io.err(`range test (100 steps): ${r.analysis.headline}`);
      for (const w of rec.warnings) io.err(`  ! ${w.code}: ${w.message}`);
    }
    // compare trains `fixed` at the recommended constant, beside the cyclic bounds of the others.
    const fixedLr = o.baseLr ?? rec.constant?.lr;
    return { maxLr, baseLr, ...(fixedLr !== undefined ? { fixedLr } : {}), source: 'range test', rangeTest: r };
  } finally {
    model.dispose();
  }
}

/** The range test train/compare ran, as find writes it (curve.json): the curve and its analysis. */
function rangeTestJson(b: Awaited<ReturnType<typeof bounds>>): string | undefined {
  if (!('rangeTest' in b) || !b.rangeTest) return undefined;
  const r = b.rangeTest;
  const a = r.analysis;
  return jsonText({
    stopReason: r.stopReason, iterations: r.iterations, startLr: r.startLr, endLr: r.endLr, numIter: r.numIter, mode: r.mode, metric: r.metric,
    headline: a.headline, recommendation: a.recommendation, recommended: a.schedules, length: a.length, fastai: a.fastai, markers: a.markers,
    lrs: r.lrs, losses: r.losses, smoothed: r.smoothed, centred: a.curves[0]?.centred ?? [],
  }) + '\n';
}

/** The bounds as train.json / compare.json record them (the range test itself goes to curve.json). */
const boundsJson = (b: Awaited<ReturnType<typeof bounds>>) => {
  const { rangeTest: _r, ...rest } = b as typeof b & { rangeTest?: unknown };
  return rest;
};

/** The files of train/compare, with the range test's curve.json when one will run (no --max-lr). */
const withCurve = (files: readonly string[], o: { maxLr?: number }) => (o.maxLr === undefined ? [...files, 'curve.json'] : [...files]);

async function prepare(o: Shared, io: Io) {
  const backend = await startBackend(o.backend, io, o.json);
  const data = await fitDataToModel(o as unknown as ModelDataOptions, await loadCliData(o as unknown as ModelDataOptions));
  if (o.batchSize > data.train.count) {
    throw new UsageError(`invalid --batch-size ${o.batchSize}: larger than the ${data.train.count} training examples`);
  }
  const stepsPerEpoch = Math.floor(data.train.count / o.batchSize);
  const evalEvery = o.evalEvery ?? Math.max(1, Math.round((o.epochs * stepsPerEpoch) / 20));
  return { backend, data, stepsPerEpoch, evalEvery };
}

async function runTrain(raw: Record<string, unknown>, io: Io): Promise<number> {
  const o = parseOptions(trainSchema, raw);
  const lrFreeNote = lrFreeTrainSettings(o, raw.policyGiven === true); // prodigy, schedule-free-adamw: constant rate, no range test
  if (lrFreeNote && !o.json) io.err(lrFreeNote);
  if (o.gamma !== undefined && o.policy !== 'exp_range') throw new UsageError(`invalid --gamma ${o.gamma}: it sets exp_range's decay, and the policy is ${o.policy}`);
  checkInputPaths(o);
  const fonts = pngFonts(o.font, io, 'accuracy.png');
  const out = await outputs(o.out, withCurve(fonts ? TRAIN_FILES : TRAIN_FILES.filter((f) => f !== 'accuracy.png'), o), { force: o.force, explicit: raw.outGiven !== false }, io);
  const { backend, data, stepsPerEpoch, evalEvery } = await prepare(o, io);
  const b = await bounds(o, data, [o.policy], io, stepsPerEpoch);
  const curveJson = rangeTestJson(b);
  if (curveJson) await out.write('curve.json', curveJson);
  const schedules = policySchedules(o.policy, {
    ...boundsJson(b), epochs: o.epochs, itersPerEpoch: stepsPerEpoch, stepSizeEpochs: o.stepSize,
    ...(o.gamma !== undefined ? { gamma: o.gamma } : {}), cycleMomentum: o.cycleMomentum,
  });
  const model = await buildModel(o as unknown as ModelDataOptions, data.train, b.maxLr);
  const ctl = new AbortController();
  const release = onInterrupt(ctl, io, out);
  const bar = progress(io, o.epochs * stepsPerEpoch, { quiet: o.json || !o.progress, label: 'train', format: 'train [{bar}] {value}/{total} | lr {lr} | loss {loss} | ETA {eta_formatted}' });
  let result;
  try {
    result = await trainWithSchedule({
      model, train: data.train, test: data.test, epochs: o.epochs, batchSize: o.batchSize,
      lr: schedules.lr, ...(schedules.momentum ? { momentum: schedules.momentum } : {}),
      evalEvery, seed: o.seed, signal: ctl.signal,
      onStep: (s) => bar.update(s.step, { lr: fmtLr(s.lr), loss: s.loss.toPrecision(4) }),
    });
  } finally {
    bar.stop();
    release();
    model.dispose();
  }
  const summary = {
    policy: o.policy, model: o.model, data: o.data, optimizer: o.optimizer, backend,
    bounds: boundsJson(b), epochs: o.epochs, batchSize: o.batchSize, stepsPerEpoch,
    trainExamples: data.train.count, testExamples: data.test.count, aborted: result.aborted,
    spec: schedules.spec, ...(schedules.momentumSpec ? { momentumSpec: schedules.momentumSpec } : {}),
    finalAccuracy: result.finalAccuracy, seconds: Math.round(result.seconds * 10) / 10,
    perEpoch: result.epochs, evaluations: result.evaluations,
  };
  await out.write('train.json', JSON.stringify({ ...summary, lrs: result.lrs, losses: result.losses }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
  if (result.evaluations.length > 0) {
    const svg = await renderSvg(linesPlot({
      series: [{ name: o.policy, x: result.evaluations.map((p) => p.step), y: result.evaluations.map((p) => p.accuracy) }],
      title: `${o.model} on ${o.data}: ${o.policy} (${o.optimizer})`,
      xTitle: 'iteration', yTitle: 'test accuracy',
    }));
    await out.write('accuracy.svg', svg);
    if (fonts) await out.write('accuracy.png', await renderPng(svg, { width: 1200, fontFiles: fonts }));
  }
  if (o.json) {
    io.out(JSON.stringify({ ...summary, evaluations: undefined, files: [...out.paths.values()] }, null, 2));
  } else {
    // The range the schedule really spans (one-cycle starts at maxLr/25, not at a baseLr bound).
    const lrs = sample(schedules.lr, Math.max(1, o.epochs * stepsPerEpoch));
    const lo = lrs.reduce((m, v) => Math.min(m, v), Infinity);
    const hi = lrs.reduce((m, v) => Math.max(m, v), -Infinity);
    io.out(`\n${o.policy}: lr ${lo === hi ? fmtLr(hi) : `${fmtLr(lo)} .. ${fmtLr(hi)}`} (bounds from ${b.source}), ${plural(o.epochs, 'epoch')} x ${stepsPerEpoch} steps, ${summary.seconds} s\n`);
    io.out(`${'epoch'.padStart(5)} ${'lr'.padStart(9)} ${'train loss'.padStart(10)} ${'train acc'.padStart(9)} ${'test loss'.padStart(9)} ${'test acc'.padStart(8)}`);
    for (const e of result.epochs) {
      io.out(`${String(e.epoch).padStart(5)} ${fmtLr(e.lr).padStart(9)} ${e.trainLoss.toFixed(4).padStart(10)} ${e.trainAccuracy.toFixed(4).padStart(9)} ${(e.testLoss ?? NaN).toFixed(4).padStart(9)} ${(e.testAccuracy ?? NaN).toFixed(4).padStart(8)}`);
    }
    if (result.aborted) io.out('(interrupted)');
    io.out(`\nfinal test accuracy ${result.finalAccuracy.toFixed(4)}`);
    io.out(`wrote ${[...out.paths.values()].join(', ')}`);
  }
  return result.aborted ? 130 : out.rescued.length > 0 ? 1 : 0;
}

async function runCompare(raw: Record<string, unknown>, io: Io): Promise<number> {
  const o = parseOptions(compareSchema, raw);
  refuseLrFreeOptimizer(o.optimizer, 'compare');
  if (o.gamma !== undefined && !o.policies.includes('exp_range')) throw new UsageError(`invalid --gamma ${o.gamma}: it sets exp_range's decay, and --policies (${o.policies.join(',')}) has no exp_range`);
  checkInputPaths(o);
  const fonts = pngFonts(o.font, io, 'compare.png');
  const out = await outputs(o.out, withCurve(fonts ? COMPARE_FILES : COMPARE_FILES.filter((f) => f !== 'compare.png'), o), { force: o.force, explicit: raw.outGiven !== false }, io);
  const { backend, data, stepsPerEpoch, evalEvery } = await prepare(o as unknown as Shared, io);
  const b = await bounds(o as unknown as Shared, data, o.policies, io, stepsPerEpoch);
  const curveJson = rangeTestJson(b);
  if (curveJson) await out.write('curve.json', curveJson);
  const ctl = new AbortController();
  const release = onInterrupt(ctl, io, out);
  const total = o.epochs * stepsPerEpoch;
  // triangular2 halves its amplitude from the second cycle on: a run shorter than one cycle
  // (2 x --step-size epochs) trains it exactly as triangular.
  if (o.policies.includes('triangular') && o.policies.includes('triangular2') && o.epochs <= 2 * o.stepSize) {
    io.err(`note: with --epochs ${o.epochs} and --step-size ${o.stepSize}, the run ends within the first cycle (${2 * o.stepSize} epochs), where triangular and triangular2 are the same schedule; use --epochs > ${2 * o.stepSize} or a smaller --step-size to tell them apart`);
  }
  let bar = progress(io, total, { quiet: true, label: '' });
  let runs: PolicyRun[];
  try {
    runs = await comparePolicies({
      policies: o.policies,
      // Same seed (or the same saved file) for every policy: all start from the same weights.
      makeModel: () => buildModel(o as unknown as ModelDataOptions, data.train, b.maxLr),
      train: data.train, test: data.test, epochs: o.epochs, batchSize: o.batchSize, evalEvery, seed: o.seed,
      bounds: { ...boundsJson(b), stepSizeEpochs: o.stepSize, ...(o.gamma !== undefined ? { gamma: o.gamma } : {}), cycleMomentum: o.cycleMomentum },
      signal: ctl.signal,
      onPolicy: (p) => {
        bar.stop();
        bar = progress(io, total, { quiet: o.json || !o.progress, label: p.padEnd(11), format: `${p.padEnd(11)} [{bar}] {value}/{total} | lr {lr} | ETA {eta_formatted}` });
      },
      onStep: (s) => bar.update(s.step, { lr: fmtLr(s.lr) }),
    });
  } finally {
    bar.stop();
    release();
  }
  const aborted = ctl.signal.aborted;
  const rows = runs.map((r) => ({
    policy: r.policy, finalAccuracy: r.result.finalAccuracy, seconds: Math.round(r.result.seconds * 10) / 10,
    spec: r.schedules.spec, perEpoch: r.result.epochs, evaluations: r.result.evaluations, aborted: r.result.aborted,
  }));
  await out.write('compare.json', JSON.stringify({
    model: o.model, data: o.data, optimizer: o.optimizer, backend, bounds: boundsJson(b), epochs: o.epochs, batchSize: o.batchSize,
    stepsPerEpoch, trainExamples: data.train.count, testExamples: data.test.count, aborted, runs: rows,
  }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
  await out.write('compare.csv', 'policy,step,epoch,test_loss,test_accuracy\n' +
    runs.flatMap((r) => r.result.evaluations.map((p) => `${r.policy},${p.step},${p.epoch},${p.loss},${p.accuracy}`)).join('\n') + '\n');
  const series = runs.filter((r) => r.result.evaluations.length > 0).map((r) => ({
    name: r.policy, x: r.result.evaluations.map((p) => p.step), y: r.result.evaluations.map((p) => p.accuracy),
  }));
  if (series.length > 0) {
    const svg = await renderSvg(linesPlot({
      series, title: `${o.model} on ${o.data} (${o.optimizer}): test accuracy by policy`, xTitle: 'iteration', yTitle: 'test accuracy',
      // Policies can coincide (triangular and triangular2 within the first cycle): dashes keep both visible.
      dashes: true,
    }));
    await out.write('compare.svg', svg);
    if (fonts) await out.write('compare.png', await renderPng(svg, { width: 1200, fontFiles: fonts }));
  }
  if (o.json) {
    io.out(JSON.stringify({ bounds: boundsJson(b), backend, aborted, runs: rows.map(({ evaluations: _e, perEpoch: _p, ...r }) => r), files: [...out.paths.values()] }, null, 2));
  } else {
    io.out(`\nlr bounds ${b.baseLr !== undefined ? fmtLr(b.baseLr) + ' .. ' : ''}${fmtLr(b.maxLr)} (${b.source}), ${plural(o.epochs, 'epoch')} x ${stepsPerEpoch} steps\n`);
    io.out(`${'policy'.padEnd(12)} ${'test acc'.padStart(8)} ${'seconds'.padStart(8)}`);
    for (const r of rows) io.out(`${r.policy.padEnd(12)} ${r.finalAccuracy.toFixed(4).padStart(8)} ${r.seconds.toFixed(1).padStart(8)}`);
    if (series.length > 0) {
      io.out('\ny: test accuracy');
      io.out(asciiLines(series, { width: 60, height: 10, color: io.tty, xTitle: 'iteration' }));
    }
    if (aborted) io.out('(interrupted)');
    io.out(`\nwrote ${[...out.paths.values()].join(', ')}`);
  }
  return aborted ? 130 : out.rescued.length > 0 ? 1 : 0;
}
