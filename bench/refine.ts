// Benchmark: refine as a rule on the suggestion suite (issue 23, item 4). For each task and seed
// of bench/results/suggestions-raw.json (the range test and the 9-point grid, reused): lrkit's
// refine stage from the range test's answer (candidates knee/2, knee, between, peak; successive
// halving on the last 20 % of the training set, trained on the first 80 %), with as many steps
// in all as one training run; then one training at the winner as a constant rate, scored as the
// suite scores (mean of the last 3 of 10 test evaluations). Compared with the recommended constant
// (the knee) and one-cycle at the recommended peak, from bench/results/suggestions.json.
//
// Run: npm run bench:refine [-- --workers 2 --share 1 --tasks a,b]   (--share: refine's steps / one training's)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { argOf, intArg, machineInfo, RESULTS_DIR, round, wallSeconds, writeJson } from './lib/common.js';
import { runJobs, type TaskSeed } from './suggestions/collect.js';
import { gapOf, TARGET, type PairReport } from './suggestions/evaluate.js';
import { TASKS } from './suggestions/tasks.js';
import type { RefineJob, RefineRunResult, TrainJob, TrainResult } from './suggestions/worker.js';

const WORKERS = intArg('workers', 2);
const SHARE = Number(argOf('share') ?? 1);
const only = argOf('tasks')?.split(',');
const raw = (JSON.parse(readFileSync(join(RESULTS_DIR, 'suggestions-raw.json'), 'utf8')) as { runs: TaskSeed[] }).runs.filter((p) => !only || only.includes(p.task));
const suite = JSON.parse(readFileSync(join(RESULTS_DIR, 'suggestions.json'), 'utf8')) as { pairs: PairReport[] };
const lines: string[] = [];
const log = (l: string) => {
  console.log(l);
  lines.push(l);
};

const taskOf = (name: string) => TASKS.find((t) => t.name === name)!;
const refineJobs: RefineJob[] = raw.map((p) => ({
  kind: 'refine', task: p.task, seed: p.seed, find: { lrs: p.find.lrs, losses: p.find.losses }, steps: Math.max(8, Math.round(SHARE * taskOf(p.task).steps)),
}));
log(`refine on ${raw.length} task-seed pairs, ${SHARE} x one training's steps each, ${WORKERS} workers`);
const refined = (await runJobs(refineJobs, TASKS, WORKERS, log)) as RefineRunResult[];
const trainJobs: TrainJob[] = raw.flatMap((p, i) => (refined[i].lr === null ? [] : [{ kind: 'train', task: p.task, seed: p.seed, policy: { type: 'constant', lr: refined[i].lr! } } as TrainJob]));
const trained = (await runJobs(trainJobs, TASKS, WORKERS, log)) as TrainResult[];

const rows = raw.map((p, i) => {
  const t = taskOf(p.task);
  const report = suite.pairs.find((x) => x.task === p.task && x.seed === p.seed)!;
  const k = trainJobs.findIndex((j) => j.task === p.task && j.seed === p.seed);
  const run = k >= 0 ? trained[k] : undefined;
  const knee = report.constant.find((r) => r.rule === 'recommended')!;
  const peak = report.oneCycle.find((r) => r.rule === 'recommended')!;
  return {
    task: p.task, seed: p.seed,
    refine: { lr: refined[i].lr, source: refined[i].source, ratioToBest: refined[i].lr === null ? null : round(refined[i].lr! / report.gridBest.lr, 3), score: run?.score ?? null, gap: round(gapOf(t, run?.score ?? null, report.gridBest.score), 4), steps: refined[i].steps },
    knee: { lr: knee.lr, gap: knee.gap },
    oneCyclePeak: { lr: peak.lr, gap: peak.gap },
    trainingSteps: t.steps,
  };
});
const within = (task: string, gap: number) => gap >= -(taskOf(task).metric === 'accuracy' ? TARGET.maxGapPoints : TARGET.maxGapPercentMse);
const count = (pick: (r: (typeof rows)[number]) => number) => ({
  withinTarget: rows.filter((r) => within(r.task, pick(r))).length,
  atLeastGridBest: rows.filter((r) => pick(r) >= 0).length,
  pairs: rows.length,
});
const summary = {
  refineConstant: count((r) => r.refine.gap),
  kneeConstant: count((r) => r.knee.gap),
  oneCycleAtPeak: count((r) => r.oneCyclePeak.gap),
  refineBeatsKnee: rows.filter((r) => r.refine.gap > r.knee.gap).length,
  winners: Object.fromEntries([...new Set(rows.map((r) => r.refine.source ?? 'none'))].map((s) => [s, rows.filter((r) => (r.refine.source ?? 'none') === s).length])),
  cost: `refine ${SHARE} x one training's steps, plus the range test (100 steps); the grid: 9 trainings`,
};
log('');
for (const r of rows) log(`${r.task.padEnd(20)} ${r.seed}  refine ${r.refine.lr?.toExponential(2) ?? '-'} (${r.refine.source ?? '-'}) gap ${r.refine.gap}   knee gap ${r.knee.gap}   one-cycle gap ${r.oneCyclePeak.gap}`);
log(JSON.stringify(summary));
if (!only) writeJson(`refine-share-${SHARE}`, { benchmark: 'refine', machine: machineInfo(`wasm, ${WORKERS} worker_threads`), share: SHARE, target: TARGET, summary, rows, wallSeconds: wallSeconds() });
if (!only) writeFileSync(join(RESULTS_DIR, `refine-share-${SHARE}.log`), lines.join('\n') + '\n');
