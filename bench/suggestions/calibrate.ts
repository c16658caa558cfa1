// Confidence, measured (issue 23, items 1 and 4): reads the suite's results (no training) and
// asks, with today's recommend(), how often each answer at each confidence level came within
// target of the grid's best, whether every miss carries a warning, how each rule does per task
// (the mean over seeds against the grid's best mean) and what each rule costs in optimizer steps.
import { recommend, type Confidence } from '../../src/index.js';
import { round } from '../lib/common.js';
import type { TaskSeed } from './collect.js';
import type { PairReport } from './evaluate.js';

/** What calibrate() reads: the committed results of bench:suggestions and bench:refine. */
export interface SuiteResults {
  setup: { tasks: { name: string; metric: 'accuracy' | 'mse'; steps: number }[] };
  target: { maxGapPoints: number; maxGapPercentMse: number };
  pairs: PairReport[];
}
export interface RefineResults { rows: { task: string; seed: number; refine: { gap: number; steps: number } }[] }

type RefineRow = RefineResults['rows'][number];

/**
 * The rules compared: each a gap per pair (null where it was not run; `refined` is that pair's
 * refine row) and the optimizer steps it spends beyond the range test and one training.
 */
const RULES = {
  'knee (recommended constant)': { gap: (p: PairReport) => rule(p, 'constant', 'recommended'), extraSteps: () => 0 },
  'peak (recommended one-cycle)': { gap: (p: PairReport) => rule(p, 'oneCycle', 'recommended'), extraSteps: () => 0 },
  'refine (constant, one training\'s steps)': {
    gap: (_p: PairReport, refined?: RefineRow) => refined?.refine.gap ?? null,
    extraSteps: (_p: PairReport, refined?: RefineRow, one = 0) => refined?.refine.steps ?? one,
  },
  'fastai workflow (valley, then fit_one_cycle)': { gap: (p: PairReport) => rule(p, 'oneCycle', 'fastai-workflow'), extraSteps: () => 0 },
  'fastai valley (constant)': { gap: (p: PairReport) => rule(p, 'constant', 'valley'), extraSteps: () => 0 },
} as const;
export type RuleName = keyof typeof RULES;

function rule(p: PairReport, kind: 'constant' | 'oneCycle', name: string): number | null {
  return p[kind].find((r) => r.rule === name)?.gap ?? null;
}

const LEVELS: Confidence[] = ['high', 'medium', 'low'];

/**
 * Calibration per confidence level, misses and their warnings, per-task means and costs.
 *
 * @example
 * const c = calibrate(suite, raw, refine);
 * c.calibration.oneCycle.high; // { within: 21, of: 22 }
 */
export function calibrate(suite: SuiteResults, raw: TaskSeed[], refine?: RefineResults) {
  const task = (name: string) => suite.setup.tasks.find((t) => t.name === name)!;
  const ok = (name: string, gap: number) => gap >= -(task(name).metric === 'accuracy' ? suite.target.maxGapPoints : suite.target.maxGapPercentMse);
  const refinedOf = (p: PairReport) => refine?.rows.find((r) => r.task === p.task && r.seed === p.seed);
  const gapOf = (name: RuleName, p: PairReport) => RULES[name].gap(p, refinedOf(p));

  const pairs = suite.pairs.map((p) => {
    const found = raw.find((r) => r.task === p.task && r.seed === p.seed);
    if (!found) throw new Error(`no range test for ${p.task} seed ${p.seed} in the raw results`);
    const rec = recommend(found.find);
    const knee = rule(p, 'constant', 'recommended')!;
    const peak = rule(p, 'oneCycle', 'recommended')!;
    // The rates are today's too: a changed rule needs a new suite run, not a new calibration.
    const same = (a: number | undefined, b: number | null) => (a === undefined ? b === null : b !== null && Math.abs(a / b - 1) < 1e-3);
    if (!same(rec.constant?.lr, p.constant.find((r) => r.rule === 'recommended')!.lr) || !same(rec.oneCycle?.maxLr, p.oneCycle[0].lr)) {
      throw new Error(`${p.task} seed ${p.seed}: recommend() now gives other rates than the suite trained; rerun npm run bench:suggestions`);
    }
    // No answer (a flat or rising curve) counts as a miss at the curve's confidence, always warned.
    return {
      task: p.task, seed: p.seed, warnings: rec.warnings.map((w) => w.code), curve: rec.confidence,
      constant: { confidence: rec.constant?.confidence ?? rec.confidence, answered: rec.constant !== null, gap: knee, within: rec.constant !== null && ok(p.task, knee) },
      oneCycle: { confidence: rec.oneCycle?.confidence ?? rec.confidence, answered: rec.oneCycle !== null, gap: peak, within: rec.oneCycle !== null && ok(p.task, peak) },
    };
  });
  const levels = (use: 'constant' | 'oneCycle') => Object.fromEntries(LEVELS.map((l) => {
    const at = pairs.filter((p) => p[use].confidence === l);
    return [l, { within: at.filter((p) => p[use].within).length, of: at.length }];
  })) as Record<Confidence, { within: number; of: number }>;
  const misses = (use: 'constant' | 'oneCycle') => pairs.filter((p) => !p[use].within).map((p) => ({
    task: p.task, seed: p.seed, gap: p[use].gap, confidence: p[use].confidence, answered: p[use].answered, warnings: p.warnings,
    // a constant rate always carries its caveat (use one-cycle, or check it with --refine)
    warned: use === 'constant' || p.warnings.length > 0,
  }));

  const names = Object.keys(RULES) as RuleName[];
  const tasks = [...new Set(suite.pairs.map((p) => p.task))];
  const perTask = Object.fromEntries(tasks.map((t) => {
    const ps = suite.pairs.filter((p) => p.task === t);
    const acc = task(t).metric === 'accuracy';
    const mean = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : xs.reduce((a, b) => a! + b!, 0)! / xs.length);
    const gridMeans = ps[0].grid.map((g) => ({ lr: g.lr, score: mean(ps.map((p) => p.grid.find((x) => x.lr === g.lr)!.score)) }));
    const best = gridMeans.filter((g) => g.score !== null).reduce((a, b) => ((acc ? b.score! > a.score! : b.score! < a.score!) ? b : a));
    // a rule's mean score from its gaps: gap = score - best (points), or (best - score) / best (% of MSE)
    const score = (p: PairReport, gap: number) => (acc ? p.gridBest.score + gap / 100 : p.gridBest.score * (1 - gap / 100));
    const rows = Object.fromEntries(names.map((n) => {
      const gaps = ps.map((p) => gapOf(n, p));
      if (gaps.some((g) => g === null || !Number.isFinite(g))) return [n, null];
      const m = mean(ps.map((p, i) => score(p, gaps[i]!)))!;
      const gap = acc ? (m - best.score!) * 100 : ((best.score! - m) / best.score!) * 100;
      return [n, { meanScore: round(m, 5), gapOfMeans: round(gap, 3), within: ok(t, gap) }];
    }));
    return [t, { gridBestMean: { lr: best.lr, score: round(best.score!, 5) }, rules: rows }];
  }));
  const perRule = Object.fromEntries(names.map((n) => {
    const gaps = suite.pairs.map((p) => ({ p, g: gapOf(n, p) })).filter((x): x is { p: PairReport; g: number } => x.g !== null);
    const byTask = tasks.map((t) => perTask[t].rules[n]).filter((x) => x !== null);
    const steps = suite.pairs.map((p) => {
      const one = task(p.task).steps;
      return { one, total: p.rangeTest.iterations + one + RULES[n].extraSteps(p, refinedOf(p), one) };
    });
    return [n, {
      pairsWithinTarget: gaps.filter((x) => ok(x.p.task, x.g)).length, pairs: gaps.length,
      atLeastGridBest: gaps.filter((x) => x.g >= 0).length,
      tasksWithinTarget: byTask.filter((x) => x!.within).length, tasks: byTask.length,
      costInTrainings: round(steps.reduce((a, s) => a + s.total / s.one, 0) / steps.length, 3),
      costShareOfGrid: round(steps.reduce((a, s) => a + s.total / (9 * s.one), 0) / steps.length, 3),
    }];
  }));
  return {
    calibration: { constant: levels('constant'), oneCycle: levels('oneCycle') },
    misses: { constant: misses('constant'), oneCycle: misses('oneCycle') },
    perRule, perTask, pairs,
  };
}
