// Suggestions on REAL range tests: minibatch SGD whose weights carry over from step to step (as
// in any training loop), on problems where the best constant learning rate for a fixed training
// budget is found by grid search inside the test. Plain JS, no TensorFlow.js.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gaussian, seededRandom, shuffledIndices } from '../src/data/random.js';
import { rangeTest } from '../src/finder/index.js';
import { recommend, suggest } from '../src/suggestions/index.js';

type Kind = 'linear' | 'logistic';
interface Problem {
  kind: Kind;
  X: number[][];
  y: number[];
}

const N = 512;
const D = 8;

/**
 * Linear regression y = x·w* + N(0, 0.3²), or logistic regression with labels drawn from
 * sigmoid(x·w*). Feature scales 0.5..2.5 spread the curvature over a factor of 25.
 */
function problem(kind: Kind, seed: number): Problem {
  const rand = seededRandom(seed);
  const scales = Array.from({ length: D }, (_, j) => 0.5 + (2 * j) / (D - 1));
  const wStar = Array.from({ length: D }, () => gaussian(rand));
  const X = Array.from({ length: N }, () => scales.map((s) => s * gaussian(rand)));
  const y = X.map((x) => {
    const z = dot(x, wStar);
    return kind === 'linear' ? z + 0.3 * gaussian(rand) : rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  });
  return { kind, X, y };
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/** Mean loss over `rows` (squared error / 2, or binary cross-entropy) and its gradient. */
function lossAndGradient(p: Problem, w: number[], rows: ArrayLike<number>): { loss: number; grad: number[] } {
  let loss = 0;
  const grad = new Array<number>(D).fill(0);
  for (let k = 0; k < rows.length; k++) {
    const x = p.X[rows[k]];
    const z = dot(x, w);
    let err: number;
    if (p.kind === 'linear') {
      err = z - p.y[rows[k]];
      loss += 0.5 * err * err;
    } else {
      // log(1 + e^z) - y z, written to stay finite for large |z|.
      loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - p.y[rows[k]] * z;
      err = 1 / (1 + Math.exp(-z)) - p.y[rows[k]];
    }
    for (let j = 0; j < D; j++) grad[j] += (err * x[j]) / rows.length;
  }
  return { loss: loss / rows.length, grad };
}

/** Mini-batches of a fresh seeded shuffle every epoch; the same seed gives the same batches. */
function batches(batchSize: number, seed: number): () => number[] {
  let epoch = 0;
  let order = shuffledIndices(N, seed);
  let pos = 0;
  return () => {
    const out: number[] = [];
    while (out.length < batchSize) {
      if (pos === N) {
        order = shuffledIndices(N, seed + ++epoch);
        pos = 0;
      }
      out.push(order[pos++]);
    }
    return out;
  };
}

const ALL = Array.from({ length: N }, (_, i) => i);

/** Full-data loss after `steps` SGD steps at a constant `lr` from w = 0 (Infinity if it blew up). */
function trainConstant(p: Problem, lr: number, steps: number, batchSize: number): number {
  const w = new Array<number>(D).fill(0);
  const next = batches(batchSize, 1);
  for (let t = 0; t < steps; t++) {
    const { grad } = lossAndGradient(p, w, next());
    for (let j = 0; j < D; j++) w[j] -= lr * grad[j];
    if (!w.every(Number.isFinite)) return Infinity;
  }
  const { loss } = lossAndGradient(p, w, ALL);
  return Number.isFinite(loss) ? loss : Infinity;
}

/** The grid rate (8 per decade, 1e-4..10) with the lowest loss after the fixed budget. */
function bestConstantLr(p: Problem, steps: number, batchSize: number): number {
  const grid = Array.from({ length: 41 }, (_, k) => 10 ** (-4 + k / 8));
  const finals = grid.map((lr) => trainConstant(p, lr, steps, batchSize));
  const i = finals.indexOf(Math.min(...finals));
  assert.ok(i > 0 && i < grid.length - 1, `best rate ${grid[i]} sits on the edge of the grid`);
  return grid[i];
}

/** A real range test: one SGD step per iteration on weights carried over from the last one. */
async function rangeTestRun(p: Problem, batchSize: number) {
  const w = new Array<number>(D).fill(0);
  const next = batches(batchSize, 1);
  const result = await rangeTest({
    startLr: 1e-4, endLr: 10, numIter: 100,
    step: (lr) => {
      const { loss, grad } = lossAndGradient(p, w, next());
      for (let j = 0; j < D; j++) w[j] -= lr * grad[j];
      return loss;
    },
  });
  // `recommended`: recommend()'s constant rate (the knee of the lag-free curve), beside fastai's rules.
  return { result, suggestions: { ...suggest.all(result), recommended: { lr: recommend(result).constant?.lr ?? NaN } } };
}

const RULES = ['minimum', 'steep', 'valley', 'slide', 'oneCycle', 'recommended'] as const;
type Rule = (typeof RULES)[number];

/** suggestion / best for every rule and seed. */
async function ratios(kind: Kind, batchSize: number, seeds: number[]): Promise<Record<Rule, number[]>> {
  const out = Object.fromEntries(RULES.map((r) => [r, [] as number[]])) as Record<Rule, number[]>;
  for (const seed of seeds) {
    const p = problem(kind, seed);
    // Budget: 300 steps (about 9 epochs at batch 16, 37 at batch 64), three times the range test.
    const best = bestConstantLr(p, 300, batchSize);
    const { suggestions } = await rangeTestRun(p, batchSize);
    for (const rule of RULES) out[rule].push(suggestions[rule]!.lr / best);
  }
  return out;
}

const within = (factor: number) => (r: number): boolean => r >= 1 / factor && r <= factor;
const count = (rs: number[], ok: (r: number) => boolean): number => rs.filter(ok).length;
const show = (rs: number[]): string => rs.map((r) => r.toFixed(2)).join(', ');
const SEEDS = Array.from({ length: 16 }, (_, i) => i + 1);

// Measured over these 64 runs (docs/finder.md): minimum within x3 in 63 (the other 3.4x low);
// valley always at or below ~1.3x the best, within x3 in 21 of 32 linear runs but 5-20x low on
// logistic regression; steep within x3 in 0, 9, 6, 8 of 16 (erratic: noise dominates its slope).
describe('suggestions on a real (state-carrying) range test vs the grid-searched best constant rate', () => {
  for (const [kind, batchSize] of [['linear', 16], ['linear', 64], ['logistic', 16], ['logistic', 64]] as const) {
    it(`${kind} regression, batch ${batchSize}, 16 seeds`, async () => {
      const r = await ratios(kind, batchSize, SEEDS);
      const msg = (rule: Rule): string => `${rule}/best: ${show(r[rule])}`;
      // fastai's `minimum` (lr at the smoothed minimum / 10) is the rule that lands near the best.
      assert.ok(count(r.minimum, within(3)) >= 15, msg('minimum'));
      assert.ok(r.minimum.every(within(4)), msg('minimum'));
      // `valley` is conservative: never much above the best...
      assert.ok(r.valley.every((v) => v < 1.5), msg('valley'));
      // ...and on logistic regression (best rate near where the curve bottoms out) far below it.
      if (kind === 'logistic') assert.ok(count(r.valley, (v) => v < 1 / 3) >= 15, msg('valley'));
      // recommend()'s constant rate, chosen on the tf.js suggestion suite, also holds here
      // (measured: within x3 in 61 of 64, all within x3.7).
      assert.ok(count(r.recommended, within(3)) >= 14, msg('recommended'));
      assert.ok(r.recommended.every(within(4)), msg('recommended'));
      // `steep` is no reliable estimate of the best constant rate on a noisy minibatch curve.
      assert.ok(count(r.steep, within(3)) < 12, msg('steep'));
    });
  }
});
