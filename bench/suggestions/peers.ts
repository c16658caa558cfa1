// The LR-free peers of the suggestion suite (issue #26): Prodigy and Schedule-Free AdamW at their
// reference defaults (Schedule-Free also with the 2 % warm-up AlgoPerf used), trained from the same
// initial weights on the same batches for the same steps as every other run, no range test. Per
// task and seed: each peer's gap to the grid's best, and whether the range test's recommended
// one-cycle and constant rate did at least as well, and at what cost (range-test steps as a share
// of the training's steps).
import { round, stats } from '../lib/common.js';
import type { SuiteTask } from './tasks.js';
import type { LrFreePeer, TrainResult } from './worker.js';

/** The peers, in report order. */
export const PEERS: { name: string; policy: LrFreePeer }[] = [
  { name: 'prodigy', policy: { type: 'lrFree', optimizer: 'prodigy', warmup: 0 } },
  { name: 'schedule-free-adamw', policy: { type: 'lrFree', optimizer: 'schedule-free-adamw', warmup: 0 } },
  { name: 'schedule-free-adamw, 2 % warm-up', policy: { type: 'lrFree', optimizer: 'schedule-free-adamw', warmup: 0.02 } },
];

/** The goal the issue sets for the recommendation: at least as good as Prodigy on this share of pairs. */
export const PEER_TARGET = { atLeastProdigyShare: 0.8 } as const;

/** One peer's run for a task and seed, beside the range test's recommendations. */
export interface PeerRow {
  peer: string;
  score: number | null;
  diverged: boolean;
  /** Gap to the grid's best, in the suite's units (accuracy points, or % of the best MSE). */
  gap: number;
  /** Recommended one-cycle's gap minus the peer's (>= 0: the range test's schedule did at least as well). */
  oneCycleMinusPeer: number;
  /** The same for the recommended constant rate. */
  constantMinusPeer: number;
}

/**
 * The peer rows of one pair, from the runs and the gap function of evaluate.ts.
 *
 * @example
 * const rows = peerRows(runs, (s) => gapOf(t, s, best), oneCycleGap, constantGap);
 */
export function peerRows(runs: (TrainResult | undefined)[], gap: (score: number | null) => number, oneCycleGap: number, constantGap: number): PeerRow[] {
  return PEERS.map((p, k) => {
    const run = runs[k];
    const g = gap(run?.score ?? null);
    return {
      peer: p.name, score: run?.score == null ? null : round(run.score, 5), diverged: run?.diverged ?? true, gap: round(g, 4),
      oneCycleMinusPeer: round(oneCycleGap - g, 4), constantMinusPeer: round(constantGap - g, 4),
    };
  });
}

interface PairLike { task: string; lrFree: PeerRow[]; rangeTestShareOfTraining: number }

/**
 * Per peer: how often the recommended one-cycle and constant rate did at least as well, per task
 * (wins-ties-losses of one-cycle, mean gaps), and the target against Prodigy.
 *
 * @example
 * const s = summarizePeers(pairs, tasks);
 */
export function summarizePeers(pairs: PairLike[], tasks: SuiteTask[]) {
  const perPeer = PEERS.map(({ name }) => {
    const rows = pairs.map((p) => ({ p, r: p.lrFree.find((x) => x.peer === name)! }));
    const count = (f: (r: PeerRow) => boolean) => rows.filter(({ r }) => f(r)).length;
    return {
      peer: name,
      pairs: rows.length,
      oneCycleAtLeastAsGood: count((r) => r.oneCycleMinusPeer >= 0),
      constantAtLeastAsGood: count((r) => r.constantMinusPeer >= 0),
      byTask: Object.fromEntries(tasks.map((t) => {
        const mine = rows.filter(({ p }) => p.task === t.name).map(({ r }) => r);
        if (mine.length === 0) return [t.name, null];
        const wins = mine.filter((r) => r.oneCycleMinusPeer > 0).length;
        const ties = mine.filter((r) => r.oneCycleMinusPeer === 0).length;
        return [t.name, {
          oneCycleWinsTiesLosses: `${wins}-${ties}-${mine.length - wins - ties}`,
          peerMeanGap: round(stats(mine.map((r) => r.gap)).mean, 3),
          oneCycleMinusPeerMean: round(stats(mine.map((r) => r.oneCycleMinusPeer)).mean, 3),
          constantMinusPeerMean: round(stats(mine.map((r) => r.constantMinusPeer)).mean, 3),
        }];
      })),
    };
  });
  const prodigy = perPeer[0];
  const needed = Math.ceil(PEER_TARGET.atLeastProdigyShare * prodigy.pairs);
  const share = pairs.map((p) => p.rangeTestShareOfTraining);
  return {
    perPeer,
    rangeTestShareOfTraining: { mean: round(stats(share).mean, 4), max: round(Math.max(...share), 4) },
    target: { oneCycleAtLeastProdigy: { met: prodigy.oneCycleAtLeastAsGood >= needed, got: `${prodigy.oneCycleAtLeastAsGood}/${prodigy.pairs}`, needed } },
  };
}
