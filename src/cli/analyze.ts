// `lrkit analyze`: suggestions and plots for a (lr, loss) curve logged by any framework.
import type { Command } from 'commander';
import { z } from 'zod';
import { analyzeCurve, coreMetric, LOG_SOURCES, smoothUntilNonFinite } from '../index.js';
import { num, oneOf, parseOptions, UsageError } from './errors.js';
import { addFontOption, fontField, pngFonts, progress, type Io } from './common.js';
import { outputs } from './outputs.js';
import { readCurveFile } from './curve-files.js';
import { workerRenderer, type Renderer } from './renderer.js';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { addAnswerOptions, answerFields, exportFileOf, writeAnswer } from './answer.js';

/** Files `lrkit analyze` writes. @example ANALYZE_FILES.includes('analysis.png') */
export const ANALYZE_FILES = ['analysis.json', 'analysis.svg', 'analysis.png', 'analysis.html'] as const;

const schema = z.object({
  file: z.string(),
  lrColumn: z.string().optional(),
  lossColumn: z.string().optional(),
  lrTag: z.string().optional(),
  lossTag: z.string().optional(),
  source: oneOf(LOG_SOURCES).optional(),
  smooth: z.boolean(),
  beta: num.unit,
  /** --beta was typed (not commander's default): re-smooth even when the file has a smoothed column. */
  betaGiven: z.boolean(),
  font: fontField(),
  metric: oneOf(['loss', 'accuracy'] as const),
  epochs: num.posInt.optional(),
  itersPerEpoch: num.posInt.optional(),
  totalSteps: num.posInt.optional(),
  ...answerFields,
  out: z.string().min(1),
  force: z.boolean(),
  json: z.boolean(),
});


/** Add `lrkit analyze` to a commander program. @example registerAnalyze(program, processIo(), done); */
export function registerAnalyze(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command('analyze')
    .description('recommend learning rates for, and plot, a (lr, loss) curve logged by any framework (CSV, JSON or TensorBoard)')
    .argument('<file>', 'a .csv/.tsv log (lr + loss columns, names detected), a .json curve (lrkit, pytorch-lr-finder, Lightning), or a TensorBoard event file / log directory')
    .option('--lr-column <name|index>', 'learning-rate column (CSV: a name or 0-based index; JSON: a key) (default: lr, learning_rate, train/lr, ...)')
    .option('--loss-column <name|index>', 'loss column (CSV: a name or 0-based index; JSON: a key) (default: loss, train_loss, ...)')
    .option('--lr-tag <tag>', 'TensorBoard: the learning-rate scalar tag (default: the one tag naming lr / learning_rate)')
    .option('--loss-tag <tag>', 'TensorBoard: the loss scalar tag (default: the one tag naming a loss, the training one preferred)')
    .option('--source <tool>', `which tool wrote the log, i.e. how its losses were smoothed (inverted to raw ones): ${LOG_SOURCES.join(', ')} (default auto: what the file tells; {lr, loss} JSON is read as pytorch-lr-finder's; see docs/logs.md)`)
    .option('--no-smooth', 'use the raw values (default: smooth unless the file has a smoothed column)')
    .option('--beta <b>', 'smoothing factor, in [0, 1); given explicitly, the raw values are re-smoothed even when the file has a smoothed column', '0.98')
    .option('--metric <metric>', 'the values are a loss (lower is better) or an accuracy', 'loss')
    .option('--epochs <n>', 'epochs of your training, for the recommended schedules (default 10, said as assumed)')
    .option('--iters-per-epoch <n>', 'steps per epoch of your training (default 100, said as assumed)')
    .option('--total-steps <n>', 'length of your training in optimizer steps (instead of --epochs x --iters-per-epoch)')
    .option('--out <dir>', 'output directory', 'lrkit-out')
    .option('--force', 'overwrite existing output files', false)
    .option('--json', 'print a machine-readable JSON summary on stdout', false);
  addAnswerOptions(addFontOption(cmd))
    .addHelpText('after', '\nExamples:\n  lrkit analyze torch_lr_finder.csv\n  lrkit analyze lr_finder_history.json            # pytorch-lr-finder: json.dump(lr_finder.history)\n  lrkit analyze keras_log.csv --lr-column lr --loss-column batch_loss --out analysis\n  lrkit analyze lightning_logs/version_0          # TensorBoard: LearningRateMonitor + the logged loss\n  lrkit analyze runs/ds_range_test --lr-tag Train/Samples/lr --loss-tag Train/Samples/train_loss')
    .action(async (file: string, raw: Record<string, unknown>, c: Command) => {
      done(await runAnalyze({ ...raw, file, betaGiven: c.getOptionValueSource('beta') === 'cli', outGiven: c.getOptionValueSource('out') === 'cli' }, io));
    });
}

/** Logs bigger than this show how much is read (a 1e6-point CSV is ~40 MB, a second or two). */
export const PROGRESS_BYTES = 16 * 2 ** 20;

/** Progress of a long read on stderr, in MB: a bar on a terminal, else a line every ~10 %. */
function readProgress(io: Io, file: string, quiet: boolean): (bytesRead: number, totalBytes: number) => void {
  let bar: ReturnType<typeof progress> | undefined;
  let shown = -1;
  const MB = 2 ** 20;
  return (read, total) => {
    if (total < PROGRESS_BYTES) return;
    bar ??= progress(io, Math.ceil(total / MB), { quiet, label: `reading ${file} (MB)`, format: `reading ${file} [{bar}] {value}/{total} MB | ETA {eta_formatted}` });
    const mb = Math.ceil(read / MB);
    if (mb !== shown) bar.update((shown = mb)); // chunks are smaller than a MB: each value once
    if (read >= total) bar.stop();
  };
}

async function runAnalyze(raw: Record<string, unknown>, io: Io): Promise<number> {
  const o = parseOptions(schema, raw);
  // A long log's plot is drawn in a worker thread, which loads the renderers while the log is read.
  const renderer = logBytes(o.file) >= PROGRESS_BYTES ? workerRenderer() : undefined;
  try {
    return await analyzeFile(o, raw, io, renderer);
  } finally {
    renderer?.close();
  }
}

async function analyzeFile(o: z.infer<typeof schema>, raw: Record<string, unknown>, io: Io, renderer: Renderer | undefined): Promise<number> {
  const { curve, source: columns, lrName, pointName, tool, notes, warnings } = readCurveFile(o.file, o, readProgress(io, o.file, o.json));
  for (const n of notes) io.err(`note: ${n}`);
  for (const w of warnings) io.err(`warning: ${w.message}`);
  if (!curve.losses.some(Number.isFinite)) {
    throw new UsageError(`invalid file ${JSON.stringify(o.file)}: the loss ${columns ? `(${columns}) ` : ''}has no finite value (every one is NaN or Infinity): nothing to analyse`);
  }
  // A range test's rates only grow; anything else is another kind of log, and no rule can read it.
  const bad = curve.lrs.findIndex((lr, i) => i > 0 && !(lr > curve.lrs[i - 1]));
  if (bad > 0) {
    throw new UsageError(
      `invalid file ${JSON.stringify(o.file)}: the learning-rate column ${lrName} must be strictly increasing (a range test); ` +
        `${pointName(bad)} has ${curve.lrs[bad]}, not above ${curve.lrs[bad - 1]} at ${pointName(bad - 1)}`,
    );
  }
  if (o.totalSteps !== undefined && (o.epochs !== undefined || o.itersPerEpoch !== undefined)) {
    throw new UsageError(`invalid --total-steps ${o.totalSteps}: give either --total-steps or --epochs/--iters-per-epoch, not both`);
  }
  const fonts = pngFonts(o.font, io, 'analysis.png');
  const files = [...(fonts ? ANALYZE_FILES : ANALYZE_FILES.filter((f) => f !== 'analysis.png')), ...(o.export ? [exportFileOf(o.export)] : [])];
  const out = await outputs(o.out, files, { force: o.force, explicit: raw.outGiven !== false }, io);
  // The file's own smoothed column wins unless --beta asks for another smoothing of the raw values.
  const fromFile = o.smooth && !o.betaGiven ? curve.smoothed : undefined;
  const smoothed = !o.smooth ? undefined : fromFile ?? smoothUntilNonFinite(curve.losses, o.beta);
  const smoothing = !o.smooth ? 'none' : fromFile ? 'from file' : `beta ${o.beta}`;
  const metric = coreMetric(o.metric); // --metric accuracy: 'higher-is-better' from here on
  const input = { lrs: curve.lrs, losses: curve.losses, ...(smoothed ? { smoothed } : {}), metric, name: 'curve' } as const;
  // A log says nothing of the training it is for: the length is the user's, or named as assumed.
  const assumed = o.totalSteps !== undefined ? [] : [...(o.epochs === undefined ? ['epochs' as const] : []), ...(o.itersPerEpoch === undefined ? ['itersPerEpoch' as const] : [])];
  const analysis = analyzeCurve(input, o.totalSteps !== undefined
    ? { metric, totalSteps: o.totalSteps }
    : { metric, epochs: o.epochs ?? 10, itersPerEpoch: o.itersPerEpoch ?? 100, assumed });
  return writeAnswer(io, out, {
    analysis, kind: 'analysis', title: `LR range test: ${o.file}`, yTitle: o.metric,
    summary: `${o.file}: ${curve.lrs.length} points${columns ? ` (${columns})` : ''}`,
    curveJson: { file: o.file, points: curve.lrs.length, smoothed: smoothed !== undefined, smoothing, metric, read: { tool, notes, warnings } },
    curve: input, fonts, json: o.json, allRules: o.allRules, showEma: o.showEma, use: o.use, export: o.export,
    meta: { file: o.file, ...(columns ? { read: columns } : {}), smoothing }, ...(renderer ? { renderer } : {}),
  });
}

/** The size of a log file, or of a directory's files (a TensorBoard log); 0 when it cannot be read. */
function logBytes(file: string): number {
  try {
    const st = statSync(file);
    if (!st.isDirectory()) return st.size;
    return readdirSync(file, { recursive: true, withFileTypes: true }).reduce((sum, e) => (e.isFile() ? sum + statSync(path.join(e.parentPath ?? e.path, e.name)).size : sum), 0);
  } catch {
    return 0; // the reader says what is wrong with it
  }
}
