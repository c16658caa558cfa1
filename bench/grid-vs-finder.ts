// Benchmark: is one LR range test + one training run as good as a 7-point learning-rate grid?
// On MNIST (train on the first `--train` images of a seed-0 shuffle of the 60k, test on the
// 10k test set), the MLP is trained for `--epochs` epochs at each LR of a 7-point log grid
// (1e-4 .. 1) with SGD+momentum and with Adam, for `--seeds` seeds (initial weights and batch
// order). The finder runs once per optimizer and seed (findLearningRate defaults: 1e-7 .. 10,
// 100 iterations, same batch size), and one more run trains at its `valley` suggestion (fastai's
// default rule, chosen before looking at results). Compute = optimizer steps (all steps cost the
// same: same model, same batch size).
//
// Run: node --import tsx bench/grid-vs-finder.ts [--seeds 3] [--epochs 1] [--batch 64] [--train 60000] [--workers 2]
import { linePointChart, type Row } from './lib/charts.js';
import { argOf, intArg, machineInfo, round, runPool, stats, writeJson, writePng } from './lib/common.js';
import type { FindOutcome, FindTask, TrainOutcome, TrainTask } from './lib/train-worker.js';

const SEEDS = intArg('seeds', 3);
const EPOCHS = intArg('epochs', 1);
const BATCH = intArg('batch', 64);
const TRAIN = intArg('train', 60000);
const TEST = intArg('test', 10000);
const WORKERS = intArg('workers', 2);
// valley (fastai's default) decides the target; the other rules are reported next to it.
const RULES = (argOf('rules') ?? 'valley,minimum,steep').split(',');
const SUGGESTION = RULES[0];
const GRID = Array.from({ length: 7 }, (_, k) => round(10 ** (-4 + (4 * k) / 6), 3));
const OPTIMIZERS = ['momentum', 'adam'] as const;
const LABEL: Record<string, string> = { momentum: 'SGD+momentum 0.9', adam: 'Adam' };
const entry = new URL('./lib/train-worker.ts', import.meta.url);
const data = { data: 'mnist' as const, trainLimit: TRAIN, testLimit: TEST };
const t0 = performance.now();
const elapsed = () => ((performance.now() - t0) / 1000).toFixed(0);

// Phase 1: the range tests.
const findTasks: FindTask[] = OPTIMIZERS.flatMap((optimizer) => Array.from({ length: SEEDS }, (_, seed) => ({
  kind: 'find' as const, ...data, optimizer, batchSize: BATCH, seed, numIter: 100, startLr: 1e-7, endLr: 10,
})));
const finds = await runPool<FindTask, FindOutcome>(entry, findTasks, WORKERS, (r, t) =>
  console.log(`[${elapsed()} s] finder ${t.optimizer} seed ${t.seed}: ${r.iterations} it (${r.stopReason}), valley ${r.suggestions.valley.lr.toExponential(2)}`));

// Phase 2: the grid and the suggested LRs, in one queue.
const gridTasks: TrainTask[] = OPTIMIZERS.flatMap((optimizer) => GRID.flatMap((lr) => Array.from({ length: SEEDS }, (_, seed) => ({
  kind: 'train' as const, ...data, optimizer, lr, epochs: EPOCHS, batchSize: BATCH, seed,
}))));
const suggestedTasks: TrainTask[] = RULES.flatMap((rule) => findTasks.map((f, i) => ({
  kind: 'train' as const, ...data, optimizer: f.optimizer, lr: finds[i].suggestions[rule].lr, epochs: EPOCHS, batchSize: BATCH, seed: f.seed,
})));
const ruleOf = (k: number) => RULES[Math.floor(k / findTasks.length)];
const all = [...suggestedTasks, ...gridTasks];
const trained = await runPool<TrainTask, TrainOutcome>(entry, all, WORKERS, (r, t, i) =>
  console.log(`[${elapsed()} s] ${i + 1}/${all.length} ${i < suggestedTasks.length ? ruleOf(i) : 'grid'} ${t.optimizer} lr ${(t.lr as number).toExponential(2)} seed ${t.seed}: acc ${r.finalAccuracy.toFixed(4)}${r.diverged ? ' (diverged)' : ''} in ${r.seconds.toFixed(1)} s`));
const wallSeconds = (performance.now() - t0) / 1000;
const suggested = trained.slice(0, suggestedTasks.length);
const grid = trained.slice(suggestedTasks.length);

const perOptimizer = OPTIMIZERS.map((optimizer) => {
  const seeds = Array.from({ length: SEEDS }, (_, seed) => {
    const fi = findTasks.findIndex((f) => f.optimizer === optimizer && f.seed === seed);
    const runs = GRID.map((lr) => {
      const gi = gridTasks.findIndex((g) => g.optimizer === optimizer && g.lr === lr && g.seed === seed);
      return { lr, accuracy: round(grid[gi].finalAccuracy), diverged: grid[gi].diverged, steps: grid[gi].steps, seconds: round(grid[gi].seconds, 3) };
    });
    const best = runs.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
    const find = finds[fi];
    const sug = suggested[fi];
    const others = RULES.slice(1).map((rule, r) => {
      const k = (r + 1) * findTasks.length + fi;
      const run = suggested[k];
      return { rule, lr: round(suggestedTasks[k].lr as number, 4), accuracy: round(run.finalAccuracy), diverged: run.diverged, gapPoints: round((run.finalAccuracy - best.accuracy) * 100, 3) };
    });
    const gridSteps = runs.reduce((a, r) => a + r.steps, 0);
    const finderSteps = find.iterations + sug.steps;
    return {
      seed,
      grid: runs,
      gridBest: { lr: best.lr, accuracy: best.accuracy },
      finder: {
        iterations: find.iterations, stopReason: find.stopReason, seconds: round(find.seconds, 3),
        suggestions: Object.fromEntries(Object.entries(find.suggestions).map(([k, v]) => [k, round(v.lr, 4)])),
        curve: { lrs: find.lrs.map((x) => round(x, 4)), smoothed: find.smoothed.map((x) => round(x, 4)) },
      },
      suggested: { rule: SUGGESTION, lr: round(suggestedTasks[fi].lr as number, 4), accuracy: round(sug.finalAccuracy), diverged: sug.diverged },
      accuracyGapPoints: round((sug.finalAccuracy - best.accuracy) * 100, 3),
      otherRules: others,
      steps: { grid: gridSteps, finderPlusOneRun: finderSteps },
      computeRatio: round(finderSteps / gridSteps, 4),
      secondsRatio: round((find.seconds + sug.seconds) / runs.reduce((a, r) => a + r.seconds, 0), 4),
    };
  });
  // The grid's best LR judged by the mean over seeds, as one would pick it for a report.
  const meanAcc = GRID.map((_, k) => stats(seeds.map((s) => s.grid[k].accuracy)).mean);
  const kBest = meanAcc.indexOf(Math.max(...meanAcc));
  const gaps = seeds.map((s) => s.accuracyGapPoints);
  const sugAcc = seeds.map((s) => s.suggested.accuracy);
  const bestAcc = seeds.map((s) => s.gridBest.accuracy);
  return {
    optimizer,
    label: LABEL[optimizer],
    seeds,
    summary: {
      gridMeanAccuracyByLr: GRID.map((lr, k) => ({ lr, mean: round(meanAcc[k]), min: round(stats(seeds.map((s) => s.grid[k].accuracy)).min), max: round(stats(seeds.map((s) => s.grid[k].accuracy)).max) })),
      gridBestLrByMean: GRID[kBest],
      gridBestAccuracy: { mean: round(stats(bestAcc).mean), min: round(stats(bestAcc).min), max: round(stats(bestAcc).max) },
      suggestedLr: { min: round(stats(seeds.map((s) => s.suggested.lr)).min), max: round(stats(seeds.map((s) => s.suggested.lr)).max) },
      suggestedAccuracy: { mean: round(stats(sugAcc).mean), min: round(stats(sugAcc).min), max: round(stats(sugAcc).max) },
      gapPoints: { mean: round(stats(gaps).mean, 3), min: round(stats(gaps).min, 3), max: round(stats(gaps).max, 3) },
      computeRatio: round(stats(seeds.map((s) => s.computeRatio)).mean, 4),
      withinHalfPoint: gaps.every((g) => g >= -0.5),
      otherRulesGapPoints: Object.fromEntries(RULES.slice(1).map((rule, r) => {
        const g = seeds.map((s) => s.otherRules[r].gapPoints);
        return [rule, { mean: round(stats(g).mean, 3), min: round(stats(g).min, 3), max: round(stats(g).max, 3) }];
      })),
    },
  };
});

const result = {
  benchmark: 'grid-vs-finder',
  machine: machineInfo(`wasm, ${WORKERS} worker_threads`),
  setup: {
    data: `MNIST: ${TRAIN} training images (first of a seed-0 shuffle of the 60k), ${TEST} test images`,
    model: 'MLP 784-128-10 (relu, softmax), He-normal init seeded per seed',
    epochs: EPOCHS, batchSize: BATCH, seeds: SEEDS, grid: GRID, optimizers: OPTIMIZERS.map((o) => LABEL[o]),
    finder: 'findLearningRate defaults: startLr 1e-7, endLr 10, numIter 100, exp, beta 0.98, divergeThreshold 4; batch as training',
    suggestionRule: `${SUGGESTION} (fastai default) decides the target, fixed before the run; also trained: ${RULES.slice(1).join(', ') || 'none'} (one extra run each, reported in otherRules)`,
    accuracy: 'test accuracy after the last epoch',
    compute: 'optimizer steps: finder iterations + one training run, vs the 7 grid runs',
  },
  target: { maxGapPoints: 0.5, maxComputeRatio: 0.2 },
  results: perOptimizer,
  meetsTarget: perOptimizer.every((p) => p.summary.withinHalfPoint && p.summary.computeRatio <= 0.2),
  wallSeconds: round(wallSeconds, 4),
};
writeJson('grid-vs-finder', result);

const lineName = (p: (typeof perOptimizer)[number]) => `${p.label}: grid (mean of ${SEEDS} seeds)`;
const lines: Row[] = perOptimizer.flatMap((p) => p.summary.gridMeanAccuracyByLr.map((g) => ({ series: lineName(p), x: g.lr, y: g.mean })));
const markers: Row[] = perOptimizer.flatMap((p) => p.seeds.flatMap((s) => [
  { series: `${SUGGESTION} suggestion (one run per seed)`, group: lineName(p), x: s.suggested.lr, y: s.suggested.accuracy },
  ...s.otherRules.map((o) => ({ series: `${o.rule} suggestion`, group: lineName(p), x: o.lr, y: o.accuracy })),
]));
const shown = [...lines, ...markers].map((r) => r.y).filter((y) => y >= 0.5);
const yLow = Math.floor((Math.min(...shown) - 0.01) * 50) / 50;
await writePng('grid-vs-finder', linePointChart({
  title: `MNIST MLP, ${EPOCHS} epoch(s), batch ${BATCH}: test accuracy vs learning rate (runs below ${yLow} not shown)`,
  xTitle: 'learning rate (log scale)', yTitle: 'test accuracy', xLog: true, lines, markers, yDomain: [yLow, 1],
}));
for (const p of perOptimizer) console.log(p.label, JSON.stringify(p.summary));
console.log(`wall ${wallSeconds.toFixed(0)} s`);
