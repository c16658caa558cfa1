// The measurement shared by Node (wasm, cpu) and the Chromium page (webgl): the same model, data,
// options and order everywhere, so the numbers differ only by backend.
import * as tf from '@tensorflow/tfjs';
import { createMlp } from '../../src/models/architectures.js';
import { findLearningRate } from '../../src/tfjs/find.js';

/** What to run; the defaults are the benchmark's documented setup. */
export interface PipelineBenchOptions {
  /** Range-test iterations per timed run (default 60). */
  numIter?: number;
  /** Mini-batch size (default 64). */
  batchSize?: number;
  /** Timed repetitions, each one sequential and one pipelined run (default 5). */
  reps?: number;
  /** Progress lines go here (default: nowhere). */
  log?: (line: string) => void;
}

/** Per-repetition ms/iteration of both modes, on the backend active when measured. */
export interface PipelineBenchResult {
  backend: string;
  numIter: number;
  batchSize: number;
  /** ms per iteration of each repetition with `pipeline: false`. */
  sequential: number[];
  /** ms per iteration of each repetition with `pipeline: true`. */
  pipelined: number[];
  /** Iterations each timed run recorded (all must equal numIter for a fair comparison). */
  iterationsRecorded: number[];
  /** Wall time of the untimed warm-up runs, ms. */
  warmupMs: number;
}

/**
 * Times `findLearningRate` on the MLP 784-128-10 with `pipeline: false` and `pipeline: true`,
 * interleaved (order alternating per repetition) after one untimed warm-up run of each mode, on
 * whatever tfjs backend is active.
 *
 * @example
 * await tf.setBackend('wasm');
 * const r = await measurePipeline({ reps: 3 }); // r.sequential[i] / r.pipelined[i]: ms per iteration
 */
export async function measurePipeline(options: PipelineBenchOptions = {}): Promise<PipelineBenchResult> {
  const { numIter = 60, batchSize = 64, reps = 5, log = () => {} } = options;
  const backend = tf.getBackend();
  // Seeded random "images" and labels: the kernels' cost does not depend on the pixel values, and
  // the browser needs no data files. 16 batches, cycled by the finder.
  const samples = batchSize * 16;
  const xs = tf.randomUniform([samples, 784], 0, 1, 'float32', 1);
  const ys = tf.tidy(() => tf.oneHot(tf.randomUniform([samples], 0, 10, 'int32', 2) as tf.Tensor1D, 10));
  const model = createMlp({ inputShape: [784], classes: 10, seed: 1, optimizer: 'sgd' });
  // A range that stays finite, and no divergence stop: every run does exactly numIter steps.
  const base = { startLr: 1e-4, endLr: 1e-1, numIter, batchSize, divergeThreshold: Infinity, seed: 0 };
  const run = async (pipeline: boolean) => {
    const t0 = performance.now();
    const r = await findLearningRate(model, { xs, ys }, { ...base, pipeline });
    return { ms: (performance.now() - t0) / numIter, iterations: r.iterations };
  };
  const result: PipelineBenchResult = { backend, numIter, batchSize, sequential: [], pipelined: [], iterationsRecorded: [], warmupMs: 0 };
  try {
    // Warm-up: builds the graph, compiles webgl shaders, lets the JIT settle.
    const w0 = performance.now();
    await run(false);
    await run(true);
    result.warmupMs = performance.now() - w0;
    for (let rep = 0; rep < reps; rep++) {
      // Alternate the order so a drifting machine (thermal, neighbours) biases neither mode.
      const order = rep % 2 === 0 ? [false, true] : [true, false];
      const ms: Record<string, number> = {};
      for (const pipeline of order) {
        const r = await run(pipeline);
        ms[String(pipeline)] = r.ms;
        result.iterationsRecorded.push(r.iterations);
      }
      result.sequential.push(ms.false);
      result.pipelined.push(ms.true);
      log(`${backend} rep ${rep + 1}/${reps}: sequential ${ms.false.toFixed(2)} ms/it, pipelined ${ms.true.toFixed(2)} ms/it`);
    }
  } finally {
    tf.dispose([xs, ys]);
    model.optimizer.dispose();
    model.dispose();
  }
  return result;
}
