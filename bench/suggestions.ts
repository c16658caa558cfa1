// Benchmark: the suggestion validation suite (npm run bench:suggestions).
// For each task of bench/suggestions/tasks.ts and each seed, from the same initial weights: a
// 9-point grid of constant rates (1e-4 .. 1, half decades), one range test with
// findLearningRate's defaults, and training at each fastai rule's rate, at recommend()'s constant
// rate and with one-cycle at recommend()'s maxLr; beside them the LR-free peers (Prodigy,
// Schedule-Free AdamW; bench/suggestions/peers.ts). Scores: the mean of the last 3 of 10 test-set
// evaluations (accuracy, or MSE for regression).
//
// Run: node --import tsx bench/suggestions.ts [--seeds 3] [--workers 2] [--tasks a,b] [--reuse bench/results/suggestions-raw.json]
// --held-out runs the held-out tasks (bench/suggestions/held-out.ts) instead, into suggestions-heldout*.
// (--replot redraws bench/results/suggestions.png from the committed JSON)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { argOf, intArg, machineInfo, RESULTS_DIR, wallSeconds, writeJson, writePng } from './lib/common.js';
import { collect, GRID, type TaskSeed } from './suggestions/collect.js';
import { evaluate, TARGET, type PairReport } from './suggestions/evaluate.js';
import { HELD_OUT } from './suggestions/held-out.js';
import { EVALS, EVALS_AVERAGED, TASKS } from './suggestions/tasks.js';

const SEEDS = intArg('seeds', 3);
const WORKERS = intArg('workers', 2);
const names = argOf('tasks')?.split(',');
const HELD = process.argv.includes('--held-out');
const NAME = HELD ? 'suggestions-heldout' : 'suggestions';
const pool = HELD ? HELD_OUT : TASKS;
const tasks = names ? pool.filter((t) => names.includes(t.name)) : pool;
const logLines: string[] = [];
const log = (line: string) => {
  console.log(line);
  logLines.push(line);
};

if (argOf('replot') !== undefined || process.argv.includes('--replot')) {
  // Redraw the PNG from the committed JSON, without training anything.
  const saved = JSON.parse(readFileSync(join(RESULTS_DIR, `${NAME}.json`), 'utf8')) as { pairs: PairReport[]; setup: { seeds: number } };
  await writePng(NAME, suiteChart(saved.pairs, saved.setup.seeds));
  process.exit(0);
}

const reuse = argOf('reuse');
let raw: TaskSeed[];
if (reuse) {
  // Reuse what the file has; collect the tasks and seeds it lacks, and write them back beside it.
  const saved = (JSON.parse(readFileSync(reuse, 'utf8')) as { runs: TaskSeed[] }).runs;
  const have = (t: string, seed: number) => saved.some((r) => r.task === t && r.seed === seed);
  const missing = tasks.filter((t) => Array.from({ length: SEEDS }, (_, s) => s).some((s) => !have(t.name, s)));
  log(`reusing the grid and range tests of ${reuse} (${saved.length} task-seed pairs); collecting ${missing.map((t) => t.name).join(', ') || 'nothing'}`);
  const added = missing.length ? (await collect(missing, SEEDS, WORKERS, log)).filter((r) => !have(r.task, r.seed)) : [];
  if (added.length) writeJson(`${NAME}-raw`, { note: 'grid and range tests of bench/suggestions.ts (input of --reuse)', runs: [...saved, ...added] });
  raw = [...saved, ...added].filter((r) => tasks.some((t) => t.name === r.task) && r.seed < SEEDS);
  raw.sort((a, b) => tasks.findIndex((t) => t.name === a.task) - tasks.findIndex((t) => t.name === b.task) || a.seed - b.seed);
} else {
  raw = await collect(tasks, SEEDS, WORKERS, log);
  writeJson(`${NAME}-raw`, { note: 'grid and range tests of bench/suggestions.ts (input of --reuse)', runs: raw });
}
const { pairs, summary } = await evaluate(raw, tasks, WORKERS, log);
const result = {
  benchmark: NAME,
  machine: machineInfo(`wasm, ${WORKERS} worker_threads`),
  setup: {
    tasks: tasks.map((t) => ({ name: t.name, kind: t.kind, optimizer: t.optimizer, batchSize: t.batchSize, steps: t.steps, metric: t.metric })),
    seeds: SEEDS,
    grid: GRID,
    rangeTest: 'findLearningRate defaults: startLr 1e-7, endLr 10, numIter 100, exp, beta 0.98, divergeThreshold 4; same batch size and initial weights as training',
    score: `mean of the last ${EVALS_AVERAGED} of ${EVALS} test-set evaluations (accuracy, or MSE for regression); null when training diverged`,
    gap: 'score minus the grid\'s best: accuracy points, or percent of the best MSE (negative = worse)',
    gridSpread: 'lastEvaluations: max - min of the best grid run\'s last evaluations; nextBestGap: best minus second-best grid point (gap units)',
    compute: 'range-test steps / the grid\'s steps',
    lrFreePeers: 'prodigy and schedule-free-adamw at their reference defaults (schedule-free also with warmupSteps = 2 % of the steps, as AlgoPerf), same initial weights, batches and steps, no range test; Schedule-Free scored at x (bench/suggestions/peers.ts)',
    reuse: reuse ?? null,
  },
  target: TARGET,
  summary,
  pairs,
  wallSeconds: wallSeconds(),
};
writeJson(NAME, result);

await writePng(NAME, suiteChart(pairs, SEEDS));
log(JSON.stringify(summary.targets));
log(JSON.stringify(summary.lrFree.target));
writeFileSync(join(RESULTS_DIR, `${NAME}.log`), logLines.join('\n') + '\n');

/** One dot per task and seed: each rule's gap to the grid's best constant rate (clipped to [-10, 4]). */
function suiteChart(pairs: PairReport[], seeds: number): TopLevelSpec {
  const clip = (g: number) => Math.min(4, Math.max(-10, g)); // Prodigy gains up to +60 % of the MSE on friedman: keep the scale readable
  const rows = pairs.flatMap((p) => [
    ...p.constant.map((r) => ({ task: p.task, rule: r.rule === 'recommended' ? 'recommended constant' : `fastai ${r.rule}`, gap: clip(r.gap) })),
    { task: p.task, rule: 'one-cycle at recommended maxLr', gap: clip(p.oneCycle[0].gap) },
    ...p.oneCycle.filter((r) => r.rule === 'fastai-workflow').map((r) => ({ task: p.task, rule: "fastai's workflow (valley, fit_one_cycle)", gap: clip(r.gap) })),
    ...(p.lrFree ?? []).map((r) => ({ task: p.task, rule: `LR-free: ${r.peer}`, gap: clip(r.gap) })),
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${HELD ? 'Held-out tasks' : 'Suggestion suite'}: gap to the best of a 9-point grid of constant rates`, subtitle: `accuracy points (regression: % of the best MSE); one dot per seed, clipped to [-10, 4]; ${seeds} seeds; dashed: the -0.5 target`, anchor: 'start' },
    data: { values: rows },
    width: 1040, height: 340,
    layer: [
      { mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { y: { datum: -TARGET.maxGapPoints } } },
      {
        mark: { type: 'point', filled: true, size: 70, opacity: 0.8 },
        encoding: {
          x: { field: 'task', type: 'nominal', title: null, sort: [...new Set(pairs.map((p) => p.task))], axis: { labelAngle: 0, labelLimit: 170, labelFontSize: 10 } },
          xOffset: { field: 'rule', type: 'nominal' },
          y: { field: 'gap', type: 'quantitative', title: 'gap to the grid\'s best', scale: { domain: [-10.5, 4] } },
          color: { field: 'rule', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 3, labelLimit: 400 } },
        },
      },
    ],
  } as unknown as TopLevelSpec;
}
