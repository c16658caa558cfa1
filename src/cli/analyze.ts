// `lrkit analyze`: suggestions and plots for a (lr, loss) curve logged by any framework.
import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { smooth } from '../finder/index.js';
import { parseCurveCsv, parseCurveJson } from '../io/index.js';
import { lrFinderPlot } from '../report/plots.js';
import { renderPng, renderSvg } from '../report/render.js';
import { htmlReport } from '../report/html.js';
import { num, oneOf, parseOptions, UsageError } from './errors.js';
import { addFontOption, fontField, outputs, pngFonts, type Io } from './common.js';
import { recommend } from '../suggestions/index.js';
import { printCurve } from './find.js';
import { markers, recommendedSchedules, reportRecommendations, suggestionsFor } from './recommendation.js';

/** Files `lrkit analyze` writes. @example ANALYZE_FILES.includes('analysis.png') */
export const ANALYZE_FILES = ['analysis.json', 'analysis.svg', 'analysis.png', 'analysis.html'] as const;

const schema = z.object({
  file: z.string(),
  lrColumn: z.string().optional(),
  lossColumn: z.string().optional(),
  smooth: z.boolean(),
  beta: num.unit,
  /** --beta was typed (not commander's default): re-smooth even when the file has a smoothed column. */
  betaGiven: z.boolean(),
  font: fontField(),
  metric: oneOf(['loss', 'accuracy'] as const),
  epochs: num.posInt,
  itersPerEpoch: num.posInt,
  out: z.string().min(1),
  force: z.boolean(),
  json: z.boolean(),
});

/**
 * Smoothed values for a curve that may end in NaN/Infinity (a diverged run): smooth up to the
 * first non-finite value, NaN after it.
 *
 * @example
 * smoothUntilNonFinite([2, 1, NaN], 0.5); // [2, 1.333…, NaN]
 */
export function smoothUntilNonFinite(values: readonly number[], beta: number): number[] {
  let k = values.findIndex((v) => !Number.isFinite(v));
  if (k < 0) k = values.length;
  return [...smooth(values.slice(0, k), beta), ...Array<number>(values.length - k).fill(NaN)];
}

/** Add `lrkit analyze` to a commander program. @example registerAnalyze(program, processIo(), done); */
export function registerAnalyze(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command('analyze')
    .description('suggest learning rates and plot a (lr, loss) curve logged by any framework (CSV or lrkit JSON)')
    .argument('<file>', 'curve .csv (columns lr + loss, names auto-detected) or curve .json')
    .option('--lr-column <name>', 'learning-rate column of the CSV (default: lr, learning_rate, ...)')
    .option('--loss-column <name>', 'loss column of the CSV (default: loss, train_loss, ...)')
    .option('--no-smooth', 'use the raw values (default: smooth unless the file has a smoothed column)')
    .option('--beta <b>', 'smoothing factor, in [0, 1); given explicitly, the raw values are re-smoothed even when the file has a smoothed column', '0.98')
    .option('--metric <metric>', 'the values are a loss (lower is better) or an accuracy', 'loss')
    .option('--epochs <n>', 'training length for the recommended one-cycle schedule', '10')
    .option('--iters-per-epoch <n>', 'steps per epoch for the recommended schedules', '100')
    .option('--out <dir>', 'output directory', 'lrkit-out')
    .option('--force', 'overwrite existing output files', false)
    .option('--json', 'print a machine-readable JSON summary on stdout', false);
  addFontOption(cmd)
    .addHelpText('after', '\nExamples:\n  lrkit analyze torch_lr_finder.csv\n  lrkit analyze keras_log.csv --lr-column lr --loss-column batch_loss --out analysis')
    .action(async (file: string, raw: Record<string, unknown>, c: Command) => {
      done(await runAnalyze({ ...raw, file, betaGiven: c.getOptionValueSource('beta') === 'cli' }, io));
    });
}

async function runAnalyze(raw: Record<string, unknown>, io: Io): Promise<number> {
  const o = parseOptions(schema, raw);
  if (!existsSync(o.file)) throw new UsageError(`invalid file ${JSON.stringify(o.file)}: not found`);
  const ext = extname(o.file).toLowerCase();
  if (ext !== '.csv' && ext !== '.json' && ext !== '.tsv') {
    throw new UsageError(`invalid file ${JSON.stringify(o.file)}: expected a .csv, .tsv or .json curve`);
  }
  const text = readFileSync(o.file, 'utf8');
  let curve: { lrs: number[]; losses: number[]; smoothed?: number[] };
  let columns = '';
  // Where a point came from, for messages: the CSV line and lr column, or the JSON array entry.
  let pointName = (i: number) => `lrs[${i}]`;
  let lrName = '"lrs"';
  try {
    if (ext === '.json') {
      curve = parseCurveJson(text);
    } else {
      const c = parseCurveCsv(text, {
        ...(o.lrColumn ? { lrColumn: o.lrColumn } : {}),
        ...(o.lossColumn ? { lossColumn: o.lossColumn } : {}),
      });
      curve = c;
      pointName = (i: number) => `line ${c.lines[i]}`;
      lrName = JSON.stringify(c.columns.lr);
      columns = `columns lr=${c.columns.lr}, loss=${c.columns.loss}${c.columns.smoothed ? `, smoothed=${c.columns.smoothed}` : ''}`;
    }
  } catch (e) {
    throw new UsageError(`invalid file ${JSON.stringify(o.file)}: ${(e as Error).message}`);
  }
  // A range test's rates only grow; anything else is another kind of log, and no rule can read it.
  const bad = curve.lrs.findIndex((lr, i) => i > 0 && !(lr > curve.lrs[i - 1]));
  if (bad > 0) {
    throw new UsageError(
      `invalid file ${JSON.stringify(o.file)}: the learning-rate column ${lrName} must be strictly increasing (a range test); ` +
        `${pointName(bad)} has ${curve.lrs[bad]}, not above ${curve.lrs[bad - 1]} at ${pointName(bad - 1)}`,
    );
  }
  const fonts = pngFonts(o.font, io, 'analysis.png');
  const out = await outputs(o.out, fonts ? ANALYZE_FILES : ANALYZE_FILES.filter((f) => f !== 'analysis.png'), o.force);
  // The file's own smoothed column wins unless --beta asks for another smoothing of the raw values.
  const fromFile = o.smooth && !o.betaGiven ? curve.smoothed : undefined;
  const smoothed = !o.smooth ? undefined : fromFile ?? smoothUntilNonFinite(curve.losses, o.beta);
  const smoothing = !o.smooth ? 'none' : fromFile ? 'from file' : `beta ${o.beta}`;
  const metric = o.metric === 'accuracy' ? 'higher-is-better' : 'loss';
  const input = { lrs: curve.lrs, losses: curve.losses, ...(smoothed ? { smoothed } : {}), metric } as const;
  const s = suggestionsFor(input);
  const recommendation = recommend(input, { itersPerEpoch: o.itersPerEpoch, epochs: o.epochs, metric });
  const rec = recommendedSchedules(recommendation, { itersPerEpoch: o.itersPerEpoch, epochs: o.epochs });
  const title = `LR range test: ${o.file}`;
  const svg = await renderSvg(lrFinderPlot({
    runs: [{ lrs: curve.lrs, losses: curve.losses, ...(smoothed ? { smoothed } : {}), name: 'curve' }],
    suggestions: markers(recommendation, s),
    title,
    metric: o.metric,
  }));
  const summary = {
    file: o.file, points: curve.lrs.length, smoothed: smoothed !== undefined, smoothing, metric,
    recommendation, suggestions: s ?? null, recommended: rec,
  };
  await out.write('analysis.json', JSON.stringify({ ...summary, lrs: curve.lrs, losses: curve.losses, ...(smoothed ? { smoothed } : {}) }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
  await out.write('analysis.svg', svg);
  if (fonts) await out.write('analysis.png', await renderPng(svg, { width: 1200, fontFiles: fonts }));
  await out.write('analysis.html', htmlReport({
    title,
    result: input,
    recommendation,
    suggestions: s ?? [],
    svg,
    ...reportRecommendations(rec),
    meta: { file: o.file, ...(columns ? { columns } : {}), smoothing },
  }));
  const files = [...out.paths.values()];
  if (o.json) {
    io.out(JSON.stringify({ ...summary, files }, null, 2));
    return 0;
  }
  io.out(`${title}: ${curve.lrs.length} points${columns ? ` (${columns})` : ''}\n`);
  printCurve(io, { lrs: curve.lrs, losses: curve.losses, ...(smoothed ? { smoothed } : {}) }, recommendation, s, metric, `${smoothed ? 'smoothed ' : ''}${o.metric}`);
  io.out(`\nwrote ${files.join(', ')}`);
  return 0;
}
