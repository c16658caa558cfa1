// Phase 2 of the suggestion suite: the rates each rule picks from the range test, one training
// run at each, and the comparison with the grid's best constant rate.
import { curveLandmarks, recommend, suggest } from '../../src/index.js';
import { round, stats } from '../lib/common.js';
import { runJobs, runKey, type TaskSeed } from './collect.js';
import type { SuiteTask } from './tasks.js';
import type { Policy, TrainJob, TrainResult } from './worker.js';
import { PEERS, peerRows, summarizePeers, type PeerRow } from './peers.js';

/** fastai's rules (trained at their rate as constant rates), then the recommendation. */
export const CONSTANT_RULES = ['valley', 'steep', 'minimum', 'slide', 'recommended'] as const;
/**
 * One-cycle peaks tried: the recommendation's (the lowest centred point), that point / 2 and / 4
 * beside it, and fastai's workflow as the peer: `valley`, then fit_one_cycle's schedule defaults.
 */
export const ONE_CYCLE_RULES = ['recommended', 'lrAtMin/2', 'lrAtMin/4', 'fastai-workflow'] as const;

/** The schedule a one-cycle rule trains with: fastai's fit_one_cycle for fastai's workflow, PyTorch's OneCycleLR defaults otherwise. */
export const oneCyclePolicy = (rule: string, maxLr: number): Policy => (rule === 'fastai-workflow' ? { type: 'fastaiOneCycle', maxLr } : { type: 'oneCycle', maxLr });

/** Targets of the issue: gap in accuracy points (or % of the MSE), one-cycle share, range-test cost. */
export const TARGET = { maxGapPoints: 0.5, maxGapPercentMse: 10, oneCycleShare: 0.8, maxComputeRatio: 0.2 } as const;

interface Picked { rule: string; lr: number | null }

/** One rule's pick for a task and seed, and how training at it went. */
export interface RuleRow {
  rule: string;
  lr: number | null;
  ratioToBest: number | null;
  score: number | null;
  diverged: boolean | null;
  /** Accuracy points, or percent of the best MSE; negative = worse than the grid's best. */
  gap: number;
}

/** Everything measured for one task and seed. */
export interface PairReport {
  task: string;
  seed: number;
  grid: { lr: number; score: number | null; diverged: boolean }[];
  gridBest: { lr: number; score: number };
  gridSpread: { lastEvaluations: number; nextBestGap: number };
  rangeTest: { iterations: number; stopReason: string; seconds: number; warnings: string[]; confidence: string };
  constant: RuleRow[];
  oneCycle: RuleRow[];
  computeRatio: number;
  /** The LR-free peers (peers.ts), and the range test's steps as a share of one training's. */
  lrFree: PeerRow[];
  rangeTestShareOfTraining: number;
}

function picks(p: TaskSeed): { constant: Picked[]; oneCycle: Picked[] } {
  const s = suggest.all(p.find);
  const rec = recommend(p.find);
  const m = curveLandmarks(p.find.lrs, p.find.losses);
  return {
    constant: [
      { rule: 'valley', lr: s.valley.lr }, { rule: 'steep', lr: s.steep.lr }, { rule: 'minimum', lr: s.minimum.lr },
      { rule: 'slide', lr: s.slide?.lr ?? null }, { rule: 'recommended', lr: rec.constant?.lr ?? null },
    ],
    oneCycle: [
      { rule: 'recommended', lr: rec.oneCycle?.maxLr ?? null }, { rule: 'lrAtMin/2', lr: m.lrAtMin / 2 }, { rule: 'lrAtMin/4', lr: m.lrAtMin / 4 },
      { rule: 'fastai-workflow', lr: s.valley.lr },
    ],
  };
}

/** Gap to the grid's best: accuracy points, or percent of the best MSE (negative: worse). */
export function gapOf(task: SuiteTask, score: number | null, best: number): number {
  if (score === null) return task.metric === 'accuracy' ? -100 * best : -Infinity;
  return task.metric === 'accuracy' ? (score - best) * 100 : ((best - score) / best) * 100;
}

const better = (t: SuiteTask, a: number, b: number) => (t.metric === 'accuracy' ? a > b : a < b);

/**
 * Trains every rule's pick (each distinct run once) and compares it with the grid.
 *
 * @example
 * const report = await evaluate(raw, TASKS, 2, console.log);
 */
export async function evaluate(raw: TaskSeed[], tasks: SuiteTask[], workers: number, log: (line: string) => void): Promise<{ pairs: PairReport[]; summary: ReturnType<typeof summarize> & { lrFree: ReturnType<typeof summarizePeers> } }> {
  const taskOf = (name: string) => tasks.find((t) => t.name === name)!;
  const chosen = raw.map(picks);
  const rec = raw.map((p) => recommend(p.find));
  const jobs = new Map<string, TrainJob>();
  const add = (p: TaskSeed, policy: Policy) => jobs.set(runKey(p.task, p.seed, policy), { kind: 'train', task: p.task, seed: p.seed, policy });
  raw.forEach((p, i) => {
    for (const c of chosen[i].constant) if (c.lr !== null && !p.grid.some((g) => g.lr === c.lr)) add(p, { type: 'constant', lr: c.lr });
    for (const c of chosen[i].oneCycle) if (c.lr !== null) add(p, oneCyclePolicy(c.rule, c.lr));
    for (const peer of PEERS) add(p, peer.policy);
  });
  const list = [...jobs.values()];
  const results = await runJobs(list, tasks, workers, log);
  const trained = new Map(list.map((j, k) => [runKey(j.task, j.seed, j.policy), results[k] as TrainResult]));

  const pairs = raw.map((p, i): PairReport => {
    const t = taskOf(p.task);
    const scored = p.grid.filter((g) => g.score !== null);
    const bestRun = scored.reduce((a, b) => (better(t, b.score!, a.score!) ? b : a));
    const best = bestRun.score!;
    const second = scored.filter((g) => g !== bestRun).reduce((a, b) => (better(t, b.score!, a.score!) ? b : a));
    const lastEvals = bestRun.evaluations.slice(-3).map((e) => e.value);
    const constantRun = (lr: number) => p.grid.find((g) => g.lr === lr) ?? trained.get(runKey(p.task, p.seed, { type: 'constant', lr }))!;
    const row = (c: Picked, run: TrainResult | undefined): RuleRow => ({
      rule: c.rule, lr: c.lr === null ? null : round(c.lr, 4), ratioToBest: c.lr === null ? null : round(c.lr / bestRun.lr, 3),
      score: run?.score == null ? null : round(run.score, 5), diverged: run?.diverged ?? null, gap: round(gapOf(t, run?.score ?? null, best), 4),
    });
    return {
      task: p.task, seed: p.seed,
      grid: p.grid.map((g) => ({ lr: g.lr, score: g.score === null ? null : round(g.score, 5), diverged: g.diverged })),
      gridBest: { lr: bestRun.lr, score: round(best, 5) },
      gridSpread: {
        lastEvaluations: round(spreadInGapUnits(t, Math.max(...lastEvals) - Math.min(...lastEvals), best), 4),
        nextBestGap: round(Math.abs(gapOf(t, second.score, best)), 4),
      },
      rangeTest: { iterations: p.find.iterations, stopReason: p.find.stopReason, seconds: round(p.find.seconds, 3), warnings: rec[i].warnings.map((w) => w.code), confidence: rec[i].confidence },
      constant: chosen[i].constant.map((c) => row(c, c.lr === null ? undefined : constantRun(c.lr))),
      oneCycle: chosen[i].oneCycle.map((c) => row(c, c.lr === null ? undefined : trained.get(runKey(p.task, p.seed, oneCyclePolicy(c.rule, c.lr))))),
      computeRatio: round(p.find.iterations / (p.grid.length * t.steps), 4),
      lrFree: [],
      rangeTestShareOfTraining: round(p.find.iterations / t.steps, 4),
    };
  });
  pairs.forEach((r, i) => {
    const p = raw[i];
    const t = taskOf(p.task);
    const gap = (score: number | null) => gapOf(t, score, r.gridBest.score);
    const runs = PEERS.map((peer) => trained.get(runKey(p.task, p.seed, peer.policy)));
    r.lrFree = peerRows(runs, gap, r.oneCycle[0].gap, r.constant.find((c) => c.rule === 'recommended')!.gap);
  });
  return { pairs, summary: { ...summarize(pairs, tasks), lrFree: summarizePeers(pairs, tasks) } };
}

/** A spread in the units of the gap: points of accuracy, or percent of the best MSE. */
function spreadInGapUnits(t: SuiteTask, spread: number, best: number): number {
  return t.metric === 'accuracy' ? spread * 100 : (spread / best) * 100;
}

function summarize(pairs: PairReport[], tasks: SuiteTask[]) {
  const ok = (p: PairReport, gap: number) => gap >= -(tasks.find((t) => t.name === p.task)!.metric === 'accuracy' ? TARGET.maxGapPoints : TARGET.maxGapPercentMse);
  const perRule = (kind: 'constant' | 'oneCycle', rule: string) => {
    const rows = pairs.map((p) => ({ p, r: p[kind].find((x) => x.rule === rule)! }));
    const ratios = rows.map(({ r }) => r.ratioToBest).filter((x): x is number => x !== null);
    return {
      rule,
      withinTarget: rows.filter(({ p, r }) => ok(p, r.gap)).length,
      atLeastGridBest: rows.filter(({ r }) => r.gap >= 0).length,
      pairs: rows.length,
      medianRatioToBest: ratios.length ? round(stats(ratios).median, 3) : null,
      meanAbsLog10Ratio: ratios.length ? round(ratios.reduce((a, x) => a + Math.abs(Math.log10(x)), 0) / ratios.length, 3) : null,
      byTask: Object.fromEntries(tasks.map((t) => {
        const g = rows.filter(({ p }) => p.task === t.name).map(({ r }) => r.gap);
        return [t.name, g.length ? { meanGap: round(stats(g).mean, 3), worstGap: round(Math.min(...g), 3) } : null];
      })),
    };
  };
  const recommended = perRule('constant', 'recommended');
  const oneCycle = perRule('oneCycle', 'recommended');
  const compute = pairs.map((p) => p.computeRatio);
  return {
    constantRules: CONSTANT_RULES.map((r) => perRule('constant', r)),
    oneCycleRules: ONE_CYCLE_RULES.map((r) => perRule('oneCycle', r)),
    computeRatio: { max: round(Math.max(...compute), 4), mean: round(stats(compute).mean, 4) },
    targets: {
      recommendedConstantWithinTarget: { met: recommended.withinTarget === recommended.pairs, got: `${recommended.withinTarget}/${recommended.pairs}` },
      oneCycleAtLeastGridBest: { met: oneCycle.atLeastGridBest >= TARGET.oneCycleShare * oneCycle.pairs, got: `${oneCycle.atLeastGridBest}/${oneCycle.pairs}`, needed: Math.ceil(TARGET.oneCycleShare * oneCycle.pairs) },
      rangeTestCost: { met: Math.max(...compute) <= TARGET.maxComputeRatio, got: round(Math.max(...compute), 4) },
    },
  };
}
