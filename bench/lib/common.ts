// Shared helpers of the benchmarks: machine info, statistics, result files, PNGs, a worker pool.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import { seededRandom } from '../../src/data/random.js';
import { renderPng } from '../../src/report/render.js';

// Captured when the benchmark script starts (this module is among its first imports), so the
// result files describe the machine as the run found it, not as the run left it.
const START_MS = performance.now();
const START_LOAD = os.loadavg().map((x) => Math.round(x * 100) / 100);
const START_DATE = new Date().toISOString();

/**
 * Seconds since the benchmark script started (since this module was loaded).
 *
 * @example
 * writeJson('overhead', { ..., wallSeconds: wallSeconds() });
 */
export function wallSeconds(): number {
  return Math.round((performance.now() - START_MS) / 100) / 10;
}

/** bench/results, where every benchmark writes `<name>.json` and `<name>.png`. */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/**
 * What the numbers were measured on. `loadAverageAtStart` and `date` are the values at the start
 * of the script, `loadAverageAtEnd` at the call.
 *
 * @example
 * const info = machineInfo('wasm');
 */
export function machineInfo(backend: string) {
  const require = createRequire(import.meta.url);
  const version = (pkg: string) => {
    try {
      return (require(`${pkg}/package.json`) as { version: string }).version;
    } catch {
      return null;
    }
  };
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    tfjs: version('@tensorflow/tfjs'),
    tfjsBackendWasm: version('@tensorflow/tfjs-backend-wasm'),
    tfjsNode: version('@tensorflow/tfjs-node'),
    backend,
    // The machine is shared; the load average at the start says how noisy the timings may be.
    // Both values are taken when the script starts, even though machineInfo() runs at the end.
    loadAverageAtStart: START_LOAD,
    date: START_DATE,
    loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/**
 * min / median / max / mean of a sample.
 *
 * @example
 * stats([3, 1, 2]); // { n: 3, min: 1, median: 2, max: 3, mean: 2 }
 */
export function stats(values: readonly number[]) {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  const median = n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  const mean = s.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
  return { n, min: s[0], median, max: s[n - 1], mean, sd };
}

/**
 * Percentile bootstrap interval of the median: resample `values` with replacement `resamples`
 * times (seeded, so a result file can be recomputed), take each median, and return the
 * (1 - level)/2 and (1 + level)/2 quantiles of those medians.
 *
 * @example
 * bootstrapMedianInterval([1.2, 0.8, 2.5, 1.9, 0.4]); // { low: 0.4, high: 2.5, level: 0.95, resamples: 10000 }
 */
export function bootstrapMedianInterval(values: readonly number[], { level = 0.95, resamples = 10_000, seed = 1 } = {}) {
  const n = values.length;
  if (n === 0) throw new RangeError('bootstrapMedianInterval: values must not be empty, got []');
  const random = seededRandom(seed); // Math.random cannot be seeded
  const medians = new Float64Array(resamples);
  const sample = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) sample[i] = values[Math.floor(random() * n)];
    medians[r] = stats(sample).median;
  }
  medians.sort();
  const q = (p: number) => medians[Math.min(resamples - 1, Math.max(0, Math.round(p * (resamples - 1))))];
  return { low: q((1 - level) / 2), high: q((1 + level) / 2), level, resamples };
}

/** Round for JSON readability (keeps the significant digits that mean something). */
export function round(x: number, digits = 4): number {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) : x;
}

/**
 * Write bench/results/<name>.json (pretty) and return its path.
 *
 * @example
 * writeJson('overhead', { machine: machineInfo('wasm'), ... });
 */
export function writeJson(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

/**
 * Render a vega-lite spec to bench/results/<name>.png and return its path.
 *
 * @example
 * await writePng('policies', linesPlot({ series }));
 */
export async function writePng(name: string, spec: TopLevelSpec | Record<string, unknown>): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.png`);
  writeFileSync(file, await renderPng(spec, { width: 1400 }));
  return file;
}

/** `--name value` command-line options as numbers/strings, with defaults. */
export function argOf(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * An integer command-line option `--name N`, with a default.
 *
 * @example
 * const seeds = intArg('seeds', 3);
 */
export function intArg(name: string, fallback: number): number {
  const v = argOf(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`--${name} must be a positive integer, got ${JSON.stringify(v)}`);
  return n;
}

/**
 * Run tasks on `size` worker_threads (each with its own tfjs + wasm backend, since wasm is
 * single-threaded in Node), in the order given, and return results in task order.
 *
 * @example
 * const results = await runPool(new URL('./train-worker.ts', import.meta.url), tasks, 2);
 */
export async function runPool<T, R>(
  entry: URL,
  tasks: readonly T[],
  size: number,
  onDone?: (result: R, task: T, index: number) => void,
): Promise<R[]> {
  const results = new Array<R>(tasks.length);
  let next = 0;
  const boot = new URL('./boot.mjs', import.meta.url);
  const one = async () => {
    const worker = new Worker(boot, { workerData: { entry: entry.href } });
    try {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await new Promise<R>((resolve, reject) => {
          const onMessage = (m: { ok: boolean; result?: R; error?: string }) => {
            worker.off('error', reject);
            if (m.ok) resolve(m.result as R);
            else reject(new Error(`task ${i} failed: ${m.error}`));
          };
          worker.once('message', onMessage);
          worker.once('error', reject);
          worker.postMessage(tasks[i]);
        });
        onDone?.(results[i], tasks[i], i);
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, tasks.length) }, one));
  return results;
}

/**
 * Serve tasks inside a worker: each message is a task, answered with `{ ok, result | error }`.
 *
 * @example
 * serve(async (task: Task) => train(task));
 */
export function serve<T, R>(port: import('node:worker_threads').MessagePort, handler: (task: T) => Promise<R>): void {
  port.on('message', (task: T) => {
    handler(task).then(
      (result) => port.postMessage({ ok: true, result }),
      (e: unknown) => port.postMessage({ ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) }),
    );
  });
}
