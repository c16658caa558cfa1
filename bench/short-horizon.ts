// Benchmark (no training): the short-horizon bias of comparing rates by short runs, measured on
// the suggestion suite's grid (bench/results/suggestions-raw.json, written by bench:suggestions).
// Every grid run trained at a constant rate from the same initial weights as the range test and
// was evaluated 10 times along the way. For each task and seed: which grid rate is best after 10 %,
// 20 %, ... of the steps, against the rate that is best at the end (the mean of the last 3
// evaluations, the suite's score). A refine stage that trains candidates for a few steps judges
// them as the early evaluations do.
//
// Run: npm run bench:short-horizon  (seconds; writes bench/results/short-horizon.json and .log)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR, round, writeJson } from './lib/common.js';

interface GridRun { lr: number; score: number | null; diverged: boolean; steps: number; evaluations?: { step: number; value: number }[] }
interface Raw { runs: { task: string; seed: number; grid: GridRun[] }[] }
interface Suite { setup: { tasks: { name: string; metric: string }[] } }

const raw = JSON.parse(readFileSync(join(RESULTS_DIR, 'suggestions-raw.json'), 'utf8')) as Raw;
const suite = JSON.parse(readFileSync(join(RESULTS_DIR, 'suggestions.json'), 'utf8')) as Suite;
const higherIsBetter = new Map(suite.setup.tasks.map((t) => [t.name, t.metric !== 'mse']));
const FRACTIONS = [0.1, 0.2, 0.3, 0.5, 0.7];

/** The grid's best rate by `value(run)` (null values and diverged runs lose). */
function bestRate(grid: GridRun[], higher: boolean, value: (g: GridRun) => number | null | undefined): number | null {
  let best: { lr: number; v: number } | null = null;
  for (const g of grid) {
    const v = g.diverged ? undefined : value(g);
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (!best || (higher ? v > best.v : v < best.v)) best = { lr: g.lr, v };
  }
  return best?.lr ?? null;
}

const pairs = raw.runs.map((r) => {
  const higher = higherIsBetter.get(r.task) ?? true;
  const end = bestRate(r.grid, higher, (g) => g.score);
  const early = FRACTIONS.map((f) => {
    const lr = bestRate(r.grid, higher, (g) => g.evaluations?.[Math.round(f * (g.evaluations?.length ?? 0)) - 1]?.value);
    return { fraction: f, lr, ratio: lr !== null && end !== null ? round(lr / end, 3) : null };
  });
  return { task: r.task, seed: r.seed, bestAtEnd: end, early };
});

const summary = FRACTIONS.map((f, i) => {
  const ratios = pairs.map((p) => p.early[i].ratio).filter((x): x is number => x !== null);
  const same = ratios.filter((x) => Math.abs(Math.log10(x)) < 0.01).length;
  const higher = ratios.filter((x) => x > 1.01).length;
  const lower = ratios.filter((x) => x < 0.99).length;
  const geo = 10 ** (ratios.reduce((s, x) => s + Math.log10(x), 0) / ratios.length);
  return { fraction: f, pairs: ratios.length, same, higher, lower, geometricMeanRatio: round(geo, 3) };
});

const lines = [
  `short-horizon bias on the suggestion suite's grid (9 constant rates, half decades; ${new Set(pairs.map((p) => p.task)).size} tasks, ${pairs.length} task-seed pairs)`,
  'the best rate after a share of the steps, against the best at the end (ratio; 1 = the same grid rate)',
  '',
  `${'task'.padEnd(20)} seed  best at end  ${FRACTIONS.map((f) => `${Math.round(f * 100)} %`.padStart(8)).join('')}`,
  ...pairs.map((p) => `${p.task.padEnd(20)} ${String(p.seed).padStart(4)}  ${(p.bestAtEnd?.toExponential(1) ?? '-').padStart(11)}  ${p.early.map((e) => (e.ratio === null ? '-' : `x${e.ratio}`).padStart(8)).join('')}`),
  '',
  ...summary.map((s) => `after ${Math.round(s.fraction * 100)} % of the steps: the same rate on ${s.same}/${s.pairs} pairs, a higher one on ${s.higher}, a lower one on ${s.lower}; geometric mean ratio x${s.geometricMeanRatio}`),
];
for (const l of lines) console.log(l);
writeJson('short-horizon', {
  benchmark: 'short-horizon',
  source: 'bench/results/suggestions-raw.json (the grid of bench:suggestions; no training here)',
  method: 'per task and seed: the grid rate with the best evaluation after each share of the steps, against the rate with the best final score (mean of the last 3 of 10 evaluations); accuracy higher is better, MSE lower',
  summary,
  pairs,
});
writeFileSync(join(RESULTS_DIR, 'short-horizon.log'), lines.join('\n') + '\n');
