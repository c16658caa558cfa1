// Pieces shared by the CLI commands: options common to the training commands, model building,
// progress output, Ctrl-C handling and writing output files.
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { delimiter } from 'node:path';
import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import cliProgress from 'cli-progress';
import { z } from 'zod';
import { loadSplits } from '../data/index.js';
import type { DataSplits } from '../data/types.js';
import { createCnn, createMlp, createOptimizer, loadLayersModelFromFile, OPTIMIZER_NAMES } from '../models/index.js';
import { crossEntropyFor, exampleShapeFor } from '../models/fit-check.js';
import { OutputExistsError, prepareOutputDir, writeFileAtomic } from '../io/files.js';
import { formatLr } from '../report/scales.js';
import { DEFAULT_FONT_FILES } from '../report/fonts.js';
import { setBackend, type BackendChoice } from '../tfjs/backend.js';
import { num, oneOf, UsageError } from './errors.js';

/** Where the CLI writes human output; tests swap these. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only then). */
  tty: boolean;
  /** Width of the terminal stdout is, when it is one (charts fit it). */
  columns?: number;
}

/**
 * Chart width for the terminal: at most `max` columns, and `margin` fewer than the terminal has
 * (the y labels), at least 20.
 *
 * @example
 * asciiCurve(curve, marks, { width: chartWidth(io) });
 */
export function chartWidth(io: Io, max = 70, margin = 14): number {
  return io.columns ? Math.max(20, Math.min(max, io.columns - margin)) : max;
}

/** The real process streams. @example const io = processIo(); io.err('hello'); */
export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
    tty: Boolean(process.stderr.isTTY),
    ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
  };
}

export const BACKENDS = ['auto', 'node', 'wasm', 'cpu'] as const;

/** Environment variable with font files for PNG text, separated like PATH. @example LRKIT_FONTS=/f/a.ttf:/f/b.ttf */
export const FONT_ENV = 'LRKIT_FONTS';

/**
 * zod field of `--font` (repeatable): each value must be an existing .ttf/.otf/.ttc file.
 *
 * @example
 * z.object({ font: fontField() }).parse({ font: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'] });
 */
export function fontField() {
  return z
    .array(z.string())
    .optional()
    .superRefine((files, ctx) => {
      // The whole list is reported at once: parseOptions shows raw.font, so name the bad file here.
      for (const f of files ?? []) {
        if (!/\.(ttf|otf|ttc)$/i.test(f)) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(f)} is not a .ttf, .otf or .ttc font file` });
        else if (!existsSync(f)) ctx.addIssue({ code: 'custom', message: `font file ${JSON.stringify(f)} not found` });
      }
    });
}

/**
 * Add the repeatable `--font <ttf>` option to a command.
 *
 * @example
 * addFontOption(program.command('schedule'));
 */
export function addFontOption(cmd: Command): Command {
  return cmd.option(
    '--font <ttf>',
    `font file for the text of PNG charts, repeatable (default: $${FONT_ENV}, else DejaVu Sans from fonts-dejavu-core; without any font the PNG is skipped)`,
    (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
  );
}

/**
 * The font files to draw PNG text with: `--font` files (already checked to exist), else the
 * existing files of $LRKIT_FONTS, else the DejaVu files of `fonts-dejavu-core`. Without any, a
 * warning says how to fix it and the result is undefined: the caller skips its PNG but writes
 * everything else. Call it before training, so the warning comes first.
 *
 * @example
 * const fonts = pngFonts(opts.font, io, 'plot.png');
 * if (fonts) await out.write('plot.png', await renderPng(svg, { fontFiles: fonts }));
 */
export function pngFonts(flag: readonly string[] | undefined, io: Io, png: string, env: string | undefined = process.env[FONT_ENV]): string[] | undefined {
  if (flag && flag.length > 0) return [...flag];
  const fromEnv = (env ?? '').split(delimiter).filter((f) => f !== '');
  const wanted = fromEnv.length > 0 ? fromEnv : [...DEFAULT_FONT_FILES];
  const found = wanted.filter((f) => existsSync(f));
  // The regular DejaVu face is the one the charts need; bold alone is no reason to skip.
  const ok = fromEnv.length > 0 ? found.length > 0 : found.includes(DEFAULT_FONT_FILES[0]);
  if (ok) return found;
  io.err(
    `lrkit: warning: no font file for PNG text (looked for ${wanted.join(', ')}${fromEnv.length > 0 ? ` from $${FONT_ENV}` : ''}): ` +
      `${png} will not be written; the SVG, report and data files are. ` +
      `To get PNGs: apt-get install fonts-dejavu-core, or pass --font /path/to/font.ttf (or set ${FONT_ENV}=/path/a.ttf${delimiter}/path/b.ttf)`,
  );
  return undefined;
}

/**
 * zod fields shared by find / train / compare: model, data, batch size, optimizer, seed, backend.
 *
 * @example
 * const schema = z.object({ ...modelDataFields });
 */
export const modelDataFields = {
  model: z.string().refine((m) => m === 'mlp' || m === 'cnn' || /\.json$/i.test(m), {
    message: 'expected mlp, cnn or the path of a TF.js model.json',
  }),
  data: z.string().refine((d) => ['mnist', 'fashion-mnist', 'spirals', 'blobs'].includes(d) || /\.(csv|json)$/i.test(d), {
    message: 'expected mnist, fashion-mnist, spirals, blobs or a .csv/.json file of features + label',
  }),
  label: z.string().min(1),
  limit: num.posInt,
  valLimit: num.posInt,
  batchSize: num.posInt,
  optimizer: oneOf(OPTIMIZER_NAMES),
  momentum: num.unit,
  hidden: z.string().transform((s, ctx) => {
    const parts = s.split(',').map((p) => Number(p.trim()));
    if (parts.length === 0 || !parts.every((u) => Number.isInteger(u) && u > 0)) {
      ctx.addIssue({ code: 'custom', message: 'expected comma-separated positive integers, e.g. 128 or 256,128' });
      return z.NEVER;
    }
    return parts;
  }),
  seed: num.nonNegInt,
  backend: oneOf(BACKENDS),
  out: z.string().min(1),
  force: z.boolean(),
  json: z.boolean(),
  progress: z.boolean(),
  font: fontField(),
};

/** Options after validation of the shared fields. */
export interface ModelDataOptions {
  model: string;
  data: string;
  label: string;
  limit: number;
  valLimit: number;
  batchSize: number;
  optimizer: string;
  momentum: number;
  hidden: number[];
  seed: number;
  backend: BackendChoice;
}

/**
 * Start the chosen backend and say which one runs (to stderr).
 *
 * @example
 * const name = await startBackend('auto', io); // 'wasm'
 */
export async function startBackend(choice: BackendChoice, io: Io, quiet = false): Promise<string> {
  const name = await setBackend(choice);
  if (!quiet) io.err(`backend: ${name}${choice === 'auto' ? ' (auto: tfjs-node if installed, else wasm, else cpu)' : ''}`);
  return name;
}

/**
 * Check that the files named by `--data` and `--model` exist, before anything is written or
 * trained, so a typo is bad usage (exit 2) even when the output directory already holds results.
 *
 * @example
 * checkInputPaths({ data: 'iris.csv', model: 'mlp' }); // throws UsageError when iris.csv is missing
 */
export function checkInputPaths(o: { data: string; model: string }): void {
  const file = (flag: string, p: string, what: string) => {
    if (!existsSync(p)) throw new UsageError(`invalid ${flag} ${JSON.stringify(p)}: file not found`);
    if (statSync(p).isDirectory()) throw new UsageError(`invalid ${flag} ${JSON.stringify(p)}: this is a directory; expected ${what}`);
  };
  if (/\.(csv|json)$/i.test(o.data)) file('--data', o.data, 'a .csv or .json file of features + label');
  if (o.model !== 'mlp' && o.model !== 'cnn') file('--model', o.model, "a TF.js model.json (its weight files beside it)");
}

/**
 * Load the train/validation data named by `--data`, checking a path exists first.
 *
 * @example
 * const { train, test } = await loadCliData(opts);
 */
export async function loadCliData(o: ModelDataOptions): Promise<DataSplits> {
  if (/\.(csv|json)$/i.test(o.data) && !existsSync(o.data)) {
    throw new UsageError(`invalid --data ${JSON.stringify(o.data)}: file not found`);
  }
  let data: DataSplits;
  try {
    data = await loadSplits(o.data, { trainLimit: o.limit, testLimit: o.valLimit, seed: o.seed, label: o.label });
  } catch (e) {
    // A data file the readers reject (missing label column, text in a feature, no rows) is bad
    // input like a bad flag: exit code 2 with the reader's message.
    if (e instanceof RangeError || e instanceof TypeError) throw new UsageError(`invalid --data ${JSON.stringify(o.data)}: ${e.message}`);
    throw e;
  }
  if (data.train.numClasses < 2) {
    const names = data.train.classNames?.length ? ` (${data.train.classNames.map((c) => JSON.stringify(c)).join(', ')})` : '';
    throw new UsageError(`invalid --data ${JSON.stringify(o.data)}: the label column ${JSON.stringify(o.label)} has ${data.train.numClasses} class${names}; classification needs at least 2`);
  }
  return data;
}

/**
 * Give the data the input shape of a saved `--model` when only the layout differs (same number of
 * values per example, e.g. a model trained on flat `[784]` vectors and MNIST's `[28, 28, 1]`
 * images). The features are row-major and flat already, so only `shape` changes. Embedded models
 * (mlp, cnn) are built for the data and need nothing.
 *
 * @example
 * const data = await fitDataToModel(opts, await loadCliData(opts)); // data.train.shape: [784]
 */
export async function fitDataToModel(o: ModelDataOptions, data: DataSplits): Promise<DataSplits> {
  if (o.model === 'mlp' || o.model === 'cnn') return data;
  if (!existsSync(o.model)) throw new UsageError(`invalid --model ${JSON.stringify(o.model)}: file not found`);
  const model = await loadCliModel(o.model);
  let fitted: number[];
  try {
    // Only the input matters here; the output is checked against the classes in buildModel.
    fitted = exampleShapeFor(model, { shape: data.train.shape, numClasses: model.outputs[0].shape[1] ?? 0 });
  } catch (e) {
    throw new UsageError(`invalid --model ${JSON.stringify(o.model)}: ${(e as Error).message}`);
  } finally {
    model.dispose();
  }
  return { train: { ...data.train, shape: [...fitted] }, test: { ...data.test, shape: [...fitted] } };
}

/**
 * A saved model named by --model; a malformed model.json or a missing, short or corrupt weights
 * file is bad input (exit 2 naming --model and the file), like a bad data file.
 *
 * @example
 * const model = await loadCliModel('saved/model.json');
 */
export async function loadCliModel(file: string): Promise<tf.LayersModel> {
  try {
    return await loadLayersModelFromFile(file);
  } catch (e) {
    throw new UsageError(`invalid --model ${JSON.stringify(file)}: ${(e as Error).message}`);
  }
}

/**
 * Build (or load) the model of `--model`, compiled with `--optimizer` at learning rate `lr`.
 *
 * @example
 * const model = await buildModel(opts, data.train, 0.01);
 */
export async function buildModel(o: ModelDataOptions, train: DataSplits['train'], lr: number): Promise<tf.LayersModel> {
  const common = {
    inputShape: train.shape,
    classes: train.numClasses,
    seed: o.seed,
    optimizer: o.optimizer,
    lr,
    optimizerOptions: { momentum: o.momentum },
  };
  if (o.model === 'mlp') return createMlp({ ...common, hidden: o.hidden });
  if (o.model === 'cnn') {
    if (train.shape.length !== 3) {
      throw new UsageError(`invalid --model "cnn": data ${JSON.stringify(o.data)} is not images (example shape ${JSON.stringify(train.shape)}); use mlp`);
    }
    return createCnn(common);
  }
  if (!existsSync(o.model)) throw new UsageError(`invalid --model ${JSON.stringify(o.model)}: file not found`);
  const model = await loadCliModel(o.model);
  let loss: ReturnType<typeof crossEntropyFor>;
  try {
    exampleShapeFor(model, train); // fitDataToModel gave the data the model's layout already
    loss = crossEntropyFor(model);
  } catch (e) {
    model.dispose();
    throw new UsageError(`invalid --model ${JSON.stringify(o.model)}: ${(e as Error).message}`);
  }
  model.compile({
    optimizer: createOptimizer(o.optimizer, lr, { momentum: o.momentum }),
    loss, // fixed epsilon (src/tfjs/losses.ts); softmax first for a model that outputs logits
    metrics: ['accuracy'],
  });
  return model;
}

/**
 * A progress display: a cli-progress bar on a terminal, otherwise a plain line every ~10 %
 * (so logs and tests still see progress); nothing with `quiet`.
 *
 * @example
 * const p = progress(io, 100, { quiet: opts.json, label: 'find' });
 * p.update(10, { lr: '1e-3', loss: '2.30' });
 * p.stop();
 */
export function progress(io: Io, total: number, opts: { quiet?: boolean; label: string; format?: string; stream?: NodeJS.WritableStream }) {
  if (opts.quiet) return { update: (_v: number, _p?: Record<string, string>) => {}, stop: () => {} };
  if (io.tty) {
    const format = opts.format ?? `${opts.label} [{bar}] {value}/{total} | ETA {eta_formatted}`;
    const bar = new cliProgress.SingleBar(
      {
        format,
        stream: opts.stream ?? process.stderr,
        hideCursor: true,
        etaBuffer: 20,
        // Erase the bar when it stops, so the summary printed next does not land on its remains.
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    // cli-progress prints unknown {placeholders} literally until the first update: start with '-'.
    const builtIn = new Set(['bar', 'value', 'total', 'percentage', 'eta', 'eta_formatted', 'duration', 'duration_formatted']);
    const keys = [...format.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((k) => !builtIn.has(k));
    bar.start(total, 0, Object.fromEntries(keys.map((k) => [k, '-'])));
    return { update: (v: number, p?: Record<string, string>) => bar.update(v, p ?? {}), stop: () => bar.stop() };
  }
  let next = Math.max(1, Math.ceil(total / 10));
  const step = next;
  return {
    update: (v: number, p?: Record<string, string>) => {
      if (v >= next || v === total) {
        io.err(`${opts.label}: ${v}/${total}${p ? ' ' + Object.entries(p).map(([k, x]) => `${k}=${x}`).join(' ') : ''}`);
        while (next <= v) next += step;
      }
    },
    stop: () => {},
  };
}

/** Format a learning rate with 3 significant digits (the report's formatLr). @example fmtLr(0.00316) // '3.16e-3' */
export const fmtLr = (lr: number): string => formatLr(lr, 2);
