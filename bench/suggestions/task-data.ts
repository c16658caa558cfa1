// The data of the suggestion suite's synthetic tasks (and MNIST as a reconstruction task), each
// seeded: the same seed gives the same rows.
import { loadMnist } from '../../src/node/index.js';
import { gaussian, seededRandom } from '../../src/data/random.js';
import { generate, type TaskData } from './task-kit.js';

/** Friedman #1 (Friedman 1991): y = 10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5 + noise, 10 features (5 unused), y scaled by 1/10. */
export function friedman(n: number, seed: number): TaskData {
  return generate(n, 10, 1, seed, (rand, x, y) => {
    for (let j = 0; j < 10; j++) x[j] = rand();
    y[0] = (10 * Math.sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) ** 2 + 10 * x[3] + 5 * x[4] + gaussian(rand)) / 10;
    for (let j = 0; j < 10; j++) x[j] = (x[j] - 0.5) * Math.sqrt(12); // unit variance
  });
}

/**
 * A tabular classification set in the manner of scikit-learn's make_classification: 3 classes,
 * each a mixture of two Gaussian clusters on 6 informative features, 6 redundant features (random
 * linear mixtures of the informative ones), 8 noise features, 5 % of labels flipped.
 */
export function tabular(n: number, seed: number): TaskData {
  const setup = seededRandom(12345); // the same problem for every split; `seed` draws the rows
  const centres = Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => (setup() < 0.5 ? -1 : 1) * 1.2));
  const mix = Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => gaussian(setup) / 2));
  return generate(n, 20, 3, seed, (rand, x, y) => {
    const cluster = Math.floor(rand() * 6);
    let label = cluster % 3;
    for (let j = 0; j < 6; j++) x[j] = centres[cluster][j] + gaussian(rand);
    for (let j = 0; j < 6; j++) x[6 + j] = mix[j].reduce((a, m, k) => a + m * x[k], 0);
    for (let j = 12; j < 20; j++) x[j] = gaussian(rand);
    if (rand() < 0.05) label = Math.floor(rand() * 3);
    y[label] = 1;
  });
}

/**
 * Sequences of 16 steps x 4 channels of noisy values; the label is the channel whose values sum
 * highest over the second half of the sequence (the first half is a distractor), so the model must
 * count along time.
 */
export function sequences(n: number, seed: number): TaskData {
  const T = 16, C = 4;
  const d = generate(n, T * C, C, seed, (rand, x, y) => {
    const sums = new Array<number>(C).fill(0);
    const bias = Array.from({ length: C }, () => gaussian(rand) * 0.35);
    for (let t = 0; t < T; t++) {
      for (let c = 0; c < C; c++) {
        const v = gaussian(rand) + (t >= T / 2 ? bias[c] : -bias[c]);
        x[t * C + c] = v;
        if (t >= T / 2) sums[c] += v;
      }
    }
    y[sums.indexOf(Math.max(...sums))] = 1;
  });
  return { ...d, xShape: [T, C] };
}

/**
 * Text-like sequences: 32 tokens from a vocabulary of 24, with 0 to 3 planted bigram motifs, each
 * from a "positive" or a "negative" set of 4 bigrams; the label (2 classes) says which set occurs
 * more often (a tie, or no motif, is a coin flip), so the model must find bigrams anywhere in the
 * sequence. Tokens are one-hot (the model embeds them with a bias-free time-distributed dense layer,
 * written before lrkit registered the UnsortedSegmentSum kernel embeddings need on wasm).
 */
export function tokens(n: number, seed: number): TaskData {
  const T = 32, V = 24;
  const setup = seededRandom(777); // the same motifs for every split
  const pick = () => [Math.floor(setup() * V), Math.floor(setup() * V)] as const;
  const motifs = [Array.from({ length: 4 }, pick), Array.from({ length: 4 }, pick)];
  const d = generate(n, T * V, 2, seed, (rand, x, y) => {
    const seq = Array.from({ length: T }, () => Math.floor(rand() * V));
    const counts = [0, 0];
    const planted = Math.floor(rand() * 4);
    for (let k = 0; k < planted; k++) {
      const side = rand() < 0.5 ? 0 : 1;
      const [a, b] = motifs[side][Math.floor(rand() * 4)];
      const at = Math.floor(rand() * (T - 1));
      seq[at] = a;
      seq[at + 1] = b;
    }
    // Count after planting: later motifs may overwrite earlier ones, and chance bigrams count too.
    for (let t = 0; t + 1 < T; t++) {
      for (let side = 0; side < 2; side++) if (motifs[side].some(([a, b]) => seq[t] === a && seq[t + 1] === b)) counts[side]++;
    }
    for (let t = 0; t < T; t++) x[t * V + seq[t]] = 1;
    y[counts[0] === counts[1] ? (rand() < 0.5 ? 0 : 1) : counts[0] > counts[1] ? 0 : 1] = 1;
  });
  return { ...d, xShape: [T, V] };
}

/** MNIST images as their own targets (784 values in [0, 1]): a reconstruction task. */
export async function reconstruction(trainLimit: number, testLimit: number) {
  const [train, test] = [await loadMnist({ split: 'train', limit: trainLimit, seed: 0 }), await loadMnist({ split: 'test', limit: testLimit, seed: 0 })];
  const wrap = (d: typeof train): TaskData => ({ xs: d.features, ys: d.features, count: d.count, xShape: d.shape, yWidth: 784 });
  return { train: wrap(train), test: wrap(test) };
}

