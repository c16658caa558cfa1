// Measures how far each suggestion rule moves between range-test runs, for the "When one run is
// enough" advice in docs/reliability.md. For each optimizer it runs the test 5 times twice:
//   - 'order':      run i shuffles the batches with seed i, same initial weights (what `lrkit find --runs` does)
//   - 'order+init': run i also initialises the weights with seed i (recipe `varyInit: true`)
// and records every run's suggestions, the log-median, min..max and the worst run's factor from
// the median. Output: docs/data/robust-spread.json (committed; the docs table is read from it).
//
// Run: node --import tsx scripts/robust-spread.ts [--runs 5] [--limit 10000] [--workers 2] [--out docs/data/robust-spread.json]
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { findLearningRateInWorkers, type RangeTestRecipe } from '../src/robust/index.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    limit: { type: 'string', default: '10000' },
    workers: { type: 'string', default: String(Math.min(2, availableParallelism())) },
    out: { type: 'string', default: 'docs/data/robust-spread.json' },
  },
});
const RUNS = Number(values.runs);
const LIMIT = Number(values.limit);
const WORKERS = Number(values.workers);
for (const [k, v] of [['runs', RUNS], ['limit', LIMIT], ['workers', WORKERS]] as const) {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`--${k} must be an integer >= 1; got ${String(values[k])}`);
}
const RULES = ['valley', 'steep', 'minimum', 'slide', 'oneCycle', 'cyclicBounds'] as const;
const FIND = { startLr: 1e-7, endLr: 10, numIter: 100, batchSize: 64 };
const OPTIMIZERS = [
  { label: 'sgd', optimizer: 'sgd' as const },
  { label: 'momentum 0.9', optimizer: 'momentum' as const, momentum: 0.9 },
  { label: 'adam', optimizer: 'adam' as const },
];
const round = (x: number, digits = 4) => Number(x.toPrecision(digits));

const rows = [];
const t0 = performance.now();
for (const o of OPTIMIZERS) {
  for (const varyInit of [false, true]) {
    const recipe: RangeTestRecipe = {
      data: { source: 'mnist', limit: LIMIT, seed: 0 },
      model: { kind: 'mlp', hidden: [128], optimizer: o.optimizer, ...(o.momentum !== undefined ? { momentum: o.momentum } : {}), seed: 0 },
      find: { ...FIND, seed: 0 },
      varyInit,
      backend: 'wasm',
    };
    const t = performance.now();
    const r = await findLearningRateInWorkers(recipe, { runs: RUNS, workers: WORKERS });
    const seconds = (performance.now() - t) / 1000;
    const rules = Object.fromEntries(RULES.map((name) => {
      const s = r.suggestions[name];
      const got = s.lrs.filter((v): v is number => v !== undefined);
      // How far the worst single run lands from the median, as a factor >= 1.
      const worst = Math.max(...got.map((v) => Math.max(v / s.lr, s.lr / v)));
      return [name, { median: round(s.lr), min: round(s.min), max: round(s.max), spread: round(s.spread, 3), worstFromMedian: round(worst, 3), perRun: s.lrs.map((v) => (v === undefined ? null : round(v))) }];
    }));
    const variation = varyInit ? 'order+init' : 'order';
    console.log(`${o.label} ${variation}: ${seconds.toFixed(1)} s; ` + RULES.map((n) => `${n} x${rules[n].worstFromMedian}`).join(', '));
    rows.push({ optimizer: o.label, variation, stopReasons: r.stopReasons, seconds: round(seconds, 3), rules });
  }
}

const out = {
  script: 'scripts/robust-spread.ts',
  setup: {
    data: `MNIST, first ${LIMIT} training images of a seed-0 shuffle of the 60k`,
    model: 'MLP 784-128-10 (relu, softmax), embedded createMlp',
    find: { ...FIND, mode: 'exp', beta: 0.98, divergeThreshold: 4 },
    runs: RUNS,
    variations: {
      order: 'run i shuffles the batches with seed i; same initial weights (seed 0) in every run, as `lrkit find --runs`',
      'order+init': 'run i shuffles with seed i and initialises the weights with seed i (recipe varyInit: true)',
    },
    worstFromMedian: 'max over runs of max(run/median, median/run); median taken on a log scale',
    backend: `wasm, ${WORKERS} worker_threads`,
  },
  machine: { cpu: cpus()[0]?.model, cores: availableParallelism(), node: process.version, loadAverageAtStart: loadavg().map((x) => round(x, 3)) },
  date: new Date().toISOString(),
  wallSeconds: round((performance.now() - t0) / 1000, 3),
  results: rows,
};
await mkdir(dirname(values.out!), { recursive: true });
await writeFile(values.out!, JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${values.out}`);
