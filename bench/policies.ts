// Benchmark: fixed learning rate vs cyclical (triangular, triangular2, exp_range) and one-cycle
// policies with the same budget, on MNIST and Fashion-MNIST, SGD+momentum 0.9, MLP 784-128-10.
//  - fixed: the best of a 3-point grid (2/3 decade apart) at this budget (seed 0) centred on the
//    best LR of bench/results/grid-vs-finder.json (SGD+momentum, by mean over seeds); run that
//    first. When the best candidate is at an edge of the grid, the grid is extended past that
//    edge (up to --extend times), so the fixed baseline is not handicapped by the grid's range.
//  - cyclical bounds per seed from the range test (findLearningRate defaults) by the library's
//    rules: maxLr = suggest.cyclicBounds().maxLr, baseLr = maxLr / 4 (cyclicFromRange's divisor),
//    half cycle = 2 epochs (policySchedules / Smith's 2-10 epochs), so the budget of 8 epochs
//    is two whole cycles and the first cycle ends at half the budget.
//  - one-cycle: maxLr = suggest.oneCycle(), momentum cycled 0.95 -> 0.85 -> 0.95.
// Reports test accuracy vs iteration and the iterations each policy needs to reach the fixed
// policy's final accuracy (same seed), evaluated every quarter epoch: "first touch" (the first
// evaluation at or above it) and "sustained" (the first evaluation at or above it whose next
// evaluation is too), so one spiky evaluation cannot decide. The target counts as met for a data
// set only with >= 3 seeds, every seed reaching it, and the median sustained fraction <= 1/2.
//
// Run: node --import tsx bench/policies.ts [--epochs 8] [--train 12800] [--seeds 3] [--fashion-seeds 3] [--extend 2] [--workers 2]
//      [--max-divisor 1] [--tag name]
// (the defaults are the settings of the committed bench/results/policies.json)
import { argOf, intArg, machineInfo, RESULTS_DIR, round, runPool, stats, wallSeconds as elapsedSeconds, writeJson, writePng } from './lib/common.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { suggest, trimCurve } from '../src/suggestions/index.js';
import { linePointChart, type Row } from './lib/charts.js';
import type { FindOutcome, FindTask, TrainOutcome, TrainTask } from './lib/train-worker.js';

const EPOCHS = intArg('epochs', 8);
const TRAIN = intArg('train', 12800);
const TEST = intArg('test', 5000);
const BATCH = intArg('batch', 64);
const WORKERS = intArg('workers', 2);
const SEEDS: Record<'mnist' | 'fashion-mnist', number> = { mnist: intArg('seeds', 3), 'fashion-mnist': intArg('fashion-seeds', 3) };
const EXTEND = argOfExtend();
const MIN_SEEDS_FOR_TARGET = 3;
function argOfExtend(): number {
  // --extend 0 is allowed (no extension), so intArg (positive only) does not fit.
  const i = process.argv.indexOf('--extend');
  if (i < 0) return 2;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`--extend must be a non-negative integer, got ${JSON.stringify(process.argv[i + 1])}`);
  return n;
}
const DATASETS = (['mnist', 'fashion-mnist'] as const).filter((d) => SEEDS[d] > 0);
const STEPS_PER_EPOCH = Math.floor(TRAIN / BATCH);
const EVAL_EVERY = Math.max(1, Math.round(STEPS_PER_EPOCH / 4));
const POLICIES = ['fixed', 'triangular', 'triangular2', 'exp_range', 'one-cycle'] as const;
// cyclicBounds' maxDivisor (maxLr = lr at the lowest smoothed loss / maxDivisor): the library's
// default (3) unless --max-divisor is given; --max-divisor 1 is Smith's rule without the lag
// correction (bench/results/policies-max-divisor-1.json).
const MAX_DIVISOR = argOf('max-divisor') === undefined ? undefined : intArg('max-divisor', 3);
// Results go to policies.json / .png, or policies-<tag>.json / .png (variants beside the committed run).
const TAG = argOf('tag');
if (TAG !== undefined && !/^[a-z0-9-]+$/.test(TAG)) throw new RangeError(`--tag must be lower-case letters, digits and '-', got ${JSON.stringify(TAG)}`);
const NAME = TAG ? `policies-${TAG}` : 'policies';
const entry = new URL('./lib/train-worker.ts', import.meta.url);
const elapsed = () => elapsedSeconds().toFixed(0);

// The fixed rate's centre: the grid benchmark's best SGD+momentum LR.
const gridFile = join(RESULTS_DIR, 'grid-vs-finder.json');
let centre = 0.0464;
let centreSource = 'default 0.0464 (bench/results/grid-vs-finder.json not found)';
if (existsSync(gridFile)) {
  const g = JSON.parse(readFileSync(gridFile, 'utf8')) as { results: { optimizer: string; summary: { gridBestLrByMean: number } }[] };
  const m = g.results.find((r) => r.optimizer === 'momentum');
  if (m) {
    centre = m.summary.gridBestLrByMean;
    centreSource = 'bench/results/grid-vs-finder.json: SGD+momentum gridBestLrByMean';
  }
}
const GRID_STEP = 10 ** (2 / 3);
const FIXED_CANDIDATES = [centre / GRID_STEP, centre, centre * GRID_STEP].map((x) => round(x, 3));

const base = (data: 'mnist' | 'fashion-mnist', seed: number) => ({
  data, trainLimit: TRAIN, testLimit: TEST, optimizer: 'momentum', epochs: EPOCHS, batchSize: BATCH, seed,
});

// Phase 1: range tests (every seed) and the fixed-LR candidates (seed 0).
const findTasks: FindTask[] = DATASETS.flatMap((data) => Array.from({ length: SEEDS[data] }, (_, seed) => ({
  kind: 'find' as const, data, trainLimit: TRAIN, testLimit: TEST, optimizer: 'momentum', batchSize: BATCH, seed, numIter: 100, startLr: 1e-7, endLr: 10,
})));
const candTasks: TrainTask[] = DATASETS.flatMap((data) => FIXED_CANDIDATES.map((lr) => ({
  kind: 'train' as const, ...base(data, 0), lr, evalEvery: EVAL_EVERY,
})));
const phase1 = await runPool<FindTask | TrainTask, FindOutcome | TrainOutcome>(entry, [...findTasks, ...candTasks], WORKERS, (r, t) =>
  console.log(`[${elapsed()} s] ${t.kind} ${t.data} seed ${t.seed}${t.kind === 'train' ? ` fixed ${t.lr}: acc ${(r as TrainOutcome).finalAccuracy.toFixed(4)}` : `: ${(r as FindOutcome).stopReason}`}`));
const finds = phase1.slice(0, findTasks.length) as FindOutcome[];
const cands = phase1.slice(findTasks.length) as TrainOutcome[];
const fixedLr: Record<string, number> = {};
const fixedAtEdge: Record<string, boolean> = {};
const pickFixed = () => {
  const extra: TrainTask[] = [];
  for (const data of DATASETS) {
    const k = candTasks.map((t, i) => [t, i] as const).filter(([t]) => t.data === data);
    const best = k.reduce((a, b) => (cands[b[1]].finalAccuracy > cands[a[1]].finalAccuracy ? b : a));
    fixedLr[data] = best[0].lr as number;
    const lrs = k.map(([t]) => t.lr as number);
    const edge = fixedLr[data] === Math.min(...lrs) ? 1 / GRID_STEP : fixedLr[data] === Math.max(...lrs) ? GRID_STEP : 0;
    fixedAtEdge[data] = edge !== 0;
    if (edge) extra.push({ kind: 'train' as const, ...base(data, 0), lr: round(fixedLr[data] * edge, 3), evalEvery: EVAL_EVERY });
  }
  return extra;
};
// The best fixed rate at an edge of the candidates may not be the best fixed rate: extend the grid.
for (let round_ = 0; round_ < EXTEND; round_++) {
  const extra = pickFixed();
  if (extra.length === 0) break;
  const out = await runPool<TrainTask, TrainOutcome>(entry, extra, WORKERS, (r, t) =>
    console.log(`[${elapsed()} s] extend: train ${t.data} seed 0 fixed ${t.lr}: acc ${r.finalAccuracy.toFixed(4)}`));
  candTasks.push(...extra);
  cands.push(...out);
}
pickFixed();

// Phase 2: every policy for every seed (the seed-0 fixed run is reused from phase 1).
interface Job { data: 'mnist' | 'fashion-mnist'; seed: number; policy: (typeof POLICIES)[number]; bounds: { baseLr?: number; maxLr: number } }
const jobs: Job[] = [];
for (const data of DATASETS) {
  for (let seed = 0; seed < SEEDS[data]; seed++) {
    const f = finds[findTasks.findIndex((t) => t.data === data && t.seed === seed)];
    // suggest.all's trim, then cyclicBounds with the chosen maxDivisor
    const trimmed = trimCurve({ lrs: f.lrs, losses: f.smoothed, numIter: findTasks[0].numIter });
    const maxLr = suggest.cyclicBounds(trimmed, MAX_DIVISOR === undefined ? {} : { maxDivisor: MAX_DIVISOR }).maxLr;
    for (const policy of POLICIES) {
      if (policy === 'fixed' && seed === 0) continue;
      const bounds = policy === 'fixed' ? { maxLr: fixedLr[data], baseLr: fixedLr[data] }
        : policy === 'one-cycle' ? { maxLr: f.suggestions.oneCycle.lr }
          : { maxLr, baseLr: maxLr / 4 };
      jobs.push({ data, seed, policy, bounds });
    }
  }
}
const tasks: TrainTask[] = jobs.map((j) => ({
  kind: 'train' as const, ...base(j.data, j.seed), evalEvery: EVAL_EVERY,
  lr: j.policy === 'fixed' ? j.bounds.maxLr : { policy: j.policy, bounds: { ...j.bounds, stepSizeEpochs: 2, ...(j.policy === 'one-cycle' ? { cycleMomentum: true } : {}) } },
}));
const runs = await runPool<TrainTask, TrainOutcome>(entry, tasks, WORKERS, (r, _t, i) =>
  console.log(`[${elapsed()} s] ${i + 1}/${tasks.length} ${jobs[i].data} seed ${jobs[i].seed} ${jobs[i].policy}: acc ${r.finalAccuracy.toFixed(4)}${r.diverged ? ' (diverged)' : ''}`));
const wallSeconds = elapsedSeconds();

const runOf = (data: string, seed: number, policy: string): { run: TrainOutcome; bounds: Job['bounds'] } => {
  if (policy === 'fixed' && seed === 0) {
    const i = candTasks.findIndex((t) => t.data === data && t.lr === fixedLr[data]);
    return { run: cands[i], bounds: { maxLr: fixedLr[data], baseLr: fixedLr[data] } };
  }
  const i = jobs.findIndex((j) => j.data === data && j.seed === seed && j.policy === policy);
  return { run: runs[i], bounds: jobs[i].bounds };
};

const totalSteps = EPOCHS * STEPS_PER_EPOCH;
const perData = DATASETS.map((data) => {
  const seeds = Array.from({ length: SEEDS[data] }, (_, seed) => {
    const fixedFinal = runOf(data, seed, 'fixed').run.finalAccuracy;
    const policies = Object.fromEntries(POLICIES.map((policy) => {
      const { run, bounds } = runOf(data, seed, policy);
      const ev = run.evaluations;
      const hit = ev.find((e) => e.accuracy >= fixedFinal);
      // Sustained: at or above the fixed final here and at the next evaluation (or this is the last).
      const held = ev.find((e, k) => e.accuracy >= fixedFinal && (k === ev.length - 1 || ev[k + 1].accuracy >= fixedFinal));
      return [policy, {
        bounds: Object.fromEntries(Object.entries(bounds).map(([k, v]) => [k, round(v as number, 4)])),
        finalAccuracy: round(run.finalAccuracy),
        bestAccuracy: round(Math.max(...run.evaluations.map((e) => e.accuracy))),
        diverged: run.diverged,
        iterationsToFixedFinal: hit ? hit.step : null,
        fractionOfBudget: hit ? round(hit.step / totalSteps, 3) : null,
        sustainedFractionOfBudget: held ? round(held.step / totalSteps, 3) : null,
        curve: run.evaluations.map((e) => [e.step, round(e.accuracy)]),
      }];
    }));
    return { seed, fixedFinalAccuracy: round(fixedFinal), policies };
  });
  const summary = Object.fromEntries(POLICIES.map((policy) => {
    const summarize = (fr: (number | null)[]) => {
      const reached = fr.filter((x): x is number => x !== null);
      return reached.length === seeds.length
        ? { median: round(stats(reached).median, 3), min: round(stats(reached).min, 3), max: round(stats(reached).max, 3), perSeed: fr }
        : { median: null, perSeed: fr };
    };
    const first = summarize(seeds.map((s) => s.policies[policy].fractionOfBudget));
    const sustained = summarize(seeds.map((s) => s.policies[policy].sustainedFractionOfBudget));
    const acc = seeds.map((s) => s.policies[policy].finalAccuracy);
    return [policy, {
      finalAccuracy: { mean: round(stats(acc).mean), min: round(stats(acc).min), max: round(stats(acc).max) },
      seedsReachingFixedFinal: `${seeds.filter((s) => s.policies[policy].sustainedFractionOfBudget !== null).length}/${seeds.length}`,
      fractionOfBudgetToFixedFinal: first,
      sustainedFractionOfBudgetToFixedFinal: sustained,
      // The target needs enough seeds, every seed reaching it (sustained), and the median <= 1/2.
      meetsTarget: seeds.length >= MIN_SEEDS_FOR_TARGET && sustained.median !== null && sustained.median <= 0.5,
    }];
  }));
  return { data, seeds: SEEDS[data], fixedLr: fixedLr[data], fixedLrAtEdgeOfCandidates: fixedAtEdge[data], summary, perSeed: seeds };
});

const result = {
  benchmark: 'policies',
  machine: machineInfo(`wasm, ${WORKERS} worker_threads`),
  setup: {
    data: `${TRAIN} training images (first of a seed-0 shuffle), ${TEST} test images, for ${DATASETS.join(' and ')}`,
    model: 'MLP 784-128-10, SGD momentum 0.9', epochs: EPOCHS, batchSize: BATCH, stepsPerEpoch: STEPS_PER_EPOCH, totalSteps,
    evaluateEvery: EVAL_EVERY,
    fixed: `best of ${FIXED_CANDIDATES.join(', ')} at this budget (seed 0), extended by 10^(2/3) steps past an edge up to ${EXTEND} times (see fixedCandidates); centre from ${centreSource}`,
    cyclical: `maxLr = suggest.cyclicBounds (lowest smoothed loss of the range test / ${MAX_DIVISOR ?? 'the default maxDivisor, 3'}), baseLr = maxLr/4, stepSizeUp = 2 epochs; exp_range gamma = 0.1^(1/totalSteps)`,
    oneCycle: 'maxLr = suggest.oneCycle (lowest smoothed loss / 3), cos annealing, pctStart 0.3, momentum 0.95-0.85',
    finder: 'findLearningRate defaults (1e-7..10, 100 iterations), SGD momentum, batch as training, per seed',
  },
  target: 'a cyclical or one-cycle policy reaches the fixed policy final accuracy in <= 1/2 of the iterations',
  targetRule: `met for a data set when >= ${MIN_SEEDS_FOR_TARGET} seeds were run, every seed reaches the fixed final accuracy (sustained: two evaluations in a row, or the last), and the median sustained fraction of the budget is <= 0.5`,
  results: perData,
  meetsTarget: Object.fromEntries(perData.map((d) => [d.data, POLICIES.filter((p) => p !== 'fixed' && d.summary[p].meetsTarget)])),
  fixedCandidates: Object.fromEntries(DATASETS.map((data) => [data, candTasks.map((t, i) => [t, i] as const).filter(([t]) => t.data === data).map(([t, i]) => ({ lr: t.lr, finalAccuracy: round(cands[i].finalAccuracy) }))])),
  wallSeconds,
};
writeJson(NAME, result);

// Accuracy vs iteration, mean over seeds, one panel per data set.
const panels = perData.map((d) => {
  const lines: Row[] = POLICIES.flatMap((policy) => {
    const curves = d.perSeed.map((s) => s.policies[policy].curve);
    return curves[0].map(([step], k) => ({ series: policy, x: step, y: stats(curves.map((c) => c[k][1])).mean }));
  });
  const fixedFinal = stats(d.perSeed.map((s) => s.fixedFinalAccuracy)).mean;
  const ys = lines.map((r) => r.y).filter((y) => y >= fixedFinal - 0.1);
  const spec = linePointChart({
    title: `${d.data}: test accuracy vs iteration (mean of ${d.seeds} seed(s)); dashed = fixed LR's final`,
    xTitle: 'iteration', yTitle: 'test accuracy', lines, points: false,
    yDomain: [Math.floor((Math.min(...ys) - 0.005) * 100) / 100, Math.ceil((Math.max(...ys) + 0.002) * 100) / 100],
    width: 640, height: 300,
  }) as unknown as { layer: unknown[] };
  spec.layer.push({ data: { values: [{ y: fixedFinal }] }, mark: { type: 'rule', strokeDash: [6, 4], color: '#555' }, encoding: { y: { field: 'y', type: 'quantitative' } } });
  spec.layer.push({ data: { values: [{ x: totalSteps / 2 }] }, mark: { type: 'rule', strokeDash: [2, 3], color: '#999' }, encoding: { x: { field: 'x', type: 'quantitative' } } });
  const { $schema: _s, ...rest } = spec as unknown as Record<string, unknown>;
  return rest;
});
await writePng(NAME, { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', vconcat: panels } as unknown as TopLevelSpec);
for (const d of perData) console.log(d.data, 'fixed', d.fixedLr, JSON.stringify(d.summary));
console.log(`wall ${wallSeconds.toFixed(0)} s`);
