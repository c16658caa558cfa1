// Pieces shared by the CLI commands: options common to the training commands, model building,
// progress output, Ctrl-C handling and writing output files.
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import cliProgress from 'cli-progress';
import { z } from 'zod';
import { loadSplits } from '../data/index.js';
import type { DataSplits } from '../data/types.js';
import { createCnn, createMlp, createOptimizer, loadLayersModelFromFile, OPTIMIZER_NAMES } from '../models/index.js';
import { prepareOutputDir, writeFileAtomic } from '../io/index.js';
import { formatLr } from '../report/scales.js';
import { setBackend, type BackendChoice } from '../tfjs/backend.js';
import { num, oneOf, UsageError } from './errors.js';

/** Where the CLI writes human output; tests swap these. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only then). */
  tty: boolean;
}

/** The real process streams. @example const io = processIo(); io.err('hello'); */
export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
    tty: Boolean(process.stderr.isTTY),
  };
}

export const BACKENDS = ['auto', 'node', 'wasm', 'cpu'] as const;

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
  seed: num.int,
  backend: oneOf(BACKENDS),
  out: z.string().min(1),
  force: z.boolean(),
  json: z.boolean(),
  progress: z.boolean(),
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
 * Load the train/validation data named by `--data`, checking a path exists first.
 *
 * @example
 * const { train, test } = await loadCliData(opts);
 */
export async function loadCliData(o: ModelDataOptions): Promise<DataSplits> {
  if (/\.(csv|json)$/i.test(o.data) && !existsSync(o.data)) {
    throw new UsageError(`invalid --data ${JSON.stringify(o.data)}: file not found`);
  }
  try {
    return await loadSplits(o.data, { trainLimit: o.limit, testLimit: o.valLimit, seed: o.seed, label: o.label });
  } catch (e) {
    // A data file the readers reject (missing label column, text in a feature, no rows) is bad
    // input like a bad flag: exit code 2 with the reader's message.
    if (e instanceof RangeError || e instanceof TypeError) throw new UsageError(`invalid --data ${JSON.stringify(o.data)}: ${e.message}`);
    throw e;
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
  const model = await loadLayersModelFromFile(o.model);
  const inShape = model.inputs[0].shape.slice(1);
  const outShape = model.outputs[0].shape.slice(1);
  if (JSON.stringify(inShape) !== JSON.stringify(train.shape) && inShape.reduce((a, b) => (a ?? 1) * (b ?? 1), 1) !== train.shape.reduce((a, b) => a * b, 1)) {
    throw new UsageError(`invalid --model ${JSON.stringify(o.model)}: its input shape ${JSON.stringify(inShape)} does not fit the data's ${JSON.stringify(train.shape)}`);
  }
  if (outShape.length !== 1 || outShape[0] !== train.numClasses) {
    throw new UsageError(`invalid --model ${JSON.stringify(o.model)}: its output shape ${JSON.stringify(outShape)} does not match ${train.numClasses} classes`);
  }
  model.compile({
    optimizer: createOptimizer(o.optimizer, lr, { momentum: o.momentum }),
    loss: 'categoricalCrossentropy',
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
export function progress(io: Io, total: number, opts: { quiet?: boolean; label: string; format?: string }) {
  if (opts.quiet) return { update: (_v: number, _p?: Record<string, string>) => {}, stop: () => {} };
  if (io.tty) {
    const bar = new cliProgress.SingleBar(
      {
        format: opts.format ?? `${opts.label} [{bar}] {value}/{total} | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, {});
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

/**
 * Abort on the first Ctrl-C (SIGINT) so the command can save what it has; a second Ctrl-C exits
 * at once with code 130. Call the returned function to remove the handler.
 *
 * @example
 * const ctl = new AbortController();
 * const release = onInterrupt(ctl, io);
 */
export function onInterrupt(ctl: AbortController, io: Io): () => void {
  const handler = () => {
    if (ctl.signal.aborted) process.exit(130);
    io.err('\ninterrupted: stopping after the current step and saving the partial results (Ctrl-C again to quit now)');
    ctl.abort();
  };
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

/**
 * Check all output files up front (refusing to overwrite without `--force`) and return a writer
 * for them (atomic writes).
 *
 * @example
 * const w = await outputs('lrkit-out', ['curve.json'], false);
 * await w.write('curve.json', text);
 */
export async function outputs(dir: string, files: readonly string[], force: boolean) {
  const paths = await prepareOutputDir(dir, files, { force });
  const byName = new Map(files.map((f, i) => [f, paths[i]]));
  return {
    paths: byName,
    async write(name: string, data: string | Uint8Array): Promise<string> {
      const p = byName.get(name);
      if (!p) throw new Error(`internal: output ${name} was not declared`);
      await writeFileAtomic(p, data);
      return p;
    },
  };
}

/** Format a learning rate with 3 significant digits (the report's formatLr). @example fmtLr(0.00316) // '3.16e-3' */
export const fmtLr = (lr: number): string => formatLr(lr, 2);
