// Replays the reference trajectories of test/fixtures/lr-free/ (scripts/lr-free-fixtures.py) on
// lrkit's LR-free optimizers: the recorded gradients fed to applyGradients (the optimizer's
// arithmetic alone), or gradients computed by tfjs on the same model and batches.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';

type Nested = number[] | number[][];

export interface FixtureCase {
  options: Record<string, unknown>;
  init: Nested[];
  grads: Nested[][];
  weights: Nested[][];
  losses: number[];
  x?: Nested[];
  d?: number;
}

export interface Fixture {
  reference: string;
  steps: number;
  batchSize: number;
  xs: number[][];
  ys: number[][];
  cases: Record<string, FixtureCase>;
}

export function loadFixture(name: 'prodigy' | 'schedule-free'): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/lr-free/${name}.json`, import.meta.url), 'utf8')) as Fixture;
}

const flat = (x: Nested): number[] => (x as (number | number[])[]).flat();

/** Largest |a - b| / (|b| + floor) over all weights: float32 noise is ~1e-7 relative. */
export function maxError(actual: tf.Tensor[], expected: Nested[], floor = 1e-3): number {
  let worst = 0;
  actual.forEach((t, i) => {
    const a = t.dataSync();
    flat(expected[i]).forEach((e, j) => {
      worst = Math.max(worst, Math.abs(a[j] - e) / (Math.abs(e) + floor));
    });
  });
  return worst;
}

let unique = 0;

/** Variables holding the case's initial weights (kernel1, bias1, kernel2, bias2). */
export function initVariables(c: FixtureCase): tf.Variable[] {
  unique += 1;
  return c.init.map((w, i) => tf.tidy(() => tf.variable(tf.tensor(w as number[]), true, `lrfree_${unique}_${i}`)));
}

/**
 * Feeds the recorded gradients to `opt` step by step; returns the worst error of each step's
 * weights against the reference's (read through `read`, e.g. to leave Schedule-Free's y alone).
 */
export function replay(opt: tf.Optimizer, c: FixtureCase, vars: tf.Variable[]): number[] {
  const errors: number[] = [];
  c.grads.forEach((g, step) => {
    const grads = g.map((x, i) => ({ name: vars[i].name, tensor: tf.tensor(x as number[]) }));
    opt.applyGradients(grads);
    tf.dispose(grads.map((e) => e.tensor));
    errors.push(maxError(vars, c.weights[step]));
  });
  return errors;
}

/** The fixture's model: dense(4->6, tanh) -> dense(6->3), with the case's initial weights. */
export function fixtureModel(c: FixtureCase): tf.Sequential {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 6, activation: 'tanh', inputShape: [4] }), tf.layers.dense({ units: 3 })],
  });
  const init = c.init.map((w) => tf.tensor(w as number[]));
  model.setWeights(init);
  tf.dispose(init);
  return model;
}

/** The model's weights in fixture order. */
export function modelWeights(model: tf.LayersModel): tf.Tensor[] {
  return model.trainableWeights.map((w) => w.read());
}
