// `lrkit find`: the LR range test on an embedded (or saved) model and data set.
import * as tf from '@tensorflow/tfjs';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { type AnalysisContext, analyzeCurve, coreMetric, curveToCsv, type Recommendation } from '../index.js';
import { findLearningRate, type FindLearningRateResult, type RefineResult } from '../tfjs/index.js';
import { batchDataset, toTensors } from '../models/index.js';
import { MAX_RUNS } from '../robust/index.js';
import { cliFindRuns, runsUnsupported, type CliRunsResult } from './runs.js';
import { refineStage } from './refine.js';
import { num, oneOf, parseOptions, UsageError } from './errors.js';
import { onInterrupt, outputs } from './outputs.js';
import { addAnswerOptions, answerFields, exportFileOf, writeAnswer } from './answer.js';
import { addFontOption, fmtLr, pngFonts, progress, type Io } from './common.js';
import { buildModel, checkInputPaths, fitDataToModel, loadCliData, modelDataFields, startBackend, type ModelDataOptions } from './model-data.js';
import { refuseLrFreeOptimizer } from './lr-free.js';

/** Files `lrkit find` writes into its output directory. @example FIND_FILES.includes('plot.png') */
export const FIND_FILES = ['curve.json', 'curve.csv', 'plot.svg', 'plot.png', 'report.html'] as const;

const schema = z
  .object({
    ...modelDataFields,
    startLr: num.positive,
    endLr: num.positive,
    numIter: cliInt(2),
    mode: oneOf(['exp', 'linear'] as const),
    metric: oneOf(['loss', 'accuracy'] as const),
    validation: oneOf(['none', 'val'] as const),
    beta: num.unit,
    diverge: num.positive.refine((v) => v > 1, 'expected a number > 1'),
    epochs: num.posInt,
    epochsGiven: z.boolean(),
    itersPerEpoch: num.posInt.optional(),
    ...answerFields,
    runs: num.posInt.refine((n) => n <= MAX_RUNS, `expected an integer from 1 to ${MAX_RUNS}`),
    workers: num.posInt.optional(),
    refine: z.union([z.literal(false), z.literal(true), num.int.refine((n) => n >= 8, 'expected an integer >= 8 (the stage\'s total optimizer steps)')]),
  })
  .superRefine((o, ctx) => {
    if (o.startLr >= o.endLr) {
      ctx.addIssue({ code: 'custom', path: ['endLr'], message: `expected a value above --start-lr (${o.startLr})` });
    }
    const why = o.runs > 1 ? runsUnsupported(o) : undefined;
    if (why) ctx.addIssue({ code: 'custom', path: ['runs'], message: why });
    if (o.refine !== false && o.runs > 1) ctx.addIssue({ code: 'custom', path: ['refine'], message: 'refines one run\'s answer: use it without --runs' });
  });

function cliInt(min: number) {
  return num.int.refine((n) => n >= min, `expected an integer >= ${min}`);
}

/** Add `lrkit find` to a commander program. @example registerFind(program, processIo()); */
export function registerFind(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command('find')
    .description('run the LR range test (default: MLP on real MNIST) and write curve, plots and report')
    .option('--model <model>', 'mlp, cnn, or the path of a saved TF.js LayersModel model.json', 'mlp')
    .option('--data <data>', 'mnist, fashion-mnist, spirals, blobs, or a .csv/.json file of features + label', 'mnist')
    .option('--label <column>', 'label column of a CSV/JSON data file', 'label')
    .option('--limit <n>', 'training examples to load (a seeded random subset)', '10000')
    .option('--val-limit <n>', 'validation examples (for --validation val)', '1000')
    .option('--batch-size <n>', 'mini-batch size', '64')
    .option('--start-lr <lr>', 'first learning rate', '1e-7')
    .option('--end-lr <lr>', 'last learning rate', '10')
    .option('--num-iter <n>', 'number of steps of the test (default 100)')
    .addOption(new Option('--iterations <n>', 'alias of --num-iter').hideHelp())
    .option('--mode <mode>', 'learning-rate growth: exp or linear', 'exp')
    .option('--optimizer <name>', 'sgd, momentum, nesterov, adam, adamax, rmsprop, adagrad, adadelta', 'momentum')
    .option('--momentum <m>', 'momentum for momentum/nesterov/rmsprop', '0.9')
    .option('--hidden <units>', 'hidden layer sizes of the MLP, comma-separated', '128')
    .option('--metric <metric>', 'record loss (lower is better) or accuracy', 'loss')
    .option('--validation <mode>', 'none: training-batch loss; val: loss on --val-limit held-out examples after each step', 'none')
    .option('--beta <b>', 'smoothing of the curve, in [0, 1)', '0.98')
    .option('--diverge <x>', 'stop when the smoothed loss exceeds x times the best', '4')
    .option('--epochs <n>', 'epochs of your training, for the recommended schedules (default 10, said as assumed)', '10')
    .option('--iters-per-epoch <n>', 'steps per epoch for the recommended schedules (default: training set / batch size)')
    .option('--seed <n>', 'seed for data subset, shuffling and weights', '0')
    .option('--runs <n>', 'repeat the test on n data orders (seeds seed..seed+n-1) in worker threads; report the median suggestion and its spread', '1')
    .option('--workers <n>', 'worker threads for --runs (default: one per core)')
    .option('--refine [steps]', 'then compare candidate rates around the answer by short trainings on the validation split (successive halving); steps: the stage\'s total optimizer steps (default 200)', false)
    .option('--backend <name>', 'auto, node, wasm or cpu', 'auto')
    .option('--out <dir>', 'output directory', 'lrkit-out')
    .option('--force', 'overwrite existing output files', false)
    .option('--json', 'print a machine-readable JSON summary on stdout (no chart, no progress bar)', false)
    .option('--no-progress', 'no progress output');
  addAnswerOptions(addFontOption(cmd))
    .addHelpText('after', [
      '\nExamples:',
      '  lrkit find                                      # MLP on real MNIST, 100 steps from 1e-7 to 10',
      '  lrkit find --model cnn --optimizer adam',
      '  lrkit find --data iris.csv --label species --batch-size 16',
      '  lrkit find --model ./my-model/model.json --data my-data.csv',
      '  lrkit find --runs 5                             # median recommendation over 5 data orders',
      '  lrkit find --json --out runs/a --force > summary.json',
    ].join('\n'))
    .action(async (raw: Record<string, unknown>, c: Command) => {
      done(await runFind({ ...raw, epochsGiven: c.getOptionValueSource('epochs') === 'cli', outGiven: c.getOptionValueSource('out') === 'cli' }, io));
    });
}

async function runFind(raw: Record<string, unknown>, io: Io): Promise<number> {
  const o = parseOptions(schema, { ...raw, numIter: raw.numIter ?? raw.iterations ?? '100' });
  const mdo = o as unknown as ModelDataOptions;
  refuseLrFreeOptimizer(o.optimizer, 'find'); // exit 2: prodigy / schedule-free-adamw need no range test
  // Every usage check (input files, fonts) before the output guard: a typo is exit 2, not "exists".
  checkInputPaths(o);
  const fonts = pngFonts(o.font, io, 'plot.png');
  const files = [...(fonts ? FIND_FILES : FIND_FILES.filter((f) => f !== 'plot.png')), ...(o.export ? [exportFileOf(o.export)] : [])];
  const out = await outputs(o.out, files, { force: o.force, explicit: raw.outGiven !== false }, io);
  const backend = await startBackend(o.backend, io, o.json);
  const t0 = performance.now();
  const data = await fitDataToModel(mdo, await loadCliData(mdo));
  if (o.batchSize > data.train.count) {
    throw new UsageError(`invalid --batch-size ${o.batchSize}: larger than the ${data.train.count} training examples`);
  }
  const model = await buildModel(mdo, data.train, o.startLr);
  // The schedules are for the user's training: a full pass over the data set each epoch.
  const fullTrain = o.data === 'mnist' || o.data === 'fashion-mnist' ? 60000 : data.train.count;
  const itersPerEpoch = o.itersPerEpoch ?? Math.max(1, Math.floor(fullTrain / o.batchSize));
  const metric = coreMetric(o.metric); // --metric accuracy: 'higher-is-better' from here on
  const context: AnalysisContext = { metric, itersPerEpoch, epochs: o.epochs, assumed: o.epochsGiven ? [] : ['epochs'] };
  const train = batchDataset(data.train, { batchSize: o.batchSize, seed: o.seed });
  const val = o.validation === 'val' || o.refine !== false ? toTensors(data.test) : undefined;
  const ctl = new AbortController();
  const release = onInterrupt(ctl, io, out);
  // One run reports its smoothed loss; --runs reports each worker's raw loss as it arrives.
  const lossKey = o.runs > 1 ? 'loss' : 'smoothed';
  const bar = progress(io, o.numIter * o.runs, {
    quiet: o.json || !o.progress,
    label: 'find',
    format: `find [{bar}] {value}/{total} | lr {lr} | ${lossKey} {${lossKey}} | ETA {eta_formatted}`,
  });
  let result: FindLearningRateResult;
  let robust: CliRunsResult | undefined;
  let refined: RefineResult | undefined;
  try {
    if (o.runs > 1) {
      // Several data orders in worker threads (src/robust); the run nearest the median valley is the curve written.
      let steps = 0;
      robust = await cliFindRuns({
        ...mdo, runs: o.runs, workers: o.workers, signal: ctl.signal,
        find: { startLr: o.startLr, endLr: o.endLr, numIter: o.numIter, mode: o.mode, beta: o.beta, divergeThreshold: o.diverge, metric, batchSize: o.batchSize },
        onIteration: (_run, it) => bar.update(++steps, { lr: fmtLr(it.lr), [lossKey]: it.loss.toPrecision(4) }),
      });
      if (robust.results.length === 0) throw new Error('interrupted before any run finished');
      result = robust.results[robust.representative];
    } else result = await findLearningRate(model, train, {
      startLr: o.startLr,
      endLr: o.endLr,
      numIter: o.numIter,
      mode: o.mode,
      beta: o.beta,
      divergeThreshold: o.diverge,
      metric,
      batchSize: o.batchSize,
      seed: o.seed,
      signal: ctl.signal,
      ...(val && o.validation === 'val' ? { validationData: val, validationBatchSize: 500 } : {}),
      context,
      onIteration: (it) => {
        // LRKIT_TIMINGS=1: when the first step ended, in ms since the process started (bench/startup.ts).
        if (it.iteration === 0 && process.env.LRKIT_TIMINGS === '1') io.err(`lrkit timing: first step done at ${Math.round(performance.now())} ms`);
        bar.update(it.iteration + 1, { lr: fmtLr(it.lr), [lossKey]: it.smoothed.toPrecision(4) });
      },
    });
    bar.stop();
    if (o.refine !== false && !robust && !ctl.signal.aborted) {
      refined = await refineStage(io, { model, train, val: val!, analysis: result.analysis, steps: o.refine === true ? 200 : o.refine, batchSize: o.batchSize, seed: o.seed, signal: ctl.signal, quiet: o.json || !o.progress });
    }
  } finally {
    bar.stop();
    release();
    tf.dispose(val ? [val.xs, val.ys] : []);
    model.dispose();
  }
  const seconds = (performance.now() - t0) / 1000;
  const partial = result.stopReason === 'aborted' || robust?.aborted === true;
  // With --runs, the median over the runs leads everywhere: printed, plotted, written.
  const analysis = robust
    ? analyzeCurve(robust.results.map((r, i) => ({ ...r, name: `seed ${o.seed + i}` })), context)
    : result.analysis;
  const info = {
    partial,
    model: o.model, data: o.data, optimizer: o.optimizer, batchSize: o.batchSize, validation: o.validation,
    trainExamples: data.train.count, seed: o.seed, backend, seconds: Math.round(seconds * 10) / 10,
  };
  await out.write('curve.csv', curveToCsv(result));
  const title = `LR range test: ${o.model} on ${o.data}, ${o.optimizer}${partial ? ' (partial: interrupted)' : ''}`;
  return writeAnswer(io, out, {
    analysis, kind: 'find', title, yTitle: o.metric, partial,
    summary: `${title}: ${result.iterations} steps, stopped: ${result.stopReason}, ${info.seconds} s`,
    curveJson: {
      ...info, stopReason: result.stopReason, iterations: result.iterations, startLr: o.startLr, endLr: o.endLr, mode: o.mode,
      numIter: result.numIter, metric: result.metric, beta: o.beta,
      ...(robust ? { runs: robustSummary(robust, o.seed) } : {}),
      ...(refined ? { refine: refined } : {}),
    },
    refine: refined,
    curve: result, fonts, json: o.json, allRules: o.allRules, showEma: o.showEma, use: o.use, export: o.export,
    trainHint: trainFlags(o),
    meta: {
      model: o.model, data: o.data, optimizer: o.optimizer, 'training examples': info.trainExamples, 'batch size': o.batchSize,
      steps: `${result.iterations} from ${fmtLr(o.startLr)} to ${fmtLr(o.endLr)} (${o.mode})`, validation: o.validation,
      backend, seconds: info.seconds,
    },
    after: robust ? () => printSpread(io, robust!, analysis.recommendation) : undefined,
  });
}

/** find's model and data flags that differ from the defaults, for the `lrkit train` it suggests. */
function trainFlags(o: { model: string; data: string; optimizer: string; batchSize: number; label: string; hidden: number[]; epochs: number }): string {
  const flags = [`--epochs ${o.epochs}`];
  if (o.model !== 'mlp') flags.push(`--model ${o.model}`);
  if (o.data !== 'mnist') flags.push(`--data ${o.data}`);
  if (o.label !== 'label') flags.push(`--label ${o.label}`);
  if (o.optimizer !== 'momentum') flags.push(`--optimizer ${o.optimizer}`);
  if (o.batchSize !== 64) flags.push(`--batch-size ${o.batchSize}`);
  if (o.hidden.join(',') !== '128') flags.push(`--hidden ${o.hidden.join(',')}`);
  return flags.join(' ');
}

/**
 * With --runs: how far the runs' answers spread around the median the headline shows. Each run's
 * answer is the one its own findLearningRate computed; nothing is recomputed here.
 */
function printSpread(io: Io, r: CliRunsResult, median: Recommendation): void {
  const rows = [
    ['constant', median.constant?.lr, r.results.map((x) => x.recommendation.constant?.lr)],
    ['oneCycle', median.oneCycle?.maxLr, r.results.map((x) => x.recommendation.oneCycle?.maxLr)],
  ] as const;
  io.out(`\nspread over ${r.results.length} runs (median, min..max):`);
  for (const [name, mid, all] of rows) {
    const v = all.filter((x): x is number => x !== undefined);
    if (mid === undefined || v.length === 0) continue;
    const [lo, hi] = [Math.min(...v), Math.max(...v)]; // one value per run: at most MAX_RUNS
    io.out(`  ${name.padEnd(9)} ${fmtLr(mid)}  (${fmtLr(lo)}..${fmtLr(hi)}, x${(hi / lo).toFixed(2)}, ${v.length} of ${r.results.length} runs)`);
  }
}

/** The --runs part of curve.json and of the --json summary. */
function robustSummary(r: CliRunsResult, seed: number) {
  return {
    count: r.results.length,
    seeds: r.results.map((_, i) => seed + i),
    representative: r.representative,
    stopReasons: r.stopReasons,
    curves: r.results.map((x) => ({ lrs: x.lrs, losses: x.losses, smoothed: x.smoothed, stopReason: x.stopReason })),
  };
}
