// Worker thread of findLearningRateInWorkers: builds the recipe once with its own backend, then
// runs the range tests the parent hands out, one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { findLearningRate } from '../tfjs/find.js';
import { setBackend } from '../tfjs/backend.js';
import { buildRecipe, type RangeTestRecipe } from './recipe.js';

/** Messages the parent sends. */
export type ToWorker = { type: 'run'; index: number } | { type: 'abort' } | { type: 'close' };
/** Messages the worker sends back. */
export type FromWorker =
  | { type: 'ready'; backend: string }
  | { type: 'iteration'; index: number; iteration: number; lr: number; loss: number }
  | { type: 'result'; index: number; result: unknown }
  | { type: 'error'; index?: number; name: string; message: string };

const port = parentPort!;
const send = (m: FromWorker): void => port.postMessage(m);
const { recipe, progress } = workerData as { recipe: RangeTestRecipe; progress: boolean };

let ctl = new AbortController();
let aborted = false;

try {
  const backend = await setBackend(recipe.backend ?? 'wasm');
  const built = await buildRecipe(recipe);
  let queue = Promise.resolve();
  port.on('message', (m: ToWorker) => {
    if (m.type === 'abort') {
      aborted = true;
      ctl.abort();
      return;
    }
    if (m.type === 'close') {
      queue = queue.then(() => {
        built.dispose();
        port.close();
      });
      return;
    }
    queue = queue.then(async () => {
      ctl = new AbortController();
      // A run that arrives after an abort still answers (at once, with an empty 'aborted' curve),
      // so the parent is never left waiting.
      if (aborted) ctl.abort();
      try {
        const result = await findLearningRate(built.modelFor(m.index), { xs: built.xs, ys: built.ys }, {
          ...built.options(m.index),
          signal: ctl.signal,
          onIteration: progress ? (it) => send({ type: 'iteration', index: m.index, iteration: it.iteration, lr: it.lr, loss: it.loss }) : undefined,
        });
        send({ type: 'result', index: m.index, result });
      } catch (e) {
        send({ type: 'error', index: m.index, name: (e as Error).name ?? 'Error', message: (e as Error).message ?? String(e) });
      }
    });
  });
  send({ type: 'ready', backend });
} catch (e) {
  send({ type: 'error', name: (e as Error).name ?? 'Error', message: (e as Error).message ?? String(e) });
}
