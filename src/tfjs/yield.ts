// On the wasm and cpu backends `await tensor.data()` resolves as a microtask, so a training loop
// never gives the event loop a turn: Ctrl-C (SIGINT), timers, repaints and clicks on Stop would
// all wait until the loop ends. Yielding a real macrotask between steps fixes that.
//
// Node: setImmediate (no clamping). Browsers: a MessageChannel round trip — measured in headless
// Chromium 156, `scheduler.yield()` continuations outrank input (a click on Stop was never
// handled) and chained `setTimeout(0)` is clamped to 4 ms, a third of a wasm MLP step.

const channel =
  typeof setImmediate === 'function' || typeof MessageChannel === 'undefined' ? undefined : new MessageChannel();
const waiting: (() => void)[] = [];
if (channel) channel.port1.onmessage = () => waiting.shift()?.();

/**
 * Resolves in a new macrotask, so that signals, input, rendering and timers get a turn.
 *
 * @example
 * for (const batch of batches) { train(batch); await yieldToEventLoop(); }
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (!channel) return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
