// On the wasm and cpu backends `await tensor.data()` resolves as a microtask, which never lets the
// browser paint or handle a click: the chart would freeze and Stop could not be pressed. Yield a
// real task between steps instead.
//
// Measured in headless Chromium 156: a MessageChannel round trip after every step keeps the chart
// live and Stop clickable at no measurable cost. `scheduler.yield()` does not: its continuations
// outrank input, and a click on Stop was never acknowledged. `setTimeout(0)` works but Chromium
// clamps chained timeouts to 4 ms, a third of a wasm MLP step.

const channel = typeof MessageChannel === 'undefined' ? undefined : new MessageChannel();
const waiting: (() => void)[] = [];
if (channel) channel.port1.onmessage = () => waiting.shift()?.();

/**
 * Resolves in a new macrotask, so that input, rendering and timers get a turn.
 *
 * @example
 * for (const batch of batches) { train(batch); await yieldToBrowser(); }
 */
export function yieldToBrowser(): Promise<void> {
  if (!channel) return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
